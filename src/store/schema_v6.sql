-- thema project schema, version 6: curated quotes and reviewed privacy findings.
--
-- `quote_marks`: per excerpt, whether it is a key quote (shown first in
-- reports), excluded from reports, and an optional display version trimmed
-- with […] (checked to be ordered pieces of the excerpt, see text/trimmed.rs;
-- the excerpt itself stays whole). `check_reviews`: privacy findings
-- (`thema check`) the analyst accepted, by excerpt, rule and the flagged
-- words. Neither has a foreign key to `excerpts`, on purpose: they are
-- notes about an excerpt id, and row ids are never reused, so a note on a
-- deleted excerpt is inert and comes back into force if an undo restores the
-- excerpt; with a foreign key every path that deletes an excerpt would have
-- to delete its notes first. Both are event-logged like every table.

CREATE TABLE quote_marks (
    id          INTEGER PRIMARY KEY,
    excerpt_id  INTEGER NOT NULL UNIQUE,
    key_quote   INTEGER NOT NULL DEFAULT 0,
    excluded    INTEGER NOT NULL DEFAULT 0,
    display     TEXT
);

CREATE TABLE check_reviews (
    id          INTEGER PRIMARY KEY,
    excerpt_id  INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    words       TEXT NOT NULL,
    coder       TEXT NOT NULL,
    UNIQUE (excerpt_id, rule, words)
);
