-- A processor may be "to be identified": a privacy policy names it by what
-- it does ("our e-mail provider"), not by who it is, and its country may not
-- be known yet. The processors table's CHECK constraints are loosened in
-- Rust (`allow_processors_to_identify`), the way SQLite documents for it.
SELECT 1;
