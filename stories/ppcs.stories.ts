import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Task } from '@medplum/fhirtypes';
import { MOCK_BASE_URL, MockFhirStore, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import { badPlan, markupTask, otherPatientTask, secondPpcs } from '../packages/components/src/ppcs/ppcs.fixtures.ts';
import '../packages/components/src/define.ts';
import { CoordPpcs } from '../packages/components/src/ppcs/ppcs.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list yet.
if (!customElements.get('coord-ppcs')) customElements.define('coord-ppcs', CoordPpcs);

const PATIENT = 'Patient/pat-martin';
const COORD = 'PractitionerRole/role-coord';
const IDEL = 'PractitionerRole/role-idel';
const SOCIAL = 'PractitionerRole/role-social';
const RADIO = 'PractitionerRole/role-radio';

interface PpcsArgs {
  /** The viewer (`PractitionerRole/…`); empty: read only. */
  user?: string;
  /** `fr` / `en`; empty follows the toolbar's language. */
  lang?: '' | 'fr' | 'en';
  groupBy?: 'status' | 'actor' | 'goal';
  mineOnly?: boolean;
  /** Seconds between checks for changes made elsewhere (0: off). */
  pollInterval?: number;
}

const meta = {
  title: 'Components/PPCS',
  component: 'coord-ppcs',
  tags: ['autodocs'],
  argTypes: {
    user: { control: 'inline-radio', options: [COORD, IDEL, SOCIAL, RADIO, ''], description: 'Viewer on the provider (`user`)' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
    groupBy: { control: 'inline-radio', options: ['status', 'actor', 'goal'], description: '`group-by`' },
    mineOnly: { control: 'boolean', description: '`mine-only`' },
    pollInterval: { control: 'number', description: '`poll-interval` (seconds)' },
  },
  args: { user: SOCIAL, lang: '', groupBy: 'status', mineOnly: false, pollInterval: 10 },
  parameters: { msw: { handlers: { fhir: fhirStoreHandlers(new MockFhirStore()) } } },
  render: (args, { globals }) => html`
    <coord-provider
      base-url=${MOCK_BASE_URL}
      patient=${PATIENT}
      user=${ifDefined(args.user || undefined)}
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    >
      <coord-ppcs group-by=${args.groupBy ?? 'status'} ?mine-only=${args.mineOnly} poll-interval=${args.pollInterval ?? 10}></coord-ppcs>
    </coord-provider>
  `,
} satisfies Meta<PpcsArgs>;

export default meta;
type Story = StoryObj<PpcsArgs>;

const withStore = (store: MockFhirStore) => ({ msw: { handlers: { fhir: fhirStoreHandlers(store) } } });

/** The seed's PPCS, seen by the social worker (edits her own actions). */
export const Ready: Story = {};

/** The lead coordinator edits every action and adds actions for anyone in the care circle. */
export const LeadCoordinator: Story = { args: { user: COORD } };

/** Outside the care circle: reads only. */
export const ReadOnly: Story = { args: { user: RADIO } };

export const ByActor: Story = { args: { groupBy: 'actor' } };

export const ByGoal: Story = { args: { groupBy: 'goal' } };

export const MyActions: Story = { args: { mineOnly: true } };

export const English: Story = { args: { lang: 'en' } };

export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

/** No active PPCS for the patient. */
export const NoPlan: Story = { parameters: withStore(new MockFhirStore({ resources: seedResources().filter((r) => r.resourceType !== 'CarePlan') })) };

/** Two active PPCS: the most recent is shown, with a switch. */
export const SeveralPlans: Story = { parameters: withStore(new MockFhirStore({ resources: [...seedResources(), secondPpcs()] })) };

export const ServerError: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } } };

export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };

export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };

/** Blank activity, unresolved performer, another patient's Task (reported), dates in the wrong order, markup. */
export const BadInput: Story = {
  args: { user: IDEL },
  parameters: withStore(
    new MockFhirStore({ resources: [...seedResources().filter((r) => !(r.resourceType === 'CarePlan' && r.id === 'cp-ppcs')), badPlan(), otherPatientTask(), markupTask()] }),
  ),
};

/**
 * A conflict: the pharmacist's action was put on hold by someone else after the page loaded.
 * Click "Marquer réalisée" on the pill-box action to see both versions.
 */
const conflictStore = new MockFhirStore();
export const Conflict: Story = {
  args: { user: 'PractitionerRole/role-pharm', pollInterval: 0 },
  parameters: withStore(conflictStore),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('coord-ppcs')!;
    const started = Date.now();
    while (!el.shadowRoot?.querySelector('[data-key="Task/task-pilulier"]') && Date.now() - started < 10_000) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    const task = conflictStore.get('Task/task-pilulier') as Task;
    conflictStore.add({ ...task, status: 'on-hold', statusReason: { text: 'Hospitalisation' } });
  },
};
