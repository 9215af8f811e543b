-- Case-insensitive substring search on VM names ("Search by VM name"),
-- fast at a million rows: a trigram GIN index serves
-- lower(vm_name) LIKE '%…%'. pg_trgm ships with PostgreSQL and is a trusted
-- extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX vm_requests_vm_name_trgm_idx ON vm_requests USING gin (lower(vm_name) gin_trgm_ops);
