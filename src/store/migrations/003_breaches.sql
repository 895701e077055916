-- Schema 3: the personal-data breach register (GDPR Art. 33(5)) and notifications.
CREATE TABLE breaches (
    id                      INTEGER PRIMARY KEY,
    title                   TEXT NOT NULL CHECK (title <> ''),
    confidentiality         INTEGER NOT NULL DEFAULT 0,
    integrity               INTEGER NOT NULL DEFAULT 0,
    availability            INTEGER NOT NULL DEFAULT 0,
    detected_at             TEXT,
    -- The instant the clock starts, RFC 3339 UTC, and the zone it was given in.
    aware_at                TEXT NOT NULL,
    aware_zone              TEXT NOT NULL,
    awareness_rationale     TEXT NOT NULL DEFAULT '',
    occurred                TEXT NOT NULL DEFAULT '',
    ongoing                 INTEGER NOT NULL DEFAULT 0,
    cause                   TEXT NOT NULL,
    discovered_how          TEXT NOT NULL DEFAULT '',
    cyber_incident          INTEGER NOT NULL DEFAULT 0,
    processor_id            INTEGER REFERENCES processors (id) ON DELETE SET NULL,
    processor_told_us_at    TEXT,
    description             TEXT NOT NULL DEFAULT '',
    systems                 TEXT NOT NULL DEFAULT '',
    data_categories         TEXT NOT NULL DEFAULT '',
    special_categories      INTEGER NOT NULL DEFAULT 0,
    criminal_data           INTEGER NOT NULL DEFAULT 0,
    approx_records          INTEGER,
    approx_subjects         INTEGER,
    subject_categories      TEXT NOT NULL DEFAULT '',
    likely_consequences     TEXT NOT NULL DEFAULT '',
    risk_level              TEXT NOT NULL CHECK (risk_level IN ('none', 'risk', 'high')),
    risk_rationale          TEXT NOT NULL DEFAULT '',
    measures_before         TEXT NOT NULL DEFAULT '',
    containment             TEXT NOT NULL DEFAULT '',
    mitigation              TEXT NOT NULL DEFAULT '',
    not_notified_reasoning  TEXT NOT NULL DEFAULT '',
    art34_exception         TEXT NOT NULL DEFAULT 'none',
    art34_justification     TEXT NOT NULL DEFAULT '',
    subjects_told_at        TEXT,
    subjects_told_how       TEXT NOT NULL DEFAULT '',
    subjects_told_count     INTEGER,
    status                  TEXT NOT NULL CHECK (status IN ('open', 'assessed', 'notified', 'closed')),
    lessons_learned         TEXT NOT NULL DEFAULT '',
    -- Derived: awareness + 72 hours, RFC 3339 UTC (sorts as text).
    deadline_at             TEXT NOT NULL,
    is_open                 INTEGER NOT NULL,
    -- Open, a risk, and no notification yet: the clocks that still run come first.
    awaiting_notification   INTEGER NOT NULL DEFAULT 0,
    search_text             TEXT NOT NULL DEFAULT '',
    revision                INTEGER NOT NULL DEFAULT 1,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX breaches_by_urgency ON breaches (is_open DESC, awaiting_notification DESC, deadline_at, id);
CREATE INDEX breaches_by_processor ON breaches (processor_id);

CREATE TABLE breach_notifications (
    id            INTEGER PRIMARY KEY,
    breach_id     INTEGER NOT NULL REFERENCES breaches (id) ON DELETE CASCADE,
    authority     TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('initial', 'additional', 'final')),
    sent_at       TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    delay_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX breach_notifications_by_breach ON breach_notifications (breach_id, sent_at);
