import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, log, voerUit } from './omgeving.mjs';

/** Generates the Prisma client when the schema changed, compiles incrementally, then builds the browser app. */
export async function bouw() {
  const schema = path.join(ROOT, 'prisma', 'schema.prisma');
  const client = path.join(ROOT, 'prisma', 'generated', 'client.ts');
  if (!existsSync(client) || statSync(client).mtimeMs < statSync(schema).mtimeMs) {
    log('Prisma-client genereren…');
    await voerUit('node', ['scripts/prisma.mjs', 'generate']);
  }
  log('TypeScript compileren…');
  await voerUit('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  log('Browserapplicatie bouwen…');
  await voerUit('node', [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'apps/web/vite.config.mjs',
    '--logLevel',
    'warn',
  ]);
}
