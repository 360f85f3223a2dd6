import { html, nothing, type TemplateResult } from 'lit';
import type { CoordError, CoordErrorKind } from '@coord/api-client';
import { msg, type Lang, type MessageKey } from './i18n.ts';

const ERROR_TEXT: Partial<Record<CoordErrorKind, [MessageKey, MessageKey]>> = {
  network: ['error.network', 'error.networkHint'],
  timeout: ['error.timeout', 'error.timeoutHint'],
  auth: ['error.auth', 'error.authHint'],
  forbidden: ['error.forbidden', 'error.forbiddenHint'],
  'not-found': ['error.notFound', 'error.notFoundHint'],
  gone: ['error.gone', 'error.goneHint'],
  'invalid-response': ['error.invalidResponse', 'error.invalidResponseHint'],
  'invalid-request': ['error.invalidRequest', 'error.invalidRequestHint'],
  server: ['error.server', 'error.serverHint'],
  'rate-limited': ['error.rateLimited', 'error.rateLimitedHint'],
  conflict: ['error.conflict', 'error.conflictHint'],
  'precondition-failed': ['error.conflict', 'error.conflictHint'],
};

export interface ErrorStateActions {
  onRetry?: () => void;
  onSignIn?: () => void;
}

/**
 * The visible, localised state for a failure, with its way forward: retry for transient faults,
 * sign in again for auth, nothing to retry for a forbidden or a misconfiguration.
 */
export function renderErrorState(lang: Lang, error: CoordError, actions: ErrorStateActions = {}): TemplateResult {
  const [title, hint] = ERROR_TEXT[error.kind] ?? ['error.generic', 'error.genericHint'];
  const canRetry = !['forbidden', 'invalid-request', 'auth'].includes(error.kind);
  return html`<div class="state" data-tone="danger" role="alert" part="state error" data-kind=${error.kind}>
    <p class="state-title">${msg(lang, title)}</p>
    <p class="state-hint">${msg(lang, hint, { detail: error.message })}</p>
    ${error.kind === 'auth' && actions.onSignIn
      ? html`<button type="button" part="action" @click=${actions.onSignIn}>${msg(lang, 'state.signIn')}</button>`
      : nothing}
    ${canRetry && actions.onRetry
      ? html`<button type="button" part="action" @click=${actions.onRetry}>${msg(lang, 'state.retry')}</button>`
      : nothing}
    ${error.kind === 'forbidden' ? forbiddenWayForward(lang, actions.onRetry) : nothing}
  </div>`;
}

/**
 * A refusal's way forward — emergency access when the host offers it, else whom to ask, and a
 * retry — from a module loaded on the first refusal (`emergency/`), so no other page pays for it.
 */
function forbiddenWayForward(lang: Lang, onRetry: (() => void) | undefined): TemplateResult {
  import('../emergency/emergency-ui.ts').catch(() => undefined);
  return html`<coord-emergency-offer lang=${lang} .onRetry=${onRetry}></coord-emergency-offer>`;
}
