// The monthly report as files: an .xlsx for the gemeente's own analysis and
// an HTML page that Chromium prints to PDF. Both are made from the same
// Rapportagecijfers, so the two can never disagree.
import ExcelJS from 'exceljs';
import {
  type Gebiedcijfers,
  KERNCIJFERS,
  type Maandcijfers,
  maandNaam,
  type Rapportagecijfers,
  RESULTAAT_LABELS,
  STATUS_LABELS,
  TYPE_LABELS,
  verschil,
} from '../domain/rapportage.js';

type Kolommen = [huidig: string, vorige: string, vorigJaar: string];

function kolomkoppen(c: Rapportagecijfers): Kolommen {
  return [maandNaam(c.huidig.maand), maandNaam(c.vorigeMaand.maand), maandNaam(c.vorigJaar.maand)];
}

/** One breakdown: a label per row and the figure in each compared month. */
export interface Uitsplitsing {
  blad: string;
  kop: string;
  rijen: { label: string; waarden: [number, number, number] }[];
}

const drie = (c: Rapportagecijfers, f: (m: Maandcijfers) => number): [number, number, number] => [
  f(c.huidig),
  f(c.vorigeMaand),
  f(c.vorigJaar),
];

function gebied(
  c: Rapportagecijfers,
  soort: 'perWijk' | 'perKern',
  veld: 'signalen' | 'meldingen',
) {
  // Areas are listed as the reported month knows them; a month compared
  // with may lack one (a new wijk), which then counts 0 there.
  const vind = (m: Maandcijfers, g: Gebiedcijfers) =>
    m[soort].find((x) => x.naam === g.naam && (x.code ?? null) === (g.code ?? null))?.[veld] ?? 0;
  return c.huidig[soort].map((g) => ({
    label: g.code ? `${g.naam} (${g.code})` : g.naam,
    waarden: drie(c, (m) => vind(m, g)),
  }));
}

/** Every breakdown of the report, in the order of the workbook's sheets. */
export function uitsplitsingen(c: Rapportagecijfers): Uitsplitsing[] {
  const partners = [
    ...new Set(
      [c.huidig, c.vorigeMaand, c.vorigJaar].flatMap((m) => m.perSignaalpartner.map((p) => p.naam)),
    ),
  ].sort((a, b) => a.localeCompare(b, 'nl'));
  const partner = (m: Maandcijfers, naam: string) =>
    m.perSignaalpartner.find((p) => p.naam === naam)?.signalen ?? 0;
  return [
    {
      blad: 'Signaalpartnertype',
      kop: 'Signalen per soort signaalpartner',
      rijen: (Object.keys(TYPE_LABELS) as (keyof typeof TYPE_LABELS)[]).map((t) => ({
        label: TYPE_LABELS[t],
        waarden: drie(c, (m) => m.perSignaalpartnerType[t]),
      })),
    },
    {
      blad: 'Signaalpartner',
      kop: 'Signalen per signaalpartner',
      rijen: partners.map((naam) => ({ label: naam, waarden: drie(c, (m) => partner(m, naam)) })),
    },
    { blad: 'Wijk signalen', kop: 'Signalen per wijk', rijen: gebied(c, 'perWijk', 'signalen') },
    { blad: 'Wijk meldingen', kop: 'Meldingen per wijk', rijen: gebied(c, 'perWijk', 'meldingen') },
    { blad: 'Kern signalen', kop: 'Signalen per kern', rijen: gebied(c, 'perKern', 'signalen') },
    { blad: 'Kern meldingen', kop: 'Meldingen per kern', rijen: gebied(c, 'perKern', 'meldingen') },
    {
      blad: 'Signaalstatus',
      kop: 'Signalen per signaalstatus (DDAS)',
      rijen: (Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[]).map((s) => ({
        label: STATUS_LABELS[s],
        waarden: drie(c, (m) => m.perSignaalstatus[s]),
      })),
    },
    {
      blad: 'Resultaat',
      kop: 'Meldingen per resultaat (DDAS)',
      rijen: (Object.keys(RESULTAAT_LABELS) as (keyof typeof RESULTAAT_LABELS)[]).map((r) => ({
        label: RESULTAAT_LABELS[r],
        waarden: drie(c, (m) => m.perResultaat[r]),
      })),
    },
  ];
}

const KOPSTIJL: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } },
};

