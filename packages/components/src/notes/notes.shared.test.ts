import { runElementSuite } from '../testing/element-suite.ts';
import './notes.ts';

runElementSuite({ tag: 'coord-notes', martinText: 'Suivi à domicile', duboisText: 'Aucune note partagée', attrs: { 'poll-interval': '0' } });
