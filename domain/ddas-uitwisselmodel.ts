// The DDAS v1.2 Uitwisselmodel (VNG, json_schema_Uitwisselmodel.json) built
// from the read model. Pure: the API fetches the rows, this decides what the
// national standard gets to see and how it is spelled.

import {
  CONTACTSOORTEN,
  type ContactsoortCode,
  DAGDELEN,
  RESULTATEN,
  type ResultaatCode,
  SIGNAALPARTNER_TYPES,
  SIGNAALSTATUSSEN,
  type SignaalpartnerTypeCode,
  type SignaalstatusCode,
} from './ddas.js';
import { nederlandseDatum } from './tijd.js';

/** The values as the standard spells them. */
export type DdasSignaalstatus = (typeof SIGNAALSTATUSSEN)[SignaalstatusCode];
export type DdasEindresultaat = (typeof RESULTATEN)[ResultaatCode];
export type DdasSignaalpartner = (typeof SIGNAALPARTNER_TYPES)[SignaalpartnerTypeCode];
export type DdasContactsoort = (typeof CONTACTSOORTEN)[ContactsoortCode];
export type DdasDagdeel = (typeof DAGDELEN)[keyof typeof DAGDELEN];

/**
 * The schema's client is a oneOf: either only a BSN (the branch forbids every
 * other field), or no BSN and postcode + huisnummer. Date of birth and sex
 * are allowed in the second branch but left out: CBS links on BSN or address,
 * and the rest is personal data it does not need (data minimisation, AVG 5.1c).
 */
export type DdasClientgegevens =
  | { burgerservicenummer: string }
  | { postcode: string; huisnummer: string; huisnummertoevoeging?: string };

export interface DdasVroegsignaal {
  ID: string;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
  bedrag: number;
  ontstaansdatum: string;
  signaaldatum: string;
  status: DdasSignaalstatus;
  signaalpartner: { type: DdasSignaalpartner };
  client: DdasClientgegevens;
}

export interface DdasContactpoging {
  soort: DdasContactsoort;
  bereikt: boolean;
  datum: string;
  dagdeel?: DdasDagdeel;
}

export interface DdasVroegsignaalzaak {
  resultaat?: DdasEindresultaat;
  matchingsdatum: string;
  startdatumMatchingperiode: string;
  einddatumMatchingperiode: string;
  datumOpgepakt?: string;
  vroegsignalen?: { ID: string }[];
  contactpogingen: DdasContactpoging[];
}

export interface DdasLevering {
  teller: number;
  gemeentecode: string;
  aanleverendeOrganisatie: { naam: string };
  vroegsignalen: DdasVroegsignaal[];
  vroegsignaalzaken: DdasVroegsignaalzaak[];
}

export interface DdasUitwisselmodel {
  startdatumLevering: string;
  einddatumLevering: string;
  aanleverdatumEnTijd: string;
  codeGegevensleverancier: string;
  leveringen?: DdasLevering[];
}

/** One signal as the read model holds it, seen from one gemeente. */
export interface SignaalRij {
  id: string;
  gemeentecode: string;
  signaalpartnerType: SignaalpartnerTypeCode;
  signaalstatus: SignaalstatusCode;
  bedragInCenten: number;
  ontstaansdatum: Date;
  signaaldatum: Date;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
  bsn: string | null;
  postcode: string;
  huisnummer: number;
  huisletter: string | null;
  toevoeging: string | null;
}

/** One melding (vroegsignaalzaak) with the ids of its signals in the delivery. */
export interface ZaakRij {
  id: string;
  gemeentecode: string;
  resultaat: ResultaatCode | null;
  geopendOp: Date;
  opgepaktOp: Date | null;
  signaalIds: string[];
  /** The earliest and latest signaaldatum of those signals. */
  eersteSignaaldatum: Date;
  laatsteSignaaldatum: Date;
  contactpogingen: {
    soort: ContactsoortCode;
    bereikt: boolean;
    datum: Date;
    dagdeel: keyof typeof DAGDELEN | null;
  }[];
}

/**
 * Cents to the whole euros the schema's `bedrag` asks for: rounded half away
 * from zero, the way a Dutch invoice rounds (€ 412,50 → 413, € 412,49 → 412).
 * Integer arithmetic, so no binary fraction can tip a half the wrong way.
 */
export function heleEuros(centen: number): number {
  if (!Number.isInteger(centen))
    throw new Error(`Bedrag in centen is geen geheel getal: ${centen}`);
  const teken = centen < 0 ? -1 : 1;
  const absoluut = Math.abs(centen);
  return teken * (Math.floor(absoluut / 100) + (absoluut % 100 >= 50 ? 1 : 0)) || 0;
}

/** A date-only column (UTC midnight) as JJJJ-MM-DD. */
function kalenderdatum(datum: Date): string {
  return datum.toISOString().slice(0, 10);
}

/**
 * The national monitor matches a signal against the same address in its own
 * calendar month (meervoudig) and the six months before (opeenvolgend), see
 * matching.ts. The matching period of a zaak is therefore the first day of
 * the month six months before its earliest signal up to the last day of the
 * month of its latest signal.
 */
