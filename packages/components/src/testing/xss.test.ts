/**
 * Hostile record data in every free-text field every element shows (names, titles,
 * descriptions, file names, messages, notes, comments, codes' displays, organisations…), each
 * element rendered in real Chromium against it. Measured, not assumed: every vector that could
 * run calls `__xss(id)`; a control copy of the same corpus put in the page with `innerHTML`
 * must fire (so the trap works and the wait was long enough) while the elements fire nothing.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import type { Resource } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';
import type { CoordElement } from '../base/coord-element.ts';
import { perceivable } from './element-suite.ts';
import { useHandlers } from './msw.ts';
import { waitUntil } from './wait.ts';
import { BIDI_CONTROLS, BIDI_OPEN, ROTATED_PAYLOADS, XSS_VECTORS, armXssTrap, hostileAuditEvents, poisonResources } from './xss-corpus.ts';
import '../define.ts';

const MARTIN = 'Patient/pat-martin';
const GP = 'PractitionerRole/role-gp';

interface Target {
  tag: string;
  /** Original text that shows once loaded (the poisoned field keeps it in front). */
  ready: string;
  /** Opens what the element shows on demand (a note's formatted text, a document's details). */
  open?: (el: CoordElement) => Promise<void>;
  /** Before rendering: the record as the server holds it for this element (default: as poisoned), and the page state it needs. */
  prepare?: (resources: Resource[]) => Resource[];
}

const $$ = (el: Element, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

const TARGETS: Target[] = [
  { tag: 'coord-patient-banner', ready: 'Jeanne' },
  {
    tag: 'coord-timeline',
    ready: 'Plaies complexes',
    open: async (el) => {
      // The feed is virtualised: it renders the rows in the viewport.
      el.shadowRoot!.querySelector('[role="feed"]')?.scrollIntoView();
      await waitUntil(() => el.shadowRoot!.querySelector('[role="feed"] article'), 'timeline items rendered');
    },
  },
  {
    tag: 'coord-documents',
    ready: 'Compte rendu de soins infirmiers',
    open: async (el) => {
      $$(el, '[data-key]')[0]?.click();
      await waitUntil(() => el.shadowRoot!.querySelector('.details'), 'document details open');
    },
  },
  {
    tag: 'coord-notes',
    ready: 'Suivi à domicile',
    // The HTML path: every note's formatted text goes through DOMPurify.
    open: async (el) => {
      for (const b of $$(el, '[part~="open"]')) {
        b.click();
        await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      }
      await waitUntil(() => $$(el, '[part~="text"]').length > 0, 'note text rendered');
    },
  },
  { tag: 'coord-ppcs', ready: 'PPCS' },
  { tag: 'coord-chat', ready: 'oncologie' },
  // Who accessed the record: agents' names (resolved, display only, unresolved with a display),
  // roles, the actor filter's options, reasons of emergency accesses and refusals.
  { tag: 'coord-audit', ready: 'patiente admise aux urgences' },
  {
    tag: 'coord-record',
    ready: 'Cancer',
    // "Depuis ma dernière visite" on a first visit lists the last 7 days' changes: the server
    // wrote the record yesterday (library clock; the mock server would stamp its own wall clock),
    // and no visit is kept from an earlier test (each one stores its visit).
    prepare: (resources) => {
      localStorage.clear();
      const yesterday = new Date(clock.now() - 86_400_000).toISOString();
      return resources.map((r) => ({ ...r, meta: { ...r.meta, lastUpdated: yesterday } }));
    },
    open: async (el) => {
      // The digest's changes (titles, who made them), then the care circle's names.
      await waitUntil(() => $$(el, '[part~="digest-item"]').some((b) => (b.textContent ?? '').includes('⟦x')), 'the digest lists poisoned changes');
      await waitUntil(() => el.shadowRoot!.querySelector('details.circle'), 'the care circle disclosure');
      el.shadowRoot!.querySelector<HTMLDetailsElement>('details.circle')!.open = true;
      await waitUntil(() => $$(el, 'details.circle li').some((li) => li.getBoundingClientRect().width > 0), 'the care circle open');
    },
  },
];

/** The record the corpus poisons: the seed, and access traces of the shapes the seed lacks. */
const corpusRecord = (): Resource[] => [...seedResources(), ...hostileAuditEvents()];

/** Every element in a root and in the shadow roots under it. */
function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...deepElements(el.shadowRoot));
  }
  return out;
}

