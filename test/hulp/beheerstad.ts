import { expect } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../../prisma/demo/organisaties.js';
import { wachtTot } from './omgeving.js';
import { eenSignaal } from './signaal-bouwer.js';
import { http, type Teststack } from './stack.js';

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!;

/**
 * A gemeente of the test's own (code 99xx) with two wijken, a beheerder and a
 * behandelaar, and a koppeling with the demo housing corporation, so tests
 * that change users or wijken touch nothing another test relies on.
 */
export async function richtGemeenteIn(stack: Teststack, code: string, naam: string) {
  const { prisma } = stack;
  const gemeente = await prisma.gemeente.upsert({
    where: { code },
    create: { code, naam },
    update: {},
  });
  const wijkA = await prisma.wijk.upsert({
    where: { code: `${code}01` },
    create: { code: `${code}01`, naam: 'Noorderwijk', gemeenteId: gemeente.id },
    update: { naam: 'Noorderwijk' },
  });
  const wijkB = await prisma.wijk.upsert({
    where: { code: `${code}02` },
    create: { code: `${code}02`, naam: 'Zuiderwijk', gemeenteId: gemeente.id },
    update: { naam: 'Zuiderwijk' },
  });
  const jaar = (await prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } })).jaar;
  await prisma.routeringsadres.createMany({
    data: [wijkA, wijkB].flatMap((wijk, i) =>
      Array.from({ length: 300 }, (_, n) => ({
        jaar,
        postcode: `${code}A${'AB'[i]}`,
        huisnummer: n + 1,
        buurtcode: `${wijk.code}01`,
        wijkcode: wijk.code,
        gemeentecode: code,
      })),
    ),
    skipDuplicates: true,
  });
  const partner = await prisma.signaalpartner.findUniqueOrThrow({ where: { naam: HUUR.naam } });
  await prisma.koppeling.upsert({
    where: {
      signaalpartnerId_gemeenteId: { signaalpartnerId: partner.id, gemeenteId: gemeente.id },
    },
    create: {
      signaalpartnerId: partner.id,
      gemeenteId: gemeente.id,
      grondslag: 'Wgs art. 3 (test)',
      startdatum: new Date('2020-01-01'),
    },
    update: {},
  });
  const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
    where: { email: 'behandelaar@zwolle.demo' },
  });
  const slug = naam.toLowerCase();
  for (const [rol, email] of [
    ['GEMEENTEBEHEERDER', `beheerder@${slug}.test`],
    ['BEHANDELAAR', `behandelaar@${slug}.test`],
  ] as const)
    await prisma.gebruiker.upsert({
      where: { email },
      create: { email, naam: `${rol} ${naam}`, rol, gemeenteId: gemeente.id, wachtwoordHash },
      update: { actief: true, rol },
    });
  return {
    gemeente,
    wijkA,
    wijkB,
    beheerder: `beheerder@${slug}.test`,
    behandelaar: `behandelaar@${slug}.test`,
    wachtwoord: DEMO_WACHTWOORD,
  };
}

/** A melding at a fresh house number in wijk A or B; returns its id and the surname on it. */
export async function meldingIn(
  stack: Teststack,
  code: string,
  wijk: 'A' | 'B',
): Promise<{ id: string; achternaam: string; huisnummer: number }> {
  const huisnummer = 1 + Math.floor(Math.random() * 300);
  const achternaam = `Wijk${wijk}${Math.random().toString(36).slice(2, 8)}`;
  const signaal = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
    apiSleutel: HUUR.apiSleutel,
    body: eenSignaal({
      persoon: { voorletters: 'T.', achternaam, geboortedatum: '1979-03-21' },
      adres: {
        straat: `${wijk === 'A' ? 'Noord' : 'Zuid'}straat`,
        postcode: `${code}A${wijk === 'A' ? 'A' : 'B'}`,
        huisnummer,
        woonplaats: 'Teststad',
      },
    }),
  });
  expect(signaal.status).toBe(201);
  const id = await wachtTot(
    async () =>
      (await stack.prisma.signaal.findUnique({ where: { id: signaal.body.id } }))?.meldingId,
    { wat: `melding in wijk ${wijk}` },
  );
  return { id, achternaam, huisnummer };
}
