#!/usr/bin/env node
// Drop-in replacement for Prisma's native `schema-engine` binary.
//
// The Prisma CLI downloads that binary on first use, which is impossible in
// our offline environments. The CLI accepts any executable through
// PRISMA_SCHEMA_ENGINE_BINARY, so this script speaks the binary's protocol
// (line-delimited JSON-RPC 2.0 on stdin/stdout, JSON log lines on stderr) and
// runs the real engine compiled to WebAssembly (@prisma/schema-engine-wasm),
// which reaches PostgreSQL through @prisma/adapter-pg instead of its own
// network stack. Only PostgreSQL is supported.
//
// stdout belongs to the protocol: a stray line there makes the CLI fail to
// parse a response, so everything else goes to stderr.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';

// Third-party code may call console.log; keep it off the protocol channel.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
// When the CLI exits before us, writes hit a closed pipe; that is not our error to report.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

// ---------------------------------------------------------------------------
// Command line, mirroring the native binary's flags.

function parseArgs(argv) {
  const opts = {
    datamodels: [],
    datasource: undefined,
    cli: undefined,
    version: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '-d':
      case '--datamodels':
      case '--datamodel':
        opts.datamodels.push(value());
        break;
      case '--datasource':
        opts.datasource = JSON.parse(value());
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        // The wasm engine takes neither; accepted so the CLI's invocation stays valid.
        value();
        break;
      case '-V':
      case '--version':
        opts.version = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      case 'cli':
        opts.cli = argv[i + 1];
        i = argv.length;
        break;
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------
// Connection strings.
//
// pg's `connectionString` wins over every other field, which once made a
// "shadow" database silently land on the main database. So URLs are always
// decomposed into discrete pg fields and `connectionString` is never used.

function parsePostgresUrl(raw) {
  if (typeof raw !== 'string' || raw === '') {
    throw userError(
      'P1012',
      'The datasource URL is empty. Set `datasource.url` in prisma.config.ts.',
    );
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw userError(
      'P1013',
      'The provided database string is invalid. The URL could not be parsed.',
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw userError(
      'P1013',
      `The provided database string is invalid. This schema engine only supports postgresql:// URLs, got \`${url.protocol}//\`.`,
    );
  }
  const q = url.searchParams;
  const socketDir = q.get('host');
  const target = {
    host: socketDir || decodeURIComponent(url.hostname) || 'localhost',
    port: Number(url.port || q.get('port') || 5432),
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    // Same default as the native engine, which always pins search_path to this schema.
    schema: q.get('schema') || 'public',
    sslmode: q.get('sslmode') || 'prefer',
    sslrootcert: q.get('sslrootcert') || undefined,
    connectTimeout: q.has('connect_timeout') ? Number(q.get('connect_timeout')) : 5,
    applicationName: q.get('application_name') || undefined,
    extraOptions: q.get('options') || undefined,
  };
  return target;
}

function withDatabase(target, database) {
  return { ...target, database };
}

function poolConfig(target) {
  let ssl;
  switch (target.sslmode) {
    case 'disable':
    case 'prefer': // pg cannot fall back to plain text, and local servers rarely offer TLS.
      ssl = false;
      break;
    case 'verify-ca':
    case 'verify-full':
      ssl = target.sslrootcert ? { ca: readFileSync(target.sslrootcert, 'utf8') } : true;
      break;
    default: // require: encrypt without verifying, as libpq and the native engine do.
      ssl = { rejectUnauthorized: false };
  }
  // Unqualified names in migration scripts must land in the schema the engine
  // inspects, as with the native engine's `SET search_path`.
  const searchPath = `-c search_path="${target.schema.replace(/"/g, '""')}"`;
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl,
    application_name: target.applicationName,
    options: target.extraOptions ? `${target.extraOptions} ${searchPath}` : searchPath,
    connectionTimeoutMillis: target.connectTimeout > 0 ? target.connectTimeout * 1000 : 0,
    // One connection, like the native engine: Migrate's session-level advisory
    // lock is only re-entrant on the session that took it, so a second pooled
    // connection would block on our own lock.
    max: 1,
  };
}

function describeLocation(target) {
  return `${target.host}:${target.port}`;
}

function sameDatabase(a, b) {
  const norm = (h) => (h === '127.0.0.1' || h === '::1' || h === '[::1]' ? 'localhost' : h);
  return norm(a.host) === norm(b.host) && a.port === b.port && a.database === b.database;
}

const quoteIdent = (name) => `"${String(name).replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------
// Errors in the shape the CLI understands.

function userError(code, message, meta = {}) {
  return Object.assign(new Error(message), { code, meta, userFacing: true });
}

// Translate node-postgres / socket failures into the P-codes the native engine
// would report, so the CLI prints the same guidance (and `migrate dev` can
// offer to create a missing database on P1003).
function pgErrorToUserError(err, target) {
  if (err?.userFacing) return err;
  const location = describeLocation(target);
  const sysCodes = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EHOSTUNREACH',
    'ETIMEDOUT',
    'ECONNRESET',
    'EAI_AGAIN',
  ];
  if (
    sysCodes.includes(err?.code) ||
    /timeout expired|Connection terminated/i.test(err?.message ?? '')
  ) {
    return userError(
      'P1001',
      `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
      { database_host: target.host, database_port: target.port },
    );
  }
  if (err?.code === '28P01' || err?.code === '28000') {
    return userError(
      'P1000',
      `Authentication failed against database server, the provided database credentials for \`${target.user ?? ''}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      { database_user: target.user, database_host: target.host },
    );
  }
  if (err?.code === '3D000') {
    return userError(
      'P1003',
      `Database \`${target.database}\` does not exist on the database server at \`${location}\`.`,
      { database_name: target.database, database_host: target.host, database_port: target.port },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

function toRpcError(err) {
  const data = { is_panic: false, message: String(err?.message ?? err) };
  if (typeof err?.code === 'string' && /^P\d{4}$/.test(err.code)) {
    data.error_code = err.code;
    data.meta = err.meta ?? {};
  } else {
    data.backtrace = null;
  }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

// ---------------------------------------------------------------------------
// Column types for the engine's catalog queries.
//
// @prisma/adapter-pg throws on built-in types it does not know, and the
// engine's introspection selects some straight from pg_catalog. The one that
// matters is "char" (OID 18, e.g. pg_constraint.contype): the engine reads it
// as a Rust `char`, so it must come back as a Character column — as Text it
// panics ("as char failed") as soon as a table has a CHECK constraint, and on
// PostgreSQL 18 always, since NOT NULL constraints now live in pg_constraint.
// Other unknown built-ins arrive unparsed from pg, so report them as Text.

const CHAR_OID = 18;
const TEXT_OID = 25;
const FIRST_USER_OID = 16384;
// What adapter-pg's fieldToColumnType maps (scalars, then arrays).
const ADAPTER_BUILTIN_OIDS = new Set([
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114,
  1184, 1266, 1560, 1562, 1700, 2950, 3802, 143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009,
  1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182, 1183, 1185, 1231, 1561, 1563, 2951, 3807,
]);
const charColumns = Symbol('charColumns');

function teachColumnTypes(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const chars = [];
    const fields = result.fields.map((field, i) => {
      const oid = field.dataTypeID;
      if (oid === CHAR_OID) chars.push(i);
      if (oid >= FIRST_USER_OID || ADAPTER_BUILTIN_OIDS.has(oid)) return field;
      return { ...field, dataTypeID: TEXT_OID };
    });
    // queryRaw only hands back rows, so the marker travels with them.
    if (chars.length > 0) Object.defineProperty(result.rows, charColumns, { value: chars });
    return { ...result, fields, rows: result.rows, rowCount: result.rowCount };
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const i of resultSet.rows[charColumns] ?? []) {
      resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    }
    return resultSet;
  };
  return queryable;
}

// ---------------------------------------------------------------------------
// Driver adapter factory handed to the wasm engine.

const openPools = new Set();
// The engine reports a failed migration script without its SQLSTATE; keep the
// original error so applyMigrations can answer like the native engine (P3018).
let lastScriptError = null;
const temporaryShadowDatabases = new Map(); // name -> { adminTarget, pool, dropping }

function createPool(target) {
  const pool = new pg.Pool(poolConfig(target));
  // An idle client dying (e.g. the server restarting) must not crash the engine.
  pool.on('error', (err) => log('WARN', `idle PostgreSQL client error: ${err.message}`));
  openPools.add(pool);
  return pool;
}

async function endPool(pool) {
  if (!openPools.delete(pool)) return;
  await pool.end().catch(() => undefined);
}

async function openAdapter(target, pool = createPool(target), onDispose = undefined) {
  try {
    // Fail here, with a proper P-code, rather than deep inside the engine.
    const probe = await pool.connect();
    probe.release();
  } catch (err) {
    await endPool(pool);
    throw pgErrorToUserError(err, target);
  }
  const adapter = teachColumnTypes(await new PrismaPg(pool, { schema: target.schema }).connect());
  const startTransaction = adapter.startTransaction.bind(adapter);
  // With max: 1 a transaction holds the pool's only connection. The migrate
  // commands never open one (check with PRISMA_SCHEMA_ENGINE_SHIM_TRACE); if
  // something did and then queried the pool, pg gives up after connect_timeout.
  adapter.startTransaction = async (...args) => {
    if (trace) log('INFO', 'adapter startTransaction');
    return teachColumnTypes(await startTransaction(...args));
  };
  // adapter-pg splits scripts on every ';', which breaks dollar-quoted bodies
  // and string literals. The native engine sends a migration as one
  // simple-protocol query (one implicit transaction); do the same.
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (err) {
      lastScriptError = err;
      adapter.onError(err);
    }
  };
  adapter.dispose = async () => {
    await endPool(pool);
    await onDispose?.();
  };
  return adapter;
}

