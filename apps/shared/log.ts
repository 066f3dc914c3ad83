import type { LoggerService } from '@nestjs/common';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

// One logger for API and worker: JSON lines on stdout (level, time, msg), for
// a log shipper to collect. Personal data must never reach it, so two nets:
// known field names are redacted wherever they sit in a logged object, and
// every message, error message and stack is scrubbed of things that look like
// personal data — an exception can echo input (a database constraint error, a
// parser error) that no field name announces.

export type Logniveau = 'debug' | 'info' | 'warn' | 'error';

const GEVOELIGE_VELDEN = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiSleutel',
  'sleutel',
  'password',
  'wachtwoord',
  'token',
  'secret',
  'geheim',
  'clientSecret',
  'totp',
  'bsn',
  'naam',
  'achternaam',
  'voornamen',
  'voorletters',
  'tussenvoegsel',
  'geboortedatum',
  'adres',
  'straat',
  'postcode',
  'huisnummer',
  'email',
  'telefoonnummer',
  'iban',
  'bedrag',
  'persoon',
  'contact',
  'DATABASE_URL',
  'SMTP_URL',
  'PAYLOAD_SLEUTELS',
];

const VERWIJDERD = '[verwijderd]';

/** Redaction paths for each field at the top and up to three levels down. */
function redactiepaden(): string[] {
  return GEVOELIGE_VELDEN.flatMap((veld) => {
    const sleutel = /^[A-Za-z_$][\w$]*$/.test(veld) ? `.${veld}` : `["${veld}"]`;
    return ['', '*', '*.*', '*.*.*'].map((voor) =>
      voor === '' ? sleutel.replace(/^\./, '') : `${voor}${sleutel}`,
    );
  });
}

