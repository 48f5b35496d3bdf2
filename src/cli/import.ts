// `npm run import -- <file> [--commit] [--accept-links=0.6]`: reads a resolution collection (PDF
// with a text layer, or text) into an import draft in DATABASE_PATH and, with --commit, takes it
// over in one transaction. Progress goes to stderr, the result to stdout. --accept-links accepts
// every link suggestion scoring at least the given value before committing.
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import type { Origin } from '../modules/audit/audit.service.js';
import { MAX_IMPORT_BYTES } from '../modules/imports/imports.service.js';
import { createServices } from '../services.js';
import { DomainError } from '../shared/errors.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const commit = args.includes('--commit');
const acceptArg = args.find((a) => a.startsWith('--accept-links'));
const acceptAt = acceptArg ? Number(acceptArg.split('=')[1] ?? 0.6) : null;
const progress = (message: string) => process.stderr.write(`» ${message}\n`);
// The CLI writes the same drafts and record as the API, so its writes are audited too.
const origin: Origin = { actor: null, requestId: null, system: 'cli:import' };

if (!file) {
  process.stderr.write('Aufruf: npm run import -- <datei.pdf|datei.txt> [--commit] [--accept-links=0.6]\n');
  process.exit(2);
}

async function main(path: string): Promise<number> {
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
  try {
    migrateDatabase(database);
    const ctx = { db: database.db, sqlite: database.sqlite, clock: systemClock };
    const services = createServices(ctx);
    const { audit, imports } = services;
    const entity = 'import';
    services.vocab.ensureDefaults();
    progress(`Lese ${basename(path)} (${contentType}, ${(size / 1024).toFixed(0)} kB) …`);
    const started = performance.now();
    const { draft, created } = await imports.create({ data, contentType, filename: basename(path) }, progress, (store) =>
      audit.write(origin, { action: 'imports.create', entity, entityId: (d) => d.id }, store),
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
    database.sqlite.close();
  }
}

process.exitCode = await main(file);
