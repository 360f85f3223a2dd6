import createDOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import type { TrustedTypePolicy, TrustedTypesWindow } from 'trusted-types/lib/index.js';

/**
 * The only path by which HTML from the record may reach the DOM. It returns a DocumentFragment
 * (rendered by Lit as nodes), so no HTML string ever meets an `innerHTML` sink in our code.
 * Scripts, event handlers, styles, forms and foreign URLs' schemes are stripped; links open
 * in a new tab without an opener.
 *
 * - A private DOMPurify instance (`createDOMPurify(window)`): our hook and settings never touch
 *   the DOMPurify a host page uses itself, even when both come from the same npm copy.
 * - Trusted Types: DOMPurify parses through our own policy, named `coord-elements`
 *   (`TRUSTED_TYPES_POLICY_NAME`), created on first use; DOMPurify's default `dompurify` policy is
 *   never created, so it cannot clash with a host's. A host enforcing Trusted Types allows
 *   `trusted-types coord-elements lit-html` (docs/security.md). If the host's policy refuses our
 *   name, record HTML degrades to its plain text — never to an unchecked sink.
 */
export const TRUSTED_TYPES_POLICY_NAME = 'coord-elements';

const ALLOWED_TAGS = [
  'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'h1', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'div', 'hr', 'sub', 'sup',
];
const ALLOWED_ATTR = ['href', 'title', 'colspan', 'rowspan'];

type Policy = Pick<TrustedTypePolicy, 'createHTML' | 'createScriptURL'>;

let purifier: Purifier | undefined;
/** `null`: the page enforces Trusted Types and refused our policy name. */
let policy: Policy | null | undefined;

function ownPolicy(): Policy | null | undefined {
  if (policy !== undefined) return policy;
  const tt = (globalThis as unknown as TrustedTypesWindow).trustedTypes;
  if (!tt?.createPolicy) return (policy = undefined);
  try {
    // Only DOMPurify holds it (module-private), and only for its own parsing of input it then
    // sanitises; it never creates script URLs.
    policy = tt.createPolicy(TRUSTED_TYPES_POLICY_NAME, {
      createHTML: (html: string) => html,
      createScriptURL: () => '',
    });
  } catch {
    console.warn(`coord-elements: the Trusted Types policy "${TRUSTED_TYPES_POLICY_NAME}" is not allowed by this page; formatted text is shown as plain text (see docs/security.md).`);
    policy = null;
  }
  return policy;
}

function instance(): Purifier {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node instanceof Element && node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return (purifier = p);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };

/** The text of an HTML string without parsing it (the fallback when no policy is allowed). */
function plainText(dirty: string): DocumentFragment {
  const text = dirty
    .replace(/<(br|\/p|\/li|\/h\d|\/tr|\/div)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!);
  const fragment = document.createDocumentFragment();
  fragment.append(text);
  return fragment;
}

export function sanitizeHtml(dirty: string): DocumentFragment {
  const tt = ownPolicy();
  if (tt === null) return plainText(dirty);
  return instance().sanitize(dirty, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
    RETURN_DOM_FRAGMENT: true,
    ...(tt ? { TRUSTED_TYPES_POLICY: tt as TrustedTypePolicy } : {}),
  });
}
