CREATE TABLE `import_rows` (
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`outcome` text NOT NULL,
	`person_id` integer,
	PRIMARY KEY(`batch_id`, `line`),
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "import_rows_outcome_check" CHECK("import_rows"."outcome" in ('create', 'update', 'unchanged'))
);
--> statement-breakpoint
CREATE INDEX `import_rows_person_idx` ON `import_rows` (`person_id`);--> statement-breakpoint
ALTER TABLE `import_jobs` ADD `options` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `import_uploads` ADD `options` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `list_subscriptions` ADD `import_batch_id` integer REFERENCES import_batches(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `list_subscriptions_import_idx` ON `list_subscriptions` (`import_batch_id`) WHERE "list_subscriptions"."import_batch_id" is not null;