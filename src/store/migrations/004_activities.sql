-- Schema 4: records of processing activities (GDPR Art. 30(1)), the processor's
-- records per controller (Art. 30(2)), and the links to processors and breaches.
CREATE TABLE activities (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (name <> ''),
    purposes            TEXT NOT NULL DEFAULT '',
    owner               TEXT NOT NULL DEFAULT '',
    subject_categories  TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL DEFAULT '',
    other_recipients    TEXT NOT NULL DEFAULT '',
    other_transfers     TEXT NOT NULL DEFAULT '',
    measures            TEXT NOT NULL DEFAULT '',
    -- The nine WP248 criteria as nine 0/1 digits, in the order of domain::activity::DPIA_CRITERIA.
    dpia_criteria       TEXT NOT NULL DEFAULT '000000000' CHECK (length(dpia_criteria) = 9),
    dpia_reference      TEXT NOT NULL DEFAULT '',
    dpia_date           TEXT,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'retired')),
    last_reviewed       TEXT,
    -- Derived: how many Art. 30(1) points the record lacks (0 = complete), kept
    -- current on every write and whenever the organisation record changes.
    missing_points      INTEGER NOT NULL DEFAULT 0,
    search_text         TEXT NOT NULL DEFAULT '',
    revision            INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX activities_by_name ON activities (name COLLATE NOCASE, id);

-- Art. 30(1)(c) and (f): each category of data with its own retention.
CREATE TABLE activity_data_categories (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL CHECK (name <> ''),
    special      TEXT,
    criminal     INTEGER NOT NULL DEFAULT 0,
    retention    TEXT
);
CREATE INDEX activity_data_categories_by_activity ON activity_data_categories (activity_id, position);

-- Art. 6(1), 9(2) and 10 per purpose.
CREATE TABLE activity_bases (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    purpose         TEXT NOT NULL DEFAULT '',
    art6            TEXT NOT NULL,
    art9            TEXT,
    art10_basis     TEXT NOT NULL DEFAULT '',
    justification   TEXT NOT NULL DEFAULT '',
    consent_record  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_bases_by_activity ON activity_bases (activity_id, position);

-- Art. 30(1)(d): the processors that receive the data.
CREATE TABLE activity_processors (
    activity_id   INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    processor_id  INTEGER NOT NULL REFERENCES processors (id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, processor_id)
);
CREATE INDEX activity_processors_by_processor ON activity_processors (processor_id);

-- Art. 30(2): what the organisation does as a processor, per controller.
CREATE TABLE processor_records (
    id                     INTEGER PRIMARY KEY,
    controller_name        TEXT NOT NULL CHECK (controller_name <> ''),
    controller_contact     TEXT NOT NULL DEFAULT '',
    representative         TEXT NOT NULL DEFAULT '',
    controller_dpo         TEXT NOT NULL DEFAULT '',
    processing_categories  TEXT NOT NULL DEFAULT '',
    transfers              TEXT NOT NULL DEFAULT '',
    measures               TEXT NOT NULL DEFAULT '',
    -- Lower-cased controller, contact and categories, for the list filter.
    search_text            TEXT NOT NULL DEFAULT '',
    revision               INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);

-- The activities a breach affected (Art. 33(5) record).
CREATE TABLE breach_activities (
    breach_id    INTEGER NOT NULL REFERENCES breaches (id) ON DELETE CASCADE,
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    PRIMARY KEY (breach_id, activity_id)
);
CREATE INDEX breach_activities_by_activity ON breach_activities (activity_id);
