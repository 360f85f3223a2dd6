/** FHIR fixtures of the PPCS tests and stories (over the seed's patient and actors). */
import type { CarePlan, Task } from '@medplum/fhirtypes';
import { PPCS_CATEGORY } from '@coord/dev-server/seed';
import { clock } from '@coord/api-client';

export const CARE_PLAN_SECOND = 'CarePlan/cp-ppcs-2';

const day = (offset: number): string => new Date(clock.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A second active PPCS, older than the seed's. */
export function secondPpcs(): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: 'cp-ppcs-2',
    status: 'active',
    intent: 'plan',
    category: [PPCS_CATEGORY],
    title: 'PPCS de transition',
    subject: { reference: 'Patient/pat-martin' },
    period: { start: day(-400) },
    created: day(-400),
    author: { reference: 'PractitionerRole/role-coord' },
    activity: [{ detail: { status: 'in-progress', description: 'Suivi de transition', performer: [{ reference: 'PractitionerRole/role-gp' }] } }],
  };
}

/** A plan whose every part is wrong in some way (the bad-input tests and story). */
export function badPlan(): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: 'cp-bad',
    status: 'active',
    intent: 'plan',
    category: [PPCS_CATEGORY],
    title: 'PPCS <b>incohérent</b>',
    subject: { reference: 'Patient/pat-martin' },
    // End before start.
    period: { start: day(10), end: day(-10) },
    author: { reference: 'PractitionerRole/role-coord' },
    activity: [
      // No text, no status.
      { detail: { performer: [{ reference: 'PractitionerRole/role-idel' }] } as never },
      // A performer that does not resolve.
      { detail: { status: 'not-started', description: 'Appeler la famille', performer: [{ reference: 'PractitionerRole/nobody', display: 'Personne inconnue' }] } },
      // Planned after its due date.
      { detail: { status: 'not-started', description: 'Bilan mémoire', performer: [{ reference: 'PractitionerRole/role-gp' }], scheduledPeriod: { start: day(20), end: day(5) } } },
      // A Task of another patient, named by the plan.
      { reference: { reference: 'Task/task-other' } },
    ],
  };
}

export function otherPatientTask(): Task {
  return {
    resourceType: 'Task',
    id: 'task-other',
    status: 'requested',
    intent: 'plan',
    description: 'Action d’un autre patient',
    for: { reference: 'Patient/pat-autre' },
    basedOn: [{ reference: 'CarePlan/cp-bad' }],
    owner: { reference: 'PractitionerRole/role-idel' },
  };
}

/** A Task of the bad plan whose comment carries markup. */
export function markupTask(): Task {
  return {
    resourceType: 'Task',
    id: 'task-markup',
    status: 'in-progress',
    intent: 'plan',
    description: 'Action <img src=x onerror="window.__pwned=1">',
    for: { reference: 'Patient/pat-martin' },
    basedOn: [{ reference: 'CarePlan/cp-bad' }],
    owner: { reference: 'PractitionerRole/role-idel' },
    note: [{ authorReference: { reference: 'PractitionerRole/role-idel' }, time: new Date(clock.now() - 3_600_000).toISOString(), text: '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">Fait' }],
  };
}
