CREATE TABLE `recommendation_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recommendation_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`changed_by_id` integer,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "recommendation_history_status_check" CHECK("recommendation_history"."status" in ('proposed', 'accepted', 'in_progress', 'implemented', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX `recommendation_history_idx` ON `recommendation_history` (`recommendation_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `recommendation_milestones` (
	`recommendation_id` integer NOT NULL,
	`milestone_id` integer NOT NULL,
	PRIMARY KEY(`recommendation_id`, `milestone_id`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`milestone_id`) REFERENCES `review_milestones`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recommendations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer,
	`reference` text NOT NULL,
	`text` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_working_group_id` integer,
	`source_survey_id` integer,
	`source_review_item_id` integer,
	`owner` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`rejection_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`source_working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`source_survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`source_review_item_id`) REFERENCES `review_items`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "recommendations_source_kind_check" CHECK("recommendations"."source_kind" in ('summit_group', 'survey', 'review_item')),
	CONSTRAINT "recommendations_status_check" CHECK("recommendations"."status" in ('proposed', 'accepted', 'in_progress', 'implemented', 'rejected')),
	CONSTRAINT "recommendations_source_check" CHECK(("recommendations"."source_kind" = 'summit_group') = ("recommendations"."source_working_group_id" is not null) and ("recommendations"."source_kind" = 'survey') = ("recommendations"."source_survey_id" is not null) and ("recommendations"."source_kind" = 'review_item') = ("recommendations"."source_review_item_id" is not null)),
	CONSTRAINT "recommendations_rejected_check" CHECK(("recommendations"."status" = 'rejected') = ("recommendations"."rejection_reason" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_reference_unique` ON `recommendations` (`reference`);--> statement-breakpoint
CREATE INDEX `recommendations_event_idx` ON `recommendations` (`event_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	CONSTRAINT "review_milestone_history_field_check" CHECK("__new_review_milestone_history"."field" in ('created', 'percent_complete', 'proposed_end_date', 'notes', 'held_over'))
);
--> statement-breakpoint
INSERT INTO `__new_review_milestone_history`("id", "milestone_id", "field", "old_value", "new_value", "changed_by_id", "changed_at") SELECT "id", "milestone_id", "field", "old_value", "new_value", "changed_by_id", "changed_at" FROM `review_milestone_history`;--> statement-breakpoint
DROP TABLE `review_milestone_history`;--> statement-breakpoint
ALTER TABLE `__new_review_milestone_history` RENAME TO `review_milestone_history`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `review_milestone_history_idx` ON `review_milestone_history` (`milestone_id`,`changed_at`);--> statement-breakpoint
ALTER TABLE `review_milestones` ADD `held_over_by` text;