-- What only the internal minutes hold (rules of procedure, 16. IntMK TOP 8.1): each Land's vote on
-- a resolution and the reasons given for it. No public view selects either (src/db/views.ts).
CREATE TABLE `resolution_votes` (
	`resolution_id` integer NOT NULL,
	`land` text NOT NULL,
	`vote` text NOT NULL,
	PRIMARY KEY(`resolution_id`, `land`),
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `resolutions` ADD `reasoning` text;