import DOMPurify from 'dompurify';

/**
 * The only path by which HTML from the record may reach the DOM. It returns a DocumentFragment
 * (rendered by Lit as nodes), so no HTML string ever meets an `innerHTML` sink in our code;
 * DOMPurify parses under its own Trusted Types policy when the page enforces them.
 * Scripts, event handlers, styles, forms and foreign URLs' schemes are stripped; links open
 * in a new tab without an opener.
 */
const ALLOWED_TAGS = [
  'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'h1', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'div', 'hr', 'sub', 'sup',
];
const ALLOWED_ATTR = ['href', 'title', 'colspan', 'rowspan'];

let hooked = false;

export function sanitizeHtml(dirty: string): DocumentFragment {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node instanceof Element && node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(dirty, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
    RETURN_DOM_FRAGMENT: true,
  });
}
