-- Tamper-evident audit trail: every row stores the SHA-256 of its own
-- content together with the previous row's hash, so altering or removing a
-- row breaks the chain from that row on (`vmportal verify-audit` finds it).
--
-- The hash is computed by a BEFORE INSERT trigger inside the writing
-- transaction, so no code path can write an unchained row. Writers are
-- serialised by a transaction-level advisory lock held until commit, and the
-- row id is assigned under that lock: ids follow chain order even when
-- transactions commit in a different order than they started.

ALTER TABLE audit_log ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;

-- The canonical content of a row: every column but the hashes, as text,
-- separated by the unit separator (0x1f), timestamps in UTC with
-- microseconds. jsonb's text form is normalised, so equal details hash
-- equally.
CREATE FUNCTION audit_log_row_hash(prev bytea, r audit_log) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(coalesce(prev, ''::bytea) || convert_to(concat_ws(chr(31),
        r.id::text,
        to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(r.actor_id::text, ''),
        r.actor_username,
        r.action,
        r.object_type,
        r.object_id,
        r.details::text,
        coalesce(host(r.client_ip), ''),
        r.user_agent), 'UTF8'))
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A snapshot older than the lock would miss the row committed just
    -- before and fork the chain.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit_log rows must be written in READ COMMITTED transactions';
    END IF;
    PERFORM pg_advisory_xact_lock(1635083369); -- "audi"
    NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
    SELECT hash INTO NEW.prev_hash FROM audit_log ORDER BY id DESC LIMIT 1;
    NEW.hash := audit_log_row_hash(NEW.prev_hash, NEW);
    RETURN NEW;
END;
$$;

-- Chain the rows written before this migration, in id order.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
DO $$
DECLARE
    r audit_log;
    prev bytea;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        UPDATE audit_log SET prev_hash = prev, hash = audit_log_row_hash(prev, r) WHERE id = r.id
            RETURNING hash INTO prev;
    END LOOP;
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;

ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL;
-- The trigger assigns ids; a column default would only burn sequence values.
ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Filter by user name (failed logins have no actor id, only the name tried).
CREATE INDEX audit_log_actor_username_idx ON audit_log (lower(actor_username), id DESC);
