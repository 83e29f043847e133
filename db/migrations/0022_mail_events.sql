CREATE TABLE `mail_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_key` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`person_id` integer,
	`delivery_id` integer,
	`newsletter_id` integer,
	`outbox_id` integer,
	`status` text,
	`detail` text,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`newsletter_id`) REFERENCES `newsletters`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "mail_events_kind_check" CHECK("mail_events"."kind" in ('hard_bounce', 'soft_bounce', 'complaint')),
	CONSTRAINT "mail_events_source_check" CHECK("mail_events"."source" in ('smtp', 'webhook'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_events_key_unique` ON `mail_events` (`event_key`);--> statement-breakpoint
CREATE INDEX `mail_events_person_idx` ON `mail_events` (`person_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `mail_events_newsletter_idx` ON `mail_events` (`newsletter_id`);--> statement-breakpoint
ALTER TABLE `people` ADD `email_held_at` integer;