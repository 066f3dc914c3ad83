import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduleNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { RapportageActiviteitenImpl } from '../activities/rapportage.activities.js';
import { rapportageHtml } from '../activities/rapportage-bestanden.js';
import {
  verwijderRapportageschema,
  zorgVoorRapportageschemas,
} from '../apps/shared/rapportageschema.js';
import { classificeerMelding } from '../domain/matching.js';
import {
  KERNCIJFERS,
  type Maandcijfers,
  maandVan,
  teRapporterenMaand,
} from '../domain/rapportage.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import type { Prisma } from '../prisma/database.js';
import { maandrapportageScheduleId, maandrapportageWorkflowId } from '../workflows/contracts.js';
import { startPostbus } from './hulp/post-en-pdf.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';
import { wachtTot } from './hulp/omgeving.js';
import { exporteerHistorie, historieAlsTekst } from './hulp/historie.js';

// The monthly report end to end: a hand-built month in which every figure is
// known in advance (and recounted by independent SQL), the .xlsx read back by
// exceljs and by LibreOffice, the PDF's text, the Schedule that comes and
// goes with a gemeente, a run through the API that mails the recipient, and
// the tenant boundary on every endpoint. Gemeenten 9911–9919 are this file's.

const A = { code: '9911', naam: 'Rapportstad' };
const B = { code: '9912', naam: 'Overdorp' };
const NIEUW = { code: '9913', naam: 'Nieuwkerk' };
const MAAND = '2026-10';
const ACHTERNAAM = 'Rapportagejansen';
const ONTVANGER = 'rapport@rapportstad.test';
const uitvoeren = promisify(execFile);

// What the hand-built data below must give for gemeente A, in October 2026.
const VERWACHT_OKTOBER = {
  maand: MAAND,
  signalen: 6,
  perSignaalpartnerType: { HUUR: 2, ENERGIE: 2, WATER: 1, ZORG: 1 },
  meldingen: 6,
  uniekeAdressen: 6,
  enkelvoudig: 4,
  meervoudig: 1,
  opeenvolgend: 1,
  opgepakt: 2,
  metContact: 2,
  mediaanDagenTotContactpoging: 2,
  mediaanDagenTotOppakken: 6.5,
  teLaat: 2,
  overgedragen: 1,
  overgenomen: 0,
};

