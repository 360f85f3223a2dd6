import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import '../packages/components/src/define.ts';

/**
 * An integrator re-themes the elements to their brand with tokens alone (docs/theming.md): a few
 * `--coord-*` custom properties on a container, per-element knobs, and `::part()` for what tokens
 * do not reach. Nothing of the library is forked, and light/dark keep working.
 */
const meta = {
  title: 'Guides/Theming',
  tags: ['autodocs'],
  parameters: { msw: { handlers: { fhir: fhirRecordHandlers() } } },
} satisfies Meta;

export default meta;
type Story = StoryObj;

const record = (lang: string, theme?: string) => html`
  <coord-provider
    base-url=${MOCK_BASE_URL}
    patient="Patient/pat-martin"
    user="PractitionerRole/role-gp"
    profession="10"
    lang=${lang}
    theme=${ifDefined(theme)}
  >
    <coord-patient-banner></coord-patient-banner>
    <coord-timeline poll-interval="0"></coord-timeline>
    <coord-ppcs poll-interval="0"></coord-ppcs>
  </coord-provider>
`;

const lang = (globals: Record<string, unknown>): string => (typeof globals.lang === 'string' ? globals.lang : 'fr');

/** The library's own look, for comparison. */
export const Default: Story = { render: (_, { globals }) => record(lang(globals)) };

/**
 * "Hôpital Azur": the host's teal, square corners, its own font, roomier spacing, a brand-coloured
 * banner edge, and (through `::part`) uppercase pathway chips and bolder timeline titles.
 */
export const Brand: Story = {
  render: (_, { globals }) => html`
    <style>
      .azur {
        --coord-color-accent: light-dark(#00695c, #4db6ac);
        --coord-color-border: light-dark(#b2dfdb, #24524c);
        --coord-color-surface: light-dark(#fbfffe, #0f1d1b);
        --coord-color-text: light-dark(#102a27, #e0f2f1);
        --coord-color-muted: light-dark(#3e5f5b, #9cc5c0);
        --coord-focus-ring-color: #ff8f00;
        --coord-radius: 0;
        --coord-space: 1rem;
        --coord-font-family: Georgia, 'Times New Roman', serif;
        --coord-patient-banner-accent: #ff8f00;
        --coord-patient-banner-background: light-dark(#e0f2f1, #132a27);
        --coord-pathway-0: light-dark(#00695c, #4db6ac);
        display: grid;
        gap: 1rem;
        padding: 1rem;
        background: light-dark(#f1f8f7, #081311);
      }
      .azur coord-timeline::part(pathway) {
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .azur coord-timeline::part(item) {
        border-inline-start: 3px solid var(--coord-color-accent);
      }
      .azur coord-patient-banner::part(name) {
        font-size: 1.35rem;
      }
    </style>
    <div class="azur">${record(lang(globals))}</div>
  `,
};

/** The same brand in dark: the tokens above carry both values with `light-dark()`. */
export const BrandDark: Story = {
  render: (args, context) => html`<div style="color-scheme: dark">${Brand.render!(args, context)}</div>`,
};

/** Dark from the library's own tokens: `theme="dark"` on the provider, nothing else. */
export const Dark: Story = {
  render: (_, { globals }) => html`<div style="background: #0d1117; padding: 1rem">${record(lang(globals), 'dark')}</div>`,
};
