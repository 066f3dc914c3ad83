import { Inject, Injectable } from '@nestjs/common';
import { type Sjabloontekst, valideerBriefsjabloon } from '../../../domain/briefsjabloon.js';
import {
  INGEBOUWDE_SJABLONEN,
  STANDAARD_REEKS,
  type Uitnodigingsstap,
  valideerStappen,
} from '../../../domain/uitnodiging.js';
import { type Prisma, PrismaClient, type SignaalpartnerType } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';
import type { Actor } from '../auth/actor.js';
import { Probleem } from '../infra/probleem.js';

/** What a gemeente sets for its outreach and retention; everything but code and naam may change. */
export const INSTELLINGEN = {
  code: true,
  naam: true,
  minimumBedragInCenten: true,
  alleenBehandelaarTypen: true,
  termijnEersteContactDagen: true,
  termijnOppakkenDagen: true,
  termijnCrisisWerkdagen: true,
  bewaartermijnNietOpgepaktMaanden: true,
  bewaartermijnAfgehandeldMaanden: true,
  emailIngeschakeld: true,
  telefoon: true,
  email: true,
  website: true,
  postadres: true,
  logoSvg: true,
  huisstijlKleur: true,
  rapportageOntvangers: true,
} satisfies Prisma.GemeenteSelect;

export interface Instellingwijziging {
  minimumBedragInCenten?: number;
  alleenBehandelaarTypen?: SignaalpartnerType[];
  termijnEersteContactDagen?: number;
  termijnOppakkenDagen?: number;
  termijnCrisisWerkdagen?: number;
  bewaartermijnNietOpgepaktMaanden?: number;
  bewaartermijnAfgehandeldMaanden?: number;
  emailIngeschakeld?: boolean;
  telefoon?: string | null;
  email?: string | null;
  website?: string | null;
  postadres?: string | null;
  logoSvg?: string | null;
  huisstijlKleur?: string | null;
  rapportageOntvangers?: string[];
}

const SJABLOONVELDEN = {
  naam: true,
  versie: true,
  onderwerp: true,
  tekst: true,
  aangemaaktOp: true,
  door: true,
} satisfies Prisma.BriefsjabloonSelect;

/**
 * A gemeente's own configuration: outreach filters, deadlines, retention,
 * contact details, the outreach sequence and the letter templates. Sequence
 * and templates are append-only versions, so every letter can be traced to
 * the words and steps it came from.
 */
