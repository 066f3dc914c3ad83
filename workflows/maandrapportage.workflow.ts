import {
  type ActivityOptions,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { RapportageActiviteiten } from '../activities/rapportage.activities.js';
import { teRapporterenMaand } from '../domain/rapportage.js';
import { GEPLAND_OP, type MaandrapportageInvoer, rapportageOpnieuwSignal } from './contracts.js';

const { maakRapportage, markeerRapportageMislukt } = proxyActivities<RapportageActiviteiten>({
  // 100,000 signals take seconds; Chromium's first start adds a few more.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
} satisfies ActivityOptions);
const { verstuurRapportage } = proxyActivities<RapportageActiviteiten>({
  startToCloseTimeout: '2 minutes',
  // A mail server that is away for a while should not cost the gemeente its report.
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 12,
  },
} satisfies ActivityOptions);

/**
 * The monthly report of one gemeente: figures, files, e-mail. Started by the
 * gemeente's Schedule on the 1st at 06:00 Amsterdam time (reporting the month
 * before) or through the API for a given month. Carries a gemeente code and a
 * month only; the report itself lives in the database, one per gemeente and
 * month, so every run for a month replaces the same report.
 */
export async function maandrapportageWorkflow({
  gemeentecode,
  maand,
}: MaandrapportageInvoer): Promise<{ maand: string; rapportageId: string; ontvangers: number }> {
  const info = workflowInfo();
  const teRapporteren =
    maand ??
    teRapporterenMaand(info.typedSearchAttributes.get(GEPLAND_OP) ?? new Date(info.startTime));
  const opdracht = { gemeentecode, maand: teRapporteren };
  let gevraagd = 0;
  setHandler(rapportageOpnieuwSignal, () => void (gevraagd += 1));
  try {
    for (;;) {
      // Requests that came in up to here are answered by this round.
      const beantwoord = gevraagd;
      const { rapportageId } = await maakRapportage(opdracht);
      const { ontvangers } = await verstuurRapportage(rapportageId);
      if (gevraagd === beantwoord) return { maand: teRapporteren, rapportageId, ontvangers };
    }
  } catch (fout) {
    await markeerRapportageMislukt(opdracht);
    throw fout;
  }
}
