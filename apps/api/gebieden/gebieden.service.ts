import { Inject, Injectable } from '@nestjs/common';
import { leesGebiedscode, leesGebiedsnamen } from '../../../domain/gebiedsnamen.js';
import { PrismaClient } from '../../../prisma/database.js';
import { type Gebiedstelling, slaGebiedsnamenOp } from '../../../prisma/gebiedsnamen.js';
import { importeerRouteringstabel, RouteringstabelFout } from '../../../prisma/routeringstabel.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import type { Config } from '../../shared/config.js';
import { DATABASE } from '../../shared/database.module.js';
import { CONFIG } from '../../shared/tokens.js';
import { Probleem } from '../infra/probleem.js';

export interface Kernindeling {
  wijken: string[];
  buurten: string[];
  postcodes: string[];
}

/** The routing table and the gemeente's areas: CBS imports, names and kernen. */
@Injectable()
export class GebiedenService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async importeerRouteringstabel(bron: string, invoer: NodeJS.ReadableStream) {
    try {
      const { jaar } = await importeerRouteringstabel(this.config.DATABASE_URL, bron, invoer);
      return this.prisma.routeringstabel.findUniqueOrThrow({ where: { jaar } });
    } catch (fout) {
      if (fout instanceof RouteringstabelFout)
        throw new Probleem(400, 'De routeringstabel is niet geïmporteerd.', fout.message);
      throw fout;
    }
  }

  routeringstabellen() {
    return this.prisma.routeringstabel.findMany({ orderBy: { jaar: 'desc' } });
  }

  async importeerNamen(tekst: string): Promise<Gebiedstelling> {
    const { namen, fouten } = leesGebiedsnamen(tekst);
    if (fouten.length > 0)
      throw new Probleem(
        400,
        'Het bestand met gebiedsnamen is niet geïmporteerd.',
        `${fouten.length} ${fouten.length === 1 ? 'regel klopt' : 'regels kloppen'} niet: ${fouten.slice(0, 20).join('; ')}`,
      );
    if (namen.length === 0)
      throw new Probleem(400, 'Het bestand met gebiedsnamen is leeg.', 'Er staan geen namen in.');
    return slaGebiedsnamenOp(this.prisma, namen);
  }

  /** The gemeente's wijken with their buurten, and its kernen; null when out of reach. */
  async indeling(gemeenteId: string) {
    const gemeente = await this.prisma.gemeente.findUnique({
      where: { id: gemeenteId },
      select: { code: true, naam: true },
    });
    if (!gemeente) return null;
    const [wijken, kernen] = await Promise.all([
      this.db.wijk.findMany({
        where: { gemeenteId },
        orderBy: { code: 'asc' },
        select: {
          code: true,
          naam: true,
          buurten: { orderBy: { code: 'asc' }, select: { code: true, naam: true } },
        },
      }),
      this.db.kern.findMany({
        where: { gemeenteId },
        orderBy: { naam: 'asc' },
        select: {
          naam: true,
          onderdelen: {
            select: {
              wijk: { select: { code: true } },
              buurt: { select: { code: true } },
              postcode4: true,
            },
          },
        },
      }),
    ]);
    return {
      gemeente,
      wijken,
      kernen: kernen.map((kern) => ({
        naam: kern.naam,
        wijken: kern.onderdelen.flatMap((o) => (o.wijk ? [o.wijk.code] : [])),
        buurten: kern.onderdelen.flatMap((o) => (o.buurt ? [o.buurt.code] : [])),
        postcodes: kern.onderdelen.flatMap((o) => (o.postcode4 ? [o.postcode4] : [])),
      })),
    };
  }

  async gemeenteId(code: string): Promise<string | null> {
    const gemeente = await this.prisma.gemeente.findUnique({ where: { code } });
    return gemeente?.id ?? null;
  }

  /** Renames a wijk or buurt within the caller's reach; false when it is not there. */
  async hernoem(code: string, naam: string): Promise<boolean> {
    const gebied = leesGebiedscode(code);
    if (gebied?.niveau === 'wijk')
      return (
        (await this.db.wijk.updateMany({ where: { code: gebied.code }, data: { naam } })).count ===
        1
      );
    if (gebied?.niveau === 'buurt')
      return (
        (await this.db.buurt.updateMany({ where: { code: gebied.code }, data: { naam } })).count ===
        1
      );
    return false;
  }

  /**
   * Replaces a kern's composition in one transaction. Every wijk and buurt
   * must belong to the gemeente; unknown codes are reported, not ignored.
   */
  async legKernVast(gemeenteId: string, naam: string, indeling: Kernindeling): Promise<void> {
    const [wijken, buurten] = await Promise.all([
      this.prisma.wijk.findMany({ where: { gemeenteId, code: { in: indeling.wijken } } }),
      this.prisma.buurt.findMany({
        where: { wijk: { gemeenteId }, code: { in: indeling.buurten } },
      }),
    ]);
    const onbekend = [
      ...indeling.wijken.filter((c) => !wijken.some((w) => w.code === c)),
      ...indeling.buurten.filter((c) => !buurten.some((b) => b.code === c)),
    ];
    if (onbekend.length > 0)
      throw new Probleem(
        400,
        'De kern verwijst naar onbekende gebieden.',
        `Deze codes horen niet bij uw gemeente: ${onbekend.join(', ')}.`,
      );
    await this.prisma.$transaction(async (tx) => {
      const kern = await tx.kern.upsert({
        where: { gemeenteId_naam: { gemeenteId, naam } },
        create: { gemeenteId, naam },
        update: {},
      });
      await tx.kernOnderdeel.deleteMany({ where: { kernId: kern.id } });
      await tx.kernOnderdeel.createMany({
        data: [
          ...wijken.map((w) => ({ kernId: kern.id, wijkId: w.id })),
          ...buurten.map((b) => ({ kernId: kern.id, buurtId: b.id })),
          ...indeling.postcodes.map((p) => ({ kernId: kern.id, postcode4: p })),
        ],
      });
    });
  }
}
