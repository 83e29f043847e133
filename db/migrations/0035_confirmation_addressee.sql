ALTER TABLE `structure_confirmations` ADD `mailed_to_id` integer REFERENCES people(id) ON DELETE set null;
