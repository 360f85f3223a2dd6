/**
 * The timeline feed: the patient's timeline items, newest first, paged on demand across several
 * FHIR searches — never the whole record to show one screen.
 *
 * - One search per source (resource type), each sorted by its own date parameter, newest first
 *   (`_sort=-date`, `-started`, `-sent`) with `_count`; the sources are merged with a k-way merge.
 *   A source's next page is read only when its buffered items are used up *and* more items are
 *   needed; `loadMore(n)` returns the next n items in global date order.
 * - Pathways (EpisodeOfCare: lanes, colours, start/end items) and PPCS actions (Task + CarePlan:
 *   their dates — due, done — are not search parameters) are few per patient: they are read
 *   whole (a few pages at most) and merged like any other source.
 * - Authors, units and encounters are resolved once per `loadMore` with one batch
 *   (`client.references.resolve`); encounters tie documents and results to their pathway.
 * - A source that fails is recorded in `failures` and the others go on (partial state); when
 *   every source asked for fails, `loadMore` throws the first error.
 * - Undated items come last, once every dated item has been returned.
 * - Progressive: each source's first answer fires a `change` event (`TimelineFeedChangeEvent`)
 *   as it arrives; `pending` says which sources are still loading, `pathways` is filled as soon
 *   as EpisodeOfCare answers, and `preview()` returns what has arrived so far, newest first, so
 *   an element shows the pathway lanes after 0.3 s while an Encounter search takes 25 s. The
 *   first `loadMore` still resolves with the definitive merged page once every source answered
 *   (or failed): a slow source holds back that promise, never what the element can show.
 * - Live: `applyChanges(changes)` takes what the scope's live hub reports for `liveTypes`;
 *   `refresh()` (no hub) asks each source for what changed since the newest `meta.lastUpdated`
 *   seen (`_lastUpdated=gt…`, never cached). Either way new items newer than what is shown are
 *   returned for a "new items" pill; older ones are left for paging; shown ones come back as
 *   `updated`.
 * - `close()`: a superseded feed aborts every request it has in flight.
 * - Unit movements are sub-items: they follow their encounter and do not count in `n`.
 */
import { clock } from '../clock.ts';
import type { Bundle, CarePlan, CareTeam, Encounter, EpisodeOfCare, Resource, Task } from '@medplum/fhirtypes';
import { CareCircleIndex } from '../access.ts';
import type { CoordClient } from '../client.ts';
import { expectBundle } from '../expect.ts';
import { CoordError, isCoordError, toCoordError } from '../errors.ts';
import type { LiveChange } from '../live.ts';
import { searchPath, type SearchParams } from '../search.ts';
import { referenceKey } from '../references.ts';
import { keyOf, toTime, type MappingIssue, type ResourceLookup } from '../model/common.ts';
import { mapPathways, PathwayIndex, type PathwayView } from '../model/pathways.ts';
import {
  collectPpcsActions,
  mapEpisodeOfCareToTimelineItems,
  mapPpcsAction,
  mapResourceToTimelineItems,
  TIMELINE_KINDS,
  type TimelineContext,
  type TimelineItem,
  type TimelineKind,
} from '../model/timeline.ts';

export type TimelineSourceId = 'pathways' | 'encounters' | 'documents' | 'reports' | 'imaging' | 'ppcs' | 'messages';

export interface TimelineSourceFailure {
  source: TimelineSourceId;
  error: CoordError;
}

export interface TimelineSourceTruncation {
  source: TimelineSourceId;
  /** Resources received. */
  received: number;
  /** What the server's `Bundle.total` announced. */
  total: number;
}

export interface TimelineFeedOptions {
  client: CoordClient;
  /** `Patient/<id>`. */
  patient: string;
  /** Kinds to show; default every kind but `message` (messages only when asked). */
  kinds?: readonly TimelineKind[];
  /** Only items on or after this date (ISO); sent to the server as `date=ge…`. */
  since?: string;
  /** Only items on or before this date (ISO); sent as `date=le…`. */
  until?: string;
  /** `_count` of each paged search (default 50). */
  pageSize?: number;
  /** Clock for overdue PPCS actions (tests). */
  now?: () => number;
  /**
   * The viewer and the access matrix: documents are shown under the same access decision as in
   * `<coord-documents>` (care circles from the pathways' CareTeams as resolved). Absent: any
   * masking label hides a document.
   */
  access?: Pick<NonNullable<TimelineContext['access']>, 'viewer' | 'matrix' | 'veryRestrictedReaders'>;
}

