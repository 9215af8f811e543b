-- The history of a request cannot be skipped, by any path: GORM with or
-- without hooks, raw SQL, or a psql session. The database itself checks,
-- in the writing transaction, that
--   * every UPDATE of a request bumps its version by exactly one;
--   * every new request has its "created" history row, and every change
--     its "updated" row for the version it replaced, written in the same
--     transaction (checked at commit, as the models write the history
--     after the change);
--   * every "updated" history row belongs to a change of that version;
--   * VLANs change only together with a history row of their request;
--   * history rows, once written, are never updated or deleted.
-- Only a superuser (session_replication_role) or the tables' owner
-- (DISABLE TRIGGER) can switch this off; the app's runtime role is neither.

-- The transaction that wrote each history row, stamped by a trigger so it
-- cannot be forged. pg_current_xact_id() is the top-level transaction even
-- inside a savepoint. Rows written before this migration keep NULL.
ALTER TABLE vm_history ADD COLUMN xact_id xid8;

CREATE FUNCTION vm_history_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.xact_id := pg_current_xact_id();
    RETURN NEW;
END;
$$;
CREATE TRIGGER vm_history_stamp BEFORE INSERT ON vm_history
    FOR EACH ROW EXECUTE FUNCTION vm_history_stamp();

-- written_now reports whether this transaction wrote a history row for
-- request req (of kind and version, when given).
CREATE FUNCTION vm_history_written_now(req bigint, k text, v integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM vm_history
        WHERE vm_request_id = req AND (k IS NULL OR kind = k) AND (v IS NULL OR version = v)
          AND xact_id = pg_current_xact_id())
$$;

CREATE FUNCTION append_only_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER vm_history_no_update_delete BEFORE UPDATE OR DELETE ON vm_history
    FOR EACH ROW EXECUTE FUNCTION append_only_refuse();
CREATE TRIGGER vm_history_no_truncate BEFORE TRUNCATE ON vm_history
    FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse();

-- vm_history_require raises msg unless ok: the one way the checks below
-- refuse a change.
CREATE FUNCTION vm_history_require(ok boolean, msg text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT coalesce(ok, false) THEN
        RAISE EXCEPTION '%', msg USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END;
$$;

-- Immediately: the version moves by one and the id stays.
CREATE FUNCTION vm_requests_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM vm_history_require(NEW.id = OLD.id AND NEW.version = OLD.version + 1,
        format('vm_requests %s: a change must move version %s to %s (save through the models, which write the history)',
            OLD.id, OLD.version, OLD.version + 1));
    RETURN NEW;
END;
$$;
CREATE TRIGGER vm_requests_bump_version BEFORE UPDATE ON vm_requests
    FOR EACH ROW EXECUTE FUNCTION vm_requests_bump_version();

-- At commit: the history row of each insert and change is there.
CREATE FUNCTION vm_requests_check_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM vm_history_require(vm_history_written_now(NEW.id, 'created', NULL),
            format('vm_requests %s: created without its "created" history row', NEW.id));
    ELSE
        PERFORM vm_history_require(vm_history_written_now(OLD.id, 'updated', OLD.version),
            format('vm_requests %s: version %s replaced without its history row', OLD.id, OLD.version));
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER vm_requests_history_written AFTER INSERT OR UPDATE ON vm_requests
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION vm_requests_check_history();

-- At commit: an "updated" row records a version its request has left, so
-- a forged row cannot stand in for a change (nor block the real one).
CREATE FUNCTION vm_history_check_request() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM vm_history_require(NEW.kind <> 'updated' OR EXISTS (
            SELECT 1 FROM vm_requests WHERE id = NEW.vm_request_id AND version > NEW.version),
        format('vm_history: request %s did not leave version %s', NEW.vm_request_id, NEW.version));
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER vm_history_matches_request AFTER INSERT ON vm_history
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION vm_history_check_request();

-- At commit: VLANs changed only in a transaction that wrote their
-- request's history (its creation or a version bump, checked above); for
-- an UPDATE, of the request they left and the one they joined.
CREATE FUNCTION vm_vlans_check_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    req bigint;
BEGIN
    FOREACH req IN ARRAY ARRAY[CASE WHEN TG_OP <> 'DELETE' THEN NEW.vm_request_id END,
                               CASE WHEN TG_OP <> 'INSERT' THEN OLD.vm_request_id END] LOOP
        PERFORM vm_history_require(req IS NULL OR vm_history_written_now(req, NULL, NULL),
            format('vm_vlans: VLANs of request %s changed without its history', req));
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER vm_vlans_history_written AFTER INSERT OR UPDATE OR DELETE ON vm_vlans
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION vm_vlans_check_history();
