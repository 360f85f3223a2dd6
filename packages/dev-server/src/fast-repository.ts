/**
 * Medplum's MemoryRepository, with its search made usable at demo scale. The engine's own
 * search evaluates each filter's FHIRPath for every resource on every search, and each sort
 * expression twice per comparison (an 800-encounter sort took ~12 s). Here the same functions
 * decide (`matchesSearchRequest`, the same sort expression and ordering), but each result is
 * memoised per stored resource object — stored objects are replaced on every write, so a
 * memoised answer can never outlive the version it was computed for.
 */
import { deepClone, evalFhirPath, globalSchema, matchesSearchRequest, type Filter, type SearchRequest } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { MemoryRepository } from '@medplum/fhir-router';

export class FastMemoryRepository extends MemoryRepository {
  private readonly matchMemo = new WeakMap<object, Map<string, boolean>>();
  private readonly sortMemo = new WeakMap<object, Map<string, string>>();

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<T & { id: string }>> {
    const stores = (this as unknown as { resources: Map<string, Map<string, Resource>> }).resources;
    if (!(stores instanceof Map)) return super.search(request);
    const store = stores.get(request.resourceType) ?? new Map<string, Resource>();
    const filters = request.filters ?? [];
    const matched: Resource[] = [];
    for (const resource of store.values()) {
      if (filters.every((f) => this.matches(resource, request.resourceType, f))) matched.push(resource);
    }
    for (const rule of [...(request.sortRules ?? [])].reverse()) {
      const expression = globalSchema.types[request.resourceType]?.searchParams?.[rule.code]?.expression;
      if (!expression) continue;
      const direction = rule.descending ? -1 : 1;
      const keyed = matched.map((r) => ({ r, key: this.sortKey(r, expression) }));
      keyed.sort((a, b) => a.key.localeCompare(b.key) * direction);
      matched.splice(0, matched.length, ...keyed.map((k) => k.r));
    }
    const start = request.offset ?? 0;
    const page = request.count === undefined ? matched.slice(start) : matched.slice(start, start + request.count);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: page.length ? page.map((resource) => ({ resource: deepClone(resource) as T & { id: string } })) : undefined,
      total: matched.length,
    };
  }

  private matches(resource: Resource, resourceType: string, filter: Filter): boolean {
    const key = JSON.stringify(filter);
    let memo = this.matchMemo.get(resource);
    if (!memo) this.matchMemo.set(resource, (memo = new Map()));
    let result = memo.get(key);
    if (result === undefined) {
      result = matchesSearchRequest(resource, { resourceType, filters: [filter] } as SearchRequest);
      memo.set(key, result);
    }
    return result;
  }

  private sortKey(resource: Resource, expression: string): string {
    let memo = this.sortMemo.get(resource);
    if (!memo) this.sortMemo.set(resource, (memo = new Map()));
    let key = memo.get(expression);
    if (key === undefined) {
      key = JSON.stringify(evalFhirPath(expression, resource));
      memo.set(expression, key);
    }
    return key;
  }
}
