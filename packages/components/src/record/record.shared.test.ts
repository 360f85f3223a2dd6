import { runElementSuite } from '../testing/element-suite.ts';
import './record.ts';

// Mme Martin's cancer pathway shows once the record (context, digest, badges) has loaded; the banner names M. Dubois.
runElementSuite({ tag: 'coord-record', martinText: 'Cancer', duboisText: 'Dubois', attrs: { 'poll-interval': '0' } });
