CREATE TABLE `membership_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`region_code` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`motivation` text,
	`decided_by_id` integer,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "membership_applications_region_code_check" CHECK("membership_applications"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO')),
	CONSTRAINT "membership_applications_status_check" CHECK("membership_applications"."status" in ('pending', 'approved', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `membership_applications_person_idx` ON `membership_applications` (`person_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `membership_applications_status_idx` ON `membership_applications` (`status`,`region_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `membership_applications_pending_unique` ON `membership_applications` (`person_id`) WHERE "membership_applications"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `ralo_settings` (
	`region_code` text PRIMARY KEY NOT NULL,
	`requires_approval` integer DEFAULT true NOT NULL,
	`criteria` text DEFAULT '{}' NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ralo_settings_region_code_check" CHECK("ralo_settings"."region_code" in ('AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'))
);
