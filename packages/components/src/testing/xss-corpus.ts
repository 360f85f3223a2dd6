/**
 * A corpus of hostile strings for record data, and the tools to put it in every free-text field
 * of a set of FHIR resources. Every vector that would run script calls `__xss('<id>')` (or
 * `parent.__xss` from a frame), so "no payload executed" is measured, not assumed: arm the trap
 * (`armXssTrap()`), render, read the hits.
 *
 * Families: script tags, event-handler attributes (auto-firing ones: onerror, onload,
 * ontoggle, onfocus+autofocus, onanimationstart), `javascript:` / `data:` / entity-obfuscated
 * URLs, SVG and MathML tricks (mXSS included), `srcdoc` and other frames, CSS injection
 * (`</style>` break-outs, `expression()`, `url(javascript:)`, `@import`), attribute and
 * element-context break-outs, template-literal and framework-template strings, Lit's own
 * marker strings, Unicode direction overrides, and a 100 000-character string.
 */
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';

export interface XssVector {
  id: string;
  family: string;
  payload: string;
}

const x = (id: string): string => `__xss('${id}')`;
const px = (id: string): string => `parent.__xss('${id}')`;

export const XSS_VECTORS: XssVector[] = [
  // Script tags.
  { id: 'script', family: 'script', payload: `<script>${x('script')}</script>` },
  { id: 'script-src-data', family: 'script', payload: `<script src="data:text/javascript,${x('script-src-data')}"></script>` },
  { id: 'script-case', family: 'script', payload: `<ScRiPt>${x('script-case')}</sCrIpT>` },
  { id: 'script-split', family: 'script', payload: `<scr<script>ipt>${x('script-split')}</scr</script>ipt>` },
  // Event handlers that fire on their own.
  { id: 'img-onerror', family: 'handler', payload: `<img src=x onerror="${x('img-onerror')}">` },
  { id: 'img-onerror-bare', family: 'handler', payload: `<img src=x onerror=${x('img-onerror-bare')}>` },
  { id: 'svg-onload', family: 'handler', payload: `<svg onload="${x('svg-onload')}"><circle r="1"/></svg>` },
  { id: 'details-ontoggle', family: 'handler', payload: `<details open ontoggle="${x('details-ontoggle')}"><summary>s</summary></details>` },
  { id: 'autofocus', family: 'handler', payload: `<input autofocus onfocus="${x('autofocus')}">` },
  { id: 'video-source', family: 'handler', payload: `<video><source src="x" onerror="${x('video-source')}"></video>` },
  { id: 'body-onload', family: 'handler', payload: `<body onload="${x('body-onload')}">` },
  { id: 'animation', family: 'handler', payload: `<style>@keyframes k{}</style><b style="animation-name:k" onanimationstart="${x('animation')}">b</b>` },
  { id: 'entity-handler', family: 'handler', payload: `<img src=x onerror="&#95;&#95;xss('entity-handler')">` },
  // URLs.
  { id: 'a-javascript', family: 'url', payload: `<a href="javascript:${x('a-javascript')}">lien</a>` },
  { id: 'a-javascript-entity', family: 'url', payload: `<a href="jav&#x09;ascript:${x('a-javascript-entity')}">lien</a>` },
  { id: 'a-data', family: 'url', payload: `<a href="data:text/html,<script>${x('a-data')}</script>">lien</a>` },
  { id: 'form-action', family: 'url', payload: `<form action="javascript:${x('form-action')}"><button>envoyer</button></form>` },
  { id: 'object-data', family: 'url', payload: `<object data="data:text/html,<script>${px('object-data')}</script>"></object>` },
  { id: 'embed-src', family: 'url', payload: `<embed src="data:text/html,<script>${px('embed-src')}</script>">` },
  { id: 'meta-refresh', family: 'url', payload: `<meta http-equiv="refresh" content="0;url=javascript:${x('meta-refresh')}">` },
  { id: 'base-href', family: 'url', payload: `<base href="javascript:${x('base-href')}//">` },
  { id: 'md-javascript', family: 'url', payload: `[voir](javascript:${x('md-javascript')})` },
  { id: 'md-data', family: 'url', payload: `[voir](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoJ21kLWRhdGEnKTwvc2NyaXB0Pg==)` },
  { id: 'bare-javascript', family: 'url', payload: `javascript:${x('bare-javascript')}` },
  // SVG and MathML.
  { id: 'svg-script', family: 'svg', payload: `<svg><script>${x('svg-script')}</script></svg>` },
  { id: 'svg-animate-href', family: 'svg', payload: `<svg><a><animate attributeName="href" values="javascript:${x('svg-animate-href')}"/><text y="20">x</text></a></svg>` },
  { id: 'svg-use-data', family: 'svg', payload: `<svg><use href="data:image/svg+xml,<svg id='u' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='${x('svg-use-data')}'/></svg>#u"/></svg>` },
  { id: 'svg-foreign', family: 'svg', payload: `<svg><foreignObject><img src=x onerror="${x('svg-foreign')}"></foreignObject></svg>` },
  { id: 'math-href', family: 'mathml', payload: `<math href="javascript:${x('math-href')}"><mi>m</mi></math>` },
  { id: 'mathml-mxss', family: 'mathml', payload: `<math><mtext><table><mglyph><style><img src=x onerror="${x('mathml-mxss')}"></style></mglyph></table></mtext></math>` },
  { id: 'noscript-mxss', family: 'mxss', payload: `<noscript><p title="</noscript><img src=x onerror=${x('noscript-mxss')}>"></p></noscript>` },
  // Frames.
  { id: 'iframe-srcdoc', family: 'frame', payload: `<iframe srcdoc="<script>${px('iframe-srcdoc')}</script>"></iframe>` },
  { id: 'iframe-srcdoc-entity', family: 'frame', payload: `<iframe srcdoc="&lt;img src=x onerror=${px('iframe-srcdoc-entity')}&gt;"></iframe>` },
  { id: 'iframe-javascript', family: 'frame', payload: `<iframe src="javascript:${px('iframe-javascript')}"></iframe>` },
  // CSS injection.
  { id: 'style-breakout', family: 'css', payload: `</style><img src=x onerror="${x('style-breakout')}">` },
  { id: 'style-import', family: 'css', payload: `<style>@import 'javascript:${x('style-import')}';</style>` },
  { id: 'css-url', family: 'css', payload: `<div style="background:url(javascript:${x('css-url')})">fond</div>` },
  { id: 'css-expression', family: 'css', payload: `<div style="width:expression(${x('css-expression')})">w</div>` },
  { id: 'css-text', family: 'css', payload: `}*{background:url("javascript:${x('css-text')}")}` },
  // Break-outs of attribute and element contexts.
  { id: 'attr-dq', family: 'breakout', payload: `"><img src=x onerror="${x('attr-dq')}">` },
  { id: 'attr-sq', family: 'breakout', payload: `'><svg onload='${x('attr-sq')}'>` },
  { id: 'textarea', family: 'breakout', payload: `</textarea><img src=x onerror="${x('textarea')}">` },
  { id: 'title', family: 'breakout', payload: `</title><img src=x onerror="${x('title')}">` },
  { id: 'comment', family: 'breakout', payload: `--><img src=x onerror="${x('comment')}"><!--` },
  // Template strings: JS template literals, framework templates, Lit's own markers.
  { id: 'template-literal', family: 'template', payload: `\${${x('template-literal')}}` },
  { id: 'framework-template', family: 'template', payload: `{{constructor.constructor("${x('framework-template')}")()}}` },
  { id: 'lit-marker', family: 'lit', payload: `<?lit$1234$>lit$1234$<!--?lit$1234$--><!---->` },
  { id: 'lit-attr-marker', family: 'lit', payload: `x$lit$="${x('lit-attr-marker')}"` },
  // Direction overrides (bidi): a name must not reverse the UI around it.
  { id: 'bidi-rlo', family: 'bidi', payload: 'RLO\u202Enedrom\u202C' },
  { id: 'bidi-lro', family: 'bidi', payload: '\u202Dforce\u200F' },
  // Last, so nothing after it closes the override: an isolate then an override left open.
  { id: 'bidi-unclosed', family: 'bidi', payload: 'ouvert\u2067\u202Esans fin' },
];

