-- A bulk import writes a new person's search text itself (personSearchText, the same fold
-- as the SQL function), so the insert no longer needs a second write of the row: the
-- trigger fills it only when it was left '' (every other way of adding a person), and
-- the index takes a row that arrives with its text. An update that already wrote the
-- right text for a new name or email is not rewritten either. The invariant stays:
-- search_text = fold(name) || ' ' || fold(email), and the index equals search_text.
DROP TRIGGER `people_search_text_insert`;--> statement-breakpoint
CREATE TRIGGER `people_search_text_insert` AFTER INSERT ON `people` WHEN NEW.`search_text` = '' BEGIN
  UPDATE `people` SET `search_text` = fold(NEW.`name`) || ' ' || fold(NEW.`email`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `people_search_index_insert` AFTER INSERT ON `people` WHEN NEW.`search_text` <> '' BEGIN
  INSERT INTO `people_search`(`rowid`, `search_text`) VALUES (NEW.`id`, NEW.`search_text`);
END;--> statement-breakpoint
DROP TRIGGER `people_search_text_update`;--> statement-breakpoint
CREATE TRIGGER `people_search_text_update` AFTER UPDATE OF `name`, `email` ON `people`
WHEN (OLD.`name` IS NOT NEW.`name` OR OLD.`email` IS NOT NEW.`email`)
  AND NEW.`search_text` IS NOT fold(NEW.`name`) || ' ' || fold(NEW.`email`) BEGIN
  UPDATE `people` SET `search_text` = fold(NEW.`name`) || ' ' || fold(NEW.`email`) WHERE `id` = NEW.`id`;
END;
