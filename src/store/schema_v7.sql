-- thema project schema, version 7: fingerprints for undo's check, indexed
-- GUID and name lookups.
--
-- `before_hash` / `after_hash` hold the fingerprint of each stored image
-- (store/fingerprint.rs); undo compares a row's fingerprint with them instead
-- of building its JSON image. Rows logged before version 7 have NULL here and
-- are compared by their images, as before. A later migration that adds a column
-- to a logged table must set these to NULL for that table's rows (their rows
-- then no longer hash as they did) and add the column to the images.
ALTER TABLE event_rows ADD COLUMN before_hash INTEGER;
ALTER TABLE event_rows ADD COLUMN after_hash INTEGER;

-- A new code or theme checks that its GUID is free, and a name is looked up
-- without case: both compared through lower(), which the UNIQUE indexes on
-- the exact values cannot serve (creating 10,000 codes scanned the table
-- 10,000 times).
CREATE INDEX codes_by_guid ON codes(lower(guid));
CREATE INDEX themes_by_guid ON themes(lower(guid));
CREATE INDEX codes_by_lower_name ON codes(lower(name));
CREATE INDEX themes_by_lower_name ON themes(lower(name));
CREATE INDEX documents_by_lower_name ON documents(lower(name));
