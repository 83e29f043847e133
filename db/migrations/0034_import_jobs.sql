CREATE TABLE `import_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`batch_id` integer NOT NULL,
	`upload_id` text,
	`created_by_id` integer,
	`state` text DEFAULT 'queued' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`result` text DEFAULT '{}' NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`stop_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`updated_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`upload_id`) REFERENCES `import_uploads`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "import_jobs_kind_check" CHECK("import_jobs"."kind" in ('import', 'undo')),
	CONSTRAINT "import_jobs_state_check" CHECK("import_jobs"."state" in ('queued', 'running', 'done', 'stopped'))
);
--> statement-breakpoint
CREATE INDEX `import_jobs_state_idx` ON `import_jobs` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `import_jobs_batch_idx` ON `import_jobs` (`batch_id`,`kind`);--> statement-breakpoint
CREATE TABLE `import_skipped_rows` (
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`email` text NOT NULL,
	`reasons` text NOT NULL,
	PRIMARY KEY(`batch_id`, `line`),
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `import_uploads` ADD `header` text;--> statement-breakpoint
ALTER TABLE `import_uploads` ADD `row_count` integer;--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE INDEX `deliveries_person_idx` ON `deliveries` (`person_id`);--> statement-breakpoint
CREATE INDEX `email_tokens_person_idx` ON `email_tokens` (`person_id`);--> statement-breakpoint
CREATE INDEX `event_presenters_person_idx` ON `event_presenters` (`person_id`);--> statement-breakpoint
CREATE INDEX `import_changes_person_idx` ON `import_changes` (`person_id`);--> statement-breakpoint
CREATE INDEX `list_subscriptions_person_idx` ON `list_subscriptions` (`person_id`);--> statement-breakpoint
CREATE INDEX `outbox_person_idx` ON `outbox` (`person_id`);--> statement-breakpoint
CREATE INDEX `password_reset_tokens_person_idx` ON `password_reset_tokens` (`person_id`);--> statement-breakpoint
CREATE INDEX `people_created_idx` ON `people` (`created_at`);--> statement-breakpoint
CREATE INDEX `people_import_batch_idx` ON `people` (`import_batch_id`) WHERE "people"."import_batch_id" is not null;--> statement-breakpoint
CREATE INDEX `prep_pack_sends_person_idx` ON `prep_pack_sends` (`person_id`);--> statement-breakpoint
CREATE INDEX `session_attendance_person_idx` ON `session_attendance` (`person_id`);--> statement-breakpoint
CREATE INDEX `session_attendance_checked_in_by_idx` ON `session_attendance` (`checked_in_by_id`);--> statement-breakpoint
CREATE INDEX `summit_participations_person_idx` ON `summit_participations` (`person_id`);--> statement-breakpoint
CREATE INDEX `survey_invitations_person_idx` ON `survey_invitations` (`person_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_person_idx` ON `survey_responses` (`person_id`);--> statement-breakpoint
-- hand-written: the rows earlier imports skipped move from their report's JSON to import_skipped_rows; the report keeps their number
INSERT OR IGNORE INTO `import_skipped_rows` (`batch_id`, `line`, `email`, `reasons`)
  SELECT b.`id`, s.value ->> '$.line', coalesce(s.value ->> '$.email', ''), coalesce(s.value -> '$.reasons', '[]')
  FROM `import_batches` b, json_each(b.`report`, '$.skipped') s
  WHERE json_type(b.`report`, '$.skipped') = 'array';--> statement-breakpoint
UPDATE `import_batches` SET `report` = json_set(`report`, '$.skipped', json_array_length(`report`, '$.skipped'))
  WHERE json_type(`report`, '$.skipped') = 'array';
