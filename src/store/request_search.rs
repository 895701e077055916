//! How a filter of the requests list is answered: which requests' text
//! holds it, found through the trigram index (schema 7 and 19) where that is
//! quicker than reading the requests in the list's order.
//!
//! The index's vocabulary (`fts5vocab`) says how many requests each trigram
//! is in: a bound on a filter's matches before any is read. Few matches are
//! found and sorted; more, up to a tenth of the requests, are listed as a set
//! of ids in memory (`ListedIds`) that the list's walk along its order's
//! index checks, through `dpo_listed(id)`, without reading a row (the matches
//! of `withdrawn` lie after every open request, those of two common letters
//! are spread thin: either way a walk that read each row to test its text
//! took up to 200 ms at a million); a filter that common is dense, so the
//! ordered walk finds a page at once.

use std::sync::{Arc, RwLock};

use rusqlite::functions::FunctionFlags;
use rusqlite::{params, OptionalExtension};

use super::error::StoreResult;
use super::register::Register;

/// The ids of the requests a listed filter matches, shared with the
/// connection's `dpo_listed(id)`. Listing them in a temporary table had cost
/// as much again as finding them (at a million requests, 96,000 matches:
/// 21 ms found, 54 ms found and listed).
#[derive(Debug, Clone, Default)]
pub(super) struct ListedIds(Arc<RwLock<Ids>>);

#[derive(Debug, Default)]
enum Ids {
    #[default]
    None,
    /// One bit per id from `base`: ids close together, as a register's are.
    Bits { base: i64, words: Vec<u64> },
    /// Sorted: ids far apart (an import keeps whatever ids a file gives),
    /// where bits would take more memory than the ids themselves.
    Sorted(Vec<i64>),
}

impl ListedIds {
    fn contains(&self, id: i64) -> bool {
        let Ok(ids) = self.0.read() else {
            return false;
        };
        match &*ids {
            Ids::None => false,
            Ids::Bits { base, words } => id
                .checked_sub(*base)
                .and_then(|at| usize::try_from(at).ok())
                .and_then(|at| words.get(at / 64).map(|word| word >> (at % 64) & 1 == 1))
                .unwrap_or(false),
            Ids::Sorted(ids) => ids.binary_search(&id).is_ok(),
        }
    }

    /// Holds `ids` from now on; says how many.
    fn replace(&self, mut ids: Vec<i64>) -> usize {
        ids.sort_unstable();
        ids.dedup();
        let n = ids.len();
        let held = match (ids.first(), ids.last()) {
            (Some(&low), Some(&high)) => {
                let span = i128::from(high) - i128::from(low) + 1;
                if span <= 64 * n as i128 + 4096 {
                    let mut words = vec![0u64; (span as usize).div_ceil(64)];
                    for id in &ids {
                        let at = (id - low) as usize;
                        words[at / 64] |= 1 << (at % 64);
                    }
                    Ids::Bits { base: low, words }
                } else {
                    Ids::Sorted(ids)
                }
            }
            _ => Ids::None,
        };
        if let Ok(mut ids) = self.0.write() {
            *ids = held;
        }
        n
    }
}

/// `dpo_listed(id)`: whether request `id` is among the listed matches.
pub(super) fn register_listed(conn: &rusqlite::Connection, listed: &ListedIds) -> StoreResult<()> {
    let listed = listed.clone();
    // Not deterministic: the set changes from one filter to the next.
    conn.create_scalar_function("dpo_listed", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        Ok(listed.contains(ctx.get::<i64>(0)?))
    })?;
    Ok(())
}

/// The list's condition on a listed filter's matches: on the order index's
/// own id, before the row is read.
pub(super) const LISTED_WHERE: &str = "?1 IS NOT NULL AND dpo_listed(r.id)";

/// Where the few matches of a listed or indexed filter (its FTS5 query
/// `?1`) come from to be sorted.
pub(super) const MATCHED_IDS: &str =
    "(SELECT rowid FROM requests_search WHERE requests_search MATCH ?1)";

