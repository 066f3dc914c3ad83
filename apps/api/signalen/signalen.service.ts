import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { valideerSignaal, type GevalideerdSignaal } from '../../../domain/signaal.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import { signaalWorkflowId, ZOEKATTRIBUTEN } from '../../../workflows/contracts.js';
import type { signaalWorkflow } from '../../../workflows/signaal.workflow.js';
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

    let nieuw = true;
    let signaal: SignaalMetDetails;
    try {
      signaal = await this.prisma.signaal.create({
        data: { signaalpartnerId, ...signaalGegevens(validatie.signaal) },
        include: SIGNAAL_WEERGAVE,
      });
    } catch (fout) {
      if (!(fout instanceof Prisma.PrismaClientKnownRequestError) || fout.code !== 'P2002')
        throw fout;
      nieuw = false;
      signaal = await this.prisma.signaal.findUniqueOrThrow({
        where: {
          signaalpartnerId_referentie: {
            signaalpartnerId,
            referentie: validatie.signaal.referentie,
          },
        },
        include: SIGNAAL_WEERGAVE,
      });
      if (!zelfdeSignaal(signaal, validatie.signaal)) {
        throw new Probleem(
          409,
          'Referentie al gebruikt.',
          `U heeft eerder een ander signaal met referentie "${validatie.signaal.referentie}" aangeleverd. Gebruik per signaal een eigen referentie.`,
        );
      }
    }
    await this.startWorkflow(signaal.id, signaalpartner.type);
    return { signaal, nieuw };
  }

  async haalOp(id: string): Promise<SignaalMetDetails | null> {
    if (!isUuid(id)) return null;
    return this.db.signaal.findUnique({ where: { id }, include: SIGNAAL_WEERGAVE });
  }

  /**
   * Also called for a repeated delivery: if the first attempt stored the signal
   * but could not reach Temporal, the retry starts the workflow. The conflict
   * and reuse policies make this a no-op once the workflow exists or existed.
   */
  private async startWorkflow(signaalId: string, signaalpartnerType: string): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof signaalWorkflow>('signaalWorkflow', {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: signaalWorkflowId(signaalId),
        args: [{ signaalId, signaalpartnerType }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: ZOEKATTRIBUTEN.signaalpartnerType, value: signaalpartnerType },
        ],
      });
    } catch (fout) {
      if (fout instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.error(
        `Workflow voor signaal ${signaalId} niet gestart: ${fout instanceof Error ? fout.message : String(fout)}`,
      );
      throw new Probleem(
        503,
        'Signaal opgeslagen, verwerking nog niet gestart.',
        'Het signaal is veilig opgeslagen, maar de verwerking kon niet worden gestart. Lever het opnieuw aan; dat levert geen dubbel signaal op.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
  }
}

function signaalGegevens(s: GevalideerdSignaal) {
  return {
    referentie: s.referentie,
    signaaldatum: s.signaaldatum,
    ontstaansdatum: s.ontstaansdatum,
    bedragInCenten: s.bedragInCenten,
    crisissignaal: s.crisissignaal,
    warmeOverdracht: s.warmeOverdracht,
    eindeLevering: s.eindeLevering,
    persoonsgegevens: {
      create: { ...s.persoon, ...s.adres, ...s.contact },
    },
  } satisfies Omit<Prisma.SignaalUncheckedCreateInput, 'signaalpartnerId'>;
}

/** A repeated delivery is the same signal when its substance matches; otherwise the referentie was reused. */
function zelfdeSignaal(bestaand: SignaalMetDetails, nieuw: GevalideerdSignaal): boolean {
  return (
    bestaand.signaaldatum.getTime() === nieuw.signaaldatum.getTime() &&
    bestaand.ontstaansdatum.getTime() === nieuw.ontstaansdatum.getTime() &&
    bestaand.bedragInCenten === nieuw.bedragInCenten &&
    (bestaand.persoonsgegevens === null ||
      (bestaand.persoonsgegevens.adressleutel === nieuw.adres.adressleutel &&
        bestaand.persoonsgegevens.geboortedatum.getTime() ===
          nieuw.persoon.geboortedatum.getTime()))
  );
}

function isUuid(tekst: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tekst);
}
