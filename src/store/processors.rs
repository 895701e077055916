//! The processors table: windowed listing for the virtual list, writes that keep
//! the sub-processor chain a tree, and what refers to a row before it is deleted.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::kinds;
use super::register::Register;
use crate::domain::dpa::{Dpa, DpaStatus};
use crate::domain::processor::{creates_cycle, Processor, ProcessorFields, RecipientRole};
use crate::domain::transfer::Transfer;
use crate::record::processor::ProcessorKind;
use crate::record::transfer::TransferKind;

/// One line of the processors list, with what the list shows beside the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorRow {
    pub processor: Processor,
    pub parent_name: Option<String>,
    pub sub_processor_count: u32,
    /// 0 for a processor, 1 for its sub-processor, and so on down the chain.
    pub depth: u32,
    /// Names of the processing activities that send it data, by name.
    pub used_by: Vec<String>,
    /// The status of its current processor agreement, if one is recorded.
    pub agreement: Option<DpaStatus>,
    /// When the current agreement must be reviewed.
    pub review_on: Option<NaiveDate>,
    /// When the current agreement was signed.
    pub signed_on: Option<NaiveDate>,
}

/// Roles that can have sub-processors beneath them.
const ENGAGES_SUB_PROCESSORS: &[&str] = &["processor", "sub_processor"];

/// The longest sub-processor chain the store will follow; real chains are 2–4 deep.
const MAX_CHAIN: usize = 64;

/// The list order: each processor followed by its sub-processors (at any depth),
/// siblings by name. `sort_key` is the chain of names from the top; the
/// separators sort below any printable character, so a parent's key, being a
/// prefix of its children's, comes first.
const TREE: &str = "WITH RECURSIVE tree(id, sort_key, depth) AS (
        SELECT id, lower(name) || char(31) || printf('%012d', id), 0
            FROM processors WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, tree.sort_key || char(30) || lower(c.name) || char(31) || printf('%012d', c.id),
               tree.depth + 1
            FROM processors c JOIN tree ON c.parent_id = tree.id
            WHERE tree.depth < 64)";

/// What the list reads of a processor beside its stored fields, after them.
const ROW_EXTRAS: &str = "parent.name,
        (SELECT count(*) FROM processors c WHERE c.parent_id = p.id), p.revision,
        (SELECT group_concat(name, char(31)) FROM (SELECT a.name FROM activity_processors ap
             JOIN activities a ON a.id = ap.activity_id WHERE ap.processor_id = p.id
             ORDER BY a.name COLLATE NOCASE)),
        (SELECT d.status FROM dpas d WHERE d.processor_id = p.id AND d.is_current = 1),
        (SELECT d.review_on FROM dpas d WHERE d.processor_id = p.id AND d.is_current = 1),
        (SELECT d.signed_on FROM dpas d WHERE d.processor_id = p.id AND d.is_current = 1)";

/// `p.id`, the kind's stored fields, then `ROW_EXTRAS` (and, after them,
/// the tree's depth).
fn row_columns() -> &'static str {
    static COLUMNS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        format!(
            "p.id, {}, {ROW_EXTRAS}",
            super::kinds::select_columns::<ProcessorKind>("p")
        )
    })
}

const ROW_JOIN: &str = "LEFT JOIN processors parent ON parent.id = p.parent_id";

/// A processor as a picker lists it, placed in its tree.
fn tree_label(row: &ProcessorRow) -> String {
    let p = &row.processor.fields;
    let country = if p.country.is_empty() {
        "?"
    } else {
        &p.country
    };
    match (&row.parent_name, row.depth) {
        (Some(parent), depth) if depth > 0 => format!(
            "{}↳ {} ({country}) · via {parent}",
            "  ".repeat(depth as usize - 1),
            p.name
        ),
        _ => format!("{} ({country})", p.name),
    }
}

/// The filter matches a lower-cased substring of `search_text`. `instr` instead
/// of LIKE: no wildcard escaping, and `%` or `_` typed by the user match literally.
const FILTER_WHERE: &str = "WHERE (?1 = '' OR instr(p.search_text, ?1) > 0)";

