// The host's script for the record page: the section is kept in the URL (`#view=documents`, a
// deep link that survives a reload), the layout and the language switch live, and the coord-*
// events are logged. No innerHTML: the page is served with `require-trusted-types-for 'script'`.
const record = document.getElementById('record');
const host = document.getElementById('host');
const log = document.getElementById('events');
const lang = document.getElementById('lang');
const layout = document.getElementById('layout');

const params = new URLSearchParams(location.search);
// `?user=PractitionerRole/role-idel&profession=60`: another member of the care circle.
if (params.get('user')) {
  record.setAttribute('user', params.get('user'));
  if (params.get('profession')) record.setAttribute('profession', params.get('profession'));
  else record.removeAttribute('profession');
  document.querySelector('.user').textContent = params.get('user');
}
if (params.get('patient')) record.setAttribute('patient', params.get('patient'));
if (params.get('layout') === 'panel') {
  layout.value = 'panel';
  host.dataset.layout = 'panel';
}
if (params.get('lang') === 'en') {
  lang.value = 'en';
  record.setAttribute('lang', 'en');
  document.documentElement.lang = 'en';
}

// Deep link: the hash opens a section; the record tells us when the user opens another.
const viewFromHash = () => new URLSearchParams(location.hash.slice(1)).get('view');
if (viewFromHash()) record.setAttribute('view', viewFromHash());
addEventListener('hashchange', () => {
  const view = viewFromHash();
  if (view && view !== record.getAttribute('view')) record.setAttribute('view', view);
});
record.addEventListener('coord-view-change', (event) => {
  history.replaceState(null, '', `#view=${event.detail.view}`);
});

layout.addEventListener('change', () => {
  host.dataset.layout = layout.value;
});
lang.addEventListener('change', () => {
  record.setAttribute('lang', lang.value);
  document.documentElement.lang = lang.value;
});

for (const type of ['coord-view-change', 'coord-patient-change', 'coord-error', 'coord-select', 'coord-auth-required', 'coord-message-sent', 'coord-note-saved', 'coord-action-updated', 'coord-document-uploaded']) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString('fr-FR')} ${type} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
    while (log.children.length > 20) log.lastElementChild.remove();
  });
}
