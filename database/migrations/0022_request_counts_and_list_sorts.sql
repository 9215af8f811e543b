-- The dashboard's figures and the request list's sorts and filters.
--
-- 1. Two small summary tables hold how many requests there are per owner
--    and status, and per month (of the Request Date) and status, so the
--    dashboard reads a few dozen rows instead of counting a million.
--    Triggers on vm_requests keep them, whatever writes the requests (the
--    models, seed-demo's COPY, a psql session): statement-level triggers
--    with transition tables, so a COPY of 10,000 rows is one aggregated
--    upsert, not 10,000. The function runs as the schema's owner (SECURITY
--    DEFINER) and the app's role may only read the tables: the counts
--    cannot be written around the requests.
--
-- 2. Indexes for the list: every sortable column with id as tie-breaker
--    (one index serves both directions), the filters' columns.

CREATE TABLE vm_request_counts_by_owner (
    created_by_id bigint NOT NULL REFERENCES users (id),
    status        text   NOT NULL,
    -- No CHECK (n >= 0): an upsert checks the row it would insert (the
    -- delta, negative when a request leaves a status) before it finds
    -- the conflict.
    n             bigint NOT NULL,
    PRIMARY KEY (created_by_id, status)
);

CREATE TABLE vm_request_counts_by_month (
    month  date   NOT NULL CHECK (month = date_trunc('month', month)::date),
    status text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (month, status)
);

-- vm_request_counts_apply turns the statement's transition tables into
-- count changes (+1 for a row as it is now, -1 for a row as it was; an
-- update that leaves owner, status and Request Date alone changes
-- nothing) and adds them to both tables in one statement.
CREATE FUNCTION vm_request_counts_apply() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    owners   bigint[];
    statuses text[];
    months   date[];
    deltas   integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(created_by_id), array_agg(status), array_agg(date_trunc('month', request_date)::date),
               array_agg(1)
        INTO owners, statuses, months, deltas FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(created_by_id), array_agg(status), array_agg(date_trunc('month', request_date)::date),
               array_agg(-1)
        INTO owners, statuses, months, deltas FROM old_rows;
    ELSE
        SELECT array_agg(x.created_by_id), array_agg(x.status), array_agg(date_trunc('month', x.request_date)::date),
               array_agg(x.d)
        INTO owners, statuses, months, deltas
        FROM old_rows o JOIN new_rows n USING (id)
        CROSS JOIN LATERAL (VALUES (o.created_by_id, o.status, o.request_date, -1),
                                   (n.created_by_id, n.status, n.request_date, 1))
                           AS x (created_by_id, status, request_date, d)
        WHERE (o.created_by_id, o.status, o.request_date) IS DISTINCT FROM (n.created_by_id, n.status, n.request_date);
    END IF;
    IF owners IS NULL THEN
        RETURN NULL; -- nothing counted changed
    END IF;

    -- Counter rows are shared by every change of the same owner or month
    -- and stay locked until commit. Taking the audit chain's lock first
    -- (migration 0003; every change of a request writes an audit row
    -- under it anyway, so this serialises nothing more) gives all
    -- counter updates one order: two transactions cannot each hold a
    -- counter the other waits for.
    PERFORM pg_advisory_xact_lock(1635083369);

    WITH delta AS (
        SELECT * FROM unnest(owners, statuses, months, deltas) AS t (created_by_id, status, month, d)
    ), by_owner AS (
        INSERT INTO vm_request_counts_by_owner AS c (created_by_id, status, n)
        SELECT created_by_id, status, sum(d) FROM delta
        GROUP BY created_by_id, status HAVING sum(d) <> 0 ORDER BY created_by_id, status
        ON CONFLICT (created_by_id, status) DO UPDATE SET n = c.n + excluded.n
    )
    INSERT INTO vm_request_counts_by_month AS c (month, status, n)
    SELECT month, status, sum(d) FROM delta
    GROUP BY month, status HAVING sum(d) <> 0 ORDER BY month, status
    ON CONFLICT (month, status) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END $$;

CREATE TRIGGER vm_request_counts_insert AFTER INSERT ON vm_requests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_request_counts_apply();
CREATE TRIGGER vm_request_counts_update AFTER UPDATE ON vm_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_request_counts_apply();
CREATE TRIGGER vm_request_counts_delete AFTER DELETE ON vm_requests
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vm_request_counts_apply();

-- Backfill from the requests already stored.
INSERT INTO vm_request_counts_by_owner (created_by_id, status, n)
    SELECT created_by_id, status, count(*) FROM vm_requests GROUP BY created_by_id, status;
INSERT INTO vm_request_counts_by_month (month, status, n)
    SELECT date_trunc('month', request_date)::date, status, count(*) FROM vm_requests
    GROUP BY date_trunc('month', request_date)::date, status;

-- List sorts: the column, then id in the same direction (ascending or
-- descending, one index serves both). VM Name sorts ignoring case.
CREATE INDEX vm_requests_sort_name_idx ON vm_requests (vm_name_lower, id);
CREATE INDEX vm_requests_sort_date_idx ON vm_requests (request_date, id);
CREATE INDEX vm_requests_sort_cpus_idx ON vm_requests (cpus, id);
CREATE INDEX vm_requests_sort_ram_idx ON vm_requests (ram_gb, id);
CREATE INDEX vm_requests_sort_disk_idx ON vm_requests (disk_gb, id);
-- Sorting by Status uses vm_requests_status_idx (status, id DESC).

-- List filters: exact values of the suggested fields, newest first; the
-- Requestor filter matches the start of the name or email, ignoring case.
CREATE INDEX vm_requests_virtual_host_idx ON vm_requests (virtual_host, id);
CREATE INDEX vm_requests_physical_location_idx ON vm_requests (physical_location, id);
CREATE INDEX vm_requests_operating_system_idx ON vm_requests (operating_system, id);
CREATE INDEX vm_requests_requestor_name_idx ON vm_requests (lower(requestor_name) text_pattern_ops);
CREATE INDEX vm_requests_requestor_email_idx ON vm_requests (lower(requestor_email) text_pattern_ops);
