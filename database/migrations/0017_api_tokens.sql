-- Personal access tokens for the REST API. Only the SHA-256 of a token is
-- stored (a token is 32 random bytes, so a plain hash cannot be guessed
-- back); prefix is its first characters, shown in the list so a person can
-- tell their tokens apart. A token is never deleted: revoking stamps
-- revoked_at, so the audit trail's references stay meaningful. last_used_*
-- are refreshed at most once a minute, or when the address changes.
CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    prefix       text        NOT NULL CHECK (length(prefix) BETWEEN 1 AND 16),
    scope        text        NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    last_used_ip inet,
    revoked_at   timestamptz
);

-- The token page lists a user's tokens, newest first.
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id DESC);
