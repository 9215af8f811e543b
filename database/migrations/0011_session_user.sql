-- The user a session is logged in as, beside its encoded data: the page
-- middleware reads the session and its user in one query (a join on this
-- column) instead of reading the session, decoding it, then reading the
-- user. No foreign key: users are deactivated, never deleted, and a
-- session of a missing user simply finds no one (and is ended).
ALTER TABLE sessions ADD COLUMN user_id bigint;
