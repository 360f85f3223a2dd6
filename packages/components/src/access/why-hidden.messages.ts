import { defineCatalog } from '../base/i18n.ts';

const fr = {
  why: 'Pourquoi ?',
  loading: 'Chargement…',
} as const;

export type WhyHiddenMessageKey = keyof typeof fr;

/** French inline (the default); English in `why-hidden.messages.en.ts`, loaded on first use. */
export const whyHiddenMessages = defineCatalog<WhyHiddenMessageKey>(fr, { en: () => import('./why-hidden.messages.en.ts') });
