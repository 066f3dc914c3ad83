import { describe, expect, it } from '@jest/globals';
import { type Meldingactie, type Meldingstand, naActie, weigering } from './meldingacties.js';

const VANDAAG = '2026-11-27';
const stand = (status: Meldingstand['status']): Meldingstand => ({
  status,
  behandelaarId: status === 'OPEN' ? null : 'b1',
  contactGelegd: false,
  persoonlijkContact: false,
  opgepakt: status !== 'OPEN',
});
const ACTIES: Record<string, Meldingactie> = {
  oppakken: { soort: 'oppakken', behandelaarId: 'b2' },
  contactpoging: {
    soort: 'contactpoging',
    contactsoort: 'TELEFOON',
    bereikt: true,
    datum: VANDAAG,
    dagdeel: null,
    notitieId: null,
  },
  niet_oppakken: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
  afsluiten: { soort: 'afsluiten', resultaat: 'INWONER_REGELT_HET_ZELF' },
  notitie: { soort: 'notitie', notitieId: 'n1' },
  overdragen: { soort: 'overdragen', naarGemeenteId: 'g2' },
  brief_sturen: { soort: 'brief_sturen', kanaal: 'BRIEF', sjabloon: 'uitnodiging' },
};

describe('what a caseworker may do with a melding', () => {
  it.each([
    [
      'OPEN',
      ['oppakken', 'contactpoging', 'niet_oppakken', 'notitie', 'overdragen', 'brief_sturen'],
    ],
    [
      'IN_BEHANDELING',
      ['oppakken', 'contactpoging', 'afsluiten', 'notitie', 'overdragen', 'brief_sturen'],
    ],
    ['AFGESLOTEN', []],
  ] as const)('in status %s allows exactly %j', (status, toegestaan) => {
    const uitkomst = Object.keys(ACTIES).filter(
      (naam) => weigering(stand(status), ACTIES[naam]!, VANDAAG) === null,
    );
    expect(uitkomst).toEqual(toegestaan);
  });

  it('explains a refusal in Dutch', () => {
    expect(weigering(stand('OPEN'), ACTIES.afsluiten!, VANDAAG)).toBe(
      'Pak de melding eerst op, of leg vast dat ze niet wordt opgepakt en waarom.',
    );
    expect(weigering(stand('AFGESLOTEN'), ACTIES.contactpoging!, VANDAAG)).toBe(
      'Op een afgesloten melding kunt u geen contactpoging vastleggen.',
    );
    expect(
      weigering(
        stand('OPEN'),
        { ...ACTIES.contactpoging!, datum: '2026-11-28' } as Meldingactie,
        VANDAAG,
      ),
    ).toBe('De datum van een contactpoging mag niet in de toekomst liggen.');
  });

  it('moves the melding on', () => {
    expect(naActie(stand('OPEN'), ACTIES.oppakken!)).toEqual({
      status: 'IN_BEHANDELING',
      behandelaarId: 'b2',
      contactGelegd: false,
      persoonlijkContact: false,
      opgepakt: true,
    });
    const naContact = naActie(stand('OPEN'), {
      ...ACTIES.contactpoging!,
      bereikt: false,
    } as Meldingactie);
    // Trying counts for the first-contact deadline; only reaching someone stops the letters.
    expect([naContact.persoonlijkContact, naContact.contactGelegd]).toEqual([true, false]);
    expect(naActie(stand('IN_BEHANDELING'), ACTIES.contactpoging!).contactGelegd).toBe(true);
    expect(naActie(stand('OPEN'), ACTIES.overdragen!).status).toBe('AFGESLOTEN');
    expect(naActie(stand('OPEN'), ACTIES.niet_oppakken!).status).toBe('AFGESLOTEN');
    expect(naActie(stand('IN_BEHANDELING'), ACTIES.afsluiten!).status).toBe('AFGESLOTEN');
  });
});
