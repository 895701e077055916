-- The requests list can be sorted by other columns than its due date. Each
-- order walks an index of its own, so no order sorts the table and a page in
-- any order is read by seeking from a row's key (store/request_order.rs). The
-- reference's own UNIQUE index serves the order by reference.
CREATE INDEX requests_by_received ON requests (received_on, id);
CREATE INDEX requests_by_right ON requests (right_exercised, due_on, id);
CREATE INDEX requests_by_status ON requests (status, due_on, id);
