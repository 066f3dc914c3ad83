import { z } from 'zod';
import {
  adressleutel,
  isGeldigBsn,
  isGeldigEmailadres,
  normaliseerPostcode,
  normaliseerTelefoonnummer,
  parseBedragInCenten,
  parseDatum,
} from './nederlandse-gegevens.js';
import { EXCEL_FOUTWAARDE } from './kolommen.js';
import { type Veldfout, veldfoutenUitZod } from './veldfout.js';

export type { Veldfout };

/** Upper bound on one signal's arrears; above it the row is almost certainly a unit mistake (cents as euros). */
export const MAXIMAAL_BEDRAG_IN_CENTEN = 100_000_000;
const OUDSTE_LEEFTIJD = 120;
const JONGSTE_LEEFTIJD = 16;

/** "is verplicht" when the field is missing, otherwise what it should have been. */
const verplicht =
  (veld: string, anders: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? `${veld} is verplicht.` : anders;

const tekst = (veld: string, max: number) =>
  z
    .string({ error: verplicht(veld, `${veld} moet tekst zijn.`) })
    .trim()
    .min(1, { error: `${veld} is verplicht.` })
    .max(max, { error: `${veld} mag hoogstens ${max} tekens lang zijn.` });
const optioneleTekst = (veld: string, max: number) => tekst(veld, max).optional().nullable();
const vlag = (veld: string) =>
  z.boolean({ error: `${veld} moet true of false zijn.` }).default(false);
const datumTekst = (veld: string) =>
  z.string({ error: verplicht(veld, `${veld} moet een datum zijn (JJJJ-MM-DD).`) });

/** The JSON shape of one signal as a creditor delivers it (Dutch field names, DESIGN §2). */
export const signaalInvoerSchema = z.strictObject({
  referentie: tekst('Referentie', 100),
  signaaldatum: datumTekst('Signaaldatum'),
  ontstaansdatum: datumTekst('Ontstaansdatum'),
  bedrag: z.union([z.number(), z.string()], {
    error: verplicht('Bedrag', 'Bedrag moet een bedrag in euro zijn, bijvoorbeeld 123,45.'),
  }),
  crisissignaal: vlag('Crisissignaal'),
  warmeOverdracht: vlag('Warme overdracht'),
  eindeLevering: vlag('Einde levering'),
  persoon: z.strictObject(
    {
      voorletters: optioneleTekst('Voorletters', 20),
      voornamen: optioneleTekst('Voornamen', 200),
      tussenvoegsel: optioneleTekst('Tussenvoegsel', 20),
      achternaam: tekst('Achternaam', 200),
      geboortedatum: datumTekst('Geboortedatum'),
      bsn: z.string({ error: 'BSN moet tekst zijn.' }).optional().nullable(),
      geslacht: z
        .enum(['MAN', 'VROUW', 'ONBEKEND'], { error: 'Geslacht moet MAN, VROUW of ONBEKEND zijn.' })
        .optional()
        .nullable(),
    },
    { error: 'Persoon ontbreekt.' },
  ),
  adres: z.strictObject(
    {
      straat: optioneleTekst('Straat', 200),
      postcode: z.string({ error: verplicht('Postcode', 'Postcode moet tekst zijn.') }),
      huisnummer: z
        .number({ error: verplicht('Huisnummer', 'Huisnummer moet een getal zijn.') })
        .int({ error: 'Huisnummer moet een geheel getal zijn.' })
        .min(1, { error: 'Huisnummer moet minstens 1 zijn.' })
        .max(99999, { error: 'Huisnummer mag hoogstens 99999 zijn.' }),
      huisletter: z
        .string()
        .regex(/^[A-Za-z]$/, { error: 'Huisletter moet één letter zijn.' })
        .optional()
        .nullable(),
      toevoeging: z
        .string()
        .regex(/^[A-Za-z0-9]{1,4}$/, {
          error: 'Toevoeging mag hoogstens 4 letters of cijfers zijn.',
        })
        .optional()
        .nullable(),
      woonplaats: tekst('Woonplaats', 80),
    },
    { error: 'Adres ontbreekt.' },
  ),
  contact: z
    .strictObject({
      telefoonnummer: z.string().optional().nullable(),
      email: z.string().optional().nullable(),
    })
    .optional()
    .nullable(),
});
export type SignaalInvoer = z.input<typeof signaalInvoerSchema>;

/** A signal that passed every check, normalised for storage. */
export interface GevalideerdSignaal {
  referentie: string;
  signaaldatum: Date;
  ontstaansdatum: Date;
  bedragInCenten: number;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
  eindeLevering: boolean;
  persoon: {
    voorletters: string | null;
    voornamen: string | null;
    tussenvoegsel: string | null;
    achternaam: string;
    geboortedatum: Date;
    bsn: string | null;
    geslacht: 'MAN' | 'VROUW' | 'ONBEKEND' | null;
  };
  adres: {
    straat: string | null;
    postcode: string;
    huisnummer: number;
    huisletter: string | null;
    toevoeging: string | null;
    woonplaats: string;
    adressleutel: string;
  };
  contact: { telefoonnummer: string | null; email: string | null };
}

export type Validatieresultaat =
  { geldig: true; signaal: GevalideerdSignaal } | { geldig: false; fouten: Veldfout[] };

/**
 * Validates one delivered signal and reports every problem at once, so a
 * creditor can fix a row in one go. `vandaag` is passed in to keep this pure.
 */
export function valideerSignaal(invoer: unknown, vandaag: Date): Validatieresultaat {
  const resultaat = valideerVelden(invoer, vandaag);
  const formulefouten = [...excelFoutwaarden(invoer), ...onleesbareTekens(invoer)];
  if (formulefouten.length === 0) return resultaat;
  // "#N/A" would pass as a surname, and "not a number" hides the real cause.
  const velden = new Set(formulefouten.map((f) => f.veld));
  const overige = resultaat.geldig ? [] : resultaat.fouten.filter((f) => !velden.has(f.veld));
  return { geldig: false, fouten: [...formulefouten, ...overige] };
}

/**
 * NUL (a legacy export's padding) and U+FFFD, which the file readers put in
 * its place because PostgreSQL cannot store NUL in text: such a value would
 * end up garbled on a letter, and a NUL would make storing the whole part of
 * the delivery fail over and over. The row is refused with a reason instead.
 */
function isOnleesbaar(tekst: string): boolean {
  return tekst.includes('\u0000') || tekst.includes('\uFFFD');
}

/** A delivered value with every NUL replaced by U+FFFD, so that it can be stored and then refused. */
export function vervangNul(waarde: unknown): unknown {
  if (typeof waarde === 'string') return waarde.replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(waarde)) return waarde.map(vervangNul);
  if (waarde !== null && typeof waarde === 'object')
    return Object.fromEntries(
      Object.entries(waarde).map(([k, w]) => [k.replaceAll('\u0000', '\uFFFD'), vervangNul(w)]),
    );
  return waarde;
}

