PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_policy_statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`kind` text DEFAULT 'public_comment' NOT NULL,
	`stage` text DEFAULT 'submitted' NOT NULL,
	`texts` text,
	`stage_dates` text DEFAULT '{}' NOT NULL,
	`topics` text NOT NULL,
	`published_at` integer NOT NULL,
	`url` text,
	`comment_url` text,
	`deadline` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	CONSTRAINT "policy_statements_kind_check" CHECK("__new_policy_statements"."kind" in ('advice', 'public_comment', 'correspondence', 'other')),
	CONSTRAINT "policy_statements_stage_check" CHECK("__new_policy_statements"."stage" in ('call_for_volunteers', 'drafting', 'comment_period', 'alac_vote', 'submitted', 'withdrawn'))
);
--> statement-breakpoint
INSERT INTO `__new_policy_statements`("id", "title", "texts", "stage_dates", "topics", "published_at", "url", "created_at") SELECT "id", "title", json_object('en', json_object('title', "title", 'summary', '')), json_object('submitted', date("published_at" / 1000, 'unixepoch')), "topics", "published_at", "url", "created_at" FROM `policy_statements`;--> statement-breakpoint
DROP TABLE `policy_statements`;--> statement-breakpoint
ALTER TABLE `__new_policy_statements` RENAME TO `policy_statements`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `policy_statements_published_idx` ON `policy_statements` (`published_at`);--> statement-breakpoint
CREATE INDEX `policy_statements_stage_idx` ON `policy_statements` (`stage`,`deadline`);