CREATE TABLE `survey_answer_counts` (
	`survey_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`item` text NOT NULL,
	`value` text NOT NULL,
	`region_code` text NOT NULL,
	`language` text NOT NULL,
	`member_type` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `question_id`, `item`, `value`, `region_code`, `language`, `member_type`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `survey_answers_question_idx`;--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `survey_id` integer REFERENCES surveys(id);--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `completed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `region_code` text;--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `language` text;--> statement-breakpoint
ALTER TABLE `survey_answers` ADD `member_type` text;--> statement-breakpoint
CREATE INDEX `survey_answers_results_idx` ON `survey_answers` (`survey_id`,`completed`,`question_id`,`item`,`value`,`numeric_value`,`region_code`,`language`,`member_type`,`response_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_question_idx` ON `survey_answers` (`question_id`,`value`,`response_id`);--> statement-breakpoint
DROP INDEX `survey_responses_survey_status_idx`;--> statement-breakpoint
CREATE INDEX `survey_responses_survey_status_idx` ON `survey_responses` (`survey_id`,`status`,`region_code`,`language`,`member_type`);--> statement-breakpoint
ALTER TABLE `survey_invitations` ADD `completed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `survey_questions` ADD `min_value` integer;--> statement-breakpoint
ALTER TABLE `survey_questions` ADD `max_value` integer;--> statement-breakpoint
ALTER TABLE `surveys` ADD `summary_published` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `surveys` ADD `reminder_rounds` integer DEFAULT 0 NOT NULL;