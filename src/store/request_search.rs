//! How a filter of the requests list is answered: which requests' text
//! holds it, found through the trigram index (schema 7 and 19) where that is
//! quicker than reading the requests in the list's order.
//!
//! The index's vocabulary (`fts5vocab`) says how many requests each trigram
//! is in: a bound on a filter's matches before any is read. Few matches are
//! found and sorted; more, up to a tenth of the requests, are listed by id in a
//! temporary table that the list's walk along its order's index checks
//! without reading a row (the matches of `withdrawn` lie after every open
//! request, those of two common letters are spread thin: either way a walk
//! that read each row to test its text took up to 200 ms at a million);
//! a filter that common is dense, so the ordered walk finds a page at once.

use rusqlite::params;

use super::error::StoreResult;
use super::register::Register;

/// How a filter is answered.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Search {
    /// No filter.
    All,
    /// At most `LISTED_MATCHES` requests, as the vocabulary counts them: the
    /// index names them (this FTS5 query), by id, in `temp.request_matches`.
    Listed(String),
    /// Through the trigram index, with this FTS5 query, for a filter of
    /// three characters or more whose trigrams are each in more requests
    /// than are listed: read in order, testing each request's text.
    Indexed(String),
    /// One or two characters found in many requests: read the requests in
    /// order (the matches are dense, so a page is found after few rows).
    Scan,
    /// Text no request holds.
    Nothing,
}

/// Up to this many matches are sorted after the index finds them; more are
/// found by walking the list in order.
pub(super) const FEW_MATCHES: usize = 2_000;

/// At most this many matches (by the vocabulary's bound), and at most a
/// tenth of the requests (`listed_at_most`), are listed by id for the walk
/// to check. More are dense: the walk in order meets a page of them at once,
/// sooner than the index could name them all (at 100,000 requests, a filter
/// in one request of eight: 10 ms walked, 20 ms listed).
const LISTED_MATCHES: usize = 200_000;

/// How many matches are listed in a register of about this many requests.
fn listed_at_most(conn: &rusqlite::Connection) -> StoreResult<usize> {
    // The highest id is read from the table's b-tree at once; a count is not.
    let highest: Option<i64> = conn.query_row("SELECT max(id) FROM requests", [], |r| r.get(0))?;
    let requests = usize::try_from(highest.unwrap_or(0)).unwrap_or(0);
    Ok((requests / 10).clamp(FEW_MATCHES, LISTED_MATCHES))
}

/// An FTS5 string: `text` verbatim, its quotes doubled.
fn fts_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// How `filter` (in its search form) is answered on `conn`. One or two
/// characters are shorter than the index's trigrams, but every character of
/// a request's indexed text starts one (schema 19): the trigrams beginning
/// with the filter are read from the index's vocabulary and searched for
/// OR'ed together. A longer filter is in no more requests than its rarest
/// trigram.
pub(super) fn search_of(conn: &rusqlite::Connection, filter: &str) -> StoreResult<Search> {
    let chars: Vec<char> = filter.chars().collect();
    if chars.is_empty() {
        return Ok(Search::All);
    }
    let listed = listed_at_most(conn)?;
    Ok(match chars.len() {
        1 | 2 => match starting_trigrams(conn, filter, listed)? {
            Some(terms) if terms.is_empty() => Search::Nothing,
            Some(terms) => Search::Listed(
                terms
                    .iter()
                    .map(|t| fts_string(t))
                    .collect::<Vec<_>>()
                    .join(" OR "),
            ),
            None => Search::Scan,
        },
        _ => match rarest_trigram(conn, &chars)? {
            Some(0) => Search::Nothing,
            Some(n) if n <= listed => Search::Listed(fts_string(filter)),
            _ => Search::Indexed(fts_string(filter)),
        },
    })
}

/// The index's vocabulary, in this connection's temporary schema; false
/// where the connection may not make one (then nothing is bounded).
fn vocabulary(conn: &rusqlite::Connection) -> bool {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.requests_search_terms
             USING fts5vocab(main, requests_search, row);",
    )
    .is_ok()
}