/** Bidi controls that embed, override or isolate direction. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** An isolate and a right-to-left override, both left open. */
export const BIDI_OPEN = 'ouvert\u2067\u202Esans fin';

/** 100 000 characters with no break opportunity. */
export const LONG_STRING = 'W'.repeat(100_000);

/** Every vector at once, as one string (what each free-text field receives). */
export const ALL_PAYLOADS = XSS_VECTORS.map((v) => v.payload).join(' ');

/**
 * One vector per string, in turn (the n-th string gets vector n mod N): each vector reaches the
 * DOM whole even where an element shortens long text.
 */
export const ROTATED_PAYLOADS = (_path: string, index: number): string => XSS_VECTORS[index % XSS_VECTORS.length]!.payload;

declare global {
  interface Window {
    __xss?: (id: string) => void;
  }
}

/** Installs `window.__xss`: every call is recorded in the returned array. */
export function armXssTrap(): string[] {
  const hits: string[] = [];
  window.__xss = (id: string) => {
    hits.push(String(id));
  };
  return hits;
}

/** Keys of FHIR elements that carry free text shown to people (never codes, ids, URLs or dates). */
const TEXT_KEYS = new Set([
  'text', 'display', 'title', 'description', 'comment', 'conclusion', 'contentString', 'family', 'given',
  'prefix', 'suffix', 'name', 'valueString', 'summary', 'note', 'purpose', 'subtitle', 'alias', 'detail',
  // AuditEvent: the reason of an access or a refusal.
  'outcomeDesc',
]);

/**
 * Keys whose values are machine data even when the key name looks like text. Only their string
 * values: a `code` that is a CodeableConcept (a role, a condition, a task's code) has text and
 * displays people read, and is walked like any other element.
 */
const SKIP_KEYS = new Set(['div', 'status', 'code', 'system', 'reference', 'id', 'url', 'contentType', 'language', 'version', 'versionId']);

