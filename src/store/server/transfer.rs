//! Registers moved between a file and a server, row by row as JSON with
//! their journal entries (`store::copy`), and a server's register checked by
//! the code that checks a file.

use std::path::Path;

use postgres::Transaction;

use super::address::ServerAddress;
use super::connection::{connect, server_error};
use super::schema::{create_register, table_shapes, TableShape, LOCK_CLASS, ROWID};
use crate::platform::clock::{stamp_millis, Clock};
use crate::store::error::{StoreError, StoreResult};
use crate::store::{Loader, PulledFrom, Register, Verification, SCHEMA_VERSION};

/// How many rows go to the server in one statement, and come back in one fetch.
const BATCH: usize = 2000;

/// What a push or a pull moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub records: usize,
    pub entries: usize,
    /// The journal's last hash: the same on both sides.
    pub head: String,
    /// A push: the role the register's grants went to, `None` when this
    /// user may not make roles (then `dpo server-setup` by the owner does).
    pub granted_to: Option<String>,
    /// A push: the team's role (`dpo_team`) was given the register's role.
    pub team_has_it: bool,
}

/// The tables of a register with this binary's schema, and the statements
/// that make them on a server.
fn pristine(clock: Clock) -> StoreResult<Register> {
    Register::in_memory(Path::new("schema.dpo"), clock)
}

/// Takes the lock that one register's setting up and migrating hold, so two
/// programs never make or upgrade the same register at once.
pub(super) fn lock_register(tx: &mut Transaction<'_>, name: &str) -> Result<(), postgres::Error> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext('dpo register ' || $2::text))",
        &[&LOCK_CLASS, &name],
    )
    .map(|_| ())
}

/// The schema version of register `name` on the server, `None` when there
/// is no such register.
pub(super) fn version_on_server(
    tx: &mut Transaction<'_>,
    name: &str,
) -> Result<Option<i64>, postgres::Error> {
    if !is_register_schema(tx, name)? {
        return Ok(None);
    }
    let row = tx.query_opt(
        &format!("SELECT schema_version FROM {name}.dpo_register"),
        &[],
    )?;
    Ok(row.map(|r| r.get(0)))
}

/// Whether schema `name` holds a register, read from the catalogue alone
/// (every role may read it, whatever it may read in the schema).
fn is_register_schema(tx: &mut Transaction<'_>, name: &str) -> Result<bool, postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = 'dpo_register')",
            &[&name],
        )?
        .get(0))
}

/// Puts the register of `file` on the server as register `address.register`,
/// with every row and journal entry as they are; never over one that is there.
/// A file whose own journal does not verify is not carried over.
pub fn push(file: &Register, address: &ServerAddress, clock: Clock) -> StoreResult<Moved> {
    let verification = file.verify_journal()?;
    if let Some(problem) = verification.problems.first() {
        return Err(StoreError::field(
            "file",
            format!("its journal does not verify ({problem}); `dpo verify` lists every problem, and nothing was sent"),
        ));
    }
    let name = address.register.as_str();
    let failed = |e| server_error(address, e);
    let mut client = connect(address)?;
    let mut tx = client.transaction().map_err(failed)?;
    lock_register(&mut tx, name).map_err(failed)?;
    // Every role sees every schema's name, whatever it may read in them.
    let taken: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&name],
        )
        .map_err(failed)?
        .get(0);
    if taken {
        let is_register = is_register_schema(&mut tx, name).map_err(failed)?;
        return Err(StoreError::OnServerAlready {
            address: address.to_string(),
            register: name.to_string(),
            what: if is_register {
                "a register"
            } else {
                "a schema (not a register)"
            },
        });
    }
    super::setup::require_trigram_search(&mut tx, address)?;
    let schema = pristine(clock)?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA {name}; SET LOCAL search_path = {name}, public"
    ))
    .map_err(failed)?;
    for statement in create_register(&schema.conn, name)? {
        tx.batch_execute(&statement).map_err(failed)?;
    }
    tx.batch_execute(
        "INSERT INTO dpo_loading VALUES (txid_current()); SET CONSTRAINTS ALL DEFERRED",
    )
    .map_err(failed)?;
    let shapes = table_shapes(&schema.conn)?;
    let mut moved = Moved {
        records: 0,
        entries: 0,
        head: verification.head.clone(),
        granted_to: None,
        team_has_it: false,
    };
    for shape in &shapes {
        let count = send_table(&mut tx, file, shape).map_err(|e| match e {
            Sent::Store(e) => e,
            Sent::Server(e) => failed(e),
        })?;
        if shape.name == "journal" {
            moved.entries = count;
        } else {
            moved.records += count;
        }
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{t}', '{k}'),
                               coalesce((SELECT max({k}) FROM {t}), 0) + 1, false)",
                t = shape.name,
                k = shape.key
            ),
            &[],
        )
        .map_err(failed)?;
    }
    tx.execute(
        "INSERT INTO dpo_register (id, schema_version, created_at) VALUES (1, $1, $2)",
        &[&i64::from(SCHEMA_VERSION), &stamp_millis(clock.now())],
    )
    .map_err(failed)?;
    tx.batch_execute("DELETE FROM dpo_loading; SET CONSTRAINTS ALL IMMEDIATE")
        .map_err(failed)?;
    moved.granted_to = super::setup::grant_register(&mut tx, name).map_err(failed)?;
    moved.team_has_it =
        moved.granted_to.is_some() && super::setup::team_exists(&mut tx).map_err(failed)?;
    tx.commit().map_err(failed)?;
    Ok(moved)
}

