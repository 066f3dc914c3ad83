import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { PrismaClient, type Rijstatus } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import type { Veldfout } from '../../../domain/veldfout.js';
import { vervangNul } from '../../../domain/signaal.js';
import { aanleveringWorkflowId, type AanleveringVoortgang } from '../../../workflows/contracts.js';
import type { aanleveringWorkflow } from '../../../workflows/aanlevering.workflow.js';
import type { Config } from '../../shared/config.js';
import { DATABASE } from '../../shared/database.module.js';
import { CONFIG } from '../../shared/tokens.js';
import {
  BestandFout,
  bepaalSoort,
  type Bestandssoort,
  leesRijen,
} from '../../../domain/aanleverbestand.js';
import { deelKolommenIn, KolomFout } from '../../../domain/kolommen.js';
import { leesBody } from '../infra/body.js';
import { ROUTERINGSTOELICHTING } from '../signalen/signaal.weergave.js';
import { type Foutrij, foutenrapport } from './werkmappen.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';

export const MAXIMAAL_SIGNALEN_PER_BATCH = 10_000;

export const batchSchema = z.strictObject({
  signalen: z
    .array(z.unknown(), { error: 'signalen moet een lijst van signalen zijn.' })
    .min(1, { error: 'De aanlevering bevat geen signalen.' })
    .max(MAXIMAAL_SIGNALEN_PER_BATCH, {
      error: `Een aanlevering bevat hoogstens ${MAXIMAAL_SIGNALEN_PER_BATCH.toLocaleString('nl-NL')} signalen; splits de batch.`,
    }),
});

// Prisma's default of 5 s is too short for 10,000 rows when several creditors
// deliver at once on a busy database (bench:burst hit it): the creditor then
// got a 500 for a batch that was fine.
const BATCH_TRANSACTIE = { maxWait: 10_000, timeout: 60_000 };

