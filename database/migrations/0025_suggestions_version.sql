-- A version of the forms' suggestions, read with every session.
--
-- The request list's filter form and the request form offer the values
-- already used (vm_suggestions) and the registered hosts. Those change
-- rarely: a value used for the first time, a host registered, edited or
-- retired. The app keeps them in memory and reads them again only when
-- this version has moved; the session's read, which every page makes
-- anyway, returns it, so keeping them costs no statement, and an instance
-- sees another instance's change on its next page.
--
-- Triggers move the version in the same transaction as the change, so a
-- page that sees the new version also sees the change. They run as the
-- schema's owner; the app's role may only read the table.
CREATE TABLE data_versions (
    name    text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_versions (name) VALUES ('suggestions');

CREATE FUNCTION data_versions_bump() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END $$;

-- Row level on vm_suggestions: a save's INSERT … ON CONFLICT DO NOTHING
-- fires it only for a value never used before, so an ordinary save
-- neither writes nor waits for the version's row.
CREATE TRIGGER vm_suggestions_version AFTER INSERT OR UPDATE OR DELETE ON vm_suggestions
    FOR EACH ROW EXECUTE FUNCTION data_versions_bump('suggestions');
CREATE TRIGGER vm_suggestions_truncate_version AFTER TRUNCATE ON vm_suggestions
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump('suggestions');
CREATE TRIGGER virtual_hosts_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON virtual_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump('suggestions');
