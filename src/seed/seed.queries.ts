// The look-ups that make seeding idempotent: what of the seed record is already there (internal:
// the seed loads the whole record, whatever its visibility).
import type Database from 'better-sqlite3';

export function seedQueries(sqlite: Database.Database) {
  const resolution = sqlite
    .prepare('SELECT r.id FROM resolutions r JOIN conferences c ON c.id = r.conference_id WHERE c.number = ? AND r.top = ?')
    .pluck();
  const demand = sqlite.prepare('SELECT id FROM demands WHERE resolution_id = ? AND wording = ?').pluck();
  const thread = sqlite.prepare('SELECT id FROM threads WHERE title = ?').pluck();
  const update = sqlite.prepare('SELECT id FROM status_updates WHERE demand_id = ? AND as_of = ? AND status = ? AND narrative = ?').pluck();
  const conference = sqlite.prepare('SELECT id FROM conferences WHERE number = ?').pluck();
  const id = (v: unknown) => v as number | undefined;
  return {
    resolution: (conferenceNumber: number, top: string) => id(resolution.get(conferenceNumber, top)),
    demand: (resolutionId: number, wording: string) => id(demand.get(resolutionId, wording)),
    thread: (title: string) => id(thread.get(title)),
    update: (demandId: number, asOf: string, status: string, narrative: string) => id(update.get(demandId, asOf, status, narrative)),
    conference: (number: number) => id(conference.get(number)),
  };
}
