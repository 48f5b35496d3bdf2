-- Full-text search over resolutions, Ziffern, demands and Sachstand (FTS5, trigram tokenizer:
-- German compounds such as "Sprachförderbedarf" are found by "Sprachförderung"'s stem parts,
-- umlauts and ß are matched as written, case-insensitively).
-- rowid = entity id * 4 + kind (0 resolution, 1 Ziffer, 2 demand, 3 status update), so the
-- triggers find an entry by its rowid instead of scanning the index.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `parent_id` UNINDEXED,
  `title`,
  `body`,
  tokenize = 'trigram'
);
--> statement-breakpoint
CREATE TRIGGER `resolutions_search_ai` AFTER INSERT ON `resolutions` BEGIN
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4, 'resolution', new.id, new.conference_id, new.title, coalesce(new.preamble, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `resolutions_search_au` AFTER UPDATE OF `title`, `preamble` ON `resolutions` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4;
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4, 'resolution', new.id, new.conference_id, new.title, coalesce(new.preamble, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `resolutions_search_ad` AFTER DELETE ON `resolutions` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4;
END;
--> statement-breakpoint
CREATE TRIGGER `ziffern_search_ai` AFTER INSERT ON `ziffern` BEGIN
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4 + 1, 'ziffer', new.id, new.resolution_id, new.number, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `ziffern_search_au` AFTER UPDATE ON `ziffern` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4 + 1;
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4 + 1, 'ziffer', new.id, new.resolution_id, new.number, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `ziffern_search_ad` AFTER DELETE ON `ziffern` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `demands_search_ai` AFTER INSERT ON `demands` BEGIN
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4 + 2, 'demand', new.id, new.resolution_id, new.summary, new.wording);
END;
--> statement-breakpoint
CREATE TRIGGER `demands_search_au` AFTER UPDATE OF `summary`, `wording` ON `demands` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4 + 2;
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4 + 2, 'demand', new.id, new.resolution_id, new.summary, new.wording);
END;
--> statement-breakpoint
CREATE TRIGGER `demands_search_ad` AFTER DELETE ON `demands` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 4 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `status_updates_search_ai` AFTER INSERT ON `status_updates` BEGIN
  INSERT INTO `search_index` (rowid, kind, ref_id, parent_id, title, body)
  VALUES (new.id * 4 + 3, 'status_update', new.id, new.demand_id, '', new.narrative);
END;
--> statement-breakpoint
-- Status history, evidence, retractions and the deletion log are append-only: the database
-- itself refuses to change or remove them.
CREATE TRIGGER `status_updates_no_update` BEFORE UPDATE ON `status_updates` BEGIN
  SELECT RAISE(ABORT, 'status_updates is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `status_updates_no_delete` BEFORE DELETE ON `status_updates` BEGIN
  SELECT RAISE(ABORT, 'status_updates is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE ON `evidence` BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_delete` BEFORE DELETE ON `evidence` BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `retractions_no_update` BEFORE UPDATE ON `retractions` BEGIN
  SELECT RAISE(ABORT, 'retractions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `retractions_no_delete` BEFORE DELETE ON `retractions` BEGIN
  SELECT RAISE(ABORT, 'retractions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `deletions_no_update` BEFORE UPDATE ON `deletions` BEGIN
  SELECT RAISE(ABORT, 'deletions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `deletions_no_delete` BEFORE DELETE ON `deletions` BEGIN
  SELECT RAISE(ABORT, 'deletions is append-only');
END;
