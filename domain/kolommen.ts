import { parseDatum } from './nederlandse-gegevens.js';

// How a creditor's spreadsheet columns map onto a signal. Headers are matched
// tolerantly (case, spaces, punctuation) against the names and the common
// Dutch synonyms creditors use.

export type Veld =
  | 'referentie'
  | 'signaaldatum'
  | 'ontstaansdatum'
  | 'bedrag'
  | 'crisissignaal'
  | 'warmeOverdracht'
  | 'eindeLevering'
  | 'voorletters'
  | 'voornamen'
  | 'tussenvoegsel'
  | 'achternaam'
  | 'geboortedatum'
  | 'bsn'
  | 'geslacht'
  | 'straat'
  | 'postcode'
  | 'huisnummer'
  | 'huisletter'
  | 'toevoeging'
  | 'woonplaats'
  | 'telefoonnummer'
  | 'email';

export interface Kolomdefinitie {
  veld: Veld;
  kop: string;
  verplicht: boolean;
  synoniemen: string[];
  uitleg: string;
}

export const KOLOMMEN: Kolomdefinitie[] = [
  {
    veld: 'referentie',
    kop: 'Referentie',
    verplicht: true,
    synoniemen: ['kenmerk', 'ref', 'uw referentie', 'dossiernummer', 'signaalnummer'],
    uitleg: 'Uw eigen, unieke kenmerk van dit signaal.',
  },
  {
    veld: 'signaaldatum',
    kop: 'Signaaldatum',
    verplicht: true,
    synoniemen: ['datum signaal', 'datum melding', 'meldingsdatum'],
    uitleg: 'De datum waarop u het signaal afgeeft (dd-mm-jjjj).',
  },
  {
    veld: 'ontstaansdatum',
    kop: 'Ontstaansdatum',
    verplicht: true,
    synoniemen: ['datum ontstaan', 'achterstand sinds', 'startdatum achterstand', 'ontstaan'],
    uitleg: 'De datum waarop de achterstand begon (dd-mm-jjjj).',
  },
  {
    veld: 'bedrag',
    kop: 'Bedrag achterstand',
    verplicht: true,
    synoniemen: ['bedrag', 'achterstand', 'openstaand bedrag', 'bedrag achterstallig', 'schuld'],
    uitleg: 'Het achterstallige bedrag in euro, bijvoorbeeld 412,50.',
  },
  {
    veld: 'crisissignaal',
    kop: 'Crisissignaal',
    verplicht: false,
    synoniemen: ['crisis', 'spoed'],
    uitleg: 'Ja als directe actie nodig is (bijvoorbeeld dreigende ontruiming of afsluiting).',
  },
  {
    veld: 'warmeOverdracht',
    kop: 'Warme overdracht',
    verplicht: false,
    synoniemen: ['warme overdracht gewenst'],
    uitleg: 'Ja als de inwoner instemt met een warme overdracht.',
  },
  {
    veld: 'eindeLevering',
    kop: 'Einde levering',
    verplicht: false,
    synoniemen: ['einde levering energie', 'afsluiting'],
    uitleg: 'Ja bij een signaal einde levering (energie).',
  },
  {
    veld: 'voorletters',
    kop: 'Voorletters',
    verplicht: false,
    synoniemen: ['initialen'],
    uitleg: 'Bijvoorbeeld J.P.',
  },
  {
    veld: 'voornamen',
    kop: 'Voornamen',
    verplicht: false,
    synoniemen: ['voornaam'],
    uitleg: 'Voornamen, als u die heeft.',
  },
  {
    veld: 'tussenvoegsel',
    kop: 'Tussenvoegsel',
    verplicht: false,
    synoniemen: ['tussenvoegsels', 'voorvoegsel'],
    uitleg: 'Bijvoorbeeld van der.',
  },
  {
    veld: 'achternaam',
    kop: 'Achternaam',
    verplicht: true,
    synoniemen: ['naam', 'geslachtsnaam', 'familienaam'],
    uitleg: 'De achternaam zonder tussenvoegsel.',
  },
  {
    veld: 'geboortedatum',
    kop: 'Geboortedatum',
    verplicht: true,
    synoniemen: ['geb datum', 'geboorte datum', 'gebdatum'],
    uitleg: 'dd-mm-jjjj.',
  },
  {
    veld: 'bsn',
    kop: 'BSN',
    verplicht: false,
    synoniemen: ['burgerservicenummer', 'sofinummer'],
    uitleg: 'Burgerservicenummer (9 cijfers), als u het mag leveren.',
  },
  {
    veld: 'geslacht',
    kop: 'Geslacht',
    verplicht: false,
    synoniemen: [],
    uitleg: 'M, V of O (onbekend).',
  },
  {
    veld: 'straat',
    kop: 'Straat',
    verplicht: false,
    synoniemen: ['straatnaam', 'adres'],
    uitleg: 'De straatnaam.',
  },
  {
    veld: 'postcode',
    kop: 'Postcode',
    verplicht: true,
    synoniemen: ['pc', 'postcode6'],
    uitleg: 'Vier cijfers en twee letters, bijvoorbeeld 1234 AB.',
  },
  {
    veld: 'huisnummer',
    kop: 'Huisnummer',
    verplicht: true,
    synoniemen: ['huisnr', 'nr', 'nummer'],
    uitleg: 'Het huisnummer; een toevoeging mag erachter (12a, 12-2).',
  },
  {
    veld: 'huisletter',
    kop: 'Huisletter',
    verplicht: false,
    synoniemen: [],
    uitleg: 'Eén letter, als die apart staat.',
  },
  {
    veld: 'toevoeging',
    kop: 'Toevoeging',
    verplicht: false,
    synoniemen: ['huisnummertoevoeging', 'toev', 'huisnr toevoeging'],
    uitleg: 'Bijvoorbeeld 2 of bis.',
  },
  {
    veld: 'woonplaats',
    kop: 'Woonplaats',
    verplicht: true,
    synoniemen: ['plaats', 'plaatsnaam'],
    uitleg: 'De woonplaats.',
  },
  {
    veld: 'telefoonnummer',
    kop: 'Telefoonnummer',
    verplicht: false,
    synoniemen: ['telefoon', 'tel', 'mobiel', 'mobiel nummer', 'telnr'],
    uitleg: 'Bijvoorbeeld 06 12345678.',
  },
  {
    veld: 'email',
    kop: 'E-mailadres',
    verplicht: false,
    synoniemen: ['email', 'e-mail', 'emailadres', 'mail'],
    uitleg: 'Bijvoorbeeld naam@voorbeeld.nl.',
  },
];

