//! Paging a long list by key instead of by position. `OFFSET n` walks n index
//! entries, so a page in the middle of a million requests costs tens of
//! milliseconds; seeking from the key of a row already loaded costs a page.
//! The planner here is pure and knows nothing of what a key holds (see
//! `request_order::Key`); the store runs what it plans.

/// The keys of the rows last loaded: rows `first..first + keys.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Loaded<K> {
    pub first: usize,
    pub keys: Vec<K>,
}

/// How to read rows `offset..offset + limit` from a loaded row's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seek<K> {
    /// The rows after `key` in the list's order, skipping `skip` of them.
    After { key: K, skip: usize },
    /// The rows before `key`, nearest first, skipping `skip`; reversed, they
    /// end just before `key`.
    Before { key: K, skip: usize },
}

/// Further than this from the rows loaded, seeking saves little over
/// `OFFSET` from the nearer end.
const NEAR: usize = 5_000;

/// A seek for rows `offset..offset + limit`, when the loaded rows are near.
pub(super) fn plan<K: Clone>(loaded: &Loaded<K>, offset: usize, limit: usize) -> Option<Seek<K>> {
    let (first, count) = (loaded.first, loaded.keys.len());
    if count == 0 || limit == 0 {
        return None;
    }
    let last = first + count - 1;
    let end = offset + limit; // one past the last row wanted
    if offset > first {
        // From the loaded row just before `offset`, or the last one loaded.
        let at = (offset - 1).min(last);
        let skip = offset - 1 - at;
        return (skip <= NEAR).then_some(Seek::After {
            key: loaded.keys[at - first].clone(),
            skip,
        });
    }
    if end <= last {
        // From the loaded row just after the window, or the first one loaded.
        let at = end.max(first);
        let skip = at - end;
        return (skip <= NEAR).then_some(Seek::Before {
            key: loaded.keys[at - first].clone(),
            skip,
        });
    }
    // The window holds every loaded row and more on both sides.
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys that are the rows' positions, so a plan names the row it seeks from.
    fn loaded(first: usize, count: usize) -> Loaded<i64> {
        Loaded {
            first,
            keys: (0..count).map(|i| (first + i) as i64).collect(),
        }
    }

    fn key_id(seek: Option<Seek<i64>>) -> (char, i64, usize) {
        match seek.unwrap() {
            Seek::After { key, skip } => ('>', key, skip),
            Seek::Before { key, skip } => ('<', key, skip),
        }
    }

    #[test]
    fn a_page_down_seeks_from_the_row_before_it() {
        let l = loaded(1000, 120);
        assert_eq!(key_id(plan(&l, 1038, 120)), ('>', 1037, 0));
        assert_eq!(key_id(plan(&l, 1120, 120)), ('>', 1119, 0), "just past");
        assert_eq!(key_id(plan(&l, 1200, 120)), ('>', 1119, 80), "further on");
    }

    #[test]
    fn a_page_up_seeks_from_the_row_after_it() {
        let l = loaded(1000, 120);
        assert_eq!(key_id(plan(&l, 962, 120)), ('<', 1082, 0));
        assert_eq!(
            key_id(plan(&l, 800, 120)),
            ('<', 1000, 80),
            "before the first"
        );
    }

    #[test]
    fn far_away_or_wider_than_the_loaded_rows_is_left_to_offset() {
        let l = loaded(1000, 120);
        assert_eq!(plan(&l, 1119 + NEAR + 2, 10), None);
        assert_eq!(plan(&l, 900, 400), None, "covers all of it");
        assert_eq!(plan(&loaded(0, 0), 10, 10), None);
        assert!(plan(&l, 1119 + NEAR + 1, 10).is_some());
    }

    #[test]
    fn the_same_window_again_seeks_from_its_own_rows() {
        let l = loaded(1000, 120);
        assert_eq!(key_id(plan(&l, 1000, 100)), ('<', 1100, 0));
        assert_eq!(plan(&l, 1000, 120), None);
    }
}
