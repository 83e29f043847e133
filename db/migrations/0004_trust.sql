CREATE TABLE `email_tokens` (
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
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_tokens_hash_unique` ON `email_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `email_tokens_email_idx` ON `email_tokens` (`email`);--> statement-breakpoint
ALTER TABLE `summit_participations` ADD `passport_name` text;--> statement-breakpoint
ALTER TABLE `summit_participations` ADD `passport_name_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `summit_participations` ADD `passport_name_confirmed_by_id` integer REFERENCES people(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `surveys` ADD `open_access` text DEFAULT 'signed_in' NOT NULL;