/// How a filter is answered.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Search {
    /// No filter.
    All,
    /// At most `LISTED_MATCHES` requests, as the vocabulary counts them: the
    /// index names them (this FTS5 query), held as `ListedIds`.
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
fn search_of(
    conn: &rusqlite::Connection,
    filter: &str,
    counted: &mut TrigramCounts,
) -> StoreResult<Search> {
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
        _ => match rarest_trigram(conn, &chars, counted)? {
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

/// In how many requests trigrams are, as the vocabulary counted them since
/// the last write: the vocabulary counts a trigram by reading its whole
/// list (2 ms for a common one at a million requests), and a word typed
/// letter by letter asks for the same trigrams again at each key.
pub(super) type TrigramCounts = foldhash::HashMap<String, usize>;

/// In how many requests the rarest of the filter's trigrams is (`None`: no
/// vocabulary to read): the filter is in no more.
fn rarest_trigram(
    conn: &rusqlite::Connection,
    chars: &[char],
    counted: &mut TrigramCounts,
) -> StoreResult<Option<usize>> {
    if !vocabulary(conn) {
        return Ok(None);
    }
    let mut stmt =
        conn.prepare_cached("SELECT doc FROM temp.requests_search_terms WHERE term = ?1")?;
    let mut rarest = usize::MAX;
    for window in chars.windows(3) {
        let term: String = window.iter().collect();
        let docs = match counted.get(&term) {
            Some(&docs) => docs,
            None => {
                let doc: Option<i64> = stmt.query_row([&term], |r| r.get(0)).optional()?;
                let docs = doc.unwrap_or(0).max(0) as usize;
                counted.insert(term, docs);
                docs
            }
        };
        rarest = rarest.min(docs);
    }
    Ok(Some(rarest))
}

impl Register {
    /// How `filter` (in its search form) is answered here (see `search_of`),
    /// with the trigrams counted since the last write remembered.
    pub(super) fn search_of(&self, filter: &str) -> StoreResult<Search> {
        let stamp = self.write_stamp()?;
        let mut memo = self.trigram_counts.borrow_mut();
        if memo.as_ref().is_none_or(|(at, _)| *at != stamp) {
            *memo = Some((stamp, TrigramCounts::default()));
        }
        let counted = &mut memo.as_mut().expect("just set").1;
        search_of(&self.conn, filter, counted)
    }

    /// `search`, with a listed filter's matches listed now.
    pub(super) fn listed(&self, search: Search, filter: &str) -> StoreResult<Search> {
        if let Search::Listed(phrase) = &search {
            self.list_matches(filter, phrase)?;
        }
        Ok(search)
    }

    /// Lists the ids `phrase` matches for `dpo_listed`, unless they are
    /// listed already for `filter` with nothing written since; returns how
    /// many.
    pub(super) fn list_matches(&self, filter: &str, phrase: &str) -> StoreResult<usize> {
        let stamp = self.write_stamp()?;
        if let Some((at, listed, n)) = &*self.request_matches.borrow() {
            if *at == stamp && listed == filter {
                return Ok(*n);
            }
        }
        let ids = match self.matches_on_two_cores(phrase, TWO_HALVES_FROM)? {
            Some(ids) => ids,
            None => matches_between(&self.conn, phrase, (i64::MIN, i64::MAX))?,
        };
        let n = self.listed_ids.replace(ids);
        // Within a transaction (a count stamped with the journal's head) a
        // rollback could take matches back: remembered only outside one.
        *self.request_matches.borrow_mut() = self
            .conn
            .is_autocommit()
            .then(|| (stamp, filter.to_string(), n));
        Ok(n)
    }
}

/// The ids of the requests `phrase` matches within `(low, high)`, inclusive.
fn matches_between(
    conn: &rusqlite::Connection,
    phrase: &str,
    (low, high): (i64, i64),
) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM requests_search WHERE requests_search MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
    )?;
    let ids = stmt
        .query_map(params![phrase, low, high], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids)
}

/// From this highest id on, a filter's matches are listed in two halves at
/// once, the upper on a second connection: the index's phrase query reads
/// every trigram's list of requests and positions, 40–55 ms for a long word
/// at a million requests, and the machine has a second core.
const TWO_HALVES_FROM: i64 = 50_000;

