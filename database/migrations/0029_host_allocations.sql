-- What each host's Approved and Active requests take of it, kept rather
-- than summed on every view: /hosts and an admin's dashboard summed every
-- registered host's requests (index-only since 0028, but still 75 ms a
-- view at a million requests), the detail page and every capacity check
-- one host's. Keyed by the host's name as requests name it, ignoring case
-- (lower(virtual_host)), as the sums matched it; a request naming a host
-- not registered is counted too and shows once the host is.
--
-- Kept like the dashboard's counts (0022): statement-level triggers with
-- transition tables turn a statement's rows into one upsert per host it
-- touched, in the statement's transaction, as the schema's owner
-- (SECURITY DEFINER); the app's role may only read the table. An update
-- that leaves a request's host, status and sizes alone, or moves it
-- between two statuses that both count, touches nothing.
CREATE TABLE host_allocations (
    host    text   PRIMARY KEY, -- lower(virtual_host)
    cpus    bigint NOT NULL,
    ram_gb  bigint NOT NULL,
    disk_gb bigint NOT NULL
);

CREATE FUNCTION host_allocations_apply() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    hosts  text[];
    cpus   bigint[];
    rams   bigint[];
    disks  bigint[];
BEGIN
    -- Each row's contribution: its sizes, with the sign of "as it is now"
    -- (+) or "as it was" (-), when its status counts.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(lower(n.virtual_host)), array_agg(n.cpus::bigint), array_agg(n.ram_gb::bigint), array_agg(n.disk_gb::bigint)
        INTO hosts, cpus, rams, disks
        FROM new_rows n WHERE n.status IN ('Approved', 'Active');
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(lower(o.virtual_host)), array_agg(-o.cpus::bigint), array_agg(-o.ram_gb::bigint), array_agg(-o.disk_gb::bigint)
        INTO hosts, cpus, rams, disks
        FROM old_rows o WHERE o.status IN ('Approved', 'Active');
    ELSE
        SELECT array_agg(x.host), array_agg(x.cpus), array_agg(x.ram_gb), array_agg(x.disk_gb)
        INTO hosts, cpus, rams, disks
        FROM old_rows o JOIN new_rows n USING (id)
        CROSS JOIN LATERAL (VALUES
            (lower(o.virtual_host), -o.cpus::bigint, -o.ram_gb::bigint, -o.disk_gb::bigint, o.status IN ('Approved', 'Active')),
            (lower(n.virtual_host), n.cpus::bigint, n.ram_gb::bigint, n.disk_gb::bigint, n.status IN ('Approved', 'Active')))
            AS x (host, cpus, ram_gb, disk_gb, counts)
        WHERE x.counts
          AND (lower(o.virtual_host), o.status IN ('Approved', 'Active'), o.cpus, o.ram_gb, o.disk_gb)
              IS DISTINCT FROM (lower(n.virtual_host), n.status IN ('Approved', 'Active'), n.cpus, n.ram_gb, n.disk_gb);
    END IF;
    IF hosts IS NULL THEN
        RETURN NULL; -- nothing that counts changed
    END IF;

    -- The counts' order (0022): the audit chain's lock first, so that two
    -- transactions cannot each hold a row the other waits for.
    PERFORM pg_advisory_xact_lock(1635083369);

    INSERT INTO host_allocations AS a (host, cpus, ram_gb, disk_gb)
    SELECT t.host, sum(t.cpus), sum(t.ram_gb), sum(t.disk_gb)
    FROM unnest(hosts, cpus, rams, disks) AS t (host, cpus, ram_gb, disk_gb)
    GROUP BY t.host HAVING sum(t.cpus) <> 0 OR sum(t.ram_gb) <> 0 OR sum(t.disk_gb) <> 0
    ORDER BY t.host
    ON CONFLICT (host) DO UPDATE
        SET cpus = a.cpus + excluded.cpus, ram_gb = a.ram_gb + excluded.ram_gb, disk_gb = a.disk_gb + excluded.disk_gb;
    RETURN NULL;
END $$;

CREATE TRIGGER host_allocations_insert AFTER INSERT ON vm_requests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION host_allocations_apply();
CREATE TRIGGER host_allocations_update AFTER UPDATE ON vm_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION host_allocations_apply();
CREATE TRIGGER host_allocations_delete AFTER DELETE ON vm_requests
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION host_allocations_apply();

-- Backfill from the requests already stored.
INSERT INTO host_allocations (host, cpus, ram_gb, disk_gb)
    SELECT lower(virtual_host), sum(cpus), sum(ram_gb), sum(disk_gb) FROM vm_requests
    WHERE status IN ('Approved', 'Active') GROUP BY lower(virtual_host);

-- The sums no longer read the requests: the index that answered them
-- (0020, 0028) only slows the writes down.
DROP INDEX vm_requests_host_allocation_idx;
