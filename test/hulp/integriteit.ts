import { expect } from '@jest/globals';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { Client } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import type { PrismaClient } from '../../prisma/database.js';
import type { Uitnodigingsstap } from '../../domain/uitnodiging.js';
import { STANDAARD_REEKS } from '../../domain/uitnodiging.js';

/**
 * What a fault test ends with (issue 8): nothing accepted was lost or stored
 * twice, every letter and e-mail that was due went out exactly once, and no
 * workflow is stuck or failed. It first waits (up to `timeoutMs`) for the
 * stack to settle, then asserts with jest `expect`, each message naming what
 * was lost or duplicated, and returns the counts so a test can assert exact
 * numbers too.
 *
 * Usage:
 *   const telling = await controleerIntegriteit({
 *     prisma: stack.prisma, temporal: stack.temporal,
 *     taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
 *     aanleveringIds: [id],            // their GEACCEPTEERD rows must be signals
 *     referenties: [{ signaalpartnerId, referentie }], // and/or signals sent one by one
 *     post: stack.postbus.post,        // omit when the test has no SMTP server to check
 *   });
 *   expect(telling.signalen).toBe(5000);
 *
 * - Signals: each accepted row or reference exists exactly once (per
 *   signaalpartner + referentie), is GEROUTEERD and in a melding; no household
 *   (adressleutel) has two open meldingen in its gemeente.
 * - Outreach: for each open melding of those signals, each step of the
 *   gemeente's newest uitnodigingsreeks whose `na` has passed since the
 *   melding opened is due; letters need exactly one Correspondentie VERZONDEN
 *   with a PDF, e-mails (when e-mail is on and an address is known) one
 *   VERZONDEN and exactly one message with its Message-ID on the SMTP server.
 *   `uitnodigingGestopt` lists meldingen where a test stopped the sequence.
 * - Workflows on `taakwachtrij` started at or after `sinds`: none failed,
 *   terminated, timed out or cancelled; signal and aanlevering workflows
 *   completed; no running workflow has an activity in a retry (attempt > 1).
 */
export interface Integriteitsvraag {
  prisma: PrismaClient;
  temporal: Client;
  taakwachtrij: string;
  aanleveringIds?: string[];
  referenties?: { signaalpartnerId: string; referentie: string }[];
  /** The SMTP server's received mail; without it e-mails are checked in PostgreSQL only. */
  post?: ParsedMail[];
  /** Only workflows started from then on (default: all on the task queue). */
  sinds?: Date;
  uitnodigingGestopt?: string[];
  timeoutMs?: number;
}

export interface Integriteitstelling {
  signalen: number;
  meldingen: number;
  brieven: number;
  emails: number;
  workflows: Record<string, Record<string, number>>;
}

const FOUT_STATUSSEN = ['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'];
/** The workflows that must have completed for every accepted signal to be routed. */
const INTAKEWORKFLOWS = ['signaalWorkflow', 'aanleveringWorkflow'];

interface Bevinding {
  signalen: { id: string; meldingId: string | null; routeringsstatus: string; sleutel: string }[];
  ontbrekend: string[];
  dubbel: string[];
  meldingen: { id: string; gemeenteId: string; adressleutel: string; status: string }[];
  dubbelOpen: string[];
  /** Per due step: how many letters/e-mails VERZONDEN, and how many mails arrived. */
  stappen: {
    wat: string;
    kanaal: 'BRIEF' | 'EMAIL';
    verzonden: number;
    metPdf: number;
    ontvangen: number | undefined;
  }[];
  workflows: { id: string; type: string; status: string }[];
  herhalend: string[];
  /** Pending activities of unfinished intake workflows, whatever their attempt: why rows are missing. */
  intakeOnderweg: string[];
}

