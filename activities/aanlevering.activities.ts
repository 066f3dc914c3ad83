import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { BestandFout, type Bestandssoort, leesRijen } from '../domain/aanleverbestand.js';
import {
  type Celwaarde,
  deelKolommenIn,
  KolomFout,
  type Kolomindeling,
  rijNaarInvoer,
} from '../domain/kolommen.js';
import { valideerSignaal, type GevalideerdSignaal } from '../domain/signaal.js';
import type { Veldfout } from '../domain/veldfout.js';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PrismaClient, Rijstatus } from '../prisma/database.js';
import { slaSignalenOp } from '../prisma/signaalopslag.js';
import type { Rijresultaat } from '../workflows/contracts.js';
import { startSignaalWorkflow } from '../workflows/starten.js';

/** JSON text in COPY's text format, where a backslash starts an escape. */
function copyTekst(json: string): string {
  return json.replaceAll('\\', '\\\\');
}

function celAlsTekst(cel: Celwaarde | undefined): string | null {
  if (cel === null || cel === undefined) return null;
  return cel instanceof Date ? cel.toISOString().slice(0, 10) : String(cel);
}

/** How many signal workflows one activity starts at the same time. */
const GELIJKTIJDIGE_STARTS = 25;

const REFERENTIE_HERGEBRUIKT: Veldfout = {
  veld: 'referentie',
  code: 'referentie_hergebruikt',
  melding:
    'Deze referentie is eerder gebruikt voor een ander signaal. Gebruik per signaal een eigen referentie.',
};

