//! What the integration tests share: the moment they pretend it is, and the
//! real binary run in a folder of their own with that moment.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::process::{Command, Output};

use dpo_workbench::platform::clock::Clock;

/// The moment these tests pretend it is, for the binary (`DPO_NOW`) and for
/// the registers they open themselves: nothing they check depends on the day
/// they run.
pub(crate) const MOMENT: &str = "2026-11-23T10:00:00Z";

pub(crate) fn clock() -> Clock {
    Clock::fixed(MOMENT.parse().unwrap())
}

/// `dpo ARGS` in `dir` at `MOMENT`, with no register, passphrase or new
/// passphrase from the environment but `env`, and nothing on standard input.
pub(crate) fn dpo_with(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dpo"));
    cmd.args(args)
        .current_dir(dir)
        .env("DPO_NOW", MOMENT)
        .env_remove("DPO_REGISTER")
        .env_remove("DPO_PASSPHRASE")
        .env_remove("DPO_NEW_PASSPHRASE")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// What the binary printed, standard output then standard error.
pub(crate) fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A record of kind `K` read from `(field, text)` pairs by the kind's rules
/// at `MOMENT`, as a form or a CSV row would give it.
pub(crate) fn record<K: dpo_workbench::record::Kind>(pairs: &[(&'static str, &str)]) -> K::Fields {
    use dpo_workbench::record::{validate, Context, Draft};
    let draft = pairs
        .iter()
        .fold(Draft::default(), |d, (key, text)| d.with(key, *text));
    let context = Context::new(clock().now(), chrono_tz::UTC);
    validate::<K>(&draft, &context).unwrap()
}

/// The demo register made at `MOMENT` in `dir` (`demo.dpo`), through the
/// library as `dpo init --demo` makes it.
pub(crate) fn demo_register(dir: &Path) -> std::path::PathBuf {
    use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
    let path = dir.join("demo.dpo");
    dpo_workbench::store::Register::create(
        &path,
        &demo_organisation(clock().now()).unwrap(),
        clock(),
        |r| load_demo(r, clock().now()).map(|_| ()),
    )
    .map_err(|e: dpo_workbench::exchange::ExchangeError| e.to_string())
    .unwrap();
    path
}

/// Whether the store's suites run on a PostgreSQL server this time
/// (`DPO_TEST_ENGINE=postgres`, with `DPO_TEST_POSTGRES` naming one; `.ci/run`
/// runs them so after the file run).
pub(crate) fn on_postgres() -> bool {
    std::env::var("DPO_TEST_ENGINE").as_deref() == Ok("postgres")
}

/// The register a store suite tests: the file as made, or on the
/// PostgreSQL engine the same register pushed to the server and opened there,
/// in a database of its own (`dpo_engines`) so the server tests' listings stay
/// short.
pub(crate) fn on_test_engine(
    register: dpo_workbench::store::Register,
) -> dpo_workbench::store::Register {
    use std::sync::atomic::{AtomicUsize, Ordering};
    if !on_postgres() {
        return register;
    }
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let base = engines_database();
    let name = format!(
        "e_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    );
    let url = format!("{base}&register={name}");
    let address = dpo_workbench::store::server::ServerAddress::parse(&url).unwrap();
    let clock = register.clock();
    dpo_workbench::store::server::push(&register, &address, clock).unwrap();
    drop(register);
    dpo_workbench::store::Register::open(Path::new(&url), clock).unwrap()
}

/// The register at `path` opened again, as a second window would: on the
/// server when `first` is there.
pub(crate) fn open_again(
    first: &dpo_workbench::store::Register,
    path: &Path,
    clock: Clock,
) -> dpo_workbench::store::Register {
    let target = match first.server_address() {
        Some(address) => std::path::PathBuf::from(address.to_string()),
        None => path.to_path_buf(),
    };
    dpo_workbench::store::Register::open(&target, clock).unwrap()
}

/// The address of the `dpo_engines` database beside `DPO_TEST_POSTGRES`'s,
/// made with the trigram extension the first time.
fn engines_database() -> String {
    let base = std::env::var("DPO_TEST_POSTGRES")
        .expect("DPO_TEST_ENGINE=postgres needs DPO_TEST_POSTGRES (scripts/pg_cluster.sh start)");
    let (head, query) = base.split_once('?').unwrap_or((&base, ""));
    let server = head.rsplit_once('/').map_or(head, |(s, _)| s);
    let engines = format!("{server}/dpo_engines?{query}");
    let admin_url = base.replace("postgres://", "postgresql://");
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap();
    // Suites start at once: one makes the database, the others find it.
    admin
        .batch_execute("SELECT pg_advisory_lock(4243)")
        .unwrap();
    let exists = admin
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'dpo_engines')",
            &[],
        )
        .unwrap()
        .get::<_, bool>(0);
    if !exists {
        admin.batch_execute("CREATE DATABASE dpo_engines").unwrap();
    }
    let mut engines_admin = postgres::Client::connect(
        &engines.replace("postgres://", "postgresql://"),
        postgres::NoTls,
    )
    .unwrap();
    engines_admin
        .batch_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        .unwrap();
    admin
        .batch_execute("SELECT pg_advisory_unlock(4243)")
        .unwrap();
    engines
}
