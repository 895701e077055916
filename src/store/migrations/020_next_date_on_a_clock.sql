-- The Dashboard and `dpo check` list the open requests whose clocks can need
-- attention within the week (overdue, due soon, an extension to announce, a
-- promise to keep) and count the others. This index orders the open requests
-- by the next date on their clocks — the earliest of the due date, the
-- promised date and, until one is sent, the extension notice's last day —
-- so both are index ranges, not a pass over every request. Paused requests
-- sit apart (`paused_since`): their dates move, so they are always listed.
-- The expression is the one `store::request_clocks::NEXT_DATE` queries, word for word.
CREATE INDEX requests_by_next_date ON requests (
    is_open,
    paused_since,
    min(due_on, ifnull(promised_on, due_on),
        CASE WHEN extension_notice_sent_on IS NULL THEN extension_notice_by ELSE due_on END)
);
