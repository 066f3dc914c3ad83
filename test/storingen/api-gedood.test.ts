import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { upload } from '../hulp/bestanden.js';
import { controleerIntegriteit } from '../hulp/integriteit.js';
import { testOmgeving, wachtTot } from '../hulp/omgeving.js';
import { vrijePoort } from '../hulp/poorten.js';
import { EEN_MAAND_STIL, type Proefgemeente, richtProefgemeenteIn } from '../hulp/proefgemeente.js';
import { http } from '../hulp/stack.js';
import { startStoringsstack, type Storingsstack } from '../hulp/storingsstack.js';
import { aanleveringWorkflowId } from '../../workflows/contracts.js';

// Fault 4: the API is killed with SIGKILL in the middle of a creditor's
// upload. The kill lands in the one place where something can be half-stored:
// after the delivery and its file are committed and before its workflow is
// started. To hit that moment every time, the API reaches Temporal through a
// relay that the test holds still, then the API is killed. The creditor gets
// no answer (a broken connection); before the fix the delivery then waited as
// ONTVANGEN for ever. Now the restarted API starts it, and the same file
// uploaded again yields every row once more as AL_BEKEND, never twice.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!;
// Enough for a file that takes a moment to store; more only makes the test
// slow on a busy machine (every accepted row starts a signal workflow).
const RIJEN = 500;

