CREATE TABLE `booth_decisions` (
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`decision` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`decided_by_id` integer,
	`decided_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `language`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "booth_decisions_language_check" CHECK("booth_decisions"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "booth_decisions_decision_check" CHECK("booth_decisions"."decision" in ('confirmed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE `caption_tracks` (
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`vtt` text NOT NULL,
	`cue_count` integer NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`event_id`, `language`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "caption_tracks_language_check" CHECK("caption_tracks"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
CREATE TABLE `prep_pack_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`contents` text NOT NULL,
	`fingerprint` text NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "prep_pack_sends_kind_check" CHECK("prep_pack_sends"."kind" in ('pack', 'update'))
);
--> statement-breakpoint
CREATE INDEX `prep_pack_sends_event_person_idx` ON `prep_pack_sends` (`event_id`,`person_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `prep_pack_days` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `booth_decision_hours` integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE `materials` ADD `for_interpreters` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `materials` ADD `updated_at` integer;