// Registers every element (each define module is guarded, so loading twice does not throw).
import './provider/provider.ts';
import './patient-banner/patient-banner.ts';
import './timeline/timeline.ts';
import './chat/chat.ts';
import './notes/notes.ts';
import './ppcs/ppcs.ts';
import './documents/documents.ts';
import './record/record.ts';
import './audit/audit.ts';
