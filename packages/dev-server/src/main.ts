/**
 * `npm start` / `node --import tsx packages/dev-server/src/main.ts [options]`
 *   --port N      port on 127.0.0.1 (default 8787, or $PORT)
 *   --extra N     add N generated timeline items for scale tests
 *   --data FILE   where written resources are kept (default packages/dev-server/data/store.json)
 *   --no-persist  keep nothing across restarts
 *   --demo        also serve the demo host page at /
 *   --empty       start without the seed
 *   --log         one line per FHIR request (method, path, status; never bodies or tokens)
 *   --help        this text
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    extra: { type: 'string', default: '0' },
    data: { type: 'string', default: resolve(import.meta.dirname, '../data/store.json') },
    'no-persist': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    empty: { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(await import('node:fs').then((fs) => fs.readFileSync(import.meta.filename, 'utf8')))?.[1];
  console.log((doc ?? '').replace(/^ \* ?/gm, '').trim());
  process.exit(0);
}

const dev = await startDevServer({
  port: Number(values.port),
  extra: Number(values.extra),
  dataFile: values['no-persist'] ? undefined : values.data,
  demo: values.demo,
  empty: values.empty,
  log: values.log,
});
console.log(`FHIR R4 dev server: ${dev.baseUrl}`);
if (values.demo) console.log(`Demo host page:     ${dev.origin}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void dev.close().then(() => process.exit(0));
  });
}
