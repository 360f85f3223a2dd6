import { runElementSuite } from '../testing/element-suite.ts';
import './ppcs.ts';

runElementSuite({
  tag: 'coord-ppcs',
  martinText: 'PPCS — Mme Jeanne Martin',
  // M. Dubois has no PPCS: the element says so (and nothing of Mme Martin's plan stays).
  duboisText: 'Aucun PPCS actif',
  attrs: { 'poll-interval': '0' },
});