export interface TimelineRefresh {
  /** Items not seen before, newer than the oldest item shown (or any, once all is shown). */
  added: TimelineItem[];
  /** Items already returned whose resource changed. */
  updated: TimelineItem[];
}

export interface TimelineFeedChangeDetail {
  /** The source whose first answer arrived (or failed). */
  source: TimelineSourceId;
  state: 'loaded' | 'failed';
  /** The sources still loading. */
  pending: TimelineSourceId[];
}

/** Fired (`change`) on the feed each time a source's first answer arrives or fails. */
export class TimelineFeedChangeEvent extends Event {
  constructor(readonly detail: Readonly<TimelineFeedChangeDetail>) {
    super('change');
  }
}

/** Every kind the element can show, and the default set (no messages). */
export const DEFAULT_TIMELINE_KINDS: readonly TimelineKind[] = TIMELINE_KINDS.filter((k) => k !== 'message');

interface SourceSpec {
  id: TimelineSourceId;
  resourceType: Resource['resourceType'];
  /** Kinds this source can produce; it is read only when one of them is asked for. */
  kinds: TimelineKind[];
  /** Search parameter of the item date (sort, since/until); none for whole-read sources. */
  dateParam?: string;
}

const PAGED: SourceSpec[] = [
  { id: 'encounters', resourceType: 'Encounter', kinds: ['encounter', 'movement'], dateParam: 'date' },
  { id: 'documents', resourceType: 'DocumentReference', kinds: ['document'], dateParam: 'date' },
  { id: 'reports', resourceType: 'DiagnosticReport', kinds: ['lab', 'imaging', 'report', 'unknown'], dateParam: 'date' },
  { id: 'imaging', resourceType: 'ImagingStudy', kinds: ['imaging'], dateParam: 'started' },
  { id: 'messages', resourceType: 'Communication', kinds: ['message'], dateParam: 'sent' },
];

/** Whole-read sources: at most this many pages of 100 (a patient has few pathways and actions). */
const WHOLE_PAGES = 10;
const WHOLE_COUNT = 100;
/** Page reads per `loadMore` at most (a server sending empty pages with `next` links forever). */
const MAX_ROUNDS = 50;
/** Reference types worth resolving for display and pathway linkage. */
const RESOLVED_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Encounter', 'RelatedPerson', 'CareTeam']);

/** One unit of the merge: a top-level item (with its sub-items), re-mapped when emitted. */
interface Entry {
  id: string;
  time?: number;
  kind: TimelineKind;
  resources: Resource[];
  remap: (ctx: TimelineContext) => TimelineItem[];
}

interface Source {
  spec: SourceSpec;
  buffer: Entry[];
  undated: Entry[];
  bundle?: Bundle;
  /** Whether a further page may exist. */
  more: boolean;
  /** Resources received so far (paged sources). */
  received?: number;
  failed?: CoordError;
}

export class TimelineFeed extends EventTarget {
  /** The patient's pathways (lanes and colours): set when EpisodeOfCare answers, names resolved by the first `loadMore`. */
  pathways: PathwayView[] = [];
  /** Sources that failed (partial result). */
  readonly failures: TimelineSourceFailure[] = [];
  /** Sources whose server announced more (`Bundle.total`) than it let us page through (no `next` link). */
  readonly truncated: TimelineSourceTruncation[] = [];
  /** What was skipped or flagged while mapping. */
  readonly issues: MappingIssue[] = [];
  /** Requests made by the feed's own searches (not counting reference resolution). */
  readonly stats = { searches: 0, resources: 0 };

