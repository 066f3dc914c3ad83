import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Webhookgebeurtenis } from '../../../domain/webhookhandtekening.js';
import { PrismaClient } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import {
  type webhookAfleveringWorkflow,
  webhookAfleveringWorkflowId,
} from '../../../workflows/webhook.workflow.js';
import { type Config, webhookherhaling } from '../../shared/config.js';
import { DATABASE } from '../../shared/database.module.js';
import { CONFIG } from '../../shared/tokens.js';
import type { Actor } from '../auth/actor.js';
import { sha256 } from '../auth/auth.service.js';
import { isUuid } from '../infra/uuid.js';

const SLEUTELVELDEN = {
  id: true,
  omschrijving: true,
  aangemaaktOp: true,
  laatstGebruiktOp: true,
  ingetrokkenOp: true,
} as const;

const ABONNEMENTVELDEN = {
  id: true,
  url: true,
  gebeurtenistypen: true,
  omschrijving: true,
  aangemaaktOp: true,
  ingetrokkenOp: true,
  vervallenOp: true,
} as const;

type Abonnementrij = {
  id: string;
  url: string;
  gebeurtenistypen: string[];
  omschrijving: string | null;
  aangemaaktOp: Date;
  ingetrokkenOp: Date | null;
  vervallenOp: Date | null;
};

/** An abonnement as the API shows it: never its secret. */
export function abonnementWeergave(a: Abonnementrij) {
  return {
    id: a.id,
    url: a.url,
    gebeurtenistypen: a.gebeurtenistypen,
    omschrijving: a.omschrijving,
    status: a.ingetrokkenOp ? 'INGETROKKEN' : a.vervallenOp ? 'VERVALLEN' : 'ACTIEF',
    aangemaaktOp: a.aangemaaktOp.toISOString(),
    ingetrokkenOp: a.ingetrokkenOp?.toISOString() ?? null,
    vervallenOp: a.vervallenOp?.toISOString() ?? null,
    _links: {
      self: { href: `/v1/webhookabonnementen/${a.id}` },
      afleveringen: { href: `/v1/webhookabonnementen/${a.id}/afleveringen` },
    },
  };
}

/**
 * The organisation's own system access: API keys (a gemeente's or a
 * creditor's, one mechanism) and a gemeente's webhook subscriptions. Every
 * query goes through the scoped client, so another organisation's keys and
 * subscriptions do not exist for the caller.
 */
