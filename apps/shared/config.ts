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
  // Idle timeout on top of the absolute SESSIE_DUUR_MINUTEN.
  SESSIE_INACTIEF_MINUTEN: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  // AES-256-GCM key for stored TOTP secrets: 64 hex characters (32 bytes).
  // Without it, users cannot set up a second factor.
  TOTP_SLEUTEL: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'moet 64 hexadecimale tekens zijn (32 bytes)' })
    .optional(),
  // Rate limits per minute, per API instance (see apps/api/infra/snelheidslimiet.ts).
  INLOG_LIMIET_PER_IP_PER_MINUUT: z.coerce.number().int().min(1).default(30),
  INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT: z.coerce.number().int().min(1).default(10),
  INTAKE_LIMIET_PER_MINUUT: z.coerce.number().int().min(1).default(600),
  DATABASE_MAX_VERBINDINGEN: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
