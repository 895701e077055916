//! A server made ready for a team: the trigram extension the search uses,
//! a group role for the team's DPOs, and per register a role that holds its
//! grants. The journal is append-only by grants: no role but the register's
//! owner may write it, and the owner's own writes go through the triggers.

use postgres::Transaction;

use super::address::ServerAddress;
use super::connection::{connect, server_error};
use super::schema::TableShape;
use crate::store::error::{StoreError, StoreResult};

/// The group role every DPO of the team is made a member of.
pub(super) const TEAM_ROLE: &str = "dpo_team";

/// The role holding one register's grants: `GRANT dpo_reg_acme TO kari`
/// lets one DPO work on one client only.
pub(super) fn register_role(name: &str) -> String {
    format!("dpo_reg_{name}")
}

/// What `dpo server-setup` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupReport {
    pub extension: bool,
    pub team_role_made: bool,
    pub registers: Vec<String>,
    /// Schemas with a register's table whose names no register may have.
    pub passed_over: Vec<String>,
}

/// Refused unless the database has `pg_trgm` (the search's index).
pub(super) fn require_trigram_search(
    tx: &mut Transaction<'_>,
    address: &ServerAddress,
) -> StoreResult<()> {
    let present: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')",
            &[],
        )
        .map_err(|e| server_error(address, e))?
        .get(0);
    if present {
        return Ok(());
    }
    Err(StoreError::Server {
        address: address.to_string(),
        message: "this database lacks the pg_trgm extension the register's search uses: \
                  run `dpo server-setup` with this address as the database's owner first"
            .to_string(),
    })
}

fn may_make_roles(tx: &mut Transaction<'_>) -> Result<bool, postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
            &[],
        )?
        .get(0))
}

/// Whether the team's role (`dpo_team`, made by `server-setup`) is there.
pub(super) fn team_exists(tx: &mut Transaction<'_>) -> Result<bool, postgres::Error> {
    role_exists(tx, TEAM_ROLE)
}

fn role_exists(tx: &mut Transaction<'_>, role: &str) -> Result<bool, postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )?
        .get(0))
}

/// The register's role made (when this user may) and given the register:
/// reading and writing its tables, reading its journal and bookkeeping.
/// Returns the role, or `None` when there is none and this user may not make one.
pub(super) fn grant_register(
    tx: &mut Transaction<'_>,
    name: &str,
) -> Result<Option<String>, postgres::Error> {
    let role = register_role(name);
    if !role_exists(tx, &role)? {
        if !may_make_roles(tx)? {
            return Ok(None);
        }
        tx.batch_execute(&format!("CREATE ROLE {role} NOLOGIN"))?;
    }
    tx.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA {name} TO {role};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {name} TO {role};
         REVOKE INSERT, UPDATE, DELETE, TRUNCATE
             ON {name}.journal, {name}.dpo_register, {name}.dpo_loading FROM {role};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {name} TO {role};
         REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {name} FROM PUBLIC, {role};"
    ))?;
    if role_exists(tx, TEAM_ROLE)? {
        tx.batch_execute(&format!("GRANT {role} TO {TEAM_ROLE}"))?;
    }
    Ok(Some(role))
}

/// Makes the server ready: `pg_trgm`, the team's role, and every register's
/// role and grants (again, harmlessly, for those already given).
pub fn server_setup(address: &ServerAddress) -> StoreResult<SetupReport> {
    let failed = |e| server_error(address, e);
    let mut client = connect(address)?;
    let mut tx = client.transaction().map_err(failed)?;
    let mut report = SetupReport::default();
    // Two set-ups at once would both try to add the extension.
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, 0)",
        &[&super::schema::LOCK_CLASS],
    )
    .map_err(failed)?;
    tx.batch_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        .map_err(|e| StoreError::Server {
            address: address.to_string(),
            message: format!(
                "cannot add the pg_trgm extension ({}): the database's owner or a superuser runs this once",
                e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_string())
            ),
        })?;
    report.extension = true;
    if !role_exists(&mut tx, TEAM_ROLE).map_err(failed)?
        && may_make_roles(&mut tx).map_err(failed)?
    {
        tx.batch_execute(&format!("CREATE ROLE {TEAM_ROLE} NOLOGIN"))
            .map_err(failed)?;
        report.team_role_made = true;
    }
    let names: Vec<String> = tx
        .query(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'dpo_register' AND pg_has_role(n.nspowner, 'USAGE')
             ORDER BY n.nspname",
            &[],
        )
        .map_err(failed)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    // A schema's name goes into statements: only names a register may have
    // (a schema named to smuggle SQL in is passed over and named).
    for name in &names {
        match super::address::valid_register_name(name) {
            Ok(()) => {
                // A register dropped since the list was read (by its owner,
                // meanwhile) is passed over: its grants fail, and only their
                // savepoint is rolled back.
                let mut one = tx.transaction().map_err(failed)?;
                match grant_register(&mut one, name) {
                    Ok(_) => {
                        one.commit().map_err(failed)?;
                        report.registers.push(name.clone());
                    }
                    Err(e) if vanished(&e) => {}
                    Err(e) => return Err(failed(e)),
                }
            }
            Err(_) => report.passed_over.push(name.clone()),
        }
    }
    tx.commit().map_err(failed)?;
    Ok(report)
}

/// Whether a statement failed because its schema, table or role is gone.
fn vanished(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    [
        SqlState::INVALID_SCHEMA_NAME,
        SqlState::UNDEFINED_TABLE,
        SqlState::UNDEFINED_OBJECT,
    ]
    .iter()
    .any(|code| e.code() == Some(code))
}

/// What is missing of the register's guards on the server: a journal
/// trigger dropped or disabled, the journal's own guards, a role other than
/// the owner allowed to change the journal.
pub(super) fn missing_guards(
    tx: &mut Transaction<'_>,
    address: &ServerAddress,
    shapes: &[TableShape],
) -> StoreResult<Vec<String>> {
    let failed = |e| server_error(address, e);
    let enabled: Vec<String> = tx
        .query(
            "SELECT t.tgname FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')",
            &[&address.register],
        )
        .map_err(failed)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut problems = Vec::new();
    let expected = shapes
        .iter()
        .filter(|s| s.name != "journal")
        .map(|s| format!("journal_{}", s.name))
        .chain([
            "journal_no_change".to_string(),
            "journal_no_truncate".to_string(),
        ]);
    for trigger in expected {
        if !enabled.contains(&trigger) {
            problems.push(format!(
                "on the server, trigger {trigger} is missing or disabled: changes there are not journaled or guarded"
            ));
        }
    }
    // Read from the table's own access list: the information schema shows
    // only grants that involve the role asking.
    let writers = tx
        .query(
            "SELECT DISTINCT coalesce(r.rolname, 'PUBLIC') FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN LATERAL aclexplode(c.relacl) AS a
             LEFT JOIN pg_roles r ON r.oid = a.grantee
             WHERE n.nspname = $1 AND c.relname = 'journal'
               AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
               AND a.grantee <> c.relowner
             ORDER BY 1",
            &[&address.register],
        )
        .map_err(failed)?;
    for row in writers {
        let grantee: String = row.get(0);
        problems.push(format!(
            "on the server, role {grantee} may change the journal directly: it must be append-only (REVOKE INSERT, UPDATE, DELETE, TRUNCATE)"
        ));
    }
    Ok(problems)
}
