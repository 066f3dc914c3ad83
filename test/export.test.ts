import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The management export and the werkvoorraad download seen from outside: what
// a gemeente's beheerder gets over a date range, in .xlsx and .csv, checked
// against independent SQL counts; formula injection, retention, the audit
// log, tenant isolation and the Dutch errors. Two gemeenten of this test's
// own (9921 and 9922), filled straight into the read model so every figure
// is known.

const A = { code: '9921', naam: 'Exportstad' };
const B = { code: '9922', naam: 'Anderstad' };
const VAN = '2026-10-01';
const TOT = '2026-10-31';

/** Every way a cell can start a formula, each in one signal's surname. */
const FORMULES = [
  '=HYPERLINK("http://kwaad.example","klik")',
  '+31 6 1234 5678',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
];

type Rijen = Record<string, unknown>[];

describe('exports: the management export and the werkvoorraad download', () => {
  let stack: Teststack;
  const token = {
    beheerder: '',
    teamleider: '',
    behandelaar: '',
    extern: '',
    beheerderB: '',
    portaal: '',
  };
  const id = { a: '', b: '' };
  const meldingIds: Record<string, string> = {};
  const referenties: Record<string, string> = {};

  const download = async (pad: string, wie: keyof typeof token = 'beheerder') => {
    const antwoord = await fetch(`${stack.basis}${pad}`, {
      headers: { authorization: `Bearer ${token[wie]}` },
    });
    return { antwoord, bytes: Buffer.from(await antwoord.arrayBuffer()) };
  };
  const werkmap = async (bytes: Buffer) => {
    const boek = new ExcelJS.Workbook();
    await boek.xlsx.load(bytes as never);
    return boek;
  };
  /** A sheet as objects by header, the way a reader of the file would take it. */
  const blad = (boek: ExcelJS.Workbook, naam: string): Rijen => {
    const sheet = boek.getWorksheet(naam);
    if (!sheet) throw new Error(`blad ${naam} ontbreekt`);
    const koppen = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rijen: Rijen = [];
    sheet.eachRow((rij, nummer) => {
      if (nummer === 1) return;
      rijen.push(Object.fromEntries(koppen.map((k, i) => [k, rij.getCell(i + 1).value ?? null])));
    });
    return rijen;
  };
  const csv = (bytes: Buffer): Rijen => {
    const tekst = bytes.toString('utf8');
    expect(tekst.startsWith('\uFEFF')).toBe(true);
    return parse(tekst.slice(1), { columns: true, delimiter: ';', record_delimiter: '\r\n' });
  };
  const telSql = async (gemeenteId: string) => {
    const [rij] = await stack.prisma.$queryRaw<Record<string, number>[]>`
      SELECT
        (SELECT count(*)::int FROM "Signaal" WHERE "gemeenteId" = ${gemeenteId}::uuid
          AND "routeringsstatus" = 'GEROUTEERD'
          AND "signaaldatum" >= ${VAN}::date AND "signaaldatum" <= ${TOT}::date) AS "signalen",
        (SELECT count(*)::int FROM "Melding" WHERE "gemeenteId" = ${gemeenteId}::uuid
          AND "geopendOp" >= (${VAN}::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND "geopendOp" < ((${TOT}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')) AS "meldingen",
        (SELECT count(*)::int FROM "Contactpoging" c JOIN "Melding" m ON m."id" = c."meldingId"
          WHERE m."gemeenteId" = ${gemeenteId}::uuid
          AND c."datum" >= ${VAN}::date AND c."datum" <= ${TOT}::date) AS "contactpogingen",
        (SELECT count(*)::int FROM "Correspondentie" c JOIN "Melding" m ON m."id" = c."meldingId"
          WHERE m."gemeenteId" = ${gemeenteId}::uuid
          AND c."aangemaaktOp" >= (${VAN}::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND c."aangemaaktOp" < ((${TOT}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')) AS "correspondentie"`;
    return rij!;
  };

  beforeAll(async () => {
    stack = await startStack();
    const { prisma } = stack;
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    const partner = (await prisma.signaalpartner.findFirstOrThrow({ where: { type: 'HUUR' } })).id;
    const gemeente = async ({ code, naam }: typeof A) => {
      const g = await prisma.gemeente.upsert({
        where: { code },
        create: { code, naam },
        update: {},
      });
      const wijk = (w: string) =>
        prisma.wijk.upsert({
          where: { code: `${code}0${w}` },
          create: { code: `${code}0${w}`, naam: `${naam}-${w}`, gemeenteId: g.id },
          update: {},
        });
      return { id: g.id, wijk1: (await wijk('1')).id, wijk2: (await wijk('2')).id };
    };
    const ga = await gemeente(A);
    const gb = await gemeente(B);
    id.a = ga.id;
    id.b = gb.id;
    const gebruiker = async (
      email: string,
      rol: string,
      gemeenteId: string,
      wijkIds: string[] = [],
    ) => {
      await prisma.gebruiker.upsert({
        where: { email },
        create: {
          email,
          naam: `Test ${email}`,
          rol: rol as 'BEHANDELAAR',
          gemeenteId,
          wachtwoordHash,
          wijkIds,
        },
        update: {},
      });
      return logIn(stack.basis, email, DEMO_WACHTWOORD);
    };
    token.beheerder = await gebruiker('beheerder@exportstad.test', 'GEMEENTEBEHEERDER', ga.id);
    token.teamleider = await gebruiker('teamleider@exportstad.test', 'TEAMLEIDER', ga.id);
    token.behandelaar = await gebruiker('behandelaar@exportstad.test', 'BEHANDELAAR', ga.id);
    token.extern = await gebruiker('extern@exportstad.test', 'EXTERN', ga.id, [ga.wijk1]);
    token.beheerderB = await gebruiker('beheerder@anderstad.test', 'GEMEENTEBEHEERDER', gb.id);
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);

    let huisnummer = 0;
    const melding = async (
      sleutel: string,
      g: { id: string },
      geopendOp: string,
      signalen: { datum: string; achternaam: string | null; verwijderdOp?: string; wijk: string }[],
    ) => {
      const adressleutel = `${sleutel}|${++huisnummer}`;
      const m = await prisma.melding.create({
        data: { gemeenteId: g.id, adressleutel, geopendOp: new Date(geopendOp) },
      });
      meldingIds[sleutel] = m.id;
      for (const [i, s] of signalen.entries()) {
        const referentie = `EXP-${sleutel}-${i}-${randomUUID().slice(0, 8)}`;
        referenties[`${sleutel}-${i}`] = referentie;
        await prisma.signaal.create({
          data: {
            signaalpartnerId: partner,
            referentie,
            signaaldatum: new Date(s.datum),
            ontstaansdatum: new Date('2026-06-01'),
            bedragInCenten: 12_345,
            routeringsstatus: 'GEROUTEERD',
            gemeenteId: g.id,
            wijkId: s.wijk,
            meldingId: m.id,
            persoonsgegevensVerwijderdOp: s.verwijderdOp ? new Date(s.verwijderdOp) : null,
            ...(s.achternaam === null
              ? {}
              : {
                  persoonsgegevens: {
                    create: {
                      voorletters: 'E.',
                      achternaam: s.achternaam,
                      geboortedatum: new Date('1980-01-01'),
                      straat: 'Exportlaan',
                      postcode: `${A.code}AA`,
                      huisnummer,
                      woonplaats: 'Exportstad',
                      bsn: '123456782',
                      telefoonnummer: '0612345678',
                      email: 'geheim@example.test',
                      adressleutel,
                    },
                  },
                }),
          },
        });
      }
      return m.id;
    };
    // Amsterdam is UTC+1 at the end of October and UTC+2 at its start.
    await melding('laatsteDag', ga, '2026-10-31T22:30:00Z', [
      { datum: TOT, achternaam: 'Laatstedag', wijk: ga.wijk1 },
    ]);
    await melding('eersteDag', ga, '2026-09-30T22:30:00Z', [
      { datum: VAN, achternaam: 'Eerstedag', wijk: ga.wijk2 },
    ]);
    await melding('naAfloop', ga, '2026-10-31T23:30:00Z', [
      { datum: '2026-11-01', achternaam: 'Novemberman', wijk: ga.wijk1 },
    ]);
    await melding('ervoor', ga, '2026-09-30T21:30:00Z', [
      { datum: '2026-09-30', achternaam: 'Septemberman', wijk: ga.wijk1 },
    ]);
    await melding(
      'formules',
      ga,
      '2026-10-15T10:00:00Z',
      FORMULES.map((achternaam) => ({ datum: '2026-10-15', achternaam, wijk: ga.wijk1 })),
    );
    // Retention: one whose personal data was deleted (the row is gone), and
    // one marked deleted whose row somehow remains; neither name may show.
    await melding('bewaartermijn', ga, '2026-10-10T10:00:00Z', [
      {
        datum: '2026-10-10',
        achternaam: null,
        verwijderdOp: '2026-10-20T10:00:00Z',
        wijk: ga.wijk2,
      },
      {
        datum: '2026-10-11',
        achternaam: 'Vergetenpersoon',
        verwijderdOp: '2026-10-20T10:00:00Z',
        wijk: ga.wijk2,
      },
    ]);
    await melding('elders', gb, '2026-10-15T10:00:00Z', [
      { datum: '2026-10-15', achternaam: 'Andersdan', wijk: gb.wijk1 },
    ]);
    const contact = (sleutel: string, datum: string) =>
      prisma.contactpoging.create({
        data: {
          meldingId: meldingIds[sleutel]!,
          soort: 'TELEFOON',
          bereikt: true,
          datum: new Date(datum),
        },
      });
    await contact('laatsteDag', TOT);
    await contact('naAfloop', '2026-11-01');
    await contact('formules', '2026-10-16');
    await contact('elders', '2026-10-16');
    const brief = (sleutel: string, aangemaaktOp: string) =>
      prisma.correspondentie.create({
        data: {
          meldingId: meldingIds[sleutel]!,
          kanaal: 'BRIEF',
          sjabloon: 'uitnodiging',
          idempotentieSleutel: `export-${sleutel}-${randomUUID()}`,
          status: 'VERZONDEN',
          aangemaaktOp: new Date(aangemaaktOp),
          verzondenOp: new Date(aangemaaktOp),
          onderwerp: 'Wij willen u graag helpen',
          pdf: Buffer.from('%PDF-geheime-brief'),
          tekst: 'Geheime brieftekst',
          ontvanger: 'ontvanger@example.test',
        },
      });
    await brief('laatsteDag', '2026-10-31T22:59:00Z');
    await brief('naAfloop', '2026-10-31T23:01:00Z');
    await brief('elders', '2026-10-15T10:00:00Z');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('exports the range as one workbook with a sheet per kind, agreeing with SQL, and logs it', async () => {
    const voor = new Date();
    const { antwoord, bytes } = await download(`/exports/beheer.xlsx?van=${VAN}&tot=${TOT}`);
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('content-type')).toContain('spreadsheetml');
    expect(antwoord.headers.get('cache-control')).toBe('no-store');
    expect(antwoord.headers.get('content-disposition')).toBe(
      `attachment; filename="vroegsignaal-9921-${VAN}-${TOT}.xlsx"`,
    );
    const boek = await werkmap(bytes);
    expect(boek.worksheets.map((w) => w.name)).toEqual([
      'Signalen',
      'Meldingen',
      'Contactpogingen',
      'Correspondentie',
    ]);
    for (const w of boek.worksheets)
      expect(w.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const signalen = blad(boek, 'Signalen');
    const meldingen = blad(boek, 'Meldingen');
    const contactpogingen = blad(boek, 'Contactpogingen');
    const correspondentie = blad(boek, 'Correspondentie');
    const sql = await telSql(id.a);
    expect({
      signalen: signalen.length,
      meldingen: meldingen.length,
      contactpogingen: contactpogingen.length,
      correspondentie: correspondentie.length,
    }).toEqual(sql);
    // Known in advance: 1 + 1 + 6 + 2 signals, 4 meldingen, two contactpogingen and one letter.
    expect(sql).toEqual({ signalen: 10, meldingen: 4, contactpogingen: 2, correspondentie: 1 });

    // The last day of the range is in, in Amsterdam time; the day after is not.
    const achternamen = signalen.map((s) => s.Achternaam);
    expect(achternamen).toEqual(expect.arrayContaining(['Laatstedag', 'Eerstedag']));
    expect(achternamen).not.toContain('Novemberman');
    expect(achternamen).not.toContain('Septemberman');
    expect(meldingen.map((m) => m['Melding-id']).sort()).toEqual(
      [
        meldingIds.laatsteDag,
        meldingIds.eersteDag,
        meldingIds.formules,
        meldingIds.bewaartermijn,
      ].sort(),
    );
    // In date order: the one on the last day of the range comes last.
    expect(contactpogingen.map((c) => c['Melding-id'])).toEqual([
      meldingIds.formules,
      meldingIds.laatsteDag,
    ]);
    expect(contactpogingen[1]).toMatchObject({
      Soort: 'Telefoon',
      Bereikt: 'Ja',
      Datum: new Date(`${TOT}T00:00:00Z`),
    });
    expect(correspondentie).toEqual([
      expect.objectContaining({
        'Melding-id': meldingIds.laatsteDag,
        Kanaal: 'Brief',
        Status: 'Verzonden',
        Onderwerp: 'Wij willen u graag helpen',
      }),
    ]);
    // Times are the Amsterdam wall clock: 22:59 UTC is 23:59 on the 31st.
    expect(correspondentie[0]!['Aangemaakt op']).toEqual(new Date('2026-10-31T23:59:00Z'));

    // Numbers are numbers and dates are dates.
    const laatste = signalen.find((s) => s.Achternaam === 'Laatstedag')!;
    expect(laatste.Bedrag).toBe(123.45);
    expect(laatste.Signaaldatum).toEqual(new Date(`${TOT}T00:00:00Z`));
    expect(laatste.Referentie).toBe(referenties['laatsteDag-0']);
    expect(laatste['Soort signaalpartner']).toBe('Huur');
    expect(laatste.Wijk).toBe('Exportstad-1');

    // Every formula start arrives as text with an apostrophe, never as a formula.
    const sheet = boek.getWorksheet('Signalen')!;
    const kolom = (sheet.getRow(1).values as unknown[]).indexOf('Achternaam');
    const cellen: ExcelJS.Cell[] = [];
    sheet.eachRow((rij, n) => {
      if (n > 1) cellen.push(rij.getCell(kolom));
    });
    for (const formule of FORMULES) {
      // An XML reader turns a bare CR into LF; what matters is the apostrophe before it.
      const cel = cellen.find((c) => c.value === `'${formule.replace(/^\r/, '\n')}`);
      expect({ formule, gevonden: cel !== undefined }).toEqual({ formule, gevonden: true });
      expect(cel!.type).toBe(ExcelJS.ValueType.String);
      expect(cel!.formula).toBeUndefined();
      expect(cel!.numFmt).toBe('@');
    }
    // The raw sheet holds no formula element at all.
    expect(bytes.includes(Buffer.from('<f>'))).toBe(false);

    // Retention: what was deleted stays deleted; the rest of the signal remains.
    const bewaard = signalen.filter((s) => s['Melding-id'] === meldingIds.bewaartermijn);
    expect(bewaard).toHaveLength(2);
    for (const s of bewaard) {
      expect(s.Achternaam).toBeNull();
      expect(s['Persoonsgegevens verwijderd op']).toEqual(new Date('2026-10-20T12:00:00Z'));
      expect(s.Bedrag).toBe(123.45);
    }
    // Never exported: another gemeente, BSN, phone, e-mail, the letter itself.
    const alles = JSON.stringify([signalen, meldingen, contactpogingen, correspondentie]);
    for (const verboden of [
      'Andersdan',
      referenties['elders-0']!,
      meldingIds.elders!,
      'Vergetenpersoon',
      '123456782',
      '0612345678',
      'geheim@example.test',
      'ontvanger@example.test',
      'Geheime brieftekst',
    ])
      expect({ verboden, gevonden: alles.includes(verboden) }).toEqual({
        verboden,
        gevonden: false,
      });

    const audit = await stack.prisma.auditLog.findMany({
      where: { actie: 'beheerexport_xlsx', organisatieId: id.a, tijdstip: { gte: voor } },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      objectType: 'Beheerexport',
      objectId: `${VAN}/${TOT} signalen=10 meldingen=4 contactpogingen=2 correspondentie=1`,
      organisatieType: 'gemeente',
      resultaat: 'gelukt',
    });
    const beheerder = await stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'beheerder@exportstad.test' },
    });
    expect(audit[0]!.actorId).toBe(beheerder.id);
  });

  it('exports each kind as CSV with the same rows, neutralised, and logs it', async () => {
    const sql = await telSql(id.a);
    const voor = new Date();
    for (const soort of ['signalen', 'meldingen', 'contactpogingen', 'correspondentie'] as const) {
      const { antwoord, bytes } = await download(
        `/exports/beheer.csv?soort=${soort}&van=${VAN}&tot=${TOT}`,
        'teamleider',
      );
      expect(antwoord.status).toBe(200);
      expect(antwoord.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(antwoord.headers.get('content-disposition')).toBe(
        `attachment; filename="vroegsignaal-9921-${soort}-${VAN}-${TOT}.csv"`,
      );
      const rijen = csv(bytes);
      expect({ soort, aantal: rijen.length }).toEqual({ soort, aantal: sql[soort] });
    }
    const { bytes } = await download(`/exports/beheer.csv?soort=signalen&van=${VAN}&tot=${TOT}`);
    const rijen = csv(bytes);
    const achternamen = rijen.map((r) => r.Achternaam);
    for (const formule of FORMULES) expect(achternamen).toContain(`'${formule}`);
    // No field starts with anything a spreadsheet would run.
    for (const rij of rijen)
      for (const waarde of Object.values(rij))
        expect({ waarde, gevaarlijk: /^[=+\-@\t\r]/.test(String(waarde)) }).toEqual({
          waarde,
          gevaarlijk: false,
        });
    const laatste = rijen.find((r) => r.Achternaam === 'Laatstedag')!;
    expect(laatste).toMatchObject({ Bedrag: '123,45', Signaaldatum: TOT, Crisissignaal: 'Nee' });
    expect(rijen.find((r) => r['Melding-id'] === meldingIds.bewaartermijn)).toMatchObject({
      Achternaam: '',
      'Persoonsgegevens verwijderd op': '2026-10-20 12:00:00',
    });
    expect(bytes.toString('utf8')).not.toMatch(/Andersdan|Vergetenpersoon|123456782/);

    const audit = await stack.prisma.auditLog.findMany({
      where: { actie: 'beheerexport_csv', organisatieId: id.a, tijdstip: { gte: voor } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.objectId)).toEqual([
      `${VAN}/${TOT} signalen=10`,
      `${VAN}/${TOT} meldingen=4`,
      `${VAN}/${TOT} contactpogingen=2`,
      `${VAN}/${TOT} correspondentie=1`,
      `${VAN}/${TOT} signalen=10`,
    ]);
  });

  it('a gemeente exports only its own rows; other roles and creditors are refused', async () => {
    const { antwoord, bytes } = await download(
      `/exports/beheer.xlsx?van=${VAN}&tot=${TOT}`,
      'beheerderB',
    );
    expect(antwoord.status).toBe(200);
    const boek = await werkmap(bytes);
    const signalen = blad(boek, 'Signalen');
    expect(signalen.map((s) => s.Achternaam)).toEqual(['Andersdan']);
    expect(blad(boek, 'Meldingen').map((m) => m['Melding-id'])).toEqual([meldingIds.elders]);
    expect(blad(boek, 'Contactpogingen')).toHaveLength(1);
    expect(blad(boek, 'Correspondentie')).toHaveLength(1);
    const csvB = csv(
      (await download(`/exports/beheer.csv?soort=meldingen&van=${VAN}&tot=${TOT}`, 'beheerderB'))
        .bytes,
    );
    expect(csvB.map((r) => r['Melding-id'])).toEqual([meldingIds.elders]);

    // Caseworkers and external organisations have the werkvoorraad's download
    // instead; an external user limited to wijken is refused, not filtered.
    for (const wie of ['behandelaar', 'extern', 'portaal'] as const)
      for (const pad of [
        `/exports/beheer.xlsx?van=${VAN}&tot=${TOT}`,
        `/exports/beheer.csv?soort=signalen&van=${VAN}&tot=${TOT}`,
      ]) {
        const { status, headers } = await http('GET', `${stack.basis}${pad}`, {
          token: token[wie],
        });
        expect({ wie, pad, status }).toEqual({ wie, pad, status: 403 });
        expect(headers.get('content-type')).toContain('application/problem+json');
      }
    expect(
      (await http('GET', `${stack.basis}/exports/beheer.xlsx?van=${VAN}&tot=${TOT}`)).status,
    ).toBe(401);
  });

  it('explains in Dutch what is wrong with the range or the kind', async () => {
    const fout = async (query: string) => {
      const { status, headers, body } = await http<{
        title: string;
        invalidParams: { name: string; code: string; reason: string }[];
      }>('GET', `${stack.basis}/exports/beheer.${query}`, { token: token.beheerder });
      expect(status).toBe(400);
      expect(headers.get('content-type')).toContain('application/problem+json');
      expect(body.title).toBe('De invoer is ongeldig.');
      return body.invalidParams;
    };
    expect(await fout('xlsx')).toEqual([
      {
        name: 'van',
        code: 'verplicht',
        reason: 'van is verplicht: de eerste dag van de periode (JJJJ-MM-DD).',
      },
      {
        name: 'tot',
        code: 'verplicht',
        reason: 'tot is verplicht: de laatste dag van de periode (JJJJ-MM-DD).',
      },
    ]);
    expect(await fout('xlsx?van=2026-02-30&tot=2026-03-01')).toEqual([
      {
        name: 'van',
        code: 'onbestaande_datum',
        reason: 'van is geen bestaande datum: 2026-02-30 komt niet voor in de kalender.',
      },
    ]);
    expect(await fout('xlsx?van=01-10-2026&tot=2026-13-01')).toEqual([
      {
        name: 'van',
        code: 'ongeldig_formaat',
        reason: 'van is een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-10-31.',
      },
      {
        name: 'tot',
        code: 'onbestaande_datum',
        reason: 'tot is geen bestaande datum: 2026-13-01 komt niet voor in de kalender.',
      },
    ]);
    expect(await fout('xlsx?van=2026-10-31&tot=2026-10-01')).toEqual([
      {
        name: 'tot',
        code: 'periode_omgekeerd',
        reason:
          'tot (2026-10-01) ligt vóór van (2026-10-31); de periode loopt van de eerste tot en met de laatste dag.',
      },
    ]);
    expect(await fout(`csv?soort=brieven&van=${VAN}&tot=${TOT}`)).toEqual([
      {
        name: 'soort',
        code: 'ongeldig',
        reason: 'soort is een van: signalen, meldingen, contactpogingen, correspondentie.',
      },
    ]);
    expect((await fout(`xlsx?van=${VAN}&tot=${TOT}&zoek=x`))[0]).toMatchObject({
      name: 'zoek',
      code: 'onbekend_veld',
    });
    // A single day is a valid range.
    const { antwoord } = await download(`/exports/beheer.xlsx?van=${TOT}&tot=${TOT}`);
    expect(antwoord.status).toBe(200);
  });

  it('a werkbak downloads as Excel through the same writer, with its own filter', async () => {
    const bewaard = await http<{ id: string; filter: string; aantal: number }>(
      'POST',
      `${stack.basis}/werkbakken`,
      { token: token.behandelaar, body: { naam: 'Wijk 1', filter: 'wijk=992101&status=OPEN' } },
    );
    expect(bewaard.status).toBe(201);
    const { antwoord, bytes } = await download(
      `/meldingen/export?${bewaard.body.filter}`,
      'behandelaar',
    );
    expect(antwoord.status).toBe(200);
    const rijen = blad(await werkmap(bytes), 'Werkvoorraad');
    // laatsteDag, naAfloop, ervoor and formules have a signal in wijk 1.
    expect(rijen).toHaveLength(bewaard.body.aantal);
    expect(bewaard.body.aantal).toBe(4);
    expect(rijen.map((r) => r.Naam)).toContain('E. Laatstedag');
    for (const rij of rijen)
      for (const waarde of Object.values(rij)) expect(String(waarde)).not.toMatch(/^[=+\-@\t\r]/);
  });
});
