import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { maakPrismaClient, type PrismaClient } from '../prisma/database.js';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { seedDemo } from '../prisma/seed.js';
import { signaalWorkflowId } from '../workflows/contracts.js';
import { testConfig, wachtTot } from './hulp/omgeving.js';
import { vrijePoort } from './hulp/poorten.js';
import { richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http } from './hulp/stack.js';

// The API and the worker as the operator runs them (dist/, child processes:
// tracing is process-wide), exporting to an OTLP/HTTP receiver in this test.

interface Ontvangst {
  pad: string;
  contentType: string | undefined;
  tekst: string;
}

interface OtlpWaarde {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpWaarde }[];
}
interface Span {
  dienst: string;
  traceId: string;
  spanId: string;
  ouder: string | undefined;
  naam: string;
  kind: number;
  attributen: Record<string, string | number | undefined>;
}

function spansUit(ontvangsten: Ontvangst[]): Span[] {
  const spans: Span[] = [];
  for (const { tekst } of ontvangsten) {
    const verzoek = JSON.parse(tekst) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: OtlpWaarde }[] };
        scopeSpans: { spans: OtlpSpan[] }[];
      }[];
    };
    for (const rs of verzoek.resourceSpans) {
      const dienst = rs.resource.attributes.find((a) => a.key === 'service.name')?.value
        .stringValue;
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans)
          spans.push({
            dienst: dienst ?? '?',
            traceId: s.traceId,
            spanId: s.spanId,
            ouder: s.parentSpanId || undefined,
            naam: s.name,
            kind: s.kind,
            attributen: Object.fromEntries(
              (s.attributes ?? []).map((a) => [
                a.key,
                a.value.stringValue ?? (a.value.intValue as number | undefined),
              ]),
            ),
          });
    }
  }
  return spans;
}

