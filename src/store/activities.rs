//! Records of processing activities with their data categories, lawful bases
//! and processor links; the Art. 30(2) records; the breach–activity links.
//! An activity and its child rows are written together in one transaction.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::error::{StoreError, StoreResult};
use super::kinds::{self, Target};
use super::register::Register;
use crate::domain::activity::{Activity, Context};
use crate::domain::transfer::TransferTool;
use crate::record::activity::{ActivityKind, BasisKind, CategoryKind, JointControllerKind};
use rusqlite::types::Value;

/// (id, name, country) of a processor an activity is linked to.
pub type LinkedProcessor = (i64, String, String);

/// An activity with the processors it is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub id: i64,
    pub revision: i64,
    pub activity: Activity,
    /// (id, name, country) of each linked processor, by name.
    pub processors: Vec<LinkedProcessor>,
    /// Whether the organisation record identified the controller when the row was read.
    pub controller_identified: bool,
    /// Transfers recorded for the linked processors and the sub-processors
    /// beneath them: (processor name, destination country, tool).
    pub transfers: Vec<(String, String, TransferTool)>,
}

impl ActivityRow {
    /// What completeness needs from around the record; `controller_identified`
    /// comes from the organisation record.
    pub fn context(&self, controller_identified: bool) -> Context {
        Context {
            controller_identified,
            processor_countries: self.processors.iter().map(|(_, _, c)| c.clone()).collect(),
        }
    }
}

/// `SELECT` of activities (`FROM activities a`): id, revision, then the
/// kind's stored columns.
fn select() -> String {
    format!(
        "SELECT a.id, a.revision, {} FROM activities a",
        kinds::select_columns::<ActivityKind>("a")
    )
}

const FILTER_WHERE: &str =
    "WHERE (?1 = '' OR instr(a.search_text, ?1) > 0) AND (?2 = 0 OR a.missing_points > 0)";
const ORDER: &str = "ORDER BY a.name COLLATE NOCASE, a.id";

pub(super) fn row_to_activity(row: &Row<'_>) -> rusqlite::Result<ActivityRow> {
    Ok(ActivityRow {
        id: row.get(0)?,
        revision: row.get(1)?,
        activity: kinds::read::<ActivityKind>(row, 2)?,
        processors: Vec::new(),
        controller_identified: false,
        transfers: Vec::new(),
    })
}

/// Reads the record's categories, bases, processors and their transfers;
/// `identified` is the organisation's Art. 30(1)(a) state, read once by the caller.
pub(super) fn load_children(
    conn: &rusqlite::Connection,
    row: &mut ActivityRow,
    identified: bool,
) -> StoreResult<()> {
    row.activity.data_categories = kinds::children::<CategoryKind>(conn, row.id)?;
    row.activity.bases = kinds::children::<BasisKind>(conn, row.id)?;
    row.activity.joint_controllers = kinds::children::<JointControllerKind>(conn, row.id)?;
    row.processors = linked_processors(conn, Link::ACTIVITY, row.id)?;
    row.controller_identified = identified;
    row.transfers = chain_transfers(conn, Link::ACTIVITY, row.id)?;
    Ok(())
}

/// A table linking records of one kind to the processors they use.
#[derive(Clone, Copy)]
pub(super) struct Link {
    pub table: &'static str,
    /// The column naming the record.
    pub key: &'static str,
}

impl Link {
    pub(super) const ACTIVITY: Link = Link {
        table: super::ACTIVITY_PROCESSORS.table,
        key: super::ACTIVITY_PROCESSORS.from,
    };
    pub(super) const PROCESSOR_RECORD: Link = Link {
        table: super::RECORD_PROCESSORS.table,
        key: super::RECORD_PROCESSORS.from,
    };
}

/// (id, name, country) of the processors record `id` is linked to, by name.
pub(super) fn linked_processors(
    conn: &rusqlite::Connection,
    link: Link,
    id: i64,
) -> StoreResult<Vec<LinkedProcessor>> {
    let sql = format!(
        "SELECT p.id, p.name, p.country FROM {} l JOIN processors p ON p.id = l.processor_id
         WHERE l.{} = ?1 ORDER BY p.name COLLATE NOCASE",
        link.table, link.key
    );
    let linked = conn
        .prepare_cached(&sql)?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(linked)
}