/// The index's trigrams that begin with `prefix`, while the requests they
/// name stay within `at_most` (`None`: more, or no vocabulary to read).
fn starting_trigrams(
    conn: &rusqlite::Connection,
    prefix: &str,
    at_most: usize,
) -> StoreResult<Option<Vec<String>>> {
    if !vocabulary(conn) {
        return Ok(None);
    }
    let mut chars: Vec<char> = prefix.chars().collect();
    let Some(last) = chars.pop().and_then(|c| char::from_u32(c as u32 + 1)) else {
        return Ok(None);
    };
    let above: String = chars.iter().chain([last].iter()).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT term, doc FROM temp.requests_search_terms WHERE term >= ?1 AND term < ?2",
    )?;
    let mut rows = stmt.query(params![prefix, above])?;
    let (mut terms, mut named) = (Vec::new(), 0usize);
    while let Some(row) = rows.next()? {
        named += row.get::<_, i64>(1)?.max(0) as usize;
        if named > at_most {
            return Ok(None);
        }
        terms.push(row.get(0)?);
    }
    Ok(Some(terms))
}

/// In how many requests the rarest of the filter's trigrams is (`None`: no
/// vocabulary to read): the filter is in no more.
fn rarest_trigram(conn: &rusqlite::Connection, chars: &[char]) -> StoreResult<Option<usize>> {
    if !vocabulary(conn) {
        return Ok(None);
    }
    let mut stmt =
        conn.prepare_cached("SELECT doc FROM temp.requests_search_terms WHERE term = ?1")?;
    let mut rarest = usize::MAX;
    for window in chars.windows(3) {
        let term: String = window.iter().collect();
        let doc: Option<i64> =
            stmt.query_row([term], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
        rarest = rarest.min(doc.unwrap_or(0).max(0) as usize);
    }
    Ok(Some(rarest))
}

impl Register {
    /// `search`, with a listed filter's matches listed now; where they
    /// cannot be (no temporary table on this connection), searched as a
    /// longer filter is, through the index and each request's text.
    pub(super) fn listed(&self, search: Search, filter: &str) -> StoreResult<Search> {
        Ok(match search {
            Search::Listed(phrase) => match self.list_matches(filter, &phrase)? {
                Some(_) => Search::Listed(phrase),
                None => Search::Indexed(phrase),
            },
            other => other,
        })
    }

    /// Lists the ids `phrase` matches in `temp.request_matches`, unless they
    /// are there already for `filter` with nothing written since; returns
    /// how many (`None`: the connection may not make the table).
    pub(super) fn list_matches(&self, filter: &str, phrase: &str) -> StoreResult<Option<usize>> {
        let stamp = self.write_stamp()?;
        if let Some((at, listed, n)) = &*self.request_matches.borrow() {
            if *at == stamp && listed == filter {
                return Ok(Some(*n));
            }
        }
        let made = self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS request_matches (id INTEGER PRIMARY KEY);
             DELETE FROM temp.request_matches;",
        );
        if made.is_err() {
            return Ok(None);
        }
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO temp.request_matches
                     SELECT rowid FROM requests_search WHERE requests_search MATCH ?1",
            )?
            .execute([phrase])?;
        // Writing the temporary table moved this connection's stamp. Within
        // a transaction (a count stamped with the journal's head) a rollback
        // would take the list back with it: remembered only outside one.
        let stamp = self.write_stamp()?;
        *self.request_matches.borrow_mut() = self
            .conn
            .is_autocommit()
            .then(|| (stamp, filter.to_string(), n));
        Ok(Some(n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::request_order::{RequestOrder, RequestSort};

    /// A walk over listed matches goes along the order's index and checks
    /// each id against the list there, reading only the rows it shows (the
    /// list driving the loop would sort every match first).
    #[test]
    fn a_walk_over_listed_matches_follows_the_orders_index() {
        let conn = super::super::migrations::schema_in_memory();
        conn.execute_batch("CREATE TEMP TABLE request_matches (id INTEGER PRIMARY KEY);")
            .unwrap();
        for by in [RequestSort::Due, RequestSort::Received] {
            let order = RequestOrder {
                by,
                reversed: false,
            };
            let sql = format!(
                "SELECT r.id, r.notes FROM requests r
                 WHERE (?1 IS NOT NULL AND +r.id IN temp.request_matches) {} LIMIT 40",
                order.order_by(false)
            );
            let plan = super::super::request_clocks::tests::plan(&conn, &sql);
            assert!(plan.contains("SCAN r USING INDEX requests_by_"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }
}
