import { resolve } from 'node:path';
import { defineConfig, type Rolldown, type UserConfig } from 'vite';
import { minifyTemplates } from './template-minify.ts';

/**
 * Three builds into `dist/` (`npm run build` runs them in this order):
 * - default: ES modules for bundler users — `index.js` (classes), `define.js`, `elements/coord-*.js`
 *   (one per element), shared code in `chunks/` named after what it holds; lit, `@lit/*`,
 *   `@lit-labs/*`, dompurify, idb and `@coord/api-client` stay external so hosts dedupe them;
 * - `--mode cdn`: `coord-elements.js`, the one script a host loads: a small loader that registers
 *   every tag and imports each element's code from `coord-elements/*.js` on first use;
 * - `--mode bundle`: `coord-elements.bundle.js`, everything in one file, every tag registered.
 * All minified (whitespace, identifiers, syntax); the two script-tag builds carry every dependency.
 */
const src = (p: string) => resolve(import.meta.dirname, 'src', p);

/**
 * Lit parts only some elements use: `repeat` (lists, notes), `live` (the timeline's filters), the
 * async directive base (the virtualiser's `virtualize`) and the helpers they share. They go with
 * the elements that import them, not into the core every page loads.
 */
const LIT_ON_DEMAND = /[\\/]lit-html[\\/](async-directive|directive-helpers|directives[\\/](repeat|live))\.js$/;

/**
 * The code every element needs: Lit, context, the base classes, events, the session and its client
 * (not the DOMPurify helper, which only some elements will need, nor the English strings).
 */
const isCore = (id: string): boolean =>
  (/[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit[\\/](reactive-element|context))[\\/]/.test(id) && !LIT_ON_DEMAND.test(id)) ||
  (/[\\/]components[\\/]src[\\/](base|events)[\\/]/.test(id) && !/(\.en|[\\/](sanitize|binary|bytes|media-viewer|lazy-list|virtual))\.ts$/.test(id)) ||
  id.includes('rolldown/runtime') ||
  /[\\/]components[\\/]src[\\/]api\.ts$/.test(id);

/**
 * Chunk names say what a chunk holds: an element's own code is `coord-<element>` (script-tag build)
 * or `<element>.component` (bundler build), a language's strings `<owner>.<lang>` (`i18n.en`,
 * `chat.en`), shared code `core`, `virtualizer`, or the modules it holds.
 */
function chunkName(chunk: Rolldown.PreRenderedChunk): string {
  const id = chunk.facadeModuleId ?? '';
  const element = /[\\/]src[\\/]([\w-]+)[\\/]\1\.ts$/.exec(id);
  if (element) return `coord-${element[1]}`;
  const strings = /[\\/]([\w-]+?)(?:\.messages)?\.(en|fr)\.ts$/.exec(id);
  if (strings) return `${strings[1]}.${strings[2]}`;
  if (id || chunk.name === 'core' || chunk.name === 'virtualizer' || chunk.name.includes('runtime')) return chunk.name;
  // An element's class, shared by index.js and its elements/ module (bundler build).
  const component = chunk.moduleIds.map((m) => /[\\/]src[\\/][\w-]+[\\/]([\w-]+\.component)\.ts$/.exec(m)?.[1]).find(Boolean);
  if (component) return component;
  // Code shared by some elements: named after the modules it holds (`common-ppcs-task`).
  const names = chunk.moduleIds.map((m) => /([\w-]+)\.[jt]s$/.exec(m)?.[1]).filter((n): n is string => !!n && n !== 'index');
  return [...new Set(names)].slice(0, 3).join('-') || chunk.name;
}

const minified: Rolldown.OutputOptions = {
  // Vite's library mode keeps whitespace in ES output; ask Oxc for the whole job.
  minify: true,
  comments: false,
};

export default defineConfig(({ mode }): UserConfig => {
  const shared: UserConfig = {
    plugins: [minifyTemplates()],
    // Lit decorators in legacy mode (experimentalDecorators + useDefineForClassFields: false),
    // set explicitly: Vite 8's Oxc would otherwise leave them un-lowered without a word.
    oxc: {
      decorator: { legacy: true },
      assumptions: { setPublicClassFields: true },
      typescript: { removeClassFieldsWithoutInitializer: true },
    },
  };
  const build = { target: 'es2022', outDir: 'dist', sourcemap: true, minify: 'oxc' as const };

  if (mode === 'cdn') {
    return {
      ...shared,
      build: {
        ...build,
        emptyOutDir: false,
        lib: { entry: { 'coord-elements': src('coord-elements.ts') }, formats: ['es'] },
        rolldownOptions: {
          output: {
            ...minified,
            chunkFileNames: (chunk) => `coord-elements/${chunkName(chunk)}.js`,
            codeSplitting: {
              groups: [
                { name: 'core', test: isCore, priority: 2 },
                { name: 'virtualizer', test: /[\\/]node_modules[\\/]@lit-labs[\\/]virtualizer[\\/]|[\\/]src[\\/]base[\\/]virtual\.ts$/, priority: 1 },
              ],
            },
          },
        },
      },
    };
  }

  if (mode === 'bundle') {
    return {
      ...shared,
      build: {
        ...build,
        emptyOutDir: false,
        lib: { entry: { 'coord-elements.bundle': src('bundle.ts') }, formats: ['es'] },
        rolldownOptions: { output: { ...minified, codeSplitting: false } },
      },
    };
  }

  return {
    ...shared,
    build: {
      ...build,
      emptyOutDir: true,
      lib: {
        entry: {
          index: src('index.ts'),
          define: src('define.ts'),
          'elements/coord-provider': src('provider/provider.ts'),
          'elements/coord-patient-banner': src('patient-banner/patient-banner.ts'),
          'elements/coord-timeline': src('timeline/timeline.ts'),
          'elements/coord-chat': src('chat/chat.ts'),
          'elements/coord-notes': src('notes/notes.ts'),
          'elements/coord-ppcs': src('ppcs/ppcs.ts'),
          'elements/coord-documents': src('documents/documents.ts'),
          'elements/coord-record': src('record/record.ts'),
          'react/index': src('react/index.ts'),
          'elements/coord-audit': src('audit/audit.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^dompurify($|\/)/, /^idb($|\/)/, /^@coord\/api-client($|\/)/, /^react($|\/)/],
        output: {
          // Keep /*#__PURE__*/ annotations: the host's bundler tree-shakes with them.
          minify: true,
          comments: { legal: false, jsdoc: false, annotation: true },
          chunkFileNames: (chunk) => `chunks/${chunkName(chunk)}.js`,
          codeSplitting: { groups: [{ name: 'core', test: isCore, priority: 1 }] },
        },
      },
    },
  };
});
