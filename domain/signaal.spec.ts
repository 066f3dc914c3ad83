import { describe, expect, it } from '@jest/globals';
import { valideerSignaal, type Validatieresultaat, vervangNul } from './signaal.js';

const VANDAAG = new Date('2026-11-27T10:00:00Z');

function geldigSignaal(): Record<string, unknown> {
  return {
    referentie: 'HUUR-2026-0001',
    signaaldatum: '2026-11-02',
    ontstaansdatum: '2026-08-01',
    bedrag: '1.234,56',
    persoon: {
      voorletters: 'A.',
      achternaam: 'de Vries',
      geboortedatum: '1975-06-30',
      bsn: '111222333',
      geslacht: 'VROUW',
    },
    adres: { postcode: '3531 ab', huisnummer: 12, huisletter: 'b', woonplaats: 'Utrecht' },
    contact: { telefoonnummer: '06 1234 5678', email: 'a.devries@example.org' },
  };
}

function fouten(resultaat: Validatieresultaat): Record<string, string> {
  if (resultaat.geldig) throw new Error('verwachtte fouten');
  return Object.fromEntries(resultaat.fouten.map((f) => [f.veld, f.code]));
}

describe('valideerSignaal', () => {
  it('accepts a valid signal and normalises it for storage', () => {
    const resultaat = valideerSignaal(geldigSignaal(), VANDAAG);
    if (!resultaat.geldig) throw new Error(JSON.stringify(resultaat.fouten));
    expect(resultaat.signaal).toMatchObject({
      bedragInCenten: 123456,
      crisissignaal: false,
      adres: { postcode: '3531AB', huisletter: 'B', adressleutel: '3531AB|12|B' },
      contact: { telefoonnummer: '0612345678' },
      persoon: { bsn: '111222333' },
    });
    expect(resultaat.signaal.signaaldatum.toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });

  it('reports every problem of a row at once', () => {
    const s = geldigSignaal();
    s.signaaldatum = '2026-12-01';
    s.bedrag = '0';
    s.persoon = { achternaam: 'X', geboortedatum: '2020-01-01', bsn: '123456789' };
    s.adres = { postcode: '1234 SS', huisnummer: 12, woonplaats: 'Utrecht' };
    s.contact = { email: 'geen-adres', telefoonnummer: '123' };
    expect(fouten(valideerSignaal(s, VANDAAG))).toEqual({
      signaaldatum: 'datum_in_toekomst',
      bedrag: 'bedrag_niet_positief',
      'persoon.geboortedatum': 'onwaarschijnlijke_geboortedatum',
      'persoon.bsn': 'ongeldig_bsn',
      'adres.postcode': 'ongeldige_postcode',
      'contact.email': 'ongeldig_emailadres',
      'contact.telefoonnummer': 'ongeldig_telefoonnummer',
    });
  });

  it('requires ontstaansdatum ≤ signaaldatum', () => {
    const s = { ...geldigSignaal(), ontstaansdatum: '2026-11-03' };
    expect(fouten(valideerSignaal(s, VANDAAG))).toEqual({ ontstaansdatum: 'na_signaaldatum' });
  });

  it('rejects amounts above the sane maximum', () => {
    expect(fouten(valideerSignaal({ ...geldigSignaal(), bedrag: '1000000,01' }, VANDAAG))).toEqual({
      bedrag: 'bedrag_te_hoog',
    });
  });

  it('refuses a NUL, or the U+FFFD a file reader put in its place, in any text', () => {
    const s = geldigSignaal();
    s.persoon = { ...(s.persoon as object), achternaam: 'Vis\u0000ser' };
    expect(fouten(valideerSignaal(s, VANDAAG))).toEqual({
      'persoon.achternaam': 'onleesbaar_teken',
    });
    const opgeslagen = vervangNul({ ...geldigSignaal(), referentie: 'A\u0000' });
    expect(opgeslagen).toMatchObject({ referentie: 'A\uFFFD' });
    expect(fouten(valideerSignaal(opgeslagen, VANDAAG))).toEqual({
      referentie: 'onleesbaar_teken',
    });
  });

  it('names missing and unknown fields', () => {
    const { referentie: _weg, ...zonderReferentie } = geldigSignaal();
    const resultaat = valideerSignaal({ ...zonderReferentie, bedrg: 12 }, VANDAAG);
    if (resultaat.geldig) throw new Error('verwachtte fouten');
    expect(resultaat.fouten).toEqual(
      expect.arrayContaining([
        { veld: 'referentie', code: 'verplicht', melding: 'Referentie is verplicht.' },
        { veld: '(body)', code: 'onbekend_veld', melding: 'Onbekend veld: bedrg.' },
      ]),
    );
  });
});
