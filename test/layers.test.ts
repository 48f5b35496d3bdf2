// Guardrails of the layers (issue #11), run with the tests and so in CI:
// - routes import neither the database layer nor the SQL views: they call service verbs;
// - the record's tables that have a public view are named in raw SQL only in query files
//   (*.queries.ts) and the visibility module, so a read cannot bypass the views unnoticed;
// - the public rule itself (`visibility = 'public'`, a public view named by hand) is written only in
//   the visibility module: everyone else asks it (TABLES.public, markedPublic, publicLookup …).
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

/** The public rule written out: in SQL or TypeScript, or a public view named instead of TABLES.public. */
const PUBLIC_RULE = new RegExp(
  `visibility\\s*(=|==|===|<>|!=|!==)\\s*'public'|\\b(FROM|JOIN)\\s+public_(${RECORD_TABLES.join('|')}|thread_mentions)\\b`,
);
/**
 * Outside src/visibility, only the partial index `demands_public` may state the predicate: SQLite
 * uses a partial index only when the query (the view) states its WHERE literally. Migrations are
 * outside src and generated from it.
 */
const mayStatePublicRule = (path: string) => path.startsWith('src/visibility/') || path === 'src/db/schema.ts';

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

  it('the public rule is written only in the visibility module', () => {
    const offending = sources.filter((f) => PUBLIC_RULE.test(f.text) && !mayStatePublicRule(f.path)).map((f) => f.path);
    expect(offending, 'ask src/visibility (TABLES.public, markedPublic, isPublicUpdate, publicLookup) instead').toEqual([]);
  });

  it('the public rule guard sees the forms it is meant to catch', () => {
    for (const text of ["WHERE d.visibility = 'public'", "visibility='public'", "r.visibility === 'public'", 'JOIN public_demands d']) {
      expect(PUBLIC_RULE.test(text), text).toBe(true);
    }
  });
});
