/**
 * The one localisation path. French is the default, English the second language. Every string a
 * user sees goes through here; dates and numbers go through Intl. French strings ship with the
 * code; English ones (`*.en.ts`) are fetched only when an element renders in English.
 */
export type Lang = 'fr' | 'en';

const fr = {
  'state.loading': 'Chargement…',
  'state.retry': 'Réessayer',
  'state.reload': 'Recharger',
  'state.signIn': 'Se reconnecter',
  'state.empty': 'Aucun élément',
  'patient.loading': 'Chargement du patient…',
  'patient.none': 'Aucun patient sélectionné',
  'patient.noneHint': 'Indiquez un patient (référence ou INS) à l’application hôte.',
  'patient.notFound': 'Patient introuvable',
  'patient.notFoundHint': 'Aucun patient ne correspond à cet identifiant sur le serveur.',
  'patient.seeBanner': 'Dossier indisponible tant que le patient n’est pas identifié.',
  'patient.ambiguous': 'Identité ambiguë',
  'patient.ambiguousHint': '{count} patients correspondent à cet identifiant. Aucun n’a été choisi : vérifiez l’identité (INS) avant de continuer.',
  'patient.incomplete': 'Identité incomplète',
  'patient.unknownName': 'Nom inconnu',
  'patient.unknownBirthDate': 'Date de naissance inconnue',
  'patient.bornF': 'Née le {date}',
  'patient.bornM': 'Né le {date}',
  'patient.bornX': 'Né·e le {date}',
  'patient.age': '{age} ans',
  'patient.ageOne': '{age} an',
  'patient.diedF': 'Décédée le {date}',
  'patient.diedM': 'Décédé le {date}',
  'patient.diedX': 'Décédé·e le {date}',
  'patient.diedUnknownF': 'Décédée',
  'patient.diedUnknownM': 'Décédé',
  'patient.diedUnknownX': 'Décédé·e',
  'patient.ageAtDeath': 'à {age} ans',
  'patient.ins': 'INS',
  'patient.insNone': 'INS non renseigné',
  'patient.gender.female': 'Femme',
  'patient.gender.male': 'Homme',
  'patient.gender.other': 'Autre',
  'patient.gender.unknown': 'Sexe inconnu',
  'patient.label': 'Patient',
  'error.network': 'Serveur injoignable',
  'error.networkHint': 'Vérifiez la connexion réseau puis réessayez.',
  'error.timeout': 'Le serveur ne répond pas',
  'error.timeoutHint': 'La demande a pris trop de temps. Réessayez dans un instant.',
  'error.auth': 'Session expirée',
  'error.authHint': 'Reconnectez-vous pour continuer.',
  'error.forbidden': 'Accès refusé',
  'error.forbiddenHint': 'Vos droits ne permettent pas d’afficher ces informations.',
  'error.notFound': 'Introuvable',
  'error.notFoundHint': 'Cet élément n’existe pas ou plus sur le serveur.',
  'error.gone': 'Supprimé',
  'error.goneHint': 'Cet élément a été supprimé.',
  'error.invalidResponse': 'Réponse du serveur illisible',
  'error.invalidResponseHint': 'Le serveur n’a pas répondu en FHIR JSON. Réessayez ou contactez le support.',
  'error.invalidRequest': 'Paramètres invalides',
  'error.invalidRequestHint': 'La configuration de l’élément est incorrecte : {detail}',
  'error.server': 'Erreur du serveur',
  'error.serverHint': 'Le serveur a rencontré une erreur. Réessayez dans un instant.',
  'error.rateLimited': 'Trop de demandes',
  'error.rateLimitedHint': 'Le serveur est surchargé. Réessayez dans un instant.',
  'error.conflict': 'Conflit de modification',
  'error.conflictHint': 'Quelqu’un d’autre a modifié cet élément.',
  'error.generic': 'Une erreur est survenue',
  'error.genericHint': 'Réessayez.',
} as const;

export type MessageKey = keyof typeof fr;

/**
 * A set of strings: French inline (the default language, and the fallback for a missing key),
 * every other language filled in when it is first used (`loadLang`), so a page downloads only
 * the strings of the language it shows.
 */
export interface Catalog<K extends string> {
  fr: Record<K, string>;
  en: Partial<Record<K, string>>;
}

/** How a catalog's other languages arrive: a dynamic import of a `*.en.ts` module per language. */
export type CatalogLoaders<K extends string> = {
  [L in Exclude<Lang, 'fr'>]: () => Promise<{ default: Record<K, string> }>;
};

interface Registered {
  catalog: Catalog<string>;
  loaders: CatalogLoaders<string>;
  /** Languages loaded, or given up on (their French stays in place). */
  settled: Set<Lang>;
  pending: Map<Lang, Promise<void>>;
}

