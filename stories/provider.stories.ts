import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { action } from 'storybook/actions';
import { http, HttpResponse } from 'msw';
import { MOCK_BASE_URL, fhirErrorHandlers, fhirRecordHandlers } from '@coord/dev-server/mocks';
import '../packages/components/src/define.ts';

/** Seed ids and identifiers (packages/dev-server/src/seed). */
const INS_MARTIN = 'urn:oid:1.2.250.1.213.1.4.8|2850675123456';
const IDENTIFIER_SHARED = 'urn:oid:1.2.250.1.213.1.4.9|7000000000001';

interface ProviderArgs {
  /** `Patient/<id>`. */
  patient?: string;
  /** `system|value` (INS). */
  patientIdentifier?: string;
  /** The viewer. */
  user?: string;
  /** The viewer's profession code. */
  profession?: string;
  /** `fr` / `en`; empty follows the toolbar's language. */
  lang?: '' | 'fr' | 'en';
  /** `light`, `dark` or `auto`; empty follows the page. */
  theme?: '' | 'light' | 'dark' | 'auto';
}

/**
 * `<coord-provider>` holds one API client, the patient and the viewer for every element inside it:
 * here a banner, a timeline and the chat share one session. The Actions panel shows the events the
 * host receives (`coord-patient-change`, `coord-error`, `coord-auth-required`, `coord-select`).
 */
const meta = {
  title: 'Components/Provider',
  component: 'coord-provider',
  tags: ['autodocs'],
  argTypes: {
    patient: { control: 'text', description: '`Patient/<id>`' },
    patientIdentifier: { control: 'text', description: '`system|value` (INS), resolved by FHIR search' },
    user: { control: 'text' },
    profession: { control: 'text' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
    theme: { control: 'inline-radio', options: ['', 'light', 'dark', 'auto'], description: 'Empty: the page’s color-scheme' },
  },
  args: { patient: 'Patient/pat-martin', patientIdentifier: undefined, user: 'PractitionerRole/role-gp', profession: '10', lang: '', theme: '' },
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers() } } },
  render: (args, { globals }) => html`
    <coord-provider
      base-url=${MOCK_BASE_URL}
      patient=${ifDefined(args.patient || undefined)}
      patient-identifier=${ifDefined(args.patientIdentifier || undefined)}
      user=${ifDefined(args.user || undefined)}
      profession=${ifDefined(args.profession || undefined)}
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
      theme=${ifDefined(args.theme || undefined)}
      @coord-patient-change=${action('coord-patient-change')}
      @coord-error=${action('coord-error')}
      @coord-auth-required=${action('coord-auth-required')}
      @coord-select=${action('coord-select')}
    >
      <coord-patient-banner></coord-patient-banner>
      <coord-timeline poll-interval="0"></coord-timeline>
      <coord-chat poll-interval="0"></coord-chat>
    </coord-provider>
  `,
} satisfies Meta<ProviderArgs>;

export default meta;
type Story = StoryObj<ProviderArgs>;

/** One session for three elements: the patient is resolved once, every element reads it. */
export const Ready: Story = {};

/** The same, in English. */
export const English: Story = { args: { lang: 'en' } };

/** The patient found by INS (`Patient?identifier=system|value`): exactly one match. */
export const ByIdentifier: Story = { args: { patient: undefined, patientIdentifier: INS_MARTIN } };

/** Two patients share the identifier: none is picked, the banner says why and the others point to it. */
export const AmbiguousIdentity: Story = { args: { patient: undefined, patientIdentifier: IDENTIFIER_SHARED } };

/** No patient given: every element says so. */
export const NoPatient: Story = { args: { patient: undefined } };

/** The dark theme, chosen on the provider and inherited by every element inside. */
export const Dark: Story = {
  args: { theme: 'dark' },
  // The host page's own dark background (the provider paints nothing: display: contents).
  decorators: [(story) => html`<div style="background: #0d1117; padding: 1rem">${story()}</div>`],
};

/** The server refuses the token (401): the host gets `coord-auth-required` and the elements offer to sign in again. */
export const SessionExpired: Story = {
  parameters: {
    msw: {
      handlers: {
        fhir: [http.all(`${MOCK_BASE_URL}/*`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }, { status: 401 }))],
      },
    },
  },
};

/** The server answers 403 to everything. */
export const Forbidden: Story = { parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } } };
