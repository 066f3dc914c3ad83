import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import ExcelJS from 'exceljs';
import { KOLOMMEN } from '../domain/kolommen.js';
import { csvWindows1252, download, eersteBlad, upload, xlsx } from './hulp/bestanden.js';
import { wachtTot } from './hulp/omgeving.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// File uploads on the real stack: the file is checked as a whole by the API,
// then read row by row by the aanleveringWorkflow.

const THUISBAAS = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;

interface AanleveringJson {
  id: string;
  status: string;
  bestandsnaam: string | null;
  aantallen: Record<string, number>;
  afgewezenRijen: {
    rijnummer: number;
    regel: number | null;
    referentie: string | null;
    fouten: { veld: string; melding: string }[];
  }[];
}
interface Probleem {
  title: string;
  detail: string;
}

const KOPPEN = [
  'Referentie',
  'Signaaldatum',
  'Ontstaansdatum',
  'Bedrag achterstand',
  'Achternaam',
  'Geboortedatum',
  'Postcode',
  'Huisnummer',
  'Woonplaats',
];
/** A valid row under KOPPEN; its referentie is replaced per test. */
const GELDIG = [
  '-',
  '02-11-2026',
  '01-08-2026',
  '99,95',
  'Visser',
  '17-05-1980',
  '8011AA',
  '4',
  'Zwolle',
];