/**
 * Where an element's box is drawn up to on the right: its own edge, cut by every ancestor inside
 * the element that clips its overflow (a one-line title with an ellipsis is drawn no further than
 * its line, however long the text inside it).
 */
function drawnRight(node: Element, host: Element): number {
  let right = node.getBoundingClientRect().right;
  for (let a = parentOf(node); a && a !== host; a = parentOf(a)) {
    if (getComputedStyle(a).overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right);
  }
  return right;
}

const parentOf = (n: Element): Element | null => n.parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null);

const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background'];
// (Our own UI has forms, buttons and images: those are checked by their attributes.)
const FORBIDDEN_TAGS = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'MATH', 'NOSCRIPT', 'STYLE', 'TEMPLATE']);

/** Attributes and elements in the element's shadow DOM that could run something. */
function dangerous(el: Element): string[] {
  const found: string[] = [];
  for (const n of deepElements(el.shadowRoot!)) {
    if (FORBIDDEN_TAGS.has(n.tagName) || n.tagName.toLowerCase() === 'script') found.push(`<${n.tagName.toLowerCase()}>`);
    for (const a of n.attributes) {
      if (/^on/i.test(a.name)) found.push(`${n.tagName.toLowerCase()}[${a.name}]`);
      if (URL_ATTRS.includes(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value) && !/^data:image\/(png|jpeg|gif|webp);/i.test(a.value)) {
        found.push(`${n.tagName.toLowerCase()}[${a.name}=${a.value.slice(0, 40)}]`);
      }
      if (a.name === 'style' && /javascript:|expression\(/i.test(a.value)) found.push(`${n.tagName.toLowerCase()}[style]`);
    }
  }
  return found;
}

/** Text nodes (outside the hostile strings) whose letters are drawn right to left: a direction override leaked. */
function reversedText(root: ShadowRoot): string[] {
  const out: string[] = [];
  const walk = (r: ParentNode): void => {
    const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (BIDI_CONTROLS.test(text) || text.includes('⟦')) continue;
      const m = /[A-Za-z]{3}/.exec(text);
      if (!m) continue;
      // Three letters in a row on one line: an override reverses the whole run.
      const rects = [0, 1, 2].map((i) => {
        const range = document.createRange();
        range.setStart(node, m.index + i);
        range.setEnd(node, m.index + i + 1);
        return range.getBoundingClientRect();
      });
      const [a, b, c] = rects as [DOMRect, DOMRect, DOMRect];
      if (rects.some((x) => !x.width) || Math.abs(a.top - b.top) > 2 || Math.abs(b.top - c.top) > 2) continue;
      if (b.left < a.left - 0.5 && c.left < b.left - 0.5) out.push(text.trim().slice(0, 60));
    }
    for (const el of r.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(root);
  return out;
}

async function serve(resources: Resource[]): Promise<void> {
  await useHandlers(fhirStoreHandlers(new MockFhirStore({ resources })));
}

async function render(target: Target): Promise<CoordElement> {
  const t = unsafeStatic(target.tag);
  const wrap = await fixture<HTMLElement>(html`<div style="width: 640px">
    ${staticHtml`<${t} base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10" poll-interval="0"></${t}>`}
  </div>`);
  const el = wrap.firstElementChild as CoordElement;
  await waitUntil(() => perceivable(el).includes(target.ready) && perceivable(el).includes('⟦x'), `<${target.tag}> never showed the poisoned record`);
  await target.open?.(el);
  return el;
}

/** Vectors that fire when put in a page the unsafe way (`innerHTML`), in Chromium. */
const CONTROL_FIRES = ['img-onerror', 'details-ontoggle', 'video-source', 'iframe-srcdoc', 'attr-dq', 'noscript-mxss', 'svg-foreign'];

/** The same vectors put in the page the unsafe way: proves the trap fires, and waits as long as they take. */
async function control(hits: string[]): Promise<void> {
  const divs = XSS_VECTORS.filter((v) => CONTROL_FIRES.includes(v.id)).map((v) => {
    const div = document.createElement('div');
    div.innerHTML = v.payload.replaceAll("__xss('", "__xss('control:");
    document.body.append(div);
    return div;
  });
  try {
    await waitUntil(() => CONTROL_FIRES.every((id) => hits.includes(`control:${id}`)), 'the control payloads never fired');
  } finally {
    for (const d of divs) d.remove();
  }
}

const seen = new Map<string, Set<string>>();
const executed: string[] = [];

describe('hostile record data in every element (XSS corpus)', () => {
  const variants = [
    { name: 'every vector in every field', ...poisonResources(corpusRecord()) },
    { name: 'one vector per field, in turn', ...poisonResources(corpusRecord(), { payload: ROTATED_PAYLOADS }) },
    // Short, so no element shortens it away: an isolate and an override left open in every field.
    { name: 'a direction override left open in every field', ...poisonResources(corpusRecord(), { payload: BIDI_OPEN }) },
  ];
  const { report } = variants[0]!;

  after(() => {
    for (const [tag, s] of seen) console.log(`[xss] <${tag}> shows ${s.size} poisoned field paths: ${[...s].join(', ')}`);
    const shown = new Set([...seen.values()].flatMap((s) => [...s]));
    // The figure: how many distinct poisoned field paths at least one element showed.
    console.log(`[xss] ${report.markers.size} field paths poisoned (${report.count} strings per variant); ${shown.size} shown by an element; executed payloads: ${executed.length}`);
  });

  for (const variant of variants) {
    for (const target of TARGETS) {
      it(`<${target.tag}>, ${variant.name}: no payload runs, nothing active in its DOM, hostile text shown as text, direction isolated`, async () => {
        const hits = armXssTrap();
        await serve(target.prepare?.(variant.resources) ?? variant.resources);
        const el = await render(target);
        await expect(el).shadowDom.to.be.accessible();
        await control(hits);
        const ran = hits.filter((h) => !h.startsWith('control:'));
        executed.push(...ran);
        expect(ran, 'payloads executed by the element').to.deep.equal([]);
        expect(dangerous(el), 'active attributes or elements in the shadow DOM').to.deep.equal([]);

        const text = perceivable(el);
        if (variant.name.startsWith('a direction')) expect(text).to.contain('\u202E');
        else expect(text, 'markup shows as text').to.match(/<(script|img|svg|iframe|a|details|input|video|style|math|form|object|embed|noscript|textarea)\b|javascript:|\$\{|\{\{|lit\$|\u202E|"><|--><|\}\*\{/);
        const markers = new Set([...variant.report.markers.entries()].filter(([, m]) => text.includes(m)).map(([path]) => path));
        seen.set(target.tag, new Set([...(seen.get(target.tag) ?? []), ...markers]));
        expect(markers.size, 'fields of the record shown with the corpus').to.be.greaterThan(0);
        expect(reversedText(el.shadowRoot!).join(' | '), 'text drawn reversed by a direction override from the record').to.equal('');
      });
    }
  }

  for (const target of TARGETS) {
    it(`<${target.tag}>: 100 000-character strings stay inside the element and the page stays responsive`, async () => {
      // The first field of each path gets the long string (one per path keeps the page light).
      const done = new Set<string>();
      const long = poisonResources(corpusRecord(), { payload: 'long', long: (path) => !done.has(path) && !!done.add(path) });
      await serve(target.prepare?.(long.resources) ?? long.resources);
      const el = await render(target);
      const frame = performance.now();
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      const host = el.getBoundingClientRect();
      const overflowing = deepElements(el.shadowRoot!).filter((n) => {
        const r = n.getBoundingClientRect();
        return r.width > 0 && drawnRight(n, el) > host.right + 1 && n.closest('[hidden]') === null;
      });
      const outside = overflowing.map((n) => `${n.tagName.toLowerCase()}.${n.className} (${Math.round(drawnRight(n, el) - host.right)}px)`);
      expect(outside.join(' | '), 'nothing drawn outside the element').to.equal('');
      expect(host.width, 'the element keeps its container’s width').to.be.at.most(640.5);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll of the page').to.be.at.most(window.innerWidth);
      // Shown (whole or cut short by the element), never instead of the rest of the record.
      expect(perceivable(el), 'the long text is there').to.contain('long WWWWWWWWWWWWWWWWWWWW');
      expect(perceivable(el), 'the long text is there').to.contain(target.ready);
      // A frame within 2 s after render: the main thread is not stuck on the long strings.
      expect(performance.now() - frame, 'next frame delay (ms)').to.be.below(2000);
    });
  }
});
