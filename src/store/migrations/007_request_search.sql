-- The requests' filter through an index: three or more characters of a
-- request's search text find it without reading every request. The index is
-- derived from requests.search_text (it holds no data of its own), kept in
-- step by the triggers below, and not journaled.
CREATE VIRTUAL TABLE requests_search USING fts5(
    search_text,
    content = 'requests',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER requests_search_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO requests_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;

CREATE TRIGGER requests_search_delete AFTER DELETE ON requests
BEGIN
    INSERT INTO requests_search (requests_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE TRIGGER requests_search_update AFTER UPDATE OF id, search_text ON requests
BEGIN
    INSERT INTO requests_search (requests_search, rowid, search_text)
        VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO requests_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;

INSERT INTO requests_search (requests_search) VALUES ('rebuild');
