/**
 * FHIR fixtures of the chat, shared by its tests, stories and benchmark: messages written "by
 * someone else" and generated threads for scale. Portable (no test framework).
 */
import type { MockFhirStore } from '@coord/dev-server/mocks';
import type { Communication } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';

const PATIENT = 'Patient/pat-martin';

/** A message as another member of the care team writes it (through the "server"). */
export function postAs(store: MockFhirStore, sender: string, text: string, patient = PATIENT): Communication {
  return store.add<Communication>({
    resourceType: 'Communication',
    status: 'completed',
    subject: { reference: patient },
    sender: { reference: sender },
    sent: clock.date().toISOString(),
    payload: [{ contentString: text }],
  });
}

/** Generated messages for scale tests (oldest first, one every 10 minutes up to now). */
export function manyMessages(count: number, patient = PATIENT): Communication[] {
  const now = clock.now();
  const senders = ['PractitionerRole/role-gp', 'PractitionerRole/role-idel', 'PractitionerRole/role-coord'];
  return Array.from({ length: count }, (_, i) => ({
    resourceType: 'Communication' as const,
    id: `gen-${i}`,
    status: 'completed' as const,
    subject: { reference: patient },
    sender: { reference: senders[i % senders.length]! },
    sent: new Date(now - (count - i) * 600_000).toISOString(),
    payload: [{ contentString: `Message ${i + 1}${i % 7 === 0 ? '\nSur deux lignes.' : ''}` }],
  }));
}

/**
 * Hostile and broken messages: markup and script in text and file names, no payload, an
 * attachment without content or with a `javascript:` URL, a sender that does not resolve, links,
 * and a 21 600-character text. Oldest first, a minute apart, ending now.
 */
export function badInputMessages(now = clock.now(), patient = PATIENT): Communication[] {
  const LONG = 'Compte rendu très long. '.repeat(900);
  const specs: [Communication['payload'], Partial<Communication>?][] = [
    [[{ contentString: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> <b>gras</b>' }]],
    [[{ contentAttachment: { contentType: 'application/pdf', url: 'Binary/nope', title: '<img src=x onerror="window.__pwned=3">.pdf' } }]],
    [[]],
    [[{ contentAttachment: { contentType: 'image/png', title: 'sans-contenu.png' } }]],
    [[{ contentAttachment: { contentType: 'application/pdf', url: 'javascript:alert(1)', title: 'piege.pdf' } }]],
    [[{ contentString: 'Message d’un inconnu' }], { sender: { reference: 'PractitionerRole/fantome' } }],
    [[{ contentString: 'Voir https://example.org/protocole?id=1). Pas javascript:alert(1) ni data:text/html,x — écrire à mailto:ide@example.org.' }]],
    [[{ contentString: LONG }]],
  ];
  return specs.map(([payload, extra], i) => ({
    resourceType: 'Communication',
    id: `bad-${i + 1}`,
    status: 'completed',
    subject: { reference: patient },
    sender: { reference: 'PractitionerRole/role-gp' },
    sent: new Date(now - (specs.length - i) * 60_000).toISOString(),
    payload,
    ...extra,
  }));
}
