/**
 * Pathways (parcours = EpisodeOfCare) and how any item belongs to one: through
 * `Encounter.episodeOfCare`, `DocumentReference.context.encounter` (an Encounter or an
 * EpisodeOfCare), or the encounter an item points to.
 */
import type { Encounter, EpisodeOfCare, Reference, Resource } from '@medplum/fhirtypes';
import { DEFAULT_LOCAL_CODE_SYSTEMS, localCodeSystems } from '../codes.ts';
import { referenceKey } from '../references.ts';
import { conceptText, firstCoding, keyOf, mapActor, toTime, type ActorView, type Mapped, type ResourceLookup } from './common.ts';

/** The default pathway-type system (the dev server's); the one in use is `localCodeSystems().pathwayType`. */
export const PARCOURS_SYSTEM = DEFAULT_LOCAL_CODE_SYSTEMS.pathwayType;

export type PathwayStatus = 'active' | 'finished' | 'planned' | 'onhold' | 'cancelled' | 'other';

export interface PathwayView {
  reference: string;
  /** Code of the pathway type (`dac`, `plaies`, `cancer`, `irc`, …), when coded. */
  code?: string;
  label: string;
  status: PathwayStatus;
  start?: string;
  end?: string;
  organization?: ActorView;
  careManager?: ActorView;
  careTeams: string[];
  /** Stable colour slot (0–7) so a pathway keeps its colour in every element. */
  colorIndex: number;
}

const KNOWN_CODES = ['dac', 'plaies', 'cancer', 'irc', 'c360', 'psychotrauma'];

export function mapEpisodeOfCare(eoc: EpisodeOfCare, lookup: ResourceLookup): PathwayView | undefined {
  if (eoc?.resourceType !== 'EpisodeOfCare' || !eoc.id) return undefined;
  const coding = firstCoding(eoc.type, localCodeSystems().pathwayType) ?? firstCoding(eoc.type);
  const label = conceptText(eoc.type?.[0]) ?? coding?.display ?? coding?.code ?? 'Parcours';
  const status: PathwayStatus = (['active', 'finished', 'planned', 'onhold', 'cancelled'] as const).includes(
    eoc.status as never,
  )
    ? (eoc.status as PathwayStatus)
    : eoc.status === 'waitlist'
      ? 'planned'
      : 'other';
  const known = coding?.code ? KNOWN_CODES.indexOf(coding.code) : -1;
  return {
    reference: keyOf(eoc),
    code: coding?.code,
    label,
    status,
    start: toTime(eoc.period?.start) !== undefined ? eoc.period?.start : undefined,
    end: toTime(eoc.period?.end) !== undefined ? eoc.period?.end : undefined,
    organization: mapActor(eoc.managingOrganization, lookup),
    careManager: mapActor(eoc.careManager, lookup),
    careTeams: (eoc.team ?? []).map((t) => referenceKey(t?.reference)).filter((k): k is string => Boolean(k)),
    colorIndex: known >= 0 ? known : hashSlot(eoc.id),
  };
}

export function mapPathways(resources: Resource[], lookup: ResourceLookup): Mapped<PathwayView> {
  const items: PathwayView[] = [];
  const issues: Mapped<PathwayView>['issues'] = [];
  for (const r of resources) {
    const view = r?.resourceType === 'EpisodeOfCare' ? mapEpisodeOfCare(r, lookup) : undefined;
    if (view) items.push(view);
    else issues.push({ resource: keyOf(r), problem: 'not a usable EpisodeOfCare' });
  }
  // Active first, then by start date, newest first.
  items.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || (toTime(b.start) ?? 0) - (toTime(a.start) ?? 0));
  return { items, issues };
}

function hashSlot(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return 6 + (Math.abs(h) % 2);
}

/**
 * Which pathways an item belongs to. Built once from the Encounters read, then asked per item.
 * Returns `EpisodeOfCare/<id>` keys; an empty list means "hors parcours".
 */
export class PathwayIndex {
  private readonly byEncounter = new Map<string, string[]>();

  constructor(encounters: Iterable<Encounter>) {
    for (const enc of encounters) {
      if (enc?.resourceType !== 'Encounter' || !enc.id) continue;
      const episodes = (enc.episodeOfCare ?? []).map((r) => referenceKey(r?.reference)).filter((k): k is string => Boolean(k));
      this.byEncounter.set(`Encounter/${enc.id}`, episodes);
    }
  }

  /** Pathways of a reference that is an EpisodeOfCare itself or an Encounter tied to some. */
  pathwaysOf(ref: Reference | Reference[] | undefined): string[] {
    const refs = Array.isArray(ref) ? ref : ref ? [ref] : [];
    const out = new Set<string>();
    for (const r of refs) {
      const key = referenceKey(r?.reference);
      if (!key) continue;
      if (key.startsWith('EpisodeOfCare/')) out.add(key);
      else if (key.startsWith('Encounter/')) for (const e of this.byEncounter.get(key) ?? []) out.add(e);
    }
    return [...out];
  }

  /** Encounters the index knows (to ask the client for the missing ones). */
  knows(encounterKey: string): boolean {
    return this.byEncounter.has(encounterKey);
  }
}
