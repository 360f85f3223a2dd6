import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the coord web components.
 *
 * - Stories import the components' TypeScript sources; workspace packages are resolved through
 *   their `development` export condition (`"development": "./src/index.ts"`).
 * - Lit components use legacy decorators (`experimentalDecorators` + `useDefineForClassFields:
 *   false`, see tsconfig.base.json). Vite 8 transforms TypeScript with Oxc and would otherwise
 *   leave decorators un-lowered without a word (Chromium then throws a SyntaxError), so the Oxc
 *   options are set explicitly rather than relying on tsconfig discovery.
 * - `mockServiceWorker.js` (from `msw init .storybook/public --save`) is served from `/`.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: [],
  staticDirs: ['./public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    const conditions = config.resolve?.conditions ?? [];
    return {
      ...config,
      resolve: {
        ...config.resolve,
        // Keep Vite's browser defaults and add the workspace packages' 'development' condition
        // so their `src/*.ts` are used (no need to build them first).
        conditions: [...new Set(['development', ...conditions, 'module', 'browser', 'development|production'])],
      },
      oxc: {
        ...(config.oxc || {}),
        // Equivalent of experimentalDecorators: true + useDefineForClassFields: false.
        decorator: { legacy: true },
        assumptions: { setPublicClassFields: true },
        typescript: { removeClassFieldsWithoutInitializer: true },
      },
    };
  },
};

export default config;
