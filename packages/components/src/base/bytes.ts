/**
 * Bytes helpers shared by the chat and the documents: one base64 decoder and one size formatter.
 * A module of their own, so a page with the chat does not load the documents' binary helpers.
 */
import { CoordError } from '@coord/api-client';

export function base64ToBlob(data: string, type: string): Blob {
  let binary: string;
  try {
    binary = atob(data.replace(/\s+/g, ''));
  } catch {
    throw new CoordError('invalid-response', 'Attachment data is not base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** "1,5 Mo" / "1.5 MB". */
export function formatBytes(lang: 'fr' | 'en', bytes: number): string {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
