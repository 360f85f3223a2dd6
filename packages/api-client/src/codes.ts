/**
 * Code systems, each defined once. Real, published systems are constants. Where no published
 * system exists (the pathway types of a regional hub, its local document categories) the library
 * ships a default that the dev server seeds, and a host whose server codes them otherwise says so
 * once, at startup, with `configureCodeSystems()` — mappers and builders read the value in use.
 */

// --- Published systems ----------------------------------------------------------------------

/** LOINC: document types (`DocumentReference.type`), report codes. */
export const LOINC_SYSTEM = 'http://loinc.org';
/** HL7 v3 Confidentiality (`N`, `R`, `V`) in `securityLabel` / `meta.security`. */
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
/** French visibility labels (TRE_A07-StatutVisibiliteDocument: `MASQUE_PS`, `INVISIBLE_PATIENT`…), by OID… */
export const MASK_SYSTEM = 'urn:oid:1.2.250.1.213.1.1.4.13';
/** …and by its NOS URL (servers use either). */
export const MASK_SYSTEM_NOS =
  'https://mos.esante.gouv.fr/NOS/TRE_A07-StatutVisibiliteDocument/FHIR/TRE-A07-StatutVisibiliteDocument';
/** French health professions (TRE_G15-ProfessionSante: `10` physician, `21` pharmacist, `60` nurse…). */
export const PROFESSION_SYSTEM = 'urn:oid:1.2.250.1.71.1.2.7';
/** INS-NIR, the national health identifier. */
export const INS_NIR_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
/** INS-NIA, the provisional one. */
export const INS_NIA_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.9';
/** US Core DocumentReference category (`clinical-note`). */
export const US_CORE_DOCUMENT_CATEGORY_SYSTEM = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';
/** RFC 3986 URIs: the system of client-generated `urn:uuid:` identifiers. */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
/** v3 ActReason: the purpose-of-use codes of emergency access (BTG). */
export const ACT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
/** The AuditEvent subtype the dev server's seed and this library mark an emergency access with (no published equivalent). */
export const AUDIT_SUBTYPE_SYSTEM = 'https://coord.example/fhir/CodeSystem/audit-subtype';

// --- Local systems (no published one exists): configurable ---------------------------------

export interface LocalCodeSystems {
  /** `EpisodeOfCare.type`: the pathway (`dac`, `plaies`, `cancer`, `irc`, `c360`, `psychotrauma`). */
  pathwayType: string;
  /** `DocumentReference.category` of documents filed from the chat (`photo`, `prescription`, `compte-rendu`, `courrier`). */
  documentCategory: string;
  /**
   * The note marker, as a FHIR token `system|code`: a DocumentReference whose `category` carries
   * this coding is a shared coordination note. US Core's `clinical-note` alone is not one.
   */
  noteCategory: string;
  /** `CarePlan.category` of a PPCS written by the library (code `ppcs`); any coding `ppcs` is read as one. */
  careplanCategory: string;
}

/** The defaults: what the dev server seeds. A real hub names its own with `configureCodeSystems`. */
export const DEFAULT_LOCAL_CODE_SYSTEMS: Readonly<LocalCodeSystems> = Object.freeze({
  pathwayType: 'https://coord.example/fhir/CodeSystem/parcours',
  documentCategory: 'https://coord.example/fhir/CodeSystem/document-category',
  noteCategory: 'https://coord.example/fhir/CodeSystem/document-category|note-coordination',
  careplanCategory: 'https://coord.example/fhir/CodeSystem/careplan-category',
});

let local: Readonly<LocalCodeSystems> = DEFAULT_LOCAL_CODE_SYSTEMS;

/** Sets the local code systems of the hub this page talks to (once, before the first read). */
export function configureCodeSystems(systems: Partial<LocalCodeSystems>): void {
  const next = { ...local };
  for (const [key, value] of Object.entries(systems) as [keyof LocalCodeSystems, string | undefined][]) {
    if (typeof value !== 'string' || !value.trim()) continue;
    // The note marker is a coding: both halves of `system|code` are needed.
    if (key === 'noteCategory' && !/^[^|\s]+\|[^|\s]+$/.test(value.trim())) {
      throw new TypeError('configureCodeSystems: noteCategory is a token "system|code"');
    }
    next[key] = value.trim();
  }
  local = Object.freeze(next);
}

/** The local code systems in use. */
export function localCodeSystems(): Readonly<LocalCodeSystems> {
  return local;
}

/** The note marker in use, as a coding (from `localCodeSystems().noteCategory`). */
export function noteMarker(): { system: string; code: string } {
  const token = local.noteCategory;
  const bar = token.indexOf('|');
  return { system: token.slice(0, bar), code: token.slice(bar + 1) };
}