const PATRONEN: [RegExp, string][] = [
  // Credentials first, so their parts are not half-matched by what follows.
  [/\b(Bearer|Basic)\s+[\w\-.~+/=]+/gi, '$1 [verwijderd]'],
  [/\bvs_[\w-]+/g, '[sleutel]'],
  [/\b(postgres(?:ql)?|smtps?):\/\/[^\s'"]+/gi, '$1://[verwijderd]'],
  // Also URL-encoded, as in a path.
  [/[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/gi, '[e-mail]'],
  [/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b/g, '[iban]'],
  // A BSN is 9 digits (8 when a leading zero was dropped).
  [/(?<![\w-])\d{8,9}(?![\w-])/g, '[bsn]'],
  // A Dutch postcode, with the house number that usually follows it.
  [/\b[1-9]\d{3}\s?[A-Za-z]{2}\b(?:[\s,]+\d+[\w-]*)?/g, '[postcode]'],
];

/** Removes what looks like personal data or a secret from free text. */
export function schoon(tekst: string): string {
  return PATRONEN.reduce((t, [patroon, vervanging]) => t.replace(patroon, vervanging), tekst);
}

function schoonAlles(waarde: unknown, diepte = 0): unknown {
  if (typeof waarde === 'string') return schoon(waarde);
  // Message, stack and cause are not enumerable: serialize before walking.
  if (waarde instanceof Error) return schoonAlles(stdSerializers.err(waarde), diepte);
  if (diepte > 4 || waarde === null || typeof waarde !== 'object') return waarde;
  if (Array.isArray(waarde)) return waarde.map((w) => schoonAlles(w, diepte + 1));
  return Object.fromEntries(
    Object.entries(waarde).map(([sleutel, w]) => [sleutel, schoonAlles(w, diepte + 1)]),
  );
}

/**
 * The standard serializer keeps message, stack, cause and own properties (a
 * Prisma error's meta, a zod error's issues); all of it gets scrubbed.
 */
function foutSerializer(fout: unknown): unknown {
  return schoonAlles(fout);
}

/** Writes to whatever destination is current, so tests can capture the lines. */
let bestemming: DestinationStream = { write: (regel: string) => process.stdout.write(regel) };
const doorgeefluik: DestinationStream = { write: (regel: string) => bestemming.write(regel) };

const wortel: Logger = pino(
  {
    // Until the configuration is read (zetLogniveau); an invalid LOG_LEVEL is
    // reported by leesConfig, not thrown here at import.
    level: ['debug', 'info', 'warn', 'error'].includes(process.env.LOG_LEVEL ?? '')
      ? process.env.LOG_LEVEL
      : 'info',
    base: { dienst: 'vroegsignaal' },
    messageKey: 'msg',
    redact: { paths: redactiepaden(), censor: VERWIJDERD },
    serializers: { err: foutSerializer, error: foutSerializer },
    formatters: {
      level: (label) => ({ level: label }),
      // Free text in any field, not only the message.
      log: (object) => schoonAlles(object) as Record<string, unknown>,
    },
    hooks: {
      // Scrubs the message itself and any string interpolated into it.
      logMethod(argumenten, methode) {
        const geschoond = argumenten.map((a) => (typeof a === 'string' ? schoon(a) : a));
        methode.apply(this, geschoond as Parameters<typeof methode>);
      },
    },
  },
  doorgeefluik,
);

/** The logger of one part of the system (`onderdeel` becomes a field of each line). */
export function logger(onderdeel: string): Logger {
  return wortel.child({ onderdeel });
}

/** Sets the level from the configuration (LOG_LEVEL), once at boot. */
export function zetLogniveau(niveau: Logniveau): void {
  wortel.level = niveau;
}

/** Sends the log lines elsewhere (tests read them back); returns the previous destination. */
export function zetLogbestemming(nieuw: DestinationStream): DestinationStream {
  const vorige = bestemming;
  bestemming = nieuw;
  return vorige;
}

/** Nest's own messages (bootstrap, route mapping, its Logger class) as pino lines. */
export class NestLogger implements LoggerService {
  private readonly pino = logger('nest');

  log(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('info', bericht, rest);
  }
  error(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('error', bericht, rest);
  }
  warn(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('warn', bericht, rest);
  }
  debug(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('debug', bericht, rest);
  }
  verbose(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('debug', bericht, rest);
  }
  fatal(bericht: unknown, ...rest: unknown[]): void {
    this.schrijf('fatal', bericht, rest);
  }

  private schrijf(
    niveau: 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    bericht: unknown,
    rest: unknown[],
  ): void {
    // Nest passes (message, [stack,] context): the context is the last string.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    const velden: Record<string, unknown> = context ? { context } : {};
    if (bericht instanceof Error) {
      this.pino[niveau]({ ...velden, err: bericht }, bericht.message);
    } else if (typeof bericht === 'string') {
      this.pino[niveau]({ ...velden, ...(stack ? { stack: schoon(stack) } : {}) }, bericht);
    } else {
      this.pino[niveau]({ ...velden, gegevens: schoonAlles(bericht) }, 'Nest');
    }
  }
}

type TemporalNiveau = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * The Temporal SDK's logger (Runtime.install) on pino: worker state changes,
 * activity and workflow failures and workflow `log` calls become JSON lines,
 * scrubbed like everything else. Structurally the SDK's Logger interface, so
 * the API needs no Temporal import for it.
 */
export class TemporalLogger {
  private readonly pino = logger('temporal');

  log(niveau: TemporalNiveau, bericht: string, meta?: Record<string, unknown>): void {
    const pinoNiveau = niveau === 'TRACE' ? 'trace' : (niveau.toLowerCase() as Logniveau);
    const { error, failure, ...rest } = meta ?? {};
    const fout = error ?? failure;
    this.pino[pinoNiveau]({ ...rest, ...(fout === undefined ? {} : { err: fout }) }, bericht);
  }
  trace(bericht: string, meta?: Record<string, unknown>): void {
    this.log('TRACE', bericht, meta);
  }
  debug(bericht: string, meta?: Record<string, unknown>): void {
    this.log('DEBUG', bericht, meta);
  }
  info(bericht: string, meta?: Record<string, unknown>): void {
    this.log('INFO', bericht, meta);
  }
  warn(bericht: string, meta?: Record<string, unknown>): void {
    this.log('WARN', bericht, meta);
  }
  error(bericht: string, meta?: Record<string, unknown>): void {
    this.log('ERROR', bericht, meta);
  }
}
