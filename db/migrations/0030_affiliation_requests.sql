CREATE TABLE `affiliation_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`source` text NOT NULL,
	`requested_at` integer NOT NULL,
	`mailed_to_id` integer,
	`mailed_at` integer,
	`token_hash` text,
	`token_expires_at` integer,
	`decided_at` integer,
	`decided_by_id` integer,
	`decided_via` text,
	`note` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mailed_to_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "affiliation_requests_status_check" CHECK("affiliation_requests"."status" in ('pending', 'confirmed', 'declined', 'withdrawn')),
	CONSTRAINT "affiliation_requests_source_check" CHECK("affiliation_requests"."source" in ('signup', 'profile', 'migration')),
	CONSTRAINT "affiliation_requests_decided_via_check" CHECK("affiliation_requests"."decided_via" in ('contact', 'staff'))
);
--> statement-breakpoint
CREATE INDEX `affiliation_requests_person_idx` ON `affiliation_requests` (`person_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `affiliation_requests_structure_idx` ON `affiliation_requests` (`structure_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `affiliation_requests_token_unique` ON `affiliation_requests` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `affiliation_requests_pending_unique` ON `affiliation_requests` (`person_id`) WHERE "affiliation_requests"."status" = 'pending';--> statement-breakpoint
-- hand-written: a structure link nobody confirmed becomes a pending affiliation request, and the person's structure
-- is cleared until the structure's contact or staff confirm it. A link counts as confirmed when the person is the
-- structure's contact; or has never had a password (so never edited their own profile: staff, an import or the demo
-- data set it); or staff set that structure on their record (audit_log person.updated, details.structureId.to); or an
-- import that was not undone set it (import_changes). Erased people keep theirs (their rows count anonymously).
INSERT INTO `affiliation_requests` (`person_id`, `structure_id`, `status`, `source`, `requested_at`)
SELECT p.`id`, p.`structure_id`, 'pending', 'migration', CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM `people` p JOIN `structures` s ON s.`id` = p.`structure_id`
WHERE p.`erased_at` IS NULL
  AND p.`password_hash` IS NOT NULL
  AND s.`contact_person_id` IS NOT p.`id`
  -- (person, structure) pairs as 'id:structure' keys: a one-column NOT IN is looked up in an index built once.
  AND p.`id` || ':' || p.`structure_id` NOT IN (
    SELECT a.`entity_id` || ':' || json_extract(a.`details`, '$.structureId.to') FROM `audit_log` a
    WHERE a.`entity_type` = 'person' AND a.`action` = 'person.updated'
      AND json_extract(a.`details`, '$.structureId.to') IS NOT NULL)
  AND p.`id` || ':' || p.`structure_id` NOT IN (
    SELECT c.`person_id` || ':' || json_extract(c.`changes`, '$.structureId.to')
    FROM `import_changes` c JOIN `import_batches` b ON b.`id` = c.`batch_id`
    WHERE b.`undone_at` IS NULL AND json_extract(c.`changes`, '$.structureId.to') IS NOT NULL);
--> statement-breakpoint
-- hand-written: each of those people's timelines says so (audited, no actor: the migration).
INSERT INTO `audit_log` (`actor_id`, `action`, `entity_type`, `entity_id`, `details`, `at`)
SELECT NULL, 'affiliation.unconfirmed', 'person', CAST(r.`person_id` AS TEXT),
       json_object('structure', r.`structure_id`, 'request', r.`id`), r.`requested_at`
FROM `affiliation_requests` r WHERE r.`source` = 'migration';
--> statement-breakpoint
-- hand-written: their participation no longer counts for a structure that never confirmed them.
UPDATE `participation_records` SET `structure_id` = NULL
WHERE EXISTS (
  SELECT 1 FROM `affiliation_requests` r
  WHERE r.`source` = 'migration' AND r.`person_id` = `participation_records`.`person_id`
    AND r.`structure_id` = `participation_records`.`structure_id`);
--> statement-breakpoint
-- hand-written: the link is cleared until confirmed; an "ALS representative" through it is a guest meanwhile.
UPDATE `people` SET `structure_id` = NULL,
  `member_type` = CASE WHEN `member_type` = 'als_representative' THEN 'guest' ELSE `member_type` END
WHERE `id` IN (SELECT r.`person_id` FROM `affiliation_requests` r WHERE r.`source` = 'migration');
--> statement-breakpoint
-- hand-written: "ALS representative" is no longer a type people give themselves. One who represents no structure
-- becomes a guest (audited) unless staff or an import gave them the type, or they never had a password.
INSERT INTO `audit_log` (`actor_id`, `action`, `entity_type`, `entity_id`, `details`, `at`)
SELECT NULL, 'affiliation.unconfirmed', 'person', CAST(p.`id` AS TEXT),
       json_object('memberType', json_object('from', 'als_representative', 'to', 'guest')),
       CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM `people` p
WHERE p.`member_type` = 'als_representative' AND p.`structure_id` IS NULL AND p.`erased_at` IS NULL
  AND p.`password_hash` IS NOT NULL
  AND CAST(p.`id` AS TEXT) NOT IN (
    SELECT a.`entity_id` FROM `audit_log` a
    WHERE a.`entity_type` = 'person' AND a.`action` = 'person.updated'
      AND json_extract(a.`details`, '$.memberType.to') = 'als_representative')
  AND p.`id` NOT IN (
    SELECT c.`person_id` FROM `import_changes` c JOIN `import_batches` b ON b.`id` = c.`batch_id`
    WHERE b.`undone_at` IS NULL AND json_extract(c.`changes`, '$.memberType.to') = 'als_representative');
--> statement-breakpoint
-- hand-written: the type change those audit lines record.
UPDATE `people` SET `member_type` = 'guest'
WHERE `member_type` = 'als_representative' AND `structure_id` IS NULL AND `erased_at` IS NULL
  AND `id` IN (SELECT CAST(a.`entity_id` AS INTEGER) FROM `audit_log` a
               WHERE a.`action` = 'affiliation.unconfirmed' AND json_extract(a.`details`, '$.memberType') IS NOT NULL);
