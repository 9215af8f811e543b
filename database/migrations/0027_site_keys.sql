-- Keys the app signs with, the same for every instance on the database.
--
-- 'anonymous_sessions' signs the ids of anonymous sessions the app does
-- not store, and derives their CSRF tokens (app/web/anonymous.go): a
-- visitor who only opens the login page costs no write. Every instance
-- behind the balancer reads the same key, so a login form served by one
-- can be posted to another.
--
-- The key comes from PostgreSQL's strong random source (two version-4
-- UUIDs: 244 random bits). The app's role may only read it. Replacing it
-- (docs/DEPLOY.md) only makes open login forms ask to be sent again.
CREATE TABLE site_keys (
    name text PRIMARY KEY,
    key  bytea NOT NULL CHECK (octet_length(key) >= 30)
);
INSERT INTO site_keys (name, key) VALUES ('anonymous_sessions',
    decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
