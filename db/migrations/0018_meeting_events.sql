CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`working_group_id` integer NOT NULL,
	`meeting_id` integer,
	`text` text NOT NULL,
	`owner_id` integer,
	`due_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `working_group_meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "action_items_status_check" CHECK("action_items"."status" in ('open', 'done', 'dropped'))
);
--> statement-breakpoint
CREATE INDEX `action_items_group_idx` ON `action_items` (`working_group_id`,`status`);--> statement-breakpoint
CREATE INDEX `action_items_owner_idx` ON `action_items` (`owner_id`,`status`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_event_mail_jobs` (
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
	CONSTRAINT "event_mail_jobs_kind_check" CHECK("__new_event_mail_jobs"."kind" in ('notice', 'updated', 'eventCancelled'))
);
--> statement-breakpoint
INSERT INTO `__new_event_mail_jobs`("id", "event_id", "kind", "sequence", "with_waitlist", "previous_starts_at", "previous_ends_at", "last_registration_id", "cursor", "queued", "created_at", "done_at") SELECT "id", "event_id", "kind", "sequence", "with_waitlist", "previous_starts_at", "previous_ends_at", "last_registration_id", "cursor", "queued", "created_at", "done_at" FROM `event_mail_jobs`;--> statement-breakpoint
DROP TABLE `event_mail_jobs`;--> statement-breakpoint
ALTER TABLE `__new_event_mail_jobs` RENAME TO `event_mail_jobs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `event_mail_jobs_pending_idx` ON `event_mail_jobs` (`done_at`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
INSERT INTO `events`("kind", "slug", "starts_at", "ends_at", "time_zone", "reminder_offsets") SELECT 'meeting', 'wg-meeting-' || "id", "held_at", "held_at" + 3600000, 'UTC', '[]' FROM `working_group_meetings`;--> statement-breakpoint
INSERT INTO `event_translations`("event_id", "language", "title") SELECT e."id", 'en', CASE WHEN m."title" <> '' THEN m."title" ELSE coalesce(json_extract(g."name", '$.en'), 'Meeting') END FROM `working_group_meetings` m JOIN `working_groups` g ON g."id" = m."working_group_id" JOIN `events` e ON e."slug" = 'wg-meeting-' || m."id";--> statement-breakpoint
CREATE TABLE `__new_working_group_meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`working_group_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`held_at` integer NOT NULL,
	`minutes` text,
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_working_group_meetings`("id", "working_group_id", "event_id", "held_at") SELECT m."id", m."working_group_id", e."id", m."held_at" FROM `working_group_meetings` m JOIN `events` e ON e."slug" = 'wg-meeting-' || m."id";--> statement-breakpoint
DROP TABLE `working_group_meetings`;--> statement-breakpoint
ALTER TABLE `__new_working_group_meetings` RENAME TO `working_group_meetings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `wg_meetings_group_idx` ON `working_group_meetings` (`working_group_id`,`held_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `wg_meetings_event_unique` ON `working_group_meetings` (`event_id`);
