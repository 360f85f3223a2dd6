// The outbox's queue and its IndexedDB store (idb), imported on demand by `chat-outbox.ts` when a
// chat opens its queue — which it does only for a named viewer (no viewer, nothing to send): the
// thread shows first, and a chat without a viewer never loads this code.
export { MemoryOutboxStore, openOutboxStore, Outbox } from '@coord/api-client';
