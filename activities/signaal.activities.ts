import { ApplicationFailure } from '@temporalio/common';
import type { Gemeente, PrismaClient, Routeringsadres } from '../prisma/database.js';
import type { Routeringsuitkomst } from '../workflows/contracts.js';

type Adresgebied = Pick<Routeringsadres, 'gemeentecode' | 'wijkcode' | 'buurtcode'>;

interface Routeringswijze {
  handmatig?: boolean;
  gedeeltelijk?: boolean;
}

interface Gebied {
  gemeenteId: string | null;
  wijkId: string | null;
  buurtId: string | null;
  kernId: string | null;
}
// An unroutable signal belongs to no gemeente: only the platform operator sees it.
const GEEN_GEBIED: Gebied = { gemeenteId: null, wijkId: null, buurtId: null, kernId: null };

/**
 * Side effects of the signaalWorkflow. A class over its dependencies, so the
 * worker binds it to a real database and tests can bind it to another.
 */
export class SignaalActiviteitenImpl {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Routes a signal by postcode and huisnummer through the newest CBS routing
   * table to gemeente, wijk, buurt and kern, and records the result. Running it
   * twice gives the same result, so a retried activity is harmless.
   */
  async routeerSignaal(signaalId: string): Promise<Routeringsuitkomst> {
    const signaal = await this.laadSignaal(signaalId);
    const { postcode, huisnummer } = signaal.persoonsgegevens!;
    const { jaar, adres, gedeeltelijk } = await this.zoekAdres(postcode, huisnummer);
    const gemeente = adres
      ? await this.prisma.gemeente.findUnique({ where: { code: adres.gemeentecode } })
      : null;
    if (!adres || !gemeente) {
      return this.legVast(signaalId, jaar, {
        routeringsstatus: 'ONBEKEND_ADRES',
        gemeentecode: adres?.gemeentecode ?? null,
        wijkcode: null,
        buurtcode: null,
      });
    }
    const koppeling = await this.prisma.koppeling.findFirst({
      where: {
        signaalpartnerId: signaal.signaalpartnerId,
        gemeenteId: gemeente.id,
        startdatum: { lte: signaal.signaaldatum },
        OR: [{ einddatum: null }, { einddatum: { gte: signaal.signaaldatum } }],
      },
    });
    if (!koppeling) {
      // Without a legal basis the gemeente may not receive the signal at all.
      return this.legVast(signaalId, jaar, {
        routeringsstatus: 'GEEN_KOPPELING',
        gemeentecode: gemeente.code,
        wijkcode: null,
        buurtcode: null,
      });
    }
    return this.routeerNaar(signaalId, jaar, gemeente, adres, postcode, { gedeeltelijk });
  }

  /**
   * Routes a held signal to the gemeente the platform operator chose. Wijk,
   * buurt and kern follow from the address when the table places it in that
   * gemeente; otherwise the signal belongs to the gemeente as a whole.
   */
  async routeerHandmatig(signaalId: string, gemeentecode: string): Promise<Routeringsuitkomst> {
    const signaal = await this.laadSignaal(signaalId);
    const gemeente = await this.prisma.gemeente.findUnique({ where: { code: gemeentecode } });
    if (!gemeente)
      throw ApplicationFailure.nonRetryable(
        `Gemeente ${gemeentecode} gebruikt Vroegsignaal niet.`,
        'OnbekendeGemeente',
      );
    const { postcode, huisnummer } = signaal.persoonsgegevens!;
    const { jaar, adres } = await this.zoekAdres(postcode, huisnummer);
    return this.routeerNaar(
      signaalId,
      jaar,
      gemeente,
      adres?.gemeentecode === gemeente.code ? adres : null,
      postcode,
      { handmatig: true },
    );
  }

