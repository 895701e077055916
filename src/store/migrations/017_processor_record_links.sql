-- Art. 30(2): a record of processing done for a controller names the
-- sub-processors the organisation uses for it (and through them their
-- transfers), as an activity names its processors.
CREATE TABLE processor_record_processors (
    processor_record_id  INTEGER NOT NULL REFERENCES processor_records (id) ON DELETE CASCADE,
    processor_id         INTEGER NOT NULL REFERENCES processors (id) ON DELETE CASCADE,
    PRIMARY KEY (processor_record_id, processor_id)
);
CREATE INDEX processor_record_processors_by_processor ON processor_record_processors (processor_id);