function normaliseerKop(kop: string): string {
  return kop.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const PER_KOP = new Map<string, Veld>(
  KOLOMMEN.flatMap((k) =>
    [k.veld, k.kop, ...k.synoniemen].map((naam) => [normaliseerKop(naam), k.veld] as const),
  ),
);

export type Kolomindeling = Map<number, Veld>;

/**
 * Maps a header row to fields. Throws a Dutch message naming every missing
 * required column and every column that appears twice.
 */
export function deelKolommenIn(koppen: string[]): Kolomindeling {
  const indeling: Kolomindeling = new Map();
  const gezien = new Map<Veld, string>();
  const dubbel: string[] = [];
  koppen.forEach((kop, i) => {
    const veld = PER_KOP.get(normaliseerKop(kop));
    if (!veld) return;
    if (gezien.has(veld)) dubbel.push(`"${gezien.get(veld)}" en "${kop}"`);
    gezien.set(veld, kop);
    indeling.set(i, veld);
  });
  const ontbrekend = KOLOMMEN.filter((k) => k.verplicht && !gezien.has(k.veld)).map((k) => k.kop);
  const problemen = [
    ...(ontbrekend.length ? [`Verplichte kolommen ontbreken: ${ontbrekend.join(', ')}.`] : []),
    ...(dubbel.length ? [`Kolommen staan dubbel: ${dubbel.join('; ')}.`] : []),
  ];
  if (problemen.length) throw new KolomFout(problemen.join(' '));
  return indeling;
}

export class KolomFout extends Error {}

export type Celwaarde = string | number | boolean | Date | null;

/** The error values Excel shows in a cell, in English and Dutch Excel. */
export const EXCEL_FOUTWAARDE =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|LEEG!|DEEL\/0!|WAARDE!|VERW!|NAAM\?|GETAL!|N\/B|FOUT)$/;

