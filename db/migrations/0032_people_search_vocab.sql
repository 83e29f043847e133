-- hand-written: how many people hold each trigram of the directory's search index, so a
-- search for close names asks the index for the term's rarest trigrams only
CREATE VIRTUAL TABLE `people_search_vocab` USING fts5vocab(`people_search`, 'row');