export interface PoisonReport {
  /** `ResourceType.path.to.field` → marker put in that field (e.g. `⟦x12⟧`). */
  markers: Map<string, string>;
  /** How many strings were overwritten. */
  count: number;
}

export interface PoisonOptions {
  /** Appended after the marker (default: every vector); a function gets the path and the string's index. */
  payload?: string | ((path: string, index: number) => string);
  /** Also append the 100 000-character string to these paths (`ResourceType.path`). */
  long?: (path: string) => boolean;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function base64Text(data: string): string | undefined {
  try {
    const bin = atob(data);
    return fromUtf8.decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function toBase64(text: string): string {
  let bin = '';
  for (const b of utf8.encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * A copy of `resources` where every free-text string keeps its original text (so tests can
 * still find it) followed by a marker naming the field and the hostile payload; inline text
 * attachments (notes' markdown, text documents) get the same in their content.
 */
export function poisonResources(resources: Resource[], options: PoisonOptions = {}): { resources: Resource[]; report: PoisonReport } {
  const payload = options.payload ?? ALL_PAYLOADS;
  const payloadFor = (path: string): string => (typeof payload === 'function' ? payload(path, count) : payload);
  const markers = new Map<string, string>();
  let count = 0;
  const markerOf = (path: string): string => {
    let m = markers.get(path);
    if (!m) markers.set(path, (m = `⟦x${markers.size + 1}⟧`));
    return m;
  };
  const poison = (original: string, path: string): string => {
    const long = options.long?.(path) ? ` ${LONG_STRING}` : '';
    const value = `${original} ${markerOf(path)} ${payloadFor(path)}${long}`;
    count++;
    return value;
  };
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, path));
    if (!node || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let resized: number | undefined;
    const contentType = typeof obj.contentType === 'string' ? obj.contentType : '';
    for (const [key, value] of Object.entries(obj)) {
      const sub = `${path}.${key}`;
      if (key === 'data' && typeof value === 'string' && /^text\//.test(contentType)) {
        const text = base64Text(value);
        if (text === undefined) out[key] = value;
        else {
          const poisoned = poison(text, `${sub}(${contentType.split(';')[0]})`);
          out[key] = toBase64(poisoned);
          resized = utf8.encode(poisoned).length;
        }
      } else if (SKIP_KEYS.has(key) && (typeof value !== 'object' || value === null)) out[key] = value;
      else if (TEXT_KEYS.has(key) && typeof value === 'string') out[key] = poison(value, sub);
      else if (TEXT_KEYS.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value.map((v) => poison(v as string, sub));
      else out[key] = walk(value, sub);
    }
    if (resized !== undefined && typeof obj.size === 'number') out.size = resized;
    return out;
  };
  const poisoned = resources.map((r) => walk(r, r.resourceType) as Resource);
  return { resources: poisoned, report: { markers, count } };
}

/**
 * Access traces shaped as the seed's are not (added to the corpus beside the seed): an agent known
 * by its display only (no reference: a system or a person outside the directory), an agent whose
 * reference does not resolve (its display is all there is), a refused access and an emergency one,
 * each with every free-text field of an AuditEvent filled (type and subtype displays, purpose of
 * use, agent name, source observer, entity name, description and `what.display`, outcome text)
 * so the poisoning reaches them all.
 */
export function hostileAuditEvents(patient = 'Patient/pat-martin', now: Date = clock.date()): AuditEvent[] {
  const at = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();
  const base = (id: string, recorded: string, who: { reference?: string; display: string }, extra: Partial<AuditEvent>): AuditEvent => ({
    resourceType: 'AuditEvent',
    id,
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }],
    action: 'R',
    recorded,
    outcome: '0',
    purposeOfEvent: [{ text: 'Prise en charge', coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }] }],
    agent: [{ who, name: 'Agent', requestor: true, type: { text: 'Utilisateur' } }],
    source: { observer: { display: 'Logiciel de cabinet' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: [
      { what: { reference: patient, display: 'Dossier de la patiente' } },
      { what: { reference: 'DocumentReference/doc-cr-onco', display: 'Titre du document lu' }, name: 'Entité consultée', description: 'Description de l’entité' },
    ],
    ...extra,
  });
  return [
    base('ae-xss-display-only', at(3), { display: 'Secrétariat du DAC' }, { outcomeDesc: 'Lecture par le secrétariat' }),
    base('ae-xss-unresolved', at(4), { reference: 'Practitioner/pract-hors-annuaire', display: 'Dr Hors Annuaire' }, {
      outcome: '4',
      outcomeDesc: 'Accès refusé au médecin hors annuaire',
    }),
    base('ae-xss-emergency', at(5), { display: 'Urgentiste de garde' }, {
      subtype: [
        { system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' },
        { system: 'https://coord.example/fhir/CodeSystem/audit-subtype', code: 'bris-de-glace', display: 'Bris de glace' },
      ],
      purposeOfEvent: [{ text: 'Bris de glace — accès en urgence', coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }] }],
      outcomeDesc: 'Urgence vitale, patiente inconsciente',
    }),
  ];
}
