import { runElementSuite } from '../testing/element-suite.ts';
import './documents.ts';

runElementSuite({ tag: 'coord-documents', martinText: 'Compte rendu de soins infirmiers — plaie du talon', duboisText: 'Compte rendu de consultation — plaie du pied droit', attrs: { 'poll-interval': '0' } });
