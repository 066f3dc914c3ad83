import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { classificeerMelding, type Matchtype } from '../domain/matching.js';
import {
  type Meldingactie,
  type Meldingstand,
  NIET_OPGEPAKT_RESULTAAT,
} from '../domain/meldingacties.js';
import type { Prisma, PrismaClient } from '../prisma/database.js';
import {
  type Meldingkoppeling,
  meldingWorkflowId,
  signaalToegevoegdSignal,
  ZOEKATTRIBUTEN,
} from '../workflows/contracts.js';
import type { meldingWorkflow } from '../workflows/melding.workflow.js';

/** Side effects around meldingen: forming them per household and feeding their workflows. */
export class MeldingActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly temporal: Client,
    private readonly taakwachtrij: string,
  ) {}

  /**
   * Puts a routed signal in the open melding of its household (gemeente +
   * normalised address), opening one if there is none, classifies the melding
   * and hands the signal to the melding's workflow (signal-with-start).
   * Idempotent: a retry finds the signal already in its melding and only
   * repeats the hand-over, which the workflow ignores for a known signal.
   */
  async koppelAanMelding(signaalId: string): Promise<Meldingkoppeling> {
    const koppeling = await this.prisma.$transaction(async (tx) => {
      const signaal = await tx.signaal.findUnique({
        where: { id: signaalId },
        select: {
          meldingId: true,
          gemeente: { select: { id: true, code: true } },
          persoonsgegevens: { select: { adressleutel: true } },
        },
      });
      if (!signaal?.gemeente || !signaal.persoonsgegevens)
        throw ApplicationFailure.nonRetryable(
          `Signaal ${signaalId} is niet gerouteerd of heeft geen adres (meer)`,
          'SignaalNietKoppelbaar',
        );
      const { gemeente } = signaal;
      const { adressleutel } = signaal.persoonsgegevens;
      let meldingId = signaal.meldingId;
      let nieuw = false;
      if (!meldingId) {
        // One statement decides which melding is the open one, however many
        // signals for this household arrive at once: the unique openSleutel
        // makes every concurrent insert land on the same row.
        const [rij] = await tx.$queryRaw<{ id: string; nieuw: boolean }[]>`
          INSERT INTO "Melding" (id, "gemeenteId", adressleutel, "openSleutel")
          VALUES (gen_random_uuid(), ${gemeente.id}::uuid, ${adressleutel}, ${`${gemeente.id}|${adressleutel}`})
          ON CONFLICT ("openSleutel") DO UPDATE SET "openSleutel" = EXCLUDED."openSleutel"
          RETURNING id, (xmax = 0) AS nieuw`;
        meldingId = rij!.id;
        nieuw = rij!.nieuw;
      }
      // Serialises classification per melding: a concurrent signal for the
      // same household waits here and then sees this one.
      await tx.$queryRaw`SELECT id FROM "Melding" WHERE id = ${meldingId}::uuid FOR UPDATE`;
      if (!signaal.meldingId) {
        await tx.signaal.update({ where: { id: signaalId }, data: { meldingId } });
        // The timeline orders by time; within one transaction both would get the
        // same moment, so the opening is placed a millisecond before the signal.
        const nu = Date.now();
        await tx.meldinggebeurtenis.createMany({
          data: [
            ...(nieuw ? [{ meldingId, soort: 'geopend', op: new Date(nu - 1) }] : []),
            { meldingId, soort: 'signaal_toegevoegd', gegevens: { signaalId }, op: new Date(nu) },
          ],
        });
      }
      const opAdres = await tx.signaal.findMany({
        where: { gemeenteId: gemeente.id, melding: { adressleutel } },
        select: { id: true, signaaldatum: true, meldingId: true },
      });
      const matchtype = classificeerMelding(
        opAdres.filter((s) => s.meldingId === meldingId),
        opAdres,
      );
      await tx.melding.update({ where: { id: meldingId }, data: { matchtype } });
      return { meldingId, nieuw, matchtype, gemeentecode: gemeente.code };
    });
    await this.temporal.workflow.signalWithStart<
      typeof meldingWorkflow,
      [{ signaalId: string; matchtype: Meldingkoppeling['matchtype'] }]
    >('meldingWorkflow', {
      taskQueue: this.taakwachtrij,
      workflowId: meldingWorkflowId(koppeling.meldingId),
      args: [{ meldingId: koppeling.meldingId, gemeentecode: koppeling.gemeentecode }],
      signal: signaalToegevoegdSignal,
      signalArgs: [{ signaalId, matchtype: koppeling.matchtype }],
      typedSearchAttributes: [
        { key: ZOEKATTRIBUTEN.gemeentecode, value: koppeling.gemeentecode },
        { key: ZOEKATTRIBUTEN.meldingstatus, value: 'OPEN' },
        { key: ZOEKATTRIBUTEN.matchtype, value: koppeling.matchtype },
      ],
    });
    return koppeling;
  }

  /** The melding's state as stored, with which its workflow starts. */
  async laadMeldingstand(meldingId: string): Promise<Meldingstand & { matchtype: Matchtype }> {
    const melding = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: {
        status: true,
        matchtype: true,
        behandelaarId: true,
        _count: { select: { contactpogingen: { where: { bereikt: true } } } },
      },
    });
    return {
      status: melding.status,
      matchtype: melding.matchtype,
      behandelaarId: melding.behandelaarId,
      contactGelegd: melding._count.contactpogingen > 0,
    };
  }

  /**
   * Persists an action the workflow accepted, in one transaction with its
   * timeline entry. The entry's key is this activity's id within the run, so
   * a retry after a crash finds it and writes nothing twice.
   */
  async legActieVast({
    meldingId,
    actie,
    door,
  }: {
    meldingId: string;
    actie: Meldingactie;
    door: string;
  }): Promise<void> {
    const { workflowExecution, activityId } = activityInfo();
    if (!workflowExecution) throw new Error('legActieVast hoort bij een workflow');
    const sleutel = `${workflowExecution.runId}/${activityId}`;
    await this.prisma.$transaction(async (tx) => {
      if (await tx.meldinggebeurtenis.findUnique({ where: { sleutel } })) return;
      const nu = new Date();
      const signalen = { meldingId, ingetrokkenOp: null };
      let gegevens: Prisma.InputJsonObject;
      switch (actie.soort) {
        case 'oppakken': {
          const melding = await tx.melding.update({
            where: { id: meldingId },
            data: { status: 'IN_BEHANDELING', behandelaarId: actie.behandelaarId },
          });
          if (!melding.opgepaktOp)
            await tx.melding.update({ where: { id: meldingId }, data: { opgepaktOp: nu } });
          await tx.signaal.updateMany({ where: signalen, data: { signaalstatus: 'OPGEPAKT' } });
          gegevens = { behandelaarId: actie.behandelaarId };
          break;
        }
        case 'contactpoging': {
          const poging = await tx.contactpoging.create({
            data: {
              meldingId,
              soort: actie.contactsoort,
              bereikt: actie.bereikt,
              datum: new Date(`${actie.datum}T00:00:00Z`),
              dagdeel: actie.dagdeel,
              gebruikerId: door,
              notitieId: actie.notitieId,
            },
          });
          gegevens = {
            contactpogingId: poging.id,
            soort: actie.contactsoort,
            bereikt: actie.bereikt,
            datum: actie.datum,
          };
          break;
        }
        case 'niet_oppakken':
          await tx.melding.update({
            where: { id: meldingId },
            data: {
              status: 'AFGESLOTEN',
              resultaat: NIET_OPGEPAKT_RESULTAAT[actie.reden],
              afgeslotenOp: nu,
              openSleutel: null,
            },
          });
          await tx.signaal.updateMany({ where: signalen, data: { signaalstatus: actie.reden } });
          gegevens = { reden: actie.reden };
          break;
        case 'afsluiten':
          await tx.melding.update({
            where: { id: meldingId },
            data: {
              status: 'AFGESLOTEN',
              resultaat: actie.resultaat,
              afgeslotenOp: nu,
              openSleutel: null,
            },
          });
          gegevens = { resultaat: actie.resultaat };
          break;
        case 'notitie':
          gegevens = { notitieId: actie.notitieId };
          break;
      }
      await tx.meldinggebeurtenis.create({
        data: { meldingId, soort: actie.soort, gegevens, gebruikerId: door, op: nu, sleutel },
      });
    });
  }
}

export type MeldingActiviteiten = Pick<
  MeldingActiviteitenImpl,
  'koppelAanMelding' | 'laadMeldingstand' | 'legActieVast'
>;
