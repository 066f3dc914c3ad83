import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Client,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { valideerSignaal } from '../../../domain/signaal.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import { slaSignalenOp } from '../../../prisma/signaalopslag.js';
import {
  intrekkenSignal,
  meldingWorkflowId,
  signaalIngetrokkenSignal,
  signaalWorkflowId,
  wijsGemeenteToeUpdate,
} from '../../../workflows/contracts.js';
import { startSignaalWorkflow } from '../../../workflows/starten.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { DATABASE } from '../../shared/database.module.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';

export const SIGNAAL_WEERGAVE = {
  signaalpartner: true,
  gemeente: true,
  wijk: true,
  buurt: true,
  kern: true,
  persoonsgegevens: true,
  overdrachten: {
    orderBy: { op: 'asc' },
    select: { op: true, vanGemeente: { select: { naam: true } } },
  },
} satisfies Prisma.SignaalInclude;
export interface SignalenFilter {
  status?: 'gerouteerd' | 'niet-gerouteerd';
  pagina: number;
  paginagrootte: number;
}

export type SignaalMetDetails = Prisma.SignaalGetPayload<{ include: typeof SIGNAAL_WEERGAVE }>;

@Injectable()
export class SignalenService {
  private readonly logger = new Logger('Signalen');

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Stores one signal from a creditor and starts its workflow. The creditor's
   * (signaalpartner, referentie) is the idempotency key: delivering the same
   * signal again returns the stored one and starts nothing new, so a creditor
   * may safely retry after a timeout.
   */
  async ontvang(
    signaalpartnerId: string,
    invoer: unknown,
  ): Promise<{ signaal: SignaalMetDetails; nieuw: boolean }> {
    const validatie = valideerSignaal(invoer, new Date());
    if (!validatie.geldig) throw Probleem.ongeldigeInvoer(validatie.fouten);
    const signaalpartner = await this.prisma.signaalpartner.findUniqueOrThrow({
      where: { id: signaalpartnerId },
    });
    const [uitkomst] = await this.prisma.$transaction((tx) =>
      slaSignalenOp(tx, signaalpartnerId, [validatie.signaal]),
    );
    if (uitkomst!.soort === 'referentie_hergebruikt') {
      throw new Probleem(
        409,
        'Referentie al gebruikt.',
        `U heeft eerder een ander signaal met referentie "${validatie.signaal.referentie}" aangeleverd. Gebruik per signaal een eigen referentie.`,
      );
    }
    // Also for a repeated delivery: if the first attempt stored the signal but
    // could not reach Temporal, the retry starts the workflow.
    try {
      await startSignaalWorkflow(this.temporal, this.config.TEMPORAL_TASK_QUEUE, {
        id: uitkomst!.signaalId,
        signaalpartnerType: signaalpartner.type,
      });
    } catch (fout) {
      this.logger.error(
        `Workflow voor signaal ${uitkomst!.signaalId} niet gestart: ${fout instanceof Error ? fout.message : String(fout)}`,
      );
      throw new Probleem(
        503,
        'Signaal opgeslagen, verwerking nog niet gestart.',
        'Het signaal is veilig opgeslagen, maar de verwerking kon niet worden gestart. Lever het opnieuw aan; dat levert geen dubbel signaal op.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    const signaal = await this.prisma.signaal.findUniqueOrThrow({
      where: { id: uitkomst!.signaalId },
      include: SIGNAAL_WEERGAVE,
    });
    return { signaal, nieuw: uitkomst!.soort === 'nieuw' };
  }

  /** A page of signals the caller may see, optionally only those routing could not place. */
  async lijst(filter: SignalenFilter): Promise<{ signalen: SignaalMetDetails[]; totaal: number }> {
    const where: Prisma.SignaalWhereInput =
      filter.status === 'niet-gerouteerd'
        ? { routeringsstatus: { in: ['ONBEKEND_ADRES', 'GEEN_KOPPELING'] } }
        : filter.status === 'gerouteerd'
          ? { routeringsstatus: 'GEROUTEERD' }
          : {};
    const [signalen, totaal] = await Promise.all([
      this.db.signaal.findMany({
        where,
        include: SIGNAAL_WEERGAVE,
        orderBy: [{ ontvangenOp: 'asc' }, { id: 'asc' }],
        skip: (filter.pagina - 1) * filter.paginagrootte,
        take: filter.paginagrootte,
      }),
      this.db.signaal.count({ where }),
    ]);
    return { signalen, totaal };
  }

