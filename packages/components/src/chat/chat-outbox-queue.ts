// The outbox's queue and its IndexedDB store (idb), with the write core it sends through, imported
// on demand by `chat-outbox.ts`: when a chat finds entries waiting for its viewer, or on its first
// send (issue #11). A chat without a viewer, or one nobody writes in, never loads this code.
export { clientIdentifierOf, MemoryOutboxStore, openOutboxStore, Outbox } from '@coord/api-client';
// What the thread shows of the entries.
export { PendingViews } from './chat-pending.ts';
