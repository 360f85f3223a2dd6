import { CoordError } from './errors.ts';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** `Patient/abc` (or a full URL ending in it) → `abc`; anything else is an invalid request. */
export function parsePatientReference(reference: string): string {
  const match = /(?:^|\/)Patient\/([^/?#]+)$/.exec(reference.trim());
  const id = match?.[1];
  if (!id || !ID.test(id)) {
    throw new CoordError('invalid-request', 'A patient reference looks like Patient/<id>');
  }
  return id;
}

/** `system|value` (system optional) → its parts; an empty value is an invalid request. */
export function parsePatientIdentifier(identifier: string): { system?: string; value: string } {
  const raw = identifier.trim();
  const bar = raw.indexOf('|');
  const system = bar >= 0 ? raw.slice(0, bar).trim() : undefined;
  const value = bar >= 0 ? raw.slice(bar + 1).trim() : raw;
  if (!value) throw new CoordError('invalid-request', 'A patient identifier looks like system|value');
  return { system: system || undefined, value };
}

/** `Type/id` of a reference, or undefined when it is not a relative literal reference. */
export function referenceKey(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return match ? `${match[1]}/${match[2]}` : undefined;
}
