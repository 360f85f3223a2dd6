import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MemoryOutboxStore, messageOp, type OutboxStore } from '@coord/api-client';
import { MOCK_BASE_URL, MockFhirStore, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import { badInputMessages, manyMessages, postAs } from '../packages/components/src/chat/chat.fixtures.ts';
import { chatScope } from '../packages/components/src/chat/chat-storage.ts';
import '../packages/components/src/define.ts';
import { CoordChat } from '../packages/components/src/chat/chat.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list yet.
if (!customElements.get('coord-chat')) customElements.define('coord-chat', CoordChat);

const PATIENT = 'Patient/pat-martin';
const IDEL = 'PractitionerRole/role-idel';
const GP = 'PractitionerRole/role-gp';
const actors = () => seedResources().filter((r) => r.resourceType !== 'Communication');

interface ChatArgs {
  /** The viewer (`PractitionerRole/…`); empty: read only. */
  user?: string;
  /** `fr` / `en`; empty follows the toolbar's language. */
  lang?: '' | 'fr' | 'en';
  /** Seconds between checks for new messages (0: off). */
  pollInterval?: number;
  pageSize?: number;
  readonly?: boolean;
}

const meta = {
  title: 'Components/Chat',
  component: 'coord-chat',
  tags: ['autodocs'],
  argTypes: {
    user: { control: 'text', description: 'Viewer on the provider (`user`)' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
    pollInterval: { control: 'number', description: '`poll-interval` (seconds)' },
    pageSize: { control: 'number', description: '`page-size`' },
    readonly: { control: 'boolean' },
  },
  args: { user: IDEL, lang: '', pollInterval: 5, pageSize: 50, readonly: false },
  parameters: { msw: { handlers: { fhir: fhirStoreHandlers(new MockFhirStore()) } } },
  render: (args, { globals, loaded }) => html`
    <coord-provider
      base-url=${MOCK_BASE_URL}
      patient=${PATIENT}
      user=${ifDefined(args.user || undefined)}
      profession="60"
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    >
      <coord-chat
        poll-interval=${args.pollInterval ?? 5}
        page-size=${args.pageSize ?? 50}
        ?readonly=${args.readonly}
        .outboxStore=${(loaded as { outbox?: OutboxStore }).outbox ?? new MemoryOutboxStore()}
      ></coord-chat>
    </coord-provider>
  `,
} satisfies Meta<ChatArgs>;

export default meta;
type Story = StoryObj<ChatArgs>;

const withStore = (store: MockFhirStore) => ({ msw: { handlers: { fhir: fhirStoreHandlers(store) } } });

/** The home nurse's view of Mme Martin's thread: days, photos, a PDF, her own messages on the right. */
export const Ready: Story = {};

/** Same thread, English labels. */
export const English: Story = { args: { lang: 'en' } };

/** The server never answers: the skeleton stays. */
export const Loading: Story = { parameters: withStore(Object.assign(new MockFhirStore(), { latency: 'infinite' as const })) };

/** No message yet about this patient. */
export const Empty: Story = { parameters: withStore(new MockFhirStore({ resources: actors() })) };

/** 500 on every request, with Retry. */
export const ServerError: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } } };

/** Every request fails at the network level. */
export const NetworkError: Story = { parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } } };

/** 403 on reading: access denied, no composer. */
export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };

/** No viewer named by the host: read only, with the reason. */
export const ReadOnly: Story = { args: { user: '' } };

/** Sending is refused as forbidden (403): send a message to see the chat turn read-only. */
export const WriteForbidden: Story = {
  parameters: withStore(
    (() => {
      const store = new MockFhirStore();
      store.fail({ method: 'POST', type: 'Communication', failure: 403, times: Infinity });
      return store;
    })(),
  ),
};

/** The network is down for writes: a message waits in the outbox as "Non envoyé — réessayer". */
export const NotSent: Story = {
  parameters: withStore(
    (() => {
      const store = new MockFhirStore();
      store.fail({ method: 'POST', type: 'Communication', failure: 'network', times: Infinity });
      store.fail({ method: 'POST', type: 'Binary', failure: 'network', times: Infinity });
      return store;
    })(),
  ),
  loaders: [
    async () => {
      const outbox = new MemoryOutboxStore();
      const op = await messageOp({ patient: PATIENT, sender: IDEL, text: 'Passage à 18 h : pansement refait, photo à suivre.' });
      await outbox.put({
        id: 'story-entry',
        scope: `${MOCK_BASE_URL}|${PATIENT}|${IDEL}`,
        seq: 1,
        createdAt: new Date().toISOString(),
        target: 'Communication',
        op,
        status: 'pending',
        attempts: 1,
        lastError: { kind: 'network', at: new Date().toISOString() },
      });
      return { outbox };
    },
  ],
};

/** Back after a few days: "Depuis ma dernière visite" before the first unread message. */
export const UnreadMarker: Story = {
  loaders: [
    async () => {
      const twelveDaysAgo = Date.now() - 12 * 86_400_000;
      localStorage.setItem(`coord-chat:last-read:${chatScope(MOCK_BASE_URL, PATIENT, IDEL)}`, String(twelveDaysAgo));
      return {};
    },
  ],
};

const liveStore = new MockFhirStore();
/** Others write while you read: their messages arrive every few seconds, announced politely. */
export const LiveArrivals: Story = {
  args: { pollInterval: 2 },
  parameters: withStore(liveStore),
  play: async () => {
    const lines = ['Je passe demain matin.', 'Pensez au bilan sanguin.', 'Le pansement tient bien.'];
    lines.forEach((text, i) => setTimeout(() => postAs(liveStore, GP, text), 3000 * (i + 1)));
  },
};

/** Markup and script in messages and file names, empty and broken messages, a 21 600-character text. */
export const BadInput: Story = { parameters: withStore(new MockFhirStore({ resources: [...actors(), ...badInputMessages()] })) };

/** 5 000 messages: virtualised; earlier pages load as you scroll up. */
export const FiveThousandMessages: Story = { parameters: withStore(new MockFhirStore({ resources: [...actors(), ...manyMessages(5000)] })) };
