// `npm run openapi:generate` writes openapi/openapi.json from the routes;
// `npm run openapi:check` fails when the committed file differs from what the server serves.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildApp } from '../app.js';
import { fixedClock } from '../clock.js';
import { migrateDatabase, openDatabase } from '../db/client.js';

export const OPENAPI_PATH = new URL('../../openapi/openapi.json', import.meta.url).pathname;

export async function servedDocument(): Promise<string> {
  const database = openDatabase(':memory:');
  migrateDatabase(database);
  const app = await buildApp({ database, clock: fixedClock('2025-01-01T00:00:00Z'), logLevel: 'silent' });
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  await app.close();
  database.sqlite.close();
  return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
}

const mode = process.argv[2];
if (mode === 'write' || mode === 'check') {
  const served = await servedDocument();
  if (mode === 'write') {
    writeFileSync(OPENAPI_PATH, served);
    console.log(`openapi/openapi.json geschrieben (${served.length} Zeichen)`);
  } else {
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
      process.exit(1);
    }
    console.log('openapi/openapi.json ist aktuell.');
  }
}