@Injectable()
export class KoppelingService {
  constructor(
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** A new key for the caller's organisation; the key itself is returned this once. */
  async maakSleutel(actor: Actor, omschrijving: string) {
    const sleutel = `vs_${randomBytes(32).toString('base64url')}`;
    const rij = await this.db.apiSleutel.create({
      data: {
        omschrijving,
        sleutelHash: sha256(sleutel),
        ...(actor.gemeenteId
          ? { gemeenteId: actor.gemeenteId }
          : { signaalpartnerId: actor.signaalpartnerId! }),
      },
      select: SLEUTELVELDEN,
    });
    return { ...sleutelWeergave(rij), sleutel };
  }

  async sleutels() {
    const rijen = await this.db.apiSleutel.findMany({
      select: SLEUTELVELDEN,
      orderBy: { aangemaaktOp: 'desc' },
    });
    return rijen.map(sleutelWeergave);
  }

  /** Revokes at once: the next request with the key gets 401. False when not the caller's. */
  async trekSleutelIn(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    if ((await this.db.apiSleutel.count({ where: { id } })) === 0) return false;
    await this.db.apiSleutel.updateMany({
      where: { id, ingetrokkenOp: null },
      data: { ingetrokkenOp: new Date() },
    });
    return true;
  }

  async abonneer(
    gemeenteId: string,
    invoer: { url: string; gebeurtenistypen: Webhookgebeurtenis[]; omschrijving?: string },
  ) {
    const geheim = `whsec_${randomBytes(32).toString('base64url')}`;
    const rij = await this.db.webhookabonnement.create({
      data: {
        gemeenteId,
        url: invoer.url,
        gebeurtenistypen: [...new Set(invoer.gebeurtenistypen)],
        omschrijving: invoer.omschrijving ?? null,
        geheim,
      },
      select: ABONNEMENTVELDEN,
    });
    return { ...abonnementWeergave(rij), geheim };
  }

  async abonnementen() {
    const rijen = await this.db.webhookabonnement.findMany({
      select: ABONNEMENTVELDEN,
      orderBy: { aangemaaktOp: 'desc' },
    });
    return rijen.map(abonnementWeergave);
  }

  async abonnement(id: string) {
    if (!isUuid(id)) return null;
    const rij = await this.db.webhookabonnement.findUnique({
      where: { id },
      select: ABONNEMENTVELDEN,
    });
    return rij && abonnementWeergave(rij);
  }

  /** Ends the subscription; deliveries still retrying stop at their next attempt. */
  async zegOp(id: string): Promise<boolean> {
    if (!(await this.abonnement(id))) return false;
    await this.db.webhookabonnement.updateMany({
      where: { id, ingetrokkenOp: null },
      data: { ingetrokkenOp: new Date() },
    });
    return true;
  }

  async afleveringen(
    abonnementId: string,
    { pagina, paginagrootte }: { pagina: number; paginagrootte: number },
  ) {
    const where = { abonnementId };
    const [rijen, totaal] = await Promise.all([
      this.db.webhookaflevering.findMany({
        where,
        orderBy: [{ aangemaaktOp: 'desc' }, { id: 'asc' }],
        skip: (pagina - 1) * paginagrootte,
        take: paginagrootte,
      }),
      this.db.webhookaflevering.count({ where }),
    ]);
    return {
      totaal,
      afleveringen: rijen.map((r) => ({
        id: r.id,
        gebeurtenistype: r.gebeurtenistype,
        melding: { id: r.meldingId, status: r.meldingstatus },
        status: r.status,
        pogingen: r.pogingen,
        laatsteStatuscode: r.laatsteStatuscode,
        laatsteFout: r.laatsteFout,
        aangemaaktOp: r.aangemaaktOp.toISOString(),
        laatstePogingOp: r.laatstePogingOp?.toISOString() ?? null,
        afgerondOp: r.afgerondOp?.toISOString() ?? null,
      })),
    };
  }

  /**
   * Sends a finished delivery again, with the same id and body (receivers
   * deduplicate on the id), as a new round with a fresh retry window.
   */
  async verstuurOpnieuw(
    abonnementId: string,
    afleveringId: string,
  ): Promise<'niet_gevonden' | 'bezig' | 'beeindigd' | 'gestart'> {
    if (!isUuid(afleveringId)) return 'niet_gevonden';
    const aflevering = await this.db.webhookaflevering.findFirst({
      where: { id: afleveringId, abonnementId },
      include: { abonnement: { select: { ingetrokkenOp: true, vervallenOp: true } } },
    });
    if (!aflevering) return 'niet_gevonden';
    if (aflevering.status === 'BEZIG') return 'bezig';
    if (aflevering.abonnement.ingetrokkenOp || aflevering.abonnement.vervallenOp)
      return 'beeindigd';
    const ronde = aflevering.ronde + 1;
    const { count } = await this.db.webhookaflevering.updateMany({
      where: { id: afleveringId, ronde: aflevering.ronde, status: { not: 'BEZIG' } },
      data: { ronde, status: 'BEZIG', gestartOp: null, afgerondOp: null },
    });
    if (count === 0) return 'bezig';
    try {
      await this.temporal.workflow.start<typeof webhookAfleveringWorkflow>(
        'webhookAfleveringWorkflow',
        {
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          workflowId: webhookAfleveringWorkflowId(afleveringId, ronde),
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ afleveringId, herhaling: webhookherhaling(this.config) }],
        },
      );
    } catch (fout) {
      if (!(fout instanceof WorkflowExecutionAlreadyStartedError)) throw fout;
    }
    await this.prisma.webhookaflevering.updateMany({
      where: { id: afleveringId, ronde, gestartOp: null },
      data: { gestartOp: new Date() },
    });
    return 'gestart';
  }
}

function sleutelWeergave(r: {
  id: string;
  omschrijving: string;
  aangemaaktOp: Date;
  laatstGebruiktOp: Date | null;
  ingetrokkenOp: Date | null;
}) {
  return {
    id: r.id,
    omschrijving: r.omschrijving,
    status: r.ingetrokkenOp ? 'INGETROKKEN' : 'ACTIEF',
    aangemaaktOp: r.aangemaaktOp.toISOString(),
    laatstGebruiktOp: r.laatstGebruiktOp?.toISOString() ?? null,
    ingetrokkenOp: r.ingetrokkenOp?.toISOString() ?? null,
    _links: { self: { href: `/v1/apisleutels/${r.id}` } },
  };
}
