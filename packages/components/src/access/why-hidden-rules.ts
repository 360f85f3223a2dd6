/**
 * The rules that hide an item, in words: fetched when a viewer first opens a "Pourquoi ?", so a
 * page that never asks does not download them. Named from the decision's reason and the viewer
 * only — never from the item.
 */
import { DEFAULT_ACCESS_MATRIX, normalizeProfession, viewerKind, type Viewer } from '@coord/api-client';
import { defineCatalog, langReady, localize, type Lang } from '../base/i18n.ts';

const fr = {
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

export type WhyHiddenRuleKey = keyof typeof fr;

/** The rules' texts: fetched when a viewer first opens a "Pourquoi ?" (English in `why-hidden-rules.en.ts`). */
export const whyHiddenRules = defineCatalog<WhyHiddenRuleKey>(fr, { en: () => import('./why-hidden-rules.en.ts') });

/** Resolves once the rules' texts of `lang` are in. */
export function rulesReady(lang: Lang): Promise<void> {
  return langReady(lang) ?? Promise.resolve();
}

/** The rule behind a hiding `reason`, for this viewer. */
export function ruleText(reason: string | undefined, viewer: Viewer | undefined, lang: Lang): string {
  const t = (key: WhyHiddenRuleKey, params?: Record<string, string>) => localize(whyHiddenRules, lang, key, params);
  const kind = viewerKind(viewer);
  switch (reason) {
    case 'masked':
      return t(kind === 'patient' || kind === 'representative' ? 'masked.patient' : 'masked');
    case 'matrix': {
      if (kind === 'non-health') return t('matrix.nonHealth');
      const code = normalizeProfession(viewer?.profession);
      const label = code ? DEFAULT_ACCESS_MATRIX.professions[code] : undefined;
      return t('matrix', { profession: label ?? t('yourProfession') });
    }
    case 'unknown-type':
    case 'confidential-restricted':
    case 'confidential-very-restricted':
      return t(reason);
    default:
      return t('other');
  }
}
