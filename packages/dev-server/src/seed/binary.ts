/**
 * Tiny real file contents for the seed: base64 helpers, a one-page PDF writer (with a correct
 * xref table) and two small PNG photos. Portable module: no `node:` imports, no Buffer — it
 * runs in the browser too (MSW handlers).
 */
import type { Binary, Reference } from '@medplum/fhirtypes';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of a byte sequence. */
export function base64FromBytes(bytes: ArrayLike<number>): string {
  let out = '';
  const len = bytes.length;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = ((bytes[i]! & 0xff) << 16) | ((bytes[i + 1]! & 0xff) << 8) | (bytes[i + 2]! & 0xff);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  if (i < len) {
    const a = bytes[i]! & 0xff;
    const b = i + 1 < len ? bytes[i + 1]! & 0xff : 0;
    const n = (a << 16) | (b << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < len ? B64[(n >> 6) & 63]! + '=' : '==';
  }
  return out;
}

/** Base64 of a "binary string" (every char code < 256 is one byte). */
export function base64FromBinaryString(s: string): string {
  const bytes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return base64FromBytes(bytes);
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a text, base64-encoded, and their count (for `attachment.size`). */
export function utf8Base64(text: string): { data: string; size: number } {
  const bytes = encoder.encode(text);
  return { data: base64FromBytes(bytes), size: bytes.length };
}

/** Byte length of base64 content. */
export function base64Size(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

// ---------------------------------------------------------------------------------------------
// PDF

/** WinAnsiEncoding bytes for the few non-Latin-1 characters French text uses. */
const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, 'Œ': 0x8c, '‘': 0x91, '’': 0x92, '“': 0x93,
  '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Ÿ': 0x9f, '\u202f': 0xa0,
};

/** Text → a binary string in WinAnsiEncoding (Helvetica's encoding here); the minus sign becomes
 * a hyphen, other unknown chars '?'. */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\u2212/g, '-')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (WIN_ANSI_EXTRA[ch] !== undefined) out += String.fromCharCode(WIN_ANSI_EXTRA[ch]);
    else out += '?';
  }
  return out;
}

/** A PDF literal string `( … )` with its delimiters escaped. */
function pdfString(binary: string): string {
  return '(' + binary.replace(/[\\()]/g, (c) => '\\' + c) + ')';
}

/** Plain ASCII-ish title for the Info dictionary (PDFDocEncoding differs from WinAnsi above 0x7f
 * only for punctuation, which we flatten). */
function infoText(text: string): string {
  const flat = text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/…/g, '...');
  return winAnsi(flat).replace(/[\x80-\x9f]/g, '?');
}

/** Word-wrap a paragraph to lines of at most `width` characters. */
function wrap(paragraph: string, width: number): string[] {
  if (paragraph === '') return [''];
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface PdfSpec {
  /** Bold heading. */
  title: string;
  /** Grey line under the title (establishment, author, date…). */
  subtitle?: string;
  /** Body paragraphs; long ones are wrapped, '' gives a blank line. */
  body: string[];
}

export interface FileContent {
  contentType: string;
  /** base64 */
  data: string;
  /** bytes */
  size: number;
}

/**
 * A valid one-page A4 PDF (PDF 1.4, Helvetica, WinAnsiEncoding) with the given French text.
 * Built as a binary string so every byte offset in the xref table is exact.
 */
export function makePdf(spec: PdfSpec): FileContent {
  const ops: string[] = ['BT', '/F2 15 Tf', '56 780 Td', pdfString(winAnsi(spec.title)) + ' Tj', 'ET'];
  let y = 780;
  if (spec.subtitle) {
    y -= 20;
    ops.push('BT', '0.35 g', '/F1 10 Tf', `56 ${y} Td`, pdfString(winAnsi(spec.subtitle)) + ' Tj', 'ET');
  }
  y -= 14;
  ops.push('0.6 G', '0.5 w', `56 ${y} m 539 ${y} l S`);
  y -= 26;
  const lines = spec.body.flatMap((p) => wrap(p, 92)).slice(0, 44);
  ops.push('BT', '0 g', '/F1 11 Tf', '15 TL', `56 ${y} Td`);
  lines.forEach((line, i) => {
    if (i > 0) ops.push('T*');
    if (line) ops.push(pdfString(winAnsi(line)) + ' Tj');
  });
  ops.push('ET');
  ops.push('BT', '0.5 g', '/F1 8 Tf', '56 40 Td', pdfString(winAnsi('Document de démonstration — données fictives')) + ' Tj', 'ET');
  const stream = ops.join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    `<< /Title ${pdfString(infoText(spec.title))} /Producer (coord-elements dev-server seed) >>`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { contentType: 'application/pdf', data: base64FromBinaryString(pdf), size: pdf.length };
}

// ---------------------------------------------------------------------------------------------
// PNG

/** 16×16 palette PNG: a heel wound (red ellipse on skin tone). Verified with `file`. */
export const PNG_PLAIE =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAMAAAAoLQ9TAAAADFBMVEXpwKDgkIi4QDiAKCRd9fElAAAAK0lEQVR42mNgoBZgBAMkLhMYwITAfGZmhAgjiAsCTExEC6CbgWELpjtIBABWugCtUFzfpgAAAABJRU5ErkJggg==';

/** Same wound three weeks later, smaller. */
export const PNG_PLAIE_J25 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAMAAAAoLQ9TAAAADFBMVEXpwKDgkIi4QDiAKCRd9fElAAAALklEQVR42rWNsQ0AMAzCgv3/z13TZKzqDWRB1T+S5IoArQoopAmqTZnG3lgvjxwq5gBVqCmc3gAAAABJRU5ErkJggg==';

export function png(data: string): FileContent {
  return { contentType: 'image/png', data, size: base64Size(data) };
}

/** Plain UTF-8 text content. */
export function textContent(text: string): FileContent {
  return { contentType: 'text/plain; charset=utf-8', ...utf8Base64(text) };
}

/** A Binary resource holding `file`; `securityContext` is the resource that governs access
 * (the DocumentReference or Communication it belongs to). */
export function binaryResource(id: string, file: FileContent, securityContext?: Reference): Binary {
  const binary: Binary = { resourceType: 'Binary', id, contentType: file.contentType, data: file.data };
  if (securityContext) binary.securityContext = securityContext;
  return binary;
}
