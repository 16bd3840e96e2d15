-- thema project schema, version 8: excerpt counts kept per document and per
-- code, and an index of orphaned excerpts.
--
-- The workbench showed each document's and each code's number of excerpts
-- by counting every excerpt and every link when it opened (0.25 s each at a
-- million excerpts). These two tables keep the counts instead; the store's
-- write paths keep them right inside every change (store/counts.rs). They
-- are not logged: undo and redo move them along with the rows they restore.
-- Keys are not foreign keys: a document or code removed by an undo leaves a
-- row of zero behind, which reads the same as no row.
CREATE TABLE document_counts (
    document_id INTEGER PRIMARY KEY,
    excerpts    INTEGER NOT NULL
);
CREATE TABLE code_counts (
    code_id  INTEGER PRIMARY KEY,
    excerpts INTEGER NOT NULL
);

-- Orphaned excerpts are few; counting a theme's excerpts leaves them out,
-- which read every excerpt row (with its text) to find them.
CREATE INDEX excerpts_orphaned ON excerpts(id) WHERE orphan = 1;

-- Each change's count deltas (one row per document and code it changed,
-- `tbl` the counted row table), so undo and redo move the counts without
-- reading the rows they restore. A row with `tbl` '' marks an event whose
-- deltas are all here; events without one (logged before version 8, or
-- copied from another project's log by a merge) are counted row by row.
CREATE TABLE event_counts (
    event_id INTEGER NOT NULL,
    tbl      TEXT NOT NULL,
    key      INTEGER NOT NULL,
    delta    INTEGER NOT NULL,
    PRIMARY KEY (event_id, tbl, key)
) WITHOUT ROWID;
