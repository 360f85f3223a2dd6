import { runElementSuite } from '../testing/element-suite.ts';
import './chat.ts';

runElementSuite({
  tag: 'coord-chat',
  martinText: 'oncologie',
  duboisText: 'chaussure de décharge',
  attrs: { 'poll-interval': '0' },
});
