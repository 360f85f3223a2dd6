/**
 * The seed: a realistic coordination record for Jeanne Martin (pat-martin), a small one for
 * Paul Dubois (pat-dubois), and identity edge cases (duplicate INS, incomplete record).
 * Dates are relative to `now` so the demo always looks current; the output is deterministic
 * for a given `now`. A resource listed several times is written as successive versions.
 *
 * Portable module (also imported in the browser by MSW handlers): no `node:` imports, no Buffer.
 */
import type { Attachment, Binary, Resource } from '@medplum/fhirtypes';
import { actorResources } from './actors.ts';
import { auditResources } from './audit.ts';
import { base64Size } from './binary.ts';
import { chatResources } from './chat.ts';
import { documentResources, resultResources } from './documents.ts';
import { noteResources } from './notes.ts';
import { pathwayResources } from './pathways.ts';
import { ppcsResources } from './ppcs.ts';
import { clock } from '../../../api-client/src/clock.ts';

export { IDS, INS_NIA, INS_NIA_DUPLICATE, INS_NIR, PARCOURS, SYSTEMS, VERSIONED_IDS } from './ids.ts';
export type { SeedId } from './ids.ts';
export { ACTION_STATES, PPCS_CATEGORY } from './ppcs.ts';
export { daysAgo, daysFromNow } from './util.ts';

export function seedResources(now: Date = clock.date()): Resource[] {
  const resources: Resource[] = [
    ...actorResources(),
    ...pathwayResources(now),
    ...documentResources(now),
    ...resultResources(now),
    ...noteResources(now),
    ...ppcsResources(now),
    ...chatResources(now),
    ...auditResources(now),
  ];
  fillAttachmentSizes(resources);
  return resources;
}

/** Give every `Binary/<id>` attachment without a size the size of that Binary. */
function fillAttachmentSizes(resources: Resource[]): void {
  const sizes = new Map<string, number>();
  for (const r of resources) {
    if (r.resourceType === 'Binary' && r.id) sizes.set(`Binary/${r.id}`, base64Size((r as Binary).data ?? ''));
  }
  const fill = (a: Attachment | undefined): void => {
    if (a?.url && a.size === undefined && sizes.has(a.url)) a.size = sizes.get(a.url);
  };
  for (const r of resources) {
    if (r.resourceType === 'Communication') r.payload?.forEach((p) => fill(p.contentAttachment));
    else if (r.resourceType === 'DiagnosticReport') r.presentedForm?.forEach(fill);
    else if (r.resourceType === 'DocumentReference') r.content?.forEach((c) => fill(c.attachment));
  }
}
