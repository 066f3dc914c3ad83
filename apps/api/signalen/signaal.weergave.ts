import { formatDatum } from '../../../domain/nederlandse-gegevens.js';
import { SIGNAALPARTNER_TYPES, SIGNAALSTATUSSEN } from '../../../domain/ddas.js';
import type { Actor } from '../auth/actor.js';
import type { SignaalMetDetails } from './signalen.service.js';

/**
 * The status as the creditor may hear it: that a signal was not picked up
 * "for another reason" is feedback, the reason itself is not (DESIGN §2).
 */
function terugkoppeling(status: SignaalMetDetails['signaalstatus']): string {
  return status === 'NIET_OPGEPAKT_ANDERE_REDEN' ? 'Niet opgepakt' : SIGNAALSTATUSSEN[status];
}

/** What the creditor and the operator read about where a signal went. */
export const ROUTERINGSTOELICHTING: Record<SignaalMetDetails['routeringsstatus'], string> = {
  ONTVANGEN: 'Wordt gerouteerd',
  GEROUTEERD: 'Doorgezet naar de gemeente',
  ONBEKEND_ADRES: 'Adres onbekend',
  GEEN_KOPPELING: 'Gemeente niet aangesloten',
};

const gebied = (g: { code: string; naam: string } | null) =>
  g ? { code: g.code, naam: g.naam } : null;

/** The signal as the API shows it: Dutch field names, DDAS labels, exact cents. */
export function signaalWeergave(s: SignaalMetDetails, kijker: Actor) {
  const p = s.persoonsgegevens;
  const signaalstatus = kijker.signaalpartnerId
    ? terugkoppeling(s.signaalstatus)
    : SIGNAALSTATUSSEN[s.signaalstatus];
  return {
    id: s.id,
    referentie: s.referentie,
    signaalpartner: {
      id: s.signaalpartner.id,
      naam: s.signaalpartner.naam,
      type: SIGNAALPARTNER_TYPES[s.signaalpartner.type],
    },
    signaaldatum: formatDatum(s.signaaldatum),
    ontstaansdatum: formatDatum(s.ontstaansdatum),
    bedragInCenten: s.bedragInCenten,
    crisissignaal: s.crisissignaal,
    warmeOverdracht: s.warmeOverdracht,
    eindeLevering: s.eindeLevering,
    signaalstatus,
    // What each gemeente that had the signal reported back, oldest first: a
    // transfer leaves "geen inwoner" from the gemeente the person left.
    terugkoppelingen: [
      ...s.overdrachten.map((o) => ({
        gemeente: o.vanGemeente.naam,
        signaalstatus: SIGNAALSTATUSSEN.GEEN_INWONER_GEMEENTE,
        op: o.op.toISOString(),
      })),
      ...(s.gemeente ? [{ gemeente: s.gemeente.naam, signaalstatus, op: null }] : []),
    ],
    routering: {
      status: s.routeringsstatus,
      toelichting: ROUTERINGSTOELICHTING[s.routeringsstatus],
      handmatig: s.handmatigGerouteerd,
      gedeeltelijkeMatch: s.gedeeltelijkeMatch,
      jaar: s.routeringsjaar,
      gerouteerdOp: s.gerouteerdOp?.toISOString() ?? null,
      gemeente: gebied(s.gemeente),
      wijk: gebied(s.wijk),
      buurt: gebied(s.buurt),
      kern: s.kern ? { naam: s.kern.naam } : null,
    },
    persoon: p
      ? {
          voorletters: p.voorletters,
          voornamen: p.voornamen,
          tussenvoegsel: p.tussenvoegsel,
          achternaam: p.achternaam,
          geboortedatum: formatDatum(p.geboortedatum),
          bsn: p.bsn,
          geslacht: p.geslacht,
        }
      : null,
    adres: p
      ? {
          straat: p.straat,
          postcode: p.postcode,
          huisnummer: p.huisnummer,
          huisletter: p.huisletter,
          toevoeging: p.toevoeging,
          woonplaats: p.woonplaats,
        }
      : null,
    contact: p ? { telefoonnummer: p.telefoonnummer, email: p.email } : null,
    intrekking: s.ingetrokkenOp
      ? { ingetrokkenOp: s.ingetrokkenOp.toISOString(), reden: s.intrekkingsreden }
      : null,
    persoonsgegevensVerwijderdOp: s.persoonsgegevensVerwijderdOp?.toISOString() ?? null,
    ontvangenOp: s.ontvangenOp.toISOString(),
    _links: { self: { href: `/v1/signalen/${s.id}` } },
  };
}
