-- Schema 1: the organisation the register belongs to, and its processors.
CREATE TABLE organisation (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT NOT NULL CHECK (name <> ''),
    org_number    TEXT NOT NULL DEFAULT '',
    jurisdiction  TEXT NOT NULL DEFAULT '',
    time_zone     TEXT NOT NULL DEFAULT 'UTC',
    role          TEXT NOT NULL CHECK (role IN ('controller', 'processor', 'both')),
    dpo_name      TEXT NOT NULL DEFAULT '',
    dpo_email     TEXT NOT NULL DEFAULT '',
    dpo_phone     TEXT NOT NULL DEFAULT '',
    -- Raised by every update: a save based on an older revision is refused
    -- instead of silently overwriting what another window saved meanwhile.
    revision      INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE processors (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (name <> ''),
    org_number    TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL CHECK (length(country) = 2),
    address       TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    service       TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('processor', 'sub_processor', 'joint_controller',
                                                'independent_controller', 'other_recipient')),
    parent_id     INTEGER REFERENCES processors (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    notes         TEXT NOT NULL DEFAULT '',
    -- Lower-cased (Unicode-aware, by the store) text the list filter searches.
    search_text   TEXT NOT NULL DEFAULT '',
    revision      INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((role = 'sub_processor') = (parent_id IS NOT NULL))
);

CREATE INDEX processors_by_name ON processors (name COLLATE NOCASE, id);
CREATE INDEX processors_by_parent ON processors (parent_id);
