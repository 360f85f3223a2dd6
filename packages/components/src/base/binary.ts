/**
 * Attachment content as a Blob, for any element: an inline `data`, or a `Binary` on the session's
 * own FHIR server read through the scoped client (its token, its abort on a patient switch).
 *
 * The token never leaves the FHIR server's origin. An attachment whose URL is on another origin
 * is **not fetched at all** (not even without the token: its server would learn who reads what,
 * and we could not vouch for what it returns); `attachmentSource` says so and gives its domain,
 * and the element shows the domain and a plain link that opens with `rel="noopener noreferrer"`.
 */
import { CoordError, expectResource, type CoordClient, type ContentView } from '@coord/api-client';
import type { Binary } from '@medplum/fhirtypes';
import { base64ToBlob, formatBytes } from './bytes.ts';

export { base64ToBlob, formatBytes };

/** Where an attachment's bytes come from. */
export type AttachmentSource =
  | { kind: 'inline' }
  | { kind: 'binary'; reference: string }
  | { kind: 'external'; url: string; domain: string }
  | { kind: 'none' };

/** Types shown in place (images, PDF, plain text); anything else is downloaded, never rendered. */
const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

export type PreviewKind = 'image' | 'pdf' | 'text' | 'unsupported';

/** The content type, lower-cased and without parameters. */
export function baseType(type: string | undefined): string {
  return (type ?? '').split(';')[0]!.trim().toLowerCase();
}

export function previewKind(type: string | undefined): PreviewKind {
  const t = baseType(type);
  if (!PREVIEWABLE.has(t)) return 'unsupported';
  if (t.startsWith('image/')) return 'image';
  return t === 'application/pdf' ? 'pdf' : 'text';
}

/** A type safe to give a Blob (one that cannot run script if opened); else a neutral one. */
export function safeBlobType(type: string | undefined): string {
  const t = baseType(type);
  return PREVIEWABLE.has(t) ? t : 'application/octet-stream';
}

export function attachmentSource(client: CoordClient, content: Pick<ContentView, 'inline' | 'url' | 'binary'>): AttachmentSource {
  if (content.inline) return { kind: 'inline' };
  const url = content.url;
  if (!url) return { kind: 'none' };
  if (!/^https?:\/\//i.test(url)) return content.binary ? { kind: 'binary', reference: content.binary } : { kind: 'none' };
  if (client.isSameOrigin(url) && url.startsWith(`${client.baseUrl}/`) && content.binary) return { kind: 'binary', reference: content.binary };
  let domain = '';
  try {
    domain = new URL(url).host;
  } catch {
    return { kind: 'none' };
  }
  return client.isSameOrigin(url) ? { kind: 'none' } : { kind: 'external', url, domain };
}


/**
 * The attachment's bytes. Throws a CoordError: `not-found` when the Binary is gone (404/410) or
 * nothing can be fetched, `forbidden` for an attachment on another origin (never fetched).
 */
export async function loadAttachment(
  client: CoordClient,
  content: Pick<ContentView, 'inline' | 'url' | 'binary' | 'contentType'> & { data?: string },
  signal?: AbortSignal,
): Promise<Blob> {
  const declared = content.contentType ? safeBlobType(content.contentType) : undefined;
  const source = attachmentSource(client, content);
  if (source.kind === 'inline') {
    if (!content.data) throw new CoordError('not-found', 'Inline content not at hand');
    return base64ToBlob(content.data, declared ?? 'application/octet-stream');
  }
  if (source.kind === 'external') throw new CoordError('forbidden', 'Attachment on another server: not fetched');
  if (source.kind === 'none') throw new CoordError('not-found', 'Attachment content unavailable');
  let body: Binary | undefined;
  try {
    ({ body } = await client.request<Binary>(source.reference, { cache: false, signal }));
  } catch (err) {
    if (err instanceof CoordError && err.kind === 'gone') throw new CoordError('not-found', 'Binary gone', { status: err.status });
    throw err;
  }
  const binary = expectResource<Binary>(body, 'Binary', client.url(source.reference));
  if (typeof binary.data !== 'string') throw new CoordError('not-found', 'Binary without content');
  return base64ToBlob(binary.data, declared ?? safeBlobType(binary.contentType));
}

/** Whether the bytes look like what their type says (a "PDF" that is not one is corrupt). */
export async function looksValid(blob: Blob, kind: PreviewKind): Promise<boolean> {
  if (blob.size === 0) return false;
  if (kind === 'pdf') return (await blob.slice(0, 5).text()) === '%PDF-';
  return true;
}

/** Saves a Blob under its real file name (a temporary `download` link; the name is never markup). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(name);
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name without path separators or control characters, kept to 120 characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim().slice(0, 120);
  return clean || 'document';
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'text/plain': 'txt',
};

/** The name a download gets: the title, with the extension its type implies when it lacks one. */
export function fileNameFor(title: string | undefined, type: string | undefined): string {
  const base = safeFileName(title ?? 'document');
  const ext = EXTENSIONS[baseType(type)];
  return ext && !base.toLowerCase().endsWith(`.${ext}`) && !(ext === 'jpg' && /\.jpe?g$/i.test(base)) ? `${base}.${ext}` : base;
}

