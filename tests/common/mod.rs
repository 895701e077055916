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
