-- Finer statistics for vm_name_lower: with the default sample, the
-- estimated share of names matching a search swings between ~1% and ~0.01%
-- from one ANALYZE to the next, and with the low estimate the planner reads
-- every match through the trigram index (tens of ms at a million requests)
-- instead of walking the newest ids (a few ms). With 1,000 the estimate
-- stays close to the truth.
ALTER TABLE vm_requests ALTER COLUMN vm_name_lower SET STATISTICS 1000;
