-- Directory login (LDAP / Active Directory): source tells where an account
-- authenticates. 'local' accounts have a bcrypt hash; 'directory' accounts
-- are created at their first directory login, prove their password to the
-- directory only, and so have none (an empty hash that no comparison
-- accepts).
ALTER TABLE users ADD COLUMN source text NOT NULL DEFAULT 'local'
    CHECK (source IN ('local', 'directory'));
ALTER TABLE users DROP CONSTRAINT users_password_hash_check;
ALTER TABLE users ADD CONSTRAINT users_password_hash_check
    CHECK ((source = 'local' AND password_hash LIKE '$2%')
        OR (source = 'directory' AND password_hash = ''));
