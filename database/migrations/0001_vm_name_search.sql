-- Case-insensitive substring search on VM names ("Search by VM name"),
-- fast at a million rows.
--
-- vm_name_lower keeps lower(vm_name), computed by the database on write:
-- calling lower() on every row a search passes costs three times as much
-- as the rest of the scan. A trigram GIN index on it serves
-- vm_name_lower LIKE '%…%' when few names match; when many match, walking
-- the newest ids and testing the stored column finds a page quickly.
-- pg_trgm ships with PostgreSQL and is a trusted extension, so the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE vm_requests ADD COLUMN vm_name_lower text GENERATED ALWAYS AS (lower(vm_name)) STORED;
CREATE INDEX vm_requests_vm_name_trgm_idx ON vm_requests USING gin (vm_name_lower gin_trgm_ops);
