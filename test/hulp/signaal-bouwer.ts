import { randomUUID } from 'node:crypto';
import type { SignaalInvoer } from '../../domain/signaal.js';

/** A valid signal for a demo address; override what a test is about. */
export function eenSignaal(overschrijvingen: Partial<SignaalInvoer> = {}): SignaalInvoer {
  return {
    referentie: `TEST-${randomUUID()}`,
    signaaldatum: '2026-11-02',
    ontstaansdatum: '2026-08-01',
    bedrag: '412,50',
    crisissignaal: false,
    persoon: {
      voorletters: 'J.',
      achternaam: 'Jansen-Testpersoon',
      geboortedatum: '1980-05-17',
      bsn: '111222333',
    },
    adres: { straat: 'Kanaalstraat', postcode: '3531 ab', huisnummer: 7, woonplaats: 'Utrecht' },
    contact: { email: 'j.jansen@example.org', telefoonnummer: '06-12345678' },
    ...overschrijvingen,
  };
}
