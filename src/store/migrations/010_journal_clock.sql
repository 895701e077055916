-- The journal's triggers stamp each entry with dpo_now(), the moment by the
-- clock the register was opened with, instead of SQLite's own clock (the wall
-- clock, which tests and `dpo export --as-of` cannot set). The triggers are
-- generated in Rust (`journal::ensure_triggers`) and replaced here, in the
-- migration's transaction, so opening the register does not report them as
-- tampered with.
SELECT 1;
