// Shared helpers of the dev stack and test scripts. Only Node built-ins here:
// these run before `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = path.join(ROOT, '.tools');
export const DATA = path.join(ROOT, '.data');

/**
 * Node flags of the API and worker processes. V8 sizes its heap after the
 * machine's memory and then collects lazily, so on a large machine one big
 * upload left hundreds of MB of garbage behind; with a fixed old space the
 * resident memory stays flat (reading a 100,000-row sheet needs < 30 MB live).
 */
export const PROCESVLAGGEN = ['--enable-source-maps', '--max-old-space-size=512'];

export function log(tekst) {
  process.stdout.write(`[vroegsignaal] ${tekst}\n`);
}

/** Runs a command to completion, inheriting stdio; rejects on a non-zero exit. */
export function voerUit(commando, args, opties = {}) {
  return new Promise((resolve, reject) => {
    const kind = spawn(commando, args, { cwd: ROOT, stdio: 'inherit', ...opties });
    kind.on('error', reject);
    kind.on('exit', (code, signaal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${commando} ${args.join(' ')} stopte met ${signaal ?? `code ${code}`}`),
          ),
    );
  });
}

export function uitvoerVan(commando, args, opties = {}) {
  const r = spawnSync(commando, args, { encoding: 'utf8', ...opties });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
export async function zorgVoorNodeModules() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  // A node_modules linked from another checkout (a git worktree) belongs to
  // that checkout: npm ci here would empty it under the other one's feet.
  if (
    existsSync(path.join(ROOT, 'node_modules')) &&
    lstatSync(path.join(ROOT, 'node_modules')).isSymbolicLink()
  )
    return;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('npm-pakketten installeren (npm ci)…');
  await voerUit('npm', ['ci', '--no-audit', '--no-fund']);
}

export function vrijePoort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function poortIsVrij(poort, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(poort, host, () => server.close(() => resolve(true)));
  });
}

export async function wachtOpPoort(
  poort,
  { host = '127.0.0.1', timeoutMs = 60_000, wat = `poort ${poort}` } = {},
) {
  const tot = Date.now() + timeoutMs;
  while (Date.now() < tot) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(poort, host);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${wat} kwam niet binnen ${timeoutMs / 1000} s op`);
}