async function withClient(target, fn) {
  const client = new pg.Client(poolConfig(target));
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw pgErrorToUserError(err, target);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropDatabase(client, name) {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } catch (err) {
    // WITH (FORCE) needs PostgreSQL 13+.
    if (err?.code !== '42601') throw err;
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  }
}

// Idempotent, and the entry stays listed until the drop has finished, so
// awaiting dropAllTemporaryShadowDatabases() also waits for a drop the engine
// already started by disposing the adapter.
function dropTemporaryShadowDatabase(name) {
  const entry = temporaryShadowDatabases.get(name);
  if (!entry) return Promise.resolve();
  entry.dropping ??= (async () => {
    await endPool(entry.pool);
    await withClient(entry.adminTarget, (client) => dropDatabase(client, name)).catch((err) =>
      log('WARN', `could not drop temporary shadow database ${name}: ${err.message}`),
    );
    temporaryShadowDatabases.delete(name);
  })();
  return entry.dropping;
}

function dropAllTemporaryShadowDatabases() {
  return Promise.all([...temporaryShadowDatabases.keys()].map(dropTemporaryShadowDatabase));
}

// The wasm engine assumes the shadow database it is handed is empty (the native
// engine resets a configured shadow database itself), so wipe it first.
async function resetShadowDatabase(target) {
  await withClient(target, async (client) => {
    const { rows } = await client.query(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
          AND (pg_get_userbyid(nspowner) = current_user OR nspname = $1)`,
      [target.schema],
    );
    const statements = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`);
    statements.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(target.schema)};`);
    await client.query(statements.join('\n'));
  });
}

function createAdapterFactory(datasource) {
  const main = parsePostgresUrl(datasource?.url);
  const shadow = datasource?.shadowDatabaseUrl
    ? parsePostgresUrl(datasource.shadowDatabaseUrl)
    : null;
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => openAdapter(main),
    async connectToShadowDb() {
      if (shadow) {
        if (sameDatabase(main, shadow)) {
          throw new Error(
            'The shadow database you configured appears to be the same as the main database. Please specify another shadow database.',
          );
        }
        await resetShadowDatabase(shadow);
        return openAdapter(shadow);
      }
      // No shadow database configured: like the native engine, create a
      // throwaway one on the main server and drop it afterwards.
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await withClient(main, async (client) => {
        try {
          await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
        } catch (err) {
          throw userError(
            'P3014',
            `Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: ${err.message}`,
            { error_code: err.code },
          );
        }
      });
      const target = withDatabase(main, name);
      const pool = createPool(target);
      temporaryShadowDatabases.set(name, { adminTarget: main, pool, dropping: null });
      return openAdapter(target, pool, () => dropTemporaryShadowDatabase(name));
    },
  };
}

// ---------------------------------------------------------------------------
// The wasm engine.

// Set PRISMA_SCHEMA_ENGINE_SHIM_TRACE=1 (and run the CLI with --debug or look at
// DEBUG=prisma:schemaEngine:stderr) to see every RPC call on stderr.
const trace = Boolean(process.env.PRISMA_SCHEMA_ENGINE_SHIM_TRACE);

function log(level, message, target = 'schema_engine_wasm_shim') {
  process.stderr.write(`${JSON.stringify({ level, fields: { message }, target })}\n`);
}

// The wasm module reports the text of a Rust panic here just before trapping.
let lastPanicMessage = null;
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message) {
    lastPanicMessage = message;
  },
};

let wasmBindings;
async function loadWasm() {
  if (wasmBindings) return wasmBindings;
  // The package's main entry imports the .wasm file as an ES module, which
  // Node 20 only allows behind --experimental-wasm-modules; instantiate by hand.
  const bindingsUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = await import(bindingsUrl);
  const bytes = await readFile(new URL('./schema_engine_bg.wasm', bindingsUrl));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  wasmBindings = bindings;
  return bindings;
}

async function loadDatamodels(paths) {
  // The native engine reads these paths itself; the wasm one wants contents.
  return Promise.all(
    paths.map(async (p) => {
      const abs = path.resolve(p);
      return [abs, await readFile(abs, 'utf8')];
    }),
  );
}

function isWasmPanic(err) {
  return err instanceof WebAssembly.RuntimeError || err?.name === 'RuntimeError';
}

// Errors thrown by the wasm engine carry `code`/`meta` when user-facing;
// driver errors come back through the adapter's error registry.
function normalizeEngineError(err, errorRegistry, target) {
  if (err?.userFacing) return err;
  if (typeof err?.code === 'string' && /^P\d{4}$/.test(err.code)) {
    return userError(err.code, err.message, err.meta ?? {});
  }
  // Plain JS errors thrown by our adapter factory reach the engine only as an
  // index into the adapter's error registry ("External error id#N"); put the
  // real message (and P-code, if it has one) back.
  const message = String(err?.message ?? err);
  const ref = /External error id#(\d+)/.exec(message);
  const registered = ref ? errorRegistry?.consumeError(Number(ref[1])) : undefined;
  if (registered?.error) {
    const inner = pgErrorToUserError(registered.error, target);
    if (inner.userFacing) return inner;
    return new Error(message.replace(ref[0], inner.message));
  }
  return err instanceof Error ? err : new Error(message);
}

// ---------------------------------------------------------------------------
// JSON-RPC server.

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let nextOutgoingId = 1_000_000;
const pendingOutgoing = new Map();

// The native engine prints `migrate diff` output by asking the CLI to do it
// (a `print` request), which also makes `--output` capture work.
function printViaCli(content) {
  const id = nextOutgoingId++;
  return new Promise((resolve) => {
    pendingOutgoing.set(id, resolve);
    send({ jsonrpc: '2.0', id, method: 'print', params: { content } });
  });
}

async function runServer(opts) {
  const datamodels = await loadDatamodels(opts.datamodels);
  let mainTarget = null;
  let engine = null;
  let errorRegistry = null;

  async function getEngine() {
    if (engine) return engine;
    if (!opts.datasource?.url) {
      throw userError(
        'P1012',
        'This schema engine needs a database connection. Set `datasource.url` in prisma.config.ts.',
      );
    }
    const bindings = await loadWasm();
    mainTarget = parsePostgresUrl(opts.datasource.url);
    const factory = bindMigrationAwareSqlAdapterFactory(createAdapterFactory(opts.datasource));
    errorRegistry = factory.errorRegistry;
    try {
      engine = await bindings.SchemaEngine.new(
        { datamodels: datamodels.length > 0 ? datamodels : undefined },
        // Already JSON log lines in the native engine's format; the CLI parses them from stderr.
        (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
        factory,
      );
    } catch (err) {
      throw normalizeEngineError(err, errorRegistry, mainTarget);
    }
    return engine;
  }

  async function warmMigrationSchemaCache(eng, { migrationsList, filters }) {
    try {
      await eng.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters });
    } catch (err) {
      if (isWasmPanic(err)) throw err;
      if (trace) log('INFO', `cache warm-up failed: ${err?.message ?? err}`);
    }
  }

  // Methods the wasm engine lacks, or where the native semantics differ.
  const overrides = {
    async getDatabaseVersion() {
      return (await getEngine()).version();
    },
    async createDatabase(params) {
      const url = params?.datasource?.url ?? opts.datasource?.url;
      return { databaseName: await createDatabase(parsePostgresUrl(url)) };
    },
    // Run the script verbatim as one simple query, against whichever URL the
    // CLI names; the wasm engine could only ever reach its own datasource.
    async dbExecute(params) {
      const source = params.datasourceType;
      const url = source?.tag === 'url' ? source.url : opts.datasource?.url;
      const target = parsePostgresUrl(url);
      await withClient(target, (client) => client.query(params.script));
      return null;
    },
    async applyMigrations(params) {
      const eng = await getEngine();
      lastScriptError = null;
      try {
        return await eng.applyMigrations(params);
      } catch (err) {
        const failed = /migration_name="([^"]+)"/.exec(String(err?.message ?? ''));
        if (!failed || !lastScriptError || isWasmPanic(err)) throw err;
        throw userError(
          'P3018',
          `A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: ${failed[1]}\n\nDatabase error code: ${lastScriptError.code ?? ''}\n\nDatabase error:\n${lastScriptError.message}\n`,
          {
            migration_name: failed[1],
            database_error_code: lastScriptError.code ?? '',
            database_error: lastScriptError.message,
          },
        );
      }
    },
    // The wasm engine only hands the shadow-database factory to diff,
    // devDiagnostic and diagnoseMigrationHistory; these two reuse a schema
    // those calls cached for the same migrations list. `migrate dev` does not
    // always make such a call first (e.g. right after applying pending
    // migrations), so warm the cache, leaving any error to the real call.
    async evaluateDataLoss(params) {
      const eng = await getEngine();
      await warmMigrationSchemaCache(eng, params);
      return eng.evaluateDataLoss(params);
    },
    async createMigration(params) {
      const eng = await getEngine();
      await warmMigrationSchemaCache(eng, params);
      return eng.createMigration(params);
    },
    async diff(params) {
      const { stdout, ...rest } = await (await getEngine()).diff(params);
      if (stdout) await printViaCli(stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout);
      return rest;
    },
  };

  const wasmMethods = new Set([
    'applyMigrations',
    'createMigration',
    'debugPanic',
    'devDiagnostic',
    'diagnoseMigrationHistory',
    'ensureConnectionValidity',
    'evaluateDataLoss',
    'introspect',
    'introspectSql',
    'markMigrationApplied',
    'markMigrationRolledBack',
    'reset',
    'schemaPush',
  ]);

  async function dispatch(method, params) {
    if (overrides[method]) return overrides[method](params);
    if (wasmMethods.has(method)) {
      const eng = await getEngine();
      // Call through the instance: detaching the method loses its wasm pointer.
      return eng[method](params);
    }
    throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
  }

  let queue = Promise.resolve();
  let inFlight = null; // { id, answered }

  function panicResponse(id, err) {
    const message = lastPanicMessage ?? String(err?.message ?? err);
    return {
      jsonrpc: '2.0',
      error: {
        code: 4466,
        message,
        data: { is_panic: true, message, backtrace: err?.stack ?? null },
      },
      id,
    };
  }

  async function answer(request, response) {
    if (request.answered) return;
    request.answered = true;
    // A temporary shadow database must be gone before the CLI sees the answer:
    // the CLI kills the engine right after its last response.
    await dropAllTemporaryShadowDatabases();
    if (trace) log('INFO', `rpc response ${JSON.stringify(response).slice(0, 2000)}`);
    send(response);
  }

  async function handleRequest(message) {
    const { id, method, params } = message;
    const request = { id, answered: false };
    inFlight = request;
    if (trace)
      log('INFO', `rpc request ${method} ${JSON.stringify(params ?? null).slice(0, 2000)}`);
    let response;
    try {
      const result = await dispatch(method, params);
      response = { jsonrpc: '2.0', result: result ?? null, id };
    } catch (rawErr) {
      if (isWasmPanic(rawErr)) return onPanic(rawErr);
      response = rawErr?.rpcCode
        ? { jsonrpc: '2.0', error: { code: rawErr.rpcCode, message: rawErr.message }, id }
        : {
            jsonrpc: '2.0',
            error: toRpcError(normalizeEngineError(rawErr, errorRegistry, mainTarget)),
            id,
          };
    }
    await answer(request, response);
    inFlight = null;
  }

  // A Rust panic traps the wasm instance, often inside a promise callback the
  // engine owns, so it surfaces as an uncaught exception rather than a
  // rejection of our call. Either way the instance is dead: report it the way
  // the native engine does (a panic response, then exit code 101).
  async function onPanic(err) {
    if (inFlight) await answer(inFlight, panicResponse(inFlight.id, err));
    else log('ERROR', lastPanicMessage ?? String(err?.stack ?? err));
    await shutdown(101);
  }

  process.on('uncaughtException', (err) => {
    if (isWasmPanic(err)) {
      void onPanic(err);
      return;
    }
    log('ERROR', String(err?.stack ?? err));
    const fail = inFlight
      ? answer(inFlight, { jsonrpc: '2.0', error: toRpcError(err), id: inFlight.id })
      : Promise.resolve();
    void fail.finally(() => shutdown(1));
  });
  process.on('unhandledRejection', (err) => process.emit('uncaughtException', err));

  let shuttingDown = false;
  async function shutdown(code) {
    if (shuttingDown) return;
    shuttingDown = true;
    try {
      engine?.free();
    } catch {
      // The instance may already be unusable after a panic.
    }
    await dropAllTemporaryShadowDatabases();
    await Promise.all([...openPools].map(endPool));
    process.exit(code);
  }

  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(130));

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
      return;
    }
    if (message.method === undefined && pendingOutgoing.has(message.id)) {
      const resolve = pendingOutgoing.get(message.id);
      pendingOutgoing.delete(message.id);
      resolve(message);
      return;
    }
    // The wasm engine is not re-entrant, so requests run one at a time.
    queue = queue.then(() => handleRequest(message));
  });
  rl.on('close', () => {
    void queue.then(() => shutdown(0));
  });
}

// ---------------------------------------------------------------------------
// `schema-engine cli <command>`: one-shot commands the CLI runs before
// starting the RPC server (e.g. to create a missing database in `migrate dev`).

async function createDatabase(target) {
  const admin = withDatabase(target, target.database === 'postgres' ? 'template1' : 'postgres');
  await withClient(admin, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(target.database)}`);
    } catch (err) {
      if (err?.code === '42P04') {
        throw userError(
          'P1009',
          `Database \`${target.database}\` already exists on the database server at \`${describeLocation(target)}\``,
          {
            database_name: target.database,
            database_host: target.host,
            database_port: target.port,
          },
        );
      }
      throw err;
    }
  });
  return target.database;
}

