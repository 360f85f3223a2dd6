/**
 * Small helpers shared by the seed modules: dates relative to `now`, references, codings.
 * Portable module: no `node:` imports, no Buffer.
 */
import type { CodeableConcept, Coding, Reference } from '@medplum/fhirtypes';
import { PARCOURS, SYSTEMS, type ParcoursCode } from './ids.ts';

const DAY_MS = 86_400_000;

/** ISO instant without milliseconds (`2026-03-01T09:30:00Z`). */
export function iso(date: Date): string {
  return date.toISOString().slice(0, 19) + 'Z';
}

/**
 * `n` days before `now`. With `hh` (UTC hour) the time of day is fixed, which keeps the demo
 * readable; for n >= 1 the result is always in the past whatever the time of `now`.
 */
export function daysAgo(now: Date, n: number, hh?: number, mm = 0): string {
  const d = new Date(now.getTime() - n * DAY_MS);
  if (hh !== undefined) d.setUTCHours(hh, mm, 0, 0);
  return iso(d);
}

/** `n` days after `now` (see daysAgo); for n >= 1 always in the future. */
export function daysFromNow(now: Date, n: number, hh?: number, mm = 0): string {
  return daysAgo(now, -n, hh, mm);
}

export function hoursAgo(now: Date, h: number): string {
  return iso(new Date(now.getTime() - h * 3_600_000));
}

export function minutesAfter(isoString: string, minutes: number): string {
  return iso(new Date(Date.parse(isoString) + minutes * 60_000));
}

/** The calendar date (`YYYY-MM-DD`, UTC) `n` days before `now` (negative n: after). */
export function dateAgo(now: Date, n: number): string {
  return daysAgo(now, n).slice(0, 10);
}

/**
 * A reference in `Type/id` form. Typed loosely (Medplum's Reference<T> is generic over the
 * target type) so one helper fits every field; the seed test checks each target exists.
 */
export type Ref = Reference<any>;

export function ref(type: string, id: string, display?: string): Ref {
  return display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
}

export const patientRef = (id: string): Ref => ref('Patient', id);
export const roleRef = (id: string): Ref => ref('PractitionerRole', id);

export function coding(system: string, code: string, display?: string): Coding {
  return display ? { system, code, display } : { system, code };
}

export function concept(text: string, ...codings: Coding[]): CodeableConcept {
  return codings.length ? { coding: codings, text } : { text };
}

export function loinc(code: string, display: string, text: string): CodeableConcept {
  return concept(text, coding(SYSTEMS.loinc, code, display));
}

export function parcoursType(code: ParcoursCode): CodeableConcept {
  return concept(PARCOURS[code], coding(SYSTEMS.parcours, code, PARCOURS[code]));
}

/** Deterministic RFC 4122-shaped UUID from a namespace tag and a counter. */
export function fixedUuid(tag: number, n: number): string {
  const hex = (v: number, len: number): string => v.toString(16).padStart(len, '0').slice(-len);
  return `${hex(tag, 8)}-5eed-4c00-9a${hex(Math.floor(n / 2 ** 48), 2)}-${hex(n % 2 ** 48, 12)}`;
}

export function messageIdentifier(tag: number, n: number): { system: string; value: string } {
  return { system: SYSTEMS.uri, value: `urn:uuid:${fixedUuid(tag, n)}` };
}

/** `dd/mm/yyyy` (the UTC calendar date), for dates written inside document texts. */
export function frDate(isoString: string): string {
  const [y, m, d] = isoString.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
