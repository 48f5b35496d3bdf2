CREATE TABLE `mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`round_id` integer,
	`group_code` text,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt` text,
	`last_error` text,
	`sent` text,
	`created` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mails_key_unique` ON `mails` (`key`);--> statement-breakpoint
CREATE INDEX `mails_state` ON `mails` (`state`,`next_attempt`);--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`status_update_id` integer NOT NULL,
	`land` text NOT NULL,
	`reason` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`decision_reason` text,
	`replacement_id` integer,
	`decided` text,
	`created` text NOT NULL,
	`modified` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_update_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replacement_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `objections_round` ON `objections` (`round_id`,`state`);--> statement-breakpoint
CREATE INDEX `objections_update` ON `objections` (`status_update_id`);--> statement-breakpoint
CREATE TABLE `round_assignments` (
	`round_id` integer NOT NULL,
	`demand_id` integer NOT NULL,
	`group_code` text NOT NULL,
	`lead` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`round_id`, `demand_id`, `group_code`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_assignments_group` ON `round_assignments` (`round_id`,`group_code`);--> statement-breakpoint
CREATE TABLE `round_draft_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` integer NOT NULL,
	`event` text NOT NULL,
	`comment` text,
	`actor` text NOT NULL,
	`created` text NOT NULL,
	FOREIGN KEY (`draft_id`) REFERENCES `round_drafts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `round_draft_events_draft` ON `round_draft_events` (`draft_id`,`id`);--> statement-breakpoint
CREATE TABLE `round_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`demand_id` integer NOT NULL,
	`group_code` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`narrative` text NOT NULL,
	`evidence` text NOT NULL,
	`addressee` text DEFAULT '' NOT NULL,
	`expected_date` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`status_update_id` integer,
	`created` text NOT NULL,
	`modified` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_update_id`) REFERENCES `status_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_drafts_one` ON `round_drafts` (`round_id`,`demand_id`,`group_code`,`addressee`);--> statement-breakpoint
CREATE INDEX `round_drafts_state` ON `round_drafts` (`round_id`,`state`);--> statement-breakpoint
CREATE TABLE `round_items` (
	`round_id` integer NOT NULL,
	`demand_id` integer NOT NULL,
	PRIMARY KEY(`round_id`, `demand_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_items_demand` ON `round_items` (`demand_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conference_id` integer NOT NULL,
	`as_of` text NOT NULL,
	`deadline` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`exclude_not_yet_due` integer NOT NULL,
	`exclude_standing` integer NOT NULL,
	`objection_days` integer NOT NULL,
	`reminder_days` text NOT NULL,
	`released` text,
	`closed` text,
	`created` text NOT NULL,
	`modified` text NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_one_open` ON `rounds` (`conference_id`) WHERE "rounds"."state" = 'open';--> statement-breakpoint
ALTER TABLE `demands` ADD `addressee_status` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `demands` ADD `public_addressee_status` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `status_updates` ADD `addressee` text;--> statement-breakpoint
ALTER TABLE `status_updates` ADD `round_id` integer;