fn row_to_processor_row(row: &Row<'_>) -> rusqlite::Result<ProcessorRow> {
    let fields = super::kinds::read::<ProcessorKind>(row, 1)?;
    let extra = 1 + crate::record::stored::<ProcessorKind>().count();
    Ok(ProcessorRow {
        processor: Processor {
            id: row.get(0)?,
            revision: row.get(extra + 2)?,
            fields,
        },
        parent_name: row.get(extra)?,
        sub_processor_count: row.get(extra + 1)?,
        used_by: row
            .get::<_, Option<String>>(extra + 3)?
            .map(|names| names.split('\u{1f}').map(String::from).collect())
            .unwrap_or_default(),
        agreement: row
            .get::<_, Option<String>>(extra + 4)?
            .and_then(|s| DpaStatus::parse(&s)),
        review_on: row.get(extra + 5)?,
        signed_on: row.get(extra + 6)?,
        depth: row.get(extra + 7)?,
    })
}

/// Hides the rows beneath folded processors: a row is beneath processor X when
/// X's id, followed by the child separator, appears in its sort key. `?2` is a
/// JSON array of the folded ids.
const UNFOLDED: &str = "AND NOT EXISTS (SELECT 1 FROM json_each(?2) f
    WHERE instr(tree.sort_key, char(31) || printf('%012d', f.value) || char(30)) > 0)";

