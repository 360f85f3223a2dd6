/**
 * Bytes helpers shared by the chat and the documents: one base64 decoder and one size formatter.
 * A module of their own, so a page with the chat does not load the documents' binary helpers.
 */
import { CoordError } from '@coord/api-client';
import { localeOf, type Lang } from './i18n.ts';

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

const UNITS = { fr: ['o', 'Ko', 'Mo', 'Go'], en: ['B', 'KB', 'MB', 'GB'] } as const;

/**
 * "1,5 Mo" / "1.5 MB": the number through `Intl.NumberFormat` in the element's locale, binary
 * multiples (1 Ko = 1024 o, as file managers show). The unit labels are ours: Intl's `byte` unit
 * reads "5 byte" in English and its French `ko` is not what French users see in their tools.
 */
export function formatBytes(lang: Lang, bytes: number): string {
  const units = UNITS[lang];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  let digits = unit === 0 || value >= 10 ? 0 : 1;
  // 1023.7 Ko rounds to "1 024 Ko": say "1 Mo" instead.
  if (unit < units.length - 1 && Number(value.toFixed(digits)) >= 1024) {
    value /= 1024;
    unit++;
    digits = 1;
  }
  return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
