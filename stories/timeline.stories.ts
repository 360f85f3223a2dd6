import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { http, HttpResponse } from 'msw';
import type { CarePlan, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { syntheaHistoryAndPhysicalNote } from '@coord/dev-server/fixtures';
import { seedResources } from '@coord/dev-server/seed';
import {
  badInputResources,
  failingSearch,
  manyResources,
  newVisitAfter,
} from '../packages/components/src/timeline/timeline.mocks.ts';
import '../packages/components/src/provider/provider.ts';
import { CoordTimeline } from '../packages/components/src/timeline/timeline.ts';

// Defined here too (guarded): bundlers drop side-effect imports that package.json does not list.
if (!customElements.get('coord-timeline')) customElements.define('coord-timeline', CoordTimeline);

interface TimelineArgs {
  /** `Patient/<id>` on the provider. */
  patient?: string;
  /** Comma list of pathways (references, ids or codes such as `plaies`); `none` = hors parcours. */
  pathways?: string;
  /** Comma list: pathway, encounter, document, lab, imaging, ppcs-action, message, unknown. */
  kinds?: string;
  /** `YYYY-MM-DD`. */
  since?: string;
  zoom?: '' | 'recent' | 'week' | 'month' | 'year' | 'all';
  /** Seconds between checks for new items (0 = off). */
  pollInterval?: number;
  pageSize?: number;
  /** `fr` / `en`; empty follows the toolbar's language. */
  lang?: '' | 'fr' | 'en';
}

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const meta = {
  title: 'Components/Timeline',
  component: 'coord-timeline',
  tags: ['autodocs'],
  argTypes: {
    patient: { control: 'text' },
    pathways: { control: 'text', description: 'e.g. `plaies`, `EpisodeOfCare/eoc-dac,none`' },
    kinds: { control: 'text', description: 'e.g. `document,lab,imaging`' },
    since: { control: 'text', description: '`YYYY-MM-DD`' },
    zoom: { control: 'inline-radio', options: ['', 'recent', 'week', 'month', 'year', 'all'] },
    pollInterval: { control: 'number' },
    pageSize: { control: 'number' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
  },
  args: { patient: 'Patient/pat-martin', pathways: '', kinds: '', since: '', zoom: '', pollInterval: 0, pageSize: 50, lang: '' },
  parameters: {
    // Named group: each story replaces `fhir` (parameters merge by key, arrays are replaced).
    msw: { handlers: { fhir: fhirRecordHandlers() } },
  },
  render: (args, { globals }) => html`
    <coord-provider
      base-url=${MOCK_BASE_URL}
      patient=${ifDefined(args.patient || undefined)}
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    >
      <coord-timeline
        pathways=${ifDefined(args.pathways || undefined)}
        kinds=${ifDefined(args.kinds || undefined)}
        since=${ifDefined(args.since || undefined)}
        zoom=${ifDefined(args.zoom || undefined)}
        poll-interval=${args.pollInterval ?? 0}
        page-size=${args.pageSize ?? 50}
      ></coord-timeline>
    </coord-provider>
  `,
} satisfies Meta<TimelineArgs>;

export default meta;
type Story = StoryObj<TimelineArgs>;

/** The main seed patient: five pathways (one finished), a hospital stay with unit movements, PPCS actions. */
export const Ready: Story = {};

/** Same record, English labels. */
export const ReadyEnglish: Story = { args: { lang: 'en' } };

/** What a wound-care app embeds: its own pathway first and alone, the last month, care-related kinds. */
export const WoundCareApp: Story = {
  args: { pathways: 'plaies', kinds: 'pathway,encounter,document,ppcs-action,message', zoom: 'month' },
};

/** Messages shown too (they are only read when asked for). */
export const WithMessages: Story = { args: { kinds: 'pathway,encounter,document,lab,imaging,ppcs-action,message' } };

/** Only the last 90 days (`since`, asked of the server). */
export const Since: Story = { args: { since: daysAgo(90), zoom: 'year' } };

/** The server never answers: the skeleton stays. */
export const Loading: Story = {
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers({ latency: 'infinite' }) } } },
};

/** A patient with nothing in the record yet. */
export const Empty: Story = { args: { patient: 'Patient/pat-incomplete' } };

