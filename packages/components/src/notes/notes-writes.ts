// The notes' write path (RecordWriter and the write core under it), imported on the first save by
// `notes.component.ts`: a reader who only reads never loads it (issue #11).
export { RecordWriter } from '@coord/api-client';
