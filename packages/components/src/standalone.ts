// Entry of `dist/coord-elements.js`: one ES module with every dependency inside, registering
// every element, for a plain <script type="module"> in any host page.
import './define.ts';
export * from './index.ts';
