import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  MAXIMALE_ONDERWERPLENGTE,
  MAXIMALE_TEKSTLENGTE,
  PLAATSHOUDERS,
} from '../../../domain/briefsjabloon.js';
import { SIGNAALPARTNER_TYPES, type SignaalpartnerTypeCode } from '../../../domain/ddas.js';
import { isGeldigEmailadres } from '../../../domain/nederlandse-gegevens.js';
import { briefHtml, duurInMs, MAXIMAAL_AANTAL_STAPPEN } from '../../../domain/uitnodiging.js';
import { valideerBriefsjabloon } from '../../../domain/briefsjabloon.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { GemeentenService } from './gemeenten.service.js';

const LEZERS = ['PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR'] as const;
const BEHEERDERS = ['PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER'] as const;

const geheel = (min: number, max: number, melding: string) =>
  z.int({ error: melding }).min(min, { error: melding }).max(max, { error: melding }).optional();

/** Optional contact text; null or "" clears it. */
const contact = (max: number, melding: string, geldig: (w: string) => boolean = () => true) =>
  z
    .string({ error: melding })
    .trim()
    .max(max, { error: melding })
    .refine((w) => w === '' || geldig(w), { error: melding })
    .transform((w) => (w === '' ? null : w))
    .nullable()
    .optional();

/**
 * The logo goes into the letter's HTML as is, and Chromium renders it in the
 * worker: nothing in it may run or reach out (the page has JavaScript off,
 * but an external href would still be fetched).
 */
