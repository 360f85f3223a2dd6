/**
 * Message text as parts for Lit to render: plain text, and links found by a small parser (never
 * by parsing HTML). Only `http:`, `https:` and `mailto:` become links; everything else stays text.
 */

export interface TextPart {
  text: string;
  /** Set on a link: the normalised URL. */
  href?: string;
  /** Set on a link whose text hides where it goes (`https://ameli.fr@evil.example`, IDN): the real domain, shown beside it. */
  domain?: string;
}

const LINK = /(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '»', '›', '…', '’', '”']);
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Splits text into plain parts and safe links. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    // "xhttps://…" is not a link start: the scheme must begin a word.
    if (start > 0 && /[\p{L}\p{N}_]/u.test(text[start - 1] ?? '')) continue;
    const raw = trimTrailing(match[0]);
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    const domain = hiddenDomain(raw, href);
    parts.push(domain ? { text: raw, href, domain } : { text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The domain an http(s) link leads to. */
export function linkDomain(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** The real domain when the link's text does not start with it (user-info tricks, non-ASCII hosts). */
function hiddenDomain(text: string, href: string): string | undefined {
  const domain = linkDomain(href);
  if (!domain) return undefined;
  const shown = text.toLowerCase().replace(/^https?:\/\//, '');
  return shown === domain || shown.startsWith(`${domain}/`) || shown.startsWith(`${domain}:`) || shown.startsWith(`${domain}?`) || shown.startsWith(`${domain}#`) ? undefined : domain;
}

/** Drops punctuation that ends a sentence rather than the URL; keeps balanced brackets. */
function trimTrailing(url: string): string {
  let s = url;
  for (;;) {
    const c = s.at(-1) ?? '';
    if (TRAILING.has(c)) {
      s = s.slice(0, -1);
      continue;
    }
    const open = PAIRS[c];
    if (open && count(s, open) < count(s, c)) {
      s = s.slice(0, -1);
      continue;
    }
    return s;
  }
}

function count(s: string, c: string): number {
  let n = 0;
  for (const x of s) if (x === c) n++;
  return n;
}

/** The URL when it is an http(s) URL with a host or a mailto with an address; otherwise undefined. */
export function safeHref(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:') return url.pathname.includes('@') ? url.href : undefined;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url.href;
  return undefined;
}

/** Past this many characters or lines a message is shown collapsed, with "Show more". */
export const COLLAPSE_CHARS = 700;
export const COLLAPSE_LINES = 12;

/** The shown start of a long message (cut at a space), or undefined when it is short enough to show whole. */
export function collapsedPreview(text: string): string | undefined {
  const lines = text.split('\n');
  if (text.length <= COLLAPSE_CHARS && lines.length <= COLLAPSE_LINES) return undefined;
  let preview = lines.slice(0, COLLAPSE_LINES).join('\n').slice(0, COLLAPSE_CHARS - 100);
  const space = preview.search(/\s\S*$/);
  if (space > preview.length - 40) preview = preview.slice(0, space);
  return `${preview.trimEnd()}…`;
}
