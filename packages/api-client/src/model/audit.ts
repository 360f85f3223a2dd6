/**
 * Access traces (traces d'accès): AuditEvent → who did what to which part of the record, when,
 * with what outcome, and whether it was an emergency access (bris de glace) with its reason.
 * Entities are shown by their reference and display only: resolving them could reveal the title
 * of a masked document.
 */
import type { AuditEvent, AuditEventAgent, CodeableConcept, Coding, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { clip } from './patient.ts';
import { conceptText, keyOf, mapActor, toTime, type ActorView, type Mapped, type MappingIssue, type ResourceLookup } from './common.ts';

export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';
export type AuditOutcome = 'success' | 'minor-failure' | 'serious-failure' | 'major-failure';

export interface AuditEntityView {
  /** `Type/id` of what was accessed, when a literal reference. */
  reference?: string;
  /** The resource type (from the reference), for a generic label. */
  type?: string;
  display?: string;
}

export interface AccessTraceView {
  id: string;
  reference: string;
  /** When it was recorded (FHIR instant). */
  when?: string;
  time?: number;
  who?: ActorView;
  /** What was accessed (the patient entity itself is left out unless it is the only one). */
  what: AuditEntityView[];
  action?: AuditAction;
  outcome?: AuditOutcome;
  /** Outcome other than success: the access was refused or failed. */
  failed: boolean;
  /** Emergency access ("break the glass"), from the subtype or the purpose of use. */
  breakTheGlass: boolean;
  /** The reason given (outcomeDesc), e.g. the emergency-access justification or a refusal. */
  reason?: string;
  /** Purpose of use text ("Prise en charge", "Bris de glace — accès en urgence"). */
  purpose?: string;
}

export interface AuditOptions {
  /** Traces not about this patient are skipped (a server may ignore the search filter). */
  patient?: string;
}

const OUTCOMES: Record<string, AuditOutcome> = { '0': 'success', '4': 'minor-failure', '8': 'serious-failure', '12': 'major-failure' };
const INTERACTION_ACTIONS: Record<string, AuditAction> = {
  read: 'R', vread: 'R', 'history-instance': 'R', 'history-type': 'R', 'history-system': 'R',
  'search-type': 'E', 'search-system': 'E', create: 'C', update: 'U', patch: 'U', delete: 'D', operation: 'E',
};
/** v3 ActReason purposes of use meaning emergency access: break-the-glass, emergency treatment. */
const EMERGENCY_PURPOSES = new Set(['BTG', 'ETREAT']);
const BREAK_GLASS_CODES = new Set(['bris-de-glace', 'break-the-glass', 'btg']);

function codings(concepts: (CodeableConcept | Coding | undefined)[]): Coding[] {
  const out: Coding[] = [];
  for (const c of concepts) {
    if (!c || typeof c !== 'object') continue;
    if ('coding' in c && Array.isArray(c.coding)) out.push(...c.coding.filter(Boolean));
    else if ('code' in c) out.push(c as Coding);
  }
  return out;
}

/** Emergency access: a break-the-glass subtype, or a BTG / ETREAT purpose of use. */
export function isBreakTheGlass(event: AuditEvent): boolean {
  const subtypes = codings(Array.isArray(event.subtype) ? event.subtype : []);
  if (subtypes.some((c) => BREAK_GLASS_CODES.has(String(c.code).toLowerCase()))) return true;
  const purposes = codings([
    ...(Array.isArray(event.purposeOfEvent) ? event.purposeOfEvent : []),
    ...(Array.isArray(event.agent) ? event.agent : []).flatMap((a) => (Array.isArray(a?.purposeOfUse) ? a.purposeOfUse : [])),
  ]);
  return purposes.some((c) => EMERGENCY_PURPOSES.has(String(c.code)));
}

function actionOf(event: AuditEvent): AuditAction | undefined {
  if (typeof event.action === 'string' && ['C', 'R', 'U', 'D', 'E'].includes(event.action)) return event.action as AuditAction;
  const interaction = codings(Array.isArray(event.subtype) ? event.subtype : []).find((c) => c.code && INTERACTION_ACTIONS[c.code]);
  return interaction?.code ? INTERACTION_ACTIONS[interaction.code] : undefined;
}

function mentionsPatient(event: AuditEvent, patient: string): boolean {
  const refs = [
    ...(Array.isArray(event.entity) ? event.entity : []).map((e) => e?.what?.reference),
    ...(Array.isArray(event.agent) ? event.agent : []).map((a) => a?.who?.reference),
  ];
  return refs.some((r) => referenceKey(r) === patient);
}

export function mapAuditEvent(event: AuditEvent, lookup: ResourceLookup, issues: MappingIssue[], options: AuditOptions = {}): AccessTraceView | undefined {
  if (event?.resourceType !== 'AuditEvent' || !event.id) {
    issues.push({ resource: keyOf(event), problem: 'not a usable AuditEvent' });
    return undefined;
  }
  const key = keyOf(event);
  const patient = referenceKey(options.patient);
  if (patient && !mentionsPatient(event, patient)) {
    issues.push({ resource: key, problem: 'trace about another patient' });
    return undefined;
  }
  const agents: AuditEventAgent[] = Array.isArray(event.agent) ? event.agent.filter(Boolean) : [];
  const agent = agents.find((a) => a.requestor) ?? agents[0];
  const who = mapActor(agent?.who, lookup);
  if (!who) issues.push({ resource: key, problem: 'no agent' });
  else if (who.unresolved) issues.push({ resource: key, problem: `agent ${who.reference} did not resolve` });

  const entities: AuditEntityView[] = (Array.isArray(event.entity) ? event.entity : [])
    .filter((e) => e && typeof e === 'object')
    .map((e) => {
      const reference = referenceKey(e.what?.reference);
      return { reference, type: reference?.split('/')[0], display: clip(e.what?.display) ?? clip(e.name) };
    })
    .filter((e) => e.reference || e.display);
  const others = entities.filter((e) => !(patient ? e.reference === patient : e.type === 'Patient'));
  const time = toTime(event.recorded);
  if (time === undefined) issues.push({ resource: key, problem: 'no valid recorded date' });
  const action = actionOf(event);
  if (!action) issues.push({ resource: key, problem: 'unknown action' });
  const outcome = typeof event.outcome === 'string' ? OUTCOMES[event.outcome] : undefined;
  const purpose = (Array.isArray(event.purposeOfEvent) ? event.purposeOfEvent : [])[0] ?? agent?.purposeOfUse?.[0];

  return {
    id: event.id,
    reference: key,
    when: time !== undefined ? event.recorded : undefined,
    time,
    who,
    what: others.length ? others : entities,
    action,
    outcome,
    failed: outcome !== undefined && outcome !== 'success',
    breakTheGlass: isBreakTheGlass(event),
    reason: clip(event.outcomeDesc, 2000),
    purpose: conceptText(purpose),
  };
}

/** Maps AuditEvents, newest first. */
export function mapAccessTraces(resources: Resource[], lookup: ResourceLookup, options: AuditOptions = {}): Mapped<AccessTraceView> {
  const issues: MappingIssue[] = [];
  const items: AccessTraceView[] = [];
  for (const r of resources) {
    const t = mapAuditEvent(r as AuditEvent, lookup, issues, options);
    if (t) items.push(t);
  }
  items.sort((a, b) => (b.time ?? Number.MIN_SAFE_INTEGER) - (a.time ?? Number.MIN_SAFE_INTEGER));
  return { items, issues };
}

/** The agents to resolve (entities are deliberately not resolved). */
export function auditActorReferences(resources: Resource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r?.resourceType !== 'AuditEvent') continue;
    for (const a of r.agent ?? []) if (a?.who?.reference) out.push(a.who.reference);
  }
  return out;
}

