-- Every character of a request's search text starts a trigram of the index:
-- the text is indexed with two line breaks after it (a filter is one line, so
-- they never match anything themselves). A filter of one or two characters
-- then finds its requests from the index's terms that begin with them
-- (store/requests.rs) instead of reading every request. The index is derived
-- (not journaled); its triggers are made again by the migration's code.
DROP TABLE requests_search;

CREATE VIEW requests_search_source AS
    SELECT id, search_text || char(10, 10) AS search_text FROM requests;

CREATE VIRTUAL TABLE requests_search USING fts5(
    search_text,
    content = 'requests_search_source',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO requests_search (requests_search) VALUES ('rebuild');
