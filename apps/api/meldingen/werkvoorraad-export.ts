import { nederlandseDatum } from '../../../domain/tijd.js';
import { type Kolom, type Tabelexport, xlsxExport } from '../infra/tabelexport.js';
import { meldingInLijst } from './melding.weergave.js';
import type { MeldingInLijst } from './meldingen.service.js';
import { MATCHTYPES_NL, STATUSSEN_NL } from './werkvoorraadfilter.js';

// The werkvoorraad as an Excel download ("Signalen als Excel", also per
// werkbak through its filter): every melding that matches the filter, through
// the same streaming writer and formula neutralisation as the management
// export.

type Rij = ReturnType<typeof meldingInLijst> & { bron: MeldingInLijst };

const persoon = (r: Rij) => r.bron.signalen.find((s) => s.persoonsgegevens)?.persoonsgegevens;

const KOLOMMEN: Kolom<Rij>[] = [
  {
    kop: 'Naam',
    soort: 'tekst',
    breedte: 28,
    waarde: (r) => {
      const p = persoon(r);
      return p ? [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ') : '';
    },
  },
  {
    kop: 'Adres',
    soort: 'tekst',
    breedte: 32,
    waarde: ({ huishouden: { adres: a } }) =>
      a
        ? [
            a.straat,
            `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`,
          ]
            .filter(Boolean)
            .join(' ')
        : '',
  },
  { kop: 'Postcode', soort: 'tekst', breedte: 10, waarde: (r) => r.huishouden.adres?.postcode },
  { kop: 'Woonplaats', soort: 'tekst', breedte: 18, waarde: (r) => r.huishouden.adres?.woonplaats },
  { kop: 'Wijk', soort: 'tekst', breedte: 22, waarde: (r) => r.wijk?.naam },
  { kop: 'Kern', soort: 'tekst', breedte: 18, waarde: (r) => r.kern },
  { kop: 'Status', soort: 'tekst', breedte: 16, waarde: (r) => STATUSSEN_NL[r.status] },
  { kop: 'Match', soort: 'tekst', breedte: 14, waarde: (r) => MATCHTYPES_NL[r.matchtype] },
  { kop: 'Signalen', soort: 'getal', breedte: 10, waarde: (r) => r.aantalSignalen },
  { kop: 'Totaalbedrag', soort: 'bedrag', breedte: 14, waarde: (r) => r.totaalBedragInCenten },
  {
    kop: 'Geopend op',
    soort: 'datum',
    breedte: 12,
    // The day it opened in Amsterdam, not in UTC.
    waarde: (r) => nederlandseDatum(new Date(r.geopendOp)),
  },
  { kop: 'Behandelaar', soort: 'tekst', breedte: 22, waarde: (r) => r.behandelaar?.naam },
  { kop: 'Crisis', soort: 'janee', breedte: 8, waarde: (r) => r.crisis },
  { kop: 'Te laat', soort: 'janee', breedte: 8, waarde: (r) => r.teLaat },
];

/** Streams the workbook; `batches` yields the meldingen a batch at a time. */
export function werkvoorraadExcel(batches: () => AsyncIterable<MeldingInLijst[]>): Tabelexport {
  return xlsxExport([
    {
      naam: 'Werkvoorraad',
      kolommen: KOLOMMEN,
      async *rijen() {
        for await (const batch of batches())
          yield batch.map((m) => ({ ...meldingInLijst(m), bron: m }));
      },
    },
  ]);
}
