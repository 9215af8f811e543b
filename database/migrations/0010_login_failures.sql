-- Failed password checks per throttle key ("user:<hash>", "ip:<address>")
-- in the current window. One row per key, counted with an atomic upsert so
-- concurrent failures are never lost; successful logins never touch it.
-- throttle_audited remembers that a refused attempt was already audited in
-- this window, so a flood of refused attempts writes one audit row per key
-- and window, not one per attempt.
CREATE TABLE login_failures (
    k                text        PRIMARY KEY,
    failures         integer     NOT NULL CHECK (failures >= 1),
    window_ends_at   timestamptz NOT NULL,
    throttle_audited boolean     NOT NULL DEFAULT false
);
CREATE INDEX login_failures_window_ends_at_idx ON login_failures (window_ends_at);
