// A gemeente's own words for a letter or e-mail. The template is plain text
// with {{placeholders}}, never HTML: the gemeente writes what the resident
// reads, and the layout (letterhead, envelope window, reply options, closing)
// stays the platform's, so no template can move the address out of the window
// or slip markup into the PDF renderer.
//
// Text format:
// - paragraphs are separated by an empty line;
// - a line starting with "- " is an item of a bulleted list;
// - a line that is only {{achterstanden}} becomes a list of the arrears
//   (creditor type and amount); inside a sentence they are joined with commas;
// - a line whose placeholder has no value (the gemeente has no phone number,
//   the household no arrears) is left out rather than printed half.
//
// Amounts and creditors appear only where a template asks for
// {{achterstanden}}, and only on paper: in an e-mail, which can be read on a
// shared screen or forwarded, every paragraph holding {{achterstanden}} is
// left out entirely. That way one template can serve a letter step and an
// e-mail step of the outreach sequence alike.

export type Kanaal = 'BRIEF' | 'EMAIL';

/** What a template may refer to, with what the gemeente's editor sees as explanation. */
export const PLAATSHOUDERS = {
  aanhef: 'De aanhef, bijvoorbeeld "Beste mevrouw De Vries" of "Beste bewoners"',
  datum: 'De datum van de brief, bijvoorbeeld "3 december 2026"',
  'gemeente.naam': 'De naam van de gemeente',
  'gemeente.telefoon': 'Het telefoonnummer uit de instellingen',
  'gemeente.email': 'Het e-mailadres uit de instellingen',
  'gemeente.website': 'De website uit de instellingen',
  'gemeente.postadres': 'Het postadres uit de instellingen',
  achterstanden:
    'De achterstanden: soort schuldeiser en bedrag, bijvoorbeeld "Zorg: € 412,50". Alleen in brieven; in een e-mail valt de hele alinea weg.',
} as const;
export type Plaatshouder = keyof typeof PLAATSHOUDERS;

/**
 * The subject is printed above the letter and is the e-mail's subject line:
 * whoever glances at it learns nothing about a person or their arrears.
 */
const TOEGESTAAN_IN_ONDERWERP: ReadonlySet<Plaatshouder> = new Set([
  'datum',
  'gemeente.naam',
  'gemeente.telefoon',
  'gemeente.email',
  'gemeente.website',
  'gemeente.postadres',
]);

export const MAXIMALE_ONDERWERPLENGTE = 150;
export const MAXIMALE_TEKSTLENGTE = 10_000;

export interface Sjabloontekst {
  onderwerp: string;
  tekst: string;
}

export interface Sjabloonfout {
  veld: 'onderwerp' | 'tekst';
  code: string;
  melding: string;
}

export type Tekstblok =
  { soort: 'alinea'; regels: string[] } | { soort: 'lijst'; punten: string[] };

export interface Achterstand {
  /** The DDAS label of the creditor type, e.g. "Zorg". */
  soort: string;
  bedragInCenten: number;
}

export type Invulwaarden = Record<Exclude<Plaatshouder, 'achterstanden'>, string> & {
  achterstanden: Achterstand[];
};

const PLAATSHOUDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ACHTERSTANDEN_REGEL = /^\{\{\s*achterstanden\s*\}\}$/;

function isPlaatshouder(naam: string): naam is Plaatshouder {
  return Object.hasOwn(PLAATSHOUDERS, naam);
}

function gebruikte(tekst: string): string[] {
  return [...tekst.matchAll(PLAATSHOUDER)].map((m) => m[1]!);
}

const BESCHIKBAAR = Object.keys(PLAATSHOUDERS)
  .map((p) => `{{${p}}}`)
  .join(', ');

/**
 * "schuld" in any guise: Schulden, SCHULDHULP, schuld-eiser, s.c.h.u.l.d or
 * with accents; letters only, so punctuation and spacing cannot hide it.
 */
export function noemtSchuld(tekst: string): boolean {
  return tekst
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .includes('schuld');
}

