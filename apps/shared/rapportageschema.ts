import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import {
  maandrapportageScheduleId,
  type MaandrapportageInvoer,
  ZOEKATTRIBUTEN,
} from '../../workflows/contracts.js';
import type { maandrapportageWorkflow } from '../../workflows/maandrapportage.workflow.js';

/**
 * A monthly report per gemeente, on the 1st at 06:00 Amsterdam time, for the
 * month before. Runs missed while Temporal was away are caught up within a
 * week (a report a few days late beats none); a run that is still going when
 * the next is due makes that one wait instead of running beside it.
 */
export const RAPPORTAGESCHEMA = {
  kalender: { dayOfMonth: 1, hour: 6, minute: 0 },
  tijdzone: 'Europe/Amsterdam',
  inhaalvenster: '7 days',
  overlap: ScheduleOverlapPolicy.BUFFER_ONE,
} as const;

/** Creates the gemeente's Schedule; true when it was created, false when it already existed. */
export async function maakRapportageschema(
  client: Client,
  taakwachtrij: string,
  gemeentecode: string,
): Promise<boolean> {
  const invoer: MaandrapportageInvoer = { gemeentecode };
  try {
    await client.schedule.create({
      scheduleId: maandrapportageScheduleId(gemeentecode),
      spec: {
        calendars: [RAPPORTAGESCHEMA.kalender],
        timezone: RAPPORTAGESCHEMA.tijdzone,
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'maandrapportageWorkflow' satisfies (typeof maandrapportageWorkflow)['name'],
        // Temporal appends the scheduled time, so each month's run has its own id.
        workflowId: maandrapportageScheduleId(gemeentecode),
        taskQueue: taakwachtrij,
        args: [invoer],
        typedSearchAttributes: [{ key: ZOEKATTRIBUTEN.gemeentecode, value: gemeentecode }],
      },
      policies: {
        catchupWindow: RAPPORTAGESCHEMA.inhaalvenster,
        overlap: RAPPORTAGESCHEMA.overlap,
      },
      memo: { gemeentecode },
    });
    return true;
  } catch (fout) {
    if (fout instanceof ScheduleAlreadyRunning) return false;
    throw fout;
  }
}

/** Removes the gemeente's Schedule; a Schedule that is already gone is fine. */
export async function verwijderRapportageschema(
  client: Client,
  gemeentecode: string,
): Promise<void> {
  try {
    await client.schedule.getHandle(maandrapportageScheduleId(gemeentecode)).delete();
  } catch (fout) {
    if (!(fout instanceof ScheduleNotFoundError)) throw fout;
  }
}

/**
 * Makes sure every gemeente has its Schedule, for gemeenten that existed
 * before Schedules did (the demo seed, a restored database). Idempotent: an
 * existing Schedule is left as it is.
 */
export async function zorgVoorRapportageschemas(
  client: Client,
  taakwachtrij: string,
  gemeentecodes: string[],
): Promise<number> {
  let nieuw = 0;
  for (const code of gemeentecodes)
    if (await maakRapportageschema(client, taakwachtrij, code)) nieuw += 1;
  return nieuw;
}
