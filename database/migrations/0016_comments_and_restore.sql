-- Comments on a request: the conversation between its requestor and the
-- admins, oldest first. A comment is a record like the history: the app
-- may add and read them (database/grants.go), never change or remove one.
CREATE TABLE vm_comments (
    id         bigserial PRIMARY KEY,
    request_id bigint      NOT NULL REFERENCES vm_requests (id) ON DELETE CASCADE,
    author_id  bigint      NOT NULL REFERENCES users (id),
    body       text        NOT NULL CHECK (body ~ '[^[:space:]]' AND char_length(body) <= 5000),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- The detail page reads a request's comments in order.
CREATE INDEX vm_comments_request_id_idx ON vm_comments (request_id, id);

-- A change that restored an earlier version says which one; ordinary
-- changes and rows written before this migration keep NULL.
ALTER TABLE vm_history
    ADD COLUMN restored_from integer CONSTRAINT vm_history_restored_from_check
        CHECK (restored_from IS NULL OR (kind = 'updated' AND restored_from BETWEEN 1 AND version));
