/** Never assume the server returned what was asked for: type checks on what came back. */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CoordError } from './errors.ts';

export function expectResource<T extends Resource>(value: unknown, resourceType: string, url?: string): T {
  if (typeof value !== 'object' || value === null || (value as Resource).resourceType !== resourceType) {
    throw new CoordError('invalid-response', `Expected a ${resourceType}`, { url });
  }
  return value as T;
}

export function expectBundle<T extends Resource>(value: unknown, url?: string): Bundle<T> {
  if (typeof value !== 'object' || value === null || (value as Resource).resourceType !== 'Bundle') {
    throw new CoordError('invalid-response', 'Expected a Bundle', { url });
  }
  return value as Bundle<T>;
}
