import { describe, expect, it } from '@jest/globals';
import { deelKolommenIn, rijNaarInvoer } from './kolommen.js';

describe('column mapping', () => {
  it('matches headers regardless of case, spaces and common synonyms', () => {
    const indeling = deelKolommenIn([
      'KENMERK',
      'datum signaal',
      'Achterstand sinds',
      'Bedrag achterstand',
      'Naam',
      'Geb. datum',
      'PC',
      'Huisnr',
      'Plaats',
      'Iets anders',
    ]);
    expect([...indeling.values()]).toEqual([
      'referentie',
      'signaaldatum',
      'ontstaansdatum',
      'bedrag',
      'achternaam',
      'geboortedatum',
      'postcode',
      'huisnummer',
      'woonplaats',
    ]);
  });

  it('names missing and doubled columns in one message', () => {
    expect(() => deelKolommenIn(['Referentie', 'Kenmerk', 'Postcode'])).toThrow(
      'Verplichte kolommen ontbreken: Signaaldatum, Ontstaansdatum, Bedrag achterstand, Achternaam, Geboortedatum, Huisnummer, Woonplaats. Kolommen staan dubbel: "Referentie" en "Kenmerk".',
    );
  });

  it('turns Dutch spreadsheet habits into the signal shape', () => {
    const indeling = deelKolommenIn([
      'Referentie',
      'Signaaldatum',
      'Ontstaansdatum',
      'Bedrag',
      'Achternaam',
      'Geboortedatum',
      'Postcode',
      'Huisnummer',
      'Woonplaats',
      'Crisis',
      'Geslacht',
      'BSN',
    ]);
    const invoer = rijNaarInvoer(
      [
        'R1',
        '2-11-2026',
        new Date(Date.UTC(2026, 7, 1)),
        412.5,
        'Jansen',
        '17/05/1980',
        '3531 ab',
        '12-2',
        'Utrecht',
        'ja',
        'v',
        12345672,
      ],
      indeling,
    );
    expect(invoer).toEqual({
      referentie: 'R1',
      signaaldatum: '2026-11-02',
      ontstaansdatum: '2026-08-01',
      bedrag: 412.5,
      crisissignaal: true,
      persoon: {
        achternaam: 'Jansen',
        geboortedatum: '1980-05-17',
        bsn: '012345672',
        geslacht: 'VROUW',
      },
      adres: { postcode: '3531 ab', huisnummer: 12, toevoeging: '2', woonplaats: 'Utrecht' },
      contact: {},
    });
  });

  it('leaves an impossible date as typed so the row error can show it', () => {
    const indeling = deelKolommenIn([
      'Referentie',
      'Signaaldatum',
      'Ontstaansdatum',
      'Bedrag',
      'Achternaam',
      'Geboortedatum',
      'Postcode',
      'Huisnummer',
      'Woonplaats',
    ]);
    expect(rijNaarInvoer(['R', '31-02-2026'], indeling).signaaldatum).toBe('31-02-2026');
  });
});
