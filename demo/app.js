// The host application's own script, as an integrator would write it: it switches the patient
// and the language on <coord-provider>, and logs the coord-* events it receives. No innerHTML:
// the page is served with `require-trusted-types-for 'script'`.
const provider = document.getElementById('record');
const list = document.getElementById('patients');
const log = document.getElementById('events');
const lang = document.getElementById('lang');

// Who is using the page: `?user=PractitionerRole/role-idel&profession=60` (default: the GP). Lets
// two tabs be two members of the care team talking to each other. The host knows its own users:
// this demo's are the seed's care circle (README, "Demo users").
const DEMO_USERS = {
  'PractitionerRole/role-gp': ['Dr Claire Lefèvre · Médecin', '10'],
  'PractitionerRole/role-idel': ['Sophie Marchand · Infirmière', '60'],
  'PractitionerRole/role-coord': ['Émilie Rousseau · Coordinatrice DAC', ''],
  'PractitionerRole/role-pharm': ['Antoine Girard · Pharmacien', '21'],
  'PractitionerRole/role-onco': ['Dr Hélène Moreau · Oncologue', '10'],
  'PractitionerRole/role-social': ['Nadia Benali · Assistante sociale', ''],
  // Not in the patients' care circles: the dev server refuses him the record (403) unless in
  // emergency — the emergency-access path below.
  'PractitionerRole/role-urg': ['Dr Karim Haddad · Urgentiste', '10'],
};
const params = new URLSearchParams(location.search);
const user = params.get('user');
if (user) {
  const [name, profession] = DEMO_USERS[user] ?? [user, ''];
  provider.setAttribute('user', user);
  const code = params.get('profession') ?? profession;
  if (code) provider.setAttribute('profession', code);
  else provider.removeAttribute('profession');
  document.querySelector('.user').textContent = name;
}
// The host signs its user in; the dev server reads who is asking from this demo token (a real
// host returns its Pro Santé Connect access token here).
provider.getToken = async () => `demo:${provider.getAttribute('user') ?? ''}`;

// Emergency access (bris de glace): the elements ask the viewer for a reason, then call this.
// A real host would ask its authorisation service for a break-the-glass token and return
// `{ token }`; the dev server accepts a purpose-of-use header instead. Never log what it returns.
provider.emergencyAccess = async ({ reason, patient }) => {
  if (!reason || !patient) throw new Error('A reason and a patient are required');
  return { headers: { 'X-Purpose-Of-Use': 'BTG' } };
};

// `?lang=en` opens the page in English (the select below switches it live).
if (params.get('lang') === 'en' || params.get('lang') === 'fr') {
  lang.value = params.get('lang');
  provider.setAttribute('lang', lang.value);
  document.documentElement.lang = lang.value;
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

for (const type of ['coord-patient-change', 'coord-error', 'coord-select', 'coord-auth-required', 'coord-message-sent', 'coord-note-saved', 'coord-action-updated', 'coord-document-uploaded', 'coord-emergency-access']) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const time = new Date().toLocaleTimeString('fr-FR');
    item.textContent = `${time} ${type} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
    while (log.children.length > 20) log.lastElementChild.remove();
  });
}