@Injectable()
export class GemeentenService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
  ) {}

  /**
   * The gemeente's id when the caller may see it. Another gemeente's code
   * looks exactly like one that does not exist, so its existence stays hidden.
   */
  async gemeenteId(actor: Actor, code: string): Promise<string> {
    const gemeente = /^\d{4}$/.test(code)
      ? await this.prisma.gemeente.findUnique({ where: { code }, select: { id: true } })
      : null;
    if (!gemeente || (actor.rol !== 'PLATFORMBEHEERDER' && actor.gemeenteId !== gemeente.id))
      throw Probleem.nietGevonden('Gemeente');
    return gemeente.id;
  }

  instellingen(gemeenteId: string) {
    return this.prisma.gemeente.findUniqueOrThrow({
      where: { id: gemeenteId },
      select: INSTELLINGEN,
    });
  }

  wijzigInstellingen(gemeenteId: string, wijziging: Instellingwijziging) {
    return this.prisma.gemeente.update({
      where: { id: gemeenteId },
      data: wijziging,
      select: INSTELLINGEN,
    });
  }

  /** The sequence new meldingen get, and every earlier version (newest first). */
  async uitnodigingsreeks(gemeenteId: string) {
    const versies = await this.db.uitnodigingsreeks.findMany({
      where: { gemeenteId },
      orderBy: { versie: 'desc' },
      select: { versie: true, stappen: true, aangemaaktOp: true },
    });
    const huidig = versies[0];
    return {
      huidig: huidig
        ? { ...huidig, standaard: false }
        : { versie: 0, stappen: STANDAARD_REEKS, aangemaaktOp: null, standaard: true },
      versies,
    };
  }

  /**
   * Stores a new version. Running meldingen keep the version their workflow
   * read when it started; this one applies to meldingen opened from now on.
   */
  async nieuweUitnodigingsreeks(gemeenteId: string, stappen: Uitnodigingsstap[]) {
    const eigen = await this.db.briefsjabloon.findMany({
      where: { gemeenteId },
      distinct: ['naam'],
      select: { naam: true },
    });
    const fouten = valideerStappen(
      stappen,
      eigen.map((s) => s.naam),
    );
    if (fouten.length > 0) throw Probleem.ongeldigeInvoer(fouten);
    const laatste = await this.db.uitnodigingsreeks.findFirst({
      where: { gemeenteId },
      orderBy: { versie: 'desc' },
      select: { versie: true },
    });
    // Two simultaneous changes get the same number; the unique key turns the
    // second into a 409 instead of silently merging them.
    return this.db.uitnodigingsreeks.create({
      data: {
        gemeenteId,
        versie: (laatste?.versie ?? 0) + 1,
        stappen: stappen.map((s) => ({ ...s })) as Prisma.InputJsonArray,
      },
      select: { versie: true, stappen: true, aangemaaktOp: true },
    });
  }

  /** Per name the newest version; built-in texts the gemeente has not replaced are listed too. */
  async briefsjablonen(gemeenteId: string) {
    const nieuwste = await this.db.briefsjabloon.findMany({
      where: { gemeenteId },
      orderBy: [{ naam: 'asc' }, { versie: 'desc' }],
      distinct: ['naam'],
      select: SJABLOONVELDEN,
    });
    const ingebouwd = Object.entries(INGEBOUWDE_SJABLONEN)
      .filter(([naam]) => !nieuwste.some((s) => s.naam === naam))
      .map(([naam, tekst]) => ingebouwdSjabloon(naam, tekst));
    return [...nieuwste.map((s) => ({ ...s, ingebouwd: false })), ...ingebouwd].sort((a, b) =>
      a.naam.localeCompare(b.naam),
    );
  }

  /** Every version of one template, newest first; null when the name is unknown. */
  async briefsjabloon(gemeenteId: string, naam: string) {
    const versies = await this.db.briefsjabloon.findMany({
      where: { gemeenteId, naam },
      orderBy: { versie: 'desc' },
      select: SJABLOONVELDEN,
    });
    const standaard = INGEBOUWDE_SJABLONEN[naam];
    if (versies.length === 0 && !standaard) return null;
    return {
      naam,
      versies,
      ingebouwd: standaard ? ingebouwdSjabloon(naam, standaard) : null,
    };
  }

  /** A new version; letters made from now on use it, letters already sent keep theirs. */
  async nieuwBriefsjabloon(
    gemeenteId: string,
    naam: string,
    sjabloon: Sjabloontekst,
    door: string,
  ) {
    const fouten = valideerBriefsjabloon(sjabloon);
    if (fouten.length > 0) throw Probleem.ongeldigeInvoer(fouten);
    const laatste = await this.db.briefsjabloon.findFirst({
      where: { gemeenteId, naam },
      orderBy: { versie: 'desc' },
      select: { versie: true },
    });
    return this.db.briefsjabloon.create({
      data: {
        gemeenteId,
        naam,
        versie: (laatste?.versie ?? 0) + 1,
        onderwerp: sjabloon.onderwerp.trim(),
        tekst: sjabloon.tekst.replace(/\r\n?/g, '\n').trim(),
        door,
      },
      select: SJABLOONVELDEN,
    });
  }
}

function ingebouwdSjabloon(naam: string, tekst: Sjabloontekst) {
  return { naam, versie: 0, ...tekst, aangemaaktOp: null, door: null, ingebouwd: true };
}
