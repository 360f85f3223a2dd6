import type { WhyHiddenRuleKey } from './why-hidden-rules.ts';

/** English texts of the hiding rules, loaded only when English is in use. */
const en: Record<WhyHiddenRuleKey, string> = {
  masked: 'Rule: a hidden document (hidden by the patient or by its author) is visible to its authors only. Its title, type and date are not shown.',
  'masked.patient': 'Rule: a document the professionals have not yet made visible to the patient is not shown to them (for instance until a consultation to explain it).',
  matrix: 'Rule: the shared medical record access matrix opens each document type to some professions; this type is not open to yours ({profession}). The type is not shown.',
  'matrix.nonHealth': 'Rule: the shared medical record access matrix opens only coordination documents to actors who are not health professionals. The type is not shown.',
  'unknown-type': 'Rule: a document whose type the access matrix does not know is open only to the professions it names (by default, physicians).',
  'confidential-restricted': 'Rule: a restricted document is visible only to the current members of its pathway’s care circle.',
  'confidential-very-restricted': 'Rule: a very restricted document is visible only to its authors and the people they named.',
  other: 'Rule: this document is not available with your current rights.',
  yourProfession: 'your profession',
};

export default en;