fn folded_json(folded: &[i64]) -> String {
    let ids: Vec<String> = folded.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

fn normalise_filter(filter: &str) -> String {
    crate::domain::text::search_form(filter)
}

impl Register {
    pub fn count_processors(&self, filter: &str) -> StoreResult<usize> {
        self.count_processors_folded(filter, &[])
    }

    /// Like `count_processors`, without the rows beneath the `folded` processors.
    pub fn count_processors_folded(&self, filter: &str, folded: &[i64]) -> StoreResult<usize> {
        let sql = format!(
            "{TREE} SELECT count(*) FROM tree JOIN processors p ON p.id = tree.id {FILTER_WHERE} {UNFOLDED}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let count: i64 = stmt.query_row(
            params![normalise_filter(filter), folded_json(folded)],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }

    /// The rows `offset..offset + limit` of the filtered list, in tree order.
    pub fn processor_page(
        &self,
        filter: &str,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<ProcessorRow>> {
        self.processor_page_folded(filter, &[], offset, limit)
    }

    /// Like `processor_page`, without the rows beneath the `folded` processors.
    pub fn processor_page_folded(
        &self,
        filter: &str,
        folded: &[i64],
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<ProcessorRow>> {
        let sql = format!(
            "{TREE} SELECT {}, tree.depth FROM tree JOIN processors p ON p.id = tree.id
             {ROW_JOIN} {FILTER_WHERE} {UNFOLDED} ORDER BY tree.sort_key LIMIT ?3 OFFSET ?4",
            row_columns()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![
                    normalise_filter(filter),
                    folded_json(folded),
                    limit as i64,
                    offset as i64
                ],
                row_to_processor_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Where `id` stands in the filtered list (to keep it selected after a save).
    pub fn processor_position(&self, filter: &str, id: i64) -> StoreResult<Option<usize>> {
        self.processor_position_folded(filter, &[], id)
    }

    /// Like `processor_position`; `None` also when `id` is hidden beneath a folded processor.
    pub fn processor_position_folded(
        &self,
        filter: &str,
        folded: &[i64],
        id: i64,
    ) -> StoreResult<Option<usize>> {
        let visible = format!(
            "{TREE} SELECT count(*) FROM tree JOIN processors p ON p.id = tree.id
             {FILTER_WHERE} {UNFOLDED} AND p.id = ?3"
        );
        let key = (normalise_filter(filter), folded_json(folded));
        let shown: i64 = self
            .conn
            .prepare_cached(&visible)?
            .query_row(params![key.0, key.1, id], |r| r.get(0))?;
        if shown == 0 {
            return Ok(None);
        }
        let sql = format!(
            "{TREE} SELECT count(*) FROM tree JOIN processors p ON p.id = tree.id
             {FILTER_WHERE} {UNFOLDED} AND tree.sort_key < (SELECT sort_key FROM tree WHERE id = ?3)"
        );
        let position: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![key.0, key.1, id], |r| r.get(0))?;
        Ok(Some(position as usize))
    }

    pub fn processor(&self, id: i64) -> StoreResult<Option<ProcessorRow>> {
        let sql = format!(
            "{TREE} SELECT {}, tree.depth FROM tree JOIN processors p ON p.id = tree.id {ROW_JOIN} WHERE p.id = ?1",
            row_columns()
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], row_to_processor_row)
            .optional()?)
    }

    /// Every processor in tree order (a processor before its sub-processors,
    /// so an import can read the file top to bottom), streamed (for exports).
    pub fn for_each_processor<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ProcessorRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "{TREE} SELECT {}, tree.depth FROM tree JOIN processors p ON p.id = tree.id {ROW_JOIN} ORDER BY tree.sort_key",
            row_columns()
        );
        self.stream_rows(&sql, row_to_processor_row, |row| each(&row))
    }

    /// (id, label) of every recipient in the Processors screen's tree order,
    /// a sub-processor indented under its parent and naming it: what an
    /// activity can link to.
    pub fn recipient_names(&self) -> StoreResult<Vec<(i64, String)>> {
        self.tree_labels(|_| true)
    }

    /// The processors `id` could be placed under, in tree order: all but
    /// itself and its own sub-processors.
    pub fn parent_candidates(&self, id: Option<i64>) -> StoreResult<Vec<(i64, String)>> {
        let excluded = match id {
            Some(id) => {
                let mut subtree = self.subtree(id)?;
                subtree.push(id);
                subtree
            }
            None => Vec::new(),
        };
        self.tree_labels(|row| {
            matches!(
                row.processor.fields.role,
                RecipientRole::Processor | RecipientRole::SubProcessor
            ) && !excluded.contains(&row.processor.id)
        })
    }

    /// The processors `keep` accepts, labelled as a picker shows them:
    /// "name (country)", a sub-processor as "  ↳ name (country) · via parent".
    fn tree_labels(&self, keep: impl Fn(&ProcessorRow) -> bool) -> StoreResult<Vec<(i64, String)>> {
        let mut labels = Vec::new();
        self.for_each_processor(|row| {
            if keep(row) {
                labels.push((row.processor.id, tree_label(row)));
            }
            Ok::<_, StoreError>(())
        })?;
        Ok(labels)
    }

    /// Ids of every sub-processor beneath `id`, at any depth.
    fn subtree(&self, id: i64) -> StoreResult<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE below(id, depth) AS (
                 SELECT id, 1 FROM processors WHERE parent_id = ?1
                 UNION SELECT p.id, below.depth + 1 FROM processors p JOIN below ON p.parent_id = below.id
                 WHERE below.depth < ?2)
             SELECT id FROM below",
        )?;
        let ids = stmt
            .query_map(params![id, MAX_CHAIN as i64], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// Names of the records that refer to processor `id` and go with it when it
    /// is deleted: its sub-processors at any depth.
    /// Each with its depth below `id` (1 = works directly for it), in tree order.
    pub fn processor_dependants(&self, id: i64) -> StoreResult<Vec<(String, u32)>> {
        let sql = format!(
            "{TREE}, target AS (SELECT sort_key, depth FROM tree WHERE id = ?1)
             SELECT p.name, tree.depth - target.depth FROM tree
                 JOIN processors p ON p.id = tree.id, target
             WHERE substr(tree.sort_key, 1, length(target.sort_key) + 1) = target.sort_key || char(30)
             ORDER BY tree.sort_key"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, u32)>, _>>()?;
        Ok(rows)
    }

    /// Breach records that name the processor, or one beneath it, as involved:
    /// they stay when it is deleted, without the link.
    pub fn processor_breach_links(&self, id: i64) -> StoreResult<usize> {
        let mut ids = self.subtree(id)?;
        ids.push(id);
        self.breaches_naming_processors(&ids)
    }

    pub fn insert_processor(&mut self, fields: &ProcessorFields) -> StoreResult<i64> {
        self.writing(|tx| {
            check_parent(tx, None, fields.parent_id)?;
            let id = kinds::insert::<ProcessorKind>(tx, None, fields)?;
            Ok(id)
        })
    }

    /// Records a new processor together with its agreement and its transfers
    /// (a catalogue entry's draft): all of them, or nothing.
    pub fn insert_processor_with(
        &mut self,
        fields: &ProcessorFields,
        agreement: &Dpa,
        transfers: &[Transfer],
    ) -> StoreResult<i64> {
        super::agreements::check_agreement(agreement)?;
        self.writing(|tx| {
            check_parent(tx, None, fields.parent_id)?;
            let id = kinds::insert::<ProcessorKind>(tx, None, fields)?;
            super::agreements::insert_current_dpa(tx, id, agreement, None)?;
            for transfer in transfers {
                kinds::insert::<TransferKind>(tx, Some(id), transfer)?;
            }
            Ok(id)
        })
    }

    /// Saves `fields` over revision `revision` of the processor; refused with
    /// `Conflict` when someone else saved it in between.
    pub fn update_processor(
        &mut self,
        id: i64,
        revision: i64,
        fields: &ProcessorFields,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            check_parent(tx, Some(id), fields.parent_id)?;
            kinds::update::<ProcessorKind>(tx, id, revision, fields)?;
            // A processor's country decides whether an activity transfers data abroad.
            super::activities::refresh_completeness(tx)?;
            Ok(())
        })
    }

    /// Deletes the processor and its sub-processors (the confirmation lists them);
    /// returns how many rows went.
    pub fn delete_processor(&mut self, id: i64) -> StoreResult<usize> {
        let below = self.subtree(id)?.len();
        self.writing(|tx| {
            let deleted = super::register::exec(tx, "DELETE FROM processors WHERE id = ?1", [id])?;
            if deleted == 0 {
                return Err(StoreError::NotFound {
                    what: "processor",
                    id,
                });
            }
            super::activities::refresh_completeness(tx)?;
            Ok(deleted + below)
        })
    }
}

