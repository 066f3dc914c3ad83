import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Sjabloontekst } from '../domain/briefsjabloon.js';
import { SIGNAALPARTNER_TYPES } from '../domain/ddas.js';
import { nederlandseDatum } from '../domain/tijd.js';
import {
  type Briefgegevens,
  briefHtml,
  emailTekst,
  isIngebouwdSjabloon,
  STANDAARD_REEKS,
  type Uitnodigingsstap,
} from '../domain/uitnodiging.js';
import { Prisma, type PrismaClient } from '../prisma/database.js';
import type { Correspondentieopdracht } from '../workflows/contracts.js';
import { uitvoerder } from './melding.activities.js';

/** Renders HTML to PDF; in the worker Chromium through puppeteer-core. */
export interface Drukker {
  drukAf(html: string): Promise<Buffer>;
}

/** Sends one e-mail; the message id lets a mail server drop a resent copy. */
export interface Postbode {
  verstuur(bericht: {
    aan: string;
    onderwerp: string;
    tekst: string;
    berichtId: string;
    /** Files sent along, e.g. the monthly report; letters and outreach e-mails have none. */
    bijlagen?: { bestandsnaam: string; inhoud: Buffer; type: string }[];
  }): Promise<void>;
}

export interface Stapopdracht {
  meldingId: string;
  versie: number;
  stapnummer: number;
  stap: Uitnodigingsstap;
}

export type Stapuitkomst = 'uitgevoerd' | 'al_uitgevoerd' | 'overgeslagen';