/** Every problem with a template, in Dutch; empty when it can be used. */
export function valideerBriefsjabloon(sjabloon: Sjabloontekst): Sjabloonfout[] {
  const fouten: Sjabloonfout[] = [];
  const fout = (veld: Sjabloonfout['veld'], code: string, melding: string) =>
    fouten.push({ veld, code, melding });

  for (const veld of ['onderwerp', 'tekst'] as const) {
    const waarde = sjabloon[veld];
    for (const naam of new Set(gebruikte(waarde)))
      if (!isPlaatshouder(naam))
        fout(
          veld,
          'onbekende_plaatshouder',
          `Onbekende plaatshouder {{${naam}}}. Beschikbaar zijn: ${BESCHIKBAAR}.`,
        );
    if (/\{\{|\}\}/.test(waarde.replace(PLAATSHOUDER, '')))
      fout(
        veld,
        'plaatshouder_niet_afgesloten',
        'Een plaatshouder is niet goed geschreven: zet de naam tussen dubbele accolades, zoals {{aanhef}}.',
      );
  }

  const onderwerp = sjabloon.onderwerp.trim();
  if (onderwerp === '') fout('onderwerp', 'leeg', 'Het onderwerp is leeg.');
  if (onderwerp.length > MAXIMALE_ONDERWERPLENGTE)
    fout('onderwerp', 'te_lang', `Het onderwerp is hoogstens ${MAXIMALE_ONDERWERPLENGTE} tekens.`);
  if (noemtSchuld(onderwerp))
    fout(
      'onderwerp',
      'verraadt_schulden',
      'Het onderwerp mag het woord "schuld" niet bevatten, in geen enkele vorm (ook niet "schulden" of "schuldhulp"): het staat boven de brief en in de onderwerpregel van de e-mail, en wie meekijkt mag daaruit niets afleiden.',
    );
  for (const naam of new Set(gebruikte(onderwerp)))
    if (isPlaatshouder(naam) && !TOEGESTAAN_IN_ONDERWERP.has(naam))
      fout(
        'onderwerp',
        'plaatshouder_niet_in_onderwerp',
        `{{${naam}}} mag niet in het onderwerp: het onderwerp noemt geen namen, bedragen of schuldeisers. Gebruik het in de tekst.`,
      );

  if (sjabloon.tekst.trim() === '') fout('tekst', 'leeg', 'De tekst is leeg.');
  if (sjabloon.tekst.length > MAXIMALE_TEKSTLENGTE)
    fout('tekst', 'te_lang', `De tekst is hoogstens ${MAXIMALE_TEKSTLENGTE} tekens.`);
  return fouten;
}

/** "€ 1.412,50": exact from cents, Dutch separators, independent of the ICU build. */
export function euro(centen: number): string {
  const heel = Math.floor(Math.abs(centen) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = String(Math.abs(centen) % 100).padStart(2, '0');
  return `${centen < 0 ? '-' : ''}€ ${heel},${rest}`;
}

function achterstandregel(a: Achterstand): string {
  return `${a.soort}: ${euro(a.bedragInCenten)}`;
}

function vervang(regel: string, waarden: Invulwaarden): { tekst: string; leeg: boolean } {
  let leeg = false;
  const tekst = regel.replace(PLAATSHOUDER, (_, naam: string) => {
    if (!isPlaatshouder(naam)) throw new Error(`Onbekende plaatshouder {{${naam}}}`);
    const waarde =
      naam === 'achterstanden'
        ? waarden.achterstanden.map(achterstandregel).join(', ')
        : waarden[naam];
    if (waarde.trim() === '') leeg = true;
    return waarde;
  });
  return { tekst, leeg };
}

/** Fills one line; null when a placeholder in it has no value, so the line is left out. */
function vulRegelIn(regel: string, waarden: Invulwaarden): string | null {
  const { tekst, leeg } = vervang(regel, waarden);
  return leeg ? null : tekst;
}

/**
 * The subject and body of a template for one resident. Throws for a template
 * that does not validate; stored templates were validated when saved.
 */
export function vulIn(
  sjabloon: Sjabloontekst,
  waarden: Invulwaarden,
  kanaal: Kanaal,
): { onderwerp: string; blokken: Tekstblok[] } {
  const fouten = valideerBriefsjabloon(sjabloon);
  if (fouten.length > 0) throw new Error(`Ongeldig briefsjabloon: ${fouten[0]!.melding}`);
  const blokken: Tekstblok[] = [];
  const alineas = sjabloon.tekst
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const alinea of alineas) {
    if (kanaal === 'EMAIL' && gebruikte(alinea).includes('achterstanden')) continue;
    const binnen: Tekstblok[] = [];
    const voegToe = (soort: Tekstblok['soort'], tekst: string) => {
      const laatste = binnen.at(-1);
      if (soort === 'alinea') {
        if (laatste?.soort === 'alinea') laatste.regels.push(tekst);
        else binnen.push({ soort, regels: [tekst] });
      } else if (laatste?.soort === 'lijst') laatste.punten.push(tekst);
      else binnen.push({ soort, punten: [tekst] });
    };
    for (const ruw of alinea.split('\n').map((r) => r.trim())) {
      if (ACHTERSTANDEN_REGEL.test(ruw)) {
        for (const a of waarden.achterstanden) voegToe('lijst', achterstandregel(a));
        continue;
      }
      const punt = /^[-*•]\s+/.exec(ruw);
      const regel = vulRegelIn(punt ? ruw.slice(punt[0].length) : ruw, waarden);
      if (regel !== null && regel.trim() !== '') voegToe(punt ? 'lijst' : 'alinea', regel);
    }
    blokken.push(...binnen);
  }
  // A subject is never dropped: an empty contact detail just leaves a gap.
  return { onderwerp: vervang(sjabloon.onderwerp.trim(), waarden).tekst.trim(), blokken };
}
