import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowHandle } from '@temporalio/client';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { csvWindows1252, upload } from '../hulp/bestanden.js';
import { controleerIntegriteit, wachtZolangErVoortgangIs } from '../hulp/integriteit.js';
import { wachtTot } from '../hulp/omgeving.js';
import {
  EEN_MAAND_STIL,
  METEEN_BRIEF_EN_EMAIL,
  richtProefgemeenteIn,
} from '../hulp/proefgemeente.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { http } from '../hulp/stack.js';
import { signaalWorkflowId } from '../../workflows/contracts.js';
import { startStoringsstack, type Storingsstack } from '../hulp/storingsstack.js';

// Issue 8, fault 1: `kill -9` on the worker while a 5,000-row file is being
// taken in and while outreach letters and e-mails are being made. A new worker
// finishes both; nothing is lost, nothing is stored or sent twice.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!;
const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const RIJEN = 5_000;
const HUISHOUDENS = 500;
const UITNODIGINGEN = 40;
/** No signal routed for this long after the new worker started means a stall, not a queue. */
const STILSTAND_MS = 180_000;

describe('a worker killed with SIGKILL mid-work', () => {
  let stack: Storingsstack;

  beforeAll(async () => {
    stack = await startStoringsstack();
    await stack.startApi();
    await stack.startWorker();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('smoke: signals become meldingen with a letter and an e-mail each, exactly once', async () => {
    const gemeente = await richtProefgemeenteIn(stack, {
      code: '9701',
      naam: 'Storingsdorp',
      wijken: [{ code: '970101', naam: 'Oost', huisnummers: [1, 50] }],
      instellingen: { emailIngeschakeld: true },
      uitnodigingsreeks: METEEN_BRIEF_EN_EMAIL,
    });
    const signalen = [1, 2, 3].map((huisnummer) =>
      eenSignaal({
        adres: { postcode: gemeente.postcode, huisnummer, woonplaats: 'Storingsdorp' },
      }),
    );
    for (const signaal of signalen) {
      const { status } = await http('POST', `${stack.basis}/signalen`, {
        apiSleutel: ZORG.apiSleutel,
        body: signaal,
      });
      expect(status).toBe(201);
    }
    const { id: signaalpartnerId } = await stack.prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: ZORG.naam },
    });
    const telling = await controleerIntegriteit({
      prisma: stack.prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      referenties: signalen.map((s) => ({ signaalpartnerId, referentie: s.referentie })),
      post: stack.postbus.post,
    });
    expect(telling).toMatchObject({ signalen: 3, meldingen: 3, brieven: 3, emails: 3 });
  }, 300_000);

  it('during a 5,000-row upload and an outreach run: a new worker finishes, exactly once', async () => {
    const { prisma } = stack;
    const postVooraf = stack.postbus.post.length;
    // The upload's gemeente invites only after 30 days: its meldingen wait quietly.
    const intake = await richtProefgemeenteIn(stack, {
      code: '9702',
      naam: 'Storingsveen',
      wijken: [{ code: '970201', naam: 'West', huisnummers: [1, HUISHOUDENS] }],
      uitnodigingsreeks: EEN_MAAND_STIL,
    });
    // The outreach gemeente sends a letter and an e-mail at once.
    const outreach = await richtProefgemeenteIn(stack, {
      code: '9707',
      naam: 'Storingshoven',
      wijken: [{ code: '970701', naam: 'Oost', huisnummers: [1, UITNODIGINGEN] }],
      instellingen: { emailIngeschakeld: true },
      uitnodigingsreeks: METEEN_BRIEF_EN_EMAIL,
    });

    const bestand = csvWindows1252([
      ['Referentie', 'Signaaldatum', 'Ontstaansdatum', 'Bedrag achterstand', 'Achternaam'].concat([
        'Geboortedatum',
        'Postcode',
        'Huisnummer',
        'Woonplaats',
      ]),
      ...Array.from({ length: RIJEN }, (_, i) => [
        `KILL-${i}-${Date.now()}`,
        '02-11-2026',
        '01-08-2026',
        '99,95',
        'Visser',
        '17-05-1980',
        intake.postcode,
        String((i % HUISHOUDENS) + 1),
        'Storingsveen',
      ]),
    ]);
    const geupload = await upload<{ id: string }>(
      `${stack.basis}/aanleveringen`,
      HUUR.apiSleutel,
      'huurachterstanden.csv',
      bestand,
    );
    expect(geupload.status).toBe(202);
    const aanleveringId = geupload.body.id;
    await wachtTot(async () => (await prisma.signaal.count({ where: { aanleveringId } })) > 0, {
      wat: 'eerste deel van het bestand',
      timeoutMs: 120_000,
    });

    const signalen = Array.from({ length: UITNODIGINGEN }, (_, i) =>
      eenSignaal({
        adres: { postcode: outreach.postcode, huisnummer: i + 1, woonplaats: 'Storingsdorp' },
      }),
    );
    for (const signaal of signalen) {
      const { status } = await http('POST', `${stack.basis}/signalen`, {
        apiSleutel: ZORG.apiSleutel,
        body: signaal,
      });
      expect(status).toBe(201);
    }
    const brieven = () =>
      prisma.correspondentie.count({
        where: { kanaal: 'BRIEF', status: 'VERZONDEN', melding: { gemeenteId: outreach.id } },
      });
    await wachtTot(async () => (await brieven()) > 0, { wat: 'eerste brief', timeoutMs: 300_000 });

    await stack.killWorker();
    // The kill must land mid-work, or this test proves nothing.
    const bijKill = {
      aanlevering: (await prisma.aanlevering.findUniqueOrThrow({ where: { id: aanleveringId } }))
        .status,
      inMelding: await prisma.signaal.count({ where: { aanleveringId, meldingId: { not: null } } }),
      brieven: await brieven(),
    };
    expect(bijKill.aanlevering).not.toBe('VERWERKT');
    expect(bijKill.inMelding).toBeLessThan(RIJEN);
    expect(bijKill.brieven).toBeLessThan(UITNODIGINGEN);

    await stack.startWorker();
    const { id: zorgId } = await prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: ZORG.naam },
    });
    // The new worker has thousands of signal workflows to route on this shared
    // machine, and the 40 outreach signals queue behind them on the same task
    // queue: how long that takes depends on the machine's load. Wait for as long
    // as the work keeps moving; a stall (no signal routed for STILSTAND_MS)
    // fails at once, describing the outreach signals' workflows.
    const inMelding = async () =>
      prisma.signaal.count({
        where: {
          meldingId: { not: null },
          OR: [
            { aanleveringId },
            { signaalpartnerId: zorgId, referentie: { in: signalen.map((s) => s.referentie) } },
          ],
        },
      });
    await wachtZolangErVoortgangIs({
      telling: inMelding,
      doel: RIJEN + UITNODIGINGEN,
      wat: 'Signalen in een melding na de kill',
      stilstandMs: STILSTAND_MS,
      beschrijf: async () =>
        `${await beschrijfWachtend(
          zorgId,
          signalen.map((s) => s.referentie),
        )}\n${stack.logboek()}`,
    });
    const telling = await controleerIntegriteit({
      prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [aanleveringId],
      referenties: signalen.map((s) => ({ signaalpartnerId: zorgId, referentie: s.referentie })),
      post: stack.postbus.post,
      timeoutMs: 180_000,
    });
    expect(telling).toMatchObject({
      signalen: RIJEN + UITNODIGINGEN,
      meldingen: HUISHOUDENS + UITNODIGINGEN,
      brieven: UITNODIGINGEN,
      emails: UITNODIGINGEN,
    });
    expect(
      await prisma.aanlevering.findUniqueOrThrow({ where: { id: aanleveringId } }),
    ).toMatchObject({
      status: 'VERWERKT',
      aantalGeaccepteerd: RIJEN,
      aantalAfgewezen: 0,
      aantalAlBekend: 0,
    });
    // The smoke test's e-mails went to the same SMTP server.
    expect(stack.postbus.post).toHaveLength(postVooraf + UITNODIGINGEN);
  }, 3_600_000);

  /** What the outreach signals still waiting are doing in Temporal. */
  async function beschrijfWachtend(zorgId: string, referenties: string[]): Promise<string> {
    const wachtend = await stack.prisma.signaal.findMany({
      where: { signaalpartnerId: zorgId, referentie: { in: referenties }, meldingId: null },
      select: { id: true, routeringsstatus: true },
      take: 5,
    });
    const regels = await Promise.all(
      wachtend.map(async (s) => {
        const d = await stack.temporal.workflow
          .getHandle(signaalWorkflowId(s.id))
          .describe()
          .catch((fout: unknown) => fout);
        if (d instanceof Error) return `${s.id} ${s.routeringsstatus}: ${d.message}`;
        const { raw, status } = d as Awaited<ReturnType<WorkflowHandle['describe']>>;
        const activiteiten = (raw.pendingActivities ?? []).map(
          (a) => `${a.activityType?.name} poging ${a.attempt} ${a.lastFailure?.message ?? ''}`,
        );
        return `${s.id} ${s.routeringsstatus} ${status.name} [${activiteiten.join('; ')}] taak: ${raw.pendingWorkflowTask ? `workflowtaak poging ${raw.pendingWorkflowTask.attempt}` : '-'}`;
      }),
    );
    return regels.join('\n');
  }
});