describe('observability: one trace from request to activity, and Prometheus metrics', () => {
  const config = testConfig();
  let prisma: PrismaClient;
  let ontvanger: Server;
  const ontvangsten: Ontvangst[] = [];
  const kinderen: ChildProcess[] = [];
  let otlp: string;
  let basis: string;
  let apiMetrieken: string;
  let workerMetrieken: string;
  const apiSleutel = DEMO_SIGNAALPARTNERS[0]!.apiSleutel;

  function start(script: string, env: Record<string, string>): ChildProcess {
    const kind = spawn(process.execPath, [script], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.DATABASE_URL,
        TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
        PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS,
        PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    kinderen.push(kind);
    return kind;
  }

  async function startApi(env: Record<string, string>): Promise<string> {
    const poort = await vrijePoort();
    start('dist/apps/api/main.js', { API_HOST: '127.0.0.1', API_PORT: String(poort), ...env });
    const url = `http://127.0.0.1:${poort}`;
    await wachtTot(
      () =>
        fetch(`${url}/v1/health`).then(
          (a) => a.ok,
          () => false,
        ),
      {
        wat: 'API gestart',
        timeoutMs: 60_000,
      },
    );
    return url;
  }

  beforeAll(async () => {
    prisma = maakPrismaClient(config.DATABASE_URL);
    await seedDemo(prisma, config.DATABASE_URL);
    ontvanger = createServer((verzoek, antwoord) => {
      const delen: Buffer[] = [];
      verzoek.on('data', (d: Buffer) => delen.push(d));
      verzoek.on('end', () => {
        ontvangsten.push({
          pad: verzoek.url ?? '',
          contentType: verzoek.headers['content-type'],
          tekst: Buffer.concat(delen).toString('utf8'),
        });
        antwoord.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((klaar) => ontvanger.listen(0, '127.0.0.1', klaar));
    otlp = `http://127.0.0.1:${(ontvanger.address() as { port: number }).port}`;

    apiMetrieken = `127.0.0.1:${await vrijePoort()}`;
    workerMetrieken = `127.0.0.1:${await vrijePoort()}`;
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_BSP_SCHEDULE_DELAY: '100' };
    start('dist/apps/worker/main.js', { ...tracing, WORKER_METRICS_ADRES: workerMetrieken });
    basis = `${await startApi({ ...tracing, API_METRICS_ADRES: apiMetrieken })}/v1`;
    await richtProefgemeenteIn(
      { prisma, basis },
      {
        code: '9721',
        naam: 'Telemetriedorp',
        wijken: [{ code: '972101', naam: 'Meetwijk', huisnummers: [1, 20] }],
      },
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      kinderen.map(
        (kind) =>
          new Promise<void>((klaar) => {
            if (kind.exitCode !== null || kind.signalCode !== null) return klaar();
            const hard = setTimeout(() => kind.kill('SIGKILL'), 15_000);
            kind.once('exit', () => (clearTimeout(hard), klaar()));
            kind.kill('SIGTERM');
          }),
      ),
    );
    await new Promise((klaar) => ontvanger?.close(klaar));
    await prisma?.$disconnect();
  });

  it('traces a delivered signal from the API request through the workflow to its activities, without personal data', async () => {
    const achternaam = `Telemetrie-${randomBytes(4).toString('hex')}`;
    const email = `${achternaam.toLowerCase()}@example.org`;
    const bsn = '123456782';
    const signaal = eenSignaal({
      persoon: { voorletters: 'Q.', achternaam, geboortedatum: '1971-03-29', bsn },
      adres: {
        straat: 'Meetlaan',
        postcode: '9721 AA',
        huisnummer: 3,
        woonplaats: 'Telemetriedorp',
      },
      contact: { email, telefoonnummer: '06-98765432' },
    });
    // The caller's own trace (W3C traceparent): the API continues it.
    const traceId = randomBytes(16).toString('hex');
    const ouderId = randomBytes(8).toString('hex');
    const antwoord = await fetch(`${basis}/signalen`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': apiSleutel,
        traceparent: `00-${traceId}-${ouderId}-01`,
      },
      body: JSON.stringify(signaal),
    });
    expect(antwoord.status).toBe(201);
    const { id } = (await antwoord.json()) as { id: string };

    // The signal workflow ends once the signal sits in its melding; then its
    // RunWorkflow span is complete and exported.
    await wachtTot(
      async () => (await prisma.signaal.findUniqueOrThrow({ where: { id } })).meldingId,
      { wat: 'signaal in een melding', timeoutMs: 60_000 },
    );
    const spans = await wachtTot(
      () => {
        const alle = spansUit(ontvangsten).filter((s) => s.traceId === traceId);
        const namen = new Set(alle.map((s) => s.naam));
        return Promise.resolve(
          ['RunWorkflow:signaalWorkflow', 'RunActivity:routeerSignaal'].every((n) => namen.has(n))
            ? alle
            : undefined,
        );
      },
      { wat: 'spans van API en worker', timeoutMs: 30_000 },
    );

    // The exporter speaks OTLP/HTTP with JSON bodies.
    expect(ontvangsten.every((o) => o.pad === '/v1/traces')).toBe(true);
    expect(ontvangsten.map((o) => o.contentType)).toContain('application/json');

    const perId = new Map(spans.map((s) => [s.spanId, s]));
    const keten = (span: Span): Span[] => {
      const ouder = span.ouder ? perId.get(span.ouder) : undefined;
      return ouder ? [span, ...keten(ouder)] : [span];
    };
    const activiteit = spans.find((s) => s.naam === 'RunActivity:routeerSignaal')!;
    const lijn = keten(activiteit);
    expect(lijn.map((s) => `${s.dienst} ${s.naam}`)).toEqual([
      'vroegsignaal-worker RunActivity:routeerSignaal',
      'vroegsignaal-worker StartActivity:routeerSignaal',
      'vroegsignaal-worker RunWorkflow:signaalWorkflow',
      'vroegsignaal-api StartWorkflow:signaalWorkflow',
      'vroegsignaal-api POST /v1/signalen',
    ]);
    const verzoek = lijn.at(-1)!;
    expect(verzoek.ouder).toBe(ouderId);
    expect(verzoek.kind).toBe(2); // SERVER
    expect(verzoek.attributen).toEqual({
      'http.request.method': 'POST',
      'http.route': '/v1/signalen',
      'http.response.status_code': 201,
    });
    expect(activiteit.attributen.temporalWorkflowId).toBe(signaalWorkflowId(id));
    // Attaching it to its melding continues the same trace into that workflow.
    expect(spans.map((s) => s.naam)).toEqual(
      expect.arrayContaining([
        'RunActivity:koppelAanMelding',
        'SignalWithStartWorkflow:meldingWorkflow',
      ]),
    );

    // Nothing of the person, anywhere in what left the processes.
    const alles = ontvangsten.map((o) => o.tekst).join('\n');
    for (const persoonsgegeven of [
      achternaam,
      bsn,
      email,
      '9721AA',
      '9721 AA',
      'Meetlaan',
      '1971-03-29',
      '0698765432',
      '06-98765432',
    ])
      expect(alles).not.toContain(persoonsgegeven);
  }, 120_000);

  it('counts API requests per route template and status, on a listener of its own', async () => {
    const onbekend = randomUUID();
    expect((await http('GET', `${basis}/signalen/${onbekend}`, { apiSleutel })).status).toBe(404);
    expect((await http('POST', `${basis}/signalen`, { apiSleutel, body: {} })).status).toBe(400);

    const tekst = await (await fetch(`http://${apiMetrieken}/metrics`)).text();
    const regel = (labels: string) =>
      new RegExp(`^http_server_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(
        tekst,
      )?.[1];
    expect(Number(regel('method="GET",route="/v1/signalen/:id",status_code="404"'))).toBe(1);
    expect(
      Number(regel('method="POST",route="/v1/signalen",status_code="400"')),
    ).toBeGreaterThanOrEqual(1);
    expect(
      Number(regel('method="POST",route="/v1/signalen",status_code="201"')),
    ).toBeGreaterThanOrEqual(1);
    expect(tekst).toMatch(
      /^http_server_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/v1\/signalen\/:id",status_code="404"\} 1$/m,
    );
    expect(tekst).not.toContain(onbekend);
    expect(tekst).toMatch(/^process_cpu_seconds_total \d/m);
    expect(tekst).toMatch(/^nodejs_heap_size_used_bytes \d/m);

    // Not on the public port.
    const publiek = new URL(basis).origin;
    expect((await fetch(`${basis}/metrics`)).status).toBe(404);
    expect(await (await fetch(`${publiek}/metrics`)).text()).not.toContain(
      'http_server_request_duration_seconds',
    );
  });

  it("serves the worker's Temporal metrics in Prometheus format", async () => {
    const tekst = await wachtTot(
      async () => {
        const t = await (await fetch(`http://${workerMetrieken}/metrics`)).text();
        return t.includes('temporal_workflow_completed') ? t : undefined;
      },
      { wat: 'Temporal-metrieken van de worker', timeoutMs: 30_000 },
    );
    const wachtrij = `task_queue="${config.TEMPORAL_TASK_QUEUE}"`;
    expect(tekst).toMatch(
      new RegExp(
        `^temporal_workflow_completed\\{[^}]*workflow_type="signaalWorkflow"[^}]*\\} [1-9]`,
        'm',
      ),
    );
    expect(tekst).toContain(wachtrij);
    expect(tekst).toMatch(
      /^temporal_local_activity_execution_latency_bucket\{[^}]*activity_type="routeerSignaal"/m,
    );
  });

  it('exports nothing when tracing is switched off', async () => {
    const voor = ontvangsten.length;
    const url = await startApi({
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'vroegsignaal-api-uit',
      OTEL_SDK_DISABLED: 'true',
    });
    expect((await http('GET', `${url}/v1/signalen/${randomUUID()}`, { apiSleutel })).status).toBe(
      404,
    );
    // Twenty times the export interval.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(
      spansUit(ontvangsten.slice(voor)).filter((s) => s.dienst === 'vroegsignaal-api-uit'),
    ).toEqual([]);
    expect(JSON.stringify(ontvangsten.slice(voor))).not.toContain('vroegsignaal-api-uit');
  }, 90_000);
});
