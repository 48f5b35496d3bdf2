-- `modified` of resolutions and threads as the public may see it: moved only when what the
-- public view shows changes, so an internal note or an internal thread member does not show up
-- as a change (ETag, `modified_since`) to anonymous readers. Existing rows start from `modified`.
ALTER TABLE `resolutions` ADD `public_modified` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `resolutions` SET `public_modified` = `modified`;--> statement-breakpoint
CREATE INDEX `resolutions_public_modified` ON `resolutions` (`public_modified`);--> statement-breakpoint
ALTER TABLE `threads` ADD `public_modified` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `threads` SET `public_modified` = `modified`;
