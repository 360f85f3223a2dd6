import { runElementSuite } from '../testing/element-suite.ts';
import './timeline.ts';

runElementSuite({
  tag: 'coord-timeline',
  martinText: 'Préparer le pilulier chaque semaine', // the next action, first of "À venir"
  duboisText: 'Pansement de la plaie du pied droit',
  attrs: { 'poll-interval': '0' },
});
