-- thema project schema, version 5: codebook fields from practice.
--
-- A code may carry, besides its description, a short definition, when to
-- use it, when not to, and examples (MacQueen et al. 1998's codebook
-- structure; `examples` is a JSON array of strings). `codable = 0` marks a
-- category that only groups codes (REFI-QDA `isCodable="false"`): it cannot
-- be applied to text. `position` keeps the order a codebook file gave its
-- codes (NULL: created in thema, sorted by name after the ordered ones).
-- Event images of codes written before this version gain the new columns
-- with their defaults (see store/migrate.rs), so undo keeps comparing equal
-- strings.

ALTER TABLE codes ADD COLUMN definition   TEXT    NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN use_when     TEXT    NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN not_use_when TEXT    NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN examples     TEXT    NOT NULL DEFAULT '[]';
ALTER TABLE codes ADD COLUMN codable      INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codes ADD COLUMN position     INTEGER;
