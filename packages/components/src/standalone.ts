// Entry of `dist/coord-elements.js`: one ES module with every dependency inside, registering
// every element, for a plain <script type="module"> in any host page. It exports only what a
// host page needs beside the tags (the client to share, the error type, the event classes), so
// the view models and helpers that no element uses are left out of the bundle; bundler users
// import them from `@coord/components` / `@coord/api-client` instead.
import './define.ts';
export { CoordClient, CoordError } from '@coord/api-client';
export { CoordProvider } from './provider/provider.component.ts';
export { CoordPatientBanner } from './patient-banner/patient-banner.component.ts';
export { CoordTimeline } from './timeline/timeline.component.ts';
export { CoordChat } from './chat/chat.component.ts';
export { CoordErrorEvent } from './events/coord-error.ts';
export { CoordSelectEvent } from './events/coord-select.ts';
export { CoordAuthRequiredEvent } from './events/coord-auth-required.ts';
export { CoordPatientChangeEvent } from './events/coord-patient-change.ts';
export { CoordFilterChangeEvent } from './events/coord-filter-change.ts';
export { CoordMessageSentEvent } from './events/coord-message-sent.ts';
