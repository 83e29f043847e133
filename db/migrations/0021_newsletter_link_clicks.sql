CREATE TABLE `newsletter_link_clicks` (
	`newsletter_id` integer NOT NULL,
	`language` text NOT NULL,
	`url` text NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`newsletter_id`, `language`, `url`),
	FOREIGN KEY (`newsletter_id`) REFERENCES `newsletters`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "newsletter_link_clicks_language_check" CHECK("newsletter_link_clicks"."language" in ('en', 'fr', 'es'))
);
