import { defineCatalog } from '../base/i18n.ts';

const fr = {
  why: 'Pourquoi ?',
  masked: 'Règle : un document masqué (par le patient ou par son auteur) n’est visible que de ses auteurs. Ni son titre, ni son type, ni sa date ne sont montrés.',
  'masked.patient': 'Règle : un document que les professionnels n’ont pas encore rendu visible au patient ne lui est pas montré (par exemple en attendant une consultation d’annonce).',
  matrix: 'Règle : la matrice d’habilitations du DMP ouvre chaque type de document à certaines professions ; ce type n’est pas ouvert à la vôtre ({profession}). Le type n’est pas affiché.',
  'matrix.nonHealth': 'Règle : la matrice d’habilitations du DMP n’ouvre aux intervenants qui ne sont pas professionnels de santé que les documents de coordination. Le type n’est pas affiché.',
  'unknown-type': 'Règle : un document dont le type n’est pas reconnu par la matrice d’habilitations n’est ouvert qu’aux professions qu’elle désigne (par défaut, les médecins).',
  'confidential-restricted': 'Règle : un document en confidentialité restreinte n’est visible que des membres actuels du cercle de soins de son parcours.',
  'confidential-very-restricted': 'Règle : un document en confidentialité très restreinte n’est visible que de ses auteurs et des personnes qu’ils ont désignées.',
  other: 'Règle : ce document n’est pas accessible avec vos droits actuels.',
  yourProfession: 'votre profession',
} as const;

export type WhyHiddenMessageKey = keyof typeof fr;

/** French inline (the default); English in `why-hidden.messages.en.ts`, loaded on first use. */
export const whyHiddenMessages = defineCatalog<WhyHiddenMessageKey>(fr, { en: () => import('./why-hidden.messages.en.ts') });
