import { runElementSuite } from '../testing/element-suite.ts';
import './timeline.ts';

runElementSuite({
  tag: 'coord-timeline',
  martinText: 'Passage IDEL quotidien',
  duboisText: 'Pansement de la plaie du pied droit',
  attrs: { 'poll-interval': '0' },
});