  private async laadSignaal(signaalId: string) {
    const signaal = await this.prisma.signaal.findUnique({
      where: { id: signaalId },
      select: {
        signaalpartnerId: true,
        signaaldatum: true,
        persoonsgegevens: { select: { postcode: true, huisnummer: true } },
      },
    });
    if (!signaal?.persoonsgegevens) {
      throw ApplicationFailure.nonRetryable(
        `Signaal ${signaalId} of zijn adres bestaat niet (meer)`,
        'SignaalNietGevonden',
      );
    }
    return signaal;
  }

  /**
   * The address in the newest routing table. A house number the table does not
   * know (new construction, a typo) falls back to where most of the postcode
   * lies, and says so.
   */
  private async zoekAdres(
    postcode: string,
    huisnummer: number,
  ): Promise<{ jaar: number | null; adres: Adresgebied | null; gedeeltelijk: boolean }> {
    const tabel = await this.prisma.routeringstabel.findFirst({ orderBy: { jaar: 'desc' } });
    if (!tabel) return { jaar: null, adres: null, gedeeltelijk: false };
    const adres = await this.prisma.routeringsadres.findUnique({
      where: { jaar_postcode_huisnummer: { jaar: tabel.jaar, postcode, huisnummer } },
    });
    if (adres) return { jaar: tabel.jaar, adres, gedeeltelijk: false };
    const [dominant] = await this.prisma.routeringsadres.groupBy({
      by: ['gemeentecode', 'wijkcode', 'buurtcode'],
      where: { jaar: tabel.jaar, postcode },
      _count: { huisnummer: true },
      orderBy: [{ _count: { huisnummer: 'desc' } }, { buurtcode: 'asc' }],
      take: 1,
    });
    return { jaar: tabel.jaar, adres: dominant ?? null, gedeeltelijk: dominant !== undefined };
  }

  private async routeerNaar(
    signaalId: string,
    jaar: number | null,
    gemeente: Gemeente,
    adres: Adresgebied | null,
    postcode: string,
    wijze: Routeringswijze = {},
  ): Promise<Routeringsuitkomst> {
    const wijk = adres
      ? await this.prisma.wijk.findFirst({
          where: { code: adres.wijkcode, gemeenteId: gemeente.id },
        })
      : null;
    const buurt = adres
      ? await this.prisma.buurt.findFirst({
          where: { code: adres.buurtcode, wijk: { gemeenteId: gemeente.id } },
        })
      : null;
    const kernOnderdeel = await this.prisma.kernOnderdeel.findFirst({
      where: {
        kern: { gemeenteId: gemeente.id },
        OR: [
          ...(wijk ? [{ wijkId: wijk.id }] : []),
          ...(buurt ? [{ buurtId: buurt.id }] : []),
          { postcode4: postcode.slice(0, 4) },
        ],
      },
      orderBy: { id: 'asc' },
    });
    return this.legVast(
      signaalId,
      jaar,
      {
        routeringsstatus: 'GEROUTEERD',
        gemeentecode: gemeente.code,
        wijkcode: wijk?.code ?? null,
        buurtcode: buurt?.code ?? null,
      },
      {
        gemeenteId: gemeente.id,
        wijkId: wijk?.id ?? null,
        buurtId: buurt?.id ?? null,
        kernId: kernOnderdeel?.kernId ?? null,
      },
      wijze,
    );
  }

  private async legVast(
    signaalId: string,
    routeringsjaar: number | null,
    uitkomst: Routeringsuitkomst,
    gebied: Gebied = GEEN_GEBIED,
    wijze: Routeringswijze = {},
  ): Promise<Routeringsuitkomst> {
    await this.prisma.signaal.update({
      where: { id: signaalId },
      data: {
        routeringsstatus: uitkomst.routeringsstatus,
        routeringsjaar,
        ...gebied,
        gerouteerdOp: new Date(),
        handmatigGerouteerd: wijze.handmatig ?? false,
        gedeeltelijkeMatch: wijze.gedeeltelijk ?? false,
      },
    });
    return uitkomst;
  }
}

/** The activity functions as the workflow sees them (by `import type`). */
export type SignaalActiviteiten = Pick<
  SignaalActiviteitenImpl,
  'routeerSignaal' | 'routeerHandmatig'
>;
