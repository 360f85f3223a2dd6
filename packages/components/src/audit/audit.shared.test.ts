import { runElementSuite } from '../testing/element-suite.ts';
import './audit.ts';

runElementSuite({ tag: 'coord-audit', martinText: 'Dr Karim Haddad', duboisText: 'Aucune trace d’accès' });
