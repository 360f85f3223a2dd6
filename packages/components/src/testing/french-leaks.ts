/**
 * What French UI text would look like on an English screen: every French string of every catalog
 * (split at its placeholders) that differs from English, plus French words our own formatting
 * could produce (months, days, relative dates, units). Record data stays French whatever the
 * language, so anything the seed itself contains is left out — a leak is chrome, not data.
 */
import { seedResources } from '@coord/dev-server/seed';
import { registeredCatalogs } from '../base/i18n.ts';
import { perceivable } from './element-suite.ts';

const FORMATTED_FRENCH = [
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'janv.', 'févr.', 'sept.', 'oct.', 'nov.', 'déc.',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'Aujourd’hui', 'aujourd’hui', 'Hier', 'Demain', 'il y a', 'dans 2', 'Ko)', ' Ko', ' Mo', ' Go', ' o)',
  'Chargement', 'Réessayer', 'Rechercher', 'éléments', 'élément', 'échéance', 'Parcours', 'Hors parcours',
];

let cached: string[] | undefined;

/** Every text the seed holds, attachments' text content (notes, messages) decoded. */
function recordText(): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.data === 'string' && /^text\//.test(String(o.contentType ?? ''))) {
        texts.push(new TextDecoder().decode(Uint8Array.from(atob(o.data), (c) => c.charCodeAt(0))));
      }
      Object.values(o).forEach(walk);
    } else if (typeof value === 'string') texts.push(value);
  };
  walk(seedResources());
  return texts.join('\n');
}

/** The French fragments that must never show in English (computed once the catalogs are loaded). */
export function frenchFragments(): string[] {
  if (cached) return cached;
  const data = recordText().toLowerCase();
  const english = registeredCatalogs().flatMap((c) => Object.values(c.en as Record<string, string>)).join('\n').toLowerCase();
  const fragments = new Set<string>();
  for (const catalog of registeredCatalogs()) {
    for (const [key, fr] of Object.entries(catalog.fr)) {
      if ((catalog.en as Record<string, string>)[key] === fr) continue;
      for (const piece of fr.split(/\{\w*\}/)) {
        const text = piece.replace(/^[\s.,:;()·—–-]+|[\s.,:;()·—–-]+$/g, '');
        if (text.length >= 5) fragments.add(text);
      }
    }
  }
  for (const word of FORMATTED_FRENCH) fragments.add(word);
  cached = [...fragments].filter((f) => !data.includes(f.toLowerCase().trim()) && !english.includes(f.toLowerCase().trim()));
  return cached;
}

/** The French fragments an element shows (text and accessible names, nested shadow roots included). */
export function frenchLeaks(el: Element): string[] {
  const text = perceivable(el);
  return frenchFragments().filter((f) => text.includes(f));
}
