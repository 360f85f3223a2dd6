import { css } from 'lit';

export const patientBannerStyles = css`
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1.25rem;
    padding: var(--coord-patient-banner-padding, 0.6rem var(--_space));
    background: var(--coord-patient-banner-background, var(--_surface));
    border: 1px solid var(--_border);
    border-left: 4px solid var(--coord-patient-banner-accent, var(--_accent));
    border-radius: var(--_radius);
  }
  .name {
    font-size: 1.15em;
    font-weight: 600;
    margin: 0;
  }
  .family {
    text-transform: uppercase;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_muted);
  }
  .ins-value {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
    color: var(--coord-color-text, inherit);
  }
  .warning {
    flex-basis: 100%;
    color: var(--_warning);
    font-weight: 600;
    margin: 0;
  }
  .unknown {
    font-style: italic;
  }
  .loading {
    display: flex;
    gap: 1rem;
    align-items: center;
  }
  .loading .skeleton:first-of-type {
    width: 12rem;
    height: 1.2em;
  }
  .loading .skeleton {
    width: 8rem;
  }
`;
