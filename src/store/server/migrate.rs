//! A register's schema on a server brought up to this binary's, once: in one
//! transaction, under the register's lock, the version read again there (a
//! second program that waited for the lock finds nothing left to do).

use postgres::Transaction;

use super::address::ServerAddress;
use super::connection::{connect, server_error};
use super::transfer::{lock_register, version_on_server};
use crate::store::error::{StoreError, StoreResult};

/// One step of a server register's schema: the statements that take it from
/// the version before to `version`, run with the register's schema first on
/// the search path.
#[derive(Debug, Clone, Copy)]
pub struct ServerStep {
    pub version: u32,
    pub sql: &'static str,
}

/// The server's steps. Registers came to servers at schema 21; a migration
/// that changes the file's schema after it adds its server statements here
/// (the schema test compares a migrated server's tables with the file's).
pub const SERVER_STEPS: &[ServerStep] = &[];

/// Takes register `address.register` to schema `target` by `steps`; the
/// versions applied (none when another program did it first).
pub fn migrate_server_register(
    address: &ServerAddress,
    steps: &[ServerStep],
    target: u32,
) -> StoreResult<Vec<u32>> {
    let mut client = connect(address)?;
    let mut tx = client.transaction().map_err(|e| server_error(address, e))?;
    let applied = migrate_in(&mut tx, address, steps, target)?;
    tx.commit().map_err(|e| server_error(address, e))?;
    Ok(applied)
}

fn migrate_in(
    tx: &mut Transaction<'_>,
    address: &ServerAddress,
    steps: &[ServerStep],
    target: u32,
) -> StoreResult<Vec<u32>> {
    let failed = |e| server_error(address, e);
    let name = &address.register;
    lock_register(tx, name).map_err(failed)?;
    let Some(found) = version_on_server(tx, name).map_err(failed)? else {
        return Err(StoreError::NoServerRegister {
            address: address.to_string(),
            register: name.clone(),
        });
    };
    let found = u32::try_from(found).unwrap_or(u32::MAX);
    if found >= target {
        return Ok(Vec::new());
    }
    // And the writers' lock: no write runs while the schema changes (a
    // workbench left open on the old schema is refused at its next save).
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2::text::regnamespace::oid::integer)",
        &[&super::schema::LOCK_CLASS, &name],
    )
    .map_err(failed)?;
    let pending: Vec<&ServerStep> = steps
        .iter()
        .filter(|s| s.version > found && s.version <= target)
        .collect();
    let covered = (found + 1..=target).all(|v| pending.iter().any(|s| s.version == v));
    if !covered {
        return Err(StoreError::Server {
            address: address.to_string(),
            message: format!(
                "register {name} is at schema {found} and this dpo writes schema {target}, \
                 but knows no way to upgrade it on a server: pull it, push it again under a new name"
            ),
        });
    }
    tx.batch_execute(&format!("SET LOCAL search_path = {name}, public"))
        .map_err(failed)?;
    for step in &pending {
        tx.batch_execute(step.sql).map_err(failed)?;
    }
    tx.execute(
        &format!("UPDATE {name}.dpo_register SET schema_version = $1"),
        &[&i64::from(target)],
    )
    .map_err(failed)?;
    Ok(pending.iter().map(|s| s.version).collect())
}
