CREATE TABLE `accreditation_expectations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`threshold` integer DEFAULT 1 NOT NULL,
	`months` integer DEFAULT 12 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	CONSTRAINT "accreditation_expectations_kind_check" CHECK("accreditation_expectations"."kind" in ('meetings', 'survey', 'confirmed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accreditation_expectations_kind_unique` ON `accreditation_expectations` (`kind`);--> statement-breakpoint
-- The defaults (staff change them on the review page): three meetings, one survey and the
-- details confirmed, each within the last twelve months.
INSERT INTO `accreditation_expectations` (`kind`, `threshold`, `months`) VALUES ('meetings', 3, 12), ('survey', 1, 12), ('confirmed', 1, 12);