@Injectable()
export class AanleveringenService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Aanleveringen');
  private hervatter: NodeJS.Timeout | undefined;
  private hervatten: Promise<void> | undefined;

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Stores every row of a batch as delivered and starts its workflow, which
   * validates and routes them. Either both happen or nothing is stored, so a
   * creditor who gets an error can simply send the batch again.
   */
  async ontvangBatch(signaalpartnerId: string, body: unknown): Promise<string> {
    const { signalen } = leesBody(batchSchema, body);
    const aanlevering = await this.prisma.$transaction(async (tx) => {
      const nieuw = await tx.aanlevering.create({
        data: { signaalpartnerId, bron: 'API', aantalRijen: signalen.length },
      });
      await tx.aanleveringRij.createMany({
        data: signalen.map((gegevens, i) => ({
          aanleveringId: nieuw.id,
          rijnummer: i + 1,
          // A NUL cannot be stored in PostgreSQL; as U+FFFD its row is refused with a reason.
          gegevens: vervangNul(gegevens) ?? {},
        })),
      });
      return nieuw;
    }, BATCH_TRANSACTIE);
    await this.startWorkflow(aanlevering.id);
    return aanlevering.id;
  }

  onApplicationBootstrap(): void {
    const elke = this.config.AANLEVERING_HERVATTEN_NA_SECONDEN * 1000;
    this.hervatter = setInterval(() => this.hervatOnderbroken(), elke).unref();
    this.hervatOnderbroken();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.hervatter);
    await this.hervatten;
  }

  /**
   * A delivery is stored first and its workflow started next; an API process
   * that dies in between (kill -9, a crashed node) leaves a delivery that
   * would wait as ONTVANGEN forever. Every API instance looks for such
   * deliveries now and then and starts them. The workflow id is the
   * delivery's, so a request that was only slow, or another instance, never
   * starts one twice; a workflow that ended (e.g. terminated by an operator)
   * is not started again. Runs in the background: never holds up the boot.
   */
  private hervatOnderbroken(): void {
    if (this.hervatten) return;
    this.hervatten = this.hervat()
      .catch((fout: unknown) =>
        this.logger.warn(
          `Onderbroken aanleveringen niet hervat: ${fout instanceof Error ? fout.message : String(fout)}`,
        ),
      )
      .finally(() => (this.hervatten = undefined));
  }

  private async hervat(): Promise<void> {
    const grens = new Date(Date.now() - this.config.AANLEVERING_HERVATTEN_NA_SECONDEN * 1000);
    const onderbroken = await this.prisma.aanlevering.findMany({
      where: { status: 'ONTVANGEN', ontvangenOp: { lt: grens } },
      orderBy: { ontvangenOp: 'asc' },
      select: { id: true },
      take: 100,
    });
    for (const { id } of onderbroken) {
      try {
        await this.temporal.workflow.start<typeof aanleveringWorkflow>('aanleveringWorkflow', {
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          workflowId: aanleveringWorkflowId(id),
          args: [{ aanleveringId: id }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        this.logger.warn(`Aanlevering ${id} was opgeslagen maar niet gestart; nu gestart.`);
      } catch (fout) {
        if (!(fout instanceof WorkflowExecutionAlreadyStartedError)) throw fout;
      }
    }
  }

  /** Starts the delivery's workflow, or removes the delivery so that nothing is half-stored. */
  private async startWorkflow(aanleveringId: string): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof aanleveringWorkflow>('aanleveringWorkflow', {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: aanleveringWorkflowId(aanleveringId),
        args: [{ aanleveringId }],
      });
    } catch (fout) {
      // A slow start that hervatOnderbroken overtook: the delivery is being processed.
      if (fout instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.error(
        `Aanlevering ${aanleveringId} niet gestart: ${fout instanceof Error ? fout.message : String(fout)}`,
      );
      await this.prisma.aanlevering.delete({ where: { id: aanleveringId } });
      throw new Probleem(
        503,
        'Aanlevering niet verwerkt.',
        'De verwerking kon niet worden gestart en er is niets opgeslagen. Probeer het later opnieuw.',
        undefined,
        {
          'Retry-After': '30',
        },
      );
    }
  }

  /**
   * Checks an uploaded file as a whole (type, zip bomb, macros, columns, at
   * least one row) and refuses it with a clear problem before anything is
   * stored; the rows themselves are read and judged by the workflow.
   */
  async ontvangBestand(
    signaalpartnerId: string,
    bestandsnaam: string,
    inhoud: Buffer,
  ): Promise<string> {
    let soort: Bestandssoort;
    try {
      soort = bepaalSoort(bestandsnaam, inhoud);
      await controleerKoppen(inhoud, soort, bestandsnaam);
    } catch (fout) {
      if (fout instanceof BestandFout) throw new Probleem(fout.status, fout.titel, fout.message);
      if (fout instanceof KolomFout)
        throw new Probleem(
          400,
          'De kolommen kloppen niet.',
          `${fout.message} Gebruik het sjabloon of pas de kolomkoppen aan.`,
        );
      throw fout;
    }
    const aanlevering = await this.prisma.aanlevering.create({
      data: {
        signaalpartnerId,
        bron: 'BESTAND',
        bestandsnaam,
        bestand: { create: { soort, inhoud: new Uint8Array(inhoud) } },
      },
    });
    await this.startWorkflow(aanlevering.id);
    return aanlevering.id;
  }

  /** The caller's own deliveries, newest first; counts only, no row contents. */
  async lijst(pagina: number, paginagrootte: number) {
    const [aanleveringen, totaal] = await Promise.all([
      this.db.aanlevering.findMany({
        orderBy: [{ ontvangenOp: 'desc' }, { id: 'asc' }],
        skip: (pagina - 1) * paginagrootte,
        take: paginagrootte,
        select: {
          id: true,
          bron: true,
          bestandsnaam: true,
          status: true,
          ontvangenOp: true,
          afgerondOp: true,
          aantalRijen: true,
          aantalGeaccepteerd: true,
          aantalAlBekend: true,
          aantalAfgewezen: true,
        },
      }),
      this.db.aanlevering.count(),
    ]);
    return {
      totaal,
      aanleveringen: aanleveringen.map((a) => ({
        id: a.id,
        bron: a.bron,
        bestandsnaam: a.bestandsnaam,
        status: a.status,
        ontvangenOp: a.ontvangenOp.toISOString(),
        afgerondOp: a.afgerondOp?.toISOString() ?? null,
        // Final counts once processed; the detail shows live progress before that.
        aantallen: {
          ontvangen: a.aantalRijen,
          geaccepteerd: a.aantalGeaccepteerd,
          alBekend: a.aantalAlBekend,
          afgewezen: a.aantalAfgewezen,
        },
        _links: { self: { href: `/v1/aanleveringen/${a.id}` } },
      })),
    };
  }

  /** The delivery's status and per-row results, for the creditor that made it (or the operator). */
  async haalOp(id: string) {
    if (!isUuid(id)) return null;
    const aanlevering = await this.db.aanlevering.findUnique({ where: { id } });
    if (!aanlevering) return null;
    const [groepen, bijzondereRijen] = await Promise.all([
      this.db.aanleveringRij.groupBy({
        by: ['status'],
        where: { aanleveringId: id },
        _count: { _all: true },
      }),
      this.db.aanleveringRij.findMany({
        where: { aanleveringId: id, status: { in: ['AFGEWEZEN', 'AL_BEKEND'] } },
        orderBy: { rijnummer: 'asc' },
        select: {
          rijnummer: true,
          bronregel: true,
          status: true,
          fouten: true,
          signaalId: true,
          gegevens: true,
        },
      }),
    ]);
    const [routering, vastgehouden] = await Promise.all([
      this.db.signaal.groupBy({
        by: ['routeringsstatus'],
        where: { aanleveringId: id },
        _count: { _all: true },
      }),
      this.db.signaal.findMany({
        where: {
          aanleveringId: id,
          routeringsstatus: { in: ['ONBEKEND_ADRES', 'GEEN_KOPPELING'] },
          ingetrokkenOp: null,
        },
        select: { id: true, referentie: true, routeringsstatus: true },
        orderBy: { referentie: 'asc' },
      }),
    ]);
    const telling = (status: Rijstatus) =>
      groepen.find((g) => g.status === status)?._count._all ?? 0;
    const voortgang = aanlevering.status === 'VERWERKT' ? null : await this.voortgang(id);
    const referentie = (gegevens: unknown) => {
      const waarde = (gegevens as { referentie?: unknown } | null)?.referentie;
      return typeof waarde === 'string' ? waarde : null;
    };
    return {
      id: aanlevering.id,
      bron: aanlevering.bron,
      bestandsnaam: aanlevering.bestandsnaam,
      status: aanlevering.status,
      ontvangenOp: aanlevering.ontvangenOp.toISOString(),
      afgerondOp: aanlevering.afgerondOp?.toISOString() ?? null,
      fout: aanlevering.fout ?? null,
      aantallen: {
        ontvangen: aanlevering.aantalRijen,
        gevalideerd: aanlevering.aantalRijen - telling('ONTVANGEN'),
        geaccepteerd: telling('GEACCEPTEERD'),
        alBekend: telling('AL_BEKEND'),
        afgewezen: telling('AFGEWEZEN'),
        gestart:
          aanlevering.status === 'VERWERKT' ? aanlevering.aantalGestart : (voortgang?.gestart ?? 0),
      },
      afgewezenRijen: bijzondereRijen
        .filter((r) => r.status === 'AFGEWEZEN')
        .map((r) => ({
          rijnummer: r.rijnummer,
          regel: r.bronregel,
          referentie: referentie(r.gegevens),
          fouten: (r.fouten ?? []) as unknown as Veldfout[],
        })),
      alBekendeRijen: bijzondereRijen
        .filter((r) => r.status === 'AL_BEKEND')
        .map((r) => ({
          rijnummer: r.rijnummer,
          referentie: referentie(r.gegevens),
          signaal: { href: `/v1/signalen/${r.signaalId}` },
        })),
      // Where the accepted signals went; held ones say why, in the words the creditor may see.
      routering: Object.fromEntries(routering.map((r) => [r.routeringsstatus, r._count._all])),
      vastgehoudenSignalen: vastgehouden.map((v) => ({
        referentie: v.referentie,
        toelichting: ROUTERINGSTOELICHTING[v.routeringsstatus],
        signaal: { href: `/v1/signalen/${v.id}` },
      })),
      _links: { self: { href: `/v1/aanleveringen/${aanlevering.id}` } },
    };
  }

  /** The rejected rows as an .xlsx with their original values; null when the delivery is not the caller's. */
  async foutenrapport(id: string): Promise<Buffer | null> {
    if (!isUuid(id)) return null;
    const aanlevering = await this.db.aanlevering.findUnique({ where: { id } });
    if (!aanlevering) return null;
    const rijen = await this.db.aanleveringRij.findMany({
      where: { aanleveringId: id, status: 'AFGEWEZEN' },
      orderBy: { rijnummer: 'asc' },
      select: { rijnummer: true, bronregel: true, origineel: true, gegevens: true, fouten: true },
    });
    const bestandskoppen = aanlevering.kolomkoppen as string[] | null;
    const foutrijen: Foutrij[] = rijen.map((r) => ({
      regel: r.bronregel ?? r.rijnummer,
      // An API batch has no file cells: its JSON fields stand in for them.
      origineel: bestandskoppen
        ? Object.fromEntries(
            bestandskoppen.map((kop, k) => [kop, (r.origineel as (string | null)[])[k] ?? null]),
          )
        : plat(r.gegevens),
      fouten: (r.fouten ?? []) as unknown as Veldfout[],
    }));
    const koppen = bestandskoppen ?? [
      ...new Set(foutrijen.flatMap((r) => Object.keys(r.origineel))),
    ];
    return foutenrapport(koppen, foutrijen);
  }

  /** Live progress from the running workflow; the database counts stand if Temporal does not answer. */
  private async voortgang(id: string): Promise<AanleveringVoortgang | null> {
    try {
      return await this.temporal.workflow
        .getHandle(aanleveringWorkflowId(id))
        .query<AanleveringVoortgang>('voortgang');
    } catch {
      return null;
    }
  }
}

/** Reads just the header and the first data row: enough to refuse a file that cannot be a delivery. */
async function controleerKoppen(
  inhoud: Buffer,
  soort: Bestandssoort,
  bestandsnaam: string,
): Promise<void> {
  const rijen = leesRijen(inhoud, soort);
  try {
    const kop = await rijen.next();
    if (kop.done)
      throw new BestandFout(
        400,
        'Het bestand is leeg.',
        `${bestandsnaam} bevat geen kopregel en geen signalen.`,
      );
    deelKolommenIn(kop.value.cellen.map((c) => (c === null ? '' : String(c))));
    if ((await rijen.next()).done)
      throw new BestandFout(
        400,
        'Het bestand bevat geen signalen.',
        `${bestandsnaam} heeft alleen een kopregel.`,
      );
  } finally {
    await rijen.return(undefined);
  }
}

/** {"persoon": {"achternaam": "X"}} becomes {"persoon.achternaam": "X"}. */
function plat(waarde: unknown, voorvoegsel = ''): Record<string, string | null> {
  if (waarde === null || typeof waarde !== 'object' || Array.isArray(waarde)) {
    return {
      [voorvoegsel || 'waarde']:
        waarde === null || waarde === undefined
          ? null
          : typeof waarde === 'string'
            ? waarde
            : JSON.stringify(waarde),
    };
  }
  const uitkomst: Record<string, string | null> = {};
  for (const [sleutel, w] of Object.entries(waarde)) {
    Object.assign(uitkomst, plat(w, voorvoegsel ? `${voorvoegsel}.${sleutel}` : sleutel));
  }
  return uitkomst;
}