impl Register {
    /// The matches of `phrase`, the upper half of the ids listed on a second
    /// connection of this register's file at the same time (`None`: one
    /// connection lists them — a register in memory or too small, inside a
    /// transaction, or no second connection to be had). Both read the same
    /// state: each in a read transaction, and the halves are taken together
    /// only when both see the same journal head (every write is journaled).
    fn matches_on_two_cores(&self, phrase: &str, from: i64) -> StoreResult<Option<Vec<i64>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        let highest: Option<i64> =
            self.conn
                .query_row("SELECT max(id) FROM requests", [], |r| r.get(0))?;
        let Some(highest) = highest.filter(|h| *h >= from) else {
            return Ok(None);
        };
        let Some(helper) = self.take_search_helper() else {
            return Ok(None);
        };
        let middle = highest / 2;
        let tx = self.conn.unchecked_transaction()?;
        let head = self.journal_head()?;
        let (helper, lower, upper) = std::thread::scope(|scope| {
            let upper = scope.spawn(move || {
                let upper = helper.upper_half(phrase, middle);
                (helper, upper)
            });
            let lower = matches_between(&self.conn, phrase, (i64::MIN, middle));
            let (helper, upper) = upper.join().map_err(|_| {
                crate::store::StoreError::field("filter", "the second search ended")
            })?;
            Ok::<_, crate::store::StoreError>((helper, lower, upper))
        })?;
        *self.search_helper.borrow_mut() = Some(Some(helper));
        let mut ids = lower?;
        match upper {
            Ok((their_head, upper)) if their_head == head => ids.extend(upper),
            // Another program wrote in between, or the second connection
            // failed: the upper half read here.
            _ => ids.extend(matches_between(&self.conn, phrase, (middle + 1, i64::MAX))?),
        }
        tx.commit()?;
        Ok(Some(ids))
    }

    /// The second connection, opened the first time it is wanted (and kept
    /// with this one); `None` where none can be had.
    fn take_search_helper(&self) -> Option<Box<Register>> {
        let mut helper = self.search_helper.borrow_mut();
        if helper.is_none() {
            // Only for a register that is its file: one in memory answers
            // for a file's path (the as-of view) but is not its state.
            let opened = self
                .is_file()
                .then(|| Register::open(self.path(), self.clock).ok().map(Box::new))
                .flatten();
            *helper = Some(opened);
        }
        helper.as_mut().and_then(Option::take)
    }

    /// The journal's head and the matches above `middle`, read together.
    fn upper_half(&self, phrase: &str, middle: i64) -> StoreResult<(String, Vec<i64>)> {
        let tx = self.conn.unchecked_transaction()?;
        let head = self.journal_head()?;
        let ids = matches_between(&self.conn, phrase, (middle + 1, i64::MAX))?;
        tx.commit()?;
        Ok((head, ids))
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
        super::register_listed(&conn, &super::ListedIds::default()).unwrap();
        for by in [RequestSort::Due, RequestSort::Received] {
            let order = RequestOrder {
                by,
                reversed: false,
            };
            let sql = format!(
                "SELECT r.id, r.notes FROM requests r WHERE ({}) {} LIMIT 40",
                super::LISTED_WHERE,
                order.order_by(false)
            );
            let plan = super::super::request_clocks::tests::plan(&conn, &sql);
            assert!(plan.contains("SCAN r USING INDEX requests_by_"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn listed_ids_hold_exactly_the_ids_given() {
        let listed = super::ListedIds::default();
        assert_eq!(listed.replace(vec![64, 3, 64, 1_003]), 3);
        for (id, held) in [
            (3, true),
            (64, true),
            (1_003, true),
            (0, false),
            (4, false),
            (65, false),
            (-1, false),
            (2_000_000, false),
            (i64::MIN, false),
        ] {
            assert_eq!(listed.contains(id), held, "{id}");
        }
        assert_eq!(listed.replace(vec![5]), 1);
        assert!(!listed.contains(3) && listed.contains(5));
        // Far apart (an id from another system's clock): no bits for the
        // span between, and still exact.
        let far = 1_700_000_000_000;
        assert_eq!(listed.replace(vec![2, far, i64::MAX]), 3);
        for (id, held) in [
            (2, true),
            (far, true),
            (i64::MAX, true),
            (3, false),
            (far - 1, false),
        ] {
            assert_eq!(listed.contains(id), held, "{id}");
        }
        assert!(matches!(&*listed.0.read().unwrap(), super::Ids::Sorted(_)));
        assert_eq!(listed.replace(Vec::new()), 0);
        assert!(!listed.contains(2));
    }

    /// Two connections, each listing half of the ids, list what one lists.
    #[test]
    fn two_halves_list_what_one_connection_lists() {
        use crate::platform::clock::Clock;
        let dir = tempfile::tempdir().unwrap();
        let now = "2026-11-23T10:00:00Z".parse().unwrap();
        let organisation = crate::exchange::demo::demo_organisation(now).unwrap();
        let mut r = super::Register::create(
            &dir.path().join("r.dpo"),
            &organisation,
            Clock::fixed(now),
            |_| Ok::<_, super::super::StoreError>(()),
        )
        .unwrap();
        crate::exchange::synthetic::fill(&mut r, 600, 7, now).unwrap();
        // Words the requests hold, taken from two of them, and one they do not.
        let word = |id: i64| -> String {
            r.conn
                .query_row(
                    "SELECT substr(search_text, 1, 5) FROM requests WHERE id = ?1",
                    [id],
                    |row| row.get(0),
                )
                .unwrap()
        };
        let phrases = [
            (super::fts_string(&word(1)), true),
            (super::fts_string(&word(300)), true),
            (super::fts_string("zqxzq"), false),
        ];
        for (phrase, some) in &phrases {
            let (phrase, some) = (phrase.as_str(), *some);
            let one = super::matches_between(&r.conn, phrase, (i64::MIN, i64::MAX)).unwrap();
            let two = r
                .matches_on_two_cores(phrase, 0)
                .unwrap()
                .expect("a second connection of the file");
            assert_eq!(one, two, "{phrase}");
            assert_eq!(!one.is_empty(), some, "{phrase}: {}", one.len());
        }
        // Too small, or inside a transaction: one connection lists them.
        let common = phrases[0].0.as_str();
        assert_eq!(r.matches_on_two_cores(common, 10_000).unwrap(), None);
        let tx = r.conn.unchecked_transaction().unwrap();
        assert_eq!(r.matches_on_two_cores(common, 0).unwrap(), None);
        drop(tx);
    }
}
