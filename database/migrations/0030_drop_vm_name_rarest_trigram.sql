-- The name search picks the rarest trigram of a term in the app, from
-- the same statistics, read once a minute (models/name_trigrams.go):
-- the function of migration 0026 read them on every search, 0.6–1.3 ms
-- of the database's time per call.
DROP FUNCTION IF EXISTS vm_name_rarest_trigram(text);
