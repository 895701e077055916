-- The requests list sorted by due date puts a request whose clock is paused
-- (waiting on the data subject: identity, a clarification, a fee) after the
-- running ones, longest waiting first: it has no date until the clock runs
-- again, and the date shown "if answered today" moves every day, so no stored
-- date could sort it where the screen shows it. `paused_since` is the day its
-- open pause began ('' when its clock runs or it is closed); the order's index
-- walks it between the open/closed split and the due date.
ALTER TABLE requests ADD COLUMN paused_since TEXT NOT NULL DEFAULT '';
DROP INDEX requests_by_due;
CREATE INDEX requests_by_due ON requests (is_open DESC, paused_since, due_on, id);
