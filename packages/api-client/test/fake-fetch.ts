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

/** A scripted XMLHttpRequest: answers `send()` with the next answer (or waits, for `'hang'`). */
export type XhrAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export class FakeXhr extends EventTarget {
  readonly upload = new EventTarget();
  readonly headers: Record<string, string> = {};
  method = '';
  url = '';
  sent?: string;
  status = 0;
  responseText = '';
  private responseHeaders: Record<string, string> = {};
  constructor(private readonly answer: XhrAnswer | undefined) {
    super();
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  getAllResponseHeaders(): string {
    return Object.entries(this.responseHeaders).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  }
  send(body?: string): void {
    this.sent = body;
    const answer = this.answer;
    if (!answer || answer === 'hang') return;
    setTimeout(() => {
      this.progress(body?.length ?? 0, body?.length ?? 0);
      this.status = answer.status;
      this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body);
      this.responseHeaders = { 'Content-Type': 'application/fhir+json', ...answer.headers };
      this.dispatchEvent(new Event('load'));
    }, 1);
  }
  abort(): void {
    this.dispatchEvent(new Event('abort'));
  }
  progress(loaded: number, total: number): void {
    this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded, total, lengthComputable: true }));
  }
}

/** A factory handing out FakeXhrs that answer in order (the last answer repeats). */
export function scriptedXhr(answers: XhrAnswer[]): (() => XMLHttpRequest) & { made: FakeXhr[] } {
  const made: FakeXhr[] = [];
  const create = () => {
    const xhr = new FakeXhr(answers.length > 1 ? answers.shift() : answers[0]);
    made.push(xhr);
    return xhr as unknown as XMLHttpRequest;
  };
  return Object.assign(create, { made });
}
