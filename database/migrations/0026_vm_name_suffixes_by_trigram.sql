-- The name search's entries of one trigram, newest first.
--
-- vm_name_suffixes (migration 0024) orders a term's entries by suffix,
-- not by request: a term with a hundred thousand matches, all far back
-- in the newest-first list ("-00" among a million requests), had to read
-- and sort all its entries for one page. Each entry now also holds its
-- suffix's first three characters, and an index orders the entries by
-- them, then by request id: walked backwards from the end of one
-- trigram, it gives newest first the requests whose names contain that
-- trigram, reading only as many as a page needs, from the index alone.
-- (An index on the expression substr(suffix, 1, 3) would need the table
-- row of every entry it gives: PostgreSQL answers from an index alone
-- only when the columns the query names are in it.)
--
-- Every name that contains a term contains each of the term's trigrams,
-- so the search walks the trigram with the fewest entries, testing each
-- request's name, and stops when the page is full.
ALTER TABLE vm_name_suffixes
    ADD COLUMN trigram text COLLATE "C" GENERATED ALWAYS AS (substr(suffix, 1, 3)) STORED;
CREATE INDEX vm_name_suffixes_trigram_idx ON vm_name_suffixes (trigram, request_id);

-- vm_name_rarest_trigram returns the trigram of term (lower case, at
-- least three characters) with the fewest entries by the column's
-- statistics: ANALYZE samples the trigrams and keeps the most common
-- ones' frequencies, a trigram not among them is rarer than all that are,
-- and ties go to the earlier one.
CREATE FUNCTION vm_name_rarest_trigram(term text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT substr(term, i, 3)
    FROM generate_series(1, length(term) - 2) AS i
    LEFT JOIN (SELECT most_common_vals::text::text[] AS vals, most_common_freqs AS freqs
               FROM pg_stats
               WHERE schemaname = 'public' AND tablename = 'vm_name_suffixes' AND attname = 'trigram') s ON true
    ORDER BY coalesce(s.freqs[array_position(s.vals, substr(term, i, 3))], 0), i
    LIMIT 1
$$;

-- Statistics now, for the new column.
ANALYZE vm_name_suffixes;
