// What a caseworker may do with a melding, and when. Pure, so the workflow's
// Update validators and the tests use the same rules.
import type { ContactsoortCode, ResultaatCode, SignaalstatusCode } from './ddas.js';

export type Meldingstatus = 'OPEN' | 'IN_BEHANDELING' | 'AFGESLOTEN';
export type Correspondentiekanaal = 'BRIEF' | 'EMAIL';
export type Dagdeel = 'OCHTEND' | 'MIDDAG' | 'AVOND';

/** The DDAS signal statuses that mean "not picked up", each with the result it closes with. */
export const NIET_OPGEPAKT_RESULTAAT = {
  NIET_OPGEPAKT_ONTERECHT_SIGNAAL: 'NIET_OPGEPAKT_ONTERECHT_SIGNAAL',
  NIET_OPGEPAKT_HERHAALDE_MELDING: 'NIET_OPGEPAKT_HERHAALDE_MELDING',
  NIET_OPGEPAKT_ANDERE_REDEN: 'NIET_OPGEPAKT_ANDERE_REDEN',
  INWONER_IS_OVERLEDEN: 'INWONER_IS_OVERLEDEN',
  INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING: 'INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING',
} as const satisfies Partial<Record<SignaalstatusCode, ResultaatCode>>;
export type NietOpgepaktReden = keyof typeof NIET_OPGEPAKT_RESULTAAT;

export type Meldingactie =
  | { soort: 'oppakken'; behandelaarId: string }
  | {
      soort: 'contactpoging';
      contactsoort: ContactsoortCode;
      bereikt: boolean;
      /** JJJJ-MM-DD */
      datum: string;
      dagdeel: Dagdeel | null;
      /** The toelichting, stored as a note: its text never travels through Temporal. */
      notitieId: string | null;
    }
  | { soort: 'niet_oppakken'; reden: NietOpgepaktReden }
  | { soort: 'afsluiten'; resultaat: ResultaatCode }
  | { soort: 'notitie'; notitieId: string }
  /** A letter or e-mail from a template, sent by the caseworker outside the outreach sequence. */
  | { soort: 'brief_sturen'; kanaal: Correspondentiekanaal; sjabloon: string }
  /** The person lives elsewhere: the signals go to that gemeente's melding. */
  | { soort: 'overdragen'; naarGemeenteId: string }
  // What the workflow itself does, with no caseworker involved:
  | { soort: 'automatisch_sluiten'; grond: AutomatischeSluitgrond }
  | { soort: 'bewaartermijn_verstreken' };

/**
 * Why a melding closes by itself: every creditor withdrew before anyone made
 * contact, or every signal is below the gemeente's minimum amount.
 */
export type AutomatischeSluitgrond = 'ALLES_INGETROKKEN' | 'ONDER_MINIMUMBEDRAG';

export interface Meldingstand {
  status: Meldingstatus;
  behandelaarId: string | null;
  /** A contactpoging with bereikt = true has been registered. */
  contactGelegd: boolean;
  /** A caseworker registered a contactpoging: the first-contact deadline is met. */
  persoonlijkContact: boolean;
  /** Someone picked it up at some point: it counts as handled for retention. */
  opgepakt: boolean;
}

/**
 * Why the action is not allowed now, in Dutch for the caseworker, or null
 * when it is. `vandaag` is JJJJ-MM-DD in the gemeente's time zone.
 */
export function weigering(
  stand: Meldingstand,
  actie: Meldingactie,
  vandaag: string,
): string | null {
  const afgesloten = stand.status === 'AFGESLOTEN';
  switch (actie.soort) {
    case 'oppakken':
      return afgesloten
        ? 'Deze melding is afgesloten en kan niet meer worden opgepakt of toegewezen.'
        : null;
    case 'contactpoging':
      if (afgesloten) return 'Op een afgesloten melding kunt u geen contactpoging vastleggen.';
      if (actie.datum > vandaag)
        return 'De datum van een contactpoging mag niet in de toekomst liggen.';
      return null;
    case 'niet_oppakken':
      if (afgesloten) return 'Deze melding is al afgesloten.';
      if (stand.status === 'IN_BEHANDELING')
        return 'Deze melding is al opgepakt. Sluit haar af met een resultaat.';
      return null;
    case 'afsluiten':
      if (afgesloten) return 'Deze melding is al afgesloten.';
      if (stand.status === 'OPEN')
        return 'Pak de melding eerst op, of leg vast dat ze niet wordt opgepakt en waarom.';
      return null;
    case 'notitie':
      // The case file is final once closed.
      return afgesloten ? 'Aan een afgesloten melding kunt u geen notitie meer toevoegen.' : null;
    case 'overdragen':
      return afgesloten ? 'Deze melding is afgesloten en kan niet meer worden overgedragen.' : null;
    case 'brief_sturen':
      // Whether an e-mail can go out (address known, channel on) is only known
      // in the database; the sending activity refuses that with its own reason.
      return afgesloten
        ? `Naar een afgesloten melding stuurt u geen ${actie.kanaal === 'EMAIL' ? 'e-mail' : 'brief'} meer.`
        : null;
    case 'automatisch_sluiten':
      return afgesloten ? 'Deze melding is al afgesloten.' : null;
    case 'bewaartermijn_verstreken':
      return null;
  }
}

/** The melding's state after an allowed action. */
export function naActie(stand: Meldingstand, actie: Meldingactie): Meldingstand {
  switch (actie.soort) {
    case 'oppakken':
      return {
        ...stand,
        status: 'IN_BEHANDELING',
        behandelaarId: actie.behandelaarId,
        opgepakt: true,
      };
    case 'contactpoging':
      return {
        ...stand,
        contactGelegd: stand.contactGelegd || actie.bereikt,
        persoonlijkContact: true,
      };
    case 'niet_oppakken':
    case 'afsluiten':
    case 'overdragen':
    case 'automatisch_sluiten':
    case 'bewaartermijn_verstreken':
      return { ...stand, status: 'AFGESLOTEN' };
    case 'notitie':
    case 'brief_sturen':
      return stand;
  }
}
