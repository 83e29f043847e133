ALTER TABLE `structure_confirmations` ADD `changes` text;--> statement-breakpoint
-- hand-written: an interpreter sits in one booth per event. A second booth of the same event is refused (the
-- service says so first, in words); rows made before this stay until staff remove one (the booth page shows them).
CREATE TRIGGER `interpreter_assignments_one_booth` BEFORE INSERT ON `interpreter_assignments`
WHEN EXISTS (SELECT 1 FROM `interpreter_assignments` a
  WHERE a.`event_id` = NEW.`event_id` AND a.`person_id` = NEW.`person_id` AND a.`language` <> NEW.`language`)
BEGIN
  SELECT RAISE(ABORT, 'interpreter already in another booth of this event');
END;
