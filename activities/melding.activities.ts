import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { classificeerMelding } from '../domain/matching.js';
import { type Meldingactie, NIET_OPGEPAKT_RESULTAAT } from '../domain/meldingacties.js';
import { termijnenVoor, type Termijnsoort } from '../domain/termijnen.js';
import { nederlandseDatum } from '../domain/tijd.js';
import type { Meldingstatus, Resultaat, SignaalpartnerType } from '../prisma/generated/enums.js';
import { Prisma, type PrismaClient } from '../prisma/database.js';
import {
  type Meldingkoppeling,
  type MeldingStart,
  type SignaalToegevoegd,
  type Uitnodigingsbesluit,
  meldingWorkflowId,
  signaalIngetrokkenSignal,
  signaalToegevoegdSignal,
  ZOEKATTRIBUTEN,
} from '../workflows/contracts.js';
import type { meldingWorkflow } from '../workflows/melding.workflow.js';
import type { Webhookherhaling } from '../workflows/webhook.workflow.js';
import {
  legStatuswijzigingVast,
  legWebhookgebeurtenisVast,
  STANDAARD_WEBHOOKHERHALING,
  startWebhookafleveringen,
} from './webhook.activities.js';

/**
 * Who acted, in the column that fits: `door` in a Meldingopdracht is the id
 * of a user, or of the API key of a gemeente system (both UUIDs, so never
 * the same), and null when the workflow acted itself.
 */
export async function uitvoerder(
  tx: Prisma.TransactionClient,
  door: string | null,
): Promise<{ gebruikerId: string | null; apiSleutelId: string | null }> {
  if (door === null) return { gebruikerId: null, apiSleutelId: null };
  const systeem = (await tx.apiSleutel.count({ where: { id: door } })) > 0;
  return systeem
    ? { gebruikerId: null, apiSleutelId: door }
    : { gebruikerId: door, apiSleutelId: null };
}

