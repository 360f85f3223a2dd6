/**
 * Generated timeline items for scale tests: `n` Encounters, DocumentReferences (tiny inline
 * text) and Communications for the main patient, spread over the last five years across the
 * pathways open at each date (about one in ten is tied to no pathway). Deterministic for a given
 * `now` (seeded PRNG); 10 000 items take about a tenth of a second.
 *
 * Portable module: no `node:` imports, no Buffer.
 */
import type { Communication, Resource } from '@medplum/fhirtypes';
import { textContent, type FileContent } from './binary.ts';
import { documentReference, type DocCategory, type DocType } from './documents.ts';
import { IDS, type ParcoursCode } from './ids.ts';
import { PATHWAY_WINDOWS, encounter } from './pathways.ts';
import { iso, messageIdentifier, patientRef, ref, roleRef, type Ref } from './util.ts';
import { clock } from '../../../api-client/src/clock.ts';

const SPAN_MINUTES = 5 * 365 * 24 * 60;
const UUID_TAG = 0x6d15_0002;

/** mulberry32: small, fast, good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Track = ParcoursCode | 'none';

interface TrackProfile {
  /** The first role leads the encounters; any of them writes documents and messages. */
  roles: string[];
  org: string;
  cls: 'AMB' | 'HH';
  encounterType: string;
  reasons: string[];
  docs: { type: DocType; category: DocCategory; title: string; text: string }[];
  messages: string[];
}

const PROFILES: Record<Track, TrackProfile> = {
  irc: {
    roles: [IDS.roleNephro, IDS.roleGp, IDS.rolePharm],
    org: IDS.orgChu,
    cls: 'AMB',
    encounterType: 'Consultation de néphrologie',
    reasons: ['Suivi de l’insuffisance rénale', 'Contrôle biologique', 'Adaptation du traitement'],
    docs: [
      { type: 'biologie', category: 'biologie', title: 'Bilan biologique', text: 'Créatinine stable. Kaliémie normale. Pas d’acidose.' },
      { type: 'consultation', category: 'compte-rendu', title: 'Consultation de néphrologie', text: 'DFG stable. Poursuite du traitement conservateur.' },
    ],
    messages: ['Bilan rénal reçu, stable.', 'Pensez à adapter la posologie au DFG.', 'Prochain contrôle dans 3 mois.'],
  },
  cancer: {
    roles: [IDS.roleOnco, IDS.roleGp, IDS.roleIdel],
    org: IDS.orgChu,
    cls: 'AMB',
    encounterType: "Consultation d'oncologie",
    reasons: ['Surveillance', 'Tolérance de l’hormonothérapie', 'Résultats d’examens'],
    docs: [
      { type: 'consultation', category: 'compte-rendu', title: "Consultation d'oncologie", text: 'Hormonothérapie bien tolérée. Pas de signe d’évolution.' },
      { type: 'imagerie', category: 'imagerie', title: 'Compte rendu d’imagerie', text: 'Examen sans anomalie évolutive.' },
    ],
    messages: ['Surveillance sans particularité.', 'Arthralgies modérées sous létrozole.', 'Rendez-vous de suivi confirmé.'],
  },
  dac: {
    roles: [IDS.roleCoord, IDS.roleSocial, IDS.roleGp],
    org: IDS.orgDac,
    cls: 'HH',
    encounterType: 'Visite de coordination à domicile',
    reasons: ['Point sur les aides', 'Suivi du PPCS', 'Évaluation de la situation'],
    docs: [
      { type: 'evaluation', category: 'evaluation', title: 'Point de coordination', text: 'Situation stable à domicile. Aides en place.' },
      { type: 'social', category: 'evaluation', title: 'Point social', text: 'Droits à jour. Pas de nouvelle demande.' },
    ],
    messages: ['Point de coordination fait ce jour.', 'Les aides à domicile sont en place.', 'Synthèse de coordination à prévoir.'],
  },
  plaies: {
    roles: [IDS.roleIdel, IDS.roleGp],
    org: IDS.orgMsp,
    cls: 'HH',
    encounterType: 'Soins infirmiers à domicile',
    reasons: ['Pansement', 'Surveillance de la plaie', 'Soins cutanés'],
    docs: [{ type: 'soinsInfirmiers', category: 'compte-rendu', title: 'Compte rendu de soins infirmiers', text: 'Pansement refait. Plaie propre.' }],
    messages: ['Pansement fait, plaie propre.', 'Plaie en voie de cicatrisation.', 'Commande de pansements à renouveler.'],
  },
  none: {
    roles: [IDS.roleGp, IDS.rolePharm],
    org: IDS.orgMsp,
    cls: 'AMB',
    encounterType: 'Consultation de médecine générale',
    reasons: ['Renouvellement d’ordonnance', 'Vaccination', 'Consultation de suivi'],
    docs: [{ type: 'consultation', category: 'compte-rendu', title: 'Consultation de médecine générale', text: 'Examen clinique sans particularité.' }],
    messages: ['Ordonnance renouvelée.', 'Vaccin antigrippal fait.', 'Traitement délivré à la pharmacie.'],
  },
};

