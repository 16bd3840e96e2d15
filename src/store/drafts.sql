-- Migration 3: unsaved editor text (memos, theme definitions), written while
-- typing so a killed terminal loses nothing. Not part of the event log: a
-- draft is not a change to the study until it is saved, and then it goes.
CREATE TABLE drafts (
    coder      TEXT NOT NULL,
    target     TEXT NOT NULL,                  -- e.g. memo/document/P01, definition/Lage pakkans
    label      TEXT NOT NULL,                  -- how the workbench names it
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (coder, target)
);
