import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../../../prisma/database.js';
import { base32Codeer, base32Decodeer, controleerTotp, otpauthUri } from '../../../domain/totp.js';
import type { Config } from '../../shared/config.js';
import { ontsleutelGeheim, versleutelGeheim } from '../../shared/geheimen.js';
import { CONFIG } from '../../shared/tokens.js';
import { Probleem } from '../infra/probleem.js';

const UITGEVER = 'Vroegsignaal';

/**
 * The TOTP second factor of local accounts. The secret is stored encrypted
 * (apps/shared/geheimen.ts, bound to the user's id, so a secret copied to
 * another account does not decrypt); it is shown once, at setup.
 */
@Injectable()
export class TotpService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Starts (or restarts) setup: a new secret, not yet required at login. */
  async begin(gebruikerId: string): Promise<{ geheim: string; otpauthUri: string }> {
    const gebruiker = await this.prisma.gebruiker.findUniqueOrThrow({ where: { id: gebruikerId } });
    if (gebruiker.totpActief) {
      throw new Probleem(
        409,
        'De tweede factor staat al aan.',
        'Zet hem eerst uit met een geldige code als u een nieuwe authenticator-app wilt koppelen.',
      );
    }
    const geheim = base32Codeer(randomBytes(20));
    await this.prisma.gebruiker.update({
      where: { id: gebruikerId },
      data: {
        totpGeheim: this.versleutel(gebruikerId, geheim),
        totpActief: false,
        totpLaatsteStap: null,
      },
    });
    return {
      geheim,
      otpauthUri: otpauthUri({ uitgever: UITGEVER, account: gebruiker.email, geheim }),
    };
  }

  /** Confirms setup with a first code, proving the app has the secret. */
  async bevestig(gebruikerId: string, code: string): Promise<void> {
    const gebruiker = await this.prisma.gebruiker.findUniqueOrThrow({ where: { id: gebruikerId } });
    if (gebruiker.totpActief)
      throw new Probleem(409, 'De tweede factor staat al aan.', 'Er is niets meer te bevestigen.');
    if (!gebruiker.totpGeheim)
      throw new Probleem(
        409,
        'Nog geen tweede factor ingesteld.',
        'Begin met POST /v1/sessies/huidige/totp en bevestig daarna met een code uit de app.',
      );
    if (!(await this.gebruikCode(gebruikerId, gebruiker.totpGeheim, null, code)))
      throw codeKloptNiet();
    await this.prisma.gebruiker.update({
      where: { id: gebruikerId },
      data: { totpActief: true },
    });
  }

  /** Turns the second factor off; takes a valid code, so a stolen session alone cannot. */
  async zetUit(gebruikerId: string, code: string): Promise<void> {
    const gebruiker = await this.prisma.gebruiker.findUniqueOrThrow({
      where: { id: gebruikerId },
      include: { gemeente: { select: { totpVerplicht: true } } },
    });
    if (!gebruiker.totpActief || !gebruiker.totpGeheim)
      throw new Probleem(409, 'De tweede factor staat niet aan.', 'Er is niets uit te zetten.');
    if (gebruiker.gemeente?.totpVerplicht)
      throw new Probleem(
        409,
        'Uw gemeente vereist een tweede factor.',
        'U kunt de tweede factor niet uitzetten; vraag de gemeentebeheerder als u een nieuwe app wilt koppelen.',
      );
    if (
      !(await this.gebruikCode(gebruikerId, gebruiker.totpGeheim, gebruiker.totpLaatsteStap, code))
    )
      throw codeKloptNiet();
    await this.prisma.gebruiker.update({
      where: { id: gebruikerId },
      data: { totpGeheim: null, totpActief: false, totpLaatsteStap: null },
    });
  }

  /**
   * Checks a code and claims its time step in one conditional update, so two
   * requests racing with the same code cannot both succeed.
   */
  async gebruikCode(
    gebruikerId: string,
    versleuteld: string,
    laatsteStap: number | null,
    code: string,
  ): Promise<boolean> {
    const geheim = base32Decodeer(this.ontsleutel(gebruikerId, versleuteld));
    const stap = controleerTotp(geheim, code, Date.now(), laatsteStap);
    if (stap === null) return false;
    const { count } = await this.prisma.gebruiker.updateMany({
      where: {
        id: gebruikerId,
        OR: [{ totpLaatsteStap: null }, { totpLaatsteStap: { lt: stap } }],
      },
      data: { totpLaatsteStap: stap },
    });
    return count === 1;
  }

  private versleutel(gebruikerId: string, geheim: string): string {
    return versleutelGeheim(this.config, 'totp', gebruikerId, geheim);
  }

  private ontsleutel(gebruikerId: string, opgeslagen: string): string {
    return ontsleutelGeheim(this.config, 'totp', gebruikerId, opgeslagen);
  }
}

function codeKloptNiet(): Probleem {
  return new Probleem(
    400,
    'De code klopt niet.',
    'Vul de zescijferige code in die de authenticator-app nu toont. Een code werkt maar één keer.',
    [{ name: 'code', code: 'ongeldig', reason: 'De code klopt niet of is al gebruikt.' }],
  );
}