export async function controleerIntegriteit(
  vraag: Integriteitsvraag,
): Promise<Integriteitstelling> {
  const tot = Date.now() + (vraag.timeoutMs ?? 180_000);
  // Listing and describing every workflow is heavy for the dev server (thousands
  // after a large upload) and would compete with the worker being waited for:
  // only look at Temporal once PostgreSQL shows the work done.
  let b = await bekijk(vraag, { metWorkflows: false });
  while (Date.now() < tot) {
    if (rustig(b)) {
      b = await bekijk(vraag);
      if (rustig(b)) break;
    }
    await new Promise((r) => setTimeout(r, 2_000));
    b = await bekijk(vraag, { metWorkflows: false });
  }
  if (b.workflows.length === 0) b = await bekijk(vraag);

  expect({
    ontbrekend: b.ontbrekend.slice(0, 10),
    aantal: b.ontbrekend.length,
    // A missing signal is mostly an intake workflow that hangs: say where.
    ...(b.ontbrekend.length > 0 ? { intakeOnderweg: b.intakeOnderweg.slice(0, 10) } : {}),
  }).toEqual({
    ontbrekend: [],
    aantal: 0,
  });
  expect({ dubbeleSignalen: b.dubbel.slice(0, 10) }).toEqual({ dubbeleSignalen: [] });
  const nietGerouteerd = b.signalen.filter((s) => s.routeringsstatus !== 'GEROUTEERD');
  expect({ nietGerouteerd: nietGerouteerd.slice(0, 10).map((s) => s.sleutel) }).toEqual({
    nietGerouteerd: [],
  });
  const zonderMelding = b.signalen.filter((s) => s.meldingId === null);
  expect({ zonderMelding: zonderMelding.slice(0, 10).map((s) => s.sleutel) }).toEqual({
    zonderMelding: [],
  });
  expect({ huishoudensMetTweeOpenMeldingen: b.dubbelOpen }).toEqual({
    huishoudensMetTweeOpenMeldingen: [],
  });
  const foutePost = b.stappen.filter(
    (s) =>
      s.verzonden !== 1 ||
      (s.kanaal === 'BRIEF' && s.metPdf !== 1) ||
      (s.ontvangen !== undefined && s.ontvangen !== 1),
  );
  expect({ brievenEnMailsNietPreciesEenKeer: foutePost.slice(0, 10) }).toEqual({
    brievenEnMailsNietPreciesEenKeer: [],
  });
  const mislukt = b.workflows.filter(
    (w) =>
      FOUT_STATUSSEN.includes(w.status) ||
      (INTAKEWORKFLOWS.includes(w.type) && !['COMPLETED', 'CONTINUED_AS_NEW'].includes(w.status)),
  );
  expect({ workflowsMisluktOfVast: mislukt.slice(0, 10) }).toEqual({ workflowsMisluktOfVast: [] });
  expect({ activiteitenInHerhaling: b.herhalend.slice(0, 10) }).toEqual({
    activiteitenInHerhaling: [],
  });

  const workflows: Integriteitstelling['workflows'] = {};
  for (const w of b.workflows) {
    workflows[w.type] ??= {};
    workflows[w.type]![w.status] = (workflows[w.type]![w.status] ?? 0) + 1;
  }
  return {
    signalen: b.signalen.length,
    meldingen: b.meldingen.length,
    brieven: b.stappen.filter((s) => s.kanaal === 'BRIEF').length,
    emails: b.stappen.filter((s) => s.kanaal === 'EMAIL').length,
    workflows,
  };
}

function rustig(b: Bevinding): boolean {
  return (
    b.ontbrekend.length === 0 &&
    b.dubbel.length === 0 &&
    b.dubbelOpen.length === 0 &&
    b.signalen.every((s) => s.routeringsstatus === 'GEROUTEERD' && s.meldingId !== null) &&
    b.stappen.every(
      (s) =>
        s.verzonden === 1 &&
        (s.kanaal !== 'BRIEF' || s.metPdf === 1) &&
        (s.ontvangen === undefined || s.ontvangen === 1),
    ) &&
    b.workflows.every((w) => !(INTAKEWORKFLOWS.includes(w.type) && w.status === 'RUNNING')) &&
    b.herhalend.length === 0
  );
}