function onleesbareTekens(invoer: unknown, pad: string[] = []): Veldfout[] {
  if (typeof invoer === 'string' && isOnleesbaar(invoer))
    return [
      {
        veld: pad.join('.'),
        code: 'onleesbaar_teken',
        melding:
          'Bevat een onleesbaar teken (een NUL-teken of een teken in de verkeerde tekenset); verwijder het of sla het bestand op als CSV UTF-8 en lever de regel opnieuw aan.',
      },
    ];
  if (invoer !== null && typeof invoer === 'object')
    return Object.entries(invoer).flatMap(([sleutel, waarde]) =>
      onleesbareTekens(waarde, [...pad, sleutel]),
    );
  return [];
}

function excelFoutwaarden(invoer: unknown, pad: string[] = []): Veldfout[] {
  if (typeof invoer === 'string' && EXCEL_FOUTWAARDE.test(invoer.trim()))
    return [
      {
        veld: pad.join('.'),
        code: 'excel_foutwaarde',
        melding: `Bevat de Excel-foutwaarde ${invoer.trim()} in plaats van een waarde; controleer de formule.`,
      },
    ];
  if (invoer !== null && typeof invoer === 'object')
    return Object.entries(invoer).flatMap(([sleutel, waarde]) =>
      excelFoutwaarden(waarde, [...pad, sleutel]),
    );
  return [];
}

