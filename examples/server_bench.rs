//! What a save costs on a register on a PostgreSQL server (issue V): opens
//! the register at the address given, saves one processor's notes N times
//! over the revision the copy shows, and prints the median and the worst
//! save, and the open.
//!
//!   cargo run --release --example server_bench -- 'postgres://…?register=NAME' [N]

use std::path::Path;
use std::time::Instant;

use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::Register;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: server_bench 'postgres://USER@HOST:PORT/DB?register=NAME' [SAVES]");
        std::process::exit(2);
    };
    let saves: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let clock = Clock::from_environment().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let started = Instant::now();
    let mut register = Register::open(Path::new(&url), clock).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(3)
    });
    let opened = started.elapsed();
    let id = register
        .processor_page("", 0, 1)
        .ok()
        .and_then(|rows| rows.first().map(|r| r.processor.id))
        .expect("a register with a processor");
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        let row = register.processor(id).unwrap().unwrap();
        let mut fields = row.processor.fields.clone();
        fields.notes = format!("bench save {i}");
        let t = Instant::now();
        register
            .update_processor(id, row.processor.revision, &fields)
            .unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "open {:.0} ms; {saves} saves: median {:.1} ms, 99th {:.1} ms, worst {:.1} ms",
        ms(opened),
        ms(times[saves / 2]),
        ms(times[saves * 99 / 100]),
        ms(times[saves - 1])
    );
}
