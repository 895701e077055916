//! What a register's schema holds besides its own: a trigger, view, table or
//! index another program put there, and the register's own triggers missing
//! or altered. A planted trigger runs inside the workbench's writes, and its
//! changes are journaled under the user's name; a missing journal trigger
//! lets writes go unrecorded. `verify` reports every one by name, writes are
//! refused while a trigger is not the register's own, and only an explicit
//! repair (`dpo verify --repair`) changes the schema.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::error::{StoreError, StoreResult};
use super::register::Register;

/// What is wrong with one schema object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaFinding {
    /// Not part of a register: put there by another program.
    Foreign { kind: String, name: String },
    /// One of the register's own triggers is missing.
    Missing { name: String },
    /// One of the register's own triggers does something else.
    Altered { name: String },
}

impl SchemaFinding {
    /// Whether writes would do other than they should while it stands: a
    /// trigger not the register's own, or one of its own gone or altered.
    pub fn endangers_writes(&self) -> bool {
        match self {
            SchemaFinding::Foreign { kind, .. } => kind == "trigger",
            SchemaFinding::Missing { .. } | SchemaFinding::Altered { .. } => true,
        }
    }
}

impl std::fmt::Display for SchemaFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaFinding::Foreign { kind, name } => write!(
                f,
                "{kind} '{name}' is not the register's own (put there by another program?)"
            ),
            SchemaFinding::Missing { name } => {
                write!(
                    f,
                    "the register's trigger '{name}' is missing (removed by another program?)"
                )
            }
            SchemaFinding::Altered { name } => {
                write!(
                    f,
                    "the register's trigger '{name}' was altered (by another program?)"
                )
            }
        }
    }
}

/// (type, name) → SQL of every object a register of this schema holds.
type Objects = BTreeMap<(String, String), String>;

/// The objects the migrations make, pinned as `[type, name, sql]` lines:
/// running every migration on a register in memory to learn them took
/// 76 ms of every command that writes. A unit test checks the file against
/// the migrations; `DPO_WRITE_DOCS=1 cargo test --lib schema_check` writes it.
const PINNED: &str = include_str!("migrations/own_schema.json");

/// The register's own objects: as pinned, or, should the file not read,
/// from a new register in memory.
fn own_schema() -> StoreResult<&'static Objects> {
    static OWN: OnceLock<Objects> = OnceLock::new();
    if let Some(own) = OWN.get() {
        return Ok(own);
    }
    let own = match pinned(PINNED) {
        Some(own) => own,
        None => migrated()?,
    };
    Ok(OWN.get_or_init(|| own))
}

fn pinned(text: &str) -> Option<Objects> {
    let lines: Vec<(String, String, String)> = serde_json::from_str(text).ok()?;
    Some(
        lines
            .into_iter()
            .map(|(kind, name, sql)| ((kind, name), sql))
            .collect(),
    )
}

/// The objects of a register made now, every migration run.
fn migrated() -> StoreResult<Objects> {
    let fresh = Register::in_memory(
        std::path::Path::new("schema"),
        crate::platform::clock::Clock::System,
    )?;
    objects(&fresh.conn)
}

/// The schema objects of `conn`'s main database but SQLite's own.
fn objects(conn: &Connection) -> StoreResult<Objects> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM main.sqlite_schema
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every schema object of `conn` that is not the register's own, and every
/// trigger of its own missing or altered.
pub(super) fn findings(conn: &Connection) -> StoreResult<Vec<SchemaFinding>> {
    let own = own_schema()?;
    let found = objects(conn)?;
    let mut findings = Vec::new();
    for ((kind, name), sql) in &found {
        match own.get(&(kind.clone(), name.clone())) {
            None => findings.push(SchemaFinding::Foreign {
                kind: kind.clone(),
                name: name.clone(),
            }),
            Some(expected) if kind == "trigger" && expected != sql => {
                findings.push(SchemaFinding::Altered { name: name.clone() })
            }
            Some(_) => {}
        }
    }
    for (kind, name) in own.keys() {
        if kind == "trigger" && !found.contains_key(&(kind.clone(), name.clone())) {
            findings.push(SchemaFinding::Missing { name: name.clone() });
        }
    }
    Ok(findings)
}

impl Register {
    /// What the schema holds besides the register's own (see `SchemaFinding`).
    pub fn schema_findings(&self) -> StoreResult<Vec<SchemaFinding>> {
        if self.server.is_some() {
            // The server's schema is checked by `dpo verify URL`.
            return Ok(Vec::new());
        }
        findings(&self.conn)
    }

    /// Refuses a write while a trigger is not the register's own: checked
    /// again only when the schema changed since the last check.
    pub(super) fn check_schema_before_writing(&self) -> StoreResult<()> {
        if self.server.is_some() {
            // A working copy in this process's memory: no other program can
            // reach it, and it keeps no journal guards of its own (see
            // `server::write`); the server keeps the register's.
            return Ok(());
        }
        let cookie: i64 = self
            .conn
            .pragma_query_value(None, "schema_version", |r| r.get(0))?;
        if self.schema_checked.get() == Some(cookie) {
            return Ok(());
        }
        let endangering: Vec<String> = findings(&self.conn)?
            .into_iter()
            .filter(SchemaFinding::endangers_writes)
            .map(|f| f.to_string())
            .collect();
        if !endangering.is_empty() {
            return Err(StoreError::ForeignSchema {
                path: self.path().to_path_buf(),
                findings: endangering.join("; "),
            });
        }
        self.schema_checked.set(Some(cookie));
        Ok(())
    }

    /// Puts the register's own triggers back and removes the triggers and
    /// views another program added (tables and indexes are left: they may
    /// hold someone's data, and cannot act on the register's rows); returns
    /// what was done.
    pub fn repair_schema(&mut self) -> StoreResult<Vec<String>> {
        let tx = self.write_tx_unchecked()?;
        let mut done = Vec::new();
        let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        for finding in findings(&tx)? {
            match &finding {
                SchemaFinding::Foreign { kind, name } if kind == "trigger" || kind == "view" => {
                    tx.execute_batch(&format!("DROP {} {};", kind.to_uppercase(), quoted(name)))?;
                    done.push(format!("removed the {kind} '{name}'"));
                }
                // Made again below, as the register has it.
                SchemaFinding::Altered { name } => {
                    tx.execute_batch(&format!("DROP TRIGGER {};", quoted(name)))?;
                }
                _ => {}
            }
        }
        for name in super::journal::ensure_triggers(&tx)? {
            done.push(format!("put back the trigger '{name}'"));
        }
        let search_before = findings(&tx)?.len();
        super::search::ensure_triggers(&tx)?;
        if findings(&tx)?.len() < search_before {
            done.push("put back the search index's triggers".to_string());
        }
        tx.commit()?;
        self.schema_checked.set(None);
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_schema_is_what_the_migrations_make() {
        let made = migrated().unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/store/migrations/own_schema.json"
        );
        if std::env::var_os("DPO_WRITE_DOCS").is_some() {
            let lines: Vec<[&String; 3]> = made
                .iter()
                .map(|((kind, name), sql)| [kind, name, sql])
                .collect();
            let text = serde_json::to_string_pretty(&lines).unwrap();
            std::fs::write(path, text + "\n").unwrap();
            return; // compiled in by the next build
        }
        assert_eq!(
            pinned(PINNED).as_ref(),
            Some(&made),
            "{path} is out of date: run DPO_WRITE_DOCS=1 cargo test --lib schema_check"
        );
    }
}