/** Side effects of the aanleveringWorkflow; rows are read from and written to PostgreSQL only. */
export class AanleveringActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly databaseUrl: string,
    private readonly temporal: Client,
    private readonly taakwachtrij: string,
  ) {}

  /**
   * Marks the delivery as in progress and returns its number of rows. For an
   * upload it first reads the file, streaming, into rows, in one transaction
   * that also deletes the file: a retry either finds the rows or starts over.
   */
  async beginVerwerking(aanleveringId: string): Promise<number> {
    const aanlevering = await this.prisma.aanlevering.update({
      where: { id: aanleveringId },
      data: { status: 'IN_VERWERKING' },
      select: { aantalRijen: true, bestand: { select: { soort: true } } },
    });
    if (!aanlevering.bestand) return aanlevering.aantalRijen;
    try {
      return await this.leesBestand(aanleveringId);
    } catch (fout) {
      if (!(fout instanceof BestandFout || fout instanceof KolomFout)) throw fout;
      // The API checked the header and first row before accepting the file; a
      // problem further down shows here. Retrying cannot help; the creditor
      // reads the reason on the aanlevering.
      const titel = fout instanceof BestandFout ? fout.titel : 'De kolommen kloppen niet.';
      await this.prisma.aanlevering.update({
        where: { id: aanleveringId },
        data: {
          status: 'MISLUKT',
          afgerondOp: new Date(),
          fout: { titel, detail: fout.message },
        },
      });
      throw ApplicationFailure.nonRetryable(fout.message, 'BestandOnleesbaar');
    }
  }

  /**
   * Reads the file into AanleveringRij with COPY, in one transaction that also
   * deletes the file: a retry either finds the rows or starts over. Plain pg
   * rather than Prisma, whose driver keeps the parameters of its last 100
   * queries in memory: 100 batches of a large file stayed resident.
   */
  private async leesBestand(aanleveringId: string): Promise<number> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    // PostgreSQL going away between two queries makes the client emit 'error';
    // unheard, that kills the worker. The next query fails anyway, and the
    // activity is retried.
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ soort: Bestandssoort; inhoud: Buffer }>(
        'SELECT soort, inhoud FROM "Aanleveringsbestand" WHERE "aanleveringId" = $1 FOR UPDATE',
        [aanleveringId],
      );
      const bestand = rows[0];
      if (!bestand) throw new Error(`Aanlevering ${aanleveringId} heeft geen bestand (meer)`);
      await client.query('DELETE FROM "AanleveringRij" WHERE "aanleveringId" = $1', [
        aanleveringId,
      ]);
      let koppen: string[] = [];
      let rijnummer = 0;
      async function* copyRegels() {
        let indeling: Kolomindeling | undefined;
        for await (const { bronregel, cellen } of leesRijen(bestand!.inhoud, bestand!.soort)) {
          if (!indeling) {
            koppen = cellen.map((c) => (c === null ? '' : String(c)));
            indeling = deelKolommenIn(koppen);
            continue;
          }
          rijnummer++;
          if (rijnummer % 1_000 === 0) heartbeat();
          const gegevens = JSON.stringify(rijNaarInvoer(cellen, indeling));
          const origineel = JSON.stringify(koppen.map((_, i) => celAlsTekst(cellen[i])));
          yield `${aanleveringId}\t${rijnummer}\t${bronregel}\t${copyTekst(gegevens)}\t${copyTekst(origineel)}\n`;
        }
      }
      await pipeline(
        Readable.from(copyRegels()),
        client.query(
          copyFrom(
            'COPY "AanleveringRij" ("aanleveringId", rijnummer, bronregel, gegevens, origineel) FROM STDIN',
          ),
        ),
      );
      await client.query('DELETE FROM "Aanleveringsbestand" WHERE "aanleveringId" = $1', [
        aanleveringId,
      ]);
      await client.query(
        'UPDATE "Aanlevering" SET "aantalRijen" = $2, kolomkoppen = $3 WHERE id = $1',
        [aanleveringId, rijnummer, JSON.stringify(koppen.map((kop, i) => kop || `Kolom ${i + 1}`))],
      );
      await client.query('COMMIT');
      return rijnummer;
    } catch (fout) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw fout;
    } finally {
      await client.end();
    }
  }

  /**
   * Validates and stores rows vanaf..tot in one transaction, marking every row
   * GEACCEPTEERD, AL_BEKEND or AFGEWEZEN. Rows already marked are left alone,
   * so a retry after a crash continues where it stopped. Returns the state of
   * the whole range, which is therefore the same on every attempt.
   */
  async verwerkRijen(aanleveringId: string, vanaf: number, tot: number): Promise<Rijresultaat> {
    const vandaag = new Date();
    heartbeat();
    await this.prisma.$transaction(
      async (tx) => {
        const { signaalpartnerId } = await tx.aanlevering.findUniqueOrThrow({
          where: { id: aanleveringId },
        });
        const rijen = await tx.aanleveringRij.findMany({
          where: { aanleveringId, rijnummer: { gte: vanaf, lte: tot }, status: 'ONTVANGEN' },
          orderBy: { rijnummer: 'asc' },
        });
        const geldig: { rijnummer: number; signaal: GevalideerdSignaal }[] = [];
        const uitkomsten: {
          rijnummer: number;
          status: Rijstatus;
          signaalId: string | null;
          fouten: Veldfout[] | null;
        }[] = [];
        for (const rij of rijen) {
          const validatie = valideerSignaal(rij.gegevens, vandaag);
          if (validatie.geldig)
            geldig.push({ rijnummer: rij.rijnummer, signaal: validatie.signaal });
          else
            uitkomsten.push({
              rijnummer: rij.rijnummer,
              status: 'AFGEWEZEN',
              signaalId: null,
              fouten: validatie.fouten,
            });
        }
        const opgeslagen = await slaSignalenOp(
          tx,
          signaalpartnerId,
          geldig.map((g) => g.signaal),
          aanleveringId,
        );
        opgeslagen.forEach((uitkomst, i) => {
          const { rijnummer } = geldig[i]!;
          if (uitkomst.soort === 'nieuw')
            uitkomsten.push({
              rijnummer,
              status: 'GEACCEPTEERD',
              signaalId: uitkomst.signaalId,
              fouten: null,
            });
          else if (uitkomst.soort === 'al_bekend')
            uitkomsten.push({
              rijnummer,
              status: 'AL_BEKEND',
              signaalId: uitkomst.signaalId,
              fouten: null,
            });
          else
            uitkomsten.push({
              rijnummer,
              status: 'AFGEWEZEN',
              signaalId: null,
              fouten: [REFERENTIE_HERGEBRUIKT],
            });
        });
        if (uitkomsten.length === 0) return;
        // One statement for the whole part instead of one UPDATE per row.
        await tx.$executeRaw`
          UPDATE "AanleveringRij" AS r
          SET status = u.status::"Rijstatus", "signaalId" = u.signaal_id::uuid, fouten = u.fouten::jsonb
          FROM unnest(
            ${uitkomsten.map((u) => u.rijnummer)}::int[],
            ${uitkomsten.map((u) => u.status)}::text[],
            ${uitkomsten.map((u) => u.signaalId)}::text[],
            ${uitkomsten.map((u) => (u.fouten ? JSON.stringify(u.fouten) : null))}::text[]
          ) AS u(rijnummer, status, signaal_id, fouten)
          WHERE r."aanleveringId" = ${aanleveringId}::uuid AND r.rijnummer = u.rijnummer`;
      },
      { timeout: 120_000 },
    );
    const tellingen = await this.tel(aanleveringId, { gte: vanaf, lte: tot });
    return {
      gevalideerd: tellingen.GEACCEPTEERD + tellingen.AL_BEKEND + tellingen.AFGEWEZEN,
      geaccepteerd: tellingen.GEACCEPTEERD,
      alBekend: tellingen.AL_BEKEND,
      afgewezen: tellingen.AFGEWEZEN,
    };
  }

  /** Starts the workflows of the signals this delivery added in vanaf..tot; idempotent. */
  async startSignalen(aanleveringId: string, vanaf: number, tot: number): Promise<number> {
    const rijen = await this.prisma.aanleveringRij.findMany({
      where: { aanleveringId, rijnummer: { gte: vanaf, lte: tot }, status: 'GEACCEPTEERD' },
      select: {
        signaalId: true,
        aanlevering: { select: { signaalpartner: { select: { type: true } } } },
      },
    });
    for (let i = 0; i < rijen.length; i += GELIJKTIJDIGE_STARTS) {
      heartbeat();
      await Promise.all(
        rijen.slice(i, i + GELIJKTIJDIGE_STARTS).map((rij) =>
          startSignaalWorkflow(this.temporal, this.taakwachtrij, {
            id: rij.signaalId!,
            signaalpartnerType: rij.aanlevering.signaalpartner.type,
          }),
        ),
      );
    }
    return rijen.length;
  }

  async rondAf(aanleveringId: string): Promise<void> {
    const tellingen = await this.tel(aanleveringId);
    await this.prisma.aanlevering.update({
      where: { id: aanleveringId },
      data: {
        status: 'VERWERKT',
        afgerondOp: new Date(),
        aantalGeaccepteerd: tellingen.GEACCEPTEERD,
        aantalAlBekend: tellingen.AL_BEKEND,
        aantalAfgewezen: tellingen.AFGEWEZEN,
        aantalGestart: tellingen.GEACCEPTEERD,
      },
    });
  }

  private async tel(
    aanleveringId: string,
    rijnummer?: { gte: number; lte: number },
  ): Promise<Record<Rijstatus, number>> {
    const groepen = await this.prisma.aanleveringRij.groupBy({
      by: ['status'],
      where: { aanleveringId, ...(rijnummer ? { rijnummer } : {}) },
      _count: { _all: true },
    });
    const tellingen: Record<Rijstatus, number> = {
      ONTVANGEN: 0,
      GEACCEPTEERD: 0,
      AL_BEKEND: 0,
      AFGEWEZEN: 0,
    };
    for (const g of groepen) tellingen[g.status] = g._count._all;
    return tellingen;
  }
}

export type AanleveringActiviteiten = Pick<
  AanleveringActiviteitenImpl,
  'beginVerwerking' | 'verwerkRijen' | 'startSignalen' | 'rondAf'
>;
