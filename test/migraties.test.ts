import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { testOmgeving } from './hulp/omgeving.js';

// schema.prisma and the committed migrations must describe the same database;
// otherwise `prisma migrate deploy` in production builds something else than
// the code expects.
function diff(schema: string) {
  const { shadowUrl, databaseUrl } = testOmgeving();
  return spawnSync(
    process.execPath,
    [
      'scripts/prisma.mjs',
      'migrate',
      'diff',
      '--from-migrations',
      'prisma/migrations',
      '--to-schema',
      schema,
      '--exit-code',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: databaseUrl, SHADOW_DATABASE_URL: shadowUrl },
      timeout: 120_000,
    },
  );
}

describe('migrations', () => {
  it('match schema.prisma exactly', () => {
    const uitkomst = diff('prisma/schema.prisma');
    expect(uitkomst.stdout + uitkomst.stderr).toContain('No difference detected');
    expect(uitkomst.status).toBe(0);
  });

  it('detect a schema change that has no migration', () => {
    const map = mkdtempSync(path.join(tmpdir(), 'vs-schema-'));
    const schema = path.join(map, 'schema.prisma');
    copyFileSync('prisma/schema.prisma', schema);
    writeFileSync(
      schema,
      readFileSync(schema, 'utf8').replace(
        '  naam      String\n',
        '  naam      String\n  logoUrl   String?\n',
      ),
    );
    const uitkomst = diff(schema);
    expect(uitkomst.stdout).toContain('logoUrl');
    expect(uitkomst.status).toBe(2);
  });
});
