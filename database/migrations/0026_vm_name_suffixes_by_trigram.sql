-- The name search's entries of one trigram, newest first.
--
-- vm_name_suffixes (migration 0024) orders a term's entries by suffix,
-- not by request: a term with a hundred thousand matches, all far back
-- in the newest-first list ("-00" among a million requests), had to read
-- and sort all its entries for one page. This index orders the entries
-- by their first three characters, then by request id: walked backwards
-- from the end of one trigram, it gives newest first the requests whose
-- names contain that trigram, reading only as many as a page needs.
--
-- Every name that contains a term contains each of the term's trigrams,
-- so the search walks the trigram its requests are fewest for, testing
-- each request's name, and stops when the page is full.
CREATE INDEX vm_name_suffixes_trigram_idx ON vm_name_suffixes (substr(suffix, 1, 3), request_id);

-- vm_name_rarest_trigram returns the trigram of term (lower case, at
-- least three characters) with the fewest entries by the index's
-- statistics: ANALYZE samples the trigrams and keeps the most common
-- ones' frequencies, a trigram not among them is rarer than all that are,
-- and ties go to the earlier one. It reads the statistics as the schema's
-- owner, which the app's role cannot; they tell no more than the names
-- the role may read anyway.
CREATE FUNCTION vm_name_rarest_trigram(term text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT substr(term, i, 3)
    FROM generate_series(1, length(term) - 2) AS i
    LEFT JOIN (SELECT most_common_vals::text::text[] AS vals, most_common_freqs AS freqs
               FROM pg_stats
               WHERE schemaname = 'public' AND tablename = 'vm_name_suffixes_trigram_idx') s ON true
    ORDER BY coalesce(s.freqs[array_position(s.vals, substr(term, i, 3))], 0), i
    LIMIT 1
$$;

-- Statistics now, for the new index's expression.
ANALYZE vm_name_suffixes;