  /**
   * The operator places a held signal in a gemeente. The signal's workflow
   * decides whether that is still possible (its Update validator), records it
   * through an activity and continues.
   */
  async wijsGemeenteToe(id: string, gemeentecode: string): Promise<SignaalMetDetails> {
    const signaal = await this.haalOp(id);
    if (!signaal) throw Probleem.nietGevonden('Signaal');
    if (signaal.routeringsstatus === 'GEROUTEERD') {
      throw new Probleem(
        409,
        'Signaal is al gerouteerd.',
        `Dit signaal is al doorgezet naar ${signaal.gemeente?.naam ?? 'een gemeente'}.`,
      );
    }
    const gemeente = await this.prisma.gemeente.findUnique({ where: { code: gemeentecode } });
    if (!gemeente) {
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'gemeentecode',
          code: 'onbekende_gemeente',
          melding: `Gemeente ${gemeentecode} gebruikt Vroegsignaal niet.`,
        },
      ]);
    }
    try {
      await this.temporal.workflow
        .getHandle(signaalWorkflowId(id))
        .executeUpdate(wijsGemeenteToeUpdate, { args: [{ gemeentecode }] });
    } catch (fout) {
      if (fout instanceof WorkflowUpdateFailedError || fout instanceof WorkflowNotFoundError) {
        const reden =
          fout instanceof WorkflowUpdateFailedError && fout.cause instanceof Error
            ? fout.cause.message
            : 'Dit signaal wacht niet (meer) op een toewijzing.';
        throw new Probleem(409, 'Toewijzen niet mogelijk.', reden);
      }
      throw fout;
    }
    return (await this.haalOp(id))!;
  }

  /**
   * Records that the creditor withdrew a signal and tells its workflow.
   * Withdrawing twice keeps the first moment and reason.
   */
  async trekIn(
    waar: { id: string } | { referentie: string },
    reden: string | null,
  ): Promise<SignaalMetDetails> {
    const signaal =
      'id' in waar
        ? await this.haalOp(waar.id)
        : await this.db.signaal.findFirst({
            where: { referentie: waar.referentie },
            include: SIGNAAL_WEERGAVE,
          });
    if (!signaal) throw Probleem.nietGevonden('Signaal');
    if (!signaal.ingetrokkenOp) {
      const nu = new Date();
      const { count } = await this.db.signaal.updateMany({
        where: { id: signaal.id, ingetrokkenOp: null },
        data: { ingetrokkenOp: nu, intrekkingsreden: reden },
      });
      if (count === 1 && signaal.meldingId)
        await this.prisma.meldinggebeurtenis.create({
          data: {
            meldingId: signaal.meldingId,
            soort: 'signaal_ingetrokken',
            gegevens: { signaalId: signaal.id },
            op: nu,
          },
        });
    }
    // Both workflows hear of it: a signal still being routed stops there, and
    // the melding decides whether anything is left to do for the household.
    await this.vertel(signaalWorkflowId(signaal.id), (h) => h.signal(intrekkenSignal));
    const { meldingId } = (await this.haalOp(signaal.id))!;
    if (meldingId)
      await this.vertel(meldingWorkflowId(meldingId), (h) =>
        h.signal(signaalIngetrokkenSignal, { signaalId: signaal.id }),
      );
    return (await this.haalOp(signaal.id))!;
  }

  private async vertel(
    workflowId: string,
    bericht: (handle: WorkflowHandle) => Promise<void>,
  ): Promise<void> {
    try {
      await bericht(this.temporal.workflow.getHandle(workflowId));
    } catch (fout) {
      // A workflow that already finished has nothing left to stop.
      if (!(fout instanceof WorkflowNotFoundError)) throw fout;
    }
  }

  async haalOp(id: string): Promise<SignaalMetDetails | null> {
    if (!isUuid(id)) return null;
    return this.db.signaal.findUnique({ where: { id }, include: SIGNAAL_WEERGAVE });
  }
}
