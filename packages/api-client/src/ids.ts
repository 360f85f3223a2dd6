/**
 * Client-generated identifiers. A create that may be retried carries one (system `urn:ietf:rfc:3986`,
 * value `urn:uuid:…`) and asks the server `If-None-Exist: identifier=…`, so a retry after a lost
 * answer finds the first copy instead of creating a twin.
 */
import type { Identifier, Resource } from '@medplum/fhirtypes';

import { URI_SYSTEM } from './codes.ts';
export { URI_SYSTEM };

/** RFC 4122 v4 UUID from the platform's CSPRNG (browsers and Node 19+). */
export function newUuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  // Older browsers with getRandomValues only (randomUUID needs a secure context).
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A fresh `urn:uuid:` business identifier. */
export function newIdentifier(): Identifier & { system: string; value: string } {
  return { system: URI_SYSTEM, value: `urn:uuid:${newUuid()}` };
}

/** The resource's client identifier (`urn:ietf:rfc:3986` + `urn:uuid:`), if it has one. */
export function clientIdentifierOf(resource: Resource | undefined): (Identifier & { system: string; value: string }) | undefined {
  const ids = (resource as { identifier?: Identifier[] | Identifier } | undefined)?.identifier;
  const list = Array.isArray(ids) ? ids : ids ? [ids] : [];
  const found = list.find((i) => i?.system === URI_SYSTEM && typeof i.value === 'string' && i.value.startsWith('urn:uuid:'));
  return found as (Identifier & { system: string; value: string }) | undefined;
}

/** The `If-None-Exist` header value matching one identifier. */
export function ifNoneExistFor(identifier: { system: string; value: string }): string {
  return `identifier=${identifier.system}|${identifier.value}`;
}

/** The `If-Match` value for a version id (weak ETag, as FHIR servers send it). */
export function ifMatchFor(versionId: string): string {
  return `W/"${versionId}"`;
}