/** Side effects around meldingen: forming them per household and feeding their workflows. */
export class MeldingActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly temporal: Client,
    private readonly taakwachtrij: string,
    private readonly webhookherhaling: Webhookherhaling = STANDAARD_WEBHOOKHERHALING,
  ) {}

  private startWebhooks(meldingId: string): Promise<void> {
    return startWebhookafleveringen(
      this.prisma,
      this.temporal,
      this.taakwachtrij,
      this.webhookherhaling,
      meldingId,
    );
  }

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
          ingetrokkenOp: true,
          uitnodiging: true,
          bedragInCenten: true,
          crisissignaal: true,
          signaalpartner: { select: { type: true } },
          gemeente: true,
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
      const nieuwInMelding = !signaal.meldingId;
      let meldingId = signaal.meldingId;
      let nieuw = false;
      while (!meldingId) {
        // One statement decides which melding is the open one, however many
        // signals for this household arrive at once: the unique openSleutel
        // makes every concurrent insert land on the same row.
        const [rij] = await tx.$queryRaw<{ id: string; nieuw: boolean }[]>`
          INSERT INTO "Melding" (id, "gemeenteId", adressleutel, "openSleutel")
          VALUES (gen_random_uuid(), ${gemeente.id}::uuid, ${adressleutel}, ${`${gemeente.id}|${adressleutel}`})
          ON CONFLICT ("openSleutel") DO UPDATE SET "openSleutel" = EXCLUDED."openSleutel"
          RETURNING id, (xmax = 0) AS nieuw`;
        // Serialises classification per melding: a concurrent signal for the
        // same household waits here and then sees this one.
        const [vergrendeld] = await tx.$queryRaw<{ status: string }[]>`
          SELECT status FROM "Melding" WHERE id = ${rij!.id}::uuid FOR UPDATE`;
        // It closed while we waited for the lock: the household gets a new one.
        if (vergrendeld!.status === 'AFGESLOTEN') continue;
        meldingId = rij!.id;
        nieuw = rij!.nieuw;
      }
      if (!nieuwInMelding)
        await tx.$queryRaw`SELECT id FROM "Melding" WHERE id = ${meldingId}::uuid FOR UPDATE`;
      const nu = Date.now();
      const melding = await tx.melding.findUniqueOrThrow({ where: { id: meldingId } });
      const uitnodiging = nieuwInMelding
        ? uitnodigingsbesluit(gemeente, signaal)
        : signaal.uitnodiging;
      const eerder =
        melding.termijnEersteContact && melding.termijnOppakken
          ? {
              eersteContact: melding.termijnEersteContact.getTime(),
              oppakken: melding.termijnOppakken.getTime(),
            }
          : undefined;
      const termijnen = termijnenVoor(
        gemeente,
        melding.geopendOp.getTime(),
        signaal.crisissignaal ? nu : null,
        eerder,
      );
      if (nieuwInMelding) {
        await tx.signaal.update({ where: { id: signaalId }, data: { meldingId, uitnodiging } });
        // The timeline orders by time; within one transaction both would get the
        // same moment, so the opening is placed a millisecond before the signal.
        if (nieuw)
          await legWebhookgebeurtenisVast(
            tx,
            { id: meldingId, gemeenteId: gemeente.id },
            'melding.aangemaakt',
            'OPEN',
          );
        await tx.meldinggebeurtenis.createMany({
          data: [
            ...(nieuw ? [{ meldingId, soort: 'geopend', op: new Date(nu - 1) }] : []),
            {
              meldingId,
              soort: 'signaal_toegevoegd',
              gegevens: { signaalId, uitnodiging },
              op: new Date(nu),
            },
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
      await tx.melding.update({
        where: { id: meldingId },
        data: {
          matchtype,
          crisis: melding.crisis || signaal.crisissignaal,
          termijnEersteContact: new Date(termijnen.eersteContact),
          termijnOppakken: new Date(termijnen.oppakken),
        },
      });
      return {
        meldingId,
        nieuw,
        signaalId,
        matchtype,
        uitnodiging,
        termijnen,
        ingetrokken: signaal.ingetrokkenOp !== null,
        gemeentecode: gemeente.code,
      };
    });
    const { meldingId, nieuw: _nieuw, gemeentecode, ...toegevoegd } = koppeling;
    await this.temporal.workflow.signalWithStart<typeof meldingWorkflow, [SignaalToegevoegd]>(
      'meldingWorkflow',
      {
        taskQueue: this.taakwachtrij,
        workflowId: meldingWorkflowId(meldingId),
        args: [{ meldingId, gemeentecode }],
        signal: signaalToegevoegdSignal,
        signalArgs: [toegevoegd],
        typedSearchAttributes: [
          { key: ZOEKATTRIBUTEN.gemeentecode, value: gemeentecode },
          { key: ZOEKATTRIBUTEN.meldingstatus, value: 'OPEN' },
          { key: ZOEKATTRIBUTEN.matchtype, value: koppeling.matchtype },
        ],
      },
    );
    await this.startWebhooks(meldingId);
    // A withdrawal that landed after we read the signal may have found no
    // workflow to tell yet; now there is one.
    if (!koppeling.ingetrokken) {
      const nu = await this.prisma.signaal.findUniqueOrThrow({
        where: { id: signaalId },
        select: { ingetrokkenOp: true },
      });
      if (nu.ingetrokkenOp)
        await this.temporal.workflow
          .getHandle(meldingWorkflowId(meldingId))
          .signal(signaalIngetrokkenSignal, { signaalId });
    }
    return koppeling;
  }

  /** The melding's state as stored, with the gemeente's settings its workflow follows. */
  async laadMeldingstand(meldingId: string): Promise<MeldingStart> {
    const melding = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: {
        status: true,
        matchtype: true,
        behandelaarId: true,
        opgepaktOp: true,
        afgeslotenOp: true,
        eersteContactOp: true,
        termijnEersteContact: true,
        termijnOppakken: true,
        gemeente: {
          select: { bewaartermijnNietOpgepaktMaanden: true, bewaartermijnAfgehandeldMaanden: true },
        },
        _count: { select: { contactpogingen: { where: { bereikt: true } } } },
      },
    });
    return {
      status: melding.status,
      matchtype: melding.matchtype,
      behandelaarId: melding.behandelaarId,
      contactGelegd: melding._count.contactpogingen > 0,
      persoonlijkContact: melding.eersteContactOp !== null,
      opgepakt: melding.opgepaktOp !== null,
      termijnen:
        melding.termijnEersteContact && melding.termijnOppakken
          ? {
              eersteContact: melding.termijnEersteContact.getTime(),
              oppakken: melding.termijnOppakken.getTime(),
            }
          : null,
      bewaring: melding.gemeente,
      afgeslotenOp: melding.afgeslotenOp?.getTime() ?? null,
    };
  }

  /**
   * Persists an action the workflow accepted, in one transaction with its
   * timeline entry. The entry's key is this activity's id within the run, so
   * a retry after a crash finds it and writes nothing twice. Returns false
   * when the database shows the action no longer applies: closing by itself
   * while a signal joined that the workflow has not heard of yet.
   */
  async legActieVast({
    meldingId,
    actie,
    door,
  }: {
    meldingId: string;
    actie: Meldingactie;
    door: string | null;
  }): Promise<boolean> {
    const { workflowExecution, activityId } = activityInfo();
    if (!workflowExecution) throw new Error('legActieVast hoort bij een workflow');
    const sleutel = `${workflowExecution.runId}/${activityId}`;
    const vastgelegd = await this.prisma.$transaction(async (tx) => {
      if (await tx.meldinggebeurtenis.findUnique({ where: { sleutel } })) return true;
      const [voor] = await tx.$queryRaw<{ status: Meldingstatus; gemeenteId: string }[]>`
        SELECT status, "gemeenteId" FROM "Melding" WHERE id = ${meldingId}::uuid FOR UPDATE`;
      const gegevens = await this.pasToe(tx, meldingId, actie, door);
      if (gegevens === null) return false;
      await tx.meldinggebeurtenis.create({
        data: {
          meldingId,
          soort: actie.soort,
          gegevens,
          ...(await uitvoerder(tx, door)),
          op: new Date(),
          sleutel,
        },
      });
      const na = await tx.melding.findUniqueOrThrow({
        where: { id: meldingId },
        select: { status: true },
      });
      await legStatuswijzigingVast(
        tx,
        { id: meldingId, gemeenteId: voor!.gemeenteId },
        voor!.status,
        na.status,
      );
      return true;
    });
    await this.startWebhooks(meldingId);
    // Transferred signals join the other gemeente's melding after the commit;
    // a retry repeats only this, which is idempotent.
    if (vastgelegd && actie.soort === 'overdragen') {
      const overgedragen = await this.prisma.signaaloverdracht.findMany({
        where: { vanMeldingId: meldingId },
        select: { signaalId: true },
      });
      for (const { signaalId } of overgedragen) await this.koppelAanMelding(signaalId);
    }
    return vastgelegd;
  }

  /** The action's effect on the read model; null when it no longer applies. */
  private async pasToe(
    tx: Prisma.TransactionClient,
    meldingId: string,
    actie: Meldingactie,
    door: string | null,
  ): Promise<Prisma.InputJsonObject | null> {
    const nu = new Date();
    const signalen = { meldingId, ingetrokkenOp: null };
    const sluit = (resultaat: Resultaat) =>
      tx.melding.update({
        where: { id: meldingId },
        data: { status: 'AFGESLOTEN', resultaat, afgeslotenOp: nu, openSleutel: null },
      });
    switch (actie.soort) {
      case 'oppakken': {
        const melding = await tx.melding.update({
          where: { id: meldingId },
          data: { status: 'IN_BEHANDELING', behandelaarId: actie.behandelaarId },
        });
        if (!melding.opgepaktOp)
          await tx.melding.update({ where: { id: meldingId }, data: { opgepaktOp: nu } });
        await tx.signaal.updateMany({ where: signalen, data: { signaalstatus: 'OPGEPAKT' } });
        return { behandelaarId: actie.behandelaarId };
      }
      case 'contactpoging': {
        const poging = await tx.contactpoging.create({
          data: {
            meldingId,
            soort: actie.contactsoort,
            bereikt: actie.bereikt,
            datum: new Date(`${actie.datum}T00:00:00Z`),
            dagdeel: actie.dagdeel,
            ...(await uitvoerder(tx, door)),
            notitieId: actie.notitieId,
          },
        });
        await tx.melding.updateMany({
          where: { id: meldingId, eersteContactOp: null },
          data: { eersteContactOp: nu },
        });
        return {
          contactpogingId: poging.id,
          soort: actie.contactsoort,
          bereikt: actie.bereikt,
          datum: actie.datum,
        };
      }
      case 'niet_oppakken':
        await sluit(NIET_OPGEPAKT_RESULTAAT[actie.reden]);
        await tx.signaal.updateMany({ where: signalen, data: { signaalstatus: actie.reden } });
        return { reden: actie.reden };
      case 'afsluiten':
        await sluit(actie.resultaat);
        return { resultaat: actie.resultaat };
      case 'notitie':
        return { notitieId: actie.notitieId };
      case 'brief_sturen':
        // The letter's own activity records it, as an outreach letter is.
        throw ApplicationFailure.nonRetryable(
          'Een brief gaat via verstuurOpVerzoek, niet via legActieVast',
          'OngeldigeActie',
        );
      case 'overdragen':
        return this.draagOver(tx, meldingId, actie.naarGemeenteId, door, sluit);
      case 'automatisch_sluiten': {
        const inMelding = await tx.signaal.findMany({
          where: { meldingId },
          select: { ingetrokkenOp: true, uitnodiging: true },
        });
        const actief = inMelding.filter((s) => !s.ingetrokkenOp);
        if (actie.grond === 'ALLES_INGETROKKEN') {
          if (actief.length > 0) return null;
          await sluit('INWONER_HEEFT_ZELF_BETAALD');
        } else {
          if (actief.length === 0 || actief.some((s) => s.uitnodiging !== 'ONDER_MINIMUMBEDRAG'))
            return null;
          await sluit('NIET_OPGEPAKT_ANDERE_REDEN');
          await tx.signaal.updateMany({
            where: signalen,
            data: { signaalstatus: 'NIET_OPGEPAKT_ANDERE_REDEN' },
          });
        }
        return { grond: actie.grond };
      }
      case 'bewaartermijn_verstreken':
        return this.verwijderPersoonsgegevens(tx, meldingId, nu, sluit);
    }
  }

  /**
   * Passes the melding's signals to another gemeente. Each signal whose
   * creditor may deliver there moves to that gemeente (its melding follows
   * after the commit); the others stay here. This gemeente's part ends with
   * "geen inwoner", which is what the creditor hears from it.
   */
  private async draagOver(
    tx: Prisma.TransactionClient,
    meldingId: string,
    naarGemeenteId: string,
    door: string | null,
    sluit: (resultaat: Resultaat) => Promise<unknown>,
  ): Promise<Prisma.InputJsonObject> {
    const melding = await tx.melding.findUniqueOrThrow({ where: { id: meldingId } });
    const vandaag = new Date(`${nederlandseDatum(new Date())}T00:00:00Z`);
    const signalen = await tx.signaal.findMany({
      where: { meldingId, ingetrokkenOp: null },
      select: {
        id: true,
        signaalpartner: {
          select: {
            koppelingen: {
              where: {
                gemeenteId: naarGemeenteId,
                startdatum: { lte: vandaag },
                OR: [{ einddatum: null }, { einddatum: { gte: vandaag } }],
              },
              select: { id: true },
            },
          },
        },
      },
    });
    const mee = signalen.filter((s) => s.signaalpartner.koppelingen.length > 0).map((s) => s.id);
    // A gemeente system is on the melding's timeline; the transfer row names users only.
    const { gebruikerId } = await uitvoerder(tx, door);
    const achter = signalen.filter((s) => !mee.includes(s.id)).map((s) => s.id);
    await tx.signaaloverdracht.createMany({
      data: mee.map((signaalId) => ({
        signaalId,
        vanGemeenteId: melding.gemeenteId,
        vanMeldingId: meldingId,
        naarGemeenteId,
        gebruikerId,
      })),
    });
    // The person moved: the old address's wijk and buurt say nothing about the new one.
    await tx.signaal.updateMany({
      where: { id: { in: mee } },
      data: {
        gemeenteId: naarGemeenteId,
        wijkId: null,
        buurtId: null,
        kernId: null,
        meldingId: null,
        handmatigGerouteerd: true,
        gerouteerdOp: new Date(),
        signaalstatus: 'NOG_NIET_OPGEPAKT',
      },
    });
    await tx.signaal.updateMany({
      where: { id: { in: achter } },
      data: { signaalstatus: 'GEEN_INWONER_GEMEENTE' },
    });
    await sluit('GEEN_INWONER_GEMEENTE');
    return { naarGemeenteId, overgedragen: mee, achtergebleven: achter };
  }

  /**
   * The retention period ended: personal data of the melding is deleted for
   * real. What stays is what the reports need: codes, dates, amounts per
   * signal, counts and the DDAS enumerations. A melding still open then
   * (nobody picked it up) closes as not picked up.
   */
  private async verwijderPersoonsgegevens(
    tx: Prisma.TransactionClient,
    meldingId: string,
    nu: Date,
    sluit: (resultaat: Resultaat) => Promise<unknown>,
  ): Promise<Prisma.InputJsonObject> {
    const melding = await tx.melding.findUniqueOrThrow({ where: { id: meldingId } });
    if (melding.status !== 'AFGESLOTEN') {
      await sluit('NIET_OPGEPAKT_ANDERE_REDEN');
      await tx.signaal.updateMany({
        where: { meldingId, signaalstatus: 'NOG_NIET_OPGEPAKT' },
        data: { signaalstatus: 'NIET_OPGEPAKT_ANDERE_REDEN' },
      });
    }
    const signaalIds = (
      await tx.signaal.findMany({ where: { meldingId }, select: { id: true } })
    ).map((s) => s.id);
    const personen = await tx.signaalPersoonsgegevens.deleteMany({
      where: { signaalId: { in: signaalIds } },
    });
    await tx.signaal.updateMany({
      where: { id: { in: signaalIds } },
      data: { persoonsgegevensVerwijderdOp: nu, intrekkingsreden: null },
    });
    // The rows as delivered held the same person; their status and errors stay.
    await tx.aanleveringRij.updateMany({
      where: { signaalId: { in: signaalIds } },
      data: { gegevens: {}, origineel: Prisma.DbNull },
    });
    const brieven = await tx.correspondentie.updateMany({
      where: { meldingId },
      data: { pdf: null, tekst: null, ontvanger: null },
    });
    await tx.contactpoging.updateMany({ where: { meldingId }, data: { notitieId: null } });
    const notities = await tx.notitie.deleteMany({ where: { meldingId } });
    // The address key is personal data too; the melding keeps only its id.
    await tx.melding.update({
      where: { id: meldingId },
      data: { adressleutel: `verwijderd:${meldingId}`, persoonsgegevensVerwijderdOp: nu },
    });
    await tx.auditLog.create({
      data: {
        actorType: 'systeem',
        organisatieType: 'gemeente',
        organisatieId: melding.gemeenteId,
        actie: 'persoonsgegevens_verwijderen',
        objectType: 'Melding',
        objectId: meldingId,
        resultaat: 'gelukt',
      },
    });
    return {
      personen: personen.count,
      correspondentie: brieven.count,
      notities: notities.count,
    };
  }

  /**
   * A deadline passed unmet: the melding is flagged and every supervisor
   * (teamleider) of the gemeente gets a notification. Keys derived from the
   * melding and deadline keep a retried activity from notifying twice.
   */
  async meldTermijnOverschreden({
    meldingId,
    termijn,
  }: {
    meldingId: string;
    termijn: Termijnsoort;
  }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const sleutel = `${meldingId}/termijn-${termijn}`;
      if (await tx.meldinggebeurtenis.findUnique({ where: { sleutel } })) return;
      const melding = await tx.melding.findUniqueOrThrow({ where: { id: meldingId } });
      await tx.melding.updateMany({
        where: { id: meldingId, termijnOverschredenOp: null },
        data: { termijnOverschredenOp: new Date() },
      });
      await tx.meldinggebeurtenis.create({
        data: { meldingId, soort: 'termijn_overschreden', gegevens: { termijn }, sleutel },
      });
      const leidinggevenden = await tx.gebruiker.findMany({
        where: { gemeenteId: melding.gemeenteId, rol: 'TEAMLEIDER', actief: true },
        select: { id: true },
      });
      await tx.notificatie.createMany({
        data: leidinggevenden.map(({ id }) => ({
          gebruikerId: id,
          meldingId,
          soort: `termijn_${termijn}`,
          sleutel: `${sleutel}/${id}`,
        })),
        skipDuplicates: true,
      });
    });
  }
}

/**
 * What the gemeente's filters decide for a signal: creditor types it keeps
 * for its caseworkers, and a minimum amount below which it does not invite
 * (a crisis signal always passes the minimum).
 */
function uitnodigingsbesluit(
  gemeente: { minimumBedragInCenten: number; alleenBehandelaarTypen: SignaalpartnerType[] },
  signaal: {
    bedragInCenten: number;
    crisissignaal: boolean;
    signaalpartner: { type: SignaalpartnerType };
  },
): Uitnodigingsbesluit {
  if (gemeente.alleenBehandelaarTypen.includes(signaal.signaalpartner.type))
    return 'ALLEEN_BEHANDELAAR';
  if (!signaal.crisissignaal && signaal.bedragInCenten < gemeente.minimumBedragInCenten)
    return 'ONDER_MINIMUMBEDRAG';
  return 'UITNODIGEN';
}

export type MeldingActiviteiten = Pick<
  MeldingActiviteitenImpl,
  'koppelAanMelding' | 'laadMeldingstand' | 'legActieVast' | 'meldTermijnOverschreden'
>;
