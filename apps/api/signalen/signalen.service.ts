import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { valideerSignaal } from '../../../domain/signaal.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import { slaSignalenOp } from '../../../prisma/signaalopslag.js';
import { startSignaalWorkflow } from '../../../workflows/starten.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { DATABASE } from '../../shared/database.module.js';
import { Probleem } from '../infra/probleem.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';

export const SIGNAAL_WEERGAVE = {
  signaalpartner: true,
  gemeente: true,
  wijk: true,
  buurt: true,
  kern: true,
  persoonsgegevens: true,
} satisfies Prisma.SignaalInclude;
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

  async haalOp(id: string): Promise<SignaalMetDetails | null> {
    if (!isUuid(id)) return null;
    return this.db.signaal.findUnique({ where: { id }, include: SIGNAAL_WEERGAVE });
  }
}

function isUuid(tekst: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tekst);
}
