import {
  CONTACTSOORTEN,
  DAGDELEN,
  RESULTATEN,
  SIGNAALPARTNER_TYPES,
  SIGNAALSTATUSSEN,
} from '../../../domain/ddas.js';
import { formatDatum } from '../../../domain/nederlandse-gegevens.js';
import type { MeldingInLijst, MeldingMetDetails } from './meldingen.service.js';

const persoon = (g: { id: string; naam: string } | null) => (g ? { id: g.id, naam: g.naam } : null);
/** Who acted: a user, or a gemeente system shown by its key's description where a name would be. */
const door = (rij: {
  gebruiker: { id: string; naam: string } | null;
  apiSleutel: { id: string; omschrijving: string } | null;
}) =>
  rij.apiSleutel
    ? { id: rij.apiSleutel.id, naam: `Systeem: ${rij.apiSleutel.omschrijving}` }
    : persoon(rij.gebruiker);

/** The household as the signals describe it; people are listed once. */
function huishouden(m: MeldingInLijst) {
  const bekend = m.signalen.flatMap((s) => (s.persoonsgegevens ? [s.persoonsgegevens] : []));
  const adres = bekend[0];
  const personen = new Map<string, object>();
  for (const p of bekend) {
    const sleutel = `${p.achternaam}|${formatDatum(p.geboortedatum)}`;
    personen.set(sleutel, {
      voorletters: p.voorletters,
      tussenvoegsel: p.tussenvoegsel,
      achternaam: p.achternaam,
      geboortedatum: formatDatum(p.geboortedatum),
    });
  }
  return {
    adres: adres
      ? {
          straat: adres.straat,
          postcode: adres.postcode,
          huisnummer: adres.huisnummer,
          huisletter: adres.huisletter,
          toevoeging: adres.toevoeging,
          woonplaats: adres.woonplaats,
        }
      : null,
    personen: [...personen.values()],
  };
}

const UITNODIGING = {
  UITNODIGEN: 'Uitgenodigd met brief en e-mail',
  ALLEEN_BEHANDELAAR: 'Alleen voor behandelaars (geen automatische uitnodiging)',
  ONDER_MINIMUMBEDRAG: 'Onder het minimumbedrag van de gemeente',
} as const;

/** A deadline that passed unmet while the melding still runs; the same rule as the teLaat filter. */
function isTeLaat(m: MeldingInLijst, nu: number): boolean {
  if (m.status === 'AFGESLOTEN') return false;
  const verstreken = (t: Date | null) => t !== null && t.getTime() < nu;
  return (
    (m.status === 'OPEN' && verstreken(m.termijnOppakken)) ||
    (m.eersteContactOp === null && verstreken(m.termijnEersteContact))
  );
}

/** One row of the werkvoorraad. */
export function meldingInLijst(m: MeldingInLijst) {
  const actief = m.signalen.filter((s) => !s.ingetrokkenOp);
  const eerste = m.signalen[0];
  return {
    id: m.id,
    status: m.status,
    matchtype: m.matchtype,
    resultaat: m.resultaat ? RESULTATEN[m.resultaat] : null,
    geopendOp: m.geopendOp.toISOString(),
    gemeente: m.gemeente,
    wijk: eerste?.wijk ?? null,
    kern: eerste?.kern?.naam ?? null,
    behandelaar: persoon(m.behandelaar),
    // The stored summary, as the filters, counts and urgentie order read it.
    crisis: m.crisis,
    termijnen: {
      eersteContact: m.termijnEersteContact?.toISOString() ?? null,
      oppakken: m.termijnOppakken?.toISOString() ?? null,
    },
    teLaat: isTeLaat(m, Date.now()),
    aantalSignalen: actief.length,
    totaalBedragInCenten: m.totaalBedragInCenten,
    signaalpartnerTypes: m.signaalpartnerTypen.map((t) => SIGNAALPARTNER_TYPES[t]),
    huishouden: huishouden(m),
    _links: { self: { href: `/v1/meldingen/${m.id}` } },
  };
}

/** The case view: everything about the household's case, and its timeline. */
export function meldingDetail(m: MeldingMetDetails) {
  return {
    ...meldingInLijst(m),
    opgepaktOp: m.opgepaktOp?.toISOString() ?? null,
    eersteContactOp: m.eersteContactOp?.toISOString() ?? null,
    termijnOverschredenOp: m.termijnOverschredenOp?.toISOString() ?? null,
    afgeslotenOp: m.afgeslotenOp?.toISOString() ?? null,
    persoonsgegevensVerwijderdOp: m.persoonsgegevensVerwijderdOp?.toISOString() ?? null,
    signalen: m.signalen.map((s) => ({
      id: s.id,
      referentie: s.referentie,
      signaalpartner: {
        naam: s.signaalpartner.naam,
        type: SIGNAALPARTNER_TYPES[s.signaalpartner.type],
      },
      signaaldatum: formatDatum(s.signaaldatum),
      ontstaansdatum: formatDatum(s.ontstaansdatum),
      bedragInCenten: s.bedragInCenten,
      crisissignaal: s.crisissignaal,
      warmeOverdracht: s.warmeOverdracht,
      eindeLevering: s.eindeLevering,
      signaalstatus: SIGNAALSTATUSSEN[s.signaalstatus],
      uitnodiging: UITNODIGING[s.uitnodiging],
      ingetrokkenOp: s.ingetrokkenOp?.toISOString() ?? null,
      contact: s.persoonsgegevens
        ? { telefoonnummer: s.persoonsgegevens.telefoonnummer, email: s.persoonsgegevens.email }
        : null,
      bsn: s.persoonsgegevens?.bsn ?? null,
    })),
    contactpogingen: m.contactpogingen.map((c) => ({
      id: c.id,
      soort: CONTACTSOORTEN[c.soort],
      bereikt: c.bereikt,
      datum: formatDatum(c.datum),
      dagdeel: c.dagdeel ? DAGDELEN[c.dagdeel] : null,
      toelichting: c.notitie?.tekst ?? null,
      door: door(c),
      vastgelegdOp: c.vastgelegdOp.toISOString(),
    })),
    notities: m.notities
      .filter((n) =>
        m.gebeurtenissen.some(
          (g) =>
            g.soort === 'notitie' && (g.gegevens as { notitieId?: string })?.notitieId === n.id,
        ),
      )
      .map((n) => ({
        id: n.id,
        tekst: n.tekst,
        door: door(n),
        op: n.aangemaaktOp.toISOString(),
      })),
    correspondentie: m.correspondentie.map((c) => ({
      id: c.id,
      kanaal: c.kanaal,
      sjabloon: c.sjabloon,
      onderwerp: c.onderwerp,
      status: c.status,
      verzondenOp: c.verzondenOp?.toISOString() ?? null,
      ontvanger: c.ontvanger,
      _links:
        c.kanaal === 'BRIEF'
          ? { pdf: { href: `/v1/meldingen/${m.id}/correspondentie/${c.id}` } }
          : {},
    })),
    taken: m.taken.map((t) => ({
      id: t.id,
      soort: t.soort,
      deadline: formatDatum(t.deadline),
      afgerondOp: t.afgerondOp?.toISOString() ?? null,
    })),
    tijdlijn: m.gebeurtenissen.map((g) => ({
      soort: g.soort,
      op: g.op.toISOString(),
      door: door(g),
      gegevens: g.gegevens,
    })),
  };
}
