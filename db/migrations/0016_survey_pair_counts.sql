CREATE TABLE `survey_pair_counts` (
	`survey_id` integer NOT NULL,
	`by_question_id` integer NOT NULL,
	`by_value` text NOT NULL,
	`question_id` integer NOT NULL,
	`item` text NOT NULL,
	`value` text NOT NULL,
	`region_code` text NOT NULL,
	`language` text NOT NULL,
	`member_type` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `by_question_id`, `by_value`, `question_id`, `item`, `value`, `region_code`, `language`, `member_type`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Backfill from the submitted answers (from now on each submission adds its own pairs).
INSERT INTO `survey_pair_counts` (`survey_id`, `by_question_id`, `by_value`, `question_id`, `item`, `value`, `region_code`, `language`, `member_type`, `n`)
SELECT a.survey_id, b.question_id, b.value, a.question_id, a.item, a.value,
       coalesce(a.region_code, ''), coalesce(a.language, ''), coalesce(a.member_type, ''), count(*)
FROM survey_answers b JOIN survey_answers a ON a.response_id = b.response_id AND a.completed = 1
WHERE b.completed = 1
  AND b.question_id IN (SELECT id FROM survey_questions WHERE kind IN ('single', 'multiple'))
  AND a.question_id IN (SELECT id FROM survey_questions WHERE kind NOT IN ('short_text', 'long_text'))
GROUP BY a.survey_id, b.question_id, b.value, a.question_id, a.item, a.value,
         coalesce(a.region_code, ''), coalesce(a.language, ''), coalesce(a.member_type, '');
--> statement-breakpoint
INSERT INTO `survey_pair_counts` (`survey_id`, `by_question_id`, `by_value`, `question_id`, `item`, `value`, `region_code`, `language`, `member_type`, `n`)
SELECT a.survey_id, b.question_id, b.value, a.question_id, '', '',
       coalesce(a.region_code, ''), coalesce(a.language, ''), coalesce(a.member_type, ''), count(DISTINCT a.response_id)
FROM survey_answers b JOIN survey_answers a ON a.response_id = b.response_id AND a.completed = 1
WHERE b.completed = 1
  AND b.question_id IN (SELECT id FROM survey_questions WHERE kind IN ('single', 'multiple'))
GROUP BY a.survey_id, b.question_id, b.value, a.question_id,
         coalesce(a.region_code, ''), coalesce(a.language, ''), coalesce(a.member_type, '');
