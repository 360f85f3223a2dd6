/**
 * A fault-injection proxy for the dev server: per request, with a configurable rate and a
 * seeded (deterministic) PRNG, it drops the connection, delays, answers 500, cuts the response
 * half-way, or — for writes — passes the request on and then drops the answer ("lost answer":
 * the server did the write, the client never hears of it). Used to prove that the write path
 * loses, duplicates and reorders nothing. Logs counts only, never bodies.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { FHIR_PATH } from './server.ts';

export type FaultKind = 'drop' | 'delay' | 'error' | 'cut' | 'lost-answer';

export interface FaultProxyOptions {
  /** Origin of the server behind, e.g. `http://127.0.0.1:8787`. */
  target: string;
  port?: number;
  host?: string;
  /** Share of requests that get a fault (default 0.3). */
  rate?: number;
  /** PRNG seed: the same seed and request order give the same faults (default 1). */
  seed?: number;
  /** Relative weights of the faults (default: equal). `lost-answer` applies to writes only. */
  weights?: Partial<Record<FaultKind, number>>;
  /** Delay range in ms for `delay` (default 20–200). */
  delayMs?: [number, number];
}

export interface FaultProxy {
  origin: string;
  /** FHIR base through the proxy. */
  baseUrl: string;
  /** Requests seen and faults injected, by kind. */
  readonly stats: Record<FaultKind | 'passed' | 'requests', number>;
  close(): Promise<void>;
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const rate = options.rate ?? 0.3;
  const random = seededRandom(options.seed ?? 1);
  const weights = { drop: 1, delay: 1, error: 1, cut: 1, 'lost-answer': 1, ...options.weights };
  const [minDelay, maxDelay] = options.delayMs ?? [20, 200];
  const stats: FaultProxy['stats'] = { requests: 0, passed: 0, drop: 0, delay: 0, error: 0, cut: 0, 'lost-answer': 0 };

  function pick(method: string): FaultKind | undefined {
    if (random() >= rate) return undefined;
    const kinds = (Object.keys(weights) as FaultKind[]).filter((k) => weights[k] > 0 && (k !== 'lost-answer' || WRITES.has(method)));
    const total = kinds.reduce((s, k) => s + weights[k], 0);
    let r = random() * total;
    for (const k of kinds) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return kinds[kinds.length - 1];
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    // CORS preflights pass untouched: browsers would hide the real fault behind a CORS error.
    const fault = method === 'OPTIONS' ? undefined : pick(method);
    stats.requests++;
    stats[fault ?? 'passed']++;
    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'error': {
        const text = JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'transient', details: { text: 'Injected fault' } }],
        });
        res.writeHead(500, {
          'Content-Type': 'application/fhir+json',
          'Content-Length': Buffer.byteLength(text),
          'Access-Control-Allow-Origin': '*',
        });
        res.end(text);
        return;
      }
      case 'delay':
        await new Promise((r) => setTimeout(r, minDelay + random() * (maxDelay - minDelay)));
        break;
      default:
        break;
    }
    const upstream = await forward(req, body);
    if (fault === 'lost-answer') {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string | string[] | undefined> = { ...upstream.headers, 'content-length': String(upstream.body.length) };
    delete headers['transfer-encoding'];
    delete headers['connection'];
    delete headers['keep-alive'];
    res.writeHead(upstream.status, headers);
    if (fault === 'cut') {
      res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
      setImmediate(() => res.socket?.destroy());
      return;
    }
    res.end(upstream.body);
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const out = httpRequest(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (up) => {
          readBody(up).then((b) => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: b }), reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    baseUrl: origin + FHIR_PATH,
    stats,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
