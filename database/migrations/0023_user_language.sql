-- The language a user picked in the navbar (an i18n tag such as 'en' or
-- 'es'); empty until they pick one, and the browser's Accept-Language
-- decides. No list of tags here: adding a language is a catalog file, not
-- a migration.
ALTER TABLE users
    ADD COLUMN language text NOT NULL DEFAULT '' CHECK (language ~ '^([a-z]{2,3}(-[A-Za-z0-9]{2,8})?)?$');
