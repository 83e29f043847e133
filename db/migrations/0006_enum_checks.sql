-- Every enum column gets a CHECK constraint, and survey_answers.survey_id is NOT NULL. SQLite adds a CHECK by
-- rebuilding the table; db/client.ts runs migrations with foreign keys off (and checks them after), so dropping
-- the old tables cascades nothing.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_survey_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`item` text DEFAULT '' NOT NULL,
	`value` text NOT NULL,
	`numeric_value` integer,
	`survey_id` integer NOT NULL,
	`completed` integer DEFAULT false NOT NULL,
	`region_code` text,
	`language` text,
	`member_type` text,
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "survey_answers_region_code_check" CHECK("__new_survey_answers"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "survey_answers_language_check" CHECK("__new_survey_answers"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "survey_answers_member_type_check" CHECK("__new_survey_answers"."member_type" in ('als_representative', 'individual_member', 'alac_member', 'guest'))
);
--> statement-breakpoint
INSERT INTO `__new_survey_answers`("id", "response_id", "question_id", "item", "value", "numeric_value", "survey_id", "completed", "region_code", "language", "member_type") SELECT "id", "response_id", "question_id", "item", "value", "numeric_value", "survey_id", "completed", "region_code", "language", "member_type" FROM `survey_answers`;--> statement-breakpoint
DROP TABLE `survey_answers`;--> statement-breakpoint
ALTER TABLE `__new_survey_answers` RENAME TO `survey_answers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `survey_answers_unique` ON `survey_answers` (`response_id`,`question_id`,`item`);--> statement-breakpoint
CREATE INDEX `survey_answers_question_idx` ON `survey_answers` (`question_id`,`value`,`response_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_results_idx` ON `survey_answers` (`survey_id`,`completed`,`question_id`,`item`,`value`,`numeric_value`,`region_code`,`language`,`member_type`,`response_id`);--> statement-breakpoint
CREATE TABLE `__new_accreditation_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`structure_id` integer NOT NULL,
	`status` text NOT NULL,
	`changed_at` integer NOT NULL,
	`note` text,
	`changed_by_id` integer,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "accreditation_history_status_check" CHECK("__new_accreditation_history"."status" in ('applied', 'accredited', 'withdrawn', 'decertified'))
);
--> statement-breakpoint
INSERT INTO `__new_accreditation_history`("id", "structure_id", "status", "changed_at", "note", "changed_by_id") SELECT "id", "structure_id", "status", "changed_at", "note", "changed_by_id" FROM `accreditation_history`;--> statement-breakpoint
DROP TABLE `accreditation_history`;--> statement-breakpoint
ALTER TABLE `__new_accreditation_history` RENAME TO `accreditation_history`;--> statement-breakpoint
CREATE INDEX `accreditation_history_structure_idx` ON `accreditation_history` (`structure_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`newsletter_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`language` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`locked_until` integer,
	`message_id` text,
	`error` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`newsletter_id`) REFERENCES `newsletters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "deliveries_language_check" CHECK("__new_deliveries"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "deliveries_status_check" CHECK("__new_deliveries"."status" in ('queued', 'sending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
INSERT INTO `__new_deliveries`("id", "newsletter_id", "person_id", "language", "status", "attempts", "next_attempt_at", "locked_until", "message_id", "error", "sent_at", "created_at") SELECT "id", "newsletter_id", "person_id", "language", "status", "attempts", "next_attempt_at", "locked_until", "message_id", "error", "sent_at", "created_at" FROM `deliveries`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_newsletter_person_unique` ON `deliveries` (`newsletter_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `deliveries_newsletter_status_idx` ON `deliveries` (`newsletter_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `__new_email_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`email` text NOT NULL,
	`person_id` integer,
	`token_hash` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`redirect_to` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "email_tokens_purpose_check" CHECK("__new_email_tokens"."purpose" in ('signup', 'invite')),
	CONSTRAINT "email_tokens_language_check" CHECK("__new_email_tokens"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_email_tokens`("id", "purpose", "email", "person_id", "token_hash", "language", "redirect_to", "expires_at", "used_at", "created_at") SELECT "id", "purpose", "email", "person_id", "token_hash", "language", "redirect_to", "expires_at", "used_at", "created_at" FROM `email_tokens`;--> statement-breakpoint
DROP TABLE `email_tokens`;--> statement-breakpoint
ALTER TABLE `__new_email_tokens` RENAME TO `email_tokens`;--> statement-breakpoint
CREATE UNIQUE INDEX `email_tokens_hash_unique` ON `email_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `email_tokens_email_idx` ON `email_tokens` (`email`);--> statement-breakpoint
CREATE TABLE `__new_event_translations` (
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`agenda` text DEFAULT '' NOT NULL,
	`practical_info` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`event_id`, `language`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_translations_language_check" CHECK("__new_event_translations"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_event_translations`("event_id", "language", "title", "description", "agenda", "practical_info") SELECT "event_id", "language", "title", "description", "agenda", "practical_info" FROM `event_translations`;--> statement-breakpoint
DROP TABLE `event_translations`;--> statement-breakpoint
ALTER TABLE `__new_event_translations` RENAME TO `event_translations`;--> statement-breakpoint
CREATE TABLE `__new_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`slug` text NOT NULL,
	`series_id` integer,
	`parent_event_id` integer,
	`session_type` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`platform_name` text,
	`platform_url` text,
	`venue` text,
	`city` text,
	`room` text,
	`capacity` integer,
	`registration_opens_at` integer,
	`registration_closes_at` integer,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`reminder_offsets` text DEFAULT '[1440,60]' NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`parent_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "events_kind_check" CHECK("__new_events"."kind" in ('webinar', 'summit', 'session', 'meeting')),
	CONSTRAINT "events_session_type_check" CHECK("__new_events"."session_type" in ('plenary', 'working_group', 'social')),
	CONSTRAINT "events_status_check" CHECK("__new_events"."status" in ('scheduled', 'cancelled', 'completed'))
);
--> statement-breakpoint
INSERT INTO `__new_events`("id", "kind", "slug", "series_id", "parent_event_id", "session_type", "starts_at", "ends_at", "time_zone", "platform_name", "platform_url", "venue", "city", "room", "capacity", "registration_opens_at", "registration_closes_at", "status", "sequence", "reminder_offsets", "created_by_id", "created_at", "updated_at") SELECT "id", "kind", "slug", "series_id", "parent_event_id", "session_type", "starts_at", "ends_at", "time_zone", "platform_name", "platform_url", "venue", "city", "room", "capacity", "registration_opens_at", "registration_closes_at", "status", "sequence", "reminder_offsets", "created_by_id", "created_at", "updated_at" FROM `events`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;--> statement-breakpoint
CREATE UNIQUE INDEX `events_slug_unique` ON `events` (`slug`);--> statement-breakpoint
CREATE INDEX `events_kind_starts_idx` ON `events` (`kind`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_series_idx` ON `events` (`series_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_parent_idx` ON `events` (`parent_event_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `__new_interpretation_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`conference_id` text NOT NULL,
	`dial_in_numbers` text DEFAULT '' NOT NULL,
	`interpreters` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "interpretation_channels_language_check" CHECK("__new_interpretation_channels"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_interpretation_channels`("id", "event_id", "language", "conference_id", "dial_in_numbers", "interpreters") SELECT "id", "event_id", "language", "conference_id", "dial_in_numbers", "interpreters" FROM `interpretation_channels`;--> statement-breakpoint
DROP TABLE `interpretation_channels`;--> statement-breakpoint
ALTER TABLE `__new_interpretation_channels` RENAME TO `interpretation_channels`;--> statement-breakpoint
CREATE UNIQUE INDEX `interpretation_channels_event_language_unique` ON `interpretation_channels` (`event_id`,`language`);--> statement-breakpoint
CREATE TABLE `__new_materials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`language` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "materials_language_check" CHECK("__new_materials"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "materials_kind_check" CHECK("__new_materials"."kind" in ('slides', 'recording', 'transcript'))
);
--> statement-breakpoint
INSERT INTO `__new_materials`("id", "event_id", "language", "kind", "title", "url", "created_at") SELECT "id", "event_id", "language", "kind", "title", "url", "created_at" FROM `materials`;--> statement-breakpoint
DROP TABLE `materials`;--> statement-breakpoint
ALTER TABLE `__new_materials` RENAME TO `materials`;--> statement-breakpoint
CREATE INDEX `materials_event_idx` ON `materials` (`event_id`,`language`);--> statement-breakpoint
CREATE TABLE `__new_newsletter_versions` (
	`newsletter_id` integer NOT NULL,
	`language` text NOT NULL,
	`subject` text NOT NULL,
	`preheader` text DEFAULT '' NOT NULL,
	`body_markdown` text DEFAULT '' NOT NULL,
	`complete` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`newsletter_id`, `language`),
	FOREIGN KEY (`newsletter_id`) REFERENCES `newsletters`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "newsletter_versions_language_check" CHECK("__new_newsletter_versions"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_newsletter_versions`("newsletter_id", "language", "subject", "preheader", "body_markdown", "complete", "updated_at") SELECT "newsletter_id", "language", "subject", "preheader", "body_markdown", "complete", "updated_at" FROM `newsletter_versions`;--> statement-breakpoint
DROP TABLE `newsletter_versions`;--> statement-breakpoint
ALTER TABLE `__new_newsletter_versions` RENAME TO `newsletter_versions`;--> statement-breakpoint
CREATE TABLE `__new_newsletters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`audience_id` integer,
	`scheduled_at` integer,
	`send_started_at` integer,
	`sent_at` integer,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "newsletters_status_check" CHECK("__new_newsletters"."status" in ('draft', 'scheduled', 'sending', 'paused', 'sent'))
);
--> statement-breakpoint
INSERT INTO `__new_newsletters`("id", "slug", "status", "audience_id", "scheduled_at", "send_started_at", "sent_at", "created_by_id", "created_at", "updated_at") SELECT "id", "slug", "status", "audience_id", "scheduled_at", "send_started_at", "sent_at", "created_by_id", "created_at", "updated_at" FROM `newsletters`;--> statement-breakpoint
DROP TABLE `newsletters`;--> statement-breakpoint
ALTER TABLE `__new_newsletters` RENAME TO `newsletters`;--> statement-breakpoint
CREATE UNIQUE INDEX `newsletters_slug_unique` ON `newsletters` (`slug`);--> statement-breakpoint
CREATE INDEX `newsletters_status_idx` ON `newsletters` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unique_key` text NOT NULL,
	`kind` text NOT NULL,
	`person_id` integer,
	`to_address` text NOT NULL,
	`language` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`headers` text,
	`attachments` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`message_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "outbox_language_check" CHECK("__new_outbox"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "outbox_status_check" CHECK("__new_outbox"."status" in ('pending', 'sending', 'sent', 'failed'))
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "unique_key", "kind", "person_id", "to_address", "language", "subject", "html", "text", "headers", "attachments", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "message_id", "created_at", "sent_at") SELECT "id", "unique_key", "kind", "person_id", "to_address", "language", "subject", "html", "text", "headers", "attachments", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "message_id", "created_at", "sent_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_unique_key_unique` ON `outbox` (`unique_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_next_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `__new_participation_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`structure_id` integer,
	`region_code` text,
	`kind` text NOT NULL,
	`source_type` text NOT NULL,
	`source_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "participation_records_region_code_check" CHECK("__new_participation_records"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "participation_records_kind_check" CHECK("__new_participation_records"."kind" in ('webinar_registered', 'webinar_attended', 'summit_attended', 'working_group_member', 'working_group_meeting_attended', 'drafting_volunteer', 'statement_penholder', 'survey_completed'))
);
--> statement-breakpoint
INSERT INTO `__new_participation_records`("id", "person_id", "structure_id", "region_code", "kind", "source_type", "source_id", "occurred_at") SELECT "id", "person_id", "structure_id", "region_code", "kind", "source_type", "source_id", "occurred_at" FROM `participation_records`;--> statement-breakpoint
DROP TABLE `participation_records`;--> statement-breakpoint
ALTER TABLE `__new_participation_records` RENAME TO `participation_records`;--> statement-breakpoint
CREATE UNIQUE INDEX `participation_records_source_unique` ON `participation_records` (`kind`,`source_type`,`source_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `participation_records_person_idx` ON `participation_records` (`person_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `participation_records_structure_idx` ON `participation_records` (`structure_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `participation_records_region_idx` ON `participation_records` (`region_code`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `participation_records_period_idx` ON `participation_records` (`occurred_at`,`kind`,`region_code`,`structure_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `__new_people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`preferred_language` text DEFAULT 'en' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`region_code` text,
	`structure_id` integer,
	`member_type` text DEFAULT 'individual_member' NOT NULL,
	`calendar_token` text,
	`unsubscribe_token` text,
	`newsletter_opt_out_at` integer,
	`email_bounced_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "people_preferred_language_check" CHECK("__new_people"."preferred_language" in ('en', 'fr', 'es')),
	CONSTRAINT "people_region_code_check" CHECK("__new_people"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "people_member_type_check" CHECK("__new_people"."member_type" in ('als_representative', 'individual_member', 'alac_member', 'guest'))
);
--> statement-breakpoint
INSERT INTO `__new_people`("id", "email", "name", "password_hash", "preferred_language", "time_zone", "region_code", "structure_id", "member_type", "calendar_token", "unsubscribe_token", "newsletter_opt_out_at", "email_bounced_at", "created_at", "updated_at") SELECT "id", "email", "name", "password_hash", "preferred_language", "time_zone", "region_code", "structure_id", "member_type", "calendar_token", "unsubscribe_token", "newsletter_opt_out_at", "email_bounced_at", "created_at", "updated_at" FROM `people`;--> statement-breakpoint
DROP TABLE `people`;--> statement-breakpoint
ALTER TABLE `__new_people` RENAME TO `people`;--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_lower_unique` ON `people` (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX `people_calendar_token_unique` ON `people` (`calendar_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_unsubscribe_token_unique` ON `people` (`unsubscribe_token`);--> statement-breakpoint
CREATE INDEX `people_region_idx` ON `people` (`region_code`);--> statement-breakpoint
CREATE INDEX `people_structure_idx` ON `people` (`structure_id`);--> statement-breakpoint
CREATE TABLE `__new_person_roles` (
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`person_id`, `role`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "person_roles_role_check" CHECK("__new_person_roles"."role" in ('staff', 'analyst'))
);
--> statement-breakpoint
INSERT INTO `__new_person_roles`("person_id", "role") SELECT "person_id", "role" FROM `person_roles`;--> statement-breakpoint
DROP TABLE `person_roles`;--> statement-breakpoint
ALTER TABLE `__new_person_roles` RENAME TO `person_roles`;--> statement-breakpoint
CREATE TABLE `__new_regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	CONSTRAINT "regions_code_check" CHECK("__new_regions"."code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'))
);
--> statement-breakpoint
INSERT INTO `__new_regions`("code", "name") SELECT "code", "name" FROM `regions`;--> statement-breakpoint
DROP TABLE `regions`;--> statement-breakpoint
ALTER TABLE `__new_regions` RENAME TO `regions`;--> statement-breakpoint
CREATE TABLE `__new_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`status` text NOT NULL,
	`channel_language` text NOT NULL,
	`dial_out_number` text,
	`dial_out_done_at` integer,
	`attended` integer,
	`checked_in_at` integer,
	`promoted_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "registrations_status_check" CHECK("__new_registrations"."status" in ('confirmed', 'waitlisted', 'cancelled')),
	CONSTRAINT "registrations_channel_language_check" CHECK("__new_registrations"."channel_language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_registrations`("id", "event_id", "person_id", "status", "channel_language", "dial_out_number", "dial_out_done_at", "attended", "checked_in_at", "promoted_at", "cancelled_at", "created_at", "updated_at") SELECT "id", "event_id", "person_id", "status", "channel_language", "dial_out_number", "dial_out_done_at", "attended", "checked_in_at", "promoted_at", "cancelled_at", "created_at", "updated_at" FROM `registrations`;--> statement-breakpoint
DROP TABLE `registrations`;--> statement-breakpoint
ALTER TABLE `__new_registrations` RENAME TO `registrations`;--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_event_person_unique` ON `registrations` (`event_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `registrations_event_status_idx` ON `registrations` (`event_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `registrations_person_idx` ON `registrations` (`person_id`,`status`);--> statement-breakpoint
CREATE TABLE `__new_review_milestone_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`milestone_id` integer NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`changed_by_id` integer,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`milestone_id`) REFERENCES `review_milestones`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "review_milestone_history_field_check" CHECK("__new_review_milestone_history"."field" in ('percent_complete', 'proposed_end_date', 'notes'))
);
--> statement-breakpoint
INSERT INTO `__new_review_milestone_history`("id", "milestone_id", "field", "old_value", "new_value", "changed_by_id", "changed_at") SELECT "id", "milestone_id", "field", "old_value", "new_value", "changed_by_id", "changed_at" FROM `review_milestone_history`;--> statement-breakpoint
DROP TABLE `review_milestone_history`;--> statement-breakpoint
ALTER TABLE `__new_review_milestone_history` RENAME TO `review_milestone_history`;--> statement-breakpoint
CREATE INDEX `review_milestone_history_idx` ON `review_milestone_history` (`milestone_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `__new_series_translations` (
	`series_id` integer NOT NULL,
	`language` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`series_id`, `language`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "series_translations_language_check" CHECK("__new_series_translations"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_series_translations`("series_id", "language", "title", "description") SELECT "series_id", "language", "title", "description" FROM `series_translations`;--> statement-breakpoint
DROP TABLE `series_translations`;--> statement-breakpoint
ALTER TABLE `__new_series_translations` RENAME TO `series_translations`;--> statement-breakpoint
CREATE TABLE `__new_statement_contributors` (
	`statement_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`statement_id`, `person_id`, `role`),
	FOREIGN KEY (`statement_id`) REFERENCES `policy_statements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "statement_contributors_role_check" CHECK("__new_statement_contributors"."role" in ('penholder', 'drafting_volunteer'))
);
--> statement-breakpoint
INSERT INTO `__new_statement_contributors`("statement_id", "person_id", "role") SELECT "statement_id", "person_id", "role" FROM `statement_contributors`;--> statement-breakpoint
DROP TABLE `statement_contributors`;--> statement-breakpoint
ALTER TABLE `__new_statement_contributors` RENAME TO `statement_contributors`;--> statement-breakpoint
CREATE INDEX `statement_contributors_person_idx` ON `statement_contributors` (`person_id`);--> statement-breakpoint
CREATE TABLE `__new_structures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`region_code` text NOT NULL,
	`country` text NOT NULL,
	`website` text,
	`accreditation_status` text DEFAULT 'applied' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "structures_region_code_check" CHECK("__new_structures"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "structures_accreditation_status_check" CHECK("__new_structures"."accreditation_status" in ('applied', 'accredited', 'withdrawn', 'decertified'))
);
--> statement-breakpoint
INSERT INTO `__new_structures`("id", "name", "region_code", "country", "website", "accreditation_status", "created_at") SELECT "id", "name", "region_code", "country", "website", "accreditation_status", "created_at" FROM `structures`;--> statement-breakpoint
DROP TABLE `structures`;--> statement-breakpoint
ALTER TABLE `__new_structures` RENAME TO `structures`;--> statement-breakpoint
CREATE UNIQUE INDEX `structures_name_unique` ON `structures` (`name`);--> statement-breakpoint
CREATE INDEX `structures_region_idx` ON `structures` (`region_code`);--> statement-breakpoint
CREATE TABLE `__new_summit_participations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`structure_id` integer,
	`status` text DEFAULT 'nominated' NOT NULL,
	`funding` text DEFAULT 'pending' NOT NULL,
	`funding_reason` text,
	`working_group_id` integer,
	`working_group_preferences` text,
	`arrival_at` integer,
	`arrival_carrier` text,
	`departure_at` integer,
	`departure_carrier` text,
	`hotel` text,
	`hotel_nights` integer,
	`visa_letter_needed` integer DEFAULT false NOT NULL,
	`passport_name` text,
	`passport_name_confirmed_at` integer,
	`passport_name_confirmed_by_id` integer,
	`dietary_needs` text,
	`accessibility_needs` text,
	`emergency_contact_name` text,
	`emergency_contact_phone` text,
	`checked_in_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`passport_name_confirmed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "summit_participations_status_check" CHECK("__new_summit_participations"."status" in ('nominated', 'confirmed', 'declined', 'withdrawn')),
	CONSTRAINT "summit_participations_funding_check" CHECK("__new_summit_participations"."funding" in ('pending', 'funded', 'self_funded', 'not_funded'))
);
--> statement-breakpoint
INSERT INTO `__new_summit_participations`("id", "event_id", "person_id", "structure_id", "status", "funding", "funding_reason", "working_group_id", "working_group_preferences", "arrival_at", "arrival_carrier", "departure_at", "departure_carrier", "hotel", "hotel_nights", "visa_letter_needed", "passport_name", "passport_name_confirmed_at", "passport_name_confirmed_by_id", "dietary_needs", "accessibility_needs", "emergency_contact_name", "emergency_contact_phone", "checked_in_at", "created_at", "updated_at") SELECT "id", "event_id", "person_id", "structure_id", "status", "funding", "funding_reason", "working_group_id", "working_group_preferences", "arrival_at", "arrival_carrier", "departure_at", "departure_carrier", "hotel", "hotel_nights", "visa_letter_needed", "passport_name", "passport_name_confirmed_at", "passport_name_confirmed_by_id", "dietary_needs", "accessibility_needs", "emergency_contact_name", "emergency_contact_phone", "checked_in_at", "created_at", "updated_at" FROM `summit_participations`;--> statement-breakpoint
DROP TABLE `summit_participations`;--> statement-breakpoint
ALTER TABLE `__new_summit_participations` RENAME TO `summit_participations`;--> statement-breakpoint
CREATE UNIQUE INDEX `summit_participations_event_person_unique` ON `summit_participations` (`event_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `summit_participations_event_status_idx` ON `summit_participations` (`event_id`,`status`);--> statement-breakpoint
CREATE TABLE `__new_survey_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`section_id` integer,
	`code` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`text` text NOT NULL,
	`help` text,
	`options` text,
	`statements` text,
	`show_if_question_id` integer,
	`show_if_value` text,
	`min_value` integer,
	`max_value` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`section_id`) REFERENCES `survey_sections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`show_if_question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "survey_questions_kind_check" CHECK("__new_survey_questions"."kind" in ('single', 'multiple', 'likert', 'rating', 'nps', 'number', 'short_text', 'long_text'))
);
--> statement-breakpoint
INSERT INTO `__new_survey_questions`("id", "survey_id", "section_id", "code", "position", "kind", "required", "text", "help", "options", "statements", "show_if_question_id", "show_if_value", "min_value", "max_value") SELECT "id", "survey_id", "section_id", "code", "position", "kind", "required", "text", "help", "options", "statements", "show_if_question_id", "show_if_value", "min_value", "max_value" FROM `survey_questions`;--> statement-breakpoint
DROP TABLE `survey_questions`;--> statement-breakpoint
ALTER TABLE `__new_survey_questions` RENAME TO `survey_questions`;--> statement-breakpoint
CREATE UNIQUE INDEX `survey_questions_code_unique` ON `survey_questions` (`survey_id`,`code`);--> statement-breakpoint
CREATE INDEX `survey_questions_survey_idx` ON `survey_questions` (`survey_id`,`position`);--> statement-breakpoint
CREATE TABLE `__new_survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`invitation_id` integer,
	`person_id` integer,
	`region_code` text,
	`language` text NOT NULL,
	`member_type` text,
	`status` text DEFAULT 'in_progress' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `survey_invitations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "survey_responses_region_code_check" CHECK("__new_survey_responses"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "survey_responses_language_check" CHECK("__new_survey_responses"."language" in ('en', 'fr', 'es')),
	CONSTRAINT "survey_responses_member_type_check" CHECK("__new_survey_responses"."member_type" in ('als_representative', 'individual_member', 'alac_member', 'guest')),
	CONSTRAINT "survey_responses_status_check" CHECK("__new_survey_responses"."status" in ('in_progress', 'completed'))
);
--> statement-breakpoint
INSERT INTO `__new_survey_responses`("id", "survey_id", "invitation_id", "person_id", "region_code", "language", "member_type", "status", "created_at", "completed_at") SELECT "id", "survey_id", "invitation_id", "person_id", "region_code", "language", "member_type", "status", "created_at", "completed_at" FROM `survey_responses`;--> statement-breakpoint
DROP TABLE `survey_responses`;--> statement-breakpoint
ALTER TABLE `__new_survey_responses` RENAME TO `survey_responses`;--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_invitation_unique` ON `survey_responses` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_survey_status_idx` ON `survey_responses` (`survey_id`,`status`,`region_code`,`language`,`member_type`);--> statement-breakpoint
CREATE TABLE `__new_surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`intro` text,
	`mode` text DEFAULT 'invitation' NOT NULL,
	`anonymous` integer DEFAULT true NOT NULL,
	`open_access` text DEFAULT 'signed_in' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`copied_from_id` integer,
	`summary_published` integer DEFAULT false NOT NULL,
	`reminder_rounds` integer DEFAULT 0 NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`copied_from_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "surveys_mode_check" CHECK("__new_surveys"."mode" in ('invitation', 'open')),
	CONSTRAINT "surveys_open_access_check" CHECK("__new_surveys"."open_access" in ('signed_in', 'anyone'))
);
--> statement-breakpoint
INSERT INTO `__new_surveys`("id", "event_id", "slug", "title", "intro", "mode", "anonymous", "open_access", "opens_at", "closes_at", "copied_from_id", "summary_published", "reminder_rounds", "created_by_id", "created_at") SELECT "id", "event_id", "slug", "title", "intro", "mode", "anonymous", "open_access", "opens_at", "closes_at", "copied_from_id", "summary_published", "reminder_rounds", "created_by_id", "created_at" FROM `surveys`;--> statement-breakpoint
DROP TABLE `surveys`;--> statement-breakpoint
ALTER TABLE `__new_surveys` RENAME TO `surveys`;--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_slug_unique` ON `surveys` (`slug`);--> statement-breakpoint
CREATE INDEX `surveys_event_idx` ON `surveys` (`event_id`);--> statement-breakpoint
CREATE TABLE `__new_working_group_members` (
	`working_group_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`working_group_id`, `person_id`),
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "working_group_members_role_check" CHECK("__new_working_group_members"."role" in ('member', 'chair', 'rapporteur'))
);
--> statement-breakpoint
INSERT INTO `__new_working_group_members`("working_group_id", "person_id", "role", "created_at") SELECT "working_group_id", "person_id", "role", "created_at" FROM `working_group_members`;--> statement-breakpoint
DROP TABLE `working_group_members`;--> statement-breakpoint
ALTER TABLE `__new_working_group_members` RENAME TO `working_group_members`;--> statement-breakpoint
CREATE INDEX `wg_members_person_idx` ON `working_group_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `__new_working_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer,
	`kind` text DEFAULT 'thematic' NOT NULL,
	`name` text NOT NULL,
	`topic` text NOT NULL,
	`report_url` text,
	`report_status` text DEFAULT 'drafting' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "working_groups_kind_check" CHECK("__new_working_groups"."kind" in ('thematic', 'standing')),
	CONSTRAINT "working_groups_report_status_check" CHECK("__new_working_groups"."report_status" in ('drafting', 'submitted', 'public_comment', 'adopted'))
);
--> statement-breakpoint
INSERT INTO `__new_working_groups`("id", "event_id", "kind", "name", "topic", "report_url", "report_status", "created_at") SELECT "id", "event_id", "kind", "name", "topic", "report_url", "report_status", "created_at" FROM `working_groups`;--> statement-breakpoint
DROP TABLE `working_groups`;--> statement-breakpoint
ALTER TABLE `__new_working_groups` RENAME TO `working_groups`;--> statement-breakpoint
CREATE INDEX `working_groups_event_idx` ON `working_groups` (`event_id`);