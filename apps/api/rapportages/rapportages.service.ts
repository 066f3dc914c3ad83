import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Prisma } from '../../../prisma/database.js';
import { PrismaClient } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import {
  maandrapportageWorkflowId,
  type MaandrapportageInvoer,
  rapportageOpnieuwSignal,
  ZOEKATTRIBUTEN,
} from '../../../workflows/contracts.js';
import type { maandrapportageWorkflow } from '../../../workflows/maandrapportage.workflow.js';
import type { Config } from '../../shared/config.js';
import { DATABASE } from '../../shared/database.module.js';
import { CONFIG } from '../../shared/tokens.js';
import type { Actor } from '../auth/actor.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';

const LIJSTVELDEN = {
  id: true,
  maand: true,
  status: true,
  verzondenAan: true,
  verzondenOp: true,
  aangemaaktOp: true,
  bijgewerktOp: true,
  gemeente: { select: { code: true, naam: true } },
} satisfies Prisma.RapportageSelect;

type Lijstrij = Prisma.RapportageGetPayload<{ select: typeof LIJSTVELDEN }>;

function metLinks<T extends Lijstrij>(r: T) {
  const self = `/v1/rapportages/${r.id}`;
  return {
    ...r,
    _links: { self: { href: self }, xlsx: { href: `${self}/xlsx` }, pdf: { href: `${self}/pdf` } },
  };
}

/**
 * The monthly reports, read through the tenant-scoped client: a gemeente sees
 * its own, the platform operator all of them.
 */
@Injectable()
export class RapportagesService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async lijst(pagina: number, paginagrootte: number, gemeentecode?: string) {
    const where: Prisma.RapportageWhereInput = gemeentecode
      ? { gemeente: { code: gemeentecode } }
      : {};
    const [rijen, totaal] = await Promise.all([
      this.db.rapportage.findMany({
        where,
        select: LIJSTVELDEN,
        orderBy: [{ maand: 'desc' }, { gemeente: { naam: 'asc' } }],
        skip: (pagina - 1) * paginagrootte,
        take: paginagrootte,
      }),
      this.db.rapportage.count({ where }),
    ]);
    return { rapportages: rijen.map(metLinks), totaal };
  }

  async haalOp(id: string) {
    const r = isUuid(id)
      ? await this.db.rapportage.findUnique({
          where: { id },
          select: { ...LIJSTVELDEN, cijfers: true },
        })
      : null;
    if (!r) throw Probleem.nietGevonden('Rapportage');
    return metLinks(r);
  }

  async bestand(id: string, soort: 'xlsx' | 'pdf') {
    const r = isUuid(id)
      ? await this.db.rapportage.findUnique({
          where: { id },
          select: {
            maand: true,
            gemeente: { select: { code: true } },
            ...(soort === 'xlsx' ? { xlsx: true } : { pdf: true }),
          },
        })
      : null;
    if (!r) throw Probleem.nietGevonden('Rapportage');
    const inhoud = (r as { xlsx?: Uint8Array | null; pdf?: Uint8Array | null })[soort];
    if (!inhoud)
      throw new Probleem(
        409,
        'De rapportage is nog niet klaar.',
        'De bestanden worden nog gemaakt. Probeer het over een ogenblik opnieuw.',
        undefined,
        { 'Retry-After': '10' },
      );
    return { inhoud, gemeentecode: r.gemeente.code, maand: r.maand };
  }

  /** The gemeente the caller may run a report for: its own, or any for the operator. */
  async gemeenteVoor(actor: Actor, gemeentecode: string | undefined) {
    if (actor.rol === 'PLATFORMBEHEERDER') {
      if (!gemeentecode)
        throw Probleem.ongeldigeInvoer([
          {
            veld: 'gemeente',
            code: 'verplicht',
            melding: 'gemeente (de CBS-gemeentecode) is verplicht voor de platformbeheerder.',
          },
        ]);
      const g = await this.prisma.gemeente.findUnique({
        where: { code: gemeentecode },
        select: { id: true, code: true },
      });
      if (!g) throw Probleem.nietGevonden('Gemeente');
      return g;
    }
    const g = await this.prisma.gemeente.findUnique({
      where: { id: actor.gemeenteId ?? '00000000-0000-0000-0000-000000000000' },
      select: { id: true, code: true },
    });
    // Another gemeente's code looks exactly like one that does not exist.
    if (!g || (gemeentecode !== undefined && gemeentecode !== g.code))
      throw Probleem.nietGevonden('Gemeente');
    return g;
  }

  /**
   * Starts (or joins) the run for a gemeente and month. The workflow id is
   * derived from both, so a second request while the first still runs joins
   * it (and makes it go round once more when it was already past the files);
   * a request after it finished runs it again and replaces the report.
   */
  async start(gemeente: { id: string; code: string }, maand: string) {
    const sleutel = { gemeenteId_maand: { gemeenteId: gemeente.id, maand } };
    const eerder = await this.prisma.rapportage.findUnique({
      where: sleutel,
      select: { status: true },
    });
    const { id } = await this.prisma.rapportage.upsert({
      where: sleutel,
      create: { gemeenteId: gemeente.id, maand },
      update: { status: 'BEZIG' },
      select: { id: true },
    });
    const invoer: MaandrapportageInvoer = { gemeentecode: gemeente.code, maand };
    try {
      // Signal-with-start: joins a run in progress, and if that run is
      // already past making the files, makes it go round once more.
      await this.temporal.workflow.signalWithStart<typeof maandrapportageWorkflow, []>(
        'maandrapportageWorkflow',
        {
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          workflowId: maandrapportageWorkflowId(gemeente.code, maand),
          args: [invoer],
          signal: rapportageOpnieuwSignal,
          signalArgs: [],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          typedSearchAttributes: [{ key: ZOEKATTRIBUTEN.gemeentecode, value: gemeente.code }],
        },
      );
    } catch (fout) {
      // Nothing will run: the report must not say BEZIG forever.
      if (eerder) await this.prisma.rapportage.update({ where: { id }, data: eerder });
      else await this.prisma.rapportage.delete({ where: { id } });
      throw new Probleem(
        503,
        'Vroegsignaal is tijdelijk niet beschikbaar.',
        `De rapportage kon niet worden gestart (${fout instanceof Error ? fout.name : 'onbekende fout'}). Probeer het later opnieuw.`,
        undefined,
        { 'Retry-After': '30' },
      );
    }
    return id;
  }
}
