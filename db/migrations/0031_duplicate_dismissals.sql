CREATE TABLE `duplicate_dismissals` (
	`person_a` integer NOT NULL,
	`person_b` integer NOT NULL,
	`dismissed_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`person_a`, `person_b`),
	FOREIGN KEY (`person_a`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_b`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dismissed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "duplicate_dismissals_order_check" CHECK("duplicate_dismissals"."person_a" < "duplicate_dismissals"."person_b")
);
--> statement-breakpoint
CREATE INDEX `duplicate_dismissals_b_idx` ON `duplicate_dismissals` (`person_b`);