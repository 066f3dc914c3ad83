import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { maakApi } from '../apps/api/app.js';
import { testConfig } from './hulp/omgeving.js';

// The NL API Design Rules as Logius publishes them for Spectral, run against
// the document the API serves, so a new endpoint that breaks a rule fails
// `npm test`.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULESET = path.join(ROOT, 'docs/standaarden/nl-api-design-rules/linter.yaml');
const SPECTRAL = path.join(ROOT, 'node_modules/.bin/spectral');

interface Bevinding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

describe('the OpenAPI document and the NL API Design Rules', () => {
  let app: NestExpressApplication;
  let document: {
    servers: { url: string }[];
    paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
  };
  let map: string;

  beforeAll(async () => {
    app = await maakApi(testConfig());
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const antwoord = await fetch(`http://127.0.0.1:${port}/v1/openapi.json`);
    expect(antwoord.status).toBe(200);
    document = (await antwoord.json()) as typeof document;
    map = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
  });

  afterAll(async () => {
    await app.close();
    rmSync(map, { recursive: true, force: true });
  });

  it('passes Spectral with the Logius ruleset without a single error', () => {
    const bestand = path.join(map, 'openapi.json');
    writeFileSync(bestand, JSON.stringify(document));
    const uitvoer = spawnSync(
      SPECTRAL,
      ['lint', '--ruleset', RULESET, '--format', 'json', '--quiet', bestand],
      { encoding: 'utf8', timeout: 120_000 },
    );
    // Spectral exits 1 when it finds errors; anything else is the tool failing.
    if (uitvoer.status !== 0 && uitvoer.status !== 1) {
      throw new Error(`Spectral faalde (${uitvoer.status}): ${uitvoer.stderr}`);
    }
    const bevindingen = JSON.parse(uitvoer.stdout || '[]') as Bevinding[];
    const fouten = bevindingen
      .filter((b) => b.severity === 0)
      .map((b) => `${b.code} bij ${b.path.join('.')}: ${b.message}`);
    expect(fouten).toEqual([]);
    expect(uitvoer.status).toBe(0);
  }, 180_000);

  it('puts the major version in the server URL and the API-Version header on every response', () => {
    expect(document.servers.map((s) => s.url)).toEqual(['/v1']);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/signalen', '/meldingen/{id}']),
    );
    for (const operaties of Object.values(document.paths)) {
      for (const operatie of Object.values(operaties)) {
        for (const antwoord of Object.values(operatie.responses)) {
          expect(antwoord.headers).toHaveProperty('API-Version');
        }
      }
    }
  });

  it('describes every error as problem+json with status, title and detail', () => {
    const fout = document.paths['/meldingen/{id}']!.get!.responses['404']!;
    expect(fout.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } },
    });
  });
});