function isVeiligLogo(svg: string): boolean {
  const inhoud = svg.trim();
  return (
    /^(<\?xml[^>]*\?>\s*)?<svg[\s>]/i.test(inhoud) &&
    /<\/svg>$/i.test(inhoud) &&
    !/<\s*(script|foreignObject|iframe|object|embed)\b/i.test(inhoud) &&
    !/\son[a-z]+\s*=/i.test(inhoud) &&
    !/javascript:|@import|url\(\s*(?!['"]?\s*#)/i.test(inhoud) &&
    !/(href|src)\s*=\s*(?!['"]?\s*(#|data:image\/))/i.test(inhoud)
  );
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminantie(kleur: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(kleur.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Contrast of white text on the colour: buttons and the header carry white text on it. */
export function contrastMetWit(kleur: string): number {
  return 1.05 / (luminantie(kleur) + 0.05);
}

const TYPEN = Object.keys(SIGNAALPARTNER_TYPES) as [
  SignaalpartnerTypeCode,
  ...SignaalpartnerTypeCode[],
];

const instellingenSchema = z.strictObject({
  minimumBedragInCenten: geheel(
    0,
    100_000,
    'minimumBedragInCenten is een heel aantal centen van 0 tot en met 100000 (€ 1.000,00).',
  ),
  alleenBehandelaarTypen: z
    .array(
      z.enum(TYPEN, {
        error: `alleenBehandelaarTypen bevat signaalpartnertypen uit DDAS: ${TYPEN.join(', ')}.`,
      }),
      { error: 'alleenBehandelaarTypen is een lijst van signaalpartnertypen.' },
    )
    .transform((typen) => [...new Set(typen)])
    .optional(),
  termijnEersteContactDagen: geheel(
    1,
    365,
    'termijnEersteContactDagen is een aantal dagen van 1 tot en met 365.',
  ),
  termijnOppakkenDagen: geheel(
    1,
    365,
    'termijnOppakkenDagen is een aantal dagen van 1 tot en met 365.',
  ),
  termijnCrisisWerkdagen: geheel(
    1,
    10,
    'termijnCrisisWerkdagen is een aantal werkdagen van 1 tot en met 10.',
  ),
  bewaartermijnNietOpgepaktMaanden: geheel(
    1,
    6,
    'bewaartermijnNietOpgepaktMaanden is een aantal maanden van 1 tot en met 6: korter bewaren mag, langer dan 6 maanden niet.',
  ),
  bewaartermijnAfgehandeldMaanden: geheel(
    1,
    18,
    'bewaartermijnAfgehandeldMaanden is een aantal maanden van 1 tot en met 18: korter bewaren mag, langer dan 18 maanden niet.',
  ),
  emailIngeschakeld: z.boolean({ error: 'emailIngeschakeld is true of false.' }).optional(),
  telefoon: contact(
    30,
    'telefoon is een telefoonnummer, bijvoorbeeld 14 0344 of 030-2860000.',
    (w) => /^[+(]?[0-9][0-9 ()-]*$/.test(w),
  ),
  email: contact(254, 'email is een e-mailadres, bijvoorbeeld geldzorgen@gemeente.nl.', (w) =>
    isGeldigEmailadres(w),
  ),
  website: contact(
    200,
    'website is een webadres zonder spaties, bijvoorbeeld www.gemeente.nl/geldzorgen.',
    (w) => /^\S+\.\S+$/.test(w),
  ),
  postadres: contact(
    200,
    'postadres is hoogstens 200 tekens, bijvoorbeeld "Postbus 16200, 3500 CE Utrecht".',
  ),
  huisstijlKleur: z
    .string({ error: 'huisstijlKleur is een kleur als #rrggbb, bijvoorbeeld #1a5f8a.' })
    .regex(/^#[0-9a-fA-F]{6}$/, {
      error: 'huisstijlKleur is een kleur als #rrggbb, bijvoorbeeld #1a5f8a.',
    })
    .transform((k) => k.toLowerCase())
    .refine((k) => contrastMetWit(k) >= 4.5, {
      error: (issue) =>
        `De kleur ${String(issue.input)} is te licht: witte tekst erop heeft een contrast van ${contrastMetWit(String(issue.input)).toFixed(1).replace('.', ',')}:1, en moet minstens 4,5:1 zijn. Kies een donkerdere kleur.`,
    })
    .nullable()
    .optional(),
  logoSvg: z
    .string({ error: 'logoSvg is de tekst van een SVG-afbeelding.' })
    .max(100_000, { error: 'logoSvg is hoogstens 100 kB.' })
    .refine(isVeiligLogo, {
      error:
        'logoSvg is een SVG-afbeelding (<svg>…</svg>) zonder scripts, gebeurtenissen of verwijzingen naar buiten; een afbeelding erin staat er zelf in, als data:image-URL.',
    })
    .nullable()
    .optional(),
  rapportageOntvangers: z
    .array(
      z
        .string({ error: 'rapportageOntvangers is een lijst van e-mailadressen.' })
        .trim()
        .toLowerCase()
        .refine(isGeldigEmailadres, {
          error: (issue) => `rapportageOntvangers: "${String(issue.input)}" is geen e-mailadres.`,
        }),
      { error: 'rapportageOntvangers is een lijst van e-mailadressen.' },
    )
    .max(20, { error: 'rapportageOntvangers heeft hoogstens 20 e-mailadressen.' })
    .transform((adressen) => [...new Set(adressen)])
    .optional(),
});

const STAPSOORTEN = ['BRIEF', 'EMAIL', 'TAAK'] as const;
const stapSchema = z.strictObject({
  na: z
    .string({ error: 'na is een tijdsduur zoals "0 days", "14 days" of "2 hours".' })
    .trim()
    .refine((na) => duurInMs(na) !== undefined, {
      error: (issue) =>
        `na is een tijdsduur zoals "0 days", "14 days" of "2 hours", niet "${String(issue.input)}".`,
    }),
  soort: z.enum(STAPSOORTEN, { error: 'soort is BRIEF, EMAIL of TAAK.' }),
  sjabloon: z.string({ error: 'sjabloon is verplicht.' }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    error:
      'sjabloon is de naam van een briefsjabloon of, bij een TAAK, de soort taak: kleine letters, cijfers en streepjes, hoogstens 40 tekens.',
  }),
  termijnDagen: z
    .int({ error: 'termijnDagen is een aantal dagen van 1 tot en met 365.' })
    .min(1, { error: 'termijnDagen is een aantal dagen van 1 tot en met 365.' })
    .max(365, { error: 'termijnDagen is een aantal dagen van 1 tot en met 365.' })
    .optional(),
});
const reeksSchema = z.strictObject({
  stappen: z
    .array(stapSchema, { error: 'stappen is een lijst van stappen.' })
    .max(MAXIMAAL_AANTAL_STAPPEN, {
      error: `Een uitnodigingsreeks heeft hoogstens ${MAXIMAAL_AANTAL_STAPPEN} stappen.`,
    }),
});

const SJABLOONNAAM = /^[a-z0-9][a-z0-9-]{0,39}$/;
const sjabloonSchema = z.strictObject({
  onderwerp: z
    .string({ error: 'onderwerp is verplicht.' })
    .max(MAXIMALE_ONDERWERPLENGTE * 2, { error: 'Het onderwerp is te lang.' }),
  tekst: z
    .string({ error: 'tekst is verplicht.' })
    .max(MAXIMALE_TEKSTLENGTE * 2, { error: 'De tekst is te lang.' }),
});

const gemeenteParam = () =>
  ApiParam({ name: 'code', description: 'CBS-gemeentecode, bijvoorbeeld 0344', example: '0344' });

@ApiTags('Gemeentebeheer')
@ApiBearerAuth()
@Controller('gemeenten/:code')
export class GemeentenController {
  constructor(
    @Inject(GemeentenService) private readonly gemeenten: GemeentenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get('instellingen')
  @Rollen(...LEZERS)
  @ApiOperation({
    summary:
      'De instellingen van uw gemeente: filters, termijnen, bewaartermijnen en contactgegevens',
  })
  @gemeenteParam()
  @ApiResponse({ status: 200, description: 'De instellingen' })
  @ApiResponse({ status: 404, description: 'Gemeente niet gevonden of niet de uwe' })
  async instellingen(@Param('code') code: string, @HuidigeActor() actor: Actor) {
    return this.gemeenten.instellingen(await this.gemeenten.gemeenteId(actor, code));
  }

  @Patch('instellingen')
  @Rollen(...BEHEERDERS)
  @ApiOperation({
    summary: 'Instellingen van uw gemeente wijzigen',
    description:
      'Alleen de meegestuurde velden veranderen. rapportageOntvangers: wie de maandrapportage per e-mail krijgt (hoogstens 20 adressen; [] voor niemand). minimumBedragInCenten 0–100000; termijnen 1–365 dagen, crisis 1–10 werkdagen; bewaartermijnen mogen korter, niet langer dan 6 (niet opgepakt) en 18 maanden (afgehandeld). Een lege tekst of null wist een contactgegeven. Wijzigingen gelden voor signalen en meldingen die daarna binnenkomen.',
  })
  @gemeenteParam()
  @ApiBody({ schema: z.toJSONSchema(instellingenSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De instellingen na de wijziging' })
  @ApiResponse({ status: 400, description: 'Ongeldige waarden; niets gewijzigd' })
  async wijzigInstellingen(
    @Param('code') code: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    const wijziging = leesBody(instellingenSchema, body);
    const instellingen = await this.gemeenten.wijzigInstellingen(gemeenteId, wijziging);
    await this.audit.leg(actor, verzoek, {
      actie: 'gemeente_instellingen_wijzigen',
      gemeenteId,
      objectType: 'Gemeente',
      objectId: instellingen.code,
      resultaat: 'gelukt',
    });
    return instellingen;
  }

  @Get('uitnodigingsreeks')
  @Rollen(...LEZERS)
  @ApiOperation({
    summary: 'De uitnodigingsreeks voor nieuwe meldingen, en alle eerdere versies',
    description:
      'Zonder eigen reeks geldt de standaardreeks (versie 0): brief en e-mail meteen, herinnering na 14 dagen, taak "bellen-of-bezoeken" na 21 dagen.',
  })
  @gemeenteParam()
  @ApiResponse({ status: 200, description: 'huidig en versies (nieuwste eerst)' })
  @ApiResponse({ status: 404, description: 'Gemeente niet gevonden of niet de uwe' })
  async uitnodigingsreeks(@Param('code') code: string, @HuidigeActor() actor: Actor) {
    return this.gemeenten.uitnodigingsreeks(await this.gemeenten.gemeenteId(actor, code));
  }

  @Put('uitnodigingsreeks')
  @Rollen(...BEHEERDERS)
  @ApiOperation({
    summary: 'Een nieuwe versie van de uitnodigingsreeks vastleggen',
    description:
      'Elke stap: na (tijd na het openen van de melding, zoals "0 days", "14 days", "2 hours"), soort BRIEF, EMAIL of TAAK, sjabloon (een ingebouwd of eigen briefsjabloon; bij TAAK de soort taak) en bij TAAK termijnDagen. De stappen staan op volgorde van tijd. Lopende meldingen houden de versie waarmee ze begonnen; de nieuwe versie geldt voor meldingen die vanaf nu openen.',
  })
  @gemeenteParam()
  @ApiBody({ schema: z.toJSONSchema(reeksSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De nieuwe versie' })
  @ApiResponse({ status: 400, description: 'Ongeldige stappen; niets vastgelegd' })
  async legUitnodigingsreeksVast(
    @Param('code') code: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    const { stappen } = leesBody(reeksSchema, body);
    const reeks = await this.gemeenten.nieuweUitnodigingsreeks(gemeenteId, stappen);
    await this.audit.leg(actor, verzoek, {
      actie: 'uitnodigingsreeks_vastleggen',
      gemeenteId,
      objectType: 'Uitnodigingsreeks',
      objectId: `${code}/${reeks.versie}`,
      resultaat: 'gelukt',
    });
    return reeks;
  }

  @Get('briefsjablonen')
  @Rollen(...LEZERS)
  @ApiOperation({
    summary: 'De briefsjablonen van uw gemeente: per naam de nieuwste versie',
    description:
      'Ingebouwde teksten die de gemeente (nog) niet vervangt, staan erbij met versie 0 en ingebouwd: true. plaatshouders noemt wat een tekst kan gebruiken.',
  })
  @gemeenteParam()
  @ApiResponse({ status: 200, description: 'briefsjablonen en plaatshouders' })
  @ApiResponse({ status: 404, description: 'Gemeente niet gevonden of niet de uwe' })
  async briefsjablonen(@Param('code') code: string, @HuidigeActor() actor: Actor) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    return {
      briefsjablonen: await this.gemeenten.briefsjablonen(gemeenteId),
      plaatshouders: PLAATSHOUDERS,
    };
  }

  @Get('briefsjablonen/:naam')
  @Rollen(...LEZERS)
  @ApiOperation({ summary: 'Alle versies van één briefsjabloon, nieuwste eerst' })
  @gemeenteParam()
  @ApiParam({ name: 'naam', description: 'Naam van het sjabloon, bijvoorbeeld herinnering' })
  @ApiResponse({ status: 200, description: 'De versies, en de ingebouwde tekst als die er is' })
  @ApiResponse({ status: 404, description: 'Geen sjabloon met die naam' })
  async briefsjabloon(
    @Param('code') code: string,
    @Param('naam') naam: string,
    @HuidigeActor() actor: Actor,
  ) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    const sjabloon = SJABLOONNAAM.test(naam)
      ? await this.gemeenten.briefsjabloon(gemeenteId, naam)
      : null;
    if (!sjabloon) throw Probleem.nietGevonden('Briefsjabloon');
    return sjabloon;
  }

  @Post('briefsjablonen/:naam')
  @Rollen(...BEHEERDERS)
  @ApiOperation({
    summary: 'Een nieuwe versie van een briefsjabloon vastleggen',
    description:
      'Platte tekst; alinea’s gescheiden door een lege regel, regels met "- " worden een opsomming. Plaatshouders: {{aanhef}}, {{datum}}, {{gemeente.naam}}, {{gemeente.telefoon}}, {{gemeente.email}}, {{gemeente.website}}, {{gemeente.postadres}} en {{achterstanden}} (soort schuldeiser en bedrag; alleen in brieven, in een e-mail valt die alinea weg). Het onderwerp mag "schuld" in geen enkele vorm bevatten en geen aanhef of achterstanden. Het briefhoofd, het adresvenster, de contactmogelijkheden en de groet blijven van het platform. Brieven die vanaf nu worden gemaakt gebruiken de nieuwe versie.',
  })
  @gemeenteParam()
  @ApiParam({
    name: 'naam',
    description: 'Naam van het sjabloon: kleine letters, cijfers en streepjes, hoogstens 40 tekens',
  })
  @ApiBody({ schema: z.toJSONSchema(sjabloonSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'De nieuwe versie' })
  @ApiResponse({ status: 400, description: 'Ongeldig sjabloon, met de reden per veld' })
  async nieuwBriefsjabloon(
    @Param('code') code: string,
    @Param('naam') naam: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    if (!SJABLOONNAAM.test(naam))
      throw new Probleem(
        400,
        'Ongeldige naam voor een briefsjabloon.',
        'De naam bestaat uit kleine letters, cijfers en streepjes, hoogstens 40 tekens, bijvoorbeeld tweede-herinnering.',
      );
    const sjabloon = await this.gemeenten.nieuwBriefsjabloon(
      gemeenteId,
      naam,
      leesBody(sjabloonSchema, body),
      actor.id,
    );
    await this.audit.leg(actor, verzoek, {
      actie: 'briefsjabloon_vastleggen',
      gemeenteId,
      objectType: 'Briefsjabloon',
      objectId: `${code}/${naam}/${sjabloon.versie}`,
      resultaat: 'gelukt',
    });
    return sjabloon;
  }

  @Post('briefsjablonen/:naam/voorbeeld')
  @HttpCode(200)
  @Rollen(...BEHEERDERS)
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The preview is shown in a sandboxed iframe; nothing in it may run.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  @ApiOperation({
    summary: 'Voorbeeld van een briefsjabloon zoals het wordt bewerkt, voor een verzonnen inwoner',
    description:
      'Dezelfde invoer als bij vastleggen; niets wordt opgeslagen. Het antwoord is de brief als HTML, met de huisstijl en contactgegevens van de gemeente. Toon het in een iframe met sandbox.',
  })
  @gemeenteParam()
  @ApiParam({ name: 'naam', description: 'Naam van het sjabloon' })
  @ApiBody({ schema: z.toJSONSchema(sjabloonSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De brief als HTML (text/html)' })
  @ApiResponse({ status: 400, description: 'Ongeldig sjabloon, met de reden per veld' })
  async voorbeeld(
    @Param('code') code: string,
    @Param('naam') naam: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
  ): Promise<string> {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    if (!SJABLOONNAAM.test(naam)) throw Probleem.nietGevonden('Briefsjabloon');
    const sjabloon = leesBody(sjabloonSchema, body);
    const fouten = valideerBriefsjabloon(sjabloon);
    if (fouten.length > 0) throw Probleem.ongeldigeInvoer(fouten);
    const gemeente = await this.gemeenten.instellingen(gemeenteId);
    // A made-up resident: no real person's data is needed to see the words.
    return briefHtml(
      naam,
      {
        gemeente: {
          naam: gemeente.naam,
          telefoon: gemeente.telefoon,
          email: gemeente.email,
          website: gemeente.website,
          postadres: gemeente.postadres,
          logoSvg: gemeente.logoSvg,
        },
        personen: [
          { voorletters: 'J.', tussenvoegsel: 'de', achternaam: 'Voorbeeld', geslacht: 'ONBEKEND' },
        ],
        adres: {
          straat: 'Voorbeeldstraat',
          huisnummer: 1,
          huisletter: null,
          toevoeging: null,
          postcode: '1234AB',
          woonplaats: gemeente.naam,
        },
        datum: new Date().toISOString().slice(0, 10),
        achterstanden: [
          { soort: 'Huur', bedragInCenten: 123_456 },
          { soort: 'Energie', bedragInCenten: 24_050 },
        ],
      },
      sjabloon,
    ).html;
  }
}