  private readonly client: CoordClient;
  private readonly patient: string;
  private readonly kinds: Set<TimelineKind>;
  private readonly since?: string;
  private readonly until?: string;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly access?: TimelineFeedOptions['access'];
  private accessMemo?: { eocs: EpisodeOfCare[]; key: string; access: TimelineContext['access'] };
  private readonly sources: Source[] = [];
  private readonly whole: Source[] = [];
  private readonly seen = new Set<string>();
  /** `Type/id` → version (versionId or lastUpdated) as last mapped, to tell real changes. */
  private readonly versions = new Map<string, string>();
  private eocs: EpisodeOfCare[] = [];
  private plans: CarePlan[] = [];
  private started?: Promise<void>;
  private pathwaysResolved = false;
  private watermark?: number;
  private frontier?: number;
  private exhausted = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Sources whose first answer has not come yet. */
  private readonly waiting = new Set<TimelineSourceId>();
  /** Aborted by `close()`: every request of the feed listens to it. */
  private readonly lifetime = new AbortController();

  constructor(options: TimelineFeedOptions) {
    super();
    this.client = options.client;
    this.patient = options.patient;
    this.kinds = new Set(options.kinds?.length ? options.kinds : DEFAULT_TIMELINE_KINDS);
    this.since = options.since;
    this.until = options.until;
    this.pageSize = Math.max(1, Math.min(10_000, options.pageSize ?? 50));
    this.now = options.now ?? (() => clock.now());
    this.access = options.access;
    for (const spec of PAGED) {
      if (spec.kinds.some((k) => this.kinds.has(k))) this.sources.push(newSource(spec));
    }
    this.whole.push(newSource({ id: 'pathways', resourceType: 'EpisodeOfCare', kinds: ['pathway-start', 'pathway-end'] }));
    if (this.kinds.has('ppcs-action')) this.whole.push(newSource({ id: 'ppcs', resourceType: 'Task', kinds: ['ppcs-action'] }));
    for (const id of this.sourceIds) this.waiting.add(id);
  }

  /** The sources whose first answer is still awaited (for "still loading encounters…"). */
  get pending(): ReadonlySet<TimelineSourceId> {
    return new Set(this.waiting);
  }