/** No patient on the provider. */
export const NoPatient: Story = { args: { patient: '' } };

/** Every search answers 500: error state with a retry. */
export const ServerError: Story = {
  parameters: { msw: { handlers: { fhir: [...failingSearch(500), ...fhirRecordHandlers()] } } },
};

/** Every search answers 403: access denied, no retry. */
export const Forbidden: Story = {
  parameters: { msw: { handlers: { fhir: [...failingSearch(403), ...fhirRecordHandlers()] } } },
};

/** Documents are refused (403): the rest is shown and the missing source named. */
export const Partial: Story = {
  parameters: { msw: { handlers: { fhir: [...failingSearch(403, ['DocumentReference']), ...fhirRecordHandlers()] } } },
};

/** Undated item, no pathway, unknown kind, a 5 000-character title, markup in a title, a masked document. */
export const BadInput: Story = {
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers({ resources: badInputResources() }) } } },
};

/** 10 000 items loaded at once: the list stays virtualised, the overview one path per lane. */
export const TenThousandItems: Story = {
  args: { pageSize: 10_000 },
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers({ resources: manyResources(10_000) }) } } },
};

/** 10 000 items paged in from the server as the user scrolls (50 at a time). */
export const TenThousandItemsPaged: Story = {
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers({ resources: manyResources(10_000) }) } } },
};

/** A visit is recorded a few seconds after load: the "new items" pill, the list does not move. */
export const NewItemsPill: Story = {
  args: { pollInterval: 5 },
  parameters: { msw: { handlers: { fhir: [...newVisitAfter(4000), ...fhirRecordHandlers()] } } },
};

/** Dark colour scheme: pathway colours and tokens switch together. */
export const Dark: Story = {
  render: (args, context) => html`<div class="coord-story-dark">
    <style>
      .coord-story-dark {
        color-scheme: dark;
        background: #101317;
        padding: 1rem;
      }
    </style>
    ${meta.render(args, context)}
  </div>`,
};

/** The timeline alone, with its own `base-url` (no provider). */
export const Standalone: Story = {
  render: (args, { globals }) => html`
    <coord-timeline
      base-url=${MOCK_BASE_URL}
      patient=${ifDefined(args.patient || undefined)}
      poll-interval="0"
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    ></coord-timeline>
  `,
};

/** A Synthea "History and physical note" DiagnosticReport (no known category): a "Compte rendu"; open it for its text. */
export const RealWorldReport: Story = {
  parameters: {
    msw: {
      handlers: {
        fhir: fhirRecordHandlers({
          resources: [...seedResources(), syntheaHistoryAndPhysicalNote('Patient/pat-martin', 'Encounter/enc-hospit', new Date(Date.now() - 3 * 86_400_000).toISOString())],
        }),
      },
    },
  },
};

/** The PPCS's care team is the patient's whole circle: its actions say "Tous parcours" once. */
export const PlanAcrossPathways: Story = {
  args: { kinds: 'ppcs-action' },
  parameters: {
    msw: {
      handlers: {
        fhir: fhirRecordHandlers({
          resources: ((): Resource[] => {
            const all = seedResources().map((r) => structuredClone(r));
            const teams = all.filter((r): r is EpisodeOfCare => r.resourceType === 'EpisodeOfCare' && r.patient?.reference === 'Patient/pat-martin').flatMap((e) => e.team ?? []);
            for (const r of all) if (r.resourceType === 'CarePlan' && r.subject?.reference === 'Patient/pat-martin') (r as CarePlan).careTeam = teams;
            return all;
          })(),
        }),
      },
    },
  },
};

/** Documents unreachable (network error): the cause named, with a retry. */
export const SourceUnreachable: Story = {
  parameters: { msw: { handlers: { fhir: [http.get(`${MOCK_BASE_URL}/DocumentReference`, () => HttpResponse.error()), ...fhirRecordHandlers()] } } },
};

/** Two patients share the INS given to the provider: the timeline points to the banner's message, once. */
export const AmbiguousPatient: Story = {
  render: (args, { globals }) => html`
    <coord-provider base-url=${MOCK_BASE_URL} patient-identifier="urn:oid:1.2.250.1.213.1.4.9|7000000000001" lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}>
      <coord-timeline poll-interval="0"></coord-timeline>
    </coord-provider>
  `,
};
