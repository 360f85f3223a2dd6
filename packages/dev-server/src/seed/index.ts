/**
 * Loads the seed into a repository. Seed resources carry fixed ids so that tests, stories and
 * the demo can name them; a resource listed several times is written as successive versions.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { MemoryRepository } from '@medplum/fhir-router';
import { seedResources } from './record.ts';
import { extraResources } from './extra.ts';

export interface SeedOptions {
  /** Skip the seed entirely (an empty server). */
  empty?: boolean;
  /** Add N generated items for scale tests. */
  extra?: number;
}

export async function loadSeed(repo: MemoryRepository, options: SeedOptions = {}): Promise<number> {
  if (options.empty) return 0;
  const resources: Resource[] = [...seedResources(), ...extraResources(options.extra ?? 0)];
  for (const resource of resources) {
    if (!resource.id) throw new Error(`Seed resource without id: ${resource.resourceType}`);
    await repo.updateResource(structuredClone(resource) as Resource & { id: string });
  }
  return resources.length;
}
