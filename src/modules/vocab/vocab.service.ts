import { asc } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { bodies } from '../../db/schema.js';
import { BODY_KIND_LABELS, type BodyKind, DEFAULT_BODIES, LAENDER, LAND_CODES } from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { TABLES, type View } from '../../visibility/index.js';

export interface BodyDto {
  code: string;
  name: string;
  kind: BodyKind;
  kindLabel: string;
  created: string;
  modified: string;
}

const landCodes = new Set<string>(LAND_CODES);
const DEFAULT_CODES = JSON.stringify(DEFAULT_BODIES.map((b) => b.code));

export function createVocabService(ctx: Ctx) {
  const { db, sqlite, clock } = ctx;
  const bodyStmt = sqlite.prepare<[string], { code: string }>('SELECT code FROM bodies WHERE code = ?');
  const pub = TABLES.public;
  const publicBodiesStmt = sqlite.prepare<[string], typeof bodies.$inferSelect>(
    `SELECT * FROM bodies b
     WHERE b.code IN (SELECT value FROM json_each(?))
        OR EXISTS (SELECT 1 FROM ${pub.demandAddressees} a WHERE a.body_code = b.code)
        OR EXISTS (SELECT 1 FROM ${pub.demands} d, json_each(d.responsible) r WHERE r.value = b.code)
        OR EXISTS (SELECT 1 FROM ${pub.statusUpdates} s WHERE s.reporter = b.code)
        OR EXISTS (SELECT 1 FROM ${pub.retractions} x WHERE x.reporter = b.code)
     ORDER BY b.kind, b.code`,
  );

  const toDto = (b: typeof bodies.$inferSelect): BodyDto => ({
    code: b.code,
    name: b.name,
    kind: b.kind,
    kindLabel: BODY_KIND_LABELS[b.kind],
    created: b.created,
    modified: b.modified,
  });

  return {
    /** Inserts the bodies every installation starts with; existing ones are left as they are. */
    ensureDefaults(): void {
      // Every start calls this; almost always the bodies are there, and a look costs no write.
      const missing = DEFAULT_BODIES.filter((b) => !bodyStmt.get(b.code));
      if (missing.length === 0) return;
      const now = clock.now().toISOString();
      db.transaction(() => {
        for (const b of missing) {
          db.insert(bodies)
            .values({ ...b, created: now, modified: now })
            .onConflictDoNothing()
            .run();
        }
      });
    },

    laender: () => LAENDER.map((l) => ({ code: l.code, name: l.name })),

    /**
     * The addressees a view may know of. The public knows the defaults every installation starts
     * with and those its public content names; one added for internal demands only stays internal.
     */
    bodies(view: View): BodyDto[] {
      if (view === 'internal') return db.select().from(bodies).orderBy(asc(bodies.kind), asc(bodies.code)).all().map(toDto);
      return publicBodiesStmt.all(DEFAULT_CODES).map(toDto);
    },

    createBody(input: { code: string; name: string; kind: BodyKind }): BodyDto {
      if (landCodes.has(input.code) || bodyStmt.get(input.code)) {
        throw conflict('vocab.duplicate_body', `Der Code ${input.code} ist bereits vergeben.`);
      }
      const now = clock.now().toISOString();
      return toDto(
        db
          .insert(bodies)
          .values({ ...input, created: now, modified: now })
          .returning()
          .get(),
      );
    },

    /** Checks addressee codes; throws 422 naming the unknown ones. */
    assertBodies(codes: readonly string[], field: string): void {
      const unknown = codes.filter((c) => !bodyStmt.get(c));
      if (unknown.length > 0) {
        throw unprocessable(
          'vocab.unknown_body',
          `Unbekannte Adressaten: ${unknown.join(', ')}. Zulässig sind die Codes aus /api/v1/vocab/addressees.`,
          [{ field, message: `unbekannt: ${unknown.join(', ')}` }],
        );
      }
    },

    /** Checks Land-or-body codes (reporters, responsible Länder and working groups). */
    assertActors(codes: readonly string[], field: string): void {
      const unknown = codes.filter((c) => !landCodes.has(c) && !bodyStmt.get(c));
      if (unknown.length > 0) {
        throw unprocessable('vocab.unknown_actor', `Unbekannte Länder oder Gremien: ${unknown.join(', ')}.`, [
          { field, message: `unbekannt: ${unknown.join(', ')}` },
        ]);
      }
    },
  };
}
export type VocabService = ReturnType<typeof createVocabService>;
