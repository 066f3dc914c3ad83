#!/usr/bin/env node
// Runs the Prisma CLI without network access: `node scripts/prisma.mjs <args...>`.
//
// The CLI would otherwise try to download its native schema engine (and
// checksums, update notices, telemetry). We point it at our WebAssembly-based
// stand-in instead and switch the network-bound extras off.

import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const scriptsDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptsDir, '..');

export const schemaEngineShim = path.join(scriptsDir, 'prisma-schema-engine.mjs');
const prismaCli = path.join(repoRoot, 'node_modules', 'prisma', 'build', 'index.js');

/** Environment that keeps the Prisma CLI offline; `extra` wins over everything. */
export function prismaEnv(extra = {}) {
  return {
    ...process.env,
    // Absolute, because the CLI resolves it against whatever cwd it runs in.
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineShim,
    // There is no downloaded engine whose checksum could be verified.
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    // Telemetry / version checks would hang on or fail against the network.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    ...extra,
  };
}

function spawnPrisma(args, { env = {}, cwd } = {}) {
  return spawn(process.execPath, [prismaCli, ...args], {
    stdio: 'inherit',
    env: prismaEnv(env),
    cwd,
  });
}

function exitCodeOf(child) {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // Shell convention, so callers can tell a killed CLI from a failing one.
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

/**
 * Run the Prisma CLI with `args`; resolves with its exit code.
 * @param {string[]} args
 * @param {{ env?: Record<string, string | undefined>, cwd?: string }} [options]
 * @returns {Promise<number>}
 */
export function runPrisma(args, options = {}) {
  return exitCodeOf(spawnPrisma(args, options));
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  realpathSync(path.resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));

if (invokedDirectly) {
  const child = spawnPrisma(process.argv.slice(2));
  // Ctrl-C already reaches the child through the terminal; dying first would orphan it.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  exitCodeOf(child).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
