// Configuration is read from the environment once, at boot, and nowhere else.
import { isIP } from 'node:net';
import { z } from 'zod';

/** `10.0.0.5`, `192.168.0.0/16`, `::1` or `fd00::/8`. */
function isAddressOrNetwork(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const configSchema = z.object({
  // A blank value counts as unset: `Number('')` would silently be port 0.
  PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(65535).default(3000),
  ),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/erfolgskontrolle.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the real IntMK record into an empty database at start. */
  SEED_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Validate every response against its schema (slower; for development). */
  VALIDATE_RESPONSES: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Budget of the in-memory cache of GET responses, in MB; 0 turns it off. */
  RESPONSE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
  /**
   * Threads that render DOCX, PDF and XLSX reports, so rendering never blocks the requests the
   * server answers meanwhile; 0 renders in the request's own thread. Default: one core left free.
   */
  REPORT_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** Requests per minute and API token (per client address without a token); 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** Failed authentications per client address and minute before further attempts get 429. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Behind a reverse proxy: take the client address (rate limits, failed sign-ins) from
   * X-Forwarded-For; otherwise the connection's address counts.
   */
  /**
   * `true` trusts every `X-Forwarded-For` hop; better, the proxies' addresses or networks
   * (comma-separated, e.g. `10.0.0.5,192.168.0.0/16`), so a client cannot claim another address.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): boolean | string => {
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0' || v === '') return false;
      const bad = v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => !isAddressOrNetwork(x));
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `erwartet true, false oder Adressen/Netze der Proxys (z. B. 10.0.0.5,192.168.0.0/16); ungültig: ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return v
        .split(',')
        .map((x) => x.trim())
        .join(',');
    }),
  /** Browser origins allowed to call the API (CORS), comma-separated; empty: none. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** SMTP server for reminder mails (smtp://user:pass@host:587 or smtps://…); without it mails stay in the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'erwartet smtp://… oder smtps://…')
    .optional(),
  /** Sender of reminder mails. */
  MAIL_FROM: z.string().min(3).default('Erfolgskontrolle <erfolgskontrolle@localhost>'),
  /** How often reminders of open rounds are queued and sent, in minutes; 0 turns the schedule off. */
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
  /** Public base URL used in `next` links and the OpenAPI `servers` entry. */
  PUBLIC_URL: z.url().optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ungültige Konfiguration (invalid configuration):\n${lines.join('\n')}`);
  }
  return result.data;
}
