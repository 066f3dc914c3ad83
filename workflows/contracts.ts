// The contract between the API, the worker and the workflows: ids, queues and
// search attributes. Imported by every process, so it holds no I/O.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Matchtype } from '../domain/matching.js';
import type { Meldingactie, Meldingstand, Meldingstatus } from '../domain/meldingacties.js';
import type { Bewaarinstellingen, Termijnen, Termijnsoort } from '../domain/termijnen.js';

export type { Matchtype, Meldingactie, Meldingstand, Meldingstatus, Termijnen, Termijnsoort };

/** What the gemeente's filters decided for a signal; mirrors the Uitnodigingsbesluit enum. */
export type Uitnodigingsbesluit = 'UITNODIGEN' | 'ALLEEN_BEHANDELAAR' | 'ONDER_MINIMUMBEDRAG';

export const STANDAARD_TAAKWACHTRIJ = 'vroegsignaal';

/**
 * Letters are printed from a queue of their own, served a few at a time:
 * Chromium is slow and CPU-bound, and a burst of new meldingen must not take
 * every activity slot from routing the signals that keep coming in.
 */
export function briefwachtrij(taakwachtrij: string): string {
  return `${taakwachtrij}-brieven`;
}

/** Derived from the database id, so one signal can never start two workflows. */
export function signaalWorkflowId(signaalId: string): string {
  return `signaal-${signaalId}`;
}

// Search attributes hold codes only, never personal data (DESIGN §3).
export const ZOEKATTRIBUTEN = {
  gemeentecode: defineSearchAttributeKey('VsGemeentecode', 'KEYWORD'),
  routeringsstatus: defineSearchAttributeKey('VsRouteringsstatus', 'KEYWORD'),
  signaalpartnerType: defineSearchAttributeKey('VsSignaalpartnerType', 'KEYWORD'),
  meldingstatus: defineSearchAttributeKey('VsMeldingstatus', 'KEYWORD'),
  matchtype: defineSearchAttributeKey('VsMatchtype', 'KEYWORD'),
} as const;

/** Names and Temporal types of the custom search attributes, for server registration. */
export const ZOEKATTRIBUUT_REGISTRATIE = Object.values(ZOEKATTRIBUTEN).map((sleutel) => ({
  naam: sleutel.name,
  type: 'Keyword' as const,
}));

export type Routeringsstatus = 'GEROUTEERD' | 'ONBEKEND_ADRES' | 'GEEN_KOPPELING';

/** What routing tells the workflow: codes only. */
export interface Routeringsuitkomst {
  routeringsstatus: Routeringsstatus;
  gemeentecode: string | null;
  wijkcode: string | null;
  buurtcode: string | null;
}

export interface SignaalWorkflowInvoer {
  signaalId: string;
  signaalpartnerType: string;
}

/** One workflow per delivery, derived from the aanlevering's database id. */
export function aanleveringWorkflowId(aanleveringId: string): string {
  return `aanlevering-${aanleveringId}`;
}

/** Counts for the creditor's progress bar; row contents never travel through Temporal. */
export interface AanleveringVoortgang {
  rijen: number;
  gevalideerd: number;
  geaccepteerd: number;
  alBekend: number;
  afgewezen: number;
  gestart: number;
  klaar: boolean;
}

export interface AanleveringWorkflowInvoer {
  aanleveringId: string;
  /** Set when the workflow continues as new after a part of a large delivery. */
  vanafRij?: number;
  voortgang?: AanleveringVoortgang;
}

export interface Rijresultaat {
  gevalideerd: number;
  geaccepteerd: number;
  alBekend: number;
  afgewezen: number;
}

/** The platform operator assigns a gemeente to a signal that routing could not place. */
export interface GemeenteToewijzing {
  gemeentecode: string;
}

export const wijsGemeenteToeUpdate = defineUpdate<Routeringsuitkomst, [GemeenteToewijzing]>(
  'wijsGemeenteToe',
);

/** Progress of a delivery, for the creditor's progress bar. */
export const voortgangQuery = defineQuery<AanleveringVoortgang>('voortgang');

