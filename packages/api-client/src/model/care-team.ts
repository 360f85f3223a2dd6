/**
 * The care circle (cercle de soins): everyone around the patient, from the patient's CareTeams
 * (`participant.member`, `participant.role`) and the pathways' care managers, one entry per
 * person across teams — a PractitionerRole and its Practitioner count as one person.
 */
import type { CareTeam, EpisodeOfCare, Reference, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import {
  actorIdentity,
  conceptText,
  isViewer,
  keyOf,
  mapActor,
  toTime,
  type ActorView,
  type Mapped,
  type MappingIssue,
  type ResourceLookup,
} from './common.ts';
import { clock } from '../clock.ts';

export interface CareTeamRef {
  reference: string;
  name?: string;
}

export interface CareMemberView {
  /** Dedupe key: the Practitioner behind a role when known, else the member's own reference. */
  key: string;
  /** `role` is the first care-circle role (participant.role), else the PractitionerRole's code. */
  actor: ActorView;
  /** Every distinct role text the member holds across teams ("Médecin traitant", …). */
  roles: string[];
  teams: CareTeamRef[];
  /** `EpisodeOfCare/…` the member belongs to (through a team) or manages. */
  pathways: string[];
  /** Pathways whose care manager (référent·e) this member is. */
  careManagerOf: string[];
  /** In an active team with a participation not ended, or managing an active pathway. */
  active: boolean;
  /** Every reference naming this person (role and practitioner), for "is it me" checks. */
  identities: string[];
  /** The member is the viewer (only computed when a viewer is given). */
  mine: boolean;
}

export interface CareCircleOptions {
  /** Only teams / pathways of this patient are kept (a server may ignore the search filter). */
  patient?: string;
  viewer?: string;
  now?: Date | number;
}

interface Draft {
  view: CareMemberView;
  preferred: boolean;
}

/**
 * Maps CareTeams (and EpisodeOfCares, for pathway links and care managers) to one entry per
 * person. Active members first, then by name.
 */
export function mapCareCircle(resources: Resource[], lookup: ResourceLookup, options: CareCircleOptions = {}): Mapped<CareMemberView> {
  const issues: MappingIssue[] = [];
  const now = options.now === undefined ? clock.now() : +options.now;
  const patient = referenceKey(options.patient);
  const teams: CareTeam[] = [];
  const pathways: EpisodeOfCare[] = [];
  for (const r of resources) {
    if (r?.resourceType === 'CareTeam' && r.id) {
      if (r.status === 'entered-in-error') continue;
      if (patient && referenceKey(r.subject?.reference) !== patient) issues.push({ resource: keyOf(r), problem: 'care team of another patient' });
      else teams.push(r);
    } else if (r?.resourceType === 'EpisodeOfCare' && r.id) {
      if (patient && referenceKey(r.patient?.reference) !== patient) issues.push({ resource: keyOf(r), problem: 'pathway of another patient' });
      else pathways.push(r);
    } else {
      issues.push({ resource: keyOf(r), problem: 'not a CareTeam or EpisodeOfCare' });
    }
  }

  const pathwaysOfTeam = new Map<string, string[]>();
  for (const eoc of pathways) {
    for (const t of eoc.team ?? []) {
      const k = referenceKey(t?.reference);
      if (k) pathwaysOfTeam.set(k, [...(pathwaysOfTeam.get(k) ?? []), keyOf(eoc)]);
    }
  }

  const members = new Map<string, Draft>();
  const add = (member: Reference | undefined, source: Resource, entry: Partial<CareMemberView> & { role?: string; active: boolean }): void => {
    const actor = mapActor(member, lookup);
    if (!actor) {
      issues.push({ resource: keyOf(source), problem: 'participant without a member' });
      return;
    }
    if (actor.unresolved) issues.push({ resource: keyOf(source), problem: `member ${actor.reference} did not resolve` });
    const identities = actorIdentity(actor.reference, lookup);
    const key = identities[identities.length - 1] ?? `display:${actor.name ?? '?'}`;
    const preferred = Boolean(actor.reference?.startsWith('PractitionerRole/') && !actor.unresolved);
    let draft = members.get(key);
    if (!draft) {
      draft = {
        preferred,
        view: { key, actor, roles: [], teams: [], pathways: [], careManagerOf: [], active: false, identities: [], mine: false },
      };
      members.set(key, draft);
    } else if (preferred && !draft.preferred) {
      draft.view.actor = actor;
      draft.preferred = true;
    }
    const v = draft.view;
    for (const id of identities) if (!v.identities.includes(id)) v.identities.push(id);
    if (entry.role && !v.roles.includes(entry.role)) v.roles.push(entry.role);
    for (const t of entry.teams ?? []) if (!v.teams.some((x) => x.reference === t.reference)) v.teams.push(t);
    for (const p of entry.pathways ?? []) if (!v.pathways.includes(p)) v.pathways.push(p);
    for (const p of entry.careManagerOf ?? []) if (!v.careManagerOf.includes(p)) v.careManagerOf.push(p);
    v.active ||= entry.active;
  };

  for (const team of teams) {
    const ref: CareTeamRef = { reference: keyOf(team), name: typeof team.name === 'string' ? team.name.slice(0, 200) : undefined };
    const teamActive = team.status === undefined || team.status === 'active' || team.status === 'proposed';
    for (const p of Array.isArray(team.participant) ? team.participant : []) {
      const ended = toTime(p?.period?.end);
      add(p?.member, team, {
        role: conceptText(p?.role?.[0]),
        teams: [ref],
        pathways: pathwaysOfTeam.get(ref.reference) ?? [],
        active: teamActive && (ended === undefined || ended > now),
      });
    }
  }
  for (const eoc of pathways) {
    if (!eoc.careManager) continue;
    add(eoc.careManager, eoc, { pathways: [keyOf(eoc)], careManagerOf: [keyOf(eoc)], active: eoc.status === 'active' });
  }

  const items = [...members.values()].map(({ view }) => {
    if (view.roles[0]) view.actor = { ...view.actor, role: view.roles[0] };
    view.mine = isViewer(options.viewer, view.identities, lookup);
    return view;
  });
  items.sort((a, b) => Number(b.active) - Number(a.active) || (a.actor.name ?? '\uffff').localeCompare(b.actor.name ?? '\uffff', 'fr'));
  return { items, issues };
}

/** Every reference a care-circle mapping needs resolved (members and care managers). */
export function careCircleReferences(resources: Resource[]): string[] {
  const refs: string[] = [];
  for (const r of resources) {
    if (r?.resourceType === 'CareTeam') for (const p of r.participant ?? []) refs.push(p?.member?.reference ?? '');
    else if (r?.resourceType === 'EpisodeOfCare') refs.push(r.careManager?.reference ?? '');
  }
  return refs.filter(Boolean);
}
