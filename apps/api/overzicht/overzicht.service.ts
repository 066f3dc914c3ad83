import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../../../prisma/database.js';
import { GEEN_GEBIED, type Gebiedrij, perGebied, trend } from '../../../prisma/maandcijfers.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';
import { meldingScope } from '../meldingen/werkvoorraadfilter.js';

export interface Cijfers {
  signalen: number;
  meldingen: number;
  enkelvoudig: number;
  meervoudig: number;
  opeenvolgend: number;
}

export interface Overzichtcijfers {
  maand: string;
  perWijk: ({ code: string | null; naam: string } & Cijfers)[];
  perKern: ({ naam: string } & Cijfers)[];
  totaal: Cijfers;
  trend: { maand: string; signalen: number; meldingen: number }[];
}

type Rij = Gebiedrij;
const GEEN = GEEN_GEBIED;
const nul = (): Cijfers => ({
  signalen: 0,
  meldingen: 0,
  enkelvoudig: 0,
  meervoudig: 0,
  opeenvolgend: 0,
});

export { volgendeMaand } from '../../../domain/rapportage.js';

/**
 * A gemeente's month in figures, for the overview screen: signals by their
 * signaaldatum, meldingen by the day they opened (in Amsterdam), per wijk and
 * kern. A melding belongs to the wijk and kern of its first signal. Aggregates
 * only; raw SQL, scoped by the same rule as the tenant-scoped client.
 */
@Injectable()
export class OverzichtService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
  ) {}

  async cijfers(maand: string): Promise<Overzichtcijfers> {
    const scope = meldingScope();
    const [wijkrijen, kernrijen, wijken, kernen, maandtrend] = await Promise.all([
      perGebied(this.prisma, scope, maand, 'wijkId'),
      perGebied(this.prisma, scope, maand, 'kernId'),
      this.db.wijk.findMany({
        where: scope.wijkIds.length ? { id: { in: scope.wijkIds } } : {},
        select: { id: true, code: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
      this.db.kern.findMany({ select: { id: true, naam: true }, orderBy: { naam: 'asc' } }),
      trend(this.prisma, scope, maand),
    ]);
    const cijfers = (r: Rij | undefined): Cijfers => ({
      signalen: r?.signalen ?? 0,
      meldingen: r?.meldingen ?? 0,
      enkelvoudig: r?.enkelvoudig ?? 0,
      meervoudig: r?.meervoudig ?? 0,
      opeenvolgend: r?.opeenvolgend ?? 0,
    });
    const wijkPerId = new Map(wijkrijen.map((r) => [r.gebied, r]));
    const kernPerId = new Map(kernrijen.map((r) => [r.gebied, r]));
    const zonderWijk = wijkPerId.get(GEEN);
    const zonderKern = kernPerId.get(GEEN);
    const totaal = wijkrijen.reduce((som, r) => {
      for (const k of Object.keys(som) as (keyof Cijfers)[]) som[k] += r[k];
      return som;
    }, nul());
    return {
      maand,
      perWijk: [
        ...wijken.map((w) => ({ code: w.code, naam: w.naam, ...cijfers(wijkPerId.get(w.id)) })),
        ...(zonderWijk ? [{ code: null, naam: 'Zonder wijk', ...cijfers(zonderWijk) }] : []),
      ],
      perKern: [
        ...kernen.map((k) => ({ naam: k.naam, ...cijfers(kernPerId.get(k.id)) })),
        ...(zonderKern && kernen.length
          ? [{ naam: 'Buiten een kern', ...cijfers(zonderKern) }]
          : []),
      ],
      totaal,
      trend: maandtrend,
    };
  }
}