function valideerVelden(invoer: unknown, vandaag: Date): Validatieresultaat {
  const structuur = signaalInvoerSchema.safeParse(invoer);
  if (!structuur.success) {
    return { geldig: false, fouten: veldfoutenUitZod(structuur.error) };
  }
  const s = structuur.data;
  const fouten: Veldfout[] = [];
  const fout = (veld: string, code: string, melding: string) =>
    fouten.push({ veld, code, melding });
  const dag = Date.UTC(vandaag.getUTCFullYear(), vandaag.getUTCMonth(), vandaag.getUTCDate());

  const signaaldatum = parseDatum(s.signaaldatum);
  const ontstaansdatum = parseDatum(s.ontstaansdatum);
  const geboortedatum = parseDatum(s.persoon.geboortedatum);
  if (!signaaldatum)
    fout('signaaldatum', 'ongeldige_datum', 'Signaaldatum is geen bestaande datum.');
  else if (signaaldatum.getTime() > dag)
    fout('signaaldatum', 'datum_in_toekomst', 'Signaaldatum mag niet in de toekomst liggen.');
  if (!ontstaansdatum)
    fout('ontstaansdatum', 'ongeldige_datum', 'Ontstaansdatum is geen bestaande datum.');
  else if (signaaldatum && ontstaansdatum > signaaldatum)
    fout('ontstaansdatum', 'na_signaaldatum', 'Ontstaansdatum mag niet na de signaaldatum liggen.');
  if (!geboortedatum)
    fout('persoon.geboortedatum', 'ongeldige_datum', 'Geboortedatum is geen bestaande datum.');
  else {
    const leeftijd = (dag - geboortedatum.getTime()) / (365.2425 * 24 * 3600 * 1000);
    if (leeftijd < JONGSTE_LEEFTIJD || leeftijd > OUDSTE_LEEFTIJD)
      fout(
        'persoon.geboortedatum',
        'onwaarschijnlijke_geboortedatum',
        `Geboortedatum is onwaarschijnlijk: de persoon moet tussen ${JONGSTE_LEEFTIJD} en ${OUDSTE_LEEFTIJD} jaar oud zijn.`,
      );
  }

  const bedragInCenten = parseBedragInCenten(s.bedrag);
  if (bedragInCenten === undefined)
    fout('bedrag', 'ongeldig_bedrag', 'Bedrag is geen geldig bedrag in euro, bijvoorbeeld 123,45.');
  else if (bedragInCenten <= 0)
    fout('bedrag', 'bedrag_niet_positief', 'Bedrag moet groter dan 0 zijn.');
  else if (bedragInCenten > MAXIMAAL_BEDRAG_IN_CENTEN)
    fout(
      'bedrag',
      'bedrag_te_hoog',
      'Bedrag is hoger dan € 1.000.000; controleer of het in euro is opgegeven.',
    );

  const bsn = s.persoon.bsn?.trim() || null;
  if (bsn !== null && !isGeldigBsn(bsn))
    fout('persoon.bsn', 'ongeldig_bsn', 'BSN is ongeldig: het voldoet niet aan de elfproef.');

  const postcode = normaliseerPostcode(s.adres.postcode);
  if (!postcode)
    fout(
      'adres.postcode',
      'ongeldige_postcode',
      'Postcode moet vier cijfers en twee letters zijn, bijvoorbeeld 1234 AB.',
    );

  const email = s.contact?.email?.trim() || null;
  if (email !== null && !isGeldigEmailadres(email))
    fout('contact.email', 'ongeldig_emailadres', 'E-mailadres is ongeldig.');
  const telefoonInvoer = s.contact?.telefoonnummer?.trim() || null;
  const telefoonnummer = telefoonInvoer === null ? null : normaliseerTelefoonnummer(telefoonInvoer);
  if (telefoonnummer === undefined)
    fout(
      'contact.telefoonnummer',
      'ongeldig_telefoonnummer',
      'Telefoonnummer is ongeldig: gebruik 10 cijfers (0612345678) of een internationaal nummer (+31612345678).',
    );

  if (fouten.length > 0 || !signaaldatum || !ontstaansdatum || !geboortedatum || !postcode) {
    return { geldig: false, fouten };
  }
  const huisletter = s.adres.huisletter?.toUpperCase() ?? null;
  const toevoeging = s.adres.toevoeging?.toUpperCase() ?? null;
  return {
    geldig: true,
    signaal: {
      referentie: s.referentie,
      signaaldatum,
      ontstaansdatum,
      bedragInCenten: bedragInCenten!,
      crisissignaal: s.crisissignaal,
      warmeOverdracht: s.warmeOverdracht,
      eindeLevering: s.eindeLevering,
      persoon: {
        voorletters: s.persoon.voorletters ?? null,
        voornamen: s.persoon.voornamen ?? null,
        tussenvoegsel: s.persoon.tussenvoegsel ?? null,
        achternaam: s.persoon.achternaam,
        geboortedatum,
        bsn: bsn === null ? null : bsn.padStart(9, '0'),
        geslacht: s.persoon.geslacht ?? null,
      },
      adres: {
        straat: s.adres.straat ?? null,
        postcode,
        huisnummer: s.adres.huisnummer,
        huisletter,
        toevoeging,
        woonplaats: s.adres.woonplaats,
        adressleutel: adressleutel({
          postcode,
          huisnummer: s.adres.huisnummer,
          huisletter,
          toevoeging,
        }),
      },
      contact: { telefoonnummer: telefoonnummer ?? null, email },
    },
  };
}
