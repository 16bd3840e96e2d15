-- thema project schema, version 4: changes stored as rows, undo per coder.
--
-- Every row a change touched is one `event_rows` row with the row's image
-- before and after (JSON objects built by json_object over the table's columns
-- in schema order; NULL = the row did not exist). Undo and redo events copy
-- nothing: they point at the event they reverse or replay (`events.target`).
-- `undo_state` keeps each coder's undo and redo stacks current, so choosing
-- what to undo is one indexed lookup instead of a walk over the whole log.
-- (The data of the version 1 `events.changes` column moves here; see
-- store/migrate.rs.)

CREATE TABLE event_rows (
    event_id    INTEGER NOT NULL,              -- events(id), written at commit
    tbl         TEXT NOT NULL,
    row_id      INTEGER NOT NULL,
    before      TEXT,                          -- JSON image, NULL = absent
    after       TEXT,                          -- JSON image, NULL = absent
    PRIMARY KEY (event_id, tbl, row_id)
) WITHOUT ROWID;
-- The history of one row, and who changed it since an event (undo conflicts).
CREATE INDEX event_rows_by_row ON event_rows(tbl, row_id);

-- One row per change (not per undo/redo event). `state`: 'done' (on the undo
-- stack of `owner`), 'undone' (on the redo stack of `owner`, who undid it), or
-- 'dropped' (undone, and its redo history ended by a later change of that
-- coder). `pos` orders a stack: the id of the event that last moved it.
CREATE TABLE undo_state (
    event_id    INTEGER PRIMARY KEY,
    owner       TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('done', 'undone', 'dropped')),
    pos         INTEGER NOT NULL
);
CREATE INDEX undo_state_stack ON undo_state(owner, state, pos);
CREATE INDEX undo_state_any ON undo_state(state, pos);

CREATE INDEX events_by_target ON events(target);

-- The highest row id ever given out per table. New rows get the next one, so
-- an id is never reused after its row was deleted (or undone): a row id in
-- the log means one row for ever, and redoing a change cannot clash with a
-- different row that took its id in the meantime (what AUTOINCREMENT does,
-- without rebuilding the tables).
CREATE TABLE row_ids (
    tbl         TEXT PRIMARY KEY,
    last        INTEGER NOT NULL
) WITHOUT ROWID;
