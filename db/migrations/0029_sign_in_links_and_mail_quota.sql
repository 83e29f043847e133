PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_email_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`email` text NOT NULL,
	`person_id` integer,
	`token_hash` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`redirect_to` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "email_tokens_purpose_check" CHECK("__new_email_tokens"."purpose" in ('signup', 'invite', 'signin')),
	CONSTRAINT "email_tokens_language_check" CHECK("__new_email_tokens"."language" in ('en', 'fr', 'es'))
);
--> statement-breakpoint
INSERT INTO `__new_email_tokens`("id", "purpose", "email", "person_id", "token_hash", "language", "redirect_to", "expires_at", "used_at", "created_at") SELECT "id", "purpose", "email", "person_id", "token_hash", "language", "redirect_to", "expires_at", "used_at", "created_at" FROM `email_tokens`;--> statement-breakpoint
DROP TABLE `email_tokens`;--> statement-breakpoint
ALTER TABLE `__new_email_tokens` RENAME TO `email_tokens`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `email_tokens_hash_unique` ON `email_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `email_tokens_email_idx` ON `email_tokens` (`email`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `quota_key` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `quota_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_quota_idx` ON `outbox` (`quota_key`,`quota_at`) WHERE "outbox"."quota_key" is not null;