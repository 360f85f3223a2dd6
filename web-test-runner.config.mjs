// Component tests: @open-wc/testing in real Chromium (Debian's, via playwright-core).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const chromium = process.env.CHROME_PATH || '/usr/bin/chromium';
const workerScript = readFileSync(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url));

export default {
  files: ['packages/components/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)) })],
  middleware: [
    // msw's worker must be served from / so its scope covers the test page.
    (ctx, next) => {
      if (ctx.path === '/mockServiceWorker.js') {
        ctx.type = 'text/javascript';
        ctx.body = workerScript;
        return;
      }
      return next();
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
};