/** The inline text of a generated document (one per template, encoded once). */
const files = new Map<string, FileContent>();
function fileFor(doc: { title: string; text: string }): FileContent {
  const text = `${doc.title} — élément généré\n${doc.text}`;
  let file = files.get(text);
  if (!file) {
    file = textContent(text);
    files.set(text, file);
  }
  return file;
}

export function extraResources(n: number, now: Date = clock.date()): Resource[] {
  const rand = prng(0x5eed_c00d);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const nowMs = now.getTime();
  const out: Resource[] = new Array<Resource>(Math.max(0, n));

  for (let i = 0; i < n; i++) {
    const seq = String(i + 1).padStart(5, '0');
    const minutesBack = 60 + Math.floor(rand() * SPAN_MINUTES);
    const when = new Date(nowMs - minutesBack * 60_000);
    const whenIso = iso(when);
    const daysBack = minutesBack / 1440;

    // A pathway open at that date (or none, one time in ten).
    const open = PATHWAY_WINDOWS.filter((w) => w.startDaysAgo >= daysBack && (w.endDaysAgo === undefined || w.endDaysAgo <= daysBack));
    const window = rand() < 0.1 || open.length === 0 ? undefined : pick(open);
    const track: Track = window ? window.code : 'none';
    const profile = PROFILES[track];
    const context: Ref[] = window ? [ref('EpisodeOfCare', window.id)] : [];
    const role = pick(profile.roles);
    const kind = rand();

    if (kind < 0.4) {
      out[i] = encounter({
        id: `x-enc-${seq}`,
        cls: profile.cls,
        type: profile.encounterType,
        start: whenIso,
        minutes: 30,
        episodes: window ? [window.id] : [],
        participants: [profile.roles[0]!],
        serviceProvider: profile.org,
        reason: pick(profile.reasons),
      });
    } else if (kind < 0.7) {
      const doc = pick(profile.docs);
      out[i] = documentReference({
        id: `x-doc-${seq}`,
        type: doc.type,
        category: doc.category,
        title: `${doc.title} n° ${i + 1}`,
        description: doc.title,
        date: whenIso,
        authors: [roleRef(role)],
        context,
        period: { start: whenIso },
        file: fileFor(doc),
      });
    } else {
      const c: Communication = {
        resourceType: 'Communication',
        id: `x-msg-${seq}`,
        identifier: [messageIdentifier(UUID_TAG, i + 1)],
        status: 'completed',
        subject: patientRef(IDS.patientMain),
        sent: whenIso,
        sender: roleRef(role),
        payload: [{ contentString: pick(profile.messages) }],
      };
      out[i] = c;
    }
  }
  return out;
}