/** The outreach steps: letters, e-mails and tasks, each exactly once per melding and step. */
export class UitnodigingActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly drukker: Drukker,
    private readonly postbode: Postbode,
  ) {}

  /** The gemeente's current sequence; the workflow keeps it, so later changes apply to new meldingen only. */
  async laadUitnodigingsreeks(
    meldingId: string,
  ): Promise<{ versie: number; stappen: Uitnodigingsstap[] }> {
    const { gemeenteId } = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
    });
    const reeks = await this.prisma.uitnodigingsreeks.findFirst({
      where: { gemeenteId },
      orderBy: { versie: 'desc' },
    });
    return reeks
      ? { versie: reeks.versie, stappen: reeks.stappen as unknown as Uitnodigingsstap[] }
      : { versie: 0, stappen: STANDAARD_REEKS };
  }

  async voerStapUit(opdracht: Stapopdracht): Promise<Stapuitkomst> {
    const sleutel = `${opdracht.meldingId}/reeks-${opdracht.versie}/stap-${opdracht.stapnummer}`;
    switch (opdracht.stap.soort) {
      case 'BRIEF':
        return this.brief(opdracht, sleutel);
      case 'EMAIL':
        return this.email(opdracht, sleutel);
      case 'TAAK':
        return this.taak(opdracht, sleutel);
    }
  }

  /**
   * A letter or e-mail a caseworker asked for, made exactly as an outreach
   * step makes it. The key is this activity's id within the workflow run, so
   * a retry finds what an earlier attempt stored. What cannot be sent fails
   * for good with a Dutch reason the caseworker gets to read.
   */
  async verstuurOpVerzoek(opdracht: Correspondentieopdracht): Promise<Stapuitkomst> {
    const { workflowExecution, activityId } = activityInfo();
    if (!workflowExecution) throw new Error('verstuurOpVerzoek hoort bij een workflow');
    const sleutel = `${opdracht.meldingId}/verzoek/${workflowExecution.runId}/${activityId}`;
    const { meldingId, kanaal, sjabloon, door } = opdracht;
    if (!(await this.kentSjabloon(meldingId, sjabloon)))
      throw ApplicationFailure.nonRetryable(
        `Het briefsjabloon "${sjabloon}" bestaat niet bij uw gemeente.`,
        'NietVerstuurbaar',
      );
    const stapopdracht: Stapopdracht = {
      meldingId,
      versie: 0,
      stapnummer: 0,
      stap: { na: '0s', soort: kanaal, sjabloon },
    };
    if (kanaal === 'BRIEF') return this.brief(stapopdracht, sleutel, door);
    const uitkomst = await this.email(stapopdracht, sleutel, door);
    if (uitkomst === 'overgeslagen')
      throw ApplicationFailure.nonRetryable(
        await this.waaromGeenEmail(meldingId),
        'NietVerstuurbaar',
      );
    return uitkomst;
  }

  private async kentSjabloon(meldingId: string, sjabloon: string): Promise<boolean> {
    if (isIngebouwdSjabloon(sjabloon)) return true;
    const { gemeenteId } = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: { gemeenteId: true },
    });
    return (await this.prisma.briefsjabloon.count({ where: { gemeenteId, naam: sjabloon } })) > 0;
  }

  private async waaromGeenEmail(meldingId: string): Promise<string> {
    const { gemeente } = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: { gemeente: { select: { emailIngeschakeld: true } } },
    });
    return gemeente.emailIngeschakeld
      ? 'Van deze inwoner is geen e-mailadres bekend. Stuur een brief.'
      : 'Uw gemeente verstuurt geen e-mail; dat kanaal staat uit in de instellingen.';
  }

  private async brief(
    { meldingId, stap }: Stapopdracht,
    sleutel: string,
    door: string | null = null,
  ): Promise<Stapuitkomst> {
    if (await this.prisma.correspondentie.findUnique({ where: { idempotentieSleutel: sleutel } }))
      return 'al_uitgevoerd';
    const { gegevens, eigen } = await this.briefgegevens(meldingId, stap.sjabloon);
    const { onderwerp, html } = briefHtml(stap.sjabloon, gegevens, eigen);
    const pdf = await this.drukker.drukAf(html);
    try {
      await this.prisma.$transaction(async (tx) => {
        const brief = await tx.correspondentie.create({
          data: {
            meldingId,
            kanaal: 'BRIEF',
            sjabloon: stap.sjabloon,
            sjabloonversie: eigen?.versie ?? null,
            idempotentieSleutel: sleutel,
            status: 'VERZONDEN',
            verzondenOp: new Date(),
            onderwerp,
            pdf: new Uint8Array(pdf),
          },
        });
        await this.legContactVast(
          tx,
          meldingId,
          'BRIEF',
          { correspondentieId: brief.id, sjabloon: stap.sjabloon },
          door,
        );
      });
    } catch (fout) {
      // Another attempt stored it first: the letter exists once.
      if (fout instanceof Prisma.PrismaClientKnownRequestError && fout.code === 'P2002')
        return 'al_uitgevoerd';
      throw fout;
    }
    return 'uitgevoerd';
  }

  /**
   * Plans the e-mail in the database first, then sends it, then marks it
   * sent. A crash between sending and marking sends it again with the same
   * message id, which the receiving server can recognise; nothing else can.
   */
  private async email(
    { meldingId, stap }: Stapopdracht,
    sleutel: string,
    door: string | null = null,
  ): Promise<Stapuitkomst> {
    const melding = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: {
        gemeente: { select: { emailIngeschakeld: true } },
        signalen: {
          where: { ingetrokkenOp: null },
          orderBy: { signaaldatum: 'desc' },
          select: { persoonsgegevens: { select: { email: true } } },
        },
      },
    });
    const adres = melding.signalen.find((s) => s.persoonsgegevens?.email)?.persoonsgegevens?.email;
    if (!melding.gemeente.emailIngeschakeld || !adres) return 'overgeslagen';

    const { gegevens, eigen } = await this.briefgegevens(meldingId, stap.sjabloon);
    // An e-mail never names amounts or creditors, whatever the template asks.
    const { onderwerp, tekst } = emailTekst(
      stap.sjabloon,
      { ...gegevens, achterstanden: [] },
      eigen,
    );
    const gepland = await this.prisma.correspondentie.upsert({
      where: { idempotentieSleutel: sleutel },
      create: {
        meldingId,
        kanaal: 'EMAIL',
        sjabloon: stap.sjabloon,
        sjabloonversie: eigen?.versie ?? null,
        idempotentieSleutel: sleutel,
        onderwerp,
        tekst,
        ontvanger: adres,
      },
      update: {},
    });
    if (gepland.status === 'VERZONDEN') return 'al_uitgevoerd';
    await this.postbode.verstuur({
      aan: gepland.ontvanger!,
      onderwerp: gepland.onderwerp!,
      tekst: gepland.tekst!,
      berichtId: `<${sleutel.replaceAll('/', '.')}@vroegsignaal>`,
    });
    await this.prisma.$transaction(async (tx) => {
      await tx.correspondentie.update({
        where: { id: gepland.id },
        data: { status: 'VERZONDEN', verzondenOp: new Date() },
      });
      await this.legContactVast(
        tx,
        meldingId,
        'MAIL',
        { correspondentieId: gepland.id, sjabloon: stap.sjabloon },
        door,
      );
    });
    return 'uitgevoerd';
  }

  private async taak({ meldingId, stap }: Stapopdracht, sleutel: string): Promise<Stapuitkomst> {
    const deadline = new Date(`${nederlandseDatum(new Date())}T00:00:00Z`);
    deadline.setUTCDate(deadline.getUTCDate() + (stap.termijnDagen ?? 7));
    try {
      await this.prisma.$transaction(async (tx) => {
        const taak = await tx.taak.create({
          data: { meldingId, soort: stap.sjabloon, deadline, sleutel },
        });
        await tx.meldinggebeurtenis.create({
          data: {
            meldingId,
            soort: 'taak',
            gegevens: {
              taakId: taak.id,
              taak: stap.sjabloon,
              deadline: nederlandseDatum(deadline),
            },
          },
        });
      });
    } catch (fout) {
      if (fout instanceof Prisma.PrismaClientKnownRequestError && fout.code === 'P2002')
        return 'al_uitgevoerd';
      throw fout;
    }
    return 'uitgevoerd';
  }

  /** A letter or e-mail counts as a contactpoging (DDAS), not reached. */
  private async legContactVast(
    tx: Prisma.TransactionClient,
    meldingId: string,
    soort: 'BRIEF' | 'MAIL',
    gegevens: { correspondentieId: string; sjabloon: string },
    door: string | null,
  ): Promise<void> {
    // `door` is the caseworker who asked for it; null for the outreach sequence.
    await tx.contactpoging.create({
      data: {
        meldingId,
        soort,
        bereikt: false,
        datum: new Date(`${nederlandseDatum(new Date())}T00:00:00Z`),
        ...(await uitvoerder(tx, door)),
      },
    });
    await tx.meldinggebeurtenis.create({
      data: {
        meldingId,
        soort: soort === 'BRIEF' ? 'brief' : 'email',
        gegevens,
        ...(await uitvoerder(tx, door)),
      },
    });
  }

  /**
   * Who lives there, how to reach the gemeente, and the words: the gemeente's
   * newest version of the named Briefsjabloon as it stands now, so a template
   * changed mid-sequence applies from the next letter on.
   */
  private async briefgegevens(
    meldingId: string,
    sjabloon: string,
  ): Promise<{ gegevens: Briefgegevens; eigen: (Sjabloontekst & { versie: number }) | null }> {
    const melding = await this.prisma.melding.findUniqueOrThrow({
      where: { id: meldingId },
      select: {
        gemeente: true,
        signalen: {
          where: { ingetrokkenOp: null },
          orderBy: { signaaldatum: 'asc' },
          select: {
            persoonsgegevens: true,
            bedragInCenten: true,
            signaalpartner: { select: { type: true } },
          },
        },
      },
    });
    const eigen = await this.prisma.briefsjabloon.findFirst({
      where: { gemeenteId: melding.gemeente.id, naam: sjabloon },
      orderBy: { versie: 'desc' },
      select: { onderwerp: true, tekst: true, versie: true },
    });
    if (!eigen && !isIngebouwdSjabloon(sjabloon))
      throw ApplicationFailure.nonRetryable(
        `Briefsjabloon ${sjabloon} bestaat niet voor deze gemeente`,
        'OnbekendSjabloon',
      );
    const bekend = melding.signalen.flatMap((s) =>
      s.persoonsgegevens ? [s.persoonsgegevens] : [],
    );
    const eerste = bekend[0];
    if (!eerste)
      throw ApplicationFailure.nonRetryable(
        `Melding ${meldingId} heeft geen adres (meer)`,
        'GeenAdres',
      );
    const personen = new Map<string, Briefgegevens['personen'][number]>();
    for (const p of bekend)
      personen.set(`${p.achternaam.toLowerCase()}|${p.geboortedatum.toISOString()}`, {
        voorletters: p.voorletters,
        tussenvoegsel: p.tussenvoegsel,
        achternaam: p.achternaam,
        geslacht: p.geslacht,
      });
    const g = melding.gemeente;
    const gegevens: Briefgegevens = {
      gemeente: {
        naam: g.naam,
        telefoon: g.telefoon,
        email: g.email,
        website: g.website,
        postadres: g.postadres,
        logoSvg: g.logoSvg,
      },
      personen: [...personen.values()],
      adres: {
        straat: eerste.straat,
        huisnummer: eerste.huisnummer,
        huisletter: eerste.huisletter,
        toevoeging: eerste.toevoeging,
        postcode: eerste.postcode,
        woonplaats: eerste.woonplaats,
      },
      datum: nederlandseDatum(new Date()),
      achterstanden: melding.signalen.map((s) => ({
        soort: SIGNAALPARTNER_TYPES[s.signaalpartner.type],
        bedragInCenten: s.bedragInCenten,
      })),
    };
    return { gegevens, eigen };
  }
}

export type UitnodigingActiviteiten = Pick<
  UitnodigingActiviteitenImpl,
  'laadUitnodigingsreeks' | 'voerStapUit' | 'verstuurOpVerzoek'
>;
