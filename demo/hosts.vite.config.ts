import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the framework host pages (`npm run build`, after the library): `react/main.jsx` and
 * `vue/main.js` into `react/dist/app.js` and `vue/dist/app.js`, from the library's built outputs
 * (`@coord/components/react`, `@coord/components/coord-elements.js`) as a host's bundler would.
 * Production builds: no eval, no inline script, so both pages run under the demo's strict CSP.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  publicDir: false,
  logLevel: 'warn',
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: import.meta.dirname,
    emptyOutDir: false,
    target: 'es2022',
    modulePreload: false,
    // React DOM alone is ~180 KB minified; these are demo pages, not budgets.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      input: { react: resolve(import.meta.dirname, 'react/main.jsx'), vue: resolve(import.meta.dirname, 'vue/main.js') },
      output: {
        entryFileNames: '[name]/dist/app.js',
        chunkFileNames: 'shared/dist/[name]-[hash].js',
        assetFileNames: 'shared/dist/[name]-[hash][extname]',
      },
    },
  },
});
