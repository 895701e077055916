-- Schema 6: the change journal (Art. 5(2) accountability). Every insert,
-- update and delete of a register table adds an entry, in the same
-- transaction, through triggers the workbench installs for each table
-- (store/journal.rs). Each entry carries the SHA-256 of the previous entry's
-- hash and its own content, so an edited entry breaks the chain.
CREATE TABLE journal (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,              -- UTC, milliseconds
    actor      TEXT NOT NULL,              -- configured name, else the OS user
    via        TEXT NOT NULL,              -- tui, cli, import, migration
    tbl        TEXT NOT NULL,
    record_id  INTEGER NOT NULL,           -- the row's rowid
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'baseline')),
    before     TEXT,                       -- the row as JSON, NULL for an insert
    after      TEXT,                       -- the row as JSON, NULL for a delete
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE INDEX journal_by_record ON journal (tbl, record_id, seq);

-- Entries are never changed or removed by the workbench.
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;

CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
