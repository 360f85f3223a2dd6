/**
 * Translation completeness: every catalog the library defines (the shared one, each element's
 * `*.messages.ts`, the media viewer's) has, once English is loaded through the real loading path,
 * an English string for every French key and none more, non-empty, with the same placeholders;
 * singular/plural pairs (`<key>One`) are complete; and no English string is an untranslated copy.
 */
import { expect } from '@open-wc/testing';
import { formatNumber, isSingular, loadLang, localize, registeredCatalogs, type Catalog } from './i18n.ts';
import { formatBytes } from './bytes.ts';
// Every element (and so every catalog it defines), plus the lazily loaded media viewer.
import '../define.ts';
import './media-viewer.ts';

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w*)\}/g)].map((m) => m[1] ?? ''))].sort();

/** Letters and signs of French typography that an English string never needs. */
const FRENCH_ONLY = /[àâçéèêëîïôûùüÿœæ«»]|\b(le|la|les|des|du|une?|et|ou|avec|pour|dans|sur|aucune?|est|sont)\b/i;

/** A catalog's name for messages: its first French key, enough to find it. */
const nameOf = (catalog: Catalog<string>): string => Object.keys(catalog.fr).slice(0, 2).join(', ');

describe('translations', () => {
  let catalogs: readonly Catalog<string>[];

  before(async () => {
    await loadLang('en');
    catalogs = registeredCatalogs();
  });

  it('sees every catalog: the shared one, five elements’ and the media viewer’s', () => {
    expect(catalogs.length).to.be.at.least(7);
  });

  it('has an English string for every French key, and no English key without a French one', () => {
    for (const catalog of catalogs) {
      const fr = Object.keys(catalog.fr).sort();
      const en = Object.keys(catalog.en).sort();
      expect(fr.filter((k) => !en.includes(k)), `keys missing in English (${nameOf(catalog)})`).to.deep.equal([]);
      expect(en.filter((k) => !fr.includes(k)), `English keys with no French (${nameOf(catalog)})`).to.deep.equal([]);
    }
  });

  it('has no empty string in either language', () => {
    for (const catalog of catalogs) {
      for (const [lang, table] of Object.entries(catalog) as [string, Record<string, string>][]) {
        const empty = Object.entries(table).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
        expect(empty, `empty ${lang} strings (${nameOf(catalog)})`).to.deep.equal([]);
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const catalog of catalogs) {
      for (const [key, fr] of Object.entries(catalog.fr)) {
        const en = (catalog.en as Record<string, string>)[key] ?? '';
        expect(placeholders(en), `placeholders of "${key}"`).to.deep.equal(placeholders(fr));
      }
    }
  });

  it('has both forms of every singular/plural pair, in both languages', () => {
    for (const catalog of catalogs) {
      for (const key of Object.keys(catalog.fr).filter((k) => /One$/.test(k))) {
        const base = key.replace(/One$/, '');
        const plural = [base, `${base}s`, `${base}Many`, `${base}Other`].find((k) => k in catalog.fr);
        expect(plural, `the plural of "${key}"`).to.be.a('string');
        expect((catalog.en as Record<string, string>)[plural!], `English plural "${plural}"`).to.be.a('string');
      }
    }
  });

  it('has no English string left in French', () => {
    for (const catalog of catalogs) {
      const leaks = Object.entries(catalog.en as Record<string, string>)
        // Placeholders are filled with record data, which may be French.
        .filter(([, v]) => FRENCH_ONLY.test(v.replace(/\{\w*\}/g, '')))
        .map(([k, v]) => `${k}: ${v}`);
      expect(leaks, `French in English strings (${nameOf(catalog)})`).to.deep.equal([]);
    }
  });
});

describe('numbers, plurals and sizes through Intl', () => {
  const catalog: Catalog<'n'> = { fr: { n: '{count} éléments' }, en: { n: '{count} items' } };

  it('writes counts the locale’s way in messages', () => {
    // U+202F (narrow no-break space) groups thousands in French.
    expect(localize(catalog, 'fr', 'n', { count: 12345 })).to.equal('12\u202f345 éléments');
    expect(localize(catalog, 'en', 'n', { count: 12345 })).to.equal('12,345 items');
    expect(formatNumber('fr', 1.5)).to.equal('1,5');
    // Strings are left as given (a reference, a version id, a year passed as text).
    expect(localize(catalog, 'fr', 'n', { count: '2026' })).to.equal('2026 éléments');
  });

  it('follows each language’s plural rule: French 0 and 1 are singular, English only 1', () => {
    expect([0, 1, 1.5, 2].map((n) => isSingular('fr', n))).to.deep.equal([true, true, true, false]);
    expect([0, 1, 1.5, 2].map((n) => isSingular('en', n))).to.deep.equal([false, true, false, false]);
  });

  it('formats file sizes in each language, rounding up to the next unit', () => {
    expect(formatBytes('fr', 512)).to.equal('512 o');
    expect(formatBytes('en', 512)).to.equal('512 B');
    expect(formatBytes('fr', 1536)).to.equal('1,5 Ko');
    expect(formatBytes('en', 1536)).to.equal('1.5 KB');
    expect(formatBytes('fr', 20 * 1024 * 1024)).to.equal('20 Mo');
    expect(formatBytes('en', 1024 * 1024 - 10)).to.equal('1 MB');
    expect(formatBytes('fr', 5 * 1024 ** 3)).to.equal('5 Go');
  });
});
