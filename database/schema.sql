-- VM Portal baseline schema (SPEC §3). Applied once by `init-db`, recorded in
-- schema_migrations as "0000_schema.sql"; later changes are files in
-- migrations/. Runs on PostgreSQL 15 and 16.

-- People who log in. Usernames are unique ignoring case.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    username      text        NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    full_name     text        NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    email         text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    password_hash text        NOT NULL CHECK (password_hash LIKE '$2%'),
    role          text        NOT NULL CHECK (role IN ('admin', 'user')),
    active        boolean     NOT NULL DEFAULT true,
    last_login_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- One request for a virtual machine, with the fields of the request form.
CREATE TABLE vm_requests (
    id                    bigserial PRIMARY KEY,
    vm_name               text        NOT NULL CHECK (vm_name ~ '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$'),
    requestor_name        text        NOT NULL CHECK (length(requestor_name) BETWEEN 1 AND 200),
    requestor_email       text        NOT NULL CHECK (length(requestor_email) BETWEEN 3 AND 254),
    primary_admin_name    text        NOT NULL CHECK (length(primary_admin_name) BETWEEN 1 AND 200),
    primary_admin_email   text        NOT NULL CHECK (length(primary_admin_email) BETWEEN 3 AND 254),
    secondary_admin_name  text        NOT NULL DEFAULT '' CHECK (length(secondary_admin_name) <= 200),
    secondary_admin_email text        NOT NULL DEFAULT '' CHECK (length(secondary_admin_email) <= 254),
    request_date          date        NOT NULL DEFAULT current_date,
    cpus                  integer     NOT NULL CHECK (cpus BETWEEN 1 AND 128),
    ram_gb                integer     NOT NULL CHECK (ram_gb BETWEEN 1 AND 4096),
    disk_gb               integer     NOT NULL CHECK (disk_gb BETWEEN 1 AND 65536),
    physical_location     text        NOT NULL CHECK (length(physical_location) BETWEEN 1 AND 200),
    virtual_host          text        NOT NULL CHECK (length(virtual_host) BETWEEN 1 AND 200),
    operating_system      text        NOT NULL CHECK (length(operating_system) BETWEEN 1 AND 200),
    backup_required       boolean     NOT NULL DEFAULT false,
    backup_frequency      text        NOT NULL DEFAULT '',
    notes                 text        NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    status                text        NOT NULL DEFAULT 'Pending'
                                      CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Active')),
    created_by_id         bigint      NOT NULL REFERENCES users (id),
    updated_by_id         bigint      NOT NULL REFERENCES users (id),
    decided_by_id         bigint      REFERENCES users (id),
    decided_at            timestamptz,
    decision_reason       text        NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 2000),
    version               integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- Secondary admin: both name and email, or neither.
    CONSTRAINT vm_requests_secondary_admin_pair
        CHECK ((secondary_admin_name = '') = (secondary_admin_email = '')),
    -- Backup frequency is required with a backup and empty without one.
    CONSTRAINT vm_requests_backup_frequency
        CHECK ((backup_required AND backup_frequency IN ('Daily', 'Weekly', 'Monthly'))
            OR (NOT backup_required AND backup_frequency = '')),
    -- A rejection always carries its reason.
    CONSTRAINT vm_requests_reject_reason
        CHECK (status <> 'Rejected' OR decision_reason <> '')
);
-- VM names are unique, ignoring case, among requests that are not Rejected.
CREATE UNIQUE INDEX vm_requests_vm_name_live_key ON vm_requests (lower(vm_name)) WHERE status <> 'Rejected';
-- "My requests, newest first" and "by status, newest first".
CREATE INDEX vm_requests_created_by_idx ON vm_requests (created_by_id, id DESC);
CREATE INDEX vm_requests_status_idx ON vm_requests (status, id DESC);

-- The VLANs of a request, in the order they were entered.
CREATE TABLE vm_vlans (
    id            bigserial PRIMARY KEY,
    vm_request_id bigint   NOT NULL REFERENCES vm_requests (id) ON DELETE CASCADE,
    position      smallint NOT NULL CHECK (position BETWEEN 0 AND 63),
    vlan_id       integer  NOT NULL CHECK (vlan_id BETWEEN 1 AND 4094),
    name          text     NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    CONSTRAINT vm_vlans_position_key UNIQUE (vm_request_id, position),
    CONSTRAINT vm_vlans_vlan_id_key UNIQUE (vm_request_id, vlan_id)
);

-- One row per change of a request: the original submission ("created") and
-- every later change ("updated"), with the full state before the change.
CREATE TABLE vm_history (
    id            bigserial PRIMARY KEY,
    vm_request_id bigint      NOT NULL REFERENCES vm_requests (id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('created', 'updated')),
    version       integer     NOT NULL CHECK (version >= 1),
    snapshot      jsonb       NOT NULL,
    changes       jsonb       NOT NULL DEFAULT '[]',
    changed_by_id bigint      REFERENCES users (id),
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT vm_history_version_key UNIQUE (vm_request_id, kind, version)
);

-- Every user action. Append-only: the triggers below refuse UPDATE, DELETE
-- and TRUNCATE, whoever asks.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint      REFERENCES users (id),
    actor_username text        NOT NULL DEFAULT '',
    action         text        NOT NULL CHECK (action ~ '^[a-z][a-z_.]*$'),
    object_type    text        NOT NULL DEFAULT '',
    object_id      text        NOT NULL DEFAULT '',
    details        jsonb       NOT NULL DEFAULT '{}',
    client_ip      inet,
    user_agent     text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Web sessions, in the layout github.com/gofiber/storage/postgres/v3 expects
-- (k = session id, v = gob-encoded data, e = expiry as Unix seconds).
CREATE TABLE sessions (
    k varchar(64) PRIMARY KEY NOT NULL DEFAULT '',
    v bytea       NOT NULL,
    e bigint      NOT NULL DEFAULT 0
);
CREATE INDEX sessions_e_idx ON sessions (e);

-- Failed-login counters of the login throttle, same layout as sessions.
CREATE TABLE login_throttle (
    k varchar(64) PRIMARY KEY NOT NULL DEFAULT '',
    v bytea       NOT NULL,
    e bigint      NOT NULL DEFAULT 0
);
CREATE INDEX login_throttle_e_idx ON login_throttle (e);
