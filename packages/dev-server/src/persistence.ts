/**
 * Keeps what users write through the demo across a restart: the latest version of every
 * resource written (or a tombstone for a delete), saved to one JSON file and replayed after
 * the seed on start. Version history before a restart is not kept; the current state is.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { MemoryRepository } from '@medplum/fhir-router';

/** A resource's latest version, or a tombstone (`$deleted` = its `Type/id`). */
type Tombstone = { $deleted: string };
type Entry = Resource | Tombstone;

function isTombstone(e: Entry): e is Tombstone {
  return typeof (e as Tombstone).$deleted === 'string';
}

export class WriteStore {
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries?: [string, Entry][] };
      for (const [key, entry] of saved.entries ?? []) this.entries.set(key, entry);
    } catch {
      console.error(`dev-server: could not read ${file}; starting from the seed only`);
    }
  }

  /** `Type/id` of every resource deleted through the API. */
  deletedKeys(): string[] {
    return [...this.entries.values()].flatMap((e) => (isTombstone(e) ? [e.$deleted] : []));
  }

  get size(): number {
    return this.entries.size;
  }

  async replayInto(repo: MemoryRepository): Promise<void> {
    for (const [key, entry] of this.entries) {
      if (isTombstone(entry)) {
        const [type = '', id = ''] = key.split('/');
        await repo.deleteResource(type, id).catch(() => undefined);
      } else {
        const { meta: _meta, ...rest } = entry;
        await repo.updateResource(rest as Resource & { id: string });
      }
    }
  }

  record(method: string, path: string, result: Resource | undefined): void {
    if (method === 'DELETE') {
      const key = path.replace(/^\//, '');
      if (/^[A-Za-z]+\/[^/]+$/.test(key)) this.entries.set(key, { $deleted: key });
    } else if (result?.resourceType === 'Bundle') {
      for (const e of (result as Bundle).entry ?? []) this.add(e.resource);
    } else {
      this.add(result);
    }
    this.schedule();
  }

  private add(resource: Resource | undefined): void {
    if (resource?.id) this.entries.set(`${resource.resourceType}/${resource.id}`, resource);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 200);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = this.file + '.tmp';
    writeFileSync(tmp, JSON.stringify({ entries: [...this.entries] }));
    renameSync(tmp, this.file);
  }
}
