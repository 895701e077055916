-- Processor agreements (Art. 28 contracts), their clause checklist, transfers
-- (Chapter V) and sub-processor change notices. Codes are checked by the domain
-- enums; the constraints here keep a hand-edited file from lying.

CREATE TABLE dpas (
    id               INTEGER PRIMARY KEY,
    processor_id     INTEGER NOT NULL REFERENCES processors (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('not_started', 'requested', 'in_negotiation',
                                                     'signed', 'superseded', 'terminated')),
    version          TEXT NOT NULL DEFAULT '',
    signed_on        TEXT,
    effective_on     TEXT,
    review_on        TEXT,
    -- Path or URL of the signed document.
    document         TEXT NOT NULL DEFAULT '',
    -- SHA-256 (hex) of the document when it was a local file at the last save.
    document_sha256  TEXT,
    authorisation    TEXT NOT NULL DEFAULT 'specific' CHECK (authorisation IN ('specific', 'general')),
    notice_days      INTEGER CHECK (notice_days IS NULL OR notice_days >= 0),
    -- The agreement in force; earlier ones stay for the record.
    is_current       INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
    revision         INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (review_on IS NULL OR signed_on IS NULL OR review_on >= signed_on)
);

CREATE UNIQUE INDEX dpas_one_current ON dpas (processor_id) WHERE is_current = 1;
CREATE INDEX dpas_by_review ON dpas (review_on) WHERE is_current = 1;

CREATE TABLE dpa_clauses (
    dpa_id  INTEGER NOT NULL REFERENCES dpas (id) ON DELETE CASCADE,
    clause  TEXT NOT NULL,
    state   TEXT NOT NULL CHECK (state IN ('missing', 'present', 'not_applicable')),
    note    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (dpa_id, clause)
);

CREATE TABLE transfers (
    id             INTEGER PRIMARY KEY,
    processor_id   INTEGER NOT NULL REFERENCES processors (id) ON DELETE CASCADE,
    country        TEXT NOT NULL CHECK (length(country) = 2),
    tool           TEXT NOT NULL,
    dpf_certified  INTEGER NOT NULL DEFAULT 0 CHECK (dpf_certified IN (0, 1)),
    regular        INTEGER NOT NULL DEFAULT 1 CHECK (regular IN (0, 1)),
    tia_reference  TEXT NOT NULL DEFAULT '',
    tia_date       TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE INDEX transfers_by_processor ON transfers (processor_id);

CREATE TABLE change_notices (
    id              INTEGER PRIMARY KEY,
    processor_id    INTEGER NOT NULL REFERENCES processors (id) ON DELETE CASCADE,
    received_on     TEXT NOT NULL,
    -- The sub-processor added or replaced, as the notice names it.
    sub_processor   TEXT NOT NULL CHECK (sub_processor <> ''),
    description     TEXT NOT NULL DEFAULT '',
    -- Copied from the agreement when the notice is recorded: the period that applied.
    notice_days     INTEGER NOT NULL CHECK (notice_days >= 0),
    objection_deadline TEXT NOT NULL,
    decision        TEXT NOT NULL DEFAULT 'pending'
                    CHECK (decision IN ('pending', 'accepted', 'objected', 'lapsed')),
    decided_on      TEXT,
    note            TEXT NOT NULL DEFAULT '',
    revision        INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX change_notices_open ON change_notices (objection_deadline) WHERE decision = 'pending';
