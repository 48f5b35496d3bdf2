// `npm run openapi:generate` writes openapi/openapi.json from the routes;
// `npm run openapi:check` fails when the committed file differs from what the server serves.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.js';
import { fixedClock } from '../clock.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { OPENAPI_FILE } from '../paths.js';
import { runCli, UsageError } from './cli.js';

export const OPENAPI_PATH = OPENAPI_FILE;

export async function servedDocument(): Promise<string> {
  const database = openDatabase(':memory:');
  migrateDatabase(database);
  const app = await buildApp({ database, clock: fixedClock('2025-01-01T00:00:00Z'), logLevel: 'silent' });
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  await app.close();
  database.sqlite.close();
  return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
}

const USAGE = `Aufruf: npm run openapi:generate | npm run openapi:check
  write  schreibt openapi/openapi.json aus den Routen (npm run openapi:generate)
  check  scheitert, wenn die committete Datei von dem abweicht, was der Server ausliefert (npm run openapi:check)`;

// Imported by tests for servedDocument(); runs only as the script itself.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  runCli(USAGE, async ([mode]) => {
    if (mode !== 'write' && mode !== 'check') throw new UsageError(`Unbekannter Modus ${mode ?? '(keiner)'}: write oder check.`);
    const served = await servedDocument();
    if (mode === 'write') {
      writeFileSync(OPENAPI_PATH, served);
      console.log(`openapi/openapi.json geschrieben (${served.length} Zeichen)`);
      return 0;
    }
    let committed = '';
    try {
      committed = readFileSync(OPENAPI_PATH, 'utf8');
    } catch {
      // missing file: reported below as drift
    }
    if (committed !== served) {
      console.error(
        'openapi/openapi.json weicht von dem ab, was der Server ausliefert. `npm run openapi:generate` ausführen und committen.',
      );
      return 1;
    }
    console.log('openapi/openapi.json ist aktuell.');
    return 0;
  });
}
