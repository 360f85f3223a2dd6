import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  MOCK_BASE_URL,
  fhirErrorHandlers,
  fhirHtmlHandlers,
  fhirNetworkErrorHandlers,
  fhirRecordHandlers,
} from '@coord/dev-server/mocks';
import '../packages/components/src/define.ts';

/** Seed ids and identifiers (packages/dev-server/src/seed). */
const INS_MARTIN = 'urn:oid:1.2.250.1.213.1.4.8|2850675123456';
const IDENTIFIER_SHARED = 'urn:oid:1.2.250.1.213.1.4.9|7000000000001';

interface BannerArgs {
  /** `Patient/<id>`. */
  patient?: string;
  /** `system|value` (INS). */
  patientIdentifier?: string;
  /** `fr` / `en`; empty follows the toolbar's language. */
  lang?: '' | 'fr' | 'en';
}

const meta = {
  title: 'Components/Patient banner',
  component: 'coord-patient-banner',
  tags: ['autodocs'],
  argTypes: {
    patient: { control: 'text', description: '`Patient/<id>` on the provider' },
    patientIdentifier: { control: 'text', description: '`system|value` (INS) on the provider' },
    lang: { control: 'inline-radio', options: ['', 'fr', 'en'], description: 'Empty: toolbar language' },
  },
  args: { patient: 'Patient/pat-martin', patientIdentifier: undefined, lang: '' },
  parameters: {
    // Named group: each story replaces `fhir` (parameters merge by key, arrays are replaced).
    msw: { handlers: { fhir: fhirRecordHandlers() } },
  },
  render: (args, { globals }) => html`
    <coord-provider
      base-url=${MOCK_BASE_URL}
      patient=${ifDefined(args.patient || undefined)}
      patient-identifier=${ifDefined(args.patientIdentifier || undefined)}
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    >
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>
  `,
} satisfies Meta<BannerArgs>;

export default meta;
type Story = StoryObj<BannerArgs>;

/** The main seed patient, found by id. */
export const Ready: Story = {};

/** Same patient, English labels. */
export const ReadyEnglish: Story = { args: { lang: 'en' } };

/** Resolved by INS with a FHIR search (`Patient?identifier=system|value`), exactly one match. */
export const ByIdentifier: Story = {
  args: { patient: undefined, patientIdentifier: INS_MARTIN },
};

/** The server never answers: the skeleton stays. */
export const Loading: Story = {
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers({ latency: 'infinite' }) } } },
};

/** No `patient` nor `patient-identifier` on the provider. */
export const NoPatient: Story = { args: { patient: undefined } };

/** `Patient/<id>` answers 404. */
export const NotFound: Story = { args: { patient: 'Patient/pat-does-not-exist' } };

/** Two patients share the identifier: none is picked. */
export const Ambiguous: Story = {
  args: { patient: undefined, patientIdentifier: IDENTIFIER_SHARED },
};

/** A patient without name nor birth date: placeholders and a warning. */
export const IncompleteIdentity: Story = { args: { patient: 'Patient/pat-incomplete' } };

/** Every request fails at the network level. */
export const NetworkError: Story = {
  parameters: { msw: { handlers: { fhir: fhirNetworkErrorHandlers() } } },
};

/** 403 with an OperationOutcome: no retry offered. */
export const Forbidden: Story = {
  parameters: { msw: { handlers: { fhir: fhirErrorHandlers(403) } } },
};

/** 500 with an OperationOutcome. */
export const ServerError: Story = {
  parameters: { msw: { handlers: { fhir: fhirErrorHandlers(500) } } },
};

/** A misconfigured proxy answers an HTML page with 200. */
export const HtmlInsteadOfFhir: Story = {
  parameters: { msw: { handlers: { fhir: fhirHtmlHandlers() } } },
};

/** The banner alone, with its own `base-url` (no provider). */
export const Standalone: Story = {
  render: (args, { globals }) => html`
    <coord-patient-banner
      base-url=${MOCK_BASE_URL}
      patient=${ifDefined(args.patient || undefined)}
      patient-identifier=${ifDefined(args.patientIdentifier || undefined)}
      lang=${args.lang || (typeof globals.lang === 'string' ? globals.lang : 'fr')}
    ></coord-patient-banner>
  `,
};
