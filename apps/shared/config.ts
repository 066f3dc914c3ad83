import { z } from 'zod';
import { STANDAARD_TAAKWACHTRIJ } from '../../workflows/contracts.js';

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
  DATABASE_MAX_VERBINDINGEN: z.coerce.number().int().min(1).max(200).default(10),
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
  CHROMIUM_PAD: z.string().min(1).default('/usr/bin/chromium'),
  SMTP_URL: z.string().min(1).default('smtp://localhost:1025'),
  MAIL_AFZENDER: z.string().min(3).default('Vroegsignalering <vroegsignalering@vroegsignaal.nl>'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigFout extends Error {}

/**
 * Parses the environment once at boot. A missing or invalid variable stops the
 * process with a message that names it, instead of failing later mid-request.
 */
export function leesConfig(omgeving: NodeJS.ProcessEnv = process.env): Config {
  const resultaat = configSchema.safeParse(omgeving);
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
