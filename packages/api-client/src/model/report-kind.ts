/**
 * What a DiagnosticReport is on the timeline (lab, imaging or another report), on its own so that
 * `<coord-record>`'s digest can ask without loading the timeline's mapping.
 */
import type { CodeableConcept, DiagnosticReport } from '@medplum/fhirtypes';
import { conceptText } from './common.ts';
import type { TimelineKind } from './timeline.ts';

function concepts(value: CodeableConcept | CodeableConcept[] | undefined): CodeableConcept[] {
  if (Array.isArray(value)) return value.filter((c) => c && typeof c === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

function codes(value: CodeableConcept | CodeableConcept[] | undefined): string[] {
  const out: string[] = [];
  for (const c of concepts(value)) {
    for (const coding of Array.isArray(c.coding) ? c.coding : []) if (typeof coding?.code === 'string') out.push(coding.code);
  }
  return out;
}

const IMAGING_CATEGORIES = new Set(['RAD', 'CT', 'MR', 'NMR', 'NMS', 'RUS', 'VUS', 'OUS', 'CUS', 'XRC', 'RX', 'US', 'IMG', 'imaging']);
const LAB_CATEGORIES = new Set(['LAB', 'HM', 'CH', 'MB', 'MCB', 'MYC', 'SR', 'BLB', 'CP', 'HLA', 'TX', 'VR', 'SP', 'CG', 'OSL', 'PAT', 'laboratory']);
const IMAGING_LOINC = new Set(['18748-4', '18726-0', '18782-3', '24627-2', '36643-5']);
const LAB_LOINC = new Set(['11502-2', '26436-6', '24323-8', '58410-2']);

/**
 * Lab or imaging from the category (v2-0074 LAB/RAD…), else the LOINC report code; any other
 * DiagnosticReport is a report (`report`: a clinical note such as Synthea's "History and physical
 * note", an ECG…) — a report whose category we do not know is still a report, never "unknown".
 */
export function reportKind(report: DiagnosticReport): Extract<TimelineKind, 'lab' | 'imaging' | 'report'> {
  const cats = codes(report.category);
  if (cats.some((c) => IMAGING_CATEGORIES.has(c))) return 'imaging';
  if (cats.some((c) => LAB_CATEGORIES.has(c))) return 'lab';
  const code = codes(report.code);
  if (code.some((c) => IMAGING_LOINC.has(c))) return 'imaging';
  if (code.some((c) => LAB_LOINC.has(c))) return 'lab';
  const text = concepts(report.category).map((c) => conceptText(c) ?? '').join(' ');
  if (/imag|radio/i.test(text)) return 'imaging';
  if (/bio|labo/i.test(text)) return 'lab';
  return 'report';
}

