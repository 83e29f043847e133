-- The directory's search: a trigram full-text index over people.search_text (the folded
-- name and email), so a search for any part of a name or address of 3 characters or more
-- reads the index instead of every person. It is an external-content index: the text stays
-- in people; these triggers keep the index equal to it. search_text is never written
-- directly: the triggers of 0007 derive it, starting from '' on insert, so a row whose
-- search_text is '' has nothing in the index (hence the WHEN guards).
CREATE VIRTUAL TABLE `people_search` USING fts5(`search_text`, content='people', content_rowid='id', tokenize='trigram');--> statement-breakpoint
INSERT INTO `people_search`(`rowid`, `search_text`) SELECT `id`, `search_text` FROM `people` WHERE `search_text` <> '';--> statement-breakpoint
CREATE TRIGGER `people_search_index_update` AFTER UPDATE OF `search_text` ON `people`
WHEN OLD.`search_text` IS NOT NEW.`search_text` BEGIN
  INSERT INTO `people_search`(`people_search`, `rowid`, `search_text`) SELECT 'delete', OLD.`id`, OLD.`search_text` WHERE OLD.`search_text` <> '';
  INSERT INTO `people_search`(`rowid`, `search_text`) SELECT NEW.`id`, NEW.`search_text` WHERE NEW.`search_text` <> '';
END;--> statement-breakpoint
CREATE TRIGGER `people_search_index_delete` AFTER DELETE ON `people` WHEN OLD.`search_text` <> '' BEGIN
  INSERT INTO `people_search`(`people_search`, `rowid`, `search_text`) VALUES ('delete', OLD.`id`, OLD.`search_text`);
END;
--> statement-breakpoint
-- 0007's trigger recomputed the search text whenever name or email were in an UPDATE's
-- SET list; now only when one of them really changed (an import that rewrites a row
-- with the same name no longer rewrites its index entry).
DROP TRIGGER `people_search_text_update`;--> statement-breakpoint
CREATE TRIGGER `people_search_text_update` AFTER UPDATE OF `name`, `email` ON `people`
WHEN OLD.`name` IS NOT NEW.`name` OR OLD.`email` IS NOT NEW.`email` BEGIN
  UPDATE `people` SET `search_text` = fold(NEW.`name`) || ' ' || fold(NEW.`email`) WHERE `id` = NEW.`id`;
END;
