/**
 * Relative dates for the record's "since your last visit" digest (its only user, so not in the
 * shared core every page loads).
 */
import { clock } from '@coord/api-client';
import { localeOf, type Lang } from '../base/i18n.ts';

const relativeFormats = new Map<Lang, Intl.RelativeTimeFormat>();

/** "il y a 3 jours" / "3 days ago" — for recent activity. */
export function formatRelative(lang: Lang, value: string | number | Date, now: number = clock.now()): string {
  const t = (value instanceof Date ? value : new Date(value)).getTime();
  if (!Number.isFinite(t)) return String(value);
  let fmt = relativeFormats.get(lang);
  if (!fmt) {
    fmt = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' });
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
