CREATE TABLE `bodies` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`created` text NOT NULL,
	`modified` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conferences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` integer NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`start_date` text,
	`end_date` text,
	`place` text,
	`chair_land` text,
	`note` text,
	`created` text NOT NULL,
	`modified` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conferences_number_unique` ON `conferences` (`number`);--> statement-breakpoint
CREATE TABLE `deletions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`snapshot` text NOT NULL,
	`request_id` text,
	`created` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deletions_entity` ON `deletions` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `demand_addressees` (
	`demand_id` integer NOT NULL,
	`body_code` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`body_code`) REFERENCES `bodies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `demand_addressees_pk` ON `demand_addressees` (`demand_id`,`body_code`);--> statement-breakpoint
CREATE INDEX `demand_addressees_body` ON `demand_addressees` (`body_code`,`demand_id`);--> statement-breakpoint
CREATE TABLE `demands` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resolution_id` integer NOT NULL,
	`ziffer` text,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`wording` text NOT NULL,
	`summary` text NOT NULL,
	`topics` text NOT NULL,
	`due_date` text,
	`due_conference_id` integer,
	`responsible` text NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`current_status` text DEFAULT 'open' NOT NULL,
	`current_status_as_of` text,
	`current_status_update_id` integer,
	`created` text NOT NULL,
	`modified` text NOT NULL,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`due_conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `demands_resolution` ON `demands` (`resolution_id`,`position`);--> statement-breakpoint
CREATE INDEX `demands_status` ON `demands` (`current_status`);--> statement-breakpoint
CREATE INDEX `demands_kind` ON `demands` (`kind`);--> statement-breakpoint
CREATE INDEX `demands_modified` ON `demands` (`modified`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status_update_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`citation` text NOT NULL,
	`date` text,
	`url` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	FOREIGN KEY (`status_update_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_status_update` ON `evidence` (`status_update_id`);--> statement-breakpoint
CREATE TABLE `protocol_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resolution_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`lands` text NOT NULL,
	`ziffer` text,
	`text` text NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `protocol_notes_resolution` ON `protocol_notes` (`resolution_id`);--> statement-breakpoint
CREATE TABLE `resolutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conference_id` integer NOT NULL,
	`top` text NOT NULL,
	`top_sort` text NOT NULL,
	`agenda_heading` text,
	`title` text NOT NULL,
	`proposers` text NOT NULL,
	`all_laender` integer DEFAULT false NOT NULL,
	`coordinating_land` text,
	`green_list` text,
	`adoption` text NOT NULL,
	`merged_into_top` text,
	`circular_number` text,
	`circular_date` text,
	`budget_reservation` text,
	`preamble` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	`created` text NOT NULL,
	`modified` text NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolutions_conference_top` ON `resolutions` (`conference_id`,`top`);--> statement-breakpoint
CREATE INDEX `resolutions_modified` ON `resolutions` (`modified`);--> statement-breakpoint
CREATE TABLE `retractions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status_update_id` integer NOT NULL,
	`reason` text NOT NULL,
	`reporter` text NOT NULL,
	`replacement_id` integer,
	`created` text NOT NULL,
	FOREIGN KEY (`status_update_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replacement_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retractions_status_update_id_unique` ON `retractions` (`status_update_id`);--> statement-breakpoint
CREATE TABLE `status_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demand_id` integer NOT NULL,
	`status` text NOT NULL,
	`as_of` text NOT NULL,
	`narrative` text NOT NULL,
	`reporter` text NOT NULL,
	`corrects_id` integer,
	`visibility` text DEFAULT 'public' NOT NULL,
	`created` text NOT NULL,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "status_updates_not_self" CHECK("status_updates"."corrects_id" IS NULL OR "status_updates"."corrects_id" <> "status_updates"."id")
);
--> statement-breakpoint
CREATE INDEX `status_updates_demand` ON `status_updates` (`demand_id`,`as_of`,`created`);--> statement-breakpoint
CREATE INDEX `status_updates_as_of` ON `status_updates` (`as_of`);--> statement-breakpoint
CREATE INDEX `status_updates_created` ON `status_updates` (`created`);--> statement-breakpoint
CREATE TABLE `thread_members` (
	`thread_id` integer NOT NULL,
	`demand_id` integer NOT NULL,
	`position` integer NOT NULL,
	`relation` text NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `thread_members_demand` ON `thread_members` (`demand_id`);--> statement-breakpoint
CREATE INDEX `thread_members_thread` ON `thread_members` (`thread_id`,`position`);--> statement-breakpoint
CREATE TABLE `threads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`origin_text` text,
	`origin_citation` text,
	`created` text NOT NULL,
	`modified` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ziffern` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resolution_id` integer NOT NULL,
	`position` integer NOT NULL,
	`number` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ziffern_resolution_number` ON `ziffern` (`resolution_id`,`number`);