/// The transfers recorded for the processors record `id` is linked to and
/// the sub-processors beneath them: the data go down each chain too.
pub(super) fn chain_transfers(
    conn: &rusqlite::Connection,
    link: Link,
    id: i64,
) -> StoreResult<Vec<(String, String, TransferTool)>> {
    let sql = format!(
        "WITH RECURSIVE chain(id, depth) AS (
             SELECT processor_id, 0 FROM {} WHERE {} = ?1
             UNION SELECT p.id, chain.depth + 1 FROM processors p JOIN chain ON p.parent_id = chain.id
                 WHERE chain.depth < 64)
         SELECT DISTINCT pr.name, t.country, t.tool FROM transfers t
             JOIN chain ON t.processor_id = chain.id JOIN processors pr ON pr.id = t.processor_id
         ORDER BY t.country, pr.name COLLATE NOCASE",
        link.table, link.key
    );
    let transfers = conn
        .prepare_cached(&sql)?
        .query_map([id], |r| {
            let tool: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                TransferTool::parse(&tool).unwrap_or(TransferTool::InsideEea),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(transfers)
}

/// Whether the organisation record names the controller and a contact (Art. 30(1)(a)).
fn controller_identified(conn: &rusqlite::Connection) -> StoreResult<bool> {
    Ok(super::organisation::read(conn)?.identifies_controller())
}

fn context_for(conn: &rusqlite::Connection, processors: &[i64]) -> StoreResult<Context> {
    let mut countries = Vec::with_capacity(processors.len());
    for pid in processors {
        let country: Option<String> = conn
            .query_row("SELECT country FROM processors WHERE id = ?1", [pid], |r| {
                r.get(0)
            })
            .optional()?;
        countries.push(country.ok_or_else(|| {
            StoreError::field("processors", format!("no processor with id {pid}"))
        })?);
    }
    Ok(Context {
        controller_identified: controller_identified(conn)?,
        processor_countries: countries,
    })
}

/// The activity with its children.
pub(super) fn read_activity(
    conn: &rusqlite::Connection,
    id: i64,
) -> StoreResult<Option<ActivityRow>> {
    let sql = format!("{} WHERE a.id = ?1", select());
    match conn
        .prepare_cached(&sql)?
        .query_row([id], row_to_activity)
        .optional()?
    {
        Some(mut row) => {
            load_children(conn, &mut row, controller_identified(conn)?)?;
            Ok(Some(row))
        }
        None => Ok(None),
    }
}

/// Recounts every activity's missing Art. 30 points after something they depend
/// on changed (the organisation's contact details, a processor's country).
pub(super) fn refresh_completeness(tx: &Transaction<'_>) -> StoreResult<()> {
    let ids: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT id, missing_points FROM activities")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let sql = format!("{} WHERE a.id = ?1", select());
    let identified = controller_identified(tx)?;
    for (id, stored) in ids {
        let mut row = tx.prepare_cached(&sql)?.query_row([id], row_to_activity)?;
        load_children(tx, &mut row, identified)?;
        let missing = row.activity.missing_points(&row.context(identified)).len() as i64;
        if missing != stored {
            super::register::exec(
                tx,
                "UPDATE activities SET missing_points = ?1 WHERE id = ?2",
                params![missing, id],
            )?;
        }
    }
    Ok(())
}

/// Writes the activity and its children. An incomplete record asked to be
/// approved is kept as a draft, and the reason comes back, unless
/// `status_as_given` (an import, whose children arrive after the record).
pub(super) fn write_activity(
    tx: &Transaction<'_>,
    to: Target,
    requested: &Activity,
    processors: &[i64],
    status_as_given: bool,
) -> StoreResult<(i64, Option<String>)> {
    let context = context_for(tx, processors)?;
    let (status, note) = if status_as_given {
        (requested.status, None)
    } else {
        requested.status_on_save(requested.status, &context)
    };
    let a = &Activity {
        status,
        ..requested.clone()
    };
    let missing = [(
        "missing_points",
        Value::Integer(a.missing_points(&context).len() as i64),
    )];
    let id = match to {
        Target::New(id) => kinds::insert_as::<ActivityKind>(tx, id, a, &missing)?,
        Target::Existing(id) => {
            kinds::overwrite::<ActivityKind>(tx, id, a, &missing)?;
            for table in [
                "activity_data_categories",
                "activity_bases",
                "activity_joint_controllers",
                "activity_processors",
            ] {
                super::register::exec(
                    tx,
                    &format!("DELETE FROM {table} WHERE activity_id = ?1"),
                    [id],
                )?;
            }
            id
        }
    };
    for c in &a.data_categories {
        kinds::insert_child::<CategoryKind>(tx, id, c)?;
    }
    for b in &a.bases {
        kinds::insert_child::<BasisKind>(tx, id, b)?;
    }
    for j in &a.joint_controllers {
        kinds::insert_child::<JointControllerKind>(tx, id, j)?;
    }
    let mut link = tx.prepare_cached(
        "INSERT OR IGNORE INTO activity_processors (activity_id, processor_id) VALUES (?1, ?2)",
    )?;
    for pid in processors {
        link.execute(params![id, pid])?;
    }
    Ok((id, note))
}

impl Register {
    /// Activities matching `filter`; with `incomplete_only`, those missing an Art. 30 point.
    pub fn count_activities(&self, filter: &str, incomplete_only: bool) -> StoreResult<usize> {
        let sql = format!("SELECT count(*) FROM activities a {FILTER_WHERE}");
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(
            params![crate::domain::text::search_form(filter), incomplete_only],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Activities by name; rows `offset..offset + limit`.
    pub fn activity_page(
        &self,
        filter: &str,
        incomplete_only: bool,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<ActivityRow>> {
        let sql = format!("{} {FILTER_WHERE} {ORDER} LIMIT ?3 OFFSET ?4", select());
        let mut rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![
                    crate::domain::text::search_form(filter),
                    incomplete_only,
                    limit as i64,
                    offset as i64
                ],
                row_to_activity,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let identified = controller_identified(&self.conn)?;
        for row in &mut rows {
            load_children(&self.conn, row, identified)?;
        }
        Ok(rows)
    }

    /// Where activity `id` sits in the filtered list, if it is in it.
    pub fn activity_position(
        &self,
        filter: &str,
        incomplete_only: bool,
        id: i64,
    ) -> StoreResult<Option<usize>> {
        let sql = format!(
            "SELECT count(*) FROM activities a, (SELECT name, id FROM activities WHERE id = ?3) t
             {FILTER_WHERE} AND (a.name COLLATE NOCASE < t.name COLLATE NOCASE
                 OR (a.name COLLATE NOCASE = t.name COLLATE NOCASE AND a.id < t.id))"
        );
        let in_list: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM activities a {FILTER_WHERE} AND a.id = ?3"
            ))?
            .query_row(
                params![
                    crate::domain::text::search_form(filter),
                    incomplete_only,
                    id
                ],
                |r| r.get(0),
            )?;
        if in_list == 0 {
            return Ok(None);
        }
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(
            params![
                crate::domain::text::search_form(filter),
                incomplete_only,
                id
            ],
            |r| r.get(0),
        )?;
        Ok(Some(n as usize))
    }

    pub fn activity(&self, id: i64) -> StoreResult<Option<ActivityRow>> {
        read_activity(&self.conn, id)
    }

    /// Returns the id, and why the status was lowered when an incomplete record was to be approved.
    pub fn insert_activity(
        &mut self,
        activity: &Activity,
        processors: &[i64],
    ) -> StoreResult<(i64, Option<String>)> {
        self.writing(|tx| write_activity(tx, Target::New(None), activity, processors, false))
    }

    pub fn update_activity(
        &mut self,
        id: i64,
        revision: i64,
        activity: &Activity,
        processors: &[i64],
    ) -> StoreResult<Option<String>> {
        self.writing(|tx| {
            let current: Option<i64> = tx
                .query_row("SELECT revision FROM activities WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            match current {
                None => {
                    return Err(StoreError::NotFound {
                        what: "activity",
                        id,
                    })
                }
                Some(r) if r != revision => return Err(StoreError::Conflict { what: "activity" }),
                Some(_) => {}
            }
            let (_, note) = write_activity(tx, Target::Existing(id), activity, processors, false)?;
            Ok(note)
        })
    }

    pub fn delete_activity(&mut self, id: i64) -> StoreResult<()> {
        self.delete_row("activities", "activity", id)
    }

    /// (id, name) of the activities whose data go to processor `id`.
    pub fn activities_using_processor(&self, id: i64) -> StoreResult<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.name FROM activity_processors ap JOIN activities a ON a.id = ap.activity_id
             WHERE ap.processor_id = ?1 ORDER BY a.name COLLATE NOCASE",
        )?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Whether the organisation record names the controller and a contact (Art. 30(1)(a)).
    pub fn controller_identified(&self) -> StoreResult<bool> {
        controller_identified(&self.conn)
    }

    /// Sets the activities a breach affected (replacing the earlier set).
    pub fn set_breach_activities(&mut self, breach_id: i64, activities: &[i64]) -> StoreResult<()> {
        self.writing(|tx| {
            super::breaches::link_activities(tx, breach_id, activities)?;
            Ok(())
        })
    }

    /// (id, name) of every activity by name, for choosing among them.
    pub fn activity_names(&self) -> StoreResult<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM activities ORDER BY name COLLATE NOCASE, id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Every activity in id order, with its children (for exports).
    pub fn for_each_activity<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ActivityRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("{} ORDER BY a.id", select());
        let identified = controller_identified(&self.conn)?;
        self.stream_rows(&sql, row_to_activity, |mut activity| {
            load_children(&self.conn, &mut activity, identified)?;
            each(&activity)
        })
    }

    /// (breach id, activity id, activity name) of every breach–activity link, streamed (for exports).
    pub fn for_each_breach_activity<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&(i64, i64, String)) -> Result<(), E>,
    ) -> Result<(), E> {
        self.stream_rows(
            "SELECT ba.breach_id, ba.activity_id, a.name FROM breach_activities ba JOIN activities a ON a.id = ba.activity_id
             ORDER BY ba.breach_id, a.name COLLATE NOCASE",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            |link| each(&link),
        )
    }
}
