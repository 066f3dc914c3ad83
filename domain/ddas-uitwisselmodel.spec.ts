import { describe, expect, it } from '@jest/globals';
import {
  bouwUitwisselmodel,
  heleEuros,
  matchingperiode,
  naarVroegsignaal,
  naarVroegsignaalzaak,
  type SignaalRij,
  type ZaakRij,
} from './ddas-uitwisselmodel.js';

const signaal = (extra: Partial<SignaalRij> = {}): SignaalRij => ({
  id: 's1',
  gemeentecode: '9931',
  signaalpartnerType: 'CAK_EIGEN_BIJDRAGE',
  signaalstatus: 'NIET_OPGEPAKT_ANDERE_REDEN',
  bedragInCenten: 41250,
  ontstaansdatum: new Date('2026-08-01'),
  signaaldatum: new Date('2026-11-02'),
  crisissignaal: true,
  warmeOverdracht: false,
  bsn: null,
  postcode: '9931AA',
  huisnummer: 7,
  huisletter: null,
  toevoeging: null,
  ...extra,
});

const zaak = (extra: Partial<ZaakRij> = {}): ZaakRij => ({
  id: 'm1',
  gemeentecode: '9931',
  resultaat: null,
  // 23:30 UTC on 31 October is already 1 November in Amsterdam.
  geopendOp: new Date('2026-10-31T23:30:00Z'),
  opgepaktOp: null,
  signaalIds: ['s2', 's1', 's2'],
  eersteSignaaldatum: new Date('2026-08-31'),
  laatsteSignaaldatum: new Date('2026-11-02'),
  contactpogingen: [],
  ...extra,
});

describe('DDAS Uitwisselmodel', () => {
  it('rounds cents to whole euros half away from zero', () => {
    expect([0, 49, 50, 149, 150, 41249, 41250, -50, -49].map(heleEuros)).toEqual([
      0, 0, 1, 1, 2, 412, 413, -1, 0,
    ]);
    expect(() => heleEuros(1.5)).toThrow();
  });

  it('gives the client as BSN only when the BSN is known', () => {
    expect(naarVroegsignaal(signaal({ bsn: '111222333' })).client).toEqual({
      burgerservicenummer: '111222333',
    });
    expect(naarVroegsignaal(signaal({ huisletter: 'A', toevoeging: '2 ' })).client).toEqual({
      postcode: '9931AA',
      huisnummer: '7',
      huisnummertoevoeging: 'A 2',
    });
    expect(naarVroegsignaal(signaal()).client).toEqual({ postcode: '9931AA', huisnummer: '7' });
  });

  it('spells status, creditor type and dates as the standard does', () => {
    expect(naarVroegsignaal(signaal())).toEqual({
      ID: 's1',
      crisissignaal: true,
      warmeOverdracht: false,
      bedrag: 413,
      ontstaansdatum: '2026-08-01',
      signaaldatum: '2026-11-02',
      status: 'Niet opgepakt: andere reden',
      signaalpartner: { type: 'CAK Eigen bijdrage' },
      client: { postcode: '9931AA', huisnummer: '7' },
    });
  });

  it('spans the matching period from six months before the first signal to the end of the last month', () => {
    expect(matchingperiode(new Date('2026-08-31'), new Date('2026-11-02'))).toEqual({
      start: '2026-02-01',
      eind: '2026-11-30',
    });
    expect(matchingperiode(new Date('2024-02-10'), new Date('2024-02-10'))).toEqual({
      start: '2023-08-01',
      eind: '2024-02-29',
    });
  });

  it('maps a zaak with Dutch calendar days and unique signal references', () => {
    expect(
      naarVroegsignaalzaak(
        zaak({
          resultaat: 'VERWIJZING_ZONDER_TUSSENKOMST_INWONER',
          opgepaktOp: new Date('2026-11-03T23:10:00Z'),
          contactpogingen: [
            {
              soort: 'SMS_WHATSAPP',
              bereikt: true,
              datum: new Date('2026-11-05'),
              dagdeel: 'AVOND',
            },
            { soort: 'BRIEF', bereikt: false, datum: new Date('2026-11-01'), dagdeel: null },
          ],
        }),
      ),
    ).toEqual({
      resultaat: 'Verwijzing zonder tussenkomst inwoner',
      matchingsdatum: '2026-11-01',
      startdatumMatchingperiode: '2026-02-01',
      einddatumMatchingperiode: '2026-11-30',
      datumOpgepakt: '2026-11-04',
      vroegsignalen: [{ ID: 's1' }, { ID: 's2' }],
      contactpogingen: [
        { soort: 'SMS/Whatsapp', bereikt: true, datum: '2026-11-05', dagdeel: 'Avond' },
        { soort: 'Brief', bereikt: false, datum: '2026-11-01' },
      ],
    });
    const open = naarVroegsignaalzaak(zaak({ signaalIds: [] }));
    expect(open).not.toHaveProperty('resultaat');
    expect(open).not.toHaveProperty('datumOpgepakt');
    expect(open).not.toHaveProperty('vroegsignalen');
  });

  it('makes one levering per gemeente, numbered, and none on an empty page', () => {
    const kop = {
      startdatum: '2026-10-01',
      einddatum: '2026-12-31',
      aangeleverdOp: new Date('2026-11-27T21:10:00.123Z'),
      codeGegevensleverancier: 'VROEGSIGNAAL',
      gemeenten: [{ code: '9931', naam: 'Gemeente Eenstad' }],
    };
    const model = bouwUitwisselmodel(
      kop,
      [signaal({ gemeentecode: '9932', id: 'x' }), signaal()],
      [zaak()],
    );
    expect(model.aanleverdatumEnTijd).toBe('2026-11-27T21:10:00Z');
    expect(
      model.leveringen?.map((l) => [
        l.teller,
        l.gemeentecode,
        l.aanleverendeOrganisatie.naam,
        l.vroegsignalen.length,
        l.vroegsignaalzaken.length,
      ]),
    ).toEqual([
      [1, '9931', 'Gemeente Eenstad', 1, 1],
      [2, '9932', 'Gemeente 9932', 1, 0],
    ]);
    expect(bouwUitwisselmodel(kop, [], [])).not.toHaveProperty('leveringen');
  });
});
