PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_working_group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`working_group_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`joined_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`working_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "working_group_members_role_check" CHECK("__new_working_group_members"."role" in ('chair', 'vice_chair', 'member', 'observer', 'staff_support', 'rapporteur'))
);
--> statement-breakpoint
INSERT INTO `__new_working_group_members`("working_group_id", "person_id", "role", "joined_at") SELECT "working_group_id", "person_id", "role", "created_at" FROM `working_group_members` ORDER BY "working_group_id", "created_at", "person_id";--> statement-breakpoint
DROP TABLE `working_group_members`;--> statement-breakpoint
ALTER TABLE `__new_working_group_members` RENAME TO `working_group_members`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `wg_members_current_unique` ON `working_group_members` (`working_group_id`,`person_id`) WHERE "working_group_members"."left_at" is null;--> statement-breakpoint
CREATE INDEX `wg_members_group_idx` ON `working_group_members` (`working_group_id`,`joined_at`);--> statement-breakpoint
CREATE INDEX `wg_members_person_idx` ON `working_group_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `__new_working_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer,
	`kind` text DEFAULT 'thematic' NOT NULL,
	`slug` text,
	`name` text NOT NULL,
	`topic` text NOT NULL,
	`description` text,
	`starts_on` text,
	`ends_on` text,
	`members_public` integer DEFAULT false NOT NULL,
	`all_regions_required` integer DEFAULT false NOT NULL,
	`report_url` text,
	`report_status` text DEFAULT 'drafting' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "working_groups_kind_check" CHECK("__new_working_groups"."kind" in ('thematic', 'standing', 'working_party')),
	CONSTRAINT "working_groups_report_status_check" CHECK("__new_working_groups"."report_status" in ('drafting', 'submitted', 'public_comment', 'adopted'))
);
--> statement-breakpoint
INSERT INTO `__new_working_groups`("id", "event_id", "kind", "name", "topic", "report_url", "report_status", "created_at") SELECT "id", "event_id", "kind", "name", "topic", "report_url", "report_status", "created_at" FROM `working_groups`;--> statement-breakpoint
DROP TABLE `working_groups`;--> statement-breakpoint
ALTER TABLE `__new_working_groups` RENAME TO `working_groups`;--> statement-breakpoint
CREATE INDEX `working_groups_event_idx` ON `working_groups` (`event_id`);--> statement-breakpoint
-- Standing groups get a public address: the acronym in their English name when it is unique (CPWG → cpwg), else group-<id>.
UPDATE `working_groups` SET `slug` = (
	SELECT lower(trim(substr(json_extract(g.`name`, '$.en'), instr(json_extract(g.`name`, '$.en'), '(') + 1, instr(json_extract(g.`name`, '$.en'), ')') - instr(json_extract(g.`name`, '$.en'), '(') - 1)))
	FROM `working_groups` g WHERE g.`id` = `working_groups`.`id`
) WHERE `event_id` IS NULL AND instr(json_extract(`name`, '$.en'), '(') > 0 AND instr(json_extract(`name`, '$.en'), ')') > instr(json_extract(`name`, '$.en'), '(');--> statement-breakpoint
UPDATE `working_groups` SET `slug` = NULL WHERE `slug` IS NOT NULL AND (`slug` = '' OR `slug` GLOB '*[^a-z0-9-]*' OR `slug` IN (SELECT `slug` FROM `working_groups` WHERE `slug` IS NOT NULL GROUP BY `slug` HAVING count(*) > 1));--> statement-breakpoint
UPDATE `working_groups` SET `slug` = 'group-' || `id` WHERE `event_id` IS NULL AND `slug` IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `working_groups_slug_unique` ON `working_groups` (`slug`);
