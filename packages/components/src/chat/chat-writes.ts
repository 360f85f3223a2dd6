// The chat's write builders, imported on first use by `chat.component.ts` (first send) and
// `chat-dialogs-controller.ts` (filing an attachment as a document, creating an action): a chat
// that nobody writes in never loads the write path's code (issue #11).
export { actionFromMessageOp, documentFromAttachmentOp, executeOp, findPpcsPlan, messageOp } from '@coord/api-client';
