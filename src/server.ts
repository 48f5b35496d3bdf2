// The process that listens: reads the configuration, prepares the database, serves, closes gracefully.
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { startCheckpointer } from './db/checkpointer.js';
import { holdDatabase } from './db/holder.js';
import { defaultWorkerCount } from './modules/reports/render/pool.js';
import { WEB_DIST_DIR } from './paths.js';
import { prepareDatabase } from './prepare.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Marks the database as in use, so that `npm run restore` refuses while this server runs.
  const release = holdDatabase(config.DATABASE_PATH);
  process.on('exit', release);
  const { database, seeded } = prepareDatabase(config.DATABASE_PATH, systemClock, { seedIfEmpty: config.SEED_ON_START });
  const app = await buildApp({
    database,
    clock: systemClock,
    logLevel: config.LOG_LEVEL,
    publicUrl: config.PUBLIC_URL,
    validateResponses: config.VALIDATE_RESPONSES,
    responseCacheBytes: config.RESPONSE_CACHE_MB * 1024 * 1024,
    reportWorkers: config.REPORT_WORKERS ?? defaultWorkerCount(),
    importWorker: true,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    webRoot: WEB_DIST_DIR,
    mail: { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, publicUrl: config.PUBLIC_URL },
    reminderIntervalMs: config.REMINDER_INTERVAL_MINUTES * 60_000,
  });
  if (seeded) app.log.info({ seeded }, 'empty database seeded with the IntMK record');
  // An in-memory database (tests, trials) has no WAL.
  const checkpointer =
    config.DATABASE_PATH === ':memory:'
      ? null
      : startCheckpointer(database.sqlite, config.DATABASE_PATH, {
          onError: (message) => app.log.error({ message }, 'checkpoint thread failed; the connection checkpoints itself again'),
        });

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await checkpointer?.close();
    database.sqlite.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  app.log.info(
    `Web: http://${shown}:${config.PORT}/ – API: http://${shown}:${config.PORT}/api/v1 – Dokumentation: http://${shown}:${config.PORT}/docs`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