async function runCliCommand(opts) {
  const target = parsePostgresUrl(opts.datasource?.url);
  switch (opts.cli) {
    case 'can-connect-to-database':
      await withClient(target, (client) => client.query('SELECT 1'));
      return 'Connection successful';
    case 'create-database':
      return `Database '${await createDatabase(target)}' was successfully created.`;
    case 'drop-database': {
      const admin = withDatabase(target, target.database === 'postgres' ? 'template1' : 'postgres');
      await withClient(admin, (client) => dropDatabase(client, target.database));
      return 'The database was successfully dropped.';
    }
    default:
      throw new Error(`Unknown cli command: ${opts.cli}`);
  }
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.version) {
    const bindings = await loadWasm();
    process.stdout.write(`schema-engine-wasm ${bindings.version()}\n`);
    return;
  }
  if (opts.help) {
    process.stdout.write(
      'Usage: prisma-schema-engine.mjs [--datamodels <path>]... [--datasource <json>] [cli <can-connect-to-database|create-database|drop-database>]\n',
    );
    return;
  }
  if (opts.cli) {
    // The CLI parses stderr of these commands as JSON lines but skips the first
    // one, which on the native binary is this start-up notice.
    log('INFO', 'Starting schema engine CLI', 'schema_engine_cli');
    try {
      const message = await runCliCommand(opts);
      log('INFO', message);
      process.exit(0);
    } catch (rawErr) {
      const err = pgErrorToUserError(rawErr, safeTarget(opts.datasource?.url));
      const fields = { message: err.message };
      // The CLI looks for this exact line shape on stderr to recover the P-code
      // (P1003 makes `migrate dev` create the database); without one it shows the message.
      if (/^P\d{4}$/.test(err.code ?? '')) fields.error_code = err.code;
      process.stderr.write(
        `${JSON.stringify({
          timestamp: new Date().toISOString(),
          level: 'ERROR',
          fields,
          target: 'schema_engine::logger',
        })}\n`,
      );
      process.exit(1);
    }
  }
  await runServer(opts);
}

function safeTarget(url) {
  try {
    return parsePostgresUrl(url);
  } catch {
    return { host: 'unknown', port: 0, database: 'unknown' };
  }
}

main().catch((err) => {
  log('ERROR', err?.stack ?? String(err));
  process.exit(1);
});
