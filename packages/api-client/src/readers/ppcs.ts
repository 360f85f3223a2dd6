/**
 * Reads the PPCS whatever the server does with `_include`, in two rounds (plus one that is
 * usually answered from what is already at hand):
 * 1. in parallel, the patient's CarePlans, Tasks, CareTeams and pathways — plain
 *    `?patient=…&_count=100` searches, the very queries the timeline, documents and care-circle
 *    readers make, so on a page with several elements each is sent once (shared cache). The PPCS
 *    is picked by status and category on the client, its Tasks by `basedOn` / `activity.reference`
 *    (a server ignoring a `status` or `based-on` filter cannot mislead it);
 * 2. one batch for the needs, goals, missing Tasks/CareTeams and every actor (performers, owners,
 *    members, comment authors, the viewer); the resolver brings the roles' Practitioners itself;
 * 3. whatever round 2 revealed (goal and need authors), usually nothing left to read.
 */
import type { CoordClient } from '../client.ts';
import type { CarePlan, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { isPpcsCategory, mapPpcs, ppcsActorReferences, ppcsContentReferences, selectPpcsPlan, type PpcsResult } from '../model/ppcs.ts';
import { referenceKey } from '../references.ts';
import { patientKey, searchAllPages } from './search-pages.ts';
import { clock } from '../clock.ts';

export interface PpcsReadOptions {
  signal?: AbortSignal;
  /** "Now" for overdue actions (defaults to the current time). */
  now?: Date | number;
  /** The viewer (`Practitioner/…` or `PractitionerRole/…`), for "my actions". */
  viewer?: string;
  /** `CarePlan/<id>`: show this active PPCS instead of the most recent one (the "several plans" switch). */
  plan?: string;
}

/** An active PPCS the user may switch to. */
export interface PpcsPlanChoice {
  reference: string;
  title?: string;
  start?: string;
}

export interface PpcsReadResult extends PpcsResult {
  /** Every active PPCS of the patient, most recent first (more than one: offer a switch). */
  choices: PpcsPlanChoice[];
  /** The resources read as the server returned them (writes need the version read: If-Match). */
  sources: { carePlans: Resource[]; tasks: Resource[]; pathways: Resource[] };
}

function activePpcsChoices(carePlans: Resource[], subject: string): PpcsPlanChoice[] {
  return carePlans
    .filter((p): p is CarePlan => p?.resourceType === 'CarePlan' && Boolean(p.id) && p.status === 'active' && isPpcsCategory(p) && referenceKey(p.subject?.reference) === subject)
    .map((p) => ({ reference: `CarePlan/${p.id}`, title: p.title, start: p.period?.start ?? p.created }))
    .sort((a, b) => (Date.parse(b.start ?? '') || 0) - (Date.parse(a.start ?? '') || 0));
}

export async function readPpcs(client: CoordClient, patient: string, options: PpcsReadOptions = {}): Promise<PpcsReadResult> {
  const { signal } = options;
  const subject = patientKey(patient);
  const now = options.now ?? clock.now();
  const all = (type: 'CarePlan' | 'Task' | 'CareTeam' | 'EpisodeOfCare') => searchAllPages(client, type, client.forPatient(type, subject, { _count: 100 }), signal);
  const [allPlans, tasks, careTeams, pathways] = await Promise.all([all('CarePlan'), all('Task'), all('CareTeam'), all('EpisodeOfCare')]);
  const choices = activePpcsChoices(allPlans, subject);
  // The switch narrows the plans the one selection (selectPpcsPlan) sees; it never bypasses it.
  const chosen = options.plan && choices.some((c) => c.reference === options.plan) ? options.plan : undefined;
  const carePlans = chosen ? allPlans.filter((p) => p?.resourceType !== 'CarePlan' || `CarePlan/${p.id}` === chosen) : allPlans;
  const sources = { carePlans: allPlans, tasks, pathways };
  const mapOptions = { now, viewer: options.viewer, patient: subject };
  const plan = selectPpcsPlan(carePlans, [], subject);
  const refs = client.references;
  refs.remember([...tasks, ...careTeams, ...pathways]);
  const managers = pathways.map((p) => (p.resourceType === 'EpisodeOfCare' ? p.careManager?.reference : undefined));
  if (!plan) {
    // No plan yet: who manages the pathways decides who may create it (see foundingPathway).
    const lookup = await refs.resolve([...managers, options.viewer], signal).catch(() => refs.lookup);
    return { ...mapPpcs({ carePlans }, lookup, mapOptions), choices, sources };
  }
  const lookup = await refs.resolve(
    [...ppcsContentReferences(plan), ...ppcsActorReferences(plan, tasks, refs.lookup), ...managers, options.viewer],
    signal,
  );
  await refs.resolve(ppcsActorReferences(plan, tasks, lookup), signal);
  return { ...mapPpcs({ carePlans, tasks, pathways }, lookup, mapOptions), choices, sources };
}

export { findPpcsPlan } from './ppcs-plan.ts';

/**
 * The pathway a PPCS is created from, when the patient has none and the viewer may create it: an
 * active DAC pathway (`EpisodeOfCare.type` code `dac`) whose care manager is the viewer. The PPCS
 * is created from the DAC pathway by its referent; others are told there is none.
 */
export function foundingPathway(
  pathways: readonly Resource[],
  viewer: string | undefined,
  isTheViewer: (reference: string) => boolean,
): EpisodeOfCare | undefined {
  if (!viewer) return undefined;
  return pathways.find(
    (p): p is EpisodeOfCare =>
      p?.resourceType === 'EpisodeOfCare' &&
      p.status === 'active' &&
      (p.type ?? []).some((t) => (t?.coding ?? []).some((c) => c?.code === 'dac')) &&
      typeof p.careManager?.reference === 'string' &&
      isTheViewer(p.careManager.reference),
  );
}
