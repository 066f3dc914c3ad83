// The deadlines a gemeente sets for its meldingen and the retention of their
// personal data. Pure, so the workflow and the activities compute the same.
import { naWerkdagen, plusDagen, plusMaanden } from './tijd.js';

export interface Termijninstellingen {
  termijnEersteContactDagen: number;
  termijnOppakkenDagen: number;
  termijnCrisisWerkdagen: number;
}

export interface Bewaarinstellingen {
  bewaartermijnNietOpgepaktMaanden: number;
  bewaartermijnAfgehandeldMaanden: number;
}

/** Epoch milliseconds; dates travel through Temporal as numbers. */
export interface Termijnen {
  eersteContact: number;
  oppakken: number;
}

export type Termijnsoort = keyof Termijnen;

/**
 * The deadlines of a melding opened at `geopend`. A crisis signal that joins
 * at `crisisOp` pulls both forward to a few working days after it; a deadline
 * never moves back.
 */
export function termijnenVoor(
  instellingen: Termijninstellingen,
  geopend: number,
  crisisOp: number | null,
  eerder?: Termijnen,
): Termijnen {
  const gewoon = eerder ?? {
    eersteContact: plusDagen(geopend, instellingen.termijnEersteContactDagen),
    oppakken: plusDagen(geopend, instellingen.termijnOppakkenDagen),
  };
  if (crisisOp === null) return gewoon;
  const crisis = naWerkdagen(crisisOp, instellingen.termijnCrisisWerkdagen);
  return {
    eersteContact: Math.min(gewoon.eersteContact, crisis),
    oppakken: Math.min(gewoon.oppakken, crisis),
  };
}

/**
 * When the melding's personal data must go: for a melding nobody picked up,
 * a number of months after its last signal; for a handled one, a number of
 * months after it closed. Undefined while it is being handled.
 */
export function bewaarTot(
  instellingen: Bewaarinstellingen,
  melding: { opgepakt: boolean; afgeslotenOp: number | null; laatsteSignaalOp: number },
): number | undefined {
  if (!melding.opgepakt)
    return plusMaanden(melding.laatsteSignaalOp, instellingen.bewaartermijnNietOpgepaktMaanden);
  if (melding.afgeslotenOp === null) return undefined;
  return plusMaanden(melding.afgeslotenOp, instellingen.bewaartermijnAfgehandeldMaanden);
}
