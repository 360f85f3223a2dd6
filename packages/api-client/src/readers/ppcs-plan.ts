/**
 * Finds the patient's active PPCS without mapping it (the chat's "create a PPCS action"): its own
 * module, so an element that only needs the plan's reference does not carry the PPCS mapping.
 */
import type { CoordClient } from '../client.ts';
import { selectPpcsPlan } from '../model/ppcs-select.ts';
import { patientKey, searchAllPages } from './search-pages.ts';

/** The patient's active PPCS (`CarePlan/<id>`), or undefined when there is none (same search as `readPpcs`). */
export async function findPpcsPlan(client: CoordClient, patient: string, signal?: AbortSignal): Promise<string | undefined> {
  const subject = patientKey(patient);
  const plans = await searchAllPages(client, 'CarePlan', client.forPatient('CarePlan', subject, { _count: 100 }), signal);
  const plan = selectPpcsPlan(plans, [], subject);
  return plan?.id ? `CarePlan/${plan.id}` : undefined;
}