async function bekijk(
  vraag: Integriteitsvraag,
  { metWorkflows = true }: { metWorkflows?: boolean } = {},
): Promise<Bevinding> {
  const { prisma } = vraag;
  const verwacht = new Map<string, { signaalpartnerId: string; referentie: string }>();
  const sleutel = (r: { signaalpartnerId: string; referentie: string }) =>
    `${r.signaalpartnerId}/${r.referentie}`;
  for (const r of vraag.referenties ?? []) verwacht.set(sleutel(r), r);
  if (vraag.aanleveringIds?.length) {
    const aanleveringen = await prisma.aanlevering.findMany({
      where: { id: { in: vraag.aanleveringIds } },
      select: { id: true, signaalpartnerId: true },
    });
    for (const a of aanleveringen) {
      const rijen = await prisma.aanleveringRij.findMany({
        where: { aanleveringId: a.id, status: 'GEACCEPTEERD' },
        select: { gegevens: true },
      });
      for (const { gegevens } of rijen) {
        const referentie = (gegevens as { referentie?: string } | null)?.referentie;
        if (referentie)
          verwacht.set(sleutel({ signaalpartnerId: a.signaalpartnerId, referentie }), {
            signaalpartnerId: a.signaalpartnerId,
            referentie,
          });
      }
    }
  }

  // Signals are unique per signaalpartner + referentie in the schema; count anyway, so a
  // changed constraint cannot hide a duplicate.
  const perPartner = new Map<string, string[]>();
  for (const r of verwacht.values())
    perPartner.set(r.signaalpartnerId, [
      ...(perPartner.get(r.signaalpartnerId) ?? []),
      r.referentie,
    ]);
  const signalen: Bevinding['signalen'] = [];
  for (const [signaalpartnerId, referenties] of perPartner) {
    const rijen = await prisma.signaal.findMany({
      where: { signaalpartnerId, referentie: { in: referenties } },
      select: { id: true, referentie: true, meldingId: true, routeringsstatus: true },
    });
    for (const s of rijen)
      signalen.push({ ...s, sleutel: sleutel({ signaalpartnerId, referentie: s.referentie }) });
  }
  const gezien = new Map<string, number>();
  for (const s of signalen) gezien.set(s.sleutel, (gezien.get(s.sleutel) ?? 0) + 1);
  const ontbrekend = [...verwacht.keys()].filter((k) => !gezien.has(k));
  const dubbel = [...gezien].filter(([, n]) => n > 1).map(([k]) => k);

  const meldingIds = [...new Set(signalen.map((s) => s.meldingId).filter((m) => m !== null))];
  const meldingen = await prisma.melding.findMany({
    where: { id: { in: meldingIds } },
    select: {
      id: true,
      gemeenteId: true,
      adressleutel: true,
      status: true,
      geopendOp: true,
      gemeente: { select: { emailIngeschakeld: true } },
      signalen: {
        where: { ingetrokkenOp: null },
        select: { persoonsgegevens: { select: { email: true } } },
      },
      correspondentie: {
        select: { kanaal: true, idempotentieSleutel: true, status: true, pdf: true },
      },
    },
  });
  const huishoudens = [...new Set(meldingen.map((m) => `${m.gemeenteId}/${m.adressleutel}`))];
  const open = await prisma.melding.groupBy({
    by: ['gemeenteId', 'adressleutel'],
    where: {
      status: { not: 'AFGESLOTEN' },
      OR: huishoudens.map((h) => {
        const [gemeenteId, adressleutel] = h.split('/') as [string, string];
        return { gemeenteId, adressleutel };
      }),
    },
    _count: { _all: true },
  });
  const dubbelOpen = open
    .filter((g) => g._count._all > 1)
    .map((g) => `${g.gemeenteId}/${g.adressleutel}`);

  const reeksen = new Map<string, Uitnodigingsstap[]>();
  for (const gemeenteId of new Set(meldingen.map((m) => m.gemeenteId))) {
    const reeks = await prisma.uitnodigingsreeks.findFirst({
      where: { gemeenteId },
      orderBy: { versie: 'desc' },
    });
    reeksen.set(
      gemeenteId,
      reeks ? (reeks.stappen as unknown as Uitnodigingsstap[]) : STANDAARD_REEKS,
    );
  }
  const perBerichtId = new Map<string, number>();
  for (const mail of vraag.post ?? [])
    if (mail.messageId)
      perBerichtId.set(mail.messageId, (perBerichtId.get(mail.messageId) ?? 0) + 1);
  const gestopt = new Set(vraag.uitnodigingGestopt ?? []);
  const stappen: Bevinding['stappen'] = [];
  for (const m of meldingen) {
    if (m.status !== 'OPEN' || gestopt.has(m.id)) continue;
    const heeftEmail =
      m.gemeente.emailIngeschakeld && m.signalen.some((s) => s.persoonsgegevens?.email);
    for (const [stapnummer, stap] of reeksen.get(m.gemeenteId)!.entries()) {
      if (stap.soort === 'TAAK' || (stap.soort === 'EMAIL' && !heeftEmail)) continue;
      if (m.geopendOp.getTime() + msToNumber(stap.na) > Date.now()) continue;
      const van = m.correspondentie.filter(
        (c) =>
          c.kanaal === stap.soort &&
          c.idempotentieSleutel.startsWith(`${m.id}/reeks-`) &&
          c.idempotentieSleutel.endsWith(`/stap-${stapnummer}`),
      );
      const verzonden = van.filter((c) => c.status === 'VERZONDEN');
      stappen.push({
        wat: `melding ${m.id} stap ${stapnummer} (${stap.soort} ${stap.sjabloon})`,
        kanaal: stap.soort,
        verzonden: verzonden.length,
        metPdf: verzonden.filter((c) => c.pdf && c.pdf.length > 0).length,
        ontvangen:
          stap.soort === 'EMAIL' && vraag.post
            ? van.reduce(
                (n, c) =>
                  n +
                  (perBerichtId.get(
                    `<${c.idempotentieSleutel.replaceAll('/', '.')}@vroegsignaal>`,
                  ) ?? 0),
                0,
              )
            : undefined,
      });
    }
  }

  const uitPostgres = { signalen, ontbrekend, dubbel, meldingen, dubbelOpen, stappen };
  if (!metWorkflows) return { ...uitPostgres, workflows: [], herhalend: [], intakeOnderweg: [] };
  const workflows: Bevinding['workflows'] = [];
  const query =
    `TaskQueue = '${vraag.taakwachtrij}'` +
    (vraag.sinds ? ` AND StartTime >= '${vraag.sinds.toISOString()}'` : '');
  for await (const w of vraag.temporal.workflow.list({ query }))
    workflows.push({ id: w.workflowId, type: w.type, status: w.status.name });
  const herhalend: string[] = [];
  const intakeOnderweg: string[] = [];
  const lopend = workflows.filter((w) => w.status === 'RUNNING');
  for (let i = 0; i < lopend.length; i += 20) {
    await Promise.all(
      lopend.slice(i, i + 20).map(async (w) => {
        const beschrijving = await vraag.temporal.workflow.getHandle(w.id).describe();
        for (const a of beschrijving.raw.pendingActivities ?? []) {
          const wat = `${w.type} ${w.id}: ${a.activityType?.name} poging ${a.attempt} (${a.lastFailure?.message ?? ''})`;
          if ((a.attempt ?? 1) > 1) herhalend.push(wat);
          if (INTAKEWORKFLOWS.includes(w.type))
            intakeOnderweg.push(
              `${wat}, toestand ${a.state}, laatste hartslag ${String(a.lastHeartbeatTime?.seconds ?? '-')}`,
            );
        }
      }),
    );
  }
  return { ...uitPostgres, workflows, herhalend, intakeOnderweg };
}

/**
 * Waits until `telling()` reaches `doel`, for as long as it keeps rising: on
 * this shared machine a backlog of thousands of workflows drains at a rate
 * that depends on the load, so a fixed timeout would fail a test that is only
 * slow. No rise for `stilstandMs` is a stall and throws, with `beschrijf()`'s
 * account of what is stuck.
 */
export async function wachtZolangErVoortgangIs({
  telling,
  doel,
  wat,
  stilstandMs = 180_000,
  beschrijf = () => Promise.resolve(''),
}: {
  telling: () => Promise<number>;
  doel: number;
  wat: string;
  stilstandMs?: number;
  beschrijf?: () => Promise<string>;
}): Promise<void> {
  let laatste = await telling();
  let laatsteVoortgang = Date.now();
  while (laatste < doel) {
    await new Promise((r) => setTimeout(r, 5_000));
    const nu = await telling();
    if (nu > laatste) {
      laatste = nu;
      laatsteVoortgang = Date.now();
    } else if (Date.now() - laatsteVoortgang > stilstandMs) {
      throw new Error(
        `${wat}: ${laatste} van ${doel}, al ${stilstandMs / 1000} s geen voortgang.\n${await beschrijf()}`,
      );
    }
  }
}
