-- sessions_revoked_at: sessions that logged in before this moment are no
-- longer accepted (set when a password changes or is reset).
-- uses_default_password: the account still has the initial password, so
-- admins see a warning banner until it is changed.
ALTER TABLE users
    ADD COLUMN sessions_revoked_at timestamptz,
    ADD COLUMN uses_default_password boolean NOT NULL DEFAULT false;
