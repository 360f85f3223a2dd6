import { runElementSuite } from '../testing/element-suite.ts';
import './patient-banner.ts';

runElementSuite({ tag: 'coord-patient-banner', martinText: 'Jeanne', duboisText: 'Dubois' });