  /** The resource types whose changes `applyChanges` wants (subscribe the live hub to these). */
  get liveTypes(): string[] {
    const types: string[] = [];
    if (!this.whole[0]!.failed) types.push('EpisodeOfCare');
    if (this.whole.some((s) => s.spec.id === 'ppcs' && !s.failed)) types.push('Task', 'CarePlan');
    for (const s of this.sources) if (!s.failed) types.push(s.spec.resourceType);
    return types;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** The feed is superseded (new filters, another patient): every request in flight is aborted. */
  close(): void {
    if (!this.closed) this.lifetime.abort(new DOMException('The timeline feed was superseded', 'AbortError'));
  }

  /**
   * What has arrived so far and was not returned yet, newest first (at most `n` top-level items
   * and their sub-items), without consuming it: for showing sources as they come while the first
   * `loadMore` waits for the slow ones. Names are those already known; `loadMore`'s items, which
   * replace these, have them all. An item of a source still loading may later appear above.
   */
  preview(n = this.pageSize): TimelineItem[] {
    const arrived = [...this.whole, ...this.sources].filter((s) => !this.waiting.has(s.spec.id) && !s.failed);
    const entries = arrived
      .flatMap((s) => s.buffer)
      .filter((e) => !this.seen.has(e.id))
      .sort((a, b) => (b.time ?? 0) - (a.time ?? 0))
      .slice(0, Math.max(0, n));
    const ctx = this.context(entries.flatMap((e) => e.resources), this.client.references.lookup);
    return entries.flatMap((e) => e.remap(ctx).filter((item) => this.kinds.has(item.kind) || item.parent));
  }

  /** The sources this feed reads (by the kinds asked for). */
  get sourceIds(): TimelineSourceId[] {
    return [...this.whole, ...this.sources].map((s) => s.spec.id);
  }

  /** Whether every item has been returned. */
  get done(): boolean {
    return this.exhausted;
  }

  /** The next `n` top-level items (plus their sub-items), newest first. */
  loadMore(n: number, signal?: AbortSignal): Promise<TimelineItem[]> {
    const run = this.queue.then(() => this.next(Math.max(1, n), this.signalFor(signal)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** New and changed items since the newest change seen, asking each source (live updates without a hub). */
  refresh(signal?: AbortSignal): Promise<TimelineRefresh> {
    const run = this.queue.then(() => this.poll(this.signalFor(signal)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * New and changed items from what the live hub reported (`scope.live.subscribe(feed.liveTypes,
   * (u) => feed.applyChanges(u.changes))`): no request of its own but the names to resolve.
   * Changes reported before the first `loadMore` started are left to it.
   */
  applyChanges(changes: readonly LiveChange[], signal?: AbortSignal): Promise<TimelineRefresh> {
    const run = this.queue.then(() => this.apply(changes, this.signalFor(signal)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The access context for a mapping: the viewer, and the pathways' care teams as resolved so far. */
  private accessContext(lookup: ResourceLookup): TimelineContext['access'] {
    if (!this.access) return undefined;
    const teams: CareTeam[] = [];
    for (const eoc of this.eocs) {
      for (const t of Array.isArray(eoc.team) ? eoc.team : []) {
        const team = lookup(t?.reference);
        if (team?.resourceType === 'CareTeam') teams.push(team as CareTeam);
      }
    }
    // Built once per set of pathways and resolved teams, not once per mapped resource.
    const key = teams.map((t) => `${t.id}@${t.meta?.versionId ?? ''}`).join(',');
    const memo = this.accessMemo;
    if (memo && memo.eocs === this.eocs && memo.key === key) return memo.access;
    const access = { ...this.access, careCircle: new CareCircleIndex(this.eocs, teams, new Date(this.now())) };
    this.accessMemo = { eocs: this.eocs, key, access };
    return access;
  }

  private signalFor(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  private arrived(source: Source): void {
    if (!this.waiting.delete(source.spec.id)) return;
    const detail: TimelineFeedChangeDetail = { source: source.spec.id, state: source.failed ? 'failed' : 'loaded', pending: [...this.waiting] };
    try {
      this.dispatchEvent(new TimelineFeedChangeEvent(detail));
    } catch (err) {
      (globalThis as { reportError?: (e: unknown) => void }).reportError?.(err);
    }
  }

  // -------------------------------------------------------------------------------------------

  private async next(n: number, signal?: AbortSignal): Promise<TimelineItem[]> {
    await this.start(signal);
    const picked: Entry[] = [];
    const from: Source[] = [];
    let rounds = 0;
    while (picked.length < n) {
      const needy = this.sources.filter((s) => !s.failed && s.buffer.length === 0 && s.more);
      if (needy.length > 0 && rounds < MAX_ROUNDS) {
        rounds++;
        await Promise.all(needy.map((s) => this.fetchPage(s, signal)));
        continue;
      }
      if (needy.length > 0) break; // endless empty pages: stop here, the next call goes on
      let best: Source | undefined;
      for (const s of [...this.whole, ...this.sources]) {
        const head = s.buffer[0];
        if (head && (!best || (head.time ?? 0) > (best.buffer[0]!.time ?? 0))) best = s;
      }
      if (!best) {
        const rest = [...this.whole, ...this.sources].find((s) => s.undated.length > 0);
        if (!rest) {
          this.exhausted = true;
          break;
        }
        const entry = rest.undated.shift()!;
        if (this.seen.has(entry.id)) continue;
        picked.push(entry);
        from.push(rest);
        continue;
      }
      const entry = best.buffer.shift()!;
      if (this.seen.has(entry.id)) continue; // already returned (by a refresh, or a shifted page)
      picked.push(entry);
      from.push(best);
    }
    this.throwIfAllFailed();
    let items: TimelineItem[];
    try {
      items = await this.emit(picked, signal);
    } catch (err) {
      // Aborted while resolving: put the entries back so nothing is lost.
      for (let i = picked.length - 1; i >= 0; i--) {
        const entry = picked[i]!;
        (entry.time === undefined ? from[i]!.undated : from[i]!.buffer).unshift(entry);
      }
      this.exhausted = false;
      throw err;
    }
    for (const e of picked) {
      this.seen.add(e.id);
      if (e.time !== undefined) this.frontier = Math.min(this.frontier ?? Infinity, e.time);
    }
    return items;
  }

  private start(signal?: AbortSignal): Promise<void> {
    // Each source on its own: one answering is announced at once, whatever the others do. After
    // an aborted start, only the sources that had not answered are asked again.
    const first = (s: Source, read: (s: Source, signal?: AbortSignal) => Promise<void>): Promise<void> =>
      this.waiting.has(s.spec.id) ? read.call(this, s, signal).then(() => this.arrived(s)) : Promise.resolve();
    this.started ??= (async () => {
      await Promise.all([...this.whole.map((s) => first(s, this.readWhole)), ...this.sources.map((s) => first(s, this.fetchPage))]);
    })().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  private throwIfAllFailed(): void {
    const asked = [...this.sources, ...this.whole.filter((s) => s.spec.id !== 'pathways')];
    const pathways = this.whole[0]!;
    const all = asked.length > 0 ? asked.every((s) => s.failed) : Boolean(pathways.failed);
    if (!all) return;
    const errors = [...asked, pathways].map((s) => s.failed).filter((e): e is CoordError => Boolean(e));
    // A 401 or 403 says more than the network errors that may come with it.
    throw errors.find((e) => e.kind === 'auth') ?? errors.find((e) => e.kind === 'forbidden') ?? errors[0]!;
  }

  /** Resolves what the entries point to (one batch), then maps them for good. */
  private async emit(entries: Entry[], signal?: AbortSignal): Promise<TimelineItem[]> {
    const resources = entries.flatMap((e) => e.resources);
    const firstTime = !this.pathwaysResolved;
    if (firstTime) resources.push(...this.eocs);
    const lookup = await this.resolve(resources, signal);
    if (firstTime) {
      this.pathwaysResolved = true;
      this.pathways = mapPathways(this.eocs, lookup).items;
    }
    const ctx = this.context(resources, lookup);
    return entries.flatMap((e) => e.remap(ctx).filter((item) => this.kinds.has(item.kind) || item.parent));
  }

  private context(resources: Resource[], lookup: ResourceLookup): TimelineContext {
    const encounters = new Map<string, Encounter>();
    for (const r of resources) {
      if (r.resourceType === 'Encounter') encounters.set(keyOf(r), r);
      for (const ref of referencesIn(r)) {
        if (!ref.startsWith('Encounter/')) continue;
        const found = lookup(ref);
        if (found?.resourceType === 'Encounter') encounters.set(ref, found);
      }
    }
    return { lookup, index: new PathwayIndex(encounters.values()), pathways: this.pathways, now: this.now(), access: this.accessContext(lookup) };
  }

  private async resolve(resources: Resource[], signal?: AbortSignal): Promise<ResourceLookup> {
    const wanted = new Set<string>();
    for (const r of resources) for (const ref of referencesIn(r)) wanted.add(ref);
    // With a viewer, confidentiality R needs the pathways' care teams (resolved once, cached).
    if (this.access && resources.some((r) => r.resourceType === 'DocumentReference')) {
      for (const eoc of this.eocs) for (const t of Array.isArray(eoc.team) ? eoc.team : []) {
        const key = referenceKey(t?.reference);
        if (key?.startsWith('CareTeam/')) wanted.add(key);
      }
    }
    if (wanted.size === 0) return this.client.references.lookup;
    try {
      return await this.client.references.resolve(wanted, signal);
    } catch (err) {
      if (signal?.aborted) throw toCoordError(signal.reason ?? err);
      // Names are a comfort, not a must: show the references' displays instead.
      this.issues.push({ resource: '?', problem: `references not resolved (${toCoordError(err).kind})` });
      return this.client.references.lookup;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  private params(spec: SourceSpec, extra: Record<string, string | number> = {}): SearchParams {
    // The client's one patient-parameter table: the same URLs as the live hub and the readers.
    const params: SearchParams = this.client.forPatient(spec.resourceType, this.patient, extra);
    if (spec.dateParam) {
      const range: string[] = [];
      if (this.since) range.push(`ge${this.since}`);
      if (this.until) range.push(`le${this.until}`);
      if (range.length) params[spec.dateParam] = range;
    }
    return params;
  }

  private async fetchPage(source: Source, signal?: AbortSignal): Promise<void> {
    const spec = source.spec;
    try {
      this.stats.searches++;
      const bundle = source.bundle
        ? await this.client.nextPage(source.bundle, signal)
        : await this.client.search(spec.resourceType, this.params(spec, { _sort: `-${spec.dateParam}`, _count: this.pageSize }), signal);
      source.bundle = bundle;
      source.more = Boolean(bundle?.link?.some((l) => l?.relation === 'next'));
      const resources = this.accept(bundle, spec.resourceType);
      source.received = (source.received ?? 0) + resources.length;
      // A server that says it has more (`total`) but gives no `next` link: what it did not send is
      // missing, not absent — say so instead of "everything is shown".
      if (!source.more && typeof bundle?.total === 'number' && bundle.total > source.received) {
        const gap = { source: spec.id, received: source.received, total: bundle.total };
        const known = this.truncated.findIndex((t) => t.source === spec.id);
        if (known >= 0) this.truncated[known] = gap;
        else this.truncated.push(gap);
      }
      // Filter and sort here too, in case the server ignored `date` or `_sort`.
      const entries = resources.flatMap((r) => this.entriesOf(r)).filter((e) => this.inRange(e.time));
      entries.sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
      for (const e of entries) (e.time === undefined ? source.undated : source.buffer).push(e);
    } catch (err) {
      if (signal?.aborted) throw toCoordError(signal.reason ?? err);
      this.fail(source, err);
    }
  }

  private async readWhole(source: Source, signal?: AbortSignal): Promise<void> {
    try {
      if (source.spec.id === 'pathways') {
        this.eocs = await this.readAll<EpisodeOfCare>('EpisodeOfCare', signal);
        this.pathways = mapPathways(this.eocs, this.client.references.lookup).items;
        if (this.kinds.has('pathway-start') || this.kinds.has('pathway-end')) this.fill(source, this.eocs.flatMap((e) => this.entriesOf(e)));
      } else {
        const [tasks, plans] = await Promise.all([
          this.readAll<Task>('Task', signal),
          this.readAll<CarePlan>('CarePlan', signal),
        ]);
        this.plans = plans;
        this.fill(source, this.ppcsEntries(plans, tasks));
      }
    } catch (err) {
      if (signal?.aborted) throw toCoordError(signal.reason ?? err);
      this.fail(source, err);
    }
  }

  private fill(source: Source, entries: Entry[]): void {
    const inRange = entries.filter((e) => this.inRange(e.time));
    inRange.sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
    for (const e of inRange) (e.time === undefined ? source.undated : source.buffer).push(e);
  }

  /** Whole-read sources filter since/until themselves (paged ones ask the server). */
  private inRange(time: number | undefined): boolean {
    if (!this.since && !this.until) return true;
    if (time === undefined) return false;
    const since = toTime(this.since);
    const until = toTime(this.until);
    return (since === undefined || time >= since) && (until === undefined || time <= untilEnd(this.until!, until));
  }

  private async readAll<T extends Resource>(type: T['resourceType'], signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    this.stats.searches++;
    let bundle: Bundle | undefined = await this.client.search(type, this.client.forPatient(type, this.patient, { _count: WHOLE_COUNT }), signal);
    for (let page = 1; bundle; page++) {
      out.push(...(this.accept(bundle, type) as T[]));
      if (page >= WHOLE_PAGES) {
        if (bundle.link?.some((l) => l?.relation === 'next')) this.issues.push({ resource: type, problem: `more than ${WHOLE_PAGES * WHOLE_COUNT} resources; the rest is not shown` });
        break;
      }
      if (!bundle.link?.some((l) => l?.relation === 'next')) break;
      this.stats.searches++;
      bundle = await this.client.nextPage(bundle, signal);
    }
    return out;
  }

  /** The resources of the expected type; included ones are remembered, others flagged. */
  private accept(bundle: Bundle | undefined, type: string, recordVersions = true): Resource[] {
    const out: Resource[] = [];
    const entries = Array.isArray(bundle?.entry) ? bundle.entry : [];
    this.client.references.rememberBundle(bundle);
    for (const entry of entries) {
      const r = entry?.resource;
      if (!r || typeof r !== 'object') continue;
      if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome' || r.resourceType === 'OperationOutcome') continue;
      if (r.resourceType !== type || !r.id) {
        this.issues.push({ resource: keyOf(r), problem: `unexpected ${String(r.resourceType)} in a ${type} search` });
        continue;
      }
      this.stats.resources++;
      const version = r.meta?.versionId ?? r.meta?.lastUpdated;
      if (version && recordVersions && !this.versions.has(keyOf(r))) this.versions.set(keyOf(r), version);
      const updated = toTime(r.meta?.lastUpdated);
      if (updated !== undefined) this.watermark = Math.max(this.watermark ?? 0, updated);
      out.push(r);
    }
    return out;
  }

  private fail(source: Source, err: unknown): void {
    const error = isCoordError(err) ? err : toCoordError(err);
    source.failed = error;
    source.more = false;
    source.buffer.length = 0;
    source.undated.length = 0;
    this.failures.push({ source: source.spec.id, error });
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  private entriesOf(resource: Resource): Entry[] {
    if (resource.resourceType === 'EpisodeOfCare') {
      const eoc = resource;
      const label = (): string | undefined => this.pathways.find((p) => p.reference === keyOf(eoc))?.label;
      const items = mapEpisodeOfCareToTimelineItems(eoc, { lookup: this.client.references.lookup }, label());
      return items
        .filter((i) => this.kinds.has(i.kind))
        .map((i) => ({
          id: i.id,
          time: i.time,
          kind: i.kind,
          resources: [eoc],
          remap: (ctx) => mapEpisodeOfCareToTimelineItems(eoc, ctx, label()).filter((x) => x.id === i.id),
        }));
    }
    const pre = mapResourceToTimelineItems(resource, { lookup: this.client.references.lookup, now: this.now(), access: this.accessContext(this.client.references.lookup) });
    return pre
      .filter((i) => !i.parent && this.kinds.has(i.kind))
      .map((i) => ({
        id: i.id,
        time: i.time,
        kind: i.kind,
        resources: [resource],
        remap: (ctx) => mapResourceToTimelineItems(resource, ctx),
      }));
  }

  private ppcsEntries(plans: CarePlan[], tasks: Task[]): Entry[] {
    const { actions, issues } = collectPpcsActions(plans, tasks, this.patient);
    this.issues.push(...issues);
    const out: Entry[] = [];
    for (const action of actions) {
      const pre = mapPpcsAction(action, { lookup: this.client.references.lookup, now: this.now(), access: this.accessContext(this.client.references.lookup) });
      if (!pre) continue;
      const resources: Resource[] = action.type === 'task' ? [action.task, ...(action.plan ? [action.plan] : [])] : [action.plan];
      out.push({
        id: pre.id,
        time: pre.time,
        kind: pre.kind,
        resources,
        remap: (ctx) => {
          const item = mapPpcsAction(action, ctx);
          return item ? [item] : [];
        },
      });
    }
    return out;
  }

  /** Entries of changed tasks, and of the inline activities of changed plans. */
  private changedPpcsEntries(changedPlans: Resource[], tasks: Task[]): Entry[] {
    const planKeys = new Set(changedPlans.map(keyOf));
    return this.ppcsEntries(this.plans, tasks).filter((e) => e.id.startsWith('Task/') || planKeys.has(e.id.split('#')[0]!));
  }

  // -------------------------------------------------------------------------------------------
  // Live updates

  private async poll(signal?: AbortSignal): Promise<TimelineRefresh> {
    if (!this.started) return { added: [], updated: [] };
    await this.started;
    // Server time: compared with `meta.lastUpdated`, so the wall clock, not the calendar clock.
    const since = new Date(this.watermark ?? Date.now() - 60_000).toISOString();
    const changed = async (type: Resource['resourceType'], dateParam?: string): Promise<Resource[]> => {
      const spec: SourceSpec = { id: 'pathways', resourceType: type, kinds: [], dateParam };
      const path = searchPath(type, this.params(spec, { _lastUpdated: `gt${since}`, _count: WHOLE_COUNT }));
      this.stats.searches++;
      const { body } = await this.client.request<Bundle>(path, { signal, cache: false, kind: 'search' });
      return this.accept(expectBundle(body, this.client.url(path)), type, false);
    };
    const live = this.sources.filter((s) => !s.failed);
    const pathwaysOk = !this.whole[0]!.failed;
    const ppcs = this.whole.some((s) => s.spec.id === 'ppcs' && !s.failed);
    const [eocs = [], tasks = [], plans = [], ...paged] = await Promise.all([
      pathwaysOk ? changed('EpisodeOfCare') : [],
      ppcs ? changed('Task') : [],
      ppcs ? changed('CarePlan') : [],
      ...live.map((s) => changed(s.spec.resourceType, s.spec.dateParam)),
    ]);
    return this.integrate(eocs, tasks, plans, paged.flat(), signal);
  }

  private async apply(changes: readonly LiveChange[], signal?: AbortSignal): Promise<TimelineRefresh> {
    if (!this.started) return { added: [], updated: [] };
    await this.started;
    if (signal?.aborted) throw toCoordError(signal.reason);
    const wanted = new Set(this.liveTypes);
    const of = (type: string): Resource[] => {
      if (!wanted.has(type)) return [];
      const resources = changes.filter((c) => c?.type === type).flatMap((c) => (Array.isArray(c.resources) ? c.resources : []));
      // Through the same checks as a search page: type, id, included entries, watermark.
      return this.accept({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) }, type, false);
    };
    const paged = this.sources.filter((s) => !s.failed).flatMap((s) => of(s.spec.resourceType));
    return this.integrate(of('EpisodeOfCare'), of('Task'), of('CarePlan'), paged, signal);
  }

  /** Folds changed resources in: pathways and plans replaced, entries sorted into added and updated. */
  private async integrate(
    changedEocs: Resource[],
    changedTasks: Resource[],
    changedPlans: Resource[],
    changedPaged: Resource[],
    signal?: AbortSignal,
  ): Promise<TimelineRefresh> {
    // Only what really changed (servers ignoring `_lastUpdated` send everything again).
    const fresh = (list: Resource[]): Resource[] =>
      list.filter((r) => {
        const version = r.meta?.versionId ?? r.meta?.lastUpdated;
        const known = this.versions.get(keyOf(r));
        if (version) this.versions.set(keyOf(r), version);
        return !version || known !== version;
      });
    const eocs = fresh(changedEocs);
    const tasks = fresh(changedTasks);
    const plans = fresh(changedPlans);
    const paged = fresh(changedPaged);
    if (eocs.length) {
      const byKey = new Map(this.eocs.map((e) => [keyOf(e), e] as const));
      for (const e of eocs as EpisodeOfCare[]) byKey.set(keyOf(e), e);
      this.eocs = [...byKey.values()];
    }
    if (plans.length) {
      const byKey = new Map(this.plans.map((p) => [keyOf(p), p] as const));
      for (const p of plans as CarePlan[]) byKey.set(keyOf(p), p);
      this.plans = [...byKey.values()];
    }
    const entries: Entry[] = [
      ...eocs.flatMap((e) => this.entriesOf(e)),
      ...(tasks.length || plans.length ? this.changedPpcsEntries(plans, tasks as Task[]) : []),
      ...paged.flatMap((r) => this.entriesOf(r)),
    ].filter((e) => this.inRange(e.time));
    const added: Entry[] = [];
    const updated: Entry[] = [];
    for (const e of entries) {
      if (this.seen.has(e.id)) updated.push(e);
      else if (this.exhausted || (e.time !== undefined && this.frontier !== undefined && e.time >= this.frontier)) added.push(e);
    }
    const resources = [...added, ...updated].flatMap((e) => e.resources);
    const lookup = await this.resolve([...resources, ...eocs], signal);
    if (eocs.length) this.pathways = mapPathways(this.eocs, lookup).items;
    const ctx = this.context(resources, lookup);
    for (const e of added) this.seen.add(e.id);
    const items = (list: Entry[]): TimelineItem[] => list.flatMap((e) => e.remap(ctx)).filter((i) => this.kinds.has(i.kind) || i.parent);
    return { added: items(added), updated: items(updated) };
  }
}

function newSource(spec: SourceSpec): Source {
  return { spec, buffer: [], undated: [], more: true };
}

/** `until` given as a plain date includes that whole day. */
function untilEnd(until: string, time: number): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? time + 86_399_999 : time;
}

/** `Type/id` references of the types worth resolving, anywhere in a resource. */
export function referencesIn(resource: Resource): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'reference' && typeof v === 'string') {
        const key = referenceKey(v);
        if (key && RESOLVED_TYPES.has(key.slice(0, key.indexOf('/')))) out.add(key);
      } else if (typeof v === 'object' && k !== 'contained' && k !== 'text') walk(v, depth + 1);
    }
  };
  walk(resource, 0);
  return [...out];
}

