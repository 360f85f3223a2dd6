// A Vue 3 host, as an integrator would write it under a strict CSP: Vue's runtime-only build and
// render functions (`h()`), so no template is compiled in the browser (no `new Function`).
// Custom elements need nothing special in `h()`: props that are element properties are set as
// properties (`getToken`), others as attributes, and `onCoordSelect` listens to `coord-select`.
import { createApp, defineComponent, h, ref } from 'vue';
// The one script an HTML host loads registers every tag and loads each element on first use.
import '@coord/components/coord-elements.js';

const App = defineComponent({
  setup() {
    const lang = ref('fr');
    const patientStatus = ref('');
    const selected = ref('');
    // A real host returns its own OAuth access token here; the dev server needs none.
    const getToken = async () => undefined;

    return () => [
      h('header', [
        h('h1', 'Hôte Vue'),
        h('label', [
          'Langue ',
          h('select', { value: lang.value, onChange: (e) => (lang.value = e.target.value) }, [
            h('option', { value: 'fr' }, 'Français'),
            h('option', { value: 'en' }, 'English'),
          ]),
        ]),
      ]),
      h(
        'coord-provider',
        {
          'base-url': '/fhir/R4',
          patient: 'Patient/pat-martin',
          user: 'PractitionerRole/role-gp',
          profession: '10',
          lang: lang.value,
          '.getToken': getToken,
          onCoordPatientChange: (e) => (patientStatus.value = e.detail.status),
        },
        [
          h('main', [
            h('section', { 'aria-label': 'Patient' }, [h('coord-patient-banner')]),
            h('section', { 'aria-label': 'Chronologie' }, [
              h('coord-timeline', {
                'poll-interval': '0',
                onCoordSelect: (e) => (selected.value = `${e.detail.kind ?? ''} ${e.detail.reference}`),
              }),
            ]),
            h('section', { 'aria-label': 'Documents' }, [h('coord-documents', { 'poll-interval': '0' })]),
            h(
              'p',
              { class: 'selected', role: 'status', 'data-patient-status': patientStatus.value },
              selected.value ? `Sélection (Vue) : ${selected.value}` : 'Aucune sélection',
            ),
          ]),
        ],
      ),
    ];
  },
});

createApp(App).mount('#app');
