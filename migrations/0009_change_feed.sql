CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`at` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`public` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `changes_entity` ON `changes` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `changes_public` ON `changes` (`public`,`seq`);--> statement-breakpoint
-- The change feed is written by triggers, so no write path can forget it (src/db/schema.ts, `changes`).
-- Existing records first, in the order they were made, so a client starting at 0 gets everything.
INSERT INTO `changes` (`entity`, `entity_id`, `at`, `deleted`, `public`)
SELECT entity, entity_id, at, deleted, public FROM (
  SELECT 'conference' AS entity, number AS entity_id, modified AS at, 0 AS deleted, 1 AS public, created AS c FROM `conferences`
  UNION ALL SELECT 'resolution', r.id, r.modified, 0, r.visibility = 'public' AND r.adoption NOT IN ('abgelehnt', 'zurueckgezogen'), r.created FROM `resolutions` r
  UNION ALL SELECT 'demand', d.id, d.modified, 0, EXISTS (SELECT 1 FROM `demands` pd JOIN `resolutions` pr ON pr.id = pd.resolution_id WHERE pd.id = d.id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')), d.created FROM `demands` d
  UNION ALL SELECT 'status_update', s.id, s.created, 0, EXISTS (SELECT 1 FROM `status_updates` ps JOIN `demands` pd ON pd.id = ps.demand_id JOIN `resolutions` pr ON pr.id = pd.resolution_id WHERE ps.id = s.id AND ps.visibility = 'public' AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen')), s.created FROM `status_updates` s
  UNION ALL SELECT 'thread', t.id, t.modified, 0, EXISTS (SELECT 1 FROM `thread_members` pm WHERE pm.thread_id = t.id AND EXISTS (SELECT 1 FROM `demands` pd JOIN `resolutions` pr ON pr.id = pd.resolution_id WHERE pd.id = pm.demand_id AND pd.visibility = 'public' AND pr.visibility = 'public' AND pr.adoption NOT IN ('abgelehnt', 'zurueckgezogen'))), t.created FROM `threads` t
  UNION ALL SELECT x.entity, CAST(x.entity_id AS INTEGER), x.created, 1, 0, x.created FROM `deletions` x
    WHERE x.entity IN ('conference', 'resolution', 'demand', 'thread')
) ORDER BY c, entity, entity_id;
