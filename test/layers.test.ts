// Guardrails of the layers (issue #11), run with the tests and so in CI:
// - routes import neither the database layer nor the SQL views: they call service verbs;
// - the record's tables that have a public view are named in raw SQL only in query files
//   (*.queries.ts) and the visibility module, so a read cannot bypass the views unnoticed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}
const sources = files(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

/** Tables with a public view in src/visibility/views.ts. */
const RECORD_TABLES = [
  'resolutions',
  'resolution_votes',
  'ziffern',
  'protocol_notes',
  'demands',
  'demand_addressees',
  'threads',
  'thread_members',
  'status_updates',
  'evidence',
  'retractions',
];
const RAW_TABLE = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE)\\s+\`?(${RECORD_TABLES.join('|')})\\b`);

const mayNameTables = (path: string) => path.endsWith('.queries.ts') || path.startsWith('src/visibility/');

describe('layers', () => {
  it('routes import neither src/db nor the SQL views', () => {
    const offending = sources
      .filter((f) => f.path.endsWith('.routes.ts'))
      .filter((f) => /from '(\.\.\/)+(db\/|visibility\/views)/.test(f.text))
      .map((f) => f.path);
    expect(offending).toEqual([]);
  });

  it('the database layer depends on no service, seed or module (bootstrap is src/prepare.ts)', () => {
    const offending = sources
      .filter((f) => f.path.startsWith('src/db/'))
      .filter((f) => /from '\.\.\/(services|seed|modules|prepare)/.test(f.text))
      .map((f) => f.path);
    expect(offending).toEqual([]);
  });

  it('raw record tables only in query files and the visibility module', () => {
    const offending = sources.filter((f) => RAW_TABLE.test(f.text) && !mayNameTables(f.path)).map((f) => f.path);
    expect(offending, 'read through TABLES[view] in a *.queries.ts file instead').toEqual([]);
  });
});