/** The creditor withdrew the signal; what that means for the case is the melding's business. */
export const intrekkenSignal = defineSignal('intrekken');

/** Derived from the melding's database id: one workflow per household case. */
export function meldingWorkflowId(meldingId: string): string {
  return `melding-${meldingId}`;
}

export interface MeldingWorkflowInvoer {
  meldingId: string;
  gemeentecode: string;
}

/** Where a signal landed; ids and codes only. */
export interface Meldingkoppeling extends SignaalToegevoegd {
  meldingId: string;
  nieuw: boolean;
  gemeentecode: string;
}

export interface SignaalToegevoegd {
  signaalId: string;
  matchtype: Matchtype;
  /** Absent in histories from before the gemeente's filters: such signals were invited. */
  uitnodiging?: Uitnodigingsbesluit;
  /** The melding's deadlines as this signal left them (a crisis signal shortens them). */
  termijnen?: Termijnen;
  /** The creditor withdrew it before it joined. */
  ingetrokken?: boolean;
}

/** A routed signal joins the melding; sent with signal-with-start. */
export const signaalToegevoegdSignal = defineSignal<[SignaalToegevoegd]>('signaalToegevoegd');

export interface MeldingToestand extends Meldingstand {
  matchtype: Matchtype;
  signalen: string[];
}

/** The creditor withdrew a signal of this melding. */
export const signaalIngetrokkenSignal = defineSignal<[{ signaalId: string }]>('signaalIngetrokken');

/** The melding as stored, with the gemeente's settings that its workflow follows. */
export interface MeldingStart extends Meldingstand {
  matchtype: Matchtype;
  termijnen: Termijnen | null;
  bewaring: Bewaarinstellingen;
  afgeslotenOp: number | null;
}

export const meldingToestandQuery = defineQuery<MeldingToestand>('meldingToestand');

/** A caseworker's action; `door` is the user's id, never a name, and null for the system. */
export interface Meldingopdracht {
  actie: Meldingactie;
  door: string | null;
}

/**
 * Every caseworker action on a melding is this one Update: its validator
 * refuses what the melding's state does not allow, with a Dutch message.
 */
export const meldingActieUpdate = defineUpdate<MeldingToestand, [Meldingopdracht]>('meldingActie');

/** Derived from the bulkactie's database id: a retried request cannot start it twice. */
export function bulkactieWorkflowId(bulkactieId: string): string {
  return `bulkactie-${bulkactieId}`;
}

/** The action and its meldingen stay in the database; the workflow carries the id only. */
export interface BulkactieWorkflowInvoer {
  bulkactieId: string;
}

/** A letter or e-mail a caseworker asked for; ids and template names only. */
export interface Correspondentieopdracht {
  meldingId: string;
  kanaal: 'BRIEF' | 'EMAIL';
  sjabloon: string;
  door: string | null;
}

/** Which month of which gemeente a report covers: codes only. */
export interface RapportageOpdracht {
  gemeentecode: string;
  /** JJJJ-MM */
  maand: string;
}

/** A scheduled run leaves `maand` out and reports on the month before it was scheduled. */
export interface MaandrapportageInvoer {
  gemeentecode: string;
  maand?: string;
}

/** One workflow per gemeente and month for runs from the API: a second request joins the first. */
export function maandrapportageWorkflowId(gemeentecode: string, maand: string): string {
  return `maandrapportage-${gemeentecode}-${maand}`;
}

/**
 * A request to make the report (again), sent with signal-with-start: a request
 * that arrives while a run is finishing (e.g. mailing) makes that run go
 * round once more instead of being lost in a workflow that is about to end.
 */
export const rapportageOpnieuwSignal = defineSignal('rapportageOpnieuw');

/** One Schedule per gemeente, derived from its code. */
export function maandrapportageScheduleId(gemeentecode: string): string {
  return `maandrapportage-${gemeentecode}`;
}

/**
 * Set by Temporal on every run a Schedule starts: the moment it was due, also
 * when the run is a catch-up after the server was away.
 */
export const GEPLAND_OP = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');
