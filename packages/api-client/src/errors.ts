import type { OperationOutcome } from '@medplum/fhirtypes';

/**
 * What went wrong, in terms an element can act on: each kind maps to one visible state and
 * one way forward (retry, reload, sign in again, resolve a conflict).
 */
export type CoordErrorKind =
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'conflict'
  | 'precondition-failed'
  | 'ambiguous'
  | 'invalid-response'
  | 'invalid-request'
  | 'rate-limited'
  | 'server';

export interface CoordErrorInit {
  status?: number;
  outcome?: OperationOutcome;
  url?: string;
  cause?: unknown;
  /** For `ambiguous`: how many resources matched. */
  matches?: number;
}

/** The one error type the client throws. Carries no token and no record content. */
export class CoordError extends Error {
  override readonly name = 'CoordError';
  readonly kind: CoordErrorKind;
  readonly status?: number;
  readonly outcome?: OperationOutcome;
  readonly url?: string;
  readonly matches?: number;

  constructor(kind: CoordErrorKind, message: string, init: CoordErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.outcome = init.outcome;
    this.url = init.url;
    this.matches = init.matches;
  }

  /** The OperationOutcome's human text, when the server sent one. */
  get outcomeText(): string | undefined {
    return outcomeText(this.outcome);
  }

  /** Whether trying the same read again may succeed. */
  get retryable(): boolean {
    return ['network', 'timeout', 'server', 'rate-limited'].includes(this.kind);
  }
}

export function isCoordError(value: unknown): value is CoordError {
  return value instanceof CoordError;
}

export function kindForStatus(status: number): CoordErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'invalid-request';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 410:
      return 'gone';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition-failed';
    case 429:
      return 'rate-limited';
    default:
      return status >= 500 ? 'server' : 'invalid-response';
  }
}

export function outcomeText(outcome: OperationOutcome | undefined): string | undefined {
  const texts = (outcome?.issue ?? [])
    .map((i) => i.details?.text ?? i.diagnostics)
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  return texts.length ? texts.join('; ').slice(0, 500) : undefined;
}

/** Turns anything thrown into a CoordError, so callers only ever see one type. */
export function toCoordError(err: unknown, url?: string): CoordError {
  if (err instanceof CoordError) return err;
  if (err instanceof DOMException && err.name === 'AbortError') {
    return new CoordError('aborted', 'Request aborted', { url, cause: err });
  }
  if (err instanceof DOMException && err.name === 'TimeoutError') {
    return new CoordError('timeout', 'Request timed out', { url, cause: err });
  }
  if (err instanceof TypeError) {
    return new CoordError('network', 'Network error', { url, cause: err });
  }
  return new CoordError('invalid-response', err instanceof Error ? err.message : 'Unexpected error', {
    url,
    cause: err,
  });
}
