// The triggers that write the change feed (table `changes`, migration 0008). They live here, not in
// the migration, because a drizzle table rebuild drops the triggers of the rebuilt table: migrateDatabase
// creates any that are missing after every migration run (CREATE TRIGGER IF NOT EXISTS), so the feed
// cannot silently stop. `public` is computed with the rules of src/visibility/views.ts: an update is
// public only when the record's public `modified` moved (src/visibility/public-modified.ts) and the
// public could see the record before or after; a deletion (the services write `deletions` just before
// deleting) only when the public could see the record then. A resolution takes its demands with it.
import type Database from 'better-sqlite3';

export const CHANGE_TRIGGERS: readonly string[] = [
  `CREATE TRIGGER IF NOT EXISTS changes_conference_insert AFTER INSERT ON conferences BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('conference', NEW.number, NEW.created, 0, 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_conference_update AFTER UPDATE ON conferences BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) SELECT 'conference', OLD.number, NEW.modified, 1, 1 WHERE NEW.number IS NOT OLD.number;
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('conference', NEW.number, NEW.modified, 0, 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_resolution_insert AFTER INSERT ON resolutions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('resolution', NEW.id, NEW.created, 0, NEW.visibility = 'public' AND NEW.adoption NOT IN ('abgelehnt', 'zurueckgezogen'));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_resolution_update AFTER UPDATE ON resolutions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('resolution', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND ((OLD.visibility = 'public' AND OLD.adoption NOT IN ('abgelehnt', 'zurueckgezogen')) OR (NEW.visibility = 'public' AND NEW.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_demand_insert AFTER INSERT ON demands BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('demand', NEW.id, NEW.created, 0, EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id WHERE pd.id = NEW.id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_demand_update AFTER UPDATE ON demands BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('demand', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND ((OLD.visibility = 'public' OR NEW.visibility = 'public') AND EXISTS (SELECT 1 FROM resolutions pr WHERE pr.id = NEW.resolution_id AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_thread_insert AFTER INSERT ON threads BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('thread', NEW.id, NEW.created, 0, EXISTS (SELECT 1 FROM thread_members pm WHERE pm.thread_id = NEW.id AND EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id WHERE pd.id = pm.demand_id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_thread_update AFTER UPDATE ON threads BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('thread', NEW.id,
    CASE WHEN NEW.public_modified IS NOT OLD.public_modified THEN NEW.public_modified ELSE NEW.modified END,
    0, NEW.public_modified IS NOT OLD.public_modified AND 1);
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_status_update_insert AFTER INSERT ON status_updates BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('status_update', NEW.id, NEW.created, 0, EXISTS (SELECT 1 FROM status_updates ps JOIN demands pd ON pd.id = ps.demand_id JOIN resolutions pr ON pr.id = pd.resolution_id WHERE ps.id = NEW.id AND ps.visibility = 'public' AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_retraction_insert AFTER INSERT ON retractions BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES ('status_update', NEW.status_update_id, NEW.created, 0, EXISTS (SELECT 1 FROM status_updates ps JOIN demands pd ON pd.id = ps.demand_id JOIN resolutions pr ON pr.id = pd.resolution_id WHERE ps.id = NEW.status_update_id AND ps.visibility = 'public' AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')));
END;`,
  `CREATE TRIGGER IF NOT EXISTS changes_deletion_insert AFTER INSERT ON deletions
WHEN NEW.entity IN ('conference', 'resolution', 'demand', 'thread') BEGIN
  INSERT INTO changes (entity, entity_id, at, deleted, public) VALUES (NEW.entity, CAST(NEW.entity_id AS INTEGER), NEW.created, 1,
    CASE NEW.entity
      WHEN 'conference' THEN 1
      WHEN 'resolution' THEN EXISTS (SELECT 1 FROM resolutions pr WHERE pr.id = CAST(NEW.entity_id AS INTEGER) AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))
      WHEN 'demand' THEN EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id WHERE pd.id = CAST(NEW.entity_id AS INTEGER) AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))
      ELSE EXISTS (SELECT 1 FROM thread_members pm WHERE pm.thread_id = CAST(NEW.entity_id AS INTEGER) AND EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id WHERE pd.id = pm.demand_id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')))
    END);
  INSERT INTO changes (entity, entity_id, at, deleted, public) SELECT 'demand', d.id, NEW.created, 1, EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id WHERE pd.id = d.id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))
    FROM demands d WHERE NEW.entity = 'resolution' AND d.resolution_id = CAST(NEW.entity_id AS INTEGER);
END;`,
];

/** Creates the change feed's triggers that are missing (all on a fresh database, those a rebuild dropped). */
export function createChangeTriggers(sqlite: Database.Database): void {
  const hasFeed = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'").get();
  if (!hasFeed) return;
  for (const statement of CHANGE_TRIGGERS) sqlite.exec(statement);
}
