// Fills a database with a synthetic record: N conferences of about 40 resolutions, 160 demands
// and 800 status updates each. Deterministic (seeded PRNG), so runs compare.
import type Database from 'better-sqlite3';
import { DEMAND_KINDS, LAND_CODES, STATUSES } from '../src/domain/vocab.js';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ADDRESSEES = ['BUND', 'BREG', 'BMI', 'BMAS', 'BMBF', 'BAMF', 'BA', 'KMK', 'ASMK', 'IMK', 'GMK', 'EU', 'LAENDER', 'KOMMUNEN'];
const WORDS =
  'Integration Sprachförderung Einbürgerung Maßnahmen Migrationsberatung Finanzierung Anerkennung Arbeitsmarkt Teilhabe Kommunen Bund Länder Geflüchtete Beratung Ausbildung Fachkräfte'.split(
    ' ',
  );

export function generateRecord(sqlite: Database.Database, conferences: number, seed = 42): { demands: number; updates: number } {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const now = '2026-01-01T00:00:00.000Z';
  const insConf = sqlite.prepare(
    "INSERT INTO conferences (number, year, kind, start_date, end_date, place, chair_land, created, modified) VALUES (?, ?, 'hauptkonferenz', ?, ?, 'Ort', ?, ?, ?)",
  );
  const insRes = sqlite.prepare(
    "INSERT INTO resolutions (conference_id, top, top_sort, title, proposers, all_laender, adoption, preamble, visibility, created, modified) VALUES (?, ?, ?, ?, ?, 0, 'einstimmig', ?, 'public', ?, ?)",
  );
  const insZiffer = sqlite.prepare('INSERT INTO ziffern (resolution_id, position, number, text) VALUES (?, ?, ?, ?)');
  const insDemand = sqlite.prepare(
    "INSERT INTO demands (resolution_id, ziffer, position, kind, wording, summary, topics, responsible, visibility, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'public', ?, ?)",
  );
  const insAddr = sqlite.prepare('INSERT INTO demand_addressees (demand_id, body_code, position) VALUES (?, ?, ?)');
  const insUpdate = sqlite.prepare(
    "INSERT INTO status_updates (demand_id, status, as_of, narrative, reporter, visibility, created) VALUES (?, ?, ?, ?, ?, 'public', ?)",
  );
  const insEvidence = sqlite.prepare(
    "INSERT INTO evidence (status_update_id, position, kind, citation, date, visibility) VALUES (?, 0, 'beschluss', ?, ?, 'public')",
  );
  let demands = 0;
  let updates = 0;
  const first = ((sqlite.prepare('SELECT max(number) AS n FROM conferences').get() as { n: number | null }).n ?? 0) + 1;
  sqlite.transaction(() => {
    for (let c = 0; c < conferences; c++) {
      const number = first + c;
      // One conference a year, as the IntMK meets; 100x scale reaches far into the future, which is fine for dates as text.
      const year = 1900 + number;
      const date = `${year}-04-2${c % 9}`;
      const confId = insConf.run(number, year, date, date, pick(LAND_CODES), now, now).lastInsertRowid as number;
      for (let r = 0; r < 40; r++) {
        const top = `${1 + Math.floor(r / 8)}.${(r % 8) + 1}`;
        const sort = `1${String(1 + Math.floor(r / 8)).padStart(4, '0')}.${String((r % 8) + 1).padStart(4, '0')}`;
        const resId = insRes.run(confId, top, sort, text(8), JSON.stringify([pick(LAND_CODES), pick(LAND_CODES)]), text(40), now, now)
          .lastInsertRowid as number;
        for (let z = 1; z <= 4; z++) insZiffer.run(resId, z - 1, String(z), text(30));
        for (let d = 0; d < 4; d++) {
          const demandId = insDemand.run(
            resId,
            String(d + 1),
            d,
            pick(DEMAND_KINDS),
            text(25),
            text(6),
            JSON.stringify([pick(['finanzierung', 'sprachförderung', 'arbeitsmarkt'])]),
            JSON.stringify([pick(LAND_CODES)]),
            now,
            now,
          ).lastInsertRowid as number;
          demands++;
          insAddr.run(demandId, pick(ADDRESSEES), 0);
          for (let u = 0; u < 5; u++) {
            const asOf = `${year + 1}-${String(1 + u * 2).padStart(2, '0')}-15`;
            const id = insUpdate.run(demandId, pick(STATUSES), asOf, text(20), pick(LAND_CODES), now).lastInsertRowid as number;
            insEvidence.run(id, `Beschluss ${number}. IntMK`, asOf);
            updates++;
          }
        }
      }
    }
    // The derived status cache, as the service would have left it.
    sqlite.exec(`UPDATE demands SET
      current_status_update_id = (SELECT s.id FROM status_updates s WHERE s.demand_id = demands.id ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1)`);
    sqlite.exec(`UPDATE demands SET
      current_status = coalesce((SELECT status FROM status_updates WHERE id = current_status_update_id), 'open'),
      current_status_as_of = (SELECT as_of FROM status_updates WHERE id = current_status_update_id)`);
  })();
  return { demands, updates };
}

/**
 * Links demands into threads as recurring demands do: ten threads per block of four consecutive
 * conferences, one member in each conference of the block.
 */
export function generateThreads(sqlite: Database.Database): number {
  const rows = sqlite
    .prepare(
      `SELECT c.number, d.id FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id
       ORDER BY c.number, d.id`,
    )
    .all() as { number: number; id: number }[];
  const byConference = new Map<number, number[]>();
  for (const r of rows) byConference.set(r.number, [...(byConference.get(r.number) ?? []), r.id]);
  const numbers = [...byConference.keys()];
  const insThread = sqlite.prepare(
    "INSERT INTO threads (title, created, modified) VALUES (?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
  );
  const insMember = sqlite.prepare('INSERT INTO thread_members (thread_id, demand_id, position, relation) VALUES (?, ?, ?, ?)');
  let threads = 0;
  sqlite.transaction(() => {
    for (let block = 0; block < numbers.length; block += 4) {
      for (let j = 0; j < 10; j++) {
        const threadId = insThread.run(`Strang ${block}-${j}`).lastInsertRowid as number;
        threads++;
        numbers.slice(block, block + 4).forEach((number, position) => {
          const id = byConference.get(number)?.[j * 16];
          if (id !== undefined) insMember.run(threadId, id, position, position === 0 ? 'raised_first' : 'reiterated');
        });
      }
    }
  })();
  return threads;
}
