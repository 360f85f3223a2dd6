import type { WhyHiddenMessageKey } from './why-hidden.messages.ts';

/** English strings of the "why hidden" disclosure, loaded only when English is in use. */
const en: Record<WhyHiddenMessageKey, string> = {
  why: 'Why?',
  loading: 'Loading…',
};

export default en;
