import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MOCK_BASE_URL, MockFhirStore, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { Task } from '@medplum/fhirtypes';
import '../packages/components/src/provider/provider.ts';
import { CoordRecord } from '../packages/components/src/record/record.ts';
import { visitKey } from '../packages/components/src/record/record-visit.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list.
if (!customElements.get('coord-record')) customElements.define('coord-record', CoordRecord);

interface RecordArgs {
  patient?: string;
  user?: string;
  profession?: string;
  view?: 'overview' | 'timeline' | 'documents' | 'notes' | 'ppcs' | 'chat' | 'audit';
  /** The box the record sits in: a 360 px side panel or a full page. */
  width?: number;
  lang?: '' | 'fr' | 'en';
}

const withStore = (store: MockFhirStore) => ({ msw: { handlers: { fhir: fhirStoreHandlers(store) } } });

/** The GP's last visit an hour ago; since then the nurse wrote, an action moved, the patient changed unit. */
function changedSinceLastVisit(): MockFhirStore {
  const store = new MockFhirStore();
  store.add({ resourceType: 'Communication', status: 'completed', subject: { reference: 'Patient/pat-martin' }, sender: { reference: 'PractitionerRole/role-idel' }, sent: new Date().toISOString(), payload: [{ contentString: 'Pansement refait ce matin, plaie propre. Douleur 2/10.' }] });
  const task = store.get('Task/task-kine') as Task;
  store.add({ ...task, status: 'in-progress' });
  const hospit = store.get('Encounter/enc-hospit');
  if (hospit) store.add({ ...hospit });
  return store;
}

const lastVisitAnHourAgo = async (): Promise<Record<string, never>> => {
  const key = await visitKey(MOCK_BASE_URL, 'Patient/pat-martin', 'PractitionerRole/role-gp');
  if (key) localStorage.setItem(key, String(Date.now() - 3_600_000));
  return {};
};
const firstVisit = async (): Promise<Record<string, never>> => {
  const key = await visitKey(MOCK_BASE_URL, 'Patient/pat-martin', 'PractitionerRole/role-gp');
  if (key) localStorage.removeItem(key);
  return {};
};

const meta = {
  title: 'Components/Record',
  component: 'coord-record',
  tags: ['autodocs'],
  argTypes: {
    view: { control: 'select', options: ['overview', 'timeline', 'documents', 'notes', 'ppcs', 'chat', 'audit'] },
    width: { control: 'inline-radio', options: [360, 1280] },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'] },
  },
  args: { patient: 'Patient/pat-martin', user: 'PractitionerRole/role-gp', profession: '10', view: 'overview', width: 360, lang: '' },
  parameters: withStore(new MockFhirStore()),
  loaders: [firstVisit],
  render: (args, { globals }) => html`
    <div class=${args.width === 1280 ? 'story-page' : 'story-panel'}>
      <coord-provider base-url=${MOCK_BASE_URL} patient=${ifDefined(args.patient || undefined)} user=${ifDefined(args.user || undefined)}
        profession=${ifDefined(args.profession || undefined)} lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}>
        <coord-record view=${ifDefined(args.view)} poll-interval="0"></coord-record>
      </coord-provider>
    </div>
    <style>.story-panel { width: 360px; } .story-page { width: 1280px; }</style>
  `,
} satisfies Meta<RecordArgs>;

export default meta;
type Story = StoryObj<RecordArgs>;

/** A 360 px side panel: sections as tabs; a first visit shows the last 7 days. */
export const SidePanel: Story = {};

/** A full page (1280 px): the messages beside the other sections. */
export const FullPage: Story = { args: { width: 1280 } };

/** "Depuis ma dernière visite" after an hour: a message, an action that moved, a unit change — with badges. */
export const SinceLastVisit: Story = { loaders: [lastVisitAnHourAgo], parameters: withStore(changedSinceLastVisit()) };

/** The same, full page, in English. */
export const SinceLastVisitEnglish: Story = { args: { width: 1280, lang: 'en' }, loaders: [lastVisitAnHourAgo], parameters: withStore(changedSinceLastVisit()) };

/** Deep link: `view="documents"`. */
export const DeepLinkDocuments: Story = { args: { view: 'documents' } };

/** The PPCS section, with its overdue badge. */
export const Ppcs: Story = { args: { view: 'ppcs' } };

/** The access log before `<coord-audit>` is installed: "Rubrique indisponible". */
export const AccessLogUnavailable: Story = { args: { view: 'audit' } };

/** English side panel. */
export const English: Story = { args: { lang: 'en' } };

/** The server never answers. */
export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

/** No patient on the provider: the banner's one message. */
export const NoPatient: Story = { args: { patient: '' } };

/** A patient the server does not know: the banner's one message, no sections. */
export const NotFound: Story = { args: { patient: 'Patient/unknown' } };

/** 403: access refused (the banner), nothing to retry. */
export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };

/** The network is down. */
export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };

/** The digest's searches fail (503): the overview's error with retry; the sections still open. */
export const DigestFails: Story = {
  parameters: withStore((() => {
    const store = new MockFhirStore();
    for (const type of ['DocumentReference', 'Communication', 'Task', 'CarePlan', 'Encounter', 'DiagnosticReport']) store.fail({ type, failure: 503, times: 2 });
    return store;
  })()),
};