function blad(werkboek: ExcelJS.Workbook, naam: string, koppen: string[], breedtes: number[]) {
  const ws = werkboek.addWorksheet(naam, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = koppen.map((header, i) => ({ header, width: breedtes[i] ?? 16 }));
  ws.getRow(1).eachCell((cel) => (cel.style = KOPSTIJL));
  return ws;
}

/** The .xlsx: a summary sheet, one sheet per breakdown, the trend and the definitions. */
export async function rapportageXlsx(c: Rapportagecijfers): Promise<Buffer> {
  const werkboek = new ExcelJS.Workbook();
  werkboek.creator = 'Vroegsignaal';
  werkboek.created = new Date(c.berekendOp);
  const maanden = kolomkoppen(c);

  const samenvatting = blad(werkboek, 'Samenvatting', ['Cijfer', ...maanden], [48, 16, 16, 16]);
  for (const [sleutel, label] of KERNCIJFERS) {
    const rij = samenvatting.addRow([label, ...drie(c, (m) => m[sleutel] as number)]);
    if (sleutel.startsWith('mediaan')) {
      // A median without any case is empty, not 0 days.
      for (const [i, m] of [c.huidig, c.vorigeMaand, c.vorigJaar].entries())
        if (m[sleutel] === null) rij.getCell(i + 2).value = null;
      for (const i of [2, 3, 4]) rij.getCell(i).numFmt = '0.0';
    } else for (const i of [2, 3, 4]) rij.getCell(i).numFmt = '#,##0';
  }

  for (const u of uitsplitsingen(c)) {
    const ws = blad(werkboek, u.blad, [u.kop, ...maanden], [52, 16, 16, 16]);
    for (const r of u.rijen) {
      const rij = ws.addRow([r.label, ...r.waarden]);
      for (const i of [2, 3, 4]) rij.getCell(i).numFmt = '#,##0';
    }
  }

  const trend = blad(werkboek, 'Trend', ['Maand', 'Signalen', 'Meldingen'], [14, 12, 12]);
  for (const t of c.trend) {
    const rij = trend.addRow([new Date(`${t.maand}-01T00:00:00Z`), t.signalen, t.meldingen]);
    rij.getCell(1).numFmt = 'yyyy-mm';
  }

  const toelichting = blad(werkboek, 'Toelichting', ['Gegeven', 'Waarde'], [32, 90]);
  const rijen: [string, string | Date][] = [
    ['Gemeente', `${c.gemeente.naam} (${c.gemeente.code})`],
    ['Maand', new Date(`${c.maand}-01T00:00:00Z`)],
    ['Berekend op', new Date(c.berekendOp)],
    ['Signalen', 'Tellen in de maand van hun signaaldatum, bij de gemeente waar ze nu zijn.'],
    [
      'Meldingen',
      'Tellen in de maand waarin ze zijn geopend (Nederlandse tijd); wijk en kern van het eerste signaal.',
    ],
    ['Meervoudig', 'Twee of meer signalen op het adres in dezelfde kalendermaand.'],
    ['Opeenvolgend', 'Een ander signaal op het adres in de zes maanden ervoor.'],
    [
      'Opgepakt, contact, resultaat',
      'Van de meldingen die in de maand zijn geopend, zoals ze er nu voor staan.',
    ],
    [
      'Over de termijn',
      'Meldingen waarvan een termijn in de maand verstreek zonder dat die werd gehaald.',
    ],
    ['Persoonsgegevens', 'Dit rapport bevat alleen aantallen, geen persoonsgegevens.'],
  ];
  for (const [gegeven, waarde] of rijen) {
    const rij = toelichting.addRow([gegeven, waarde]);
    if (gegeven === 'Maand') rij.getCell(2).numFmt = 'yyyy-mm';
    if (gegeven === 'Berekend op') rij.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    rij.getCell(2).alignment = { wrapText: true, horizontal: 'left' };
  }
  return Buffer.from(await werkboek.xlsx.writeBuffer());
}

const escape = (t: string) =>
  t.replace(
    /[&<>"']/g,
    (k) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[k]!,
  );

const getal = (n: number | null) =>
  n === null ? '–' : n.toLocaleString('nl-NL', { maximumFractionDigits: 1 });

/** Horizontal bars with the label and the value as text, so the PDF stays readable and searchable. */
export function staafdiagram(titel: string, rijen: { label: string; waarde: number }[]): string {
  const hoogte = 22;
  const breedte = 640;
  const labelbreedte = 220;
  const max = Math.max(1, ...rijen.map((r) => r.waarde));
  const staven = rijen
    .map((r, i) => {
      const y = i * hoogte;
      const w = Math.round(((breedte - labelbreedte - 60) * r.waarde) / max);
      return `<text x="${labelbreedte - 8}" y="${y + 15}" text-anchor="end">${escape(r.label)}</text>
<rect x="${labelbreedte}" y="${y + 4}" width="${w}" height="${hoogte - 8}" fill="#1a5f8a"/>
<text x="${labelbreedte + w + 6}" y="${y + 15}">${getal(r.waarde)}</text>`;
    })
    .join('\n');
  return `<figure><figcaption>${escape(titel)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(titel)}" width="${breedte}" height="${Math.max(1, rijen.length) * hoogte}" font-size="11" font-family="sans-serif">${staven}</svg></figure>`;
}

/** The 12-month trend of signals and meldingen as two lines. */
export function trendlijn(trend: Rapportagecijfers['trend']): string {
  const breedte = 640;
  const hoogte = 200;
  const marge = 36;
  const max = Math.max(1, ...trend.flatMap((t) => [t.signalen, t.meldingen]));
  const x = (i: number) => marge + (i * (breedte - 2 * marge)) / Math.max(1, trend.length - 1);
  const y = (v: number) => hoogte - marge - ((hoogte - 2 * marge) * v) / max;
  const lijn = (veld: 'signalen' | 'meldingen', kleur: string) =>
    `<polyline fill="none" stroke="${kleur}" stroke-width="2" points="${trend.map((t, i) => `${x(i).toFixed(1)},${y(t[veld]).toFixed(1)}`).join(' ')}"/>`;
  const maanden = trend
    .map(
      (t, i) =>
        `<text x="${x(i).toFixed(1)}" y="${hoogte - 12}" text-anchor="middle">${t.maand.slice(2)}</text>`,
    )
    .join('');
  return `<figure><figcaption>Trend over 12 maanden: signalen (blauw) en meldingen (oranje)</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Trend over 12 maanden" width="${breedte}" height="${hoogte}" font-size="10" font-family="sans-serif">
<line x1="${marge}" y1="${hoogte - marge}" x2="${breedte - marge}" y2="${hoogte - marge}" stroke="#999"/>
<text x="4" y="${y(max) + 4}">${getal(max)}</text><text x="4" y="${hoogte - marge + 4}">0</text>
${lijn('signalen', '#1a5f8a')}${lijn('meldingen', '#c05a00')}${maanden}</svg></figure>`;
}

function tabel(koppen: string[], rijen: (string | number | null)[][]): string {
  return `<table><thead><tr>${koppen.map((k, i) => `<th${i ? ' class="n"' : ''}>${escape(k)}</th>`).join('')}</tr></thead>
<tbody>${rijen
    .map(
      (r) =>
        `<tr>${r.map((v, i) => (i ? `<td class="n">${typeof v === 'string' ? escape(v) : getal(v)}</td>` : `<td>${escape(String(v))}</td>`)).join('')}</tr>`,
    )
    .join('\n')}</tbody></table>`;
}

/** The report as a printable page: the gemeente's name and logo, the figures, the charts. */
export function rapportageHtml(c: Rapportagecijfers, logoSvg: string | null): string {
  const maanden = kolomkoppen(c);
  const logo = logoSvg
    ? `<img class="logo" alt="Logo ${escape(c.gemeente.naam)}" src="data:image/svg+xml;base64,${Buffer.from(logoSvg).toString('base64')}">`
    : '';
  const kern = tabel(
    ['Cijfer', ...maanden, 'Verschil met vorige maand'],
    KERNCIJFERS.map(([sleutel, label]) => [
      label,
      c.huidig[sleutel],
      c.vorigeMaand[sleutel],
      c.vorigJaar[sleutel],
      verschil(c.huidig[sleutel], c.vorigeMaand[sleutel]),
    ]),
  );
  const delen = uitsplitsingen(c)
    .map(
      (u) =>
        `<section><h2>${escape(u.kop)}</h2>${tabel(
          ['', ...maanden],
          u.rijen.map((r) => [r.label, ...r.waarden]),
        )}</section>`,
    )
    .join('\n');
  const perType = (Object.keys(TYPE_LABELS) as (keyof typeof TYPE_LABELS)[])
    .map((t) => ({ label: TYPE_LABELS[t], waarde: c.huidig.perSignaalpartnerType[t] }))
    .filter((r) => r.waarde > 0);
  const perWijk = c.huidig.perWijk.map((w) => ({ label: w.naam, waarde: w.signalen }));
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Maandrapportage vroegsignalering ${escape(c.gemeente.naam)} ${escape(maandNaam(c.maand))}</title>
<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1b1b1b; }
header { display: flex; align-items: center; gap: 12px; border-bottom: 2px solid #1a5f8a; padding-bottom: 6px; }
.logo { max-height: 48px; max-width: 160px; }
h1 { font-size: 16pt; margin: 0; } h2 { font-size: 12pt; margin: 14px 0 4px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6px; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; }
.n { text-align: right; } figure { margin: 8px 0; break-inside: avoid; } section { break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 4px; } p.klein { font-size: 8pt; color: #555; }
</style></head><body>
<header>${logo}<div><h1>Maandrapportage vroegsignalering</h1>
<div>Gemeente ${escape(c.gemeente.naam)} · ${escape(maandNaam(c.maand))}</div></div></header>
<h2>Kerncijfers</h2>${kern}
${staafdiagram('Signalen per soort signaalpartner', perType)}
${staafdiagram('Signalen per wijk', perWijk)}
${trendlijn(c.trend)}
${delen}
<p class="klein">Alleen aantallen, geen persoonsgegevens. Signalen tellen in de maand van hun signaaldatum, meldingen in de maand waarin ze zijn geopend; opgepakt, contact en resultaat gaan over de meldingen van de maand zoals ze er bij het maken van dit rapport voor staan. Berekend op ${escape(new Date(c.berekendOp).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' }))}.</p>
</body></html>`;
}
