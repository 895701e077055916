-- Schema 2: data-subject requests, and the register's deadline settings.

-- The points the law leaves open (shared/domain/gdpr-rules.md §1.7), per register.
ALTER TABLE organisation ADD COLUMN swedish_eves INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN strict_extension INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN id_model TEXT NOT NULL DEFAULT 'pause'
    CHECK (id_model IN ('pause', 'restart'));

-- Days the organisation is closed; they roll a deadline like a public holiday.
CREATE TABLE closure_days (
    day     TEXT PRIMARY KEY,
    reason  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE requests (
    id                       INTEGER PRIMARY KEY,
    reference                TEXT NOT NULL UNIQUE,
    subject_ref              TEXT NOT NULL CHECK (subject_ref <> ''),
    right_exercised          TEXT NOT NULL,
    received_on              TEXT NOT NULL,
    received_at              TEXT NOT NULL DEFAULT '',
    channel                  TEXT NOT NULL,
    representative           INTEGER NOT NULL DEFAULT 0,
    identity                 TEXT NOT NULL DEFAULT 'not_needed',
    identity_requested_on    TEXT,
    identity_verified_on     TEXT,
    status                   TEXT NOT NULL,
    extension_reason         TEXT NOT NULL DEFAULT '',
    extension_notice_sent_on TEXT,
    closed_on                TEXT,
    refusal_reason           TEXT NOT NULL DEFAULT '',
    informed_of_remedies     INTEGER NOT NULL DEFAULT 0,
    notes                    TEXT NOT NULL DEFAULT '',
    -- Derived by the deadline engine on every change, with the rule that produced
    -- them; an open pause is not counted here (the workbench adds it live).
    rule                     TEXT NOT NULL,
    rule_set                 TEXT NOT NULL,
    deadline                 TEXT NOT NULL,
    extension_notice_by      TEXT NOT NULL,
    extended_deadline        TEXT NOT NULL,
    -- The date that matters now: the extended deadline once extended.
    due_on                   TEXT NOT NULL,
    is_open                  INTEGER NOT NULL,
    search_text              TEXT NOT NULL DEFAULT '',
    revision                 INTEGER NOT NULL DEFAULT 1,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);

-- The list: open requests by how soon they are due, then closed ones.
CREATE INDEX requests_by_due ON requests (is_open DESC, due_on, id);

CREATE TABLE request_pauses (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('identity', 'clarification', 'fee')),
    requested_on  TEXT NOT NULL,
    answered_on   TEXT
);
CREATE INDEX request_pauses_by_request ON request_pauses (request_id);

-- Every change of every request, as the history an authority may ask for.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX request_events_by_request ON request_events (request_id, id);
