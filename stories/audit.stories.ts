import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { AuditEvent } from '@medplum/fhirtypes';
import { http, HttpResponse } from 'msw';
import { MOCK_BASE_URL, MockFhirStore, fhirEmergencyGateHandlers, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import '../packages/components/src/provider/provider.ts';
import '../packages/components/src/patient-banner/patient-banner.ts';
import { CoordAudit } from '../packages/components/src/audit/audit.ts';
import type { EmergencyAccessHandler } from '../packages/components/src/base/session.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list.
if (!customElements.get('coord-audit')) customElements.define('coord-audit', CoordAudit);

interface AuditArgs {
  patient?: string;
  user?: string;
  profession?: string;
  actor?: string;
  action?: '' | 'read' | 'create' | 'update' | 'delete' | 'emergency';
  since?: string;
  until?: string;
  pageSize?: number;
  lang?: '' | 'fr' | 'en';
  /** A host emergency-access handler (stories of the 403 path). */
  emergencyAccess?: EmergencyAccessHandler;
}

const withStore = (store: MockFhirStore, ...before: ReturnType<typeof fhirEmergencyGateHandlers>) => ({
  msw: { handlers: { fhir: [...before, ...fhirStoreHandlers(store)] } },
});
const seed = seedResources();
const withoutAudit = seed.filter((r) => r.resourceType !== 'AuditEvent');

function trace(i: number, who: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    resourceType: 'AuditEvent', id: `ae-gen-${i}`, type: { code: 'rest' }, action: i % 7 === 0 ? 'U' : 'R', outcome: '0',
    recorded: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000).toISOString(),
    agent: [{ who: { reference: who }, requestor: true }], source: { observer: { display: 'Dossier de coordination' } },
    entity: [{ what: { reference: 'Patient/pat-martin' } }, { what: { reference: `DocumentReference/doc-${i % 9}` } }], ...extra,
  };
}

const meta = {
  title: 'Components/Audit',
  component: 'coord-audit',
  tags: ['autodocs'],
  argTypes: {
    action: { control: 'inline-radio', options: ['', 'read', 'create', 'update', 'delete', 'emergency'] },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'] },
  },
  args: { patient: 'Patient/pat-martin', user: 'Patient/pat-martin', profession: '', action: '', pageSize: 50, lang: '' },
  parameters: withStore(new MockFhirStore()),
  render: (args, { globals }) => html`
    <coord-provider base-url=${MOCK_BASE_URL} patient=${ifDefined(args.patient || undefined)} user=${ifDefined(args.user || undefined)}
      profession=${ifDefined(args.profession || undefined)} lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
      .emergencyAccess=${args.emergencyAccess}>
      <coord-audit actor=${ifDefined(args.actor || undefined)} action=${ifDefined(args.action || undefined)} since=${ifDefined(args.since || undefined)}
        until=${ifDefined(args.until || undefined)} page-size=${ifDefined(args.pageSize)}></coord-audit>
    </coord-provider>
  `,
} satisfies Meta<AuditArgs>;

export default meta;
type Story = StoryObj<AuditArgs>;

/** What the patient sees: every access to the record, the emergency access and the refusal stood out. */
export const Ready: Story = {};

/** Only the emergency accesses (bris de glace). */
export const EmergencyOnly: Story = { args: { action: 'emergency' } };

/** One actor's accesses (the pharmacist). */
export const ByActor: Story = { args: { actor: 'PractitionerRole/role-pharm' } };

/** A date range with nothing in it: the no-match state, with a way back. */
export const NoMatch: Story = { args: { since: '2020-01-01', until: '2020-01-31' } };

/** In English. */
export const English: Story = { args: { lang: 'en' } };

export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

export const Empty: Story = { parameters: withStore(new MockFhirStore({ resources: withoutAudit })) };

export const ServerError: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } } };

export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };

/** The server refuses the log; no emergency handler: whom to ask, and retry. */
export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };

/**
 * The emergency physician, refused the record: with the host's handler, the emergency path — give a
 * reason, the record reopens with the "Accès en urgence" banner, and the log shows his access.
 */
export const EmergencyAccess: Story = {
  args: { user: 'PractitionerRole/role-urg', profession: '10', emergencyAccess: async () => ({ headers: { 'X-Purpose-Of-Use': 'BTG' } }) },
  parameters: withStore(new MockFhirStore(), ...fhirEmergencyGateHandlers()),
};

/** An agent the server does not know: "Acteur inconnu", never its reference. */
export const UnknownActor: Story = {
  parameters: withStore(new MockFhirStore({ resources: [...withoutAudit, trace(1, 'Practitioner/prac-parti'), trace(2, 'PractitionerRole/role-gone')] })),
};

/** An entry the server sent unusable (no id): the others show, with a partial notice. */
export const Partial: Story = {
  parameters: {
    msw: {
      handlers: {
        fhir: [
          http.get(`${MOCK_BASE_URL}/AuditEvent`, () =>
            HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: trace(3, 'PractitionerRole/role-gp') }, { resource: { resourceType: 'AuditEvent', entity: [{ what: { reference: 'Patient/pat-martin' } }] } }] }),
          ),
          ...fhirStoreHandlers(new MockFhirStore()),
        ],
      },
    },
  },
};

/** 2 000 entries, paged by 100 from the server, the list virtualised. */
export const Long: Story = {
  args: { pageSize: 100 },
  parameters: withStore(new MockFhirStore({
    resources: [...withoutAudit, ...Array.from({ length: 2000 }, (_, i) => trace(i, i % 3 ? 'PractitionerRole/role-gp' : 'PractitionerRole/role-idel'))],
  })),
};
