/**
 * Light formatting of shared notes. Notes are stored as `text/markdown` (a small subset): a note
 * stays readable as plain text on any other system, and line diffs and three-way merges work on
 * it, which XHTML would make awkward. Rendering: the text is cut into blocks and inline pieces
 * here, every piece escaped, and the resulting HTML goes through the one DOMPurify path
 * (`base/sanitize.ts`) — nothing in a note is ever executed.
 *
 * Supported: blank line = paragraph, lines starting `- ` / `* ` = bulleted list, `1. ` =
 * numbered list, `**bold**`, `[text](https://…)` and bare http(s) URLs = links (rel noopener,
 * the domain shown after the link), `mailto:` links.
 */
import { sanitizeHtml } from '../base/sanitize.ts';

export const NOTE_CONTENT_TYPE = 'text/markdown; charset=utf-8';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => escapes[c]!);

/** An http(s) URL with a host, or a mailto with an address; anything else is not a link. */
export function safeLink(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:') return url.pathname.includes('@') ? url : undefined;
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url : undefined;
}

function link(text: string, raw: string): string {
  const url = safeLink(raw);
  if (!url) return escape(text === raw ? raw : `[${text}](${raw})`);
  const domain = url.protocol === 'mailto:' ? '' : ` <span>(${escape(url.hostname)})</span>`;
  return `<a href="${escape(url.href)}">${escape(text)}</a>${domain}`;
}

const INLINE = /\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|((?:https?:\/\/|mailto:)[^\s<>"'`]+)|\*\*([^*\n]{1,2000})\*\*/g;

function inline(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const at = m.index ?? 0;
    out += escape(line.slice(last, at));
    if (m[1] !== undefined) out += link(m[1], m[2]!);
    else if (m[3] !== undefined) {
      // Sentence punctuation after a bare URL is not part of it.
      const url = m[3].replace(/[.,;:!?»”’)]+$/, '');
      out += link(url, url) + escape(m[3].slice(url.length));
    } else out += `<strong>${inline(m[4]!)}</strong>`;
    last = at + m[0].length;
  }
  return out + escape(line.slice(last));
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBER = /^\s*\d{1,4}[.)]\s+/;

/** The note's HTML (escaped pieces only), before sanitising. */
export function noteHtml(text: string): string {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    let para: string[] = [];
    let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
    const flush = (): void => {
      if (para.length) out.push(`<p>${para.map(inline).join('<br>')}</p>`);
      para = [];
      if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
      list = undefined;
    };
    for (const line of lines) {
      const tag = BULLET.test(line) ? 'ul' : NUMBER.test(line) ? 'ol' : undefined;
      if (tag) {
        if (para.length || (list && list.tag !== tag)) flush();
        list ??= { tag, items: [] };
        list.items.push(line.replace(tag === 'ul' ? BULLET : NUMBER, ''));
      } else {
        if (list) flush();
        para.push(line);
      }
    }
    flush();
  }
  return out.join('');
}

/** The note as sanitised nodes, ready for a Lit template. */
export function renderNoteText(text: string): DocumentFragment {
  return sanitizeHtml(noteHtml(text));
}

/** A one-line plain excerpt for a closed note. */
export function noteExcerpt(text: string, max = 220): string {
  const flat = text.replace(/\*\*/g, '').replace(/\[([^\]\n]+)\]\([^)\s]+\)/g, '$1').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
