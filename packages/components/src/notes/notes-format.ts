/**
 * Light formatting of shared notes. Notes are stored as `text/markdown` (a small subset): a note
 * stays readable as plain text on any other system, and line diffs and three-way merges work on
 * it, which XHTML would make awkward. Rendering: the text is cut into blocks and inline pieces
 * here and each becomes a Lit template, every piece of the note bound as text — no HTML string is
 * built or parsed, so nothing in a note can become markup, let alone run (and no sanitiser has to
 * be fetched for it).
 *
 * Supported: blank line = paragraph, lines starting `- ` / `* ` = bulleted list, `1. ` =
 * numbered list, `**bold**`, `[text](https://…)` and bare http(s) URLs = links (a new tab, rel
 * noopener noreferrer, the domain shown after the link), `mailto:` links.
 */
import { html, type TemplateResult } from 'lit';

export const NOTE_CONTENT_TYPE = 'text/markdown; charset=utf-8';

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

type Inline = string | TemplateResult;

function link(text: string, raw: string): Inline {
  const url = safeLink(raw);
  if (!url) return text === raw ? raw : `[${text}](${raw})`;
  const a = html`<a href=${url.href} target="_blank" rel="noopener noreferrer">${text}</a>`;
  return url.protocol === 'mailto:' ? a : html`${a} <span>(${url.hostname})</span>`;
}

const INLINE = /\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|((?:https?:\/\/|mailto:)[^\s<>"'`]+)|\*\*([^*\n]{1,2000})\*\*/g;

function inline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const at = m.index ?? 0;
    out.push(line.slice(last, at));
    if (m[1] !== undefined) out.push(link(m[1], m[2]!));
    else if (m[3] !== undefined) {
      // Sentence punctuation after a bare URL is not part of it.
      const url = m[3].replace(/[.,;:!?»”’)]+$/, '');
      out.push(link(url, url), m[3].slice(url.length));
    } else out.push(html`<strong>${inline(m[4]!)}</strong>`);
    last = at + m[0].length;
  }
  out.push(line.slice(last));
  return out;
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBER = /^\s*\d{1,4}[.)]\s+/;

/** The note as paragraphs and lists, every piece of its text bound as text. */
export function renderNoteText(text: string): TemplateResult[] {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const out: TemplateResult[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    let para: string[] = [];
    let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
    const flush = (): void => {
      if (para.length) out.push(html`<p>${para.map((l, i) => (i ? html`<br />${inline(l)}` : inline(l)))}</p>`);
      para = [];
      if (list) {
        const items = list.items.map((i) => html`<li>${inline(i)}</li>`);
        out.push(list.tag === 'ul' ? html`<ul>${items}</ul>` : html`<ol>${items}</ol>`);
      }
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
  return out;
}

/** A one-line plain excerpt for a closed note. */
export function noteExcerpt(text: string, max = 220): string {
  const flat = text.replace(/\*\*/g, '').replace(/\[([^\]\n]+)\]\([^)\s]+\)/g, '$1').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
