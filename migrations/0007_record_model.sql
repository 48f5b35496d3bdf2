CREATE TABLE `thread_mentions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer NOT NULL,
	`position` integer NOT NULL,
	`year` integer NOT NULL,
	`conference_number` integer,
	`text` text NOT NULL,
	`citation` text NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `thread_mentions_thread` ON `thread_mentions` (`thread_id`,`position`);--> statement-breakpoint
DROP INDEX `thread_members_demand`;--> statement-breakpoint
CREATE UNIQUE INDEX `thread_members_pk` ON `thread_members` (`thread_id`,`demand_id`);--> statement-breakpoint
CREATE INDEX `thread_members_demand` ON `thread_members` (`demand_id`);--> statement-breakpoint
ALTER TABLE `demands` ADD `lead_addressee` text;--> statement-breakpoint
ALTER TABLE `demands` ADD `report_back` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `protocol_notes` ADD `demand_id` integer REFERENCES demands(id);--> statement-breakpoint
ALTER TABLE `protocol_notes` ADD `budget_reservation` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `resolutions` ADD `subtitle` text;--> statement-breakpoint
ALTER TABLE `resolutions` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `resolutions` ADD `closing_text` text;--> statement-breakpoint
ALTER TABLE `ziffern` ADD `heading` text;--> statement-breakpoint
-- Keep what the existing origins say: a thread whose origin text names a year (e.g. „fast
-- durchgängig seit 2011“) gets that earliest year as its first mention, so its first-raised year
-- does not move when it derives from mentions instead of the origin text.
INSERT INTO `thread_mentions` (`thread_id`, `position`, `year`, `conference_number`, `text`, `citation`)
SELECT t.id, 0, min(y.year), NULL, t.origin_text, coalesce(t.origin_citation, '')
FROM threads t
JOIN (WITH RECURSIVE years(year) AS (SELECT 1949 UNION ALL SELECT year + 1 FROM years WHERE year < 2099) SELECT year FROM years) y
  ON instr(t.origin_text, CAST(y.year AS TEXT)) > 0
WHERE t.origin_text IS NOT NULL
GROUP BY t.id;
