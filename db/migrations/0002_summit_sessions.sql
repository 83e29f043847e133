CREATE TABLE `session_attendance` (
	`session_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`checked_in_at` integer NOT NULL,
	`checked_in_by_id` integer,
	PRIMARY KEY(`session_id`, `person_id`),
	FOREIGN KEY (`session_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`checked_in_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `events` ADD `session_type` text;