/** What the access log can be narrowed to: an actor, an action (emergency = break the glass), dates. */
export interface AccessTraceFilter {
  /** `Type/id` of the agent. */
  actor?: string;
  /** `read`, `create`, `update`, `delete`, or `emergency` (any action taken under break the glass). */
  action?: AccessTraceActionFilter;
  /** Inclusive start, `YYYY-MM-DD` (local day, as the viewer picks it) or an instant. */
  since?: string;
  /** Inclusive end, `YYYY-MM-DD` (the whole day) or an instant. */
  until?: string;
}

export type AccessTraceActionFilter = 'read' | 'create' | 'update' | 'delete' | 'emergency';

const FILTER_ACTIONS: Record<Exclude<AccessTraceActionFilter, 'emergency'>, AuditAction> = { read: 'R', create: 'C', update: 'U', delete: 'D' };

/** The FHIR action code a filter asks the server for (none for `emergency`, which no standard parameter searches). */
export function auditActionCode(action: AccessTraceActionFilter | undefined): AuditAction | undefined {
  return action && action !== 'emergency' ? FILTER_ACTIONS[action] : undefined;
}

/**
 * The instant bounds of a filter's dates, read as the timeline reads its `since`/`until` (FHIR
 * dates, no time zone of the machine involved): a date-only `until` includes its whole day.
 */
export function filterBounds(filter: AccessTraceFilter): { from?: number; to?: number } {
  const from = toTime(filter.since);
  const until = toTime(filter.until);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(filter.until ?? '');
  return { from, to: until === undefined ? undefined : dateOnly ? until + 86_400_000 - 1 : until };
}

/**
 * Applies a filter to mapped traces — also to what a server returned for a filtered search, since
 * a server may ignore a parameter. A trace without a date never matches a date range.
 */
export function filterAccessTraces(items: readonly AccessTraceView[], filter: AccessTraceFilter): AccessTraceView[] {
  const { from, to } = filterBounds(filter);
  const code = auditActionCode(filter.action);
  const actor = referenceKey(filter.actor);
  return items.filter((t) => {
    if (actor && referenceKey(t.who?.reference) !== actor) return false;
    if (filter.action === 'emergency' && !t.breakTheGlass) return false;
    if (code && t.action !== code) return false;
    if ((from !== undefined || to !== undefined) && t.time === undefined) return false;
    if (from !== undefined && (t.time ?? 0) < from) return false;
    if (to !== undefined && (t.time ?? 0) > to) return false;
    return true;
  });
}

/** The distinct actors of some traces, for an actor filter: known names first, alphabetically. */
export function accessTraceActors(items: readonly AccessTraceView[]): ActorView[] {
  const byRef = new Map<string, ActorView>();
  for (const t of items) {
    const key = referenceKey(t.who?.reference);
    if (key && t.who && !byRef.has(key)) byRef.set(key, { ...t.who, reference: key });
  }
  return [...byRef.values()].sort((a, b) => Number(Boolean(a.unresolved)) - Number(Boolean(b.unresolved)) || (a.name ?? '').localeCompare(b.name ?? '', 'fr'));
}