enum Sent {
    Store(StoreError),
    Server(postgres::Error),
}

/// One table's rows sent in batches of JSON arrays.
fn send_table(
    tx: &mut Transaction<'_>,
    file: &Register,
    shape: &TableShape,
) -> Result<usize, Sent> {
    let insert = format!(
        "INSERT INTO {t} SELECT * FROM json_populate_recordset(NULL::{t}, $1::text::json)",
        t = shape.name
    );
    let mut batch = String::from("[");
    let mut in_batch = 0;
    let mut count = 0;
    let mut server_error = None;
    let flush = |batch: &mut String, in_batch: &mut usize, tx: &mut Transaction<'_>| {
        if *in_batch == 0 {
            return Ok(());
        }
        batch.push(']');
        tx.execute(&insert, &[&*batch])?;
        batch.clear();
        batch.push('[');
        *in_batch = 0;
        Ok::<(), postgres::Error>(())
    };
    file.for_each_row_json(&shape.name, |rowid, json| {
        if in_batch > 0 {
            batch.push(',');
        }
        if shape.key == ROWID {
            batch.push_str(&format!("{{\"{ROWID}\":{rowid},"));
            batch.push_str(json.strip_prefix('{').unwrap_or(&json));
        } else {
            batch.push_str(&json);
        }
        in_batch += 1;
        count += 1;
        if in_batch == BATCH {
            if let Err(e) = flush(&mut batch, &mut in_batch, tx) {
                server_error = Some(e);
                return Err(StoreError::field("server", "stopped"));
            }
        }
        Ok(())
    })
    .map_err(|e| match server_error.take() {
        Some(server) => Sent::Server(server),
        None => Sent::Store(e),
    })?;
    flush(&mut batch, &mut in_batch, tx).map_err(Sent::Server)?;
    Ok(count)
}

/// Register `name` on the server at this binary's schema, else why not.
fn require_current(tx: &mut Transaction<'_>, address: &ServerAddress) -> StoreResult<()> {
    let name = &address.register;
    match version_on_server(tx, name).map_err(|e| server_error(address, e))? {
        None => Err(StoreError::NoServerRegister {
            address: address.to_string(),
            register: name.clone(),
        }),
        Some(v) if v == i64::from(SCHEMA_VERSION) => Ok(()),
        Some(v) => Err(StoreError::Server {
            address: address.to_string(),
            message: format!(
                "register {name} is at schema {v} and this dpo writes schema {SCHEMA_VERSION}: {}",
                if v > i64::from(SCHEMA_VERSION) {
                    "upgrade dpo"
                } else {
                    "open it once with this dpo to upgrade it"
                }
            ),
        }),
    }
}

