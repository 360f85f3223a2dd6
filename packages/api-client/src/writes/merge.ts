/**
 * Three-way merge of FHIR resources: what the user read (base), what the user made of it (mine),
 * what the server holds now (theirs). Used when an `If-Match` update comes back 412: edits that do
 * not touch the same field are combined; edits that do are a conflict for the user to see, never
 * an overwrite. Pure functions.
 */
import type { Resource } from '@medplum/fhirtypes';

/**
 * Fields merged as sets (comments, security labels, relations): additions and removals of both
 * sides are kept. Elements are matched by their `id` when they carry one, otherwise by value.
 */
const SET_FIELDS = new Set(['note', 'securityLabel', 'relatesTo']);

/** Fields that only record when the resource was last touched: the later instant wins. */
const TOUCH_FIELDS: Record<string, string[]> = {
  Task: ['lastModified'],
  DocumentReference: ['date'],
};

/** Bookkeeping that never counts as a user change. */
const IGNORED = new Set(['meta', 'text']);

export type MergeResult<T> = { ok: true; merged: T } | { ok: false; fields: string[] };

/** Deep equality on JSON values, independent of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Same content, ignoring `meta` (version, lastUpdated) and generated narrative. */
export function sameContent(a: Resource | undefined, b: Resource | undefined): boolean {
  if (!a || !b) return a === b;
  return jsonEqual(strip(a), strip(b));
}

function strip(r: Resource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!IGNORED.has(k)) out[k] = v;
  return out;
}

/**
 * Merges `mine` (an edit of `base`) into `theirs` (the server's current version).
 * With `prefer: 'mine'`, overlapping edits take mine (used to chain one user's own queued edits).
 */
export function mergeThreeWay<T extends Resource>(
  base: T,
  mine: T,
  theirs: T,
  options: { prefer?: 'mine' } = {},
): MergeResult<T> {
  const b = base as unknown as Record<string, unknown>;
  const m = mine as unknown as Record<string, unknown>;
  const t = theirs as unknown as Record<string, unknown>;
  const touch = TOUCH_FIELDS[mine.resourceType] ?? [];
  const merged: Record<string, unknown> = { ...t };
  const conflicts: string[] = [];
  const keys = new Set([...Object.keys(b), ...Object.keys(m), ...Object.keys(t)]);
  for (const key of keys) {
    if (IGNORED.has(key) || key === 'resourceType' || key === 'id') continue;
    const bv = b[key];
    const mv = m[key];
    const tv = t[key];
    let value: unknown;
    if (jsonEqual(mv, bv)) value = tv;
    else if (jsonEqual(tv, bv) || jsonEqual(mv, tv)) value = mv;
    else if (touch.includes(key)) value = later(mv, tv);
    else if (SET_FIELDS.has(key) && isArrayOrNone(bv) && isArrayOrNone(mv) && isArrayOrNone(tv)) {
      value = mergeSets(bv ?? [], mv ?? [], tv ?? []);
    } else if (options.prefer === 'mine') value = mv;
    else {
      conflicts.push(key);
      continue;
    }
    // FHIR forbids empty arrays: an emptied list is an absent field.
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete merged[key];
    else merged[key] = value;
  }
  if (conflicts.length) return { ok: false, fields: conflicts.sort() };
  return { ok: true, merged: merged as T };
}

function isArrayOrNone(v: unknown): v is unknown[] | undefined {
  return v === undefined || Array.isArray(v);
}

function later(a: unknown, b: unknown): unknown {
  const ta = typeof a === 'string' ? Date.parse(a) : NaN;
  const tb = typeof b === 'string' ? Date.parse(b) : NaN;
  if (Number.isNaN(ta)) return b;
  if (Number.isNaN(tb)) return a;
  return ta >= tb ? a : b;
}

function identity(v: unknown): string {
  const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `id:${id}` : `v:${canonical(v)}`;
}

/** theirs − (removed by mine) + (added by mine and not already there), in theirs' order. */
function mergeSets(base: unknown[], mine: unknown[], theirs: unknown[]): unknown[] {
  const baseIds = new Set(base.map(identity));
  const mineIds = new Set(mine.map(identity));
  const removed = new Set([...baseIds].filter((id) => !mineIds.has(id)));
  const out = theirs.filter((v) => !removed.has(identity(v)));
  const present = new Set(out.map(identity));
  for (const v of mine) {
    const id = identity(v);
    if (!baseIds.has(id) && !present.has(id)) {
      out.push(v);
      present.add(id);
    }
  }
  return out;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
