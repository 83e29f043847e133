CREATE TABLE `interpreter_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`person_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `interpreters`(`person_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "interpreter_assignments_language_check" CHECK("interpreter_assignments"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interpreter_assignments_unique` ON `interpreter_assignments` (`event_id`,`language`,`person_id`);--> statement-breakpoint
CREATE INDEX `interpreter_assignments_person_idx` ON `interpreter_assignments` (`person_id`);--> statement-breakpoint
CREATE TABLE `interpreters` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`pairs` text NOT NULL,
	`provider` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
