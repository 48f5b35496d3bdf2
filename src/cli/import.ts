// `npm run import -- <file> [--commit] [--accept-links=0.6]`: reads a resolution collection (PDF
// with a text layer, or text) into an import draft in DATABASE_PATH and, with --commit, takes it
// over in one transaction. Progress goes to stderr, the result to stdout. --accept-links accepts
// every link suggestion scoring at least the given value before committing.
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import type { Origin } from '../modules/audit/audit.service.js';
import { summaryOf } from '../modules/imports/imports.dto.js';
import { MAX_IMPORT_BYTES } from '../modules/imports/imports.service.js';
import { createImportPool } from '../modules/imports/worker/runner.js';
import { createServices } from '../services.js';
import { DomainError } from '../shared/errors.js';
import { runCli, UsageError, userPath } from './cli.js';

const USAGE = `Aufruf: npm run import -- <datei.pdf|datei.txt> [--commit] [--accept-links=N]
Liest eine Beschlusssammlung der IntMK (PDF mit Textebene oder Text) in einen Entwurf in der Datenbank
aus DATABASE_PATH. Der Pfad gilt relativ zum aktuellen Verzeichnis.
  --commit             übernimmt den Entwurf danach in einer Transaktion
  --accept-links=N     nimmt vorher jeden Verknüpfungsvorschlag ab Wert N an (z. B. 0.6)`;

const progress = (message: string) => process.stderr.write(`» ${message}\n`);
// The CLI writes the same drafts and record as the API, so its writes are audited too.
const origin: Origin = { actor: null, requestId: null, system: 'cli:import' };

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { commit: { type: 'boolean' }, 'accept-links': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Genau eine Datei angeben.');
  const commit = values.commit === true;
  const acceptAt = values['accept-links'] === undefined ? null : Number(values['accept-links'] || 0.6);
  if (acceptAt !== null && !(acceptAt >= 0 && acceptAt <= 1)) throw new UsageError('--accept-links erwartet eine Zahl zwischen 0 und 1.');
  const path = userPath(positionals[0]!);
  const config = loadConfig();
  const size = statSync(path).size;
  if (size > MAX_IMPORT_BYTES) {
    progress(`Die Datei ist ${(size / 1024 / 1024).toFixed(1)} MB groß; erlaubt sind ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    return 1;
  }
  const data = readFileSync(path);
  const contentType =
    extname(path).toLowerCase() === '.pdf' || data.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : 'text/plain';
  progress(`Datenbank ${config.DATABASE_PATH}: Migrationen anwenden …`);
  const database = openDatabase(config.DATABASE_PATH);
  // The server's path: parse and PDF reading in a worker thread under the same time and memory
  // budget, so a document the API refuses is refused here too, with the same message.
  const importRunner = createImportPool();
  try {
    migrateDatabase(database);
    const ctx = { db: database.db, sqlite: database.sqlite, clock: systemClock };
    const services = createServices(ctx, { importRunner });
    const { audit, imports } = services;
    const entity = 'import';
    services.vocab.ensureDefaults();
    progress(`Lese ${basename(path)} (${contentType}, ${(size / 1024).toFixed(0)} kB) …`);
    const started = performance.now();
    const { draft, created } = await imports.create({ data, contentType, filename: basename(path) }, progress, (store) =>
      audit.write(origin, { action: 'imports.create', entity, entityId: (d) => d.id, after: summaryOf }, store),
    );
    progress(`Eingelesen in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
    for (const w of draft.warnings) progress(`Hinweis: ${w}`);
    const draftId = draft.id;
    const before = () => imports.get(draftId);
    let current = draft;
    if (acceptAt !== null && current.status === 'draft') {
      for (const r of current.resolutions)
        for (const d of r.demands)
          for (const s of d.suggestions) {
            if (s.score < acceptAt) continue;
            current = audit.write(origin, { action: 'imports.decide_suggestion', entity, entityId: draftId, before }, () =>
              imports.decideSuggestion(draftId, s.id, 'accepted'),
            );
          }
    }
    const suggestions = current.resolutions.flatMap((r) => r.demands.flatMap((d) => d.suggestions));
    console.log(
      `Entwurf ${current.id} (${created ? 'neu' : 'vorhanden'}, ${current.status}): ${current.conference.number}. IntMK ${current.conference.year ?? '?'}, ` +
        `${current.counts.resolutions} TOPs, ${current.counts.demands} Forderungen, ${suggestions.length} Verknüpfungsvorschläge ` +
        `(${suggestions.filter((s) => s.decision === 'accepted').length} angenommen).`,
    );
    if (!commit) {
      progress(`Prüfen: GET /api/v1/imports/${current.id}; übernehmen mit --commit oder POST /api/v1/imports/${current.id}/commit.`);
      return 0;
    }
    progress('Übernehme in einer Transaktion …');
    const result = audit.write(origin, { action: 'imports.commit', entity, entityId: draftId, before }, () => imports.commit(draftId));
    console.log(
      `Übernommen: ${result.conference}. IntMK, ${result.resolutions} Beschlüsse, ${result.demands} Forderungen, ${result.threadLinks} Strang-Verknüpfungen.`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      progress(`Abgebrochen (${err.code}): ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await importRunner.close();
    database.sqlite.close();
  }
}

runCli(USAGE, main);
