import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { maakWorker, type VroegsignaalWorker } from '../apps/worker/worker.js';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { nederlandseDatum } from '../domain/tijd.js';
import { meldingToestandQuery, meldingWorkflowId } from '../workflows/contracts.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { historieAlsTekst } from './hulp/historie.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// Matching per household on the real stack: signals for one address from
// several creditors, arriving at once and processed by two workers, end up in
// one melding with the national monitor's classification.

const SLEUTELS = ['HUUR', 'ENERGIE', 'WATER', 'ZORG'].map(
  (type) => DEMO_SIGNAALPARTNERS.find((p) => p.type === type)!.apiSleutel,
);

/** `maandenTerug` months before November 2026, on the 10th. */
function datum(maandenTerug: number): string {
  const d = new Date(Date.UTC(2026, 10 - maandenTerug, 10));
  return d.toISOString().slice(0, 10);
}

describe('meldingen per household', () => {
  let stack: Teststack;
  let tweedeWorker: VroegsignaalWorker;
  let tweedeDraait: Promise<void>;
  // House numbers outside the routing sample fall back to the postcode's
  // gemeente, and are new for every run, since tests share one database.
  const basis = 1_000 + Math.floor(Math.random() * 80_000);

  beforeAll(async () => {
    stack = await startStack();
    tweedeWorker = await maakWorker(stack.config);
    tweedeDraait = tweedeWorker.run();
  });
  afterAll(async () => {
    tweedeWorker.shutdown();
    await tweedeDraait;
    await tweedeWorker.sluit();
    await stack.stop();
  });

  it('forms exactly one melding per address from 50 concurrent signals, classified per address', async () => {
    // Per address five signals: the same month (meervoudig), one every two
    // months (opeenvolgend), or seven months apart (enkelvoudig).
    const verwacht = new Map<number, string>();
    const signalen = Array.from({ length: 10 }, (_, adres) => {
      const [soort, maanden] =
        adres < 4
          ? ['MEERVOUDIG', [0, 0, 0, 0, 0]]
          : adres < 7
            ? ['OPEENVOLGEND', [0, 2, 4, 6, 8]]
            : ['ENKELVOUDIG', [0, 7, 14, 21, 28]];
      verwacht.set(basis + adres, soort);
      return maanden.map((terug, i) =>
        eenSignaal({
          signaaldatum: datum(terug),
          ontstaansdatum: datum(terug + 1),
          adres: {
            postcode: adres % 2 ? '8011AA' : '3531AB',
            huisnummer: basis + adres,
            woonplaats: adres % 2 ? 'Zwolle' : 'Utrecht',
          },
          persoon: { achternaam: `Huishouden${adres}`, geboortedatum: '1975-03-0' + (i + 1) },
        }),
      );
    }).flat();

    const antwoorden = await Promise.all(
      signalen.map((signaal, i) =>
        http<{ id: string }>('POST', `${stack.basis}/signalen`, {
          body: signaal,
          apiSleutel: SLEUTELS[i % SLEUTELS.length],
        }),
      ),
    );
    expect(antwoorden.map((a) => a.status)).toEqual(signalen.map(() => 201));
    const ids = antwoorden.map((a) => a.body.id);

    const gekoppeld = await wachtTot(
      async () => {
        const rijen = await stack.prisma.signaal.findMany({
          where: { id: { in: ids } },
          select: {
            meldingId: true,
            persoonsgegevens: { select: { huisnummer: true } },
          },
        });
        return rijen.every((r) => r.meldingId) && rijen;
      },
      { wat: 'alle signalen in een melding', timeoutMs: 90_000 },
    );

    const perAdres = new Map<number, Set<string>>();
    for (const rij of gekoppeld) {
      const adres = rij.persoonsgegevens!.huisnummer;
      perAdres.set(adres, (perAdres.get(adres) ?? new Set()).add(rij.meldingId!));
    }
    expect([...perAdres.values()].map((m) => m.size)).toEqual(Array(10).fill(1));
    const meldingIds = [...perAdres.values()].map((m) => [...m][0]!);
    expect(new Set(meldingIds).size).toBe(10);

    const meldingen = await stack.prisma.melding.findMany({
      where: { id: { in: meldingIds } },
      include: { signalen: { select: { id: true } }, gemeente: { select: { code: true } } },
    });
    for (const melding of meldingen) {
      const adres = [...perAdres].find(([, m]) => m.has(melding.id))![0];
      expect({ adres, matchtype: melding.matchtype, signalen: melding.signalen.length }).toEqual({
        adres,
        matchtype: verwacht.get(adres),
        signalen: 5,
      });
      expect(melding.gemeente.code).toBe((adres - basis) % 2 ? '0193' : '0344');
      expect(melding.status).toBe('OPEN');
    }

    // Each melding's workflow got all five signals and agrees with the database.
    for (const melding of meldingen) {
      const toestand = await wachtTot(
        async () => {
          const t = await stack.temporal.workflow
            .getHandle(meldingWorkflowId(melding.id))
            .query(meldingToestandQuery);
          return t.signalen.length === 5 && t;
        },
        { wat: `vijf signalen in ${melding.id}` },
      );
      expect(toestand).toEqual({
        status: 'OPEN',
        behandelaarId: null,
        contactGelegd: false,
        persoonlijkContact: false,
        opgepakt: false,
        matchtype: melding.matchtype,
        signalen: expect.arrayContaining(melding.signalen.map((s) => s.id)),
      });
    }
  });

  describe('caseworker actions, as Updates on the melding workflow', () => {
    interface Melding {
      id: string;
      status: string;
      resultaat: string | null;
      behandelaar: { id: string; naam: string } | null;
      signalen: { id: string; signaalstatus: string }[];
      contactpogingen: {
        soort: string;
        bereikt: boolean;
        datum: string;
        dagdeel: string | null;
        toelichting: string | null;
      }[];
      notities: { tekst: string }[];
      tijdlijn: { soort: string; door: { naam: string } | null }[];
      huishouden: { adres: { postcode: string; huisnummer: number } };
    }
    const token: Record<string, string> = {};
    const vandaag = nederlandseDatum(new Date());
    let adres = basis + 500;

    /** A fresh household in Zwolle with one signal; returns its melding's id. */
    async function nieuweMelding(): Promise<string> {
      adres++;
      const { body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
        body: eenSignaal({
          adres: { postcode: '8011AA', huisnummer: adres, woonplaats: 'Zwolle' },
        }),
        apiSleutel: SLEUTELS[0],
      });
      const signaal = await wachtTot(
        () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
        { wat: 'melding gevormd' },
      );
      // The outreach's first letter goes out at once; let it, so the timeline is predictable.
      await wachtTot(
        () =>
          stack.prisma.meldinggebeurtenis.findFirst({
            where: { meldingId: signaal.meldingId!, soort: 'brief' },
          }),
        { wat: 'eerste brief', timeoutMs: 60_000 },
      );
      return signaal.meldingId!;
    }
    const actie = (wie: string, id: string, pad: string, body?: unknown) =>
      http<Melding & { detail?: string; invalidParams?: { name: string }[] }>(
        'POST',
        `${stack.basis}/meldingen/${id}/${pad}`,
        {
          token: token[wie],
          body: body ?? {},
        },
      );

    beforeAll(async () => {
      for (const [wie, email] of [
        ['behandelaar', 'behandelaar@zwolle.demo'],
        ['teamleider', 'teamleider@zwolle.demo'],
        ['utrecht', 'behandelaar@utrecht.demo'],
      ] as const)
        token[wie] = await logIn(stack.basis, email, DEMO_WACHTWOORD);
    });

    it('takes a melding from pick-up through contact and a note to closure, refusing what is not allowed', async () => {
      const id = await nieuweMelding();

      const teVroeg = await actie('behandelaar', id, 'afsluiting', {
        resultaat: 'BUDGETADVIES_OF_QUICK_FIX',
      });
      expect(teVroeg.status).toBe(409);
      expect(teVroeg.body.detail).toBe(
        'Pak de melding eerst op, of leg vast dat ze niet wordt opgepakt en waarom.',
      );
      const zonderResultaat = await actie('behandelaar', id, 'afsluiting', {});
      expect(zonderResultaat.status).toBe(400);
      expect(zonderResultaat.body.invalidParams?.map((p) => p.name)).toEqual(['resultaat']);

      const opgepakt = await actie('behandelaar', id, 'oppakken');
      expect(opgepakt.status).toBe(200);
      expect(opgepakt.body.status).toBe('IN_BEHANDELING');
      expect(opgepakt.body.behandelaar?.naam).toBeTruthy();
      expect(opgepakt.body.signalen.map((s) => s.signaalstatus)).toEqual(['Opgepakt']);

      const toekomst = await actie('behandelaar', id, 'contactpogingen', {
        soort: 'TELEFOON',
        bereikt: true,
        datum: '2099-01-01',
      });
      expect(toekomst.status).toBe(400);
      const contact = await actie('behandelaar', id, 'contactpogingen', {
        soort: 'TELEFOON',
        bereikt: true,
        datum: vandaag,
        dagdeel: 'OCHTEND',
        toelichting: 'Mevrouw gesproken; afspraak gemaakt voor een huisbezoek.',
      });
      expect(contact.status).toBe(200);
      expect(contact.body.contactpogingen.filter((c) => c.soort === 'Telefoon')).toEqual([
        {
          soort: 'Telefoon',
          bereikt: true,
          datum: vandaag,
          dagdeel: 'Ochtend',
          toelichting: 'Mevrouw gesproken; afspraak gemaakt voor een huisbezoek.',
          id: expect.any(String),
          door: expect.objectContaining({ naam: expect.any(String) }),
          vastgelegdOp: expect.any(String),
        },
      ]);
      const notitie = await actie('behandelaar', id, 'notities', {
        tekst: 'Schuldhulp Zwolle ingeschakeld.',
      });
      expect(notitie.body.notities.map((n) => n.tekst)).toEqual([
        'Schuldhulp Zwolle ingeschakeld.',
      ]);

      const nietOpgepakt = await actie('behandelaar', id, 'niet-opgepakt', {
        reden: 'NIET_OPGEPAKT_ANDERE_REDEN',
      });
      expect(nietOpgepakt.status).toBe(409);
      expect(nietOpgepakt.body.detail).toBe(
        'Deze melding is al opgepakt. Sluit haar af met een resultaat.',
      );

      const collega = await stack.prisma.gebruiker.findUniqueOrThrow({
        where: { email: 'behandelaar@zwolle.demo' },
      });
      const teamleiderId = (
        await stack.prisma.gebruiker.findUniqueOrThrow({
          where: { email: 'teamleider@zwolle.demo' },
        })
      ).id;
      expect(
        (await actie('behandelaar', id, 'oppakken', { behandelaarId: teamleiderId })).status,
      ).toBe(403);
      const toegewezen = await actie('teamleider', id, 'oppakken', { behandelaarId: collega.id });
      expect(toegewezen.body.behandelaar?.id).toBe(collega.id);

      const gesloten = await actie('behandelaar', id, 'afsluiting', {
        resultaat: 'VERVOLGHULP_OF_VERWIJZING_FINANCIEEL',
      });
      expect(gesloten.status).toBe(200);
      expect(gesloten.body).toMatchObject({
        status: 'AFGESLOTEN',
        resultaat: 'Vervolghulp en/of verwijzing financieel',
      });
      const naSluiten = await actie('behandelaar', id, 'contactpogingen', {
        soort: 'MAIL',
        bereikt: false,
        datum: vandaag,
      });
      expect(naSluiten.status).toBe(409);
      expect(naSluiten.body.detail).toBe(
        'Op een afgesloten melding kunt u geen contactpoging vastleggen.',
      );

      // The API's view and the workflow agree; the workflow now keeps the
      // retention clock until the personal data goes.
      const handle = stack.temporal.workflow.getHandle(meldingWorkflowId(id));
      expect(await handle.query(meldingToestandQuery)).toMatchObject({
        status: 'AFGESLOTEN',
        contactGelegd: true,
        behandelaarId: collega.id,
      });
      const { body: detail } = await http<Melding>('GET', `${stack.basis}/meldingen/${id}`, {
        token: token.teamleider,
      });
      expect(detail.tijdlijn.map((g) => g.soort)).toEqual([
        'geopend',
        'signaal_toegevoegd',
        'brief',
        'oppakken',
        'contactpoging',
        'notitie',
        'oppakken',
        'afsluiten',
      ]);
      // The letter is the system's; every caseworker step names who did it.
      expect(detail.tijdlijn.slice(3).every((g) => g.door?.naam)).toBe(true);

      // Free text goes to PostgreSQL only, never into the workflow's history.
      const historie = historieAlsTekst(meldingWorkflowId(id));
      expect(historie).not.toContain('Mevrouw gesproken');
      expect(historie).not.toContain('Schuldhulp Zwolle');
      expect(historie).toContain('VERVOLGHULP_OF_VERWIJZING_FINANCIEEL');
    });

    it('closes a melding that is not picked up with the DDAS reason, and a new signal opens a new melding', async () => {
      const id = await nieuweMelding();
      const gesloten = await actie('behandelaar', id, 'niet-opgepakt', {
        reden: 'NIET_OPGEPAKT_HERHAALDE_MELDING',
      });
      expect(gesloten.body).toMatchObject({
        status: 'AFGESLOTEN',
        resultaat: 'Niet opgepakt: herhaalde melding',
      });
      expect(gesloten.body.signalen.map((s) => s.signaalstatus)).toEqual([
        'Niet opgepakt: herhaalde melding',
      ]);
      expect((await actie('behandelaar', id, 'oppakken')).status).toBe(409);

      const opnieuw = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
        body: eenSignaal({
          adres: { postcode: '8011AA', huisnummer: adres, woonplaats: 'Zwolle' },
        }),
        apiSleutel: SLEUTELS[1],
      });
      const signaal = await wachtTot(
        () =>
          stack.prisma.signaal.findFirst({
            where: { id: opnieuw.body.id, meldingId: { not: null } },
          }),
        { wat: 'nieuwe melding' },
      );
      expect(signaal.meldingId).not.toBe(id);
      // Same month as the closed melding's signal, at the same address.
      expect(
        (await stack.prisma.melding.findUniqueOrThrow({ where: { id: signaal.meldingId! } }))
          .matchtype,
      ).toBe('MEERVOUDIG');
    });

    it('keeps each gemeente to its own meldingen on every melding endpoint', async () => {
      const id = await nieuweMelding();
      expect(
        (await http('GET', `${stack.basis}/meldingen/${id}`, { token: token.utrecht })).status,
      ).toBe(404);
      for (const [pad, body] of [
        ['oppakken', {}],
        ['contactpogingen', { soort: 'TELEFOON', bereikt: false, datum: vandaag }],
        ['notities', { tekst: 'x' }],
        ['niet-opgepakt', { reden: 'NIET_OPGEPAKT_ANDERE_REDEN' }],
        ['afsluiting', { resultaat: 'DEFINITIEF_GEEN_CONTACT' }],
      ] as const)
        expect([pad, (await actie('utrecht', id, pad, body)).status]).toEqual([pad, 404]);
      const lijst = await http<{ meldingen: { id: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?paginagrootte=100&status=OPEN`,
        { token: token.utrecht },
      );
      expect(lijst.body.meldingen.some((m) => m.id === id)).toBe(false);
      const eigen = await http<{
        meldingen: { id: string; huishouden: { adres: { huisnummer: number } } }[];
      }>('GET', `${stack.basis}/meldingen?paginagrootte=100&status=OPEN&sortering=-geopendOp`, {
        token: token.behandelaar,
      });
      expect(eigen.body.meldingen.find((m) => m.id === id)?.huishouden.adres.huisnummer).toBe(
        adres,
      );
      const creditor = await http('GET', `${stack.basis}/meldingen`, { apiSleutel: SLEUTELS[0] });
      expect(creditor.status).toBe(403);
      // Nothing happened to it.
      expect((await stack.prisma.melding.findUniqueOrThrow({ where: { id } })).status).toBe('OPEN');
    });
  });
});
