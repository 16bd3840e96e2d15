-- thema project schema, version 2: settings about the project file itself
-- (not analysis data: never logged as events, never undone). `demo` = 1 marks
-- a project built by `thema demo`, the only kind `demo --fresh` may replace.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
