CREATE TABLE `health_probes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`pad` blob
);
--> statement-breakpoint
ALTER TABLE `newsletters` ADD `paused_reason` text;