// A React host, as an integrator would write it: the library's React wrappers
// (`@coord/components/react`), props for attributes and properties, `on…` props for coord-* events.
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CoordChat, CoordPatientBanner, CoordProvider, CoordTimeline } from '@coord/components/react';

function App() {
  const [lang, setLang] = useState('fr');
  const [patientStatus, setPatientStatus] = useState('');
  const [selected, setSelected] = useState('');
  // A real host returns its own OAuth access token here; the dev server needs none.
  const getToken = useCallback(async () => undefined, []);

  return (
    <>
      <header>
        <h1>Hôte React</h1>
        <label>
          Langue{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <CoordProvider
        baseUrl="/fhir/R4"
        patient="Patient/pat-martin"
        user="PractitionerRole/role-gp"
        profession="10"
        lang={lang}
        getToken={getToken}
        onCoordPatientChange={(e) => setPatientStatus(e.detail.status)}
      >
        <main>
          <section aria-label="Patient">
            <CoordPatientBanner />
          </section>
          <section aria-label="Chronologie">
            <CoordTimeline pollInterval={0} onCoordSelect={(e) => setSelected(`${e.detail.kind ?? ''} ${e.detail.reference}`)} />
          </section>
          <section aria-label="Messagerie">
            <CoordChat />
          </section>
          <p className="selected" role="status" data-patient-status={patientStatus}>
            {selected ? `Sélection (React) : ${selected}` : 'Aucune sélection'}
          </p>
        </main>
      </CoordProvider>
    </>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
