CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`version` text NOT NULL,
	`language` text NOT NULL,
	`given_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "consents_kind_check" CHECK("consents"."kind" in ('privacy', 'newsletter')),
	CONSTRAINT "consents_language_check" CHECK("consents"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
CREATE INDEX `consents_person_idx` ON `consents` (`person_id`,`kind`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by_id` integer,
	`filename` text NOT NULL,
	`mode` text NOT NULL,
	`report` text NOT NULL,
	`undone_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "import_batches_mode_check" CHECK("import_batches"."mode" in ('fill_empty', 'overwrite'))
);
--> statement-breakpoint
CREATE TABLE `import_changes` (
	`batch_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`changes` text NOT NULL,
	PRIMARY KEY(`batch_id`, `person_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`header_key` text PRIMARY KEY NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by_id` integer,
	`filename` text NOT NULL,
	`content` blob NOT NULL,
	`mapping` text,
	`mode` text DEFAULT 'fill_empty' NOT NULL,
	`fixes` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "import_uploads_mode_check" CHECK("import_uploads"."mode" in ('fill_empty', 'overwrite'))
);
--> statement-breakpoint
CREATE TABLE `person_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`author_id` integer,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `person_notes_person_idx` ON `person_notes` (`person_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `people` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `people` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `people` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `people` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `import_batch_id` integer REFERENCES import_batches(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `people_name_idx` ON `people` (`name`);--> statement-breakpoint
-- fold() is registered on every connection by db/client.ts (lower case, accents removed).
UPDATE `people` SET `search_text` = fold(`name`) || ' ' || fold(`email`);
--> statement-breakpoint
-- Keep search_text right whoever writes a name or an email (the app, the seed, an import).
CREATE TRIGGER `people_search_text_insert` AFTER INSERT ON `people` BEGIN
  UPDATE `people` SET `search_text` = fold(NEW.`name`) || ' ' || fold(NEW.`email`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `people_search_text_update` AFTER UPDATE OF `name`, `email` ON `people` BEGIN
  UPDATE `people` SET `search_text` = fold(NEW.`name`) || ' ' || fold(NEW.`email`) WHERE `id` = NEW.`id`;
END;
