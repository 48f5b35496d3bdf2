// The triggers that write the change feed (table `changes`, migration 0008). They live here, not in
// the migration, because a drizzle table rebuild drops the triggers of the rebuilt table: migrateDatabase
// creates any that are missing after every migration run (CREATE TRIGGER IF NOT EXISTS), so the feed
// cannot silently stop. `public` is computed with the predicates of ./views.ts: an update is
// public only when the record's public `modified` moved (src/visibility/public-modified.ts) and the
// public could see the record before or after; a deletion (the services write `deletions` just before
// deleting) only when the public could see the record then. A resolution takes its demands with it.
import type Database from 'better-sqlite3';
import { PUBLIC_RESOLUTION, publicDemand, publicResolution, publicThread, publicUpdate } from './views.js';

const ENTITY = 'CAST(NEW.entity_id AS INTEGER)';

export const CHANGE_TRIGGERS: readonly string[] = [
  `CREATE TRIGGER IF NOT EXISTS changes_conference_insert AFTER INSERT ON conferences BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('conference', NEW.number, NEW.created, 0, 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_conference_update AFTER UPDATE ON conferences BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) SELECT 'conference', OLD.number, NEW.modified, 1, 1 WHERE NEW.number IS NOT OLD.number;
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('conference', NEW.number, NEW.modified, 0, 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_resolution_insert AFTER INSERT ON resolutions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('resolution', NEW.id, NEW.created, 0, ${PUBLIC_RESOLUTION('NEW')});
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_resolution_update AFTER UPDATE ON resolutions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('resolution', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND ((${PUBLIC_RESOLUTION('OLD')}) OR (${PUBLIC_RESOLUTION('NEW')})));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_demand_insert AFTER INSERT ON demands BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('demand', NEW.id, NEW.created, 0, ${publicDemand('NEW.id')});
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_demand_update AFTER UPDATE ON demands BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('demand', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND ((OLD.visibility = 'public' OR NEW.visibility = 'public') AND ${publicResolution('NEW.resolution_id')}));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_thread_insert AFTER INSERT ON threads BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('thread', NEW.id, NEW.created, 0, ${publicThread('NEW.id')});
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_thread_update AFTER UPDATE ON threads BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('thread', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_status_update_insert AFTER INSERT ON status_updates BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('status_update', NEW.id, NEW.created, 0, ${publicUpdate('NEW.id')});
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_retraction_insert AFTER INSERT ON retractions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('status_update', NEW.status_update_id, NEW.created, 0, ${publicUpdate('NEW.status_update_id')});
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_deletion_insert AFTER INSERT ON deletions
WHEN NEW.entity IN ('conference', 'resolution', 'demand', 'thread') BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES (NEW.entity, CAST(NEW.entity_id AS INTEGER), NEW.created, 1,
    CASE NEW.entity
      WHEN 'conference' THEN 1
      WHEN 'resolution' THEN ${publicResolution(ENTITY)}
      WHEN 'demand' THEN ${publicDemand(ENTITY)}
      ELSE ${publicThread(ENTITY)}
    END);
  INSERT INTO changes (entity, entity_id, at, deleted, public) SELECT 'demand', d.id, NEW.created, 1, ${publicDemand('d.id')}
    FROM demands d WHERE NEW.entity = 'resolution' AND d.resolution_id = CAST(NEW.entity_id AS INTEGER);
END;`,
];

/** Creates the change feed's triggers that are missing (all on a fresh database, those a rebuild dropped). */
export function createChangeTriggers(sqlite: Database.Database): void {
  const hasFeed = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'").get();
  if (!hasFeed) return;
  for (const statement of CHANGE_TRIGGERS) sqlite.exec(statement);
}
