-- Accreditation (decision 014): the lifecycle's statuses and steps, the due-diligence
-- checklist, a structure's contact and description, and the region of a RALO leader.
-- Hand-edited: existing rows copy only the columns they had (a history entry's step is its status).
CREATE TABLE `accreditation_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `structure_checks` (
	`structure_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`met` integer NOT NULL,
	`note` text,
	`checked_by_id` integer,
	`checked_at` integer NOT NULL,
	PRIMARY KEY(`structure_id`, `criterion_id`),
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`criterion_id`) REFERENCES `accreditation_criteria`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`checked_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_accreditation_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`structure_id` integer NOT NULL,
	`step` text NOT NULL,
	`status` text NOT NULL,
	`changed_at` integer NOT NULL,
	`note` text,
	`advice` text,
	`reference` text,
	`decided_on` text,
	`document_url` text,
	`changed_by_id` integer,
	FOREIGN KEY (`structure_id`) REFERENCES `structures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "accreditation_history_status_check" CHECK("__new_accreditation_history"."status" in ('applied', 'due_diligence', 'ralo_advice', 'alac_decision', 'accredited', 'under_review', 'rejected', 'withdrawn', 'decertified')),
	CONSTRAINT "accreditation_history_step_check" CHECK("__new_accreditation_history"."step" in ('applied', 'diligence_started', 'diligence_done', 'ralo_advice', 'accredited', 'rejected', 'review_opened', 'review_passed', 'withdrawn', 'decertified')),
	CONSTRAINT "accreditation_history_advice_check" CHECK("__new_accreditation_history"."advice" in ('support', 'oppose', 'no_view'))
);
--> statement-breakpoint
INSERT INTO `__new_accreditation_history`("id", "structure_id", "step", "status", "changed_at", "note", "advice", "reference", "decided_on", "document_url", "changed_by_id") SELECT "id", "structure_id", "status", "status", "changed_at", "note", NULL, NULL, NULL, NULL, "changed_by_id" FROM `accreditation_history`;--> statement-breakpoint
DROP TABLE `accreditation_history`;--> statement-breakpoint
ALTER TABLE `__new_accreditation_history` RENAME TO `accreditation_history`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `accreditation_history_structure_idx` ON `accreditation_history` (`structure_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `__new_person_roles` (
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	`region_code` text,
	PRIMARY KEY(`person_id`, `role`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "person_roles_role_check" CHECK("__new_person_roles"."role" in ('staff', 'analyst', 'ralo_leader')),
	CONSTRAINT "person_roles_region_code_check" CHECK("__new_person_roles"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "person_roles_region_check" CHECK(("__new_person_roles"."role" = 'ralo_leader') = ("__new_person_roles"."region_code" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_person_roles`("person_id", "role", "region_code") SELECT "person_id", "role", NULL FROM `person_roles`;--> statement-breakpoint
DROP TABLE `person_roles`;--> statement-breakpoint
ALTER TABLE `__new_person_roles` RENAME TO `person_roles`;--> statement-breakpoint
CREATE TABLE `__new_structures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`local_names` text,
	`region_code` text NOT NULL,
	`country` text NOT NULL,
	`website` text,
	`description` text,
	`contact_person_id` integer,
	`application_answers` text,
	`accreditation_status` text DEFAULT 'applied' NOT NULL,
	`details_confirmed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "structures_region_code_check" CHECK("__new_structures"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "structures_accreditation_status_check" CHECK("__new_structures"."accreditation_status" in ('applied', 'due_diligence', 'ralo_advice', 'alac_decision', 'accredited', 'under_review', 'rejected', 'withdrawn', 'decertified'))
);
--> statement-breakpoint
INSERT INTO `__new_structures`("id", "name", "local_names", "region_code", "country", "website", "description", "contact_person_id", "application_answers", "accreditation_status", "details_confirmed_at", "created_at") SELECT "id", "name", NULL, "region_code", "country", "website", NULL, NULL, NULL, "accreditation_status", NULL, "created_at" FROM `structures`;--> statement-breakpoint
DROP TABLE `structures`;--> statement-breakpoint
ALTER TABLE `__new_structures` RENAME TO `structures`;--> statement-breakpoint
CREATE UNIQUE INDEX `structures_name_unique` ON `structures` (`name`);--> statement-breakpoint
CREATE INDEX `structures_region_idx` ON `structures` (`region_code`);