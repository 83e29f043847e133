-- One name per concept (docs/glossary.md): a saved filter of people is an audience; the
-- signed-in HTTP session gets its own name; a summit's programme items are sessions.
ALTER TABLE `segments` RENAME TO `audiences`;--> statement-breakpoint
ALTER TABLE `newsletters` RENAME COLUMN `segment_id` TO `audience_id`;--> statement-breakpoint
ALTER TABLE `sessions` RENAME TO `auth_sessions`;--> statement-breakpoint
DROP INDEX `sessions_person_idx`;--> statement-breakpoint
DROP INDEX `sessions_expires_idx`;--> statement-breakpoint
CREATE INDEX `auth_sessions_person_idx` ON `auth_sessions` (`person_id`);--> statement-breakpoint
CREATE INDEX `auth_sessions_expires_idx` ON `auth_sessions` (`expires_at`);--> statement-breakpoint
UPDATE `events` SET `kind` = 'session' WHERE `kind` = 'meeting' AND `parent_event_id` IS NOT NULL;