describe('maandrapportage', () => {
  let stack: Teststack;
  let postbus: Awaited<ReturnType<typeof startPostbus>>;
  let activiteiten: RapportageActiviteitenImpl;
  const ids = { a: '', b: '', noord: '', zuid: '', overWijk: '', kern: '' };
  const partner: Record<'HUUR' | 'ENERGIE' | 'WATER' | 'ZORG', { id: string; naam: string }> = {
    HUUR: { id: '', naam: '' },
    ENERGIE: { id: '', naam: '' },
    WATER: { id: '', naam: '' },
    ZORG: { id: '', naam: '' },
  };
  const token = {
    beheerderA: '',
    behandelaarA: '',
    beheerderB: '',
    behandelaarB: '',
    operator: '',
    portaal: '',
  };
  let rapportageId = '';
  let mail: ParsedMail | undefined;
  let volgnummer = 0;

  beforeAll(async () => {
    postbus = await startPostbus();
    stack = await startStack({ SMTP_URL: postbus.url });
    const { prisma } = stack;
    activiteiten = new RapportageActiviteitenImpl(
      prisma,
      { drukAf: () => Promise.resolve(Buffer.alloc(0)) },
      { verstuur: () => Promise.resolve() },
    );
    ids.a = (await prisma.gemeente.create({ data: A })).id;
    ids.b = (await prisma.gemeente.create({ data: B })).id;
    ids.noord = (
      await prisma.wijk.create({ data: { code: '991101', naam: 'Noord', gemeenteId: ids.a } })
    ).id;
    ids.zuid = (
      await prisma.wijk.create({ data: { code: '991102', naam: 'Zuid', gemeenteId: ids.a } })
    ).id;
    ids.overWijk = (
      await prisma.wijk.create({ data: { code: '991201', naam: 'Dorp', gemeenteId: ids.b } })
    ).id;
    ids.kern = (await prisma.kern.create({ data: { naam: 'Rapkerk', gemeenteId: ids.a } })).id;
    for (const type of Object.keys(partner) as (keyof typeof partner)[]) {
      const p = await prisma.signaalpartner.findFirstOrThrow({ where: { type } });
      partner[type] = { id: p.id, naam: p.naam };
    }
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    const gebruiker = async (
      email: string,
      rol: 'GEMEENTEBEHEERDER' | 'BEHANDELAAR',
      g: string,
    ) => {
      await prisma.gebruiker.create({
        data: { email, naam: email, rol, gemeenteId: g, wachtwoordHash },
      });
      return logIn(stack.basis, email, DEMO_WACHTWOORD);
    };
    token.beheerderA = await gebruiker('beheerder@rapportstad.test', 'GEMEENTEBEHEERDER', ids.a);
    token.behandelaarA = await gebruiker('behandelaar@rapportstad.test', 'BEHANDELAAR', ids.a);
    token.beheerderB = await gebruiker('beheerder@overdorp.test', 'GEMEENTEBEHEERDER', ids.b);
    token.behandelaarB = await gebruiker('behandelaar@overdorp.test', 'BEHANDELAAR', ids.b);
    token.operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
    await bouwMaand();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await postbus?.stop();
  });

  const d = (iso: string) => new Date(iso);

  async function signaal(s: {
    type: keyof typeof partner;
    datum: string;
    gemeente?: string;
    wijk: string | null;
    kern?: string | null;
    status?: Prisma.SignaalCreateInput['signaalstatus'];
    melding: string;
    persoon?: boolean;
  }) {
    const { prisma } = stack;
    const rij = await prisma.signaal.create({
      data: {
        signaalpartnerId: partner[s.type].id,
        referentie: `rapportage-${++volgnummer}`,
        signaaldatum: d(s.datum),
        ontstaansdatum: d('2026-01-01'),
        bedragInCenten: 12_345,
        routeringsstatus: 'GEROUTEERD',
        gemeenteId: s.gemeente ?? ids.a,
        wijkId: s.wijk,
        kernId: s.kern ?? null,
        signaalstatus: s.status ?? 'NOG_NIET_OPGEPAKT',
        meldingId: s.melding,
        ...(s.persoon
          ? {
              persoonsgegevens: {
                create: {
                  achternaam: ACHTERNAAM,
                  geboortedatum: d('1980-01-01'),
                  postcode: '9911AA',
                  huisnummer: 1,
                  woonplaats: A.naam,
                  adressleutel: 'a1',
                },
              },
            }
          : {}),
      },
    });
    return rij;
  }

  async function melding(m: {
    adres: string;
    geopendOp: string;
    gemeente?: string;
    matchtype?: 'ENKELVOUDIG' | 'MEERVOUDIG' | 'OPEENVOLGEND';
    extra?: Partial<Prisma.MeldingUncheckedCreateInput>;
  }) {
    return stack.prisma.melding.create({
      data: {
        gemeenteId: m.gemeente ?? ids.a,
        adressleutel: m.adres,
        geopendOp: d(m.geopendOp),
        matchtype: m.matchtype ?? 'ENKELVOUDIG',
        ...m.extra,
      },
    });
  }

  /**
   * Gemeente A's October 2026, with what makes it hard: a melding opened at
   * 23:30 on 31 October (Amsterdam) that counts, one opened at 00:30 on 1
   * November that does not (both 31 October in UTC), an address with
   * signals 5 months apart (opeenvolgend) and one 7 months apart (not), a
   * signal transferred to gemeente B, a deadline missed in October on a
   * melding from May, and the months compared with.
   */
  async function bouwMaand() {
    const { prisma } = stack;
    const contact = (meldingId: string, datum: string, bereikt: boolean) =>
      prisma.contactpoging.create({
        data: { meldingId, soort: bereikt ? 'TELEFOON' : 'BRIEF', bereikt, datum: d(datum) },
      });

    // M1: picked up after 3 days, reached on the second attempt, closed.
    const m1 = await melding({
      adres: 'a1',
      geopendOp: '2026-10-05T08:00:00Z',
      extra: {
        status: 'AFGESLOTEN',
        opgepaktOp: d('2026-10-08T10:00:00Z'),
        afgeslotenOp: d('2026-10-20T10:00:00Z'),
        resultaat: 'BUDGETADVIES_OF_QUICK_FIX',
      },
    });
    await signaal({
      type: 'HUUR',
      datum: '2026-10-04',
      wijk: ids.noord,
      kern: ids.kern,
      status: 'OPGEPAKT',
      melding: m1.id,
      persoon: true,
    });
    await contact(m1.id, '2026-10-06', false);
    await contact(m1.id, '2026-10-09', true);

    // M2: two creditors in one month (meervoudig), deadline missed on 25 October.
    const m2 = await melding({
      adres: 'a2',
      geopendOp: '2026-10-10T09:00:00Z',
      matchtype: 'MEERVOUDIG',
      extra: {
        status: 'IN_BEHANDELING',
        opgepaktOp: d('2026-10-20T12:00:00Z'),
        termijnOverschredenOp: d('2026-10-25T07:00:00Z'),
      },
    });
    await signaal({
      type: 'ENERGIE',
      datum: '2026-10-09',
      wijk: ids.zuid,
      status: 'OPGEPAKT',
      melding: m2.id,
    });
    await signaal({
      type: 'WATER',
      datum: '2026-10-20',
      wijk: ids.zuid,
      status: 'OPGEPAKT',
      melding: m2.id,
    });
    await contact(m2.id, '2026-10-12', false);

    // a3: May and October, 5 months apart. The May melding's deadline passed in October.
    const m3oud = await melding({
      adres: 'a3',
      geopendOp: '2026-05-12T08:00:00Z',
      extra: {
        status: 'AFGESLOTEN',
        resultaat: 'NIET_OPGEPAKT_ANDERE_REDEN',
        termijnOverschredenOp: d('2026-10-03T08:00:00Z'),
        afgeslotenOp: d('2026-10-10T08:00:00Z'),
      },
    });
    const mei = await signaal({
      type: 'ZORG',
      datum: '2026-05-11',
      wijk: ids.zuid,
      status: 'NIET_OPGEPAKT_ANDERE_REDEN',
      melding: m3oud.id,
    });
    const okt3 = { id: 'okt3', signaaldatum: d('2026-10-14') };
    const match3 = classificeerMelding([okt3], [okt3, mei]);
    expect(match3).toBe('OPEENVOLGEND');
    const m3 = await melding({ adres: 'a3', geopendOp: '2026-10-15T10:00:00Z', matchtype: match3 });
    await signaal({
      type: 'ZORG',
      datum: '2026-10-14',
      wijk: ids.noord,
      kern: ids.kern,
      melding: m3.id,
    });

    // a4: March and October, 7 months apart: not opeenvolgend.
    const m4oud = await melding({
      adres: 'a4',
      geopendOp: '2026-03-03T08:00:00Z',
      extra: { status: 'AFGESLOTEN', resultaat: 'INWONER_HEEFT_ZELF_BETAALD' },
    });
    const maart = await signaal({
      type: 'HUUR',
      datum: '2026-03-02',
      wijk: ids.zuid,
      status: 'OPGEPAKT',
      melding: m4oud.id,
    });
    const okt4 = { id: 'okt4', signaaldatum: d('2026-10-21') };
    const match4 = classificeerMelding([okt4], [okt4, maart]);
    expect(match4).toBe('ENKELVOUDIG');
    const m4 = await melding({
      adres: 'a4',
      geopendOp: '2026-10-22T08:00:00Z',
      matchtype: match4,
      extra: { status: 'AFGESLOTEN', resultaat: 'NIET_OPGEPAKT_HERHAALDE_MELDING' },
    });
    await signaal({
      type: 'HUUR',
      datum: '2026-10-21',
      wijk: ids.zuid,
      status: 'NIET_OPGEPAKT_HERHAALDE_MELDING',
      melding: m4.id,
    });

    // M5: 31 October 23:30 in Amsterdam (22:30 UTC): October. Reached on 2 November.
    const m5 = await melding({ adres: 'a5', geopendOp: '2026-10-31T22:30:00Z' });
    await signaal({
      type: 'ENERGIE',
      datum: '2026-10-31',
      wijk: ids.noord,
      kern: ids.kern,
      melding: m5.id,
    });
    await contact(m5.id, '2026-11-02', true);

    // M6: 1 November 00:30 in Amsterdam, still 31 October in UTC: November.
    const m6 = await melding({ adres: 'a6', geopendOp: '2026-10-31T23:30:00Z' });
    await signaal({ type: 'WATER', datum: '2026-11-01', wijk: ids.zuid, melding: m6.id });

    // M7: its only signal moved to gemeente B on 16 October.
    const m7 = await melding({
      adres: 'a7',
      geopendOp: '2026-10-07T09:00:00Z',
      extra: {
        status: 'AFGESLOTEN',
        resultaat: 'GEEN_INWONER_GEMEENTE',
        afgeslotenOp: d('2026-10-16T10:00:00Z'),
      },
    });
    const m7b = await melding({ adres: 'b7', gemeente: ids.b, geopendOp: '2026-10-16T10:00:00Z' });
    const verhuisd = await signaal({
      type: 'HUUR',
      datum: '2026-10-06',
      gemeente: ids.b,
      wijk: ids.overWijk,
      melding: m7b.id,
    });
    await prisma.signaaloverdracht.create({
      data: {
        signaalId: verhuisd.id,
        vanGemeenteId: ids.a,
        vanMeldingId: m7.id,
        naarGemeenteId: ids.b,
        op: d('2026-10-16T10:00:00Z'),
      },
    });

    // September: 30 September 23:30 in Amsterdam (summer time, 21:30 UTC).
    const m8 = await melding({ adres: 'a8', geopendOp: '2026-09-30T21:30:00Z' });
    await signaal({ type: 'WATER', datum: '2026-09-30', wijk: ids.zuid, melding: m8.id });

    // October a year earlier.
    const m9 = await melding({
      adres: 'a9',
      geopendOp: '2025-10-14T08:00:00Z',
      extra: {
        status: 'AFGESLOTEN',
        opgepaktOp: d('2025-10-16T08:00:00Z'),
        resultaat: 'INWONER_REGELT_HET_ZELF',
      },
    });
    await signaal({
      type: 'HUUR',
      datum: '2025-10-13',
      wijk: ids.noord,
      status: 'OPGEPAKT',
      melding: m9.id,
    });
    await contact(m9.id, '2025-10-15', true);
  }

  /**
   * The figures recounted by plain SQL of the test's own, written from the
   * definitions and not from the activity's queries: local month by to_char
   * in Amsterdam, medians by hand.
   */
  async function onafhankelijk(gemeenteId: string, maand: string) {
    const { prisma } = stack;
    const een = async (sql: string) =>
      Number((await prisma.$queryRawUnsafe<{ n: unknown }[]>(sql, gemeenteId, maand))[0]!.n);
    const lokaal = (kolom: string) =>
      `to_char(${kolom} AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')`;
    const vanMaand = `FROM "Melding" m WHERE m."gemeenteId" = $1::uuid AND ${lokaal('m."geopendOp"')} = $2`;
    const mediaan = async (sql: string) => {
      const dagen = (await prisma.$queryRawUnsafe<{ n: number }[]>(sql, gemeenteId, maand))
        .map((r) => Number(r.n))
        .sort((x, y) => x - y);
      if (!dagen.length) return null;
      const h = Math.floor(dagen.length / 2);
      return dagen.length % 2 ? dagen[h]! : (dagen[h - 1]! + dagen[h]!) / 2;
    };
    const perType = await prisma.$queryRawUnsafe<{ t: string; n: number }[]>(
      `SELECT p."type"::text AS t, count(*)::int AS n FROM "Signaal" s JOIN "Signaalpartner" p ON p.id = s."signaalpartnerId"
       WHERE s."gemeenteId" = $1::uuid AND to_char(s."signaaldatum", 'YYYY-MM') = $2 GROUP BY 1`,
      gemeenteId,
      maand,
    );
    return {
      maand,
      signalen: await een(
        `SELECT count(*) AS n FROM "Signaal" s WHERE s."gemeenteId" = $1::uuid AND to_char(s."signaaldatum", 'YYYY-MM') = $2`,
      ),
      perSignaalpartnerType: Object.fromEntries(perType.map((r) => [r.t, r.n])),
      meldingen: await een(`SELECT count(*) AS n ${vanMaand}`),
      uniekeAdressen: await een(`SELECT count(DISTINCT m.adressleutel) AS n ${vanMaand}`),
      enkelvoudig: await een(`SELECT count(*) AS n ${vanMaand} AND m.matchtype = 'ENKELVOUDIG'`),
      meervoudig: await een(`SELECT count(*) AS n ${vanMaand} AND m.matchtype = 'MEERVOUDIG'`),
      opeenvolgend: await een(`SELECT count(*) AS n ${vanMaand} AND m.matchtype = 'OPEENVOLGEND'`),
      opgepakt: await een(`SELECT count(*) AS n ${vanMaand} AND m."opgepaktOp" IS NOT NULL`),
      metContact: await een(
        `SELECT count(*) AS n ${vanMaand} AND m.id IN (SELECT "meldingId" FROM "Contactpoging" WHERE bereikt)`,
      ),
      mediaanDagenTotContactpoging: await mediaan(
        `SELECT (SELECT min(c.datum) FROM "Contactpoging" c WHERE c."meldingId" = m.id)
           - date(m."geopendOp" AT TIME ZONE 'Europe/Amsterdam') AS n
         ${vanMaand} AND EXISTS (SELECT 1 FROM "Contactpoging" c WHERE c."meldingId" = m.id)`,
      ),
      mediaanDagenTotOppakken: await mediaan(
        `SELECT date(m."opgepaktOp" AT TIME ZONE 'Europe/Amsterdam') - date(m."geopendOp" AT TIME ZONE 'Europe/Amsterdam') AS n
         ${vanMaand} AND m."opgepaktOp" IS NOT NULL`,
      ),
      teLaat: await een(
        `SELECT count(*) AS n FROM "Melding" m WHERE m."gemeenteId" = $1::uuid AND ${lokaal('m."termijnOverschredenOp"')} = $2`,
      ),
      overgedragen: await een(
        `SELECT count(*) AS n FROM "Signaaloverdracht" o WHERE o."vanGemeenteId" = $1::uuid AND ${lokaal('o.op')} = $2`,
      ),
      overgenomen: await een(
        `SELECT count(*) AS n FROM "Signaaloverdracht" o WHERE o."naarGemeenteId" = $1::uuid AND ${lokaal('o.op')} = $2`,
      ),
    };
  }

  const zonderNullen = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0));

  function kern(m: Maandcijfers) {
    return {
      maand: m.maand,
      signalen: m.signalen,
      perSignaalpartnerType: zonderNullen(m.perSignaalpartnerType),
      meldingen: m.meldingen,
      uniekeAdressen: m.uniekeAdressen,
      enkelvoudig: m.enkelvoudig,
      meervoudig: m.meervoudig,
      opeenvolgend: m.opeenvolgend,
      opgepakt: m.opgepakt,
      metContact: m.metContact,
      mediaanDagenTotContactpoging: m.mediaanDagenTotContactpoging,
      mediaanDagenTotOppakken: m.mediaanDagenTotOppakken,
      teLaat: m.teLaat,
      overgedragen: m.overgedragen,
      overgenomen: m.overgenomen,
    };
  }

  it('counts the hand-built month exactly, and independent SQL agrees on every figure', async () => {
    const c = await activiteiten.rapportagecijfers({ id: ids.a, ...A }, MAAND);
    expect(kern(c.huidig)).toEqual(VERWACHT_OKTOBER);
    expect(kern(c.huidig)).toEqual(await onafhankelijk(ids.a, MAAND));
    expect(c.huidig.perSignaalpartner).toEqual(
      [
        { naam: partner.HUUR.naam, type: 'HUUR', signalen: 2 },
        { naam: partner.ENERGIE.naam, type: 'ENERGIE', signalen: 2 },
        { naam: partner.WATER.naam, type: 'WATER', signalen: 1 },
        { naam: partner.ZORG.naam, type: 'ZORG', signalen: 1 },
      ].sort((x, y) => (x.naam < y.naam ? -1 : 1)),
    );
    // M7 lost its only signal to B, so it has no wijk left.
    expect(c.huidig.perWijk).toEqual([
      { code: '991101', naam: 'Noord', signalen: 3, meldingen: 3 },
      { code: '991102', naam: 'Zuid', signalen: 3, meldingen: 2 },
      { code: null, naam: 'Zonder wijk', signalen: 0, meldingen: 1 },
    ]);
    expect(c.huidig.perKern).toEqual([
      { naam: 'Rapkerk', signalen: 3, meldingen: 3 },
      { code: null, naam: 'Buiten een kern', signalen: 3, meldingen: 3 },
    ]);
    expect(zonderNullen(c.huidig.perSignaalstatus)).toEqual({
      OPGEPAKT: 3,
      NOG_NIET_OPGEPAKT: 2,
      NIET_OPGEPAKT_HERHAALDE_MELDING: 1,
    });
    expect(zonderNullen(c.huidig.perResultaat)).toEqual({
      BUDGETADVIES_OF_QUICK_FIX: 1,
      NIET_OPGEPAKT_HERHAALDE_MELDING: 1,
      GEEN_INWONER_GEMEENTE: 1,
    });
    // The same figures for the months compared with.
    expect(kern(c.vorigeMaand)).toEqual(await onafhankelijk(ids.a, '2026-09'));
    expect(kern(c.vorigeMaand)).toMatchObject({ signalen: 1, meldingen: 1, enkelvoudig: 1 });
    expect(kern(c.vorigJaar)).toEqual(await onafhankelijk(ids.a, '2025-10'));
    expect(kern(c.vorigJaar)).toMatchObject({
      signalen: 1,
      meldingen: 1,
      opgepakt: 1,
      metContact: 1,
      mediaanDagenTotContactpoging: 1,
      mediaanDagenTotOppakken: 2,
    });
    expect(c.trend).toHaveLength(12);
    expect(c.trend[0]).toEqual({ maand: '2025-11', signalen: 0, meldingen: 0 });
    expect(c.trend.filter((t) => t.signalen || t.meldingen)).toEqual([
      { maand: '2026-03', signalen: 1, meldingen: 1 },
      { maand: '2026-05', signalen: 1, meldingen: 1 },
      { maand: '2026-09', signalen: 1, meldingen: 1 },
      { maand: '2026-10', signalen: 6, meldingen: 6 },
    ]);
    // B took the transferred signal over: it counts there.
    const b = await activiteiten.rapportagecijfers({ id: ids.b, ...B }, MAAND);
    expect(kern(b.huidig)).toEqual(await onafhankelijk(ids.b, MAAND));
    expect(kern(b.huidig)).toMatchObject({
      signalen: 1,
      meldingen: 1,
      overgenomen: 1,
      overgedragen: 0,
    });
    // November starts with the melding of 00:30 on the 1st.
    expect(
      (await activiteiten.rapportagecijfers({ id: ids.a, ...A }, '2026-11')).huidig,
    ).toMatchObject({
      meldingen: 1,
      signalen: 1,
    });
    expect(JSON.stringify(c)).not.toContain(ACHTERNAAM);
  });

  it('runs through the API, stores both files and mails them to the recipient', async () => {
    const logo =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1a5f8a"/></svg>';
    const patch = await http('PATCH', `${stack.basis}/gemeenten/${A.code}/instellingen`, {
      token: token.beheerderA,
      body: { rapportageOntvangers: [ONTVANGER.toUpperCase(), ONTVANGER], logoSvg: logo },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.rapportageOntvangers).toEqual([ONTVANGER]);
    const fout = await http<{ invalidParams: { name: string }[] }>(
      'PATCH',
      `${stack.basis}/gemeenten/${A.code}/instellingen`,
      { token: token.beheerderA, body: { rapportageOntvangers: ['geen-adres'] } },
    );
    expect(fout.status).toBe(400);

    const start = await http<{ id: string; status: string }>('POST', `${stack.basis}/rapportages`, {
      token: token.beheerderA,
      body: { maand: MAAND },
    });
    expect(start.status).toBe(202);
    expect(start.body.status).toBe('BEZIG');
    rapportageId = start.body.id;
    expect(start.headers.get('location')).toBe(`/v1/rapportages/${rapportageId}`);
    // A second request while the first runs joins it: the same report.
    const nogmaals = await http<{ id: string }>('POST', `${stack.basis}/rapportages`, {
      token: token.beheerderA,
      body: { maand: MAAND },
    });
    expect(nogmaals.body.id).toBe(rapportageId);

    mail = await wachtTot(
      () =>
        Promise.resolve(postbus.post.find((p) => p.to && JSON.stringify(p.to).includes(ONTVANGER))),
      {
        timeoutMs: 90_000,
        wat: 'de e-mail met de rapportage',
      },
    );
    const rapportage = await wachtTot(
      async () => {
        const r = await http<{
          status: string;
          verzondenAan: number;
          cijfers: { huidig: Maandcijfers };
        }>('GET', `${stack.basis}/rapportages/${rapportageId}`, { token: token.behandelaarA });
        return r.body.status === 'KLAAR' && r.body.verzondenAan === 1 ? r.body : undefined;
      },
      { wat: 'rapportage KLAAR' },
    );
    expect(kern(rapportage.cijfers.huidig)).toEqual(VERWACHT_OKTOBER);
    expect(mail.subject).toBe('Maandrapportage vroegsignalering Rapportstad oktober 2026');
    expect(mail.attachments.map((b) => [b.filename, b.contentType])).toEqual([
      ['maandrapportage-9911-2026-10.pdf', 'application/pdf'],
      [
        'maandrapportage-9911-2026-10.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
    ]);
    const xlsx = await download('xlsx', token.behandelaarA);
    const pdf = await download('pdf', token.behandelaarA);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('maandrapportage-9911-2026-10.xlsx');
    expect(Buffer.compare(mail.attachments[1]!.content, xlsx.inhoud)).toBe(0);
    expect(Buffer.compare(mail.attachments[0]!.content, pdf.inhoud)).toBe(0);

    const lijst = await http<{
      rapportages: { id: string; maand: string; status: string }[];
      totaal: number;
    }>('GET', `${stack.basis}/rapportages?pagina=1&paginagrootte=10`, {
      token: token.behandelaarA,
    });
    expect(lijst.status).toBe(200);
    expect(lijst.body.totaal).toBe(1);
    expect(lijst.body.rapportages[0]).toMatchObject({
      id: rapportageId,
      maand: MAAND,
      status: 'KLAAR',
    });

    // A re-run replaces the same report and mails it again.
    const eerste = await stack.prisma.rapportage.findUniqueOrThrow({ where: { id: rapportageId } });
    const opnieuw = await http<{ id: string }>('POST', `${stack.basis}/rapportages`, {
      token: token.operator,
      body: { maand: MAAND, gemeente: A.code },
    });
    expect([opnieuw.status, opnieuw.body.id]).toEqual([202, rapportageId]);
    await wachtTot(
      () =>
        Promise.resolve(
          postbus.post.filter((p) => JSON.stringify(p.to).includes(ONTVANGER)).length === 2,
        ),
      { timeoutMs: 60_000, wat: 'de tweede e-mail' },
    );
    const tweede = await wachtTot(
      async () => {
        const r = await stack.prisma.rapportage.findUniqueOrThrow({ where: { id: rapportageId } });
        return r.status === 'KLAAR' && r.verzondenOp! > eerste.verzondenOp! ? r : undefined;
      },
      { wat: 'de vervangen rapportage' },
    );
    expect(tweede.bijgewerktOp.getTime()).toBeGreaterThan(eerste.bijgewerktOp.getTime());
    expect(await stack.prisma.rapportage.count({ where: { gemeenteId: ids.a } })).toBe(1);

    // The workflow's history holds a code and a month, no recipient and no person.
    const workflowId = maandrapportageWorkflowId(A.code, MAAND);
    await stack.temporal.workflow.getHandle(workflowId).result();
    const historie = historieAlsTekst(workflowId);
    expect(historie).toContain(A.code);
    expect(historie).not.toContain(ONTVANGER);
    expect(historie).not.toContain(ACHTERNAAM);
    neemHistorieOp('api', workflowId);
  }, 150_000);

  /** With VS_HISTORIES_VASTLEGGEN=1 the history goes to test/histories, for the replay test. */
  function neemHistorieOp(naam: string, workflowId: string) {
    if (process.env.VS_HISTORIES_VASTLEGGEN !== '1') return;
    writeFileSync(
      `test/histories/maandrapportageWorkflow-${naam}.json`,
      exporteerHistorie(workflowId),
    );
  }

  async function download(soort: 'xlsx' | 'pdf', t: string, id = rapportageId) {
    const antwoord = await fetch(`${stack.basis}/rapportages/${id}/${soort}`, {
      headers: { authorization: `Bearer ${t}` },
    });
    return {
      status: antwoord.status,
      headers: antwoord.headers,
      inhoud: Buffer.from(await antwoord.arrayBuffer()),
    };
  }

  it('writes an .xlsx that exceljs and LibreOffice read with the same values', async () => {
    const { inhoud } = await download('xlsx', token.beheerderA);
    const werkboek = new ExcelJS.Workbook();
    await werkboek.xlsx.load(inhoud as unknown as ArrayBuffer);
    const samenvatting = werkboek.getWorksheet('Samenvatting')!;
    expect(werkboek.worksheets.map((w) => w.name)).toEqual([
      'Samenvatting',
      'Signaalpartnertype',
      'Signaalpartner',
      'Wijk signalen',
      'Wijk meldingen',
      'Kern signalen',
      'Kern meldingen',
      'Signaalstatus',
      'Resultaat',
      'Trend',
      'Toelichting',
    ]);
    for (const ws of werkboek.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(14);
    }
    expect(samenvatting.getRow(1).values).toEqual([
      undefined,
      'Cijfer',
      'oktober 2026',
      'september 2026',
      'oktober 2025',
    ]);
    const perLabel = new Map<string, unknown[]>();
    samenvatting.eachRow((rij, n) => {
      if (n > 1)
        perLabel.set(
          rij.getCell(1).text,
          [2, 3, 4].map((i) => rij.getCell(i).value),
        );
    });
    expect(perLabel.get('Signalen ontvangen')).toEqual([6, 1, 1]);
    expect(perLabel.get('Meldingen gevormd')).toEqual([6, 1, 1]);
    expect(perLabel.get('Meldingen opeenvolgend')).toEqual([1, 0, 0]);
    expect(perLabel.get('Meldingen met contact (inwoner bereikt)')).toEqual([2, 0, 1]);
    // No pickup in September: an empty cell, not 0 days.
    expect(perLabel.get('Mediaan dagen melding tot oppakken')).toEqual([6.5, null, 2]);
    expect(perLabel.get('Meldingen over de termijn')).toEqual([2, 0, 0]);
    expect(perLabel.size).toBe(KERNCIJFERS.length);
    const wijk = werkboek.getWorksheet('Wijk signalen')!;
    expect(wijk.getRow(2).values).toEqual([undefined, 'Noord (991101)', 3, 0, 1]);
    const trend = werkboek.getWorksheet('Trend')!;
    expect(trend.getCell('A13').value).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(trend.getCell('B13').value).toBe(6);

    // LibreOffice: every sheet to CSV, as shown, then the same values.
    const map = await mkdtemp(path.join(tmpdir(), 'rapportage-lo-'));
    try {
      const bestand = path.join(map, 'rapport.xlsx');
      await writeFile(bestand, inhoud);
      await uitvoeren(
        process.env.LIBREOFFICE_PAD ?? 'libreoffice',
        [
          `-env:UserInstallation=file://${map}/profiel`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
          '--outdir',
          map,
          bestand,
        ],
        { timeout: 120_000 },
      );
      const csvs = (await readdir(map)).filter((f) => f.endsWith('.csv'));
      expect(csvs).toHaveLength(werkboek.worksheets.length);
      const lees = async (blad: string) =>
        (await readFile(path.join(map, `rapport-${blad}.csv`), 'utf8'))
          .trim()
          .split(/\r?\n/)
          .map((r) => r.split(',').map((c) => c.replace(/^"|"$/g, '')));
      for (const ws of werkboek.worksheets.filter((w) => w.name !== 'Toelichting')) {
        const lo = await lees(ws.name);
        ws.eachRow((rij, n) => {
          const verwacht = [1, 2, 3, 4].slice(0, ws.columnCount).map((i) => {
            const cel = rij.getCell(i);
            const w = cel.value;
            if (w instanceof Date) return w.toISOString().slice(0, 7);
            if (typeof w === 'number') return cel.numFmt === '0.0' ? w.toFixed(1) : String(w);
            return cel.text;
          });
          expect([ws.name, n, lo[n - 1]]).toEqual([ws.name, n, verwacht]);
        });
      }
    } finally {
      await rm(map, { recursive: true, force: true });
    }
  }, 150_000);

  it('prints a PDF with the figures, the charts and the gemeente, without personal data', async () => {
    const { inhoud, headers } = await download('pdf', token.beheerderA);
    expect(headers.get('content-type')).toBe('application/pdf');
    const document = await getDocument({ data: new Uint8Array(inhoud) }).promise;
    let tekst = '';
    for (let p = 1; p <= document.numPages; p++) {
      const { items } = await (await document.getPage(p)).getTextContent();
      tekst += items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
    }
    const plat = tekst.replace(/\s+/g, ' ');
    expect(plat).toContain('Maandrapportage vroegsignalering');
    expect(plat).toContain('Gemeente Rapportstad · oktober 2026');
    expect(plat).toMatch(/Signalen ontvangen 6 1 1 \+5/);
    expect(plat).toMatch(/Meldingen opeenvolgend 1 0 0 \+1/);
    expect(plat).toMatch(/Mediaan dagen melding tot oppakken 6,5 – 2 –/);
    expect(plat).toContain('Signalen per soort signaalpartner');
    expect(plat).toContain('Signalen per wijk');
    expect(plat).toContain('Trend over 12 maanden');
    expect(plat).toMatch(/Noord \(991101\) 3 0 1/);
    expect(plat).not.toContain(ACHTERNAAM);
    // The logo is in the page the PDF was printed from.
    const c = (await stack.prisma.rapportage.findUniqueOrThrow({ where: { id: rapportageId } }))
      .cijfers as never;
    expect(rapportageHtml(c, '<svg xmlns="http://www.w3.org/2000/svg"/>')).toContain(
      'src="data:image/svg+xml;base64,',
    );
  });

  it('keeps every report endpoint inside its gemeente', async () => {
    // B's staff: A's report is as absent as one that does not exist.
    const lijstB = await http<{ totaal: number }>('GET', `${stack.basis}/rapportages`, {
      token: token.behandelaarB,
    });
    expect(lijstB.status).toBe(200);
    expect(lijstB.body.totaal).toBe(0);
    expect(
      (
        await http('GET', `${stack.basis}/rapportages/${rapportageId}`, {
          token: token.behandelaarB,
        })
      ).status,
    ).toBe(404);
    expect((await download('xlsx', token.behandelaarB)).status).toBe(404);
    expect((await download('pdf', token.beheerderB)).status).toBe(404);
    expect(
      (
        await http('POST', `${stack.basis}/rapportages`, {
          token: token.beheerderB,
          body: { maand: MAAND, gemeente: A.code },
        })
      ).status,
    ).toBe(404);
    // A creditor has no business here at all.
    expect((await http('GET', `${stack.basis}/rapportages`, { token: token.portaal })).status).toBe(
      403,
    );
    expect(
      (await http('GET', `${stack.basis}/rapportages/${rapportageId}`, { token: token.portaal }))
        .status,
    ).toBe(403);
    expect((await download('pdf', token.portaal)).status).toBe(403);
    expect((await download('xlsx', token.portaal)).status).toBe(403);
    expect(
      (
        await http('POST', `${stack.basis}/rapportages`, {
          token: token.portaal,
          body: { maand: MAAND },
        })
      ).status,
    ).toBe(403);
    // An external organisation's user is admitted to wijken; the report covers the whole gemeente.
    const { wachtwoordHash } = await stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    await stack.prisma.gebruiker.create({
      data: {
        email: 'extern@rapportstad.test',
        naam: 'Extern',
        rol: 'EXTERN',
        gemeenteId: ids.a,
        wachtwoordHash,
      },
    });
    const extern = await logIn(stack.basis, 'extern@rapportstad.test', DEMO_WACHTWOORD);
    expect((await http('GET', `${stack.basis}/rapportages`, { token: extern })).status).toBe(403);
    expect((await download('pdf', extern)).status).toBe(403);
    expect(
      (await http('GET', `${stack.basis}/rapportages/geen-id`, { token: token.behandelaarA }))
        .status,
    ).toBe(404);
    // A caseworker reads but does not run reports.
    expect(
      (
        await http('POST', `${stack.basis}/rapportages`, {
          token: token.behandelaarA,
          body: { maand: MAAND },
        })
      ).status,
    ).toBe(403);
    // Only past months; the operator names the gemeente.
    for (const maand of ['2026-13', maandVan(new Date()), '2099-01'])
      expect(
        (
          await http('POST', `${stack.basis}/rapportages`, {
            token: token.beheerderA,
            body: { maand },
          })
        ).status,
      ).toBe(400);
    expect(
      (
        await http('POST', `${stack.basis}/rapportages`, {
          token: token.operator,
          body: { maand: MAAND },
        })
      ).status,
    ).toBe(400);
    // The operator sees A's report, and can filter on the gemeente.
    const operator = await http<{ rapportages: { id: string }[] }>(
      'GET',
      `${stack.basis}/rapportages?gemeente=${A.code}`,
      { token: token.operator },
    );
    expect(operator.body.rapportages.map((r) => r.id)).toEqual([rapportageId]);
    expect((await download('pdf', token.operator)).status).toBe(200);
  });

  it('gives a new gemeente its Schedule, which runs the previous month, and removes it with the gemeente', async () => {
    const { temporal } = stack;
    expect(
      (await http('POST', `${stack.basis}/gemeenten`, { token: token.beheerderA, body: NIEUW }))
        .status,
    ).toBe(403);
    expect(
      (await http('POST', `${stack.basis}/gemeenten`, { token: token.portaal, body: NIEUW }))
        .status,
    ).toBe(403);
    expect(
      (
        await http('POST', `${stack.basis}/gemeenten`, {
          token: token.operator,
          body: { code: '99', naam: '' },
        })
      ).status,
    ).toBe(400);
    const nieuw = await http<{ code: string }>('POST', `${stack.basis}/gemeenten`, {
      token: token.operator,
      body: NIEUW,
    });
    expect(nieuw.status).toBe(201);
    expect(
      (await http('POST', `${stack.basis}/gemeenten`, { token: token.operator, body: NIEUW }))
        .status,
    ).toBe(409);

    const handle = temporal.schedule.getHandle(maandrapportageScheduleId(NIEUW.code));
    const beschrijving = await handle.describe();
    expect(beschrijving.spec.timezone).toBe('Europe/Amsterdam');
    expect(beschrijving.spec.calendars).toEqual([
      expect.objectContaining({
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
        hour: [{ start: 6, end: 6, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
      }),
    ]);
    expect(beschrijving.policies.overlap).toBe('BUFFER_ONE');
    expect(beschrijving.policies.catchupWindow).toBe(7 * 86_400_000);
    expect(beschrijving.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'maandrapportageWorkflow',
      args: [{ gemeentecode: NIEUW.code }],
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    });
    const volgende = beschrijving.info.nextActionTimes[0]!;
    const deel = (soort: string) =>
      new Intl.DateTimeFormat('nl-NL', {
        timeZone: 'Europe/Amsterdam',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(volgende)
        .find((p) => p.type === soort)!.value;
    expect(`${deel('day')} ${deel('hour')}:${deel('minute')}`).toBe('1 06:00');
    // The first run is the coming 1st, not a later one.
    expect(volgende.getTime() - Date.now()).toBeLessThan(32 * 86_400_000);

    // What the Schedule starts reports on the month before it was due.
    await handle.trigger();
    const gemaakt = await wachtTot(
      () =>
        stack.prisma.rapportage.findFirst({
          where: { gemeente: { code: NIEUW.code }, status: 'KLAAR', verzondenOp: { not: null } },
          select: { maand: true },
        }),
      { timeoutMs: 60_000, wat: 'de rapportage van het schema' },
    );
    expect(gemaakt.maand).toBe(teRapporterenMaand(new Date()));
    const geplandeRun = (await handle.describe()).info.recentActions.at(-1)!.action.workflow;
    await stack.temporal.workflow.getHandle(geplandeRun.workflowId).result();
    neemHistorieOp('schema', geplandeRun.workflowId);

    // A 1st of the month missed while Temporal was away (replayed here with a
    // backfill of 1 September 06:00 Amsterdam) catches up on the month it was due for.
    await handle.backfill({
      start: new Date('2026-09-01T03:59:00Z'),
      end: new Date('2026-09-01T04:01:00Z'),
    });
    const ingehaald = await wachtTot(
      () =>
        stack.prisma.rapportage.findFirst({
          where: { gemeente: { code: NIEUW.code }, maand: '2026-08', status: 'KLAAR' },
          select: { maand: true, xlsx: true, pdf: true },
        }),
      { timeoutMs: 60_000, wat: 'de ingehaalde rapportage over augustus' },
    );
    expect(ingehaald.xlsx?.length).toBeGreaterThan(0);
    expect(ingehaald.pdf?.length).toBeGreaterThan(0);
    const ingehaaldeRun = (await handle.describe()).info.recentActions.at(-1)!.action.workflow;
    await stack.temporal.workflow.getHandle(ingehaaldeRun.workflowId).result();

    // A gemeente with signals stays; one without goes, with its Schedule.
    const weigering = await fetch(`${stack.basis}/gemeenten/${A.code}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token.operator}` },
    });
    expect(weigering.status).toBe(409);
    expect(weigering.headers.get('content-type')).toContain('application/problem+json');
    expect(((await weigering.json()) as { detail: string }).detail).toContain('signalen');
    expect(
      (await http('DELETE', `${stack.basis}/gemeenten/${NIEUW.code}`, { token: token.beheerderA }))
        .status,
    ).toBe(403);
    expect(
      (await http('DELETE', `${stack.basis}/gemeenten/${NIEUW.code}`, { token: token.portaal }))
        .status,
    ).toBe(403);
    expect(
      (await http('DELETE', `${stack.basis}/gemeenten/${NIEUW.code}`, { token: token.operator }))
        .status,
    ).toBe(204);
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await stack.prisma.gemeente.findUnique({ where: { code: NIEUW.code } })).toBeNull();
    expect(
      (await http('DELETE', `${stack.basis}/gemeenten/${NIEUW.code}`, { token: token.operator }))
        .status,
    ).toBe(404);
  }, 120_000);

  it('reconciles Schedules for gemeenten that existed before them, idempotently', async () => {
    const { temporal, prisma } = stack;
    // The worker did this at start for the demo gemeenten.
    const utrecht = await prisma.gemeente.findFirstOrThrow({ where: { naam: 'Utrecht' } });
    await expect(
      temporal.schedule.getHandle(maandrapportageScheduleId(utrecht.code)).describe(),
    ).resolves.toBeTruthy();
    // Gemeenten made straight in the database after the worker started.
    const codes = ['9914', '9915'];
    for (const code of codes) {
      await prisma.gemeente.create({ data: { code, naam: `Schemastad ${code}` } });
      await verwijderRapportageschema(temporal, code);
    }
    expect(await zorgVoorRapportageschemas(temporal, stack.config.TEMPORAL_TASK_QUEUE, codes)).toBe(
      2,
    );
    expect(await zorgVoorRapportageschemas(temporal, stack.config.TEMPORAL_TASK_QUEUE, codes)).toBe(
      0,
    );
    for (const code of codes) await verwijderRapportageschema(temporal, code);
  });
});
