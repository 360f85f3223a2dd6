// The host application's own script, as an integrator would write it: it switches the patient
// and the language on <coord-provider>, and logs the coord-* events it receives. No innerHTML:
// the page is served with `require-trusted-types-for 'script'`.
const provider = document.getElementById('record');
const list = document.getElementById('patients');
const log = document.getElementById('events');
const lang = document.getElementById('lang');

// Who is using the page: `?user=PractitionerRole/role-idel&profession=60` (default: the GP). Lets
// two tabs be two members of the care team talking to each other.
const params = new URLSearchParams(location.search);
if (params.get('user')) {
  provider.setAttribute('user', params.get('user'));
  if (params.get('profession')) provider.setAttribute('profession', params.get('profession'));
  else provider.removeAttribute('profession');
  document.querySelector('.user').textContent = params.get('user');
}

list.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  for (const b of list.querySelectorAll('button')) b.removeAttribute('aria-current');
  button.setAttribute('aria-current', 'true');
  if (button.dataset.patient) {
    provider.removeAttribute('patient-identifier');
    provider.setAttribute('patient', button.dataset.patient);
  } else {
    provider.removeAttribute('patient');
    provider.setAttribute('patient-identifier', button.dataset.identifier);
  }
});

lang.addEventListener('change', () => {
  provider.setAttribute('lang', lang.value);
  document.documentElement.lang = lang.value;
});

for (const type of ['coord-patient-change', 'coord-error', 'coord-select', 'coord-auth-required', 'coord-message-sent', 'coord-note-saved', 'coord-action-updated', 'coord-document-uploaded']) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const time = new Date().toLocaleTimeString('fr-FR');
    item.textContent = `${time} ${type} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
    while (log.children.length > 20) log.lastElementChild.remove();
  });
}
