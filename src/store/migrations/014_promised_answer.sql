-- Many privacy policies promise an answer sooner than the law asks ("within
-- 30 days"; the law gives one calendar month). The organisation's promise is
-- a deadline setting (`promised_days`, NULL: none), and each request keeps
-- the date it gives (`promised_on`, NULL: no promise), computed at every
-- write with the legal dates. Registers upgraded hold no promise yet, so no
-- request's dates change here.
ALTER TABLE organisation ADD COLUMN promised_days INTEGER CHECK (promised_days IS NULL OR promised_days > 0);
ALTER TABLE requests ADD COLUMN promised_on TEXT;
