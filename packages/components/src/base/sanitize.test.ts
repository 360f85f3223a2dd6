import { expect } from '@open-wc/testing';
import { sanitizeHtml } from './sanitize.ts';

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
});
