import { expect } from '@open-wc/testing';
import DOMPurify from 'dompurify';
import type { TrustedTypePolicyOptions, TrustedTypesWindow } from 'trusted-types/lib/index.js';
import { sanitizeHtml, TRUSTED_TYPES_POLICY_NAME } from './sanitize.ts';

// Policy names created from here on (sanitize.ts creates its own on first use, not on import).
const created: string[] = [];
const factory = (window as unknown as TrustedTypesWindow).trustedTypes!;
const createPolicy = factory.createPolicy.bind(factory);
factory.createPolicy = ((name: string, rules: TrustedTypePolicyOptions) => {
  created.push(name);
  return createPolicy(name, rules);
}) as typeof factory.createPolicy;

function html(fragment: DocumentFragment): string {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
}

describe('sanitizeHtml (the only HTML path)', () => {
  it('keeps simple formatting and returns nodes, not a string', () => {
    const out = sanitizeHtml('<p>Pansement <strong>refait</strong><br>à J+2</p>');
    expect(out).to.be.instanceOf(DocumentFragment);
    expect(html(out)).to.equal('<p>Pansement <strong>refait</strong><br>à J+2</p>');
  });

  it('strips scripts, event handlers, styles, iframes and forms', () => {
    const out = html(
      sanitizeHtml(
        '<p onclick="alert(1)" style="color:red">x</p><script>alert(2)</script><img src=x onerror="alert(3)"><iframe src="https://evil.example"></iframe><form><input></form>',
      ),
    );
    expect(out).to.equal('<p>x</p>');
  });

  it('drops javascript: and data: links, and opens http links safely', () => {
    const out = sanitizeHtml('<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><a href="https://sante.fr">c</a>');
    const links = [...out.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([null, null, 'https://sante.fr']);
    expect(links[2]!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(links[2]!.getAttribute('target')).to.equal('_blank');
  });

  it('neutralises SVG and MathML payloads', () => {
    const out = html(sanitizeHtml('<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)">x</a></svg><math><mi xlink:href="javascript:alert(3)">y</mi></math>'));
    expect(out).not.to.match(/script|javascript|svg|math/i);
  });

  it('parses through its own Trusted Types policy, "coord-elements", and never creates DOMPurify\'s "dompurify"', () => {
    sanitizeHtml('<p>x</p>');
    expect(TRUSTED_TYPES_POLICY_NAME).to.equal('coord-elements');
    expect(created).to.deep.equal(['coord-elements']);
  });

  it('leaves the host page\'s own DOMPurify untouched: no hook, no settings of ours', () => {
    sanitizeHtml('<a href="https://sante.fr">c</a><img src="https://sante.fr/x.png">');
    const host = document.createElement('div');
    host.append(DOMPurify.sanitize('<a href="https://sante.fr">c</a><img src="https://sante.fr/x.png" alt="x">', { RETURN_DOM_FRAGMENT: true }));
    const a = host.querySelector('a')!;
    expect(a.hasAttribute('target'), 'our link hook is not on the global instance').to.be.false;
    expect(a.hasAttribute('rel')).to.be.false;
    expect(host.querySelector('img'), 'our tag list is not the global default').to.exist;
    expect(DOMPurify.removeHook('afterSanitizeAttributes'), 'no hook registered on the global instance').to.equal(undefined);
  });
});