/** Turns one spreadsheet row into the JSON shape of a signal, leaving judgement to valideerSignaal. */
export function rijNaarInvoer(
  cellen: Celwaarde[],
  indeling: Kolomindeling,
): Record<string, unknown> {
  const waarde: Partial<Record<Veld, Celwaarde>> = {};
  for (const [i, veld] of indeling) {
    const cel = cellen[i] ?? null;
    waarde[veld] = typeof cel === 'string' ? cel.trim() || null : cel;
  }
  const tekst = (v: Celwaarde | undefined) =>
    v === null || v === undefined ? undefined : v instanceof Date ? datumTekst(v) : String(v);
  const huis = splitsHuisnummer(waarde.huisnummer);
  const invoer = {
    referentie: tekst(waarde.referentie),
    signaaldatum: datum(waarde.signaaldatum),
    ontstaansdatum: datum(waarde.ontstaansdatum),
    bedrag: typeof waarde.bedrag === 'number' ? waarde.bedrag : tekst(waarde.bedrag),
    crisissignaal: vlag(waarde.crisissignaal),
    warmeOverdracht: vlag(waarde.warmeOverdracht),
    eindeLevering: vlag(waarde.eindeLevering),
    persoon: {
      voorletters: tekst(waarde.voorletters),
      voornamen: tekst(waarde.voornamen),
      tussenvoegsel: tekst(waarde.tussenvoegsel),
      achternaam: tekst(waarde.achternaam),
      geboortedatum: datum(waarde.geboortedatum),
      bsn: tekst(waarde.bsn)?.padStart(9, '0'),
      geslacht: geslacht(waarde.geslacht),
    },
    adres: {
      straat: tekst(waarde.straat),
      postcode: tekst(waarde.postcode),
      huisnummer: huis.huisnummer,
      huisletter: tekst(waarde.huisletter),
      toevoeging: tekst(waarde.toevoeging) ?? huis.toevoeging,
      woonplaats: tekst(waarde.woonplaats),
    },
    contact: { telefoonnummer: tekst(waarde.telefoonnummer), email: tekst(waarde.email) },
  };
  return JSON.parse(JSON.stringify(invoer)) as Record<string, unknown>;
}

function datumTekst(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Dates as Excel stores them, as ISO text, or in the Dutch dd-mm-jjjj creditors type. */
function datum(v: Celwaarde | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return datumTekst(v);
  const tekst = String(v).trim();
  const nl = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(tekst);
  if (nl) {
    const iso = `${nl[3]}-${nl[2]!.padStart(2, '0')}-${nl[1]!.padStart(2, '0')}`;
    // An impossible date stays as typed, so the row error shows what was wrong.
    return parseDatum(iso) ? iso : tekst;
  }
  return tekst;
}

function vlag(v: Celwaarde | undefined): boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  const tekst = String(v).trim().toLowerCase();
  if (['ja', 'j', 'x', '1', 'true', 'waar', 'yes', 'y'].includes(tekst)) return true;
  if (['nee', 'n', '0', 'false', 'onwaar', 'no', ''].includes(tekst)) return false;
  return undefined;
}

function geslacht(v: Celwaarde | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  const tekst = String(v).trim().toUpperCase();
  return (
    (
      {
        M: 'MAN',
        MAN: 'MAN',
        V: 'VROUW',
        VROUW: 'VROUW',
        O: 'ONBEKEND',
        X: 'ONBEKEND',
        ONBEKEND: 'ONBEKEND',
      } as Record<string, string>
    )[tekst] ?? tekst
  );
}

/** "12", "12a", "12 A", "12-2", "12 bis": the number and what follows it. */
function splitsHuisnummer(v: Celwaarde | undefined): {
  huisnummer: number | string | undefined;
  toevoeging: string | undefined;
} {
  if (v === null || v === undefined) return { huisnummer: undefined, toevoeging: undefined };
  if (typeof v === 'number') return { huisnummer: v, toevoeging: undefined };
  const match = /^(\d+)\s*[-\s]?\s*([A-Za-z0-9]{1,4})?$/.exec(String(v).trim());
  if (!match) return { huisnummer: String(v), toevoeging: undefined };
  return { huisnummer: Number(match[1]), toevoeging: match[2] };
}