export function matchingperiode(
  eersteSignaaldatum: Date,
  laatsteSignaaldatum: Date,
): { start: string; eind: string } {
  const start = new Date(
    Date.UTC(eersteSignaaldatum.getUTCFullYear(), eersteSignaaldatum.getUTCMonth() - 6, 1),
  );
  const eind = new Date(
    Date.UTC(laatsteSignaaldatum.getUTCFullYear(), laatsteSignaaldatum.getUTCMonth() + 1, 0),
  );
  return { start: kalenderdatum(start), eind: kalenderdatum(eind) };
}

/** The house letter and addition together, as the schema has one field for both. */
function huisnummertoevoeging(huisletter: string | null, toevoeging: string | null): string {
  return [huisletter, toevoeging]
    .filter((deel): deel is string => !!deel && deel.trim() !== '')
    .map((deel) => deel.trim())
    .join(' ');
}

export function naarVroegsignaal(rij: SignaalRij): DdasVroegsignaal {
  const toevoeging = huisnummertoevoeging(rij.huisletter, rij.toevoeging);
  const client: DdasClientgegevens = rij.bsn
    ? { burgerservicenummer: rij.bsn }
    : {
        postcode: rij.postcode,
        huisnummer: String(rij.huisnummer),
        ...(toevoeging ? { huisnummertoevoeging: toevoeging } : {}),
      };
  return {
    ID: rij.id,
    crisissignaal: rij.crisissignaal,
    warmeOverdracht: rij.warmeOverdracht,
    bedrag: heleEuros(rij.bedragInCenten),
    ontstaansdatum: kalenderdatum(rij.ontstaansdatum),
    signaaldatum: kalenderdatum(rij.signaaldatum),
    status: SIGNAALSTATUSSEN[rij.signaalstatus],
    signaalpartner: { type: SIGNAALPARTNER_TYPES[rij.signaalpartnerType] },
    client,
  };
}

export function naarVroegsignaalzaak(rij: ZaakRij): DdasVroegsignaalzaak {
  const periode = matchingperiode(rij.eersteSignaaldatum, rij.laatsteSignaaldatum);
  return {
    ...(rij.resultaat ? { resultaat: RESULTATEN[rij.resultaat] } : {}),
    // The melding is formed when matching first places a signal at the
    // address; a caseworker's day is a Dutch calendar day.
    matchingsdatum: nederlandseDatum(rij.geopendOp),
    startdatumMatchingperiode: periode.start,
    einddatumMatchingperiode: periode.eind,
    ...(rij.opgepaktOp ? { datumOpgepakt: nederlandseDatum(rij.opgepaktOp) } : {}),
    // The schema wants at least one reference when the array is present.
    ...(rij.signaalIds.length
      ? { vroegsignalen: [...new Set(rij.signaalIds)].sort().map((ID) => ({ ID })) }
      : {}),
    contactpogingen: rij.contactpogingen.map((c) => ({
      soort: CONTACTSOORTEN[c.soort],
      bereikt: c.bereikt,
      datum: kalenderdatum(c.datum),
      ...(c.dagdeel ? { dagdeel: DAGDELEN[c.dagdeel] } : {}),
    })),
  };
}

export interface Leveringskop {
  startdatum: string;
  einddatum: string;
  aangeleverdOp: Date;
  codeGegevensleverancier: string;
  /** Per gemeentecode, the organisation that delivers on its behalf. */
  gemeenten: { code: string; naam: string }[];
}

/**
 * The Uitwisselmodel for one page: one levering per gemeente that has records
 * on it (the schema has a levering hold one gemeente), in gemeentecode order.
 * `leveringen` is left out on an empty page, as the schema needs at least one.
 */
export function bouwUitwisselmodel(
  kop: Leveringskop,
  signalen: SignaalRij[],
  zaken: ZaakRij[],
): DdasUitwisselmodel {
  const codes = [...new Set([...signalen, ...zaken].map((r) => r.gemeentecode))].sort();
  const namen = new Map(kop.gemeenten.map((g) => [g.code, g.naam]));
  const leveringen = codes.map((code, i): DdasLevering => ({
    teller: i + 1,
    gemeentecode: code,
    aanleverendeOrganisatie: { naam: namen.get(code) ?? `Gemeente ${code}` },
    vroegsignalen: signalen.filter((s) => s.gemeentecode === code).map(naarVroegsignaal),
    vroegsignaalzaken: zaken.filter((z) => z.gemeentecode === code).map(naarVroegsignaalzaak),
  }));
  return {
    startdatumLevering: kop.startdatum,
    einddatumLevering: kop.einddatum,
    // The schema's own example format: seconds, UTC, no milliseconds.
    aanleverdatumEnTijd: `${kop.aangeleverdOp.toISOString().slice(0, 19)}Z`,
    codeGegevensleverancier: kop.codeGegevensleverancier,
    ...(leveringen.length ? { leveringen } : {}),
  };
}
