/**
 * `npm start` / `node --import tsx packages/dev-server/src/main.ts [options]`
 *   --port N      port on 127.0.0.1 (default 8787, or $PORT)
 *   --extra N     add N generated timeline items for scale tests
 *   --data FILE   where written resources are kept (default packages/dev-server/data/store.json)
 *   --no-persist  keep nothing across restarts
 *   --demo        also serve the demo host page at /
 *   --empty       start without the seed
 *   --log         one line per FHIR request (method, path, status; never bodies or tokens)
 *   --emergency-only REFS  viewers refused the patient record unless the request carries
 *                 `X-Purpose-Of-Use: BTG` (comma-separated; default PractitionerRole/role-urg,
 *                 the emergency physician; `none` turns the rule off). The viewer is named by a
 *                 bearer token `demo:<reference>`, as the demo page sends.
 *   --faults RATE also start a fault-injection proxy (drops, delays, 500s, cut or lost answers
 *                 for RATE of requests, e.g. 0.3) on --fault-port (default port + 1), --fault-seed N
 *   --slow TYPE=MS  hold every search of TYPE for MS ms (a slow source; repeatable), e.g. --slow Encounter=25000
 *   --compress    gzip static files and FHIR JSON for clients that accept it
 *   --help        this text
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFaultProxy } from './fault-proxy.ts';
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
    slow: { type: 'string', multiple: true, default: [] },
    compress: { type: 'boolean', default: false },
    faults: { type: 'string' },
    'fault-port': { type: 'string' },
    'fault-seed': { type: 'string', default: '1' },
    'emergency-only': { type: 'string' },
  },
});

if (values.help) {
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(await import('node:fs').then((fs) => fs.readFileSync(import.meta.filename, 'utf8')))?.[1];
  console.log((doc ?? '').replace(/^ \* ?/gm, '').trim());
  process.exit(0);
}

let dev: Awaited<ReturnType<typeof startDevServer>>;
try {
  dev = await startDevServer({
    port: Number(values.port),
    extra: Number(values.extra),
    dataFile: values['no-persist'] ? undefined : values.data,
    demo: values.demo,
    empty: values.empty,
    log: values.log,
    emergencyOnly:
      values['emergency-only'] === undefined
        ? undefined
        : values['emergency-only'] === 'none'
          ? []
          : values['emergency-only'].split(',').map((r) => r.trim()).filter(Boolean),
    compress: values.compress,
    searchDelayMs: Object.fromEntries(values.slow.map((rule) => [rule.split('=')[0]!, Number(rule.split('=')[1] ?? 0)])),
  });
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${values.port} is already in use on 127.0.0.1. Start on another one: npm start -- --port 8790 (or PORT=8790 npm start).`);
    process.exit(1);
  }
  throw err;
}
console.log(`FHIR R4 dev server: ${dev.baseUrl}`);
if (values.demo) console.log(`Demo host page:     ${dev.origin}/`);
const proxy =
  values.faults === undefined
    ? undefined
    : await startFaultProxy({
        target: dev.origin,
        port: Number(values['fault-port'] ?? Number(values.port) + 1),
        rate: Number(values.faults),
        seed: Number(values['fault-seed']),
      });
if (proxy) console.log(`Through faults:     ${proxy.baseUrl} (${Number(values.faults) * 100} % of requests)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void Promise.all([dev.close(), proxy?.close()]).then(() => process.exit(0));
  });
}
