-- Schema 21: a register pulled from a team's server (`dpo pull`) is a
-- read-only copy for travel. This row says where it came from, when, and the
-- journal entry it holds the register as of; a register with it is opened
-- read-only. Not journaled: it describes the copy, not the register.
CREATE TABLE pulled_from (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    address       TEXT NOT NULL,
    pulled_at     TEXT NOT NULL,
    journal_seq   INTEGER NOT NULL,
    journal_hash  TEXT NOT NULL
);
