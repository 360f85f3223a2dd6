import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MAX_NOTE_BYTES } from '@coord/api-client';
import { MOCK_BASE_URL, MockFhirStore, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import type { DocumentReference } from '@medplum/fhirtypes';
import { draftKey, saveDrafts } from '../packages/components/src/notes/notes-drafts.ts';
import '../packages/components/src/define.ts';
import { CoordNotes } from '../packages/components/src/notes/notes.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list yet.
if (!customElements.get('coord-notes')) customElements.define('coord-notes', CoordNotes);

const PATIENT = 'Patient/pat-martin';
const IDEL = 'PractitionerRole/role-idel';
const SUIVI = 'DocumentReference/note-suivi-domicile';
const noNotes = () => seedResources().filter((r) => r.resourceType !== 'DocumentReference' || !(r as DocumentReference).category?.some((c) => c.coding?.some((x) => x.code === 'note-coordination')));
const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

interface NotesArgs {
  /** The viewer (`PractitionerRole/…`); empty: read only. */
  user?: string;
  lang?: '' | 'fr' | 'en';
  pollInterval?: number;
  readonly?: boolean;
}

const meta = {
  title: 'Components/Notes',
  component: 'coord-notes',
  tags: ['autodocs'],
  argTypes: {
    user: { control: 'text', description: 'Viewer on the provider (`user`)' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
    pollInterval: { control: 'number', description: '`poll-interval` (seconds)' },
    readonly: { control: 'boolean' },
  },
  args: { user: IDEL, lang: '', pollInterval: 15, readonly: false },
  parameters: { msw: { handlers: { fhir: fhirStoreHandlers(new MockFhirStore()) } } },
  render: (args, { globals }) => html`
    <coord-provider base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${ifDefined(args.user || undefined)} profession="60"
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}>
      <coord-notes poll-interval=${args.pollInterval ?? 15} ?readonly=${args.readonly}></coord-notes>
    </coord-provider>
  `,
} satisfies Meta<NotesArgs>;

export default meta;
type Story = StoryObj<NotesArgs>;

const withStore = (store: MockFhirStore) => ({ msw: { handlers: { fhir: fhirStoreHandlers(store) } } });

/** Mme Martin's three shared notes, newest first; open one, edit it, see its history. */
export const Ready: Story = {};

export const English: Story = { args: { lang: 'en' } };

/** The server never answers. */
export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

/** No note yet: "New note" is offered. */
export const Empty: Story = { parameters: withStore(new MockFhirStore({ resources: noNotes() })) };

export const ServerError: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } } };
export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };
export const Unauthorized: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(401) } } } };

/** No viewer named by the host: read only, with the reason. */
export const ReadOnly: Story = { args: { user: '' } };

/**
 * Someone saved first: a draft of "Suivi à domicile" started from version 2 is restored while the
 * note is at version 3. Press "Enregistrer" to see the conflict view (keep mine / theirs / merge).
 */
export const Conflict: Story = {
  parameters: withStore(new MockFhirStore()),
  loaders: [
    async () => {
      const store = new MockFhirStore();
      const v2 = store.history(SUIVI)[1] as DocumentReference;
      const text = new TextDecoder().decode(Uint8Array.from(atob(v2.content[0]!.attachment.data!), (c) => c.charCodeAt(0)));
      const key = await draftKey(MOCK_BASE_URL, PATIENT, IDEL);
      saveDrafts(key, { [SUIVI]: { reference: SUIVI, baseVersion: '2', title: 'Suivi à domicile', text: `${text}\n\nIDEL : pansement refait, plaie 2 × 1,5 cm.`, at: Date.now() } });
      return {};
    },
  ],
};

/** Bad input: markup and a script in a note (shown as text), a note too long (cut), a history missing version 2. */
export const BadInput: Story = {
  parameters: withStore(
    (() => {
      const store = new MockFhirStore();
      const suivi = store.get(SUIVI) as DocumentReference;
      store.add({ ...suivi, content: [{ attachment: { contentType: 'text/markdown', data: b64('<script>alert(1)</script> <img src=x onerror=alert(2)> [clic](javascript:alert(3)) — **gras**, https://www.has-sante.fr') } }] });
      store.history(SUIVI).splice(1, 1);
      const aides = store.get('DocumentReference/note-organisation-aides') as DocumentReference;
      store.add({ ...aides, content: [{ attachment: { contentType: 'text/plain', data: b64('Très long. '.repeat(MAX_NOTE_BYTES / 8)) } }] });
      return store;
    })(),
  ),
};
