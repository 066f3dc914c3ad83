// The monthly report's figures: what each one means (the national monitor's
// definitions, DESIGN §2), their Dutch labels, and the month arithmetic in
// Europe/Amsterdam. Pure, so the workflow, the activities, the API and the
// tests share one definition.
import {
  RESULTATEN,
  type ResultaatCode,
  SIGNAALPARTNER_TYPES,
  type SignaalpartnerTypeCode,
  SIGNAALSTATUSSEN,
  type SignaalstatusCode,
} from './ddas.js';
import { MAANDNAMEN, nederlandseDatum } from './tijd.js';

/** A calendar month as JJJJ-MM. */
export type Maand = string;

export const MAAND_PATROON = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month `stappen` months after `maand` (negative: before). */
export function volgendeMaand(maand: Maand, stappen = 1): Maand {
  const [j, m] = maand.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(j, m - 1 + stappen, 1)).toISOString().slice(0, 7);
}

/** The calendar month the moment falls in, in the Netherlands. */
export function maandVan(moment: Date): Maand {
  return nederlandseDatum(moment).slice(0, 7);
}

/**
 * The month a scheduled run reports on: the calendar month before the one it
 * was scheduled in (06:00 on the 1st in Amsterdam is still the 1st there,
 * while it is the last day of the month before in UTC only after 22:00).
 */
export function teRapporterenMaand(gepland: Date): Maand {
  return volgendeMaand(maandVan(gepland), -1);
}

/** True for a month that has ended in the Netherlands at `nu`: only those can be reported. */
export function isVoorbijeMaand(maand: Maand, nu: Date): boolean {
  return MAAND_PATROON.test(maand) && maand >= '2000-01' && maand < maandVan(nu);
}

/** Dutch month name with year, e.g. "oktober 2026". */
export function maandNaam(maand: Maand): string {
  const [j, m] = maand.split('-').map(Number) as [number, number];
  return `${MAANDNAMEN[m - 1]!} ${j}`;
}

export interface Gebiedcijfers {
  /** CBS wijkcode; null for signals without a wijk. */
  code?: string | null;
  naam: string;
  signalen: number;
  meldingen: number;
}

/**
 * One month of one gemeente. Definitions (all times in Europe/Amsterdam):
 * - signals count in the month of their signaaldatum, at the gemeente they
 *   are routed to now; a signal transferred to another gemeente counts
 *   there, and in `overgedragen` of the gemeente it left (by transfer date);
 * - meldingen count in the month they opened; a melding belongs to the wijk
 *   and kern of its first signal (as the overview screen);
 * - the funnel (opgepakt, metContact, perResultaat, medians) follows the
 *   meldingen opened in the month, as they stand when the report is made;
 * - teLaat: meldingen whose deadline passed unmet during the month.
 */
export interface Maandcijfers {
  maand: Maand;
  signalen: number;
  perSignaalpartnerType: Record<SignaalpartnerTypeCode, number>;
  perSignaalpartner: { naam: string; type: SignaalpartnerTypeCode; signalen: number }[];
  perWijk: Gebiedcijfers[];
  perKern: Gebiedcijfers[];
  perSignaalstatus: Record<SignaalstatusCode, number>;
  overgedragen: number;
  overgenomen: number;
  meldingen: number;
  uniekeAdressen: number;
  enkelvoudig: number;
  meervoudig: number;
  opeenvolgend: number;
  opgepakt: number;
  metContact: number;
  perResultaat: Record<ResultaatCode, number>;
  /** Days from the melding's opening day to its first contactpoging; null without any. */
  mediaanDagenTotContactpoging: number | null;
  mediaanDagenTotOppakken: number | null;
  teLaat: number;
}

export interface Rapportagecijfers {
  gemeente: { code: string; naam: string };
  maand: Maand;
  huidig: Maandcijfers;
  vorigeMaand: Maandcijfers;
  vorigJaar: Maandcijfers;
  /** The 12 months up to and including the reported one, oldest first. */
  trend: { maand: Maand; signalen: number; meldingen: number }[];
  berekendOp: string;
}

/** The months a report compares: this one, the one before, the same one a year earlier. */
export function vergelijkingsmaanden(maand: Maand): {
  huidig: Maand;
  vorigeMaand: Maand;
  vorigJaar: Maand;
} {
  return {
    huidig: maand,
    vorigeMaand: volgendeMaand(maand, -1),
    vorigJaar: volgendeMaand(maand, -12),
  };
}

/** The single figures of the summary, in the order and wording of the report. */
export const KERNCIJFERS = [
  ['signalen', 'Signalen ontvangen'],
  ['meldingen', 'Meldingen gevormd'],
  ['uniekeAdressen', 'Unieke adressen'],
  ['enkelvoudig', 'Meldingen enkelvoudig'],
  ['meervoudig', 'Meldingen meervoudig'],
  ['opeenvolgend', 'Meldingen opeenvolgend'],
  ['opgepakt', 'Meldingen opgepakt'],
  ['metContact', 'Meldingen met contact (inwoner bereikt)'],
  ['mediaanDagenTotContactpoging', 'Mediaan dagen melding tot eerste contactpoging'],
  ['mediaanDagenTotOppakken', 'Mediaan dagen melding tot oppakken'],
  ['teLaat', 'Meldingen over de termijn'],
  ['overgedragen', 'Signalen overgedragen aan een andere gemeente'],
  ['overgenomen', 'Signalen overgenomen van een andere gemeente'],
] as const satisfies readonly (readonly [keyof Maandcijfers, string])[];

export const TYPE_LABELS = SIGNAALPARTNER_TYPES;
export const STATUS_LABELS = SIGNAALSTATUSSEN;
export const RESULTAAT_LABELS = RESULTATEN;

/** Every key of a vocabulary with 0, so a report always lists each category. */
export function nullen<K extends string>(tabel: Record<K, string>): Record<K, number> {
  return Object.fromEntries(Object.keys(tabel).map((k) => [k, 0])) as Record<K, number>;
}

/** Change against a comparison figure, as the report shows it: "+3", "-2", "0" or "–". */
export function verschil(nu: number | null, toen: number | null): string {
  if (nu === null || toen === null) return '–';
  const d = Math.round((nu - toen) * 10) / 10;
  return d > 0 ? `+${d}` : String(d);
}

/** The file names a report is stored and mailed under. */
export function rapportageBestandsnaam(gemeentecode: string, maand: Maand, soort: 'xlsx' | 'pdf') {
  return `maandrapportage-${gemeentecode}-${maand}.${soort}`;
}
