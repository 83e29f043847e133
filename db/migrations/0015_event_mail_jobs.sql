CREATE TABLE `event_mail_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`kind` text NOT NULL,
	`sequence` integer NOT NULL,
	`with_waitlist` integer DEFAULT false NOT NULL,
	`previous_starts_at` integer,
	`previous_ends_at` integer,
	`last_registration_id` integer NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_mail_jobs_kind_check" CHECK("event_mail_jobs"."kind" in ('updated', 'eventCancelled'))
);
--> statement-breakpoint
CREATE INDEX `event_mail_jobs_pending_idx` ON `event_mail_jobs` (`done_at`,`id`);