// Component tests: @open-wc/testing in real Chromium (Debian's, via playwright-core).
// Every test page starts with src/testing/setup.ts (the library's clock fixed) and runs in
// the Europe/Paris time zone; the date-sensitive files run a second time in UTC.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const chromium = process.env.CHROME_PATH || '/usr/bin/chromium';
const workerScript = readFileSync(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url));

const browser = (timezoneId) =>
  playwrightLauncher({
    product: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    createBrowserContext: ({ browser: b }) => b.newContext({ timezoneId, locale: 'fr-FR' }),
  });

/** Files whose assertions depend on calendar arithmetic: run in UTC as well as in Paris. */
const DATE_SENSITIVE = [
  'packages/components/src/base/calendar.test.ts',
  'packages/components/src/timeline/timeline-filters.test.ts',
];

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
  testRunnerHtml: (testFramework) => `<html lang="fr"><head>
      <script src="/packages/components/src/testing/benign-errors.js"></script>
      <script type="module" src="/packages/components/src/testing/setup.ts"></script>
      <script type="module" src="${testFramework}"></script>
    </head><body></body></html>`,
  browsers: [browser('Europe/Paris')],
  groups: [
    { name: 'utc', files: DATE_SENSITIVE, browsers: [browser('UTC')] },
  ],
  // Browser logs are shown only for failing tests; Lit's dev-mode notice is expected noise.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  concurrency: 2,
  // Per test (mocha) and per file: a hung test fails within bounds, never hangs the chain.
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 20 * 60_000,
};
