-- The requests' filter through an index: three or more characters of a
-- request's search text find it without reading every request. The index is
-- derived from requests.search_text (it holds no data of its own) and is not
-- journaled; the triggers that keep it in step are created by the migration's
-- code (store/search.rs), which also suspends them during an import.
CREATE VIRTUAL TABLE requests_search USING fts5(
    search_text,
    content = 'requests',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO requests_search (requests_search) VALUES ('rebuild');
