/**
 * The one localisation path. French is the default, English the second language. Every string a
 * user sees is here; dates and numbers go through Intl.
 */
import { clock } from '@coord/api-client';
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

const en: Record<MessageKey, string> = {
  'state.loading': 'Loading…',
  'state.retry': 'Retry',
  'state.reload': 'Reload',
  'state.signIn': 'Sign in again',
  'state.empty': 'Nothing yet',
  'patient.loading': 'Loading patient…',
  'patient.none': 'No patient selected',
  'patient.noneHint': 'The host application must name a patient (reference or INS).',
  'patient.notFound': 'Patient not found',
  'patient.notFoundHint': 'No patient matches this identifier on the server.',
  'patient.ambiguous': 'Ambiguous identity',
  'patient.ambiguousHint': '{count} patients match this identifier. None was picked: check the identity (INS) before going on.',
  'patient.incomplete': 'Incomplete identity',
  'patient.unknownName': 'Unknown name',
  'patient.unknownBirthDate': 'Unknown birth date',
  'patient.bornF': 'Born {date}',
  'patient.bornM': 'Born {date}',
  'patient.bornX': 'Born {date}',
  'patient.age': '{age} years old',
  'patient.ageOne': '{age} year old',
  'patient.ins': 'INS',
  'patient.insNone': 'No INS recorded',
  'patient.gender.female': 'Female',
  'patient.gender.male': 'Male',
  'patient.gender.other': 'Other',
  'patient.gender.unknown': 'Unknown sex',
  'patient.label': 'Patient',
  'error.network': 'Server unreachable',
  'error.networkHint': 'Check the network connection, then retry.',
  'error.timeout': 'The server is not answering',
  'error.timeoutHint': 'The request took too long. Retry in a moment.',
  'error.auth': 'Session expired',
  'error.authHint': 'Sign in again to go on.',
  'error.forbidden': 'Access denied',
  'error.forbiddenHint': 'Your access rights do not allow showing this information.',
  'error.notFound': 'Not found',
  'error.notFoundHint': 'This item does not exist, or no longer exists, on the server.',
  'error.gone': 'Deleted',
  'error.goneHint': 'This item has been deleted.',
  'error.invalidResponse': 'Unreadable server answer',
  'error.invalidResponseHint': 'The server did not answer with FHIR JSON. Retry or contact support.',
  'error.invalidRequest': 'Invalid settings',
  'error.invalidRequestHint': 'The element is misconfigured: {detail}',
  'error.server': 'Server error',
  'error.serverHint': 'The server ran into an error. Retry in a moment.',
  'error.rateLimited': 'Too many requests',
  'error.rateLimitedHint': 'The server is overloaded. Retry in a moment.',
  'error.conflict': 'Edit conflict',
  'error.conflictHint': 'Someone else changed this item.',
  'error.generic': 'Something went wrong',
  'error.genericHint': 'Retry.',
};

const catalogs: Record<Lang, Record<MessageKey, string>> = { fr, en };

export function normalizeLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('fr')) return 'fr';
  return undefined;
}

export function msg(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang][key] ?? catalogs.fr[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
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

/** An element's own strings, French and English, kept beside the element (`*.messages.ts`). */
export interface Catalog<K extends string> {
  fr: Record<K, string>;
  en: Record<K, string>;
}

export function localize<K extends string>(
  catalog: Catalog<K>,
  lang: Lang,
  key: K,
  params: Record<string, string | number> = {},
): string {
  const template = catalog[lang][key] ?? catalog.fr[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

const relativeFormats = new Map<Lang, Intl.RelativeTimeFormat>();
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

/** "il y a 3 jours" / "3 days ago" — for recent activity. */
export function formatRelative(lang: Lang, value: string | number | Date, now: number = clock.now()): string {
  const t = (value instanceof Date ? value : new Date(value)).getTime();
  if (!Number.isFinite(t)) return String(value);
  let fmt = relativeFormats.get(lang);
  if (!fmt) {
    fmt = new Intl.RelativeTimeFormat(locales[lang], { numeric: 'auto' });
    relativeFormats.set(lang, fmt);
  }
  const diff = (t - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) return fmt.format(Math.round(diff), 'second');
  if (abs < 3600) return fmt.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return fmt.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return fmt.format(Math.round(diff / 86400), 'day');
  if (abs < 86400 * 365) return fmt.format(Math.round(diff / (86400 * 30)), 'month');
  return fmt.format(Math.round(diff / (86400 * 365)), 'year');
}
