-- Art. 26: an activity may have joint controllers, each with its contact
-- details (Art. 30(1)(a)), the reference and date of the arrangement that
-- sets out their respective duties, and who answers the data subjects.
CREATE TABLE activity_joint_controllers (
    id                INTEGER PRIMARY KEY,
    activity_id       INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL CHECK (name <> ''),
    contact           TEXT NOT NULL DEFAULT '',
    arrangement       TEXT NOT NULL DEFAULT '',
    arrangement_date  TEXT,
    answers           TEXT NOT NULL CHECK (answers IN ('us', 'them', 'each'))
);
CREATE INDEX activity_joint_controllers_by_activity
    ON activity_joint_controllers (activity_id, position);
