-- An exact index for the name search.
--
-- The list's search is a substring of the VM name. The trigram index
-- (migration 0001) finds candidates, but a term made of one common
-- trigram ("00000" is only "000") matches a tenth of all names, and each
-- candidate's row must be read to recheck it: a term with a hundred
-- matches cost 10,000 row reads. vm_name_suffixes holds every suffix of
-- every lower-cased name, so the names containing a term are exactly
-- those with a suffix starting with it: one range of a B-tree, read
-- without touching the requests, whatever the term's trigrams.
--
-- COLLATE "C" orders the suffixes by bytes, so "starts with t" is the
-- range t <= suffix < t with its last byte incremented, and that range
-- can use the index from a prepared statement (a LIKE pattern only can
-- when the planner sees its value).
--
-- Triggers keep the table, whatever writes the requests (the models,
-- seed-demo's COPY, a psql session), as statement-level triggers with
-- transition tables like the counts of migration 0022; they run as the
-- schema's owner and the app's role may only read the table.
CREATE TABLE vm_name_suffixes (
    suffix     text COLLATE "C" NOT NULL,
    request_id bigint NOT NULL
);

-- vm_name_suffixes_apply removes the suffixes of names a statement
-- removed or changed and adds those of names it added or changed. Rows
-- are found by their (suffix, request_id) key, so no second index is
-- needed.
CREATE FUNCTION vm_name_suffixes_apply() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO vm_name_suffixes (suffix, request_id)
        SELECT substr(n.vm_name_lower, i), n.id
        FROM new_rows n, generate_series(1, length(n.vm_name_lower)) i;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM vm_name_suffixes s
        USING old_rows o, generate_series(1, length(o.vm_name_lower)) i
        WHERE s.suffix = substr(o.vm_name_lower, i) AND s.request_id = o.id;
    ELSE
        DELETE FROM vm_name_suffixes s
        USING old_rows o JOIN new_rows n USING (id), generate_series(1, length(o.vm_name_lower)) i
        WHERE o.vm_name_lower IS DISTINCT FROM n.vm_name_lower
          AND s.suffix = substr(o.vm_name_lower, i) AND s.request_id = o.id;
        INSERT INTO vm_name_suffixes (suffix, request_id)
        SELECT substr(n.vm_name_lower, i), n.id
        FROM old_rows o JOIN new_rows n USING (id), generate_series(1, length(n.vm_name_lower)) i
        WHERE o.vm_name_lower IS DISTINCT FROM n.vm_name_lower;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER vm_name_suffixes_insert AFTER INSERT ON vm_requests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_name_suffixes_apply();
CREATE TRIGGER vm_name_suffixes_update AFTER UPDATE ON vm_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_name_suffixes_apply();
CREATE TRIGGER vm_name_suffixes_delete AFTER DELETE ON vm_requests
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_name_suffixes_apply();

-- Backfill from the requests already stored (creating the triggers has
-- locked out writers until this migration commits), then build the key in
-- one sort rather than entry by entry.
INSERT INTO vm_name_suffixes (suffix, request_id)
SELECT substr(vm_name_lower, i), id FROM vm_requests, generate_series(1, length(vm_name_lower)) i;
ALTER TABLE vm_name_suffixes ADD PRIMARY KEY (suffix, request_id);

-- Statistics now, so the first searches are planned from the real
-- distribution rather than from an empty table's defaults.
ANALYZE vm_name_suffixes;
