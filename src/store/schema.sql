-- thema project schema, version 1. Every table has an integer `id` primary key
-- so the event log can record any row change as (table, id, before, after)
-- and undo/redo can replay it generically.

-- Every text ever imported, content-addressed and append-only: rows are
-- never updated or deleted, so events need not copy them (undoing an import
-- removes the documents row; redo points it at the same text again) and old
-- versions stay available after a re-import.
CREATE TABLE texts (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL                  -- normalized (LF, NFC)
);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,          -- the document id users see, e.g. P03
    text_id     INTEGER NOT NULL REFERENCES texts(id),
    sha256      TEXT NOT NULL,                 -- of the current text
    chars       INTEGER NOT NULL,              -- length in Unicode scalar values
    source      TEXT,                          -- path it was imported from
    imported_at TEXT NOT NULL
);

CREATE TABLE attributes (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    UNIQUE (document_id, key)
);

CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES codes(id),
    colour      TEXT,
    guid        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE excerpts (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,                 -- copy of the span, for re-anchoring
    orphan      INTEGER NOT NULL DEFAULT 0,
    coder       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (start <= end)
);
CREATE INDEX excerpts_by_document ON excerpts(document_id, start, end);

CREATE TABLE excerpt_codes (
    id          INTEGER PRIMARY KEY,
    excerpt_id  INTEGER NOT NULL REFERENCES excerpts(id),
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    coder       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (excerpt_id, code_id)
);
CREATE INDEX excerpt_codes_by_code ON excerpt_codes(code_id);

CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    definition  TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES themes(id),
    phase       TEXT NOT NULL DEFAULT 'candidate' CHECK (phase IN ('candidate', 'reviewed', 'defined')),
    position    INTEGER NOT NULL DEFAULT 0,
    guid        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE theme_codes (
    id          INTEGER PRIMARY KEY,
    theme_id    INTEGER NOT NULL REFERENCES themes(id),
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    UNIQUE (theme_id, code_id)
);
CREATE INDEX theme_codes_by_code ON theme_codes(code_id);

CREATE TABLE memos (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'code', 'theme', 'excerpt')),
    target_id   INTEGER NOT NULL,              -- 0 for the project memo
    text        TEXT NOT NULL,
    coder       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (target_kind, target_id)
);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    coder       TEXT NOT NULL,
    action      TEXT NOT NULL,                 -- e.g. code.apply, import, undo
    summary     TEXT NOT NULL,
    target      INTEGER REFERENCES events(id), -- for undo/redo
    changes     TEXT NOT NULL                  -- JSON [{table, id, before, after}]
);
