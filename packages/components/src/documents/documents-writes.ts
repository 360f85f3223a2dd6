// The documents' write path (upload, the DocumentReference builder, RecordWriter and the write
// core under it), imported on the first upload or mask/unmask by `documents-upload.ts` and
// `documents.component.ts`: a reader who only reads never loads it (issue #11).
export { RecordWriter, uploadBinary, uploadedDocument } from '@coord/api-client';