/// The parent must exist and must not sit beneath the processor itself.
pub(super) fn check_parent(
    tx: &Transaction<'_>,
    id: Option<i64>,
    parent: Option<i64>,
) -> StoreResult<()> {
    let Some(parent) = parent else { return Ok(()) };
    let parent_role: Option<(String, String)> = tx
        .query_row(
            "SELECT role, name FROM processors WHERE id = ?1",
            [parent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match parent_role {
        None => {
            return Err(StoreError::field(
                "parent_id",
                format!("no processor with id {parent}"),
            ))
        }
        Some((role, name)) if !ENGAGES_SUB_PROCESSORS.contains(&role.as_str()) => {
            let role =
                RecipientRole::parse(&role).map_or(role.clone(), |r| r.label().to_lowercase());
            return Err(StoreError::field(
                "parent_id",
                format!("{name} is an {role}: only a processor or sub-processor engages sub-processors (Art. 28(2))"),
            ));
        }
        Some(_) => {}
    }
    let mut stmt = tx.prepare_cached("SELECT parent_id FROM processors WHERE id = ?1")?;
    if let Some(id) = id {
        let parent_of = |p: i64| {
            stmt.query_row([p], |r| r.get::<_, Option<i64>>(0))
                .ok()
                .flatten()
        };
        if creates_cycle(id, parent, parent_of, MAX_CHAIN) {
            return Err(StoreError::field(
                "parent_id",
                "that processor is one of this one's own sub-processors; the chain would loop",
            ));
        }
    }
    Ok(())
}
