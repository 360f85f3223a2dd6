/**
 * Shared pieces of the FHIR → view-model mappers. Mappers are pure: they take resources (and a
 * lookup for referenced ones) and return small typed records plus the issues they met, never
 * throwing on bad data — a malformed resource is skipped or flagged, the rest still maps.
 */
import type { CodeableConcept, Coding, HumanName, Reference, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { clip } from './patient.ts';

export interface MappingIssue {
  /** `Type/id` of the resource concerned, or `?` when it has none. */
  resource: string;
  /** What was wrong, in English, for logs and tests (never shown verbatim to users). */
  problem: string;
}

export interface Mapped<T> {
  items: T[];
  issues: MappingIssue[];
}

/** Finds an already-read resource by reference (`Type/id`, absolute, or versioned). */
export type ResourceLookup = (reference: string | undefined) => Resource | undefined;

export const emptyLookup: ResourceLookup = () => undefined;

export function lookupFrom(resources: Iterable<Resource>): ResourceLookup {
  const map = new Map<string, Resource>();
  for (const r of resources) if (r?.id) map.set(`${r.resourceType}/${r.id}`, r);
  return (reference) => {
    const key = referenceKey(reference);
    return key ? map.get(key) : undefined;
  };
}

export function keyOf(resource: Resource | undefined): string {
  return resource?.id ? `${resource.resourceType}/${resource.id}` : '?';
}

/** Text of a CodeableConcept: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined, max = 200): string | undefined {
  if (!concept || typeof concept !== 'object') return undefined;
  const coding = Array.isArray(concept.coding) ? concept.coding.find((c) => c && (c.display || c.code)) : undefined;
  return clip(concept.text ?? coding?.display ?? coding?.code, max);
}

export function firstCoding(concepts: CodeableConcept | CodeableConcept[] | undefined, system?: string): Coding | undefined {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  for (const c of list) {
    for (const coding of Array.isArray(c?.coding) ? c.coding : []) {
      if (coding && (!system || coding.system === system) && coding.code) return coding;
    }
  }
  return undefined;
}

export function hasCoding(concepts: CodeableConcept | CodeableConcept[] | undefined, system: string, code: string): boolean {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  return list.some((c) => Array.isArray(c?.coding) && c.coding.some((x) => x?.system === system && x.code === code));
}

export function humanName(names: HumanName[] | undefined): string | undefined {
  if (!Array.isArray(names)) return undefined;
  const name = names.find((n) => n?.use === 'official') ?? names.find((n) => n && typeof n === 'object');
  if (!name) return undefined;
  if (name.text) return clip(name.text);
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter((p) => typeof p === 'string' && p);
  return clip(parts.join(' '));
}

/** Someone who acted (author, sender, performer…), as the elements show them. */
export interface ActorView {
  reference?: string;
  /** Display name; undefined when neither the reference nor its display resolves. */
  name?: string;
  /** Role or profession label ("Médecin traitant", "Infirmière libérale"…), when known. */
  role?: string;
  /** French health-profession code (TRE_G15) of a PractitionerRole, when present. */
  professionCode?: string;
  /** The referenced resource could not be found: show the display if any, flag it. */
  unresolved: boolean;
}

import { PROFESSION_SYSTEM } from '../codes.ts';
export { PROFESSION_SYSTEM };

/**
 * Resolves an actor reference with whatever is at hand: the referenced Practitioner /
 * PractitionerRole (→ its Practitioner and Organization) / Organization / Patient / RelatedPerson,
 * else the reference's own `display`.
 */
export function mapActor(reference: Reference | undefined, lookup: ResourceLookup): ActorView | undefined {
  if (!reference || typeof reference !== 'object') return undefined;
  const ref = typeof reference.reference === 'string' ? reference.reference : undefined;
  const display = clip(reference.display);
  const target = lookup(ref) as (Resource & Record<string, unknown>) | undefined;
  if (!target) {
    if (!ref && !display) return undefined;
    return { reference: ref, name: display, unresolved: Boolean(ref) };
  }
  switch (target.resourceType) {
    case 'PractitionerRole': {
      const role = target as unknown as {
        practitioner?: Reference;
        organization?: Reference;
        code?: CodeableConcept[];
        specialty?: CodeableConcept[];
      };
      const practitioner = lookup(role.practitioner?.reference) as { name?: HumanName[] } | undefined;
      const organization = lookup(role.organization?.reference) as { name?: string } | undefined;
      const name = humanName(practitioner?.name) ?? clip(role.practitioner?.display) ?? display ?? clip(organization?.name);
      const profession = firstCoding(role.code, PROFESSION_SYSTEM);
      const roleLabel = conceptText(role.code?.[0]) ?? conceptText(role.specialty?.[0]);
      return { reference: ref, name, role: roleLabel, professionCode: profession?.code, unresolved: false };
    }
    case 'Practitioner':
    case 'Patient':
    case 'RelatedPerson':
      return { reference: ref, name: humanName(target.name as HumanName[]) ?? display, unresolved: false };
    case 'Organization':
    case 'CareTeam':
    case 'Location':
      return { reference: ref, name: clip(target.name as string) ?? display, unresolved: false };
    default:
      return { reference: ref, name: display, unresolved: false };
  }
}

/** A FHIR instant/dateTime/date as epoch ms, or undefined when absent or unparseable. */
export function toTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}(-\d{2}(-\d{2})?)?/.test(value)) return undefined;
  const t = Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * Keys naming one person: the reference itself and, for a PractitionerRole that resolves, its
 * Practitioner — so `PractitionerRole/role-gp` and `Practitioner/prac-gp` are the same actor.
 */
export function actorIdentity(reference: string | undefined, lookup: ResourceLookup): string[] {
  const key = referenceKey(reference);
  if (!key) return [];
  const keys = [key];
  if (key.startsWith('PractitionerRole/')) {
    const role = lookup(key) as { practitioner?: Reference } | undefined;
    const practitioner = referenceKey(role?.practitioner?.reference);
    if (practitioner) keys.push(practitioner);
  }
  return keys;
}

/** True when any reference names the viewer (PractitionerRole ↔ Practitioner aware). */
export function isViewer(viewer: string | undefined, references: (string | undefined)[], lookup: ResourceLookup): boolean {
  const mine = new Set(actorIdentity(viewer, lookup));
  if (mine.size === 0) return false;
  return references.some((ref) => actorIdentity(ref, lookup).some((k) => mine.has(k)));
}
