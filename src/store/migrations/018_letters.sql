-- The letters drafted from the register (Art. 12, 15, 33, 34): that a letter
-- of a kind, in a language, was produced about a request or a breach, and
-- where it went; never its text. Journaled like every table, so the journal
-- shows who produced which letter when.
CREATE TABLE letters (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER REFERENCES requests (id) ON DELETE CASCADE,
    breach_id   INTEGER REFERENCES breaches (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'identity', 'extension',
                    'refusal', 'answer', 'authority', 'subjects', 'controller')),
    lang        TEXT NOT NULL CHECK (lang IN ('nb', 'sv', 'en')),
    produced_at TEXT NOT NULL,
    -- A file's name, 'clipboard' or 'standard output'.
    produced_to TEXT NOT NULL DEFAULT '',
    CHECK ((request_id IS NULL) <> (breach_id IS NULL))
);
CREATE INDEX letters_by_request ON letters (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX letters_by_breach ON letters (breach_id) WHERE breach_id IS NOT NULL;
