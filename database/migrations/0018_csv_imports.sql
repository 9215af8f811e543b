-- Request imports: an uploaded CSV file is kept here between its preview
-- and the admin's click on "Import N requests", so it is not uploaded
-- twice. At most one per admin (the app replaces it on each upload) and
-- none older than a day (dropped on the next upload); the size CHECK
-- repeats the app's 5 MB limit.
CREATE TABLE csv_imports (
    id         bigserial   PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content    bytea       NOT NULL CHECK (octet_length(content) <= 5242880),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX csv_imports_user_idx ON csv_imports (user_id);
CREATE INDEX csv_imports_created_idx ON csv_imports (created_at);
