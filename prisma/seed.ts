import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import { maakPrismaClient, type PrismaClient } from './database.js';
import { DEMO_DDAS_CLIENT } from './demo/ddas.js';
import { DEMO_GEMEENTEN, DEMO_ROUTERINGSJAAR } from './demo/gebieden.js';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD, demoGebruikers } from './demo/organisaties.js';
import { importeerRouteringstabel } from './routeringstabel.js';

// Each demo gemeente's main colour; white text on it has at least 4.5:1 contrast.
const DEMO_HUISSTIJL: Record<string, string> = {
  utrecht: '#b3151c',
  zwolle: '#00589c',
  sudwestfryslan: '#1f6b3a',
};

const KOPPELING_START = new Date('2024-01-01');
const GRONDSLAG = 'Wgs art. 3 en Besluit gemeentelijke schuldhulpverlening';
// The CSV is not compiled, so find it from the source tree whether this runs from dist/ or not.
const hier = path.dirname(fileURLToPath(import.meta.url));
const prismaMap = hier.includes(`${path.sep}dist${path.sep}`)
  ? path.resolve(hier, '../../prisma')
  : hier;
export const DEMO_ROUTERINGSBESTAND = path.join(
  prismaMap,
  `demo/pc6hnr${DEMO_ROUTERINGSJAAR}0801_gwb.csv`,
);

/**
 * Seeds the demo world. Idempotent: every record is upserted on its natural
 * key, so running it on every `npm start` keeps what users changed.
 */
export async function seedDemo(
  prisma: PrismaClient,
  databaseUrl: string,
  routeringsbestand = DEMO_ROUTERINGSBESTAND,
): Promise<void> {
  const gemeenteIds = new Map<string, string>();
  for (const g of DEMO_GEMEENTEN) {
    // Invented contact details, so the demo's letters say how to reach the gemeente.
    const contact = {
      telefoon: g.telefoon,
      email: `geldzorgen@${g.slug}.demo`,
      website: `www.${g.slug}.demo/geldzorgen`,
      postadres: `Postbus 1, ${g.naam}`,
    };
    const gemeente = await prisma.gemeente.upsert({
      where: { code: g.code },
      // A huisstijl colour only when created: a demo beheerder may change it.
      create: {
        code: g.code,
        naam: g.naam,
        ...contact,
        huisstijlKleur: DEMO_HUISSTIJL[g.slug] ?? null,
      },
      update: contact,
    });
    gemeenteIds.set(g.slug, gemeente.id);
    const wijkIds = new Map<string, string>();
    for (const w of g.wijken) {
      const wijk = await prisma.wijk.upsert({
        where: { code: w.code },
        create: { code: w.code, naam: w.naam, gemeenteId: gemeente.id },
        update: {},
      });
      wijkIds.set(w.code, wijk.id);
      for (const b of w.buurten) {
        await prisma.buurt.upsert({
          where: { code: b.code },
          create: { code: b.code, naam: b.naam, wijkId: wijk.id },
          update: {},
        });
      }
    }
    for (const k of g.kernen) {
      const bestaand = await prisma.kern.findUnique({
        where: { gemeenteId_naam: { gemeenteId: gemeente.id, naam: k.naam } },
      });
      if (bestaand) continue;
      await prisma.kern.create({
        data: {
          gemeenteId: gemeente.id,
          naam: k.naam,
          onderdelen: { create: k.wijkcodes.map((code) => ({ wijkId: wijkIds.get(code)! })) },
        },
      });
    }
  }

  const partnerIds = new Map<string, string>();
  for (const p of DEMO_SIGNAALPARTNERS) {
    const partner = await prisma.signaalpartner.upsert({
      where: { naam: p.naam },
      create: { naam: p.naam, type: p.type },
      update: {},
    });
    partnerIds.set(p.naam, partner.id);
    const sleutelHash = createHash('sha256').update(p.apiSleutel).digest('hex');
    await prisma.apiSleutel.upsert({
      where: { sleutelHash },
      create: { sleutelHash, signaalpartnerId: partner.id, omschrijving: 'Demosleutel' },
      update: {},
    });
    for (const slug of p.gemeenten) {
      const gemeenteId = gemeenteIds.get(slug)!;
      await prisma.koppeling.upsert({
        where: { signaalpartnerId_gemeenteId: { signaalpartnerId: partner.id, gemeenteId } },
        create: {
          signaalpartnerId: partner.id,
          gemeenteId,
          grondslag: GRONDSLAG,
          startdatum: KOPPELING_START,
        },
        update: {},
      });
    }
  }

  const wachtwoordHash = await hash(DEMO_WACHTWOORD, { algorithm: 2 });
  for (const u of demoGebruikers(DEMO_GEMEENTEN)) {
    await prisma.gebruiker.upsert({
      where: { email: u.email },
      create: {
        email: u.email,
        naam: u.naam,
        rol: u.rol,
        wachtwoordHash,
        gemeenteId: u.gemeente ? gemeenteIds.get(u.gemeente)! : null,
        signaalpartnerId: u.signaalpartner ? partnerIds.get(u.signaalpartner)! : null,
        organisatie: u.organisatie ?? null,
        wijkIds: u.wijkcodes
          ? (
              await prisma.wijk.findMany({
                where: { code: { in: u.wijkcodes } },
                select: { id: true },
              })
            ).map((w) => w.id)
          : [],
      },
      update: {},
    });
  }

  await prisma.ddasClient.upsert({
    where: { clientId: DEMO_DDAS_CLIENT.clientId },
    create: {
      clientId: DEMO_DDAS_CLIENT.clientId,
      naam: DEMO_DDAS_CLIENT.naam,
      secretHash: createHash('sha256').update(DEMO_DDAS_CLIENT.clientSecret).digest('hex'),
      gemeenteIds: [...gemeenteIds.values()],
    },
    update: {},
  });

  const tabel = await prisma.routeringstabel.findUnique({ where: { jaar: DEMO_ROUTERINGSJAAR } });
  if (!tabel)
    await importeerRouteringstabel(
      databaseUrl,
      path.basename(routeringsbestand),
      createReadStream(routeringsbestand),
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is niet gezet');
  const prisma = maakPrismaClient(url);
  try {
    await seedDemo(prisma, url);
  } finally {
    await prisma.$disconnect();
  }
}
