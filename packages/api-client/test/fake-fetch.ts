/** A scripted fetch for unit tests: answers in order and records every request. */
import type { FetchLike } from '../src/client.ts';

export interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type Answer = Response | Error | ((req: Recorded) => Response | Promise<Response>);

export function fhir(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
  });
}

export function scriptedFetch(answers: Answer[]): FetchLike & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fn = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const req: Recorded = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    calls.push(req);
    if (init.signal?.aborted) throw init.signal.reason;
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    if (!next) throw new Error('no scripted answer');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(req);
    return next.clone();
  };
  return Object.assign(fn, { calls });
}
