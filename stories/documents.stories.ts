import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MOCK_BASE_URL, MockFhirStore, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import { badInputDocuments, manyDocuments } from '../packages/components/src/documents/documents.fixtures.ts';
import '../packages/components/src/provider/provider.ts';
import { CoordDocuments } from '../packages/components/src/documents/documents.ts';
import { CoordMediaViewer } from '../packages/components/src/base/media-viewer.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list.
if (!customElements.get('coord-media-viewer')) customElements.define('coord-media-viewer', CoordMediaViewer);
if (!customElements.get('coord-documents')) customElements.define('coord-documents', CoordDocuments);

interface DocumentsArgs {
  patient?: string;
  /** The viewer (`PractitionerRole/…`). */
  user?: string;
  /** TRE_G15 profession code: 10 physician, 21 pharmacist, 60 nurse; empty = non-health actor. */
  profession?: string;
  view?: 'list' | 'grid';
  groupBy?: 'none' | 'pathway' | 'type' | 'date';
  sort?: 'date-desc' | 'date-asc' | 'title' | 'type';
  readonly?: boolean;
  maxFileSize?: number;
  pageSize?: number;
  lang?: '' | 'fr' | 'en';
}

const withStore = (store: MockFhirStore) => ({ msw: { handlers: { fhir: fhirStoreHandlers(store) } } });

const meta = {
  title: 'Components/Documents',
  component: 'coord-documents',
  tags: ['autodocs'],
  argTypes: {
    view: { control: 'inline-radio', options: ['list', 'grid'] },
    groupBy: { control: 'inline-radio', options: ['none', 'pathway', 'type', 'date'] },
    sort: { control: 'inline-radio', options: ['date-desc', 'date-asc', 'title', 'type'] },
    profession: { control: 'text' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'] },
  },
  args: { patient: 'Patient/pat-martin', user: 'PractitionerRole/role-idel', profession: '60', view: 'list', groupBy: 'none', sort: 'date-desc', readonly: false, maxFileSize: 20 * 1024 * 1024, pageSize: 50, lang: '' },
  parameters: withStore(new MockFhirStore()),
  render: (args, { globals }) => html`
    <coord-provider base-url=${MOCK_BASE_URL} patient=${ifDefined(args.patient || undefined)} user=${ifDefined(args.user || undefined)}
      profession=${ifDefined(args.profession || undefined)} lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}>
      <coord-documents view=${ifDefined(args.view)} group-by=${ifDefined(args.groupBy)} sort=${ifDefined(args.sort)} ?readonly=${args.readonly}
        max-file-size=${ifDefined(args.maxFileSize)} page-size=${ifDefined(args.pageSize)} poll-interval="0"></coord-documents>
    </coord-provider>
  `,
} satisfies Meta<DocumentsArgs>;

export default meta;
type Story = StoryObj<DocumentsArgs>;

/** The home nurse's view: her documents, the others she may read, a masked one as a placeholder; upload enabled. */
export const Ready: Story = {};

/** The GP's view (profession 10): every type of the matrix. */
export const AsPhysician: Story = { args: { user: 'PractitionerRole/role-gp', profession: '10' } };

/** A pharmacist (21): several documents are "Non accessible à votre profession". */
export const AsPharmacist: Story = { args: { user: 'PractitionerRole/role-pharm', profession: '21' } };

/** Grid view, grouped by pathway. */
export const GridByPathway: Story = { args: { view: 'grid', groupBy: 'pathway' } };

/** Grouped by month, English. */
export const ByDateEnglish: Story = { args: { groupBy: 'date', lang: 'en' } };

/** Read-only: no upload, no replace, no mask. */
export const ReadOnly: Story = { args: { readonly: true } };

/** The server never answers: the skeleton stays. */
export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

/** No document yet. */
export const Empty: Story = { parameters: withStore(new MockFhirStore({ resources: seedResources().filter((r) => r.resourceType !== 'DocumentReference') })) };

/** No patient on the provider. */
export const NoPatient: Story = { args: { patient: '' } };

/** Every request answers 500: error with retry. */
export const ServerError: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } } };

/** 403: access denied, no retry. */
export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };

/** The network is down. */
export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };

/** Markup, a 5 000-character title, a Binary that 404s, content on another origin (never fetched), corrupt and unsupported files, masked and very restricted documents. */
export const BadInput: Story = { args: { user: 'PractitionerRole/role-gp', profession: '10' }, parameters: withStore(new MockFhirStore({ resources: badInputDocuments() })) };

/** Uploads fail (500) until retried: progress, "Non envoyé — Réessayer". */
export const UploadFails: Story = {
  parameters: withStore((() => {
    const store = new MockFhirStore();
    store.fail({ method: 'POST', type: 'DocumentReference', failure: 500, times: 3 });
    return store;
  })()),
};

/** Slow server: the progress bar and cancel are visible while a file is sent. */
export const SlowUpload: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 2500 })) };

/** Limits set low (100 KB): the size check before sending. */
export const SmallLimit: Story = { args: { maxFileSize: 100 * 1024 } };

/** 2 000 documents, paged from the server 50 at a time, virtualised. */
export const TwoThousandDocuments: Story = { args: { user: 'PractitionerRole/role-gp', profession: '10' }, parameters: withStore(new MockFhirStore({ resources: manyDocuments(2000) })) };
