/**
 * The thread as a flat list of rows for the virtualiser: the top edge ("earlier messages" or
 * "start of the conversation"), one header per calendar day, the unread marker, then messages —
 * the server's first, then the ones still in the outbox. Day keys are cached per message so a
 * live arrival in a 5 000-message thread costs one new key, not 5 000.
 */
import type { MessageView } from '@coord/api-client';
import { formatDateTime, localize, type Lang } from '../base/i18n.ts';
import { chatMessages } from './chat.messages.ts';
import { clock } from '@coord/api-client';

/** How an unsent message stands. */
export interface PendingInfo {
  entryId: string;
  state: 'sending' | 'failed';
  /** Why it is not sent: offline, a transient failure (retried by itself), or refused by the server. */
  reason?: 'offline' | 'auto' | 'refused';
  errorKind?: string;
  status?: number;
}

export type Row =
  | { type: 'edge'; key: 'edge' }
  | { type: 'day'; key: string; label: string; short: string }
  | { type: 'unread'; key: 'unread' }
  | { type: 'message'; key: string; message: MessageView; pending?: PendingInfo; index: number };

const dayKeys = new WeakMap<MessageView, string>();

/** Local calendar day of a message (`YYYY-MM-DD`), `undated` when it has no time. */
export function dayKeyOf(message: MessageView): string {
  let key = dayKeys.get(message);
  if (key === undefined) {
    key = message.time === undefined ? 'undated' : localDay(message.time);
    dayKeys.set(message, key);
  }
  return key;
}

function localDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Aujourd'hui", "Hier", or the long date ("lundi 12 mai 2025"; `short`: "12 mai 2025"). */
export function dayLabel(lang: Lang, key: string, now = clock.now(), short = false): string {
  if (key === 'undated') return localize(chatMessages, lang, 'undated');
  if (key === localDay(now)) return localize(chatMessages, lang, 'today');
  // The calendar's previous day, not now − 24 h: on the day after a 23-hour day (DST) that
  // would be two days back.
  const today = new Date(now);
  if (key === localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1, 12).getTime())) {
    return localize(chatMessages, lang, 'yesterday');
  }
  const [y, m, d] = key.split('-').map(Number);
  const date = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return formatDateTime(lang, date, short ? { day: 'numeric', month: 'short', year: 'numeric' } : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export interface RowInput {
  messages: MessageView[];
  pending: { message: MessageView; info: PendingInfo }[];
  /** Messages after this time (not the viewer's) are unread: the marker goes before the first. */
  unreadAfter?: number;
  lang: Lang;
  now?: number;
}

export function buildRows(input: RowInput): Row[] {
  const rows: Row[] = [{ type: 'edge', key: 'edge' }];
  const labels = new Map<string, { label: string; short: string }>();
  const seen = new Map<string, number>();
  let day: string | undefined;
  let unreadPlaced = input.unreadAfter === undefined;
  let index = 0;
  const push = (message: MessageView, pending?: PendingInfo): void => {
    const key = dayKeyOf(message);
    if (key !== day) {
      day = key;
      let label = labels.get(key);
      if (label === undefined) labels.set(key, (label = { label: dayLabel(input.lang, key, input.now), short: dayLabel(input.lang, key, input.now, true) }));
      // Stable keys (older pages prepend rows); a day seen twice (undated messages between) gets a suffix.
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      rows.push({ type: 'day', key: n === 1 ? `day:${key}` : `day:${key}:${n}`, ...label });
    }
    if (!unreadPlaced && !pending && !message.mine && message.time !== undefined && message.time > input.unreadAfter!) {
      unreadPlaced = true;
      rows.push({ type: 'unread', key: 'unread' });
    }
    rows.push({ type: 'message', key: pending ? `pending:${pending.entryId}` : message.reference, message, pending, index: index++ });
  };
  for (const m of input.messages) push(m);
  for (const p of input.pending) push(p.message, p.info);
  return rows;
}