describe('aanleveringen as files', () => {
  let stack: Teststack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const url = () => `${stack.basis}/aanleveringen`;
  async function verwerkt(id: string): Promise<AanleveringJson> {
    return wachtTot(
      async () => {
        const antwoord = await http<AanleveringJson>('GET', `${url()}/${id}`, {
          apiSleutel: THUISBAAS,
        });
        return antwoord.body.status === 'VERWERKT' && antwoord.body;
      },
      { wat: `verwerking van ${id}`, timeoutMs: 60_000 },
    );
  }
  const ref = () => `XLS-${randomUUID().slice(0, 8)}`;

  it('reads an .xlsx with Dutch synonyms, Excel dates and formulas, and reports bad rows by their line', async () => {
    const [a, b, c, d, e, f] = [ref(), ref(), ref(), ref(), ref(), ref()];
    const inhoud = await xlsx(
      [
        'Kenmerk',
        'Datum signaal',
        'Achterstand sinds',
        'Bedrag achterstand',
        'Voorletters',
        'Naam',
        'Geb.datum',
        'BSN',
        'PC',
        'Huisnr',
        'Plaats',
        'E-mail',
      ],
      [
        [
          a,
          new Date(Date.UTC(2026, 10, 2)),
          new Date(Date.UTC(2026, 7, 1)),
          412.5,
          'J.',
          'Jansen',
          new Date(Date.UTC(1980, 4, 17)),
          '',
          '3531 ab',
          7,
          'Utrecht',
          'j@example.org',
        ],
        [
          b,
          '02-11-2026',
          '01-08-2026',
          '1.234,56',
          'K.',
          'de Vries',
          '17-05-1980',
          '111222333',
          '8011AA',
          '12a',
          'Zwolle',
          '',
        ],
        [],
        [
          c,
          '02-11-2026',
          '01-08-2026',
          { formula: '100+12.5', result: 112.5 },
          'L.',
          'Bakker',
          '17-05-1980',
          '',
          '3553AA',
          3,
          'Utrecht',
          '',
        ],
        [
          d,
          '02-11-2026',
          '01-08-2026',
          '50',
          'M.',
          'Visser',
          '17-05-1980',
          '',
          '3553 A',
          3,
          'Utrecht',
          '',
        ],
        [
          e,
          '02-11-2026',
          '01-08-2026',
          '50',
          'N.',
          'Smit',
          '17-05-1980',
          '123456789',
          '3553AA',
          4,
          'Utrecht',
          '',
        ],
        [
          f,
          '31-02-2026',
          '01-08-2026',
          '50',
          'O.',
          'Mulder',
          '17-05-1980',
          '',
          '3553AA',
          5,
          'Utrecht',
          '',
        ],
      ],
    );
    const antwoord = await upload<{ id: string }>(
      url(),
      THUISBAAS,
      'signalen november.xlsx',
      inhoud,
    );
    expect(antwoord.status).toBe(202);

    const aanlevering = await verwerkt(antwoord.body.id);
    expect(aanlevering.bestandsnaam).toBe('signalen november.xlsx');
    expect(aanlevering.aantallen).toMatchObject({
      ontvangen: 6,
      geaccepteerd: 3,
      afgewezen: 3,
      alBekend: 0,
    });
    expect(
      aanlevering.afgewezenRijen.map((r) => [r.regel, r.referentie, r.fouten.map((x) => x.veld)]),
    ).toEqual([
      [6, d, ['adres.postcode']],
      [7, e, ['persoon.bsn']],
      [8, f, ['signaaldatum']],
    ]);
    const opgeslagen = await stack.prisma.signaal.findMany({
      where: { referentie: { in: [a, b, c] } },
      include: { persoonsgegevens: true },
      orderBy: { referentie: 'asc' },
    });
    const perRef = Object.fromEntries(opgeslagen.map((s) => [s.referentie, s]));
    expect(perRef[a]).toMatchObject({
      bedragInCenten: 41250,
      persoonsgegevens: { postcode: '3531AB', email: 'j@example.org' },
    });
    expect(perRef[b]).toMatchObject({
      bedragInCenten: 123456,
      persoonsgegevens: { huisnummer: 12, toevoeging: 'A', bsn: '111222333' },
    });
    expect(perRef[b]!.signaaldatum.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(perRef[c]!.bedragInCenten).toBe(11250);
    expect(
      await stack.prisma.aanleveringsbestand.count({ where: { aanleveringId: antwoord.body.id } }),
    ).toBe(0);

    // The error report gives back the rejected rows as they were, plus what is wrong, cell by cell.
    const rapport = await download(`${url()}/${antwoord.body.id}/foutenrapport`, THUISBAAS);
    expect(rapport.status).toBe(200);
    expect(rapport.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const blad = await eersteBlad(rapport.inhoud);
    expect(blad[0]).toEqual([
      'Regel',
      'Kenmerk',
      'Datum signaal',
      'Achterstand sinds',
      'Bedrag achterstand',
      'Voorletters',
      'Naam',
      'Geb.datum',
      'BSN',
      'PC',
      'Huisnr',
      'Plaats',
      'E-mail',
      'Fouten',
    ]);
    expect(blad.slice(1)).toEqual([
      [
        6,
        d,
        '02-11-2026',
        '01-08-2026',
        '50',
        'M.',
        'Visser',
        '17-05-1980',
        null,
        '3553 A',
        '3',
        'Utrecht',
        null,
        'Postcode moet vier cijfers en twee letters zijn, bijvoorbeeld 1234 AB.',
      ],
      [
        7,
        e,
        '02-11-2026',
        '01-08-2026',
        '50',
        'N.',
        'Smit',
        '17-05-1980',
        '123456789',
        '3553AA',
        '4',
        'Utrecht',
        null,
        'BSN is ongeldig: het voldoet niet aan de elfproef.',
      ],
      [
        8,
        f,
        '31-02-2026',
        '01-08-2026',
        '50',
        'O.',
        'Mulder',
        '17-05-1980',
        null,
        '3553AA',
        '5',
        'Utrecht',
        null,
        'Signaaldatum is geen bestaande datum.',
      ],
    ]);
    const anderePartner = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!.apiSleutel;
    expect(
      (await download(`${url()}/${antwoord.body.id}/foutenrapport`, anderePartner)).status,
    ).toBe(404);
    expect(
      await stack.prisma.auditLog.count({
        where: { objectId: antwoord.body.id, actie: 'foutenrapport_downloaden' },
      }),
    ).toBe(2);
  });

  it('serves a template that, filled in, is accepted as it is', async () => {
    const sjabloon = await download(`${url()}/sjabloon`, THUISBAAS);
    expect(sjabloon.status).toBe(200);
    const werkmap = new ExcelJS.Workbook();
    await werkmap.xlsx.load(sjabloon.inhoud as unknown as ArrayBuffer);
    expect(werkmap.worksheets.map((w) => w.name)).toEqual(['Signalen', 'Uitleg']);
    const signalen = werkmap.getWorksheet('Signalen')!;
    const koppen = (signalen.getRow(1).values as string[]).slice(1);
    expect(koppen).toEqual(KOLOMMEN.map((k) => k.kop));
    expect((werkmap.getWorksheet('Uitleg')!.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Referentie',
      'Ja',
      'Uw eigen, unieke kenmerk van dit signaal.',
      'kenmerk, ref, uw referentie, dossiernummer, signaalnummer',
    ]);

    const referentie = ref();
    const waarden: Record<string, unknown> = {
      Referentie: referentie,
      Signaaldatum: new Date(Date.UTC(2026, 10, 2)),
      Ontstaansdatum: new Date(Date.UTC(2026, 7, 1)),
      'Bedrag achterstand': 99.95,
      Crisissignaal: 'Ja',
      Achternaam: 'Ingevuld',
      Geboortedatum: new Date(Date.UTC(1975, 0, 31)),
      Postcode: '8011 AB',
      Huisnummer: '3',
      Woonplaats: 'Zwolle',
    };
    signalen.addRow(koppen.map((kop) => waarden[kop] ?? null));
    const ingevuld = Buffer.from(await werkmap.xlsx.writeBuffer());
    const antwoord = await upload<{ id: string }>(url(), THUISBAAS, 'ingevuld.xlsx', ingevuld);
    expect((await verwerkt(antwoord.body.id)).aantallen).toMatchObject({
      ontvangen: 1,
      geaccepteerd: 1,
    });
    expect(
      await stack.prisma.signaal.findFirst({
        where: { referentie },
        select: { crisissignaal: true, bedragInCenten: true },
      }),
    ).toEqual({ crisissignaal: true, bedragInCenten: 9995 });
  });

  it('reads a Windows-1252 CSV, and a resend of the same file adds nothing', async () => {
    const [a, b] = [ref(), ref()];
    const inhoud = csvWindows1252([
      [
        'Referentie',
        'Signaaldatum',
        'Ontstaansdatum',
        'Bedrag achterstand',
        'Achternaam',
        'Geboortedatum',
        'Postcode',
        'Huisnummer',
        'Woonplaats',
      ],
      [
        a,
        '02-11-2026',
        '01-08-2026',
        '€ 1.234,56',
        'Dijkstra-Ëmans',
        '17-05-1980',
        '8601 AA',
        '1',
        'Sneek',
      ],
      [b, '2026-11-02', '2026-08-01', '12,00', 'Hélène', '1980-05-17', '8601AA', '2', 'Sneek'],
      ['KAPOT', '02-13-2026', '01-08-2026', '10', 'Fout', '17-05-1980', '8601AA', '3', 'Sneek'],
    ]);
    const eerste = await upload<{ id: string }>(url(), THUISBAAS, 'export.csv', inhoud);
    expect(eerste.status).toBe(202);
    expect((await verwerkt(eerste.body.id)).aantallen).toMatchObject({
      ontvangen: 3,
      geaccepteerd: 2,
      afgewezen: 1,
    });
    const namen = await stack.prisma.signaalPersoonsgegevens.findMany({
      where: { signaal: { referentie: { in: [a, b] } } },
      select: { achternaam: true },
    });
    expect(namen.map((n) => n.achternaam).sort()).toEqual(['Dijkstra-Ëmans', 'Hélène']);

    const opnieuw = await upload<{ id: string }>(url(), THUISBAAS, 'export.csv', inhoud);
    expect((await verwerkt(opnieuw.body.id)).aantallen).toMatchObject({
      geaccepteerd: 0,
      alBekend: 2,
      afgewezen: 1,
    });
    expect(await stack.prisma.signaal.count({ where: { referentie: { in: [a, b] } } })).toBe(2);
  });

  it('rejects a row whose formula went wrong, naming the Excel error, and keeps the rest', async () => {
    const [goed, fout] = [ref(), ref()];
    const inhoud = await xlsx(KOPPEN, [
      [goed, ...GELDIG.slice(1)],
      [
        fout,
        ...GELDIG.slice(1, 3),
        { formula: '1/0', result: { error: '#DIV/0!' } },
        { error: '#N/A' },
        ...GELDIG.slice(5),
      ],
    ]);
    const antwoord = await upload<{ id: string }>(url(), THUISBAAS, 'formules.xlsx', inhoud);
    expect(antwoord.status).toBe(202);
    const aanlevering = await verwerkt(antwoord.body.id);
    expect(aanlevering.aantallen).toMatchObject({ ontvangen: 2, geaccepteerd: 1, afgewezen: 1 });
    expect(aanlevering.afgewezenRijen).toEqual([
      {
        rijnummer: 2,
        regel: 3,
        referentie: fout,
        fouten: [
          {
            veld: 'bedrag',
            code: 'excel_foutwaarde',
            melding:
              'Bevat de Excel-foutwaarde #DIV/0! in plaats van een waarde; controleer de formule.',
          },
          {
            veld: 'persoon.achternaam',
            code: 'excel_foutwaarde',
            melding:
              'Bevat de Excel-foutwaarde #N/A in plaats van een waarde; controleer de formule.',
          },
        ],
      },
    ]);
  });

  it('fails a file whose problem lies past the rows the API checked, with the reason and no rows stored', async () => {
    const regels = [KOPPEN, [ref(), ...GELDIG.slice(1)], [ref(), ...GELDIG.slice(1)]];
    regels.push([ref(), ...GELDIG.slice(1, 4), 'y'.repeat(33_000), ...GELDIG.slice(5)]);
    const antwoord = await upload<{ id: string }>(
      url(),
      THUISBAAS,
      'laat-fout.csv',
      csvWindows1252(regels),
    );
    expect(antwoord.status).toBe(202);
    const mislukt = await wachtTot(
      async () => {
        const { body } = await http<AanleveringJson & { fout: unknown }>(
          'GET',
          `${url()}/${antwoord.body.id}`,
          { apiSleutel: THUISBAAS },
        );
        return body.status === 'MISLUKT' && body;
      },
      { wat: 'mislukte aanlevering' },
    );
    expect(mislukt.fout).toEqual({
      titel: 'Een cel in het bestand is te groot.',
      detail: 'Regel 4, kolom 5 bevat 33.000 tekens; een cel mag er hoogstens 32.767 bevatten.',
    });
    expect(mislukt.aantallen.ontvangen).toBe(0);
    expect(
      await stack.prisma.aanleveringRij.count({ where: { aanleveringId: antwoord.body.id } }),
    ).toBe(0);
    expect(await stack.prisma.signaal.count({ where: { aanleveringId: antwoord.body.id } })).toBe(
      0,
    );
  });

  it('lists a creditor’s own deliveries only, newest first, paginated', async () => {
    const eigen = await upload<{ id: string }>(
      url(),
      THUISBAAS,
      'lijst.csv',
      csvWindows1252([KOPPEN, [ref(), ...GELDIG.slice(1)]]),
    );
    await verwerkt(eigen.body.id);
    interface Lijst {
      aanleveringen: { id: string; bestandsnaam: string; status: string; aantallen: object }[];
      totaal: number;
      _links: { next?: { href: string } };
    }
    const { body } = await http<Lijst>('GET', `${url()}?paginagrootte=2`, {
      apiSleutel: THUISBAAS,
    });
    expect(body.aanleveringen[0]).toMatchObject({
      id: eigen.body.id,
      bestandsnaam: 'lijst.csv',
      status: 'VERWERKT',
      aantallen: { ontvangen: 1, geaccepteerd: 1, alBekend: 0, afgewezen: 0 },
    });
    expect(body.aanleveringen).toHaveLength(2);
    expect(body._links.next?.href).toBe('/v1/aanleveringen?pagina=2&paginagrootte=2');
    const { signaalpartnerId } = await stack.prisma.aanlevering.findUniqueOrThrow({
      where: { id: eigen.body.id },
    });
    const eigenTotaal = await stack.prisma.aanlevering.count({ where: { signaalpartnerId } });
    expect(body.totaal).toBe(eigenTotaal);

    const ander = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ENERGIE')!.apiSleutel;
    const andere = await http<Lijst>('GET', `${url()}?paginagrootte=100`, { apiSleutel: ander });
    expect(andere.status).toBe(200);
    expect(andere.body.aanleveringen.some((a) => a.id === eigen.body.id)).toBe(false);
    const gemeente = await http('GET', url(), {
      token: await logIn(stack.basis, 'behandelaar@utrecht.demo', DEMO_WACHTWOORD),
    });
    expect(gemeente.status).toBe(403);
  });

  describe('refuses a file as a whole, storing nothing', () => {
    const gevallen: [string, string, () => Promise<Buffer> | Buffer, number, string][] = [
      ['empty file', 'leeg.csv', () => Buffer.alloc(0), 400, 'Het bestand is leeg.'],
      [
        'header only',
        'kop.csv',
        () =>
          csvWindows1252([
            [
              'Referentie',
              'Signaaldatum',
              'Ontstaansdatum',
              'Bedrag',
              'Achternaam',
              'Geboortedatum',
              'Postcode',
              'Huisnummer',
              'Woonplaats',
            ],
          ]),
        400,
        'Het bestand bevat geen signalen.',
      ],
      [
        'missing columns',
        'weinig.csv',
        () =>
          csvWindows1252([
            ['Referentie', 'Bedrag'],
            ['X', '1'],
          ]),
        400,
        'De kolommen kloppen niet.',
      ],
      [
        'a PDF',
        'brief.pdf',
        () => Buffer.from('%PDF-1.7'),
        415,
        'Dit bestandstype wordt niet geaccepteerd.',
      ],
      [
        'a fake xlsx',
        'nep.xlsx',
        () => Buffer.from('gewoon tekst'),
        415,
        'Dit is geen geldig Excel-bestand.',
      ],
      [
        'a macro workbook',
        'macro.xlsm',
        () => Buffer.from('PK'),
        415,
        'Bestanden met macro’s worden niet geaccepteerd.',
      ],
      [
        'a cell longer than Excel allows',
        'grote-cel.csv',
        () =>
          csvWindows1252([
            KOPPEN,
            [ref(), ...GELDIG.slice(1, 3), 'x'.repeat(40_000), ...GELDIG.slice(4)],
          ]),
        400,
        'Een cel in het bestand is te groot.',
      ],
      [
        '1,000 columns',
        'breed.csv',
        () =>
          csvWindows1252([
            [...KOPPEN, ...Array.from({ length: 991 }, (_, i) => `Extra ${i}`)],
            [ref(), ...GELDIG.slice(1)],
          ]),
        400,
        'Het bestand heeft te veel kolommen.',
      ],
      [
        'a truncated .xlsx (corrupt zip)',
        'afgebroken.xlsx',
        async () => (await xlsx(KOPPEN, [[ref(), ...GELDIG.slice(1)]])).subarray(0, 2_000),
        415,
        'Dit is geen geldig Excel-bestand.',
      ],
      [
        'UTF-16 text (wrong encoding)',
        'unicode.csv',
        () =>
          Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(
              `${KOPPEN.join('\t')}\r\n${[ref(), ...GELDIG.slice(1)].join('\t')}\r\n`,
              'utf16le',
            ),
          ]),
        415,
        'Deze tekenset wordt niet ondersteund.',
      ],
      [
        'an oversized upload',
        'groot.csv',
        () => Buffer.alloc(50 * 1024 * 1024 + 1, 0x41),
        413,
        'Het verzoek is te groot.',
      ],
    ];
    it.each(gevallen)('%s', async (_naam, bestandsnaam, maak, status, titel) => {
      const voor = await stack.prisma.aanlevering.count();
      const antwoord = await upload<Probleem>(url(), THUISBAAS, bestandsnaam, await maak());
      expect(antwoord.status).toBe(status);
      expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
      expect(antwoord.body.title).toBe(titel);
      expect(await stack.prisma.aanlevering.count()).toBe(voor);
    });

    it('names every missing column', async () => {
      const antwoord = await upload<Probleem>(
        url(),
        THUISBAAS,
        'weinig.csv',
        csvWindows1252([
          ['Referentie', 'Bedrag'],
          ['X', '1'],
        ]),
      );
      expect(antwoord.body.detail).toBe(
        'Verplichte kolommen ontbreken: Signaaldatum, Ontstaansdatum, Achternaam, Geboortedatum, Postcode, Huisnummer, Woonplaats. Gebruik het sjabloon of pas de kolomkoppen aan.',
      );
    });
  });
});
