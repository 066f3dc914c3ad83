import { isIP } from 'node:net';
import { z } from 'zod';
import { STANDAARD_TAAKWACHTRIJ } from '../../workflows/contracts.js';
import { leesPayloadSleutels } from './payloadcodec.js';

const payloadSleutels = z
  .string({
    error:
      "is verplicht: de sleutels voor de versleutelde workflowgegevens als id:base64 (32 bytes), gescheiden door komma's; maak er een met: openssl rand -base64 32",
  })
  .transform((waarde, ctx) => {
    const gelezen = leesPayloadSleutels(waarde);
    if ('sleutels' in gelezen) return gelezen.sleutels;
    for (const fout of gelezen.fouten) ctx.addIssue({ code: 'custom', message: fout });
    return z.NEVER;
  });

// A listener address as ip:port (IPv6 in brackets): the worker's metrics
// exporter (Rust) accepts no host names.
const luisteradres = z.string().refine(
  (adres) => {
    const delen = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(adres.trim());
    return !!delen && isIP(delen[1]!) !== 0 && Number(delen[2]) >= 1 && Number(delen[2]) <= 65535;
  },
  { error: 'moet een ip:poort zijn, bijvoorbeeld 127.0.0.1:9464' },
);

const configSchema = z.object({
  DATABASE_URL: z
    .string({
      error: 'is verplicht (bijvoorbeeld postgresql://gebruiker:wachtwoord@host:5432/vroegsignaal)',
    })
    .regex(/^postgres(ql)?:\/\//, { error: 'moet een postgresql://-URL zijn' }),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(STANDAARD_TAAKWACHTRIJ),
  TEMPORAL_UI_URL: z.url({ error: 'moet een URL zijn' }).default('http://localhost:8233'),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: z.coerce
    .number({ error: 'moet een poortnummer zijn' })
    .int()
    .min(1, { error: 'moet een poortnummer zijn' })
    .max(65535, { error: 'moet een poortnummer zijn' })
    .default(3000),
  SESSIE_DUUR_MINUTEN: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(480),
  // Idle timeout on top of the absolute SESSIE_DUUR_MINUTEN.
  SESSIE_INACTIEF_MINUTEN: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  // Rate limits per minute, per API instance (see apps/api/infra/snelheidslimiet.ts).
  INLOG_LIMIET_PER_IP_PER_MINUUT: z.coerce.number().int().min(1).default(30),
  INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT: z.coerce.number().int().min(1).default(10),
  INTAKE_LIMIET_PER_MINUUT: z.coerce.number().int().min(1).default(600),
  DATABASE_MAX_VERBINDINGEN: z.coerce.number().int().min(1).max(200).default(10),
  // Prometheus /metrics of the API and the worker on a listener of their own,
  // off when unset (see README "Observability").
  API_METRICS_ADRES: luisteradres.optional(),
  WORKER_METRICS_ADRES: luisteradres.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Browser origins other than the API's own that may call it (comma-separated,
  // e.g. https://zaaksysteem.gemeente.nl). Empty: only the web app the API serves.
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((tekst) =>
      tekst
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(
      z.array(
        z.string().refine((o) => URL.canParse(o) && new URL(o).origin === o, {
          error: 'moet een lijst van herkomsten zijn, zoals https://app.gemeente.nl (zonder pad)',
        }),
      ),
    ),
  // A delivery stored by an API process that died before starting its
  // workflow is started by another instance after this many seconds.
  AANLEVERING_HERVATTEN_NA_SECONDEN: z.coerce.number().int().min(1).default(60),
  CHROMIUM_PAD: z.string().min(1).default('/usr/bin/chromium'),
  SMTP_URL: z.string().min(1).default('smtp://localhost:1025'),
  MAIL_AFZENDER: z.string().min(3).default('Vroegsignalering <vroegsignalering@vroegsignaal.nl>'),
  // Where users reach the app (e.g. https://vroegsignaal.gemeente.nl): the OIDC
  // redirect URI is built from it. Unset, the origin of the request is used.
  PUBLIEKE_URL: z
    .url({ error: 'moet een URL zijn, bijvoorbeeld https://vroegsignaal.nl' })
    .optional(),
  // Webhooks to gemeente systems: retried with exponential backoff (factor 2)
  // from the first interval up to the maximum, until they give up.
  WEBHOOK_EERSTE_INTERVAL_SECONDEN: z.coerce.number().int().min(1).default(30),
  WEBHOOK_MAXIMUM_INTERVAL_SECONDEN: z.coerce.number().int().min(1).default(3600),
  WEBHOOK_OPGEVEN_NA_SECONDEN: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  WEBHOOK_TIMEOUT_SECONDEN: z.coerce.number().int().min(1).max(60).default(10),
  // Development and tests only: also accept http://localhost and http://127.0.0.1 as webhook URL.
  WEBHOOK_LOCALHOST_TOESTAAN: z
    .enum(['true', 'false'], { error: 'is true of false' })
    .default('false')
    .transform((w) => w === 'true'),
  // No default on purpose: a built-in key would silently protect production
  // with a key everyone knows. npm start and npm test provide one.
  PAYLOAD_SLEUTELS: payloadSleutels,
  PAYLOAD_SLEUTEL_ACTUEEL: z.string({
    error:
      'is verplicht: het id van de sleutel in PAYLOAD_SLEUTELS waarmee nieuwe gegevens worden versleuteld',
  }),
});

/** Checks across variables, after each one is valid on its own. */
const geldigeConfig = configSchema.superRefine((config, ctx) => {
  const ids = config.PAYLOAD_SLEUTELS.map((s) => s.id);
  if (!ids.includes(config.PAYLOAD_SLEUTEL_ACTUEEL))
    ctx.addIssue({
      code: 'custom',
      path: ['PAYLOAD_SLEUTEL_ACTUEEL'],
      message: `"${config.PAYLOAD_SLEUTEL_ACTUEEL}" staat niet in PAYLOAD_SLEUTELS (bekende ids: ${ids.join(', ')})`,
    });
});

export type Config = z.infer<typeof configSchema>;

export class ConfigFout extends Error {}

/** The webhook retry policy the worker and the API start deliveries with. */
export function webhookherhaling(config: Config) {
  return {
    eersteIntervalSeconden: config.WEBHOOK_EERSTE_INTERVAL_SECONDEN,
    maximumIntervalSeconden: config.WEBHOOK_MAXIMUM_INTERVAL_SECONDEN,
    opgevenNaSeconden: config.WEBHOOK_OPGEVEN_NA_SECONDEN,
    timeoutSeconden: config.WEBHOOK_TIMEOUT_SECONDEN,
  };
}

/**
 * Parses the environment once at boot. A missing or invalid variable stops the
 * process with a message that names it, instead of failing later mid-request.
 */
export function leesConfig(omgeving: NodeJS.ProcessEnv = process.env): Config {
  const resultaat = geldigeConfig.safeParse(omgeving);
  if (resultaat.success) return resultaat.data;
  const regels = resultaat.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
  );
  throw new ConfigFout(`Ongeldige configuratie:\n${regels.join('\n')}`);
}

/** What the process runs with, for the boot log line: no credentials, no secrets. */
export function configSamenvatting(config: Config): Record<string, unknown> {
  const database = new URL(config.DATABASE_URL);
  return {
    database: `${database.hostname}:${database.port || '5432'}${database.pathname}`,
    temporal: `${config.TEMPORAL_ADDRESS}/${config.TEMPORAL_NAMESPACE}`,
    taakwachtrij: config.TEMPORAL_TASK_QUEUE,
    logniveau: config.LOG_LEVEL,
    corsOrigins: config.CORS_ORIGINS,
  };
}