const registry: Registered[] = [];
/** Languages asked for so far: a catalog defined later (an element whose code arrives later) loads them at once. */
const wanted = new Set<Lang>();

/** Declares a catalog (one per element, in its `*.messages.ts`, plus the shared one below). */
export function defineCatalog<K extends string>(fr: Record<K, string>, loaders: CatalogLoaders<K>): Catalog<K> {
  const catalog: Catalog<K> = { fr, en: {} };
  const entry: Registered = { catalog, loaders, settled: new Set(['fr']), pending: new Map() };
  registry.push(entry);
  for (const lang of wanted) void loadInto(entry, lang);
  return catalog;
}

function loadInto(entry: Registered, lang: Lang): Promise<void> {
  if (lang === 'fr') return Promise.resolve();
  let pending = entry.pending.get(lang);
  if (!pending) {
    pending = entry.loaders[lang]().then(
      (mod) => {
        Object.assign(entry.catalog[lang], mod.default);
        entry.settled.add(lang);
      },
      (err: unknown) => {
        // The strings could not be fetched (offline?): French stays; a later loadLang retries.
        entry.pending.delete(lang);
        entry.settled.add(lang);
        console.warn(`coord-elements: the "${lang}" strings could not be loaded`, err);
      },
    );
    entry.pending.set(lang, pending);
  }
  return pending;
}

/**
 * Loads `lang`'s strings for every catalog defined so far, and for every one defined later.
 * Elements call it themselves before rendering in a language; tests and hosts may call it to
 * preload (`await loadLang('en')`). Never rejects: a catalog that fails stays in French.
 */
export function loadLang(lang: Lang): Promise<void> {
  if (lang === 'fr') return Promise.resolve();
  wanted.add(lang);
  return Promise.all(registry.map((entry) => loadInto(entry, lang))).then(() => undefined);
}

/** Every catalog defined so far (the translation-completeness test walks them). */
export function registeredCatalogs(): readonly Catalog<string>[] {
  return registry.map((entry) => entry.catalog);
}

/** `undefined` when every catalog defined so far has `lang` (render now); else when it will. */
export function langReady(lang: Lang): Promise<void> | undefined {
  if (registry.every((entry) => entry.settled.has(lang))) return undefined;
  return loadLang(lang);
}

const common = defineCatalog<MessageKey>(fr, { en: () => import('./i18n.en.ts') });

export function normalizeLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('fr')) return 'fr';
  return undefined;
}

export function msg(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return localize(common, lang, key, params);
}

/** Fills `{name}` placeholders; numbers are written the locale's way (`1 234` / `1,234`). */
function fill(lang: Lang, template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    return typeof value === 'number' ? formatNumber(lang, value) : String(value ?? '');
  });
}

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** The BCP 47 locale every `Intl` formatter of a language uses. */
export const localeOf = (lang: Lang): string => locales[lang];

const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

/** A count or quantity through `Intl.NumberFormat` (`1 234,5` in French, `1,234.5` in English). */
export const formatNumber = (lang: Lang, value: number): string =>
  (numberFormats[lang] ??= new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 2 })).format(value);

/**
 * Whether `count` takes the singular: `Intl.PluralRules` decides, so French says "0 an" and
 * "1,5 an" where English says "0 years". Messages come in pairs, `<key>One` and `<key>`.
 */
export const isSingular = (lang: Lang, count: number): boolean => new Intl.PluralRules(locales[lang]).select(count) === 'one';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats a FHIR date/dateTime; a partial date (YYYY, YYYY-MM) keeps its precision. */
export function formatDate(lang: Lang, value: string, style: 'short' | 'long' = 'short'): string {
  const parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!parts) return value;
  const [, y, m, d] = parts;
  const date = new Date(Date.UTC(Number(y), Number(m ?? 1) - 1, Number(d ?? 1)));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m) options.month = style === 'long' ? 'long' : '2-digit';
  if (d) options.day = style === 'long' ? 'numeric' : '2-digit';
  const key = `${lang}|${JSON.stringify(options)}`;
  let fmt = dateFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locales[lang], options);
    dateFormats.set(key, fmt);
  }
  return fmt.format(date);
}

export function localize<K extends string>(
  catalog: Catalog<K>,
  lang: Lang,
  key: K,
  params: Record<string, string | number> = {},
): string {
  return fill(lang, catalog[lang][key] ?? catalog.fr[key] ?? key, params);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant with Intl (e.g. `12/06/2026 14:05`, or a custom set of fields). */
export function formatDateTime(lang: Lang, value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' }): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const key = `${lang}|${JSON.stringify(options)}`;
  let fmt = dateTimeFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locales[lang], options);
    dateTimeFormats.set(key, fmt);
  }
  return fmt.format(date);
}

