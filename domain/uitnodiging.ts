// The outreach sequence and the words it uses. Plain Dutch at B1 level: the
// letter invites, it does not accuse. Neither the envelope window nor the
// subject says "schulden", and no creditor or amount is named, so a housemate
// or neighbour learns nothing from the envelope.
//
// A gemeente may replace the words with its own Briefsjabloon (see
// domain/briefsjabloon.ts); the built-in texts below are templates in the
// same format, so both go through one renderer and one layout.

import { MAANDNAMEN } from './tijd.js';
import {
  type Achterstand,
  type Kanaal,
  type Sjabloontekst,
  type Tekstblok,
  vulIn,
} from './briefsjabloon.js';
import type { Veldfout } from './veldfout.js';

export type Stapsoort = 'BRIEF' | 'EMAIL' | 'TAAK';

export interface Uitnodigingsstap {
  /** Time after the melding opened, as Temporal reads durations ("14 days", "2s"). */
  na: string;
  soort: Stapsoort;
  sjabloon: string;
  /** For a TAAK: days the caseworker has for it. */
  termijnDagen?: number;
}

/** The default: letter and e-mail at once, a reminder at day 14, a visit task at day 21. */
export const STANDAARD_REEKS: Uitnodigingsstap[] = [
  { na: '0 days', soort: 'BRIEF', sjabloon: 'uitnodiging' },
  { na: '0 days', soort: 'EMAIL', sjabloon: 'uitnodiging' },
  { na: '14 days', soort: 'BRIEF', sjabloon: 'herinnering' },
  { na: '21 days', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken', termijnDagen: 7 },
];

export interface Huisgenoot {
  voorletters: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  geslacht: 'MAN' | 'VROUW' | 'ONBEKEND' | null;
}

export interface Briefgegevens {
  gemeente: {
    naam: string;
    telefoon: string | null;
    email: string | null;
    website: string | null;
    postadres: string | null;
    logoSvg: string | null;
  };
  personen: Huisgenoot[];
  adres: {
    straat: string | null;
    huisnummer: number;
    huisletter: string | null;
    toevoeging: string | null;
    postcode: string;
    woonplaats: string;
  };
  /** JJJJ-MM-DD */
  datum: string;
  /** Only for a template that asks for {{achterstanden}}, and never in e-mail. */
  achterstanden?: Achterstand[];
}

function lange(datum: string): string {
  const [jaar, maand, dag] = datum.split('-').map(Number);
  return `${dag} ${MAANDNAMEN[maand! - 1]} ${jaar}`;
}

function naam(p: Huisgenoot): string {
  return [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
}

/** "Beste mevrouw De Vries", or the household when more people live there. */
export function aanhef(personen: Huisgenoot[]): string {
  if (personen.length !== 1) return 'Beste bewoners';
  const [p] = personen as [Huisgenoot];
  const achternaam = [p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
  const hoofdletter = achternaam.charAt(0).toUpperCase() + achternaam.slice(1);
  if (p.geslacht === 'VROUW') return `Beste mevrouw ${hoofdletter}`;
  if (p.geslacht === 'MAN') return `Beste meneer ${hoofdletter}`;
  return `Beste ${naam(p)}`;
}

/** The lines in the envelope window: who and where, nothing else. */
export function adresregels(g: Briefgegevens): string[] {
  const namen =
    g.personen.length === 0
      ? ['De bewoners']
      : g.personen.length <= 2
        ? g.personen.map(naam)
        : ['De bewoners'];
  const huis = `${g.adres.huisnummer}${g.adres.huisletter ?? ''}${g.adres.toevoeging ? `-${g.adres.toevoeging}` : ''}`;
  const postcode = `${g.adres.postcode.slice(0, 4)} ${g.adres.postcode.slice(4)}`;
  return [
    ...namen,
    g.adres.straat ? `${g.adres.straat} ${huis}` : `Huisnummer ${huis}`,
    `${postcode} ${g.adres.woonplaats.toUpperCase()}`,
  ];
}

function contactregels(g: Briefgegevens['gemeente']): string[] {
  return [
    g.telefoon ? `Bel ons op ${g.telefoon}. Dat kan op werkdagen.` : null,
    g.email ? `Mail naar ${g.email}.` : null,
    g.website ? `Kijk op ${g.website}. Daar kunt u ook een afspraak maken.` : null,
  ].filter((r): r is string => r !== null);
}

export interface Tekst {
  onderwerp: string;
  blokken: Tekstblok[];
  /** What the reader can do, as a list: part of the layout, not of the template. */
  acties: string[];
}

/** The platform's own B1 texts, used while a gemeente has no Briefsjabloon of that name. */
export const INGEBOUWDE_SJABLONEN: Readonly<Record<string, Sjabloontekst>> = {
  uitnodiging: {
    onderwerp: 'Wij willen graag met u praten',
    tekst: [
      '{{aanhef}},',
      'Wij hebben gehoord dat het u misschien niet lukt om een rekening op tijd te betalen. Dat kan iedereen overkomen. De gemeente {{gemeente.naam}} helpt u graag, zodat het geen groter probleem wordt.',
      'Onze hulp is gratis. U hoeft niets voor te bereiden. Wij luisteren naar u en kijken samen wat u nodig heeft.',
      'Wilt u contact met ons opnemen? Dat kan zo:',
    ].join('\n\n'),
  },
  herinnering: {
    onderwerp: 'Wij helpen u graag',
    tekst: [
      '{{aanhef}},',
      'Twee weken geleden stuurden wij u een brief. Wij hebben nog niets van u gehoord. Misschien had u geen tijd, of vond u het lastig. Dat begrijpen wij.',
      'De gemeente {{gemeente.naam}} wil u nog steeds graag helpen. Onze hulp is gratis en u zit nergens aan vast.',
      'Neem contact met ons op:',
    ].join('\n\n'),
  },
};

export function isIngebouwdSjabloon(naam: string): boolean {
  return Object.hasOwn(INGEBOUWDE_SJABLONEN, naam);
}

/**
 * The words of a letter or e-mail: the gemeente's own template when given,
 * else the built-in one; throws for a name that has neither.
 */
export function tekstVan(
  sjabloon: string,
  g: Briefgegevens,
  kanaal: Kanaal = 'BRIEF',
  eigen: Sjabloontekst | null = null,
): Tekst {
  const bron = eigen ?? (isIngebouwdSjabloon(sjabloon) ? INGEBOUWDE_SJABLONEN[sjabloon] : null);
  if (!bron) throw new Error(`Onbekend sjabloon: ${sjabloon}`);
  const { onderwerp, blokken } = vulIn(
    bron,
    {
      aanhef: aanhef(g.personen),
      datum: lange(g.datum),
      'gemeente.naam': g.gemeente.naam,
      'gemeente.telefoon': g.gemeente.telefoon ?? '',
      'gemeente.email': g.gemeente.email ?? '',
      'gemeente.website': g.gemeente.website ?? '',
      'gemeente.postadres': g.gemeente.postadres ?? '',
      // Belt and braces: the renderer already drops them from e-mail.
      achterstanden: kanaal === 'EMAIL' ? [] : (g.achterstanden ?? []),
    },
    kanaal,
  );
  return { onderwerp, blokken, acties: contactregels(g.gemeente) };
}

function html(tekst: string): string {
  return tekst
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function blokHtml(blok: Tekstblok): string {
  return blok.soort === 'alinea'
    ? `<p>${blok.regels.map(html).join('<br>')}</p>`
    : `<ul>${blok.punten.map((p) => `<li>${html(p)}</li>`).join('')}</ul>`;
}

/** The letter as an A4 page, the address placed in the window of a standard envelope. */
export function briefHtml(
  sjabloon: string,
  g: Briefgegevens,
  eigen: Sjabloontekst | null = null,
): { onderwerp: string; html: string } {
  const t = tekstVan(sjabloon, g, 'BRIEF', eigen);
  const afzender = [g.gemeente.naam, g.gemeente.postadres].filter(Boolean).map((r) => html(r!));
  return {
    onderwerp: t.onderwerp,
    html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${html(t.onderwerp)}</title><style>
@page { size: A4; margin: 0 }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.5; margin: 0 }
.kop { position: absolute; top: 15mm; left: 20mm; right: 20mm; display: flex; justify-content: space-between; align-items: flex-start }
.logo svg { max-height: 18mm; max-width: 60mm }
.afzender { font-size: 9pt; text-align: right }
.venster { position: absolute; top: 50mm; left: 22mm; width: 85mm; height: 25mm; font-size: 10.5pt; line-height: 1.3 }
.inhoud { position: absolute; top: 95mm; left: 22mm; right: 22mm }
h1 { font-size: 13pt; margin: 0 0 6mm }
.datum { margin-bottom: 6mm }
</style></head><body>
<div class="kop"><div class="logo">${g.gemeente.logoSvg ?? `<strong>${html(g.gemeente.naam)}</strong>`}</div><div class="afzender">${afzender.join('<br>')}</div></div>
<div class="venster">${adresregels(g).map(html).join('<br>')}</div>
<div class="inhoud">
<p class="datum">${html(g.gemeente.naam)}, ${lange(g.datum)}</p>
<h1>${html(t.onderwerp)}</h1>
${t.blokken.map(blokHtml).join('\n')}
<ul>${t.acties.map((a) => `<li>${html(a)}</li>`).join('')}</ul>
<p>Met vriendelijke groet,</p>
<p>Team Vroegsignalering<br>Gemeente ${html(g.gemeente.naam)}</p>
</div></body></html>`,
  };
}

/** The e-mail: the same invitation, without address, amounts or creditors. */
export function emailTekst(
  sjabloon: string,
  g: Briefgegevens,
  eigen: Sjabloontekst | null = null,
): { onderwerp: string; tekst: string } {
  const t = tekstVan(sjabloon, g, 'EMAIL', eigen);
  return {
    onderwerp: `${t.onderwerp} - gemeente ${g.gemeente.naam}`,
    tekst: [
      ...t.blokken.flatMap((b) =>
        b.soort === 'alinea' ? [...b.regels, ''] : [...b.punten.map((p) => `- ${p}`), ''],
      ),
      ...t.acties.map((a) => `- ${a}`),
      '',
      'Met vriendelijke groet,',
      '',
      'Team Vroegsignalering',
      `Gemeente ${g.gemeente.naam}`,
    ].join('\n'),
  };
}

// The durations the workflow's timers accept (Temporal reads them with the
// `ms` library); a strict subset, so what passes here always parses there.
const DUUR = /^(\d{1,6})\s*(ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i;
const EENHEID_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of a step's "na" ("0 days", "14 days", "2 hours", "8s"); undefined when unreadable. */
export function duurInMs(na: string): number | undefined {
  const match = DUUR.exec(na.trim());
  if (!match) return undefined;
  const eenheid = match[2]!.toLowerCase();
  const factor = eenheid === 'ms' ? 1 : EENHEID_MS[eenheid.charAt(0)]!;
  return Number(match[1]) * factor;
}

export const MAXIMALE_REEKSDUUR_DAGEN = 365;
export const MAXIMAAL_AANTAL_STAPPEN = 20;

/**
 * What the shape of a step cannot say by itself: letters and e-mails name a
 * template the gemeente has (built in or its own), a task has a deadline, and
 * the steps are in time order (the workflow walks them in order, so a later
 * step with an earlier time would only run after its predecessor).
 */
export function valideerStappen(
  stappen: Uitnodigingsstap[],
  eigenSjablonen: Iterable<string>,
): Veldfout[] {
  const bekend = new Set([...Object.keys(INGEBOUWDE_SJABLONEN), ...eigenSjablonen]);
  const fouten: Veldfout[] = [];
  let vorige = 0;
  for (const [i, stap] of stappen.entries()) {
    const veld = (naam: string) => `stappen.${i}.${naam}`;
    const duur = duurInMs(stap.na);
    if (duur === undefined)
      fouten.push({
        veld: veld('na'),
        code: 'ongeldig',
        melding: `na is een tijdsduur zoals "0 days", "14 days" of "2 hours", niet "${stap.na}".`,
      });
    else if (duur > MAXIMALE_REEKSDUUR_DAGEN * 86_400_000)
      fouten.push({
        veld: veld('na'),
        code: 'te_laat',
        melding: `Een stap valt hoogstens ${MAXIMALE_REEKSDUUR_DAGEN} dagen na het openen van de melding.`,
      });
    else if (duur < vorige)
      fouten.push({
        veld: veld('na'),
        code: 'volgorde',
        melding: `De stappen staan op volgorde van tijd: stap ${i + 1} (${stap.na}) komt eerder dan stap ${i}.`,
      });
    else vorige = duur;

    if (stap.soort === 'TAAK') {
      if (stap.termijnDagen === undefined)
        fouten.push({
          veld: veld('termijnDagen'),
          code: 'verplicht',
          melding: 'Een taak heeft een termijn: termijnDagen is verplicht bij soort TAAK.',
        });
    } else {
      if (stap.termijnDagen !== undefined)
        fouten.push({
          veld: veld('termijnDagen'),
          code: 'ongeldig',
          melding: 'termijnDagen hoort alleen bij soort TAAK.',
        });
      if (!bekend.has(stap.sjabloon))
        fouten.push({
          veld: veld('sjabloon'),
          code: 'onbekend_sjabloon',
          melding: `Onbekend briefsjabloon "${stap.sjabloon}". Kies uit: ${[...bekend].sort().join(', ')}.`,
        });
    }
  }
  return fouten;
}