/** A TCP relay to Temporal whose connections of one moment can be held still. */
async function startRelais(doel: string) {
  const [host, poort] = [doel.slice(0, doel.lastIndexOf(':')), Number(doel.split(':').pop())];
  const verbindingen = new Set<net.Socket>();
  const stilgezet = new Set<net.Socket>();
  const server = net.createServer((binnen) => {
    const buiten = net.connect(poort, host);
    verbindingen.add(binnen);
    binnen.pipe(buiten).pipe(binnen);
    const weg = () => {
      verbindingen.delete(binnen);
      binnen.destroy();
      buiten.destroy();
    };
    binnen.on('error', weg).on('close', weg);
    buiten.on('error', weg).on('close', weg);
  });
  const eigenPoort = await vrijePoort();
  await new Promise<void>((r) => server.listen(eigenPoort, '127.0.0.1', r));
  return {
    adres: `127.0.0.1:${eigenPoort}`,
    /** The connections open now. */
    huidige: () => new Set(verbindingen),
    /** Stops reading from these connections: whatever they send does not reach Temporal. */
    houdStil(welke: Set<net.Socket>) {
      for (const v of welke) {
        v.unpipe();
        v.pause();
        stilgezet.add(v);
      }
    },
    stop: () => {
      for (const v of verbindingen) v.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('storing 4: the API is killed during an upload', () => {
  let stack: Storingsstack;
  let relais: Awaited<ReturnType<typeof startRelais>>;
  let gemeente: Proefgemeente;

  beforeAll(async () => {
    relais = await startRelais(testOmgeving().temporalAdres);
    stack = await startStoringsstack({
      omgeving: { AANLEVERING_HERVATTEN_NA_SECONDEN: '2' },
      // Only the API goes through the relay: a connection the worker happens
      // to open while the API starts must not be held still with the API's.
      apiOmgeving: { TEMPORAL_ADDRESS: relais.adres },
    });
    await stack.startWorker();
    gemeente = await richtProefgemeenteIn(stack, {
      code: '9714',
      naam: 'Afbreekdam',
      wijken: [{ code: '971401', naam: 'Centrum', huisnummers: [1, 40] }],
      uitnodigingsreeks: EEN_MAAND_STIL,
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await relais?.stop();
  });

  /** What a failing wait shows: the delivery, its workflow, the relay and the children's output. */
  async function toestand(id: string): Promise<string> {
    const aanlevering = await stack.prisma.aanlevering.findUnique({
      where: { id },
      select: { status: true, aantalRijen: true },
    });
    const workflow = await stack.temporal.workflow
      .getHandle(aanleveringWorkflowId(id))
      .describe()
      .then((d) => d.status.name)
      .catch((fout: unknown) => String(fout));
    const rijen = await stack.prisma.aanleveringRij.groupBy({
      by: ['status'],
      where: { aanleveringId: id },
      _count: { _all: true },
    });
    return [
      `aanlevering: ${JSON.stringify(aanlevering)}`,
      `rijen: ${JSON.stringify(rijen.map((r) => [r.status, r._count._all]))}`,
      `workflow: ${workflow}`,
      `relaisverbindingen: ${relais.huidige().size}`,
      stack.logboek(),
    ].join('\n');
  }

  it('leaves nothing half-stored, and a re-upload gives every row exactly once', async () => {
    const sinds = new Date();
    const reeks = randomUUID().slice(0, 8);
    const bestand = Buffer.from(
      [
        'Referentie;Signaaldatum;Ontstaansdatum;Bedrag achterstand;Achternaam;Geboortedatum;Postcode;Huisnummer;Woonplaats',
        ...Array.from(
          { length: RIJEN },
          (_, i) =>
            `AFB-${reeks}-${i + 1};02-11-2026;01-08-2026;250,00;Bakker;17-05-1980;${gemeente.postcode};${(i % 40) + 1};Afbreekdam`,
        ),
      ].join('\r\n') + '\r\n',
      'utf8',
    );
    const partner = await stack.prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: HUUR.naam },
    });
    const bekend = new Set(
      (
        await stack.prisma.aanlevering.findMany({
          where: { signaalpartnerId: partner.id },
          select: { id: true },
        })
      ).map((a) => a.id),
    );

    // The API child's connections to Temporal are the ones opened by its start.
    const voorApi = relais.huidige();
    await stack.startApi();
    relais.houdStil(new Set([...relais.huidige()].filter((v) => !voorApi.has(v))));

    const poging = upload(
      `${stack.basis}/aanleveringen`,
      HUUR.apiSleutel,
      'huurachterstanden.csv',
      bestand,
    )
      .then(() => 'antwoord')
      .catch(() => 'verbinding verbroken');
    // Stored, not yet started: now the API dies.
    const half = await wachtTot(
      () =>
        stack.prisma.aanlevering.findFirst({
          where: { signaalpartnerId: partner.id, id: { notIn: [...bekend] } },
        }),
      { wat: 'aanlevering opgeslagen', timeoutMs: 60_000 },
    );
    await stack.killApi();
    expect(await poging).toBe('verbinding verbroken');
    expect(
      (await stack.prisma.aanlevering.findUniqueOrThrow({ where: { id: half.id } })).status,
    ).toBe('ONTVANGEN');

    // The restarted API finds it and starts it: the delivery completes.
    await stack.startApi();
    const eerste = await wachtTot(
      async () => {
        const { body } = await http<{ status: string; aantallen: Record<string, number> }>(
          'GET',
          `${stack.basis}/aanleveringen/${half.id}`,
          { apiSleutel: HUUR.apiSleutel },
        );
        return body.status === 'VERWERKT' && body;
      },
      { wat: 'de onderbroken aanlevering verwerkt', timeoutMs: 180_000 },
    ).catch(async (fout: unknown) => {
      throw new Error(`${String(fout)}\n${await toestand(half.id)}`);
    });
    expect(eerste.aantallen).toMatchObject({ ontvangen: RIJEN, geaccepteerd: RIJEN });

    // The creditor, who saw a broken connection, sends the same file again.
    const opnieuw = await upload<{ id: string }>(
      `${stack.basis}/aanleveringen`,
      HUUR.apiSleutel,
      'huurachterstanden.csv',
      bestand,
    );
    expect(opnieuw.status).toBe(202);
    const tweede = await wachtTot(
      async () => {
        const { body } = await http<{ status: string; aantallen: Record<string, number> }>(
          'GET',
          `${stack.basis}/aanleveringen/${opnieuw.body.id}`,
          { apiSleutel: HUUR.apiSleutel },
        );
        return body.status === 'VERWERKT' && body;
      },
      { wat: 'de herhaalde aanlevering verwerkt', timeoutMs: 120_000 },
    );
    expect(tweede.aantallen).toMatchObject({ ontvangen: RIJEN, geaccepteerd: 0, alBekend: RIJEN });
    expect(
      await stack.prisma.signaal.count({ where: { referentie: { startsWith: `AFB-${reeks}-` } } }),
    ).toBe(RIJEN);

    const telling = await controleerIntegriteit({
      prisma: stack.prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [half.id, opnieuw.body.id],
      post: stack.postbus.post,
      sinds,
      timeoutMs: 180_000,
    });
    expect(telling.signalen).toBe(RIJEN);
  }, 600_000);
});
