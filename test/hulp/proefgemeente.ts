import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../../prisma/demo/organisaties.js';
import type { Prisma, Rol } from '../../prisma/database.js';
import type { Uitnodigingsstap } from '../../domain/uitnodiging.js';
import { logIn, type Teststack } from './stack.js';

// A gemeente of a test's own, so its meldingen, counts and settings stay out
// of other tests' way in the shared database: its own postcode, wijken and
// users, and the demo creditors coupled to it.

/** Outreach the moment a melding opens: a letter and an e-mail. */
export const METEEN_BRIEF_EN_EMAIL: Uitnodigingsstap[] = [
  { na: '0s', soort: 'BRIEF', sjabloon: 'uitnodiging' },
  { na: '0s', soort: 'EMAIL', sjabloon: 'uitnodiging' },
];

/** Outreach a month away: meldingen wait quietly, so a test sees intake alone. */
export const EEN_MAAND_STIL: Uitnodigingsstap[] = [
  { na: '30 days', soort: 'BRIEF', sjabloon: 'uitnodiging' },
];

export interface Proefwijk {
  code: string;
  naam: string;
  /** House numbers of the gemeente's postcode that lie in this wijk. */
  huisnummers: [van: number, tot: number];
}

export interface Proefgemeente {
  id: string;
  code: string;
  postcode: string;
  wijken: (Proefwijk & { id: string })[];
  /** Creates a user of this gemeente with the demo password and returns a session token. */
  gebruiker(
    email: string,
    rol: Rol,
    extra?: Partial<Prisma.GebruikerUncheckedCreateInput>,
  ): Promise<string>;
}

export async function richtProefgemeenteIn(
  stack: Pick<Teststack, 'prisma' | 'basis'>,
  {
    code,
    naam,
    wijken,
    instellingen = {},
    uitnodigingsreeks,
  }: {
    code: string;
    naam: string;
    wijken: Proefwijk[];
    instellingen?: Prisma.GemeenteUpdateInput;
    /**
     * Becomes the gemeente's current series: a version after any it has, as
     * a shared database may keep the gemeente from a run before.
     */
    uitnodigingsreeks?: Uitnodigingsstap[];
  },
): Promise<Proefgemeente> {
  const { prisma } = stack;
  const postcode = `${code}AA`;
  const gemeente = await prisma.gemeente.upsert({
    where: { code },
    create: { code, naam },
    update: {},
  });
  await prisma.gemeente.update({ where: { id: gemeente.id }, data: instellingen });
  if (uitnodigingsreeks)
    await prisma.uitnodigingsreeks.create({
      data: {
        gemeenteId: gemeente.id,
        versie: 1 + (await prisma.uitnodigingsreeks.count({ where: { gemeenteId: gemeente.id } })),
        stappen: uitnodigingsreeks as unknown as Prisma.InputJsonValue,
      },
    });
  const jaar = (await prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } })).jaar;
  const metId = [];
  for (const wijk of wijken) {
    const rij = await prisma.wijk.upsert({
      where: { code: wijk.code },
      create: { code: wijk.code, naam: wijk.naam, gemeenteId: gemeente.id },
      update: {},
    });
    await prisma.buurt.upsert({
      where: { code: `${wijk.code}01` },
      create: { code: `${wijk.code}01`, naam: `${wijk.naam} Centrum`, wijkId: rij.id },
      update: {},
    });
    const [van, tot] = wijk.huisnummers;
    await prisma.routeringsadres.createMany({
      data: Array.from({ length: tot - van + 1 }, (_, i) => ({
        jaar,
        postcode,
        huisnummer: van + i,
        buurtcode: `${wijk.code}01`,
        wijkcode: wijk.code,
        gemeentecode: code,
      })),
      skipDuplicates: true,
    });
    metId.push({ ...wijk, id: rij.id });
  }
  for (const partner of DEMO_SIGNAALPARTNERS) {
    const { id } = await prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: partner.naam },
    });
    await prisma.koppeling.upsert({
      where: { signaalpartnerId_gemeenteId: { signaalpartnerId: id, gemeenteId: gemeente.id } },
      create: {
        signaalpartnerId: id,
        gemeenteId: gemeente.id,
        grondslag: 'Wgs art. 3 (test)',
        startdatum: new Date('2020-01-01'),
      },
      update: {},
    });
  }
  const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
    where: { email: 'behandelaar@zwolle.demo' },
  });
  return {
    id: gemeente.id,
    code,
    postcode,
    wijken: metId,
    async gebruiker(email, rol, extra = {}) {
      await prisma.gebruiker.upsert({
        where: { email },
        create: {
          email,
          naam: email.split('@')[0]!,
          rol,
          gemeenteId: gemeente.id,
          wachtwoordHash,
          ...extra,
        },
        update: {},
      });
      return logIn(stack.basis, email, DEMO_WACHTWOORD);
    },
  };
}
