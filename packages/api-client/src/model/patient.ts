import type { HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { clock } from '../clock.ts';

import { INS_NIA_SYSTEM, INS_NIR_SYSTEM } from '../codes.ts';
export { INS_NIA_SYSTEM, INS_NIR_SYSTEM };

export type Gender = 'female' | 'male' | 'other' | 'unknown';

export interface InsIdentifier {
  /** NIR (registration number) or NIA (temporary number). */
  kind: 'NIR' | 'NIA';
  system: string;
  value: string;
}

/** What the patient banner shows; built from a FHIR Patient, never rendered from raw JSON. */
export interface PatientSummary {
  reference: string;
  /** Family name as used (upper-cased by convention in French records), if any. */
  family?: string;
  /** Given names joined, if any. */
  given?: string;
  birthDate?: string;
  /** Whole years at `now` — or, for a deceased patient, at death; undefined without a valid birth date. */
  ageYears?: number;
  /**
   * Set when the record says the patient has died (`deceasedBoolean: true` or
   * `deceasedDateTime`): an element never shows a living age for them. `date` is the day of death
   * (`YYYY-MM-DD`) when known.
   */
  deceased?: { date?: string };
  gender: Gender;
  ins?: InsIdentifier;
  /** Fields that were missing or malformed, so the element can say so. */
  problems: ('name' | 'birthDate' | 'ins' | 'gender')[];
}

const MAX_TEXT = 200;

export function mapPatientToSummary(patient: Patient, now: Date = clock.date()): PatientSummary {
  const problems: PatientSummary['problems'] = [];
  const name = pickName(patient.name);
  const family = clip(name?.family);
  const given = clip(name?.given?.filter((g) => typeof g === 'string').join(' '));
  if (!family && !given) problems.push('name');

  const birthDate = validDate(patient.birthDate);
  if (!birthDate) problems.push('birthDate');

  const ins = pickIns(patient.identifier);
  if (!ins) problems.push('ins');

  const gender: Gender = ['female', 'male', 'other', 'unknown'].includes(patient.gender ?? '')
    ? (patient.gender as Gender)
    : 'unknown';
  if (!patient.gender) problems.push('gender');

  const deceased = deceasedOf(patient);
  // Age at death for a deceased patient (a living age would be a false statement); none when
  // the record says "deceased" without a date.
  const ageAt = deceased ? (deceased.date ? new Date(`${deceased.date}T12:00:00`) : undefined) : now;
  return {
    reference: `Patient/${patient.id ?? ''}`,
    family,
    given,
    birthDate,
    ageYears: birthDate && ageAt ? ageInYears(birthDate, ageAt) : undefined,
    ...(deceased ? { deceased } : {}),
    gender,
    ins,
    problems,
  };
}

function deceasedOf(patient: Patient): PatientSummary['deceased'] {
  const when = patient.deceasedDateTime;
  if (typeof when === 'string') {
    // A dateTime's own calendar day (as written), not shifted to the viewer's zone.
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(when)?.[1];
    return { date: day && validDate(day) ? day : undefined };
  }
  return patient.deceasedBoolean === true ? {} : undefined;
}

function pickName(names: HumanName[] | undefined): HumanName | undefined {
  if (!Array.isArray(names)) return undefined;
  const usable = names.filter((n) => n && typeof n === 'object');
  return usable.find((n) => n.use === 'official') ?? usable.find((n) => n.use === 'usual') ?? usable[0];
}

function pickIns(identifiers: Identifier[] | undefined): InsIdentifier | undefined {
  if (!Array.isArray(identifiers)) return undefined;
  for (const [system, kind] of [
    [INS_NIR_SYSTEM, 'NIR'],
    [INS_NIA_SYSTEM, 'NIA'],
  ] as const) {
    const found = identifiers.find((i) => i?.system === system && typeof i.value === 'string' && i.value.trim());
    if (found?.value) return { kind, system, value: found.value.trim().slice(0, 32) };
  }
  return undefined;
}

/** A FHIR `date` (YYYY, YYYY-MM or YYYY-MM-DD) that is a real calendar date, or undefined. */
export function validDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return undefined;
  const [y, mo = '01', d = '01'] = [m[1], m[2], m[3]];
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return undefined;
  return value;
}

export function ageInYears(birthDate: string, now: Date): number | undefined {
  const [y, m = 1, d = 1] = birthDate.split('-').map(Number);
  if (!y) return undefined;
  let age = now.getFullYear() - y;
  const beforeBirthday = now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d);
  if (beforeBirthday) age--;
  return age >= 0 && age < 150 ? age : undefined;
}

/** Record text is untrusted and may be huge: trim and cap it before it reaches a view model. */
export function clip(value: string | undefined, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
