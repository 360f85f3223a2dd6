// The strict page's own script: it lists every Content-Security-Policy / Trusted Types violation
// the page meets (there must be none), as text — no innerHTML, the page enforces Trusted Types.
const list = document.getElementById('violations');
const count = document.getElementById('violations-count');
let seen = 0;

document.addEventListener('securitypolicyviolation', (event) => {
  seen += 1;
  count.textContent = String(seen);
  const item = document.createElement('li');
  item.textContent = `${event.violatedDirective} — ${event.blockedURI || 'inline'} — ${event.sourceFile}:${event.lineNumber} ${event.sample ?? ''}`;
  list.append(item);
});
