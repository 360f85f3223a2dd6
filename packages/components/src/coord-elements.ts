/**
 * Entry of `dist/coord-elements.js`, the one script a host loads (`<script type="module">`).
 *
 * It registers every tag, but holds none of their code: it watches the document for the tags
 * below and, on the first one of each, imports that element's module from the files beside it
 * (`coord-elements/*.js`, relative `import()`s that the browser resolves against this module's
 * URL: any path or CDN, `script-src 'self'`, no eval). The module defines the element and the
 * browser upgrades every instance. A page pays only for the elements it shows.
 *
 * Elements that a loaded element renders inside its own shadow root are not seen by the
 * document's observer: such an element's module imports its children's modules itself (as
 * `coord-record` will), which also keeps the bundler build (no loader there) correct. A host that
 * puts coord elements inside its own shadow roots calls `discover(shadowRoot)`.
 */

/** One line per element: its tag and its module. Add the coming elements here as they land. */
const elements: Record<string, () => Promise<unknown>> = {
  'coord-provider': () => import('./provider/provider.ts'),
  'coord-patient-banner': () => import('./patient-banner/patient-banner.ts'),
  'coord-timeline': () => import('./timeline/timeline.ts'),
  'coord-chat': () => import('./chat/chat.ts'),
  'coord-notes': () => import('./notes/notes.ts'),
  'coord-ppcs': () => import('./ppcs/ppcs.ts'),
  'coord-documents': () => import('./documents/documents.ts'),
  'coord-record': () => import('./record/record.ts'), // its module imports its sections' modules itself
  'coord-audit': () => import('./audit/audit.ts'),
};

const tags = Object.keys(elements);
const selector = tags.join(',');
const loading = new Map<string, Promise<unknown>>();

/**
 * Loads a tag's module (once) and resolves with its class once it is defined. Called for you on
 * the first instance in the page; call it to load ahead of use.
 */
export function load(tag: string): Promise<CustomElementConstructor> {
  const name = tag.toLowerCase();
  const importer = elements[name];
  if (!importer) return Promise.reject(new Error(`coord-elements: unknown element <${name}>`));
  if (!loading.has(name) && !customElements.get(name)) {
    loading.set(
      name,
      importer().catch((err: unknown) => {
        // The chunk did not arrive (offline, wrong path): tell the host through the usual event,
        // on each waiting instance, and let the next discovery try again.
        loading.delete(name);
        const message = err instanceof Error ? err.message : String(err);
        for (const el of document.querySelectorAll(name)) {
          el.dispatchEvent(
            new CustomEvent('coord-error', { bubbles: true, composed: true, detail: { source: 'loader', kind: 'network', message } }),
          );
        }
        throw err;
      }),
    );
  }
  return Promise.resolve(loading.get(name)).then(() => customElements.whenDefined(name));
}

function scan(root: ParentNode): void {
  if (root instanceof Element && elements[root.localName]) request(root.localName);
  for (const el of root.querySelectorAll(selector)) request(el.localName);
}

function request(name: string): void {
  if (!loading.has(name) && !customElements.get(name)) load(name).catch(() => undefined);
}

const allRequested = (): boolean => tags.every((t) => loading.has(t) || customElements.get(t));
const watched = new WeakSet<Node>();

/**
 * Loads the coord elements found in `root` now and those added to it later (a MutationObserver
 * over the subtree, dropped once every tag is loading). Runs on `document` by itself; call it for
 * a shadow root of your own that holds coord elements.
 */
export function discover(root: Document | ShadowRoot | Element = document): void {
  scan(root);
  if (allRequested() || watched.has(root)) return;
  watched.add(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) scan(node as Element);
    }
    if (allRequested()) {
      observer.disconnect();
      watched.delete(root);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
}

/**
 * Loads a language's strings ahead of use (elements load them by themselves when they render in
 * it; French is always there).
 */
export function loadLang(lang: 'fr' | 'en'): Promise<void> {
  return import('./base/i18n.ts').then((m) => m.loadLang(lang));
}

/** The API client, error and event classes, for a host that shares one client (`provider.client`). */
export function loadApi(): Promise<typeof import('./api.ts')> {
  return import('./api.ts');
}

/**
 * Sign-out: `document.dispatchEvent(new Event('coord-purge-local-data'))` clears what the
 * library keeps (outbox, drafts, caches; docs/security.md) — even on a page where no element
 * loaded yet; `coord-local-data-purged` follows on `document` once done. Same as
 * `(await loadApi()).purgeLocalData()`.
 */
document.addEventListener('coord-purge-local-data', () => {
  void loadApi().then((api) => api.purgeLocalData());
});

discover(document);
