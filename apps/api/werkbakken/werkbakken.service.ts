import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';
import { MeldingenService } from '../meldingen/meldingen.service.js';
import { leesWerkvoorraadquery, meldingenfilter } from '../meldingen/werkvoorraadfilter.js';

/** The work queues every caseworker has; `filter` is the werkvoorraad's query string. */
export const STANDAARDWERKBAKKEN = [
  {
    id: 'nieuw-meervoudig',
    naam: 'Nieuw – meervoudig',
    filter: 'status=OPEN&matchtype=MEERVOUDIG',
  },
  { id: 'mijn-meldingen', naam: 'Mijn meldingen', filter: 'behandelaar=ik' },
  { id: 'te-laat', naam: 'Te laat', filter: 'teLaat=true' },
  { id: 'crisis', naam: 'Crisis', filter: 'crisis=true' },
  { id: 'nieuw', naam: 'Nieuw', filter: 'status=OPEN' },
] as const;

export interface Werkbakweergave {
  id: string;
  naam: string;
  filter: string;
  aantal: number;
  eigen: boolean;
}

/** Built-in and saved work queues, each with how many meldingen are in it now. */
@Injectable()
export class WerkbakkenService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(MeldingenService) private readonly meldingen: MeldingenService,
  ) {}

  async lijst(gebruikerId: string): Promise<Werkbakweergave[]> {
    const eigen = await this.prisma.werkbak.findMany({
      where: { gebruikerId },
      orderBy: { naam: 'asc' },
      select: { id: true, naam: true, filter: true },
    });
    const bakken = [
      ...STANDAARDWERKBAKKEN.map((b) => ({ ...b, eigen: false })),
      ...eigen.map((b) => ({ ...b, eigen: true })),
    ];
    // A saved filter was valid when saved; one the schema no longer accepts counts 0.
    const filters = bakken.map((b) => {
      const gelezen = leesWerkvoorraadquery(b.filter);
      return gelezen.success ? meldingenfilter(gelezen.data, gebruikerId) : null;
    });
    const geldig = filters.flatMap((f) => (f ? [f] : []));
    const aantallen = await this.meldingen.tel(geldig);
    let i = 0;
    return bakken.map((b, j) => ({ ...b, aantal: filters[j] ? (aantallen[i++] ?? 0) : 0 }));
  }

  async bewaar(gebruikerId: string, naam: string, filter: string): Promise<Werkbakweergave> {
    try {
      const bak = await this.prisma.werkbak.create({ data: { gebruikerId, naam, filter } });
      const gelezen = leesWerkvoorraadquery(filter);
      const [aantal] = gelezen.success
        ? await this.meldingen.tel([meldingenfilter(gelezen.data, gebruikerId)])
        : [0];
      return { id: bak.id, naam: bak.naam, filter: bak.filter, aantal: aantal ?? 0, eigen: true };
    } catch (fout) {
      if (fout instanceof Prisma.PrismaClientKnownRequestError && fout.code === 'P2002')
        throw new Probleem(
          409,
          'Deze naam bestaat al.',
          `U heeft al een werkbak met de naam "${naam}".`,
        );
      throw fout;
    }
  }

  /** Deletes a saved werkbak of this user; false when there is none by that id. */
  async verwijder(gebruikerId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { count } = await this.prisma.werkbak.deleteMany({ where: { id, gebruikerId } });
    return count === 1;
  }
}
