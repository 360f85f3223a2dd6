import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Two builds:
 * - default: ES modules for bundler users (classes, define, one module per element); lit,
 *   @lit/*, dompurify and @coord/api-client stay external so hosts dedupe them;
 * - `--mode standalone`: dist/coord-elements.js, one minified ES module with every dependency
 *   inside, registering every element, for a plain <script type="module">.
 */
const src = (p: string) => resolve(import.meta.dirname, 'src', p);

export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  return {
    // Lit decorators in legacy mode (experimentalDecorators + useDefineForClassFields: false),
    // set explicitly: Vite 8's Oxc would otherwise leave them un-lowered without a word.
    oxc: {
      decorator: { legacy: true },
      assumptions: { setPublicClassFields: true },
      typescript: { removeClassFieldsWithoutInitializer: true },
    },
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !standalone,
      sourcemap: true,
      minify: standalone,
      lib: standalone
        ? { entry: { 'coord-elements': src('standalone.ts') }, formats: ['es'] }
        : {
            entry: {
              index: src('index.ts'),
              define: src('define.ts'),
              'elements/coord-provider': src('provider/provider.ts'),
              'elements/coord-patient-banner': src('patient-banner/patient-banner.ts'),
              'elements/coord-timeline': src('timeline/timeline.ts'),
              'elements/coord-chat': src('chat/chat.ts'),
            },
            formats: ['es'],
          },
      rollupOptions: standalone
        ? {}
        : { external: [/^lit($|\/)/, /^@lit\//, /^dompurify$/, /^@coord\/api-client$/] },
    },
  };
});