/// Every table of the server's register handed to `loader`, read in one
/// snapshot; the journal's last (seq, hash).
fn receive(
    tx: &mut Transaction<'_>,
    address: &ServerAddress,
    shapes: &[TableShape],
    loader: &Loader<'_>,
) -> StoreResult<(usize, usize)> {
    let failed = |e| server_error(address, e);
    let (mut records, mut entries) = (0, 0);
    for shape in shapes {
        let sql = format!(
            "SELECT t.{k}, {row} FROM {s}.{t} AS t ORDER BY t.{k}",
            k = shape.key,
            row = super::schema::row_as_json("t", &shape.columns),
            s = address.register,
            t = shape.name
        );
        let portal = tx.bind(&sql, &[]).map_err(failed)?;
        loop {
            let rows = tx.query_portal(&portal, BATCH as i32).map_err(failed)?;
            if rows.is_empty() {
                break;
            }
            let n = loader.rows(
                &shape.name,
                rows.iter()
                    .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1))),
            )?;
            if shape.name == "journal" {
                entries += n;
            } else {
                records += n;
            }
        }
    }
    Ok((records, entries))
}

/// A read-only snapshot of the server's register, started.
fn snapshot<'a>(
    client: &'a mut postgres::Client,
    address: &ServerAddress,
) -> StoreResult<Transaction<'a>> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| server_error(address, e))?;
    require_current(&mut tx, address)?;
    Ok(tx)
}

fn head(tx: &mut Transaction<'_>, address: &ServerAddress) -> StoreResult<(i64, String)> {
    let row = tx
        .query_opt(
            &format!(
                "SELECT seq, hash FROM {}.journal ORDER BY seq DESC LIMIT 1",
                address.register
            ),
            &[],
        )
        .map_err(|e| server_error(address, e))?;
    Ok(row.map_or((0, String::new()), |r| (r.get(0), r.get(1))))
}

/// A local copy of the server's register at `path`, encrypted with `key`,
/// read-only and marked with where it came from.
pub fn pull(
    address: &ServerAddress,
    path: &Path,
    key: Option<&str>,
    clock: Clock,
) -> StoreResult<Moved> {
    let shapes = table_shapes(&pristine(clock)?.conn)?;
    let mut client = connect(address)?;
    let mut tx = snapshot(&mut client, address)?;
    let (journal_seq, journal_hash) = head(&mut tx, address)?;
    let from = PulledFrom {
        address: address.to_string(),
        pulled_at: stamp_millis(clock.now()),
        journal_seq,
        journal_hash: journal_hash.clone(),
    };
    let mut counts = (0, 0);
    Register::create_pulled(path, key, clock, &from, |loader| {
        counts = receive(&mut tx, address, &shapes, loader)?;
        Ok(())
    })?;
    Ok(Moved {
        records: counts.0,
        entries: counts.1,
        head: journal_hash,
        granted_to: None,
        team_has_it: false,
    })
}

/// The server's register checked as a file is (`Register::verify_journal`),
/// and its triggers and guards found in place.
pub fn verify_on_server(address: &ServerAddress, clock: Clock) -> StoreResult<Verification> {
    let shapes = table_shapes(&pristine(clock)?.conn)?;
    let mut client = connect(address)?;
    let mut tx = snapshot(&mut client, address)?;
    let copy = Register::in_memory_copy(clock, |loader| {
        receive(&mut tx, address, &shapes, loader).map(|_| ())
    })?;
    let mut verification = copy.verify_journal()?;
    verification
        .problems
        .extend(super::setup::missing_guards(&mut tx, address, &shapes)?);
    Ok(verification)
}

/// The registers on the server of `address` (its database), by name.
pub fn registers_on_server(address: &ServerAddress) -> StoreResult<Vec<String>> {
    let mut client = connect(address)?;
    let rows = client
        .query(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'dpo_register' AND has_schema_privilege(n.oid, 'USAGE')
             ORDER BY n.nspname",
            &[],
        )
        .map_err(|e| server_error(address, e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Fills `register`, empty, with the server's register as one snapshot shows it.
pub(super) fn load_snapshot(
    address: &ServerAddress,
    shapes: &[TableShape],
    register: &mut Register,
) -> StoreResult<()> {
    let mut client = connect(address)?;
    let mut tx = snapshot(&mut client, address)?;
    register.fill_as_copy(|loader| receive(&mut tx, address, shapes, loader).map(|_| ()))
}
