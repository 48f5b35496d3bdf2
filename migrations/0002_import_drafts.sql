CREATE TABLE `import_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fingerprint` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`filename` text,
	`content_type` text NOT NULL,
	`pages` integer,
	`characters` integer NOT NULL,
	`conference_number` integer,
	`draft` text NOT NULL,
	`committed_conference` integer,
	`committed` text,
	`created` text NOT NULL,
	`modified` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_drafts_fingerprint_unique` ON `import_drafts` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `import_drafts_status` ON `import_drafts` (`status`,`modified`);