CREATE TABLE `list_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`list_id` integer NOT NULL,
	`language` text NOT NULL,
	`wording` text NOT NULL,
	`subscribed_at` integer NOT NULL,
	`unsubscribed_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`list_id`) REFERENCES `mailing_lists`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "list_subscriptions_language_check" CHECK("list_subscriptions"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `list_subscriptions_open_unique` ON `list_subscriptions` (`person_id`,`list_id`) WHERE unsubscribed_at is null;--> statement-breakpoint
CREATE INDEX `list_subscriptions_list_idx` ON `list_subscriptions` (`list_id`,`unsubscribed_at`);--> statement-breakpoint
CREATE TABLE `mailing_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`region_code` text,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "mailing_lists_region_code_check" CHECK("mailing_lists"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailing_lists_slug_unique` ON `mailing_lists` (`slug`);--> statement-breakpoint
CREATE TABLE `newsletter_lists` (
	`newsletter_id` integer NOT NULL,
	`list_id` integer NOT NULL,
	PRIMARY KEY(`newsletter_id`, `list_id`),
	FOREIGN KEY (`newsletter_id`) REFERENCES `newsletters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`list_id`) REFERENCES `mailing_lists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `newsletter_lists_list_idx` ON `newsletter_lists` (`list_id`);--> statement-breakpoint
ALTER TABLE `people` ADD `newsletter_digest_since` integer;