-- Acting as processor (Art. 28, 30(2), 33(2)): a breach may be linked to the
-- Art. 30(2) record of the controller it happened for; the organisation then
-- tells that controller without undue delay, and records when and how. The
-- contract with a controller may set a number of hours (`notify_within_hours`,
-- NULL: none, "without undue delay" as the GDPR says).
ALTER TABLE breaches ADD COLUMN processor_record_id INTEGER
    REFERENCES processor_records (id) ON DELETE SET NULL;
ALTER TABLE breaches ADD COLUMN controller_told_at TEXT;
ALTER TABLE breaches ADD COLUMN controller_told_how TEXT NOT NULL DEFAULT '';
ALTER TABLE processor_records ADD COLUMN notify_within_hours INTEGER
    CHECK (notify_within_hours IS NULL OR notify_within_hours > 0);
CREATE INDEX breaches_by_processor_record ON breaches (processor_record_id);
