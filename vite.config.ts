/**
 * `npm run dev`: the demo host page with live reload, served by Vite from the sources, with
 * `/fhir` proxied to the FHIR dev server (`npm run dev:server`, port 8787). The demo's
 * `/dist/coord-elements.js` is mapped to the loader entry (each element's module is then served from the sources).
 * (`npm start` is the production-like path: built bundle, strict CSP, one process.)
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'demo',
  resolve: {
    conditions: ['development'],
    alias: [{ find: /^\/dist\/coord-elements\.js$/, replacement: resolve(import.meta.dirname, 'packages/components/src/coord-elements.ts') }],
  },
  oxc: {
    decorator: { legacy: true },
    assumptions: { setPublicClassFields: true },
    typescript: { removeClassFieldsWithoutInitializer: true },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/fhir': 'http://127.0.0.1:8787' },
  },
});
