//! The workbench at scale: synthetic registers of 10k, 100k and (with --big)
//! 1M requests, and the figures issue J sets targets for, printed as a table.
//!
//!     cargo run --release --example bench            # 10k and 100k
//!     cargo run --release --example bench -- --big   # also 1M
//!     cargo run --example bench -- --guard           # CI: fails on a large regression
//!     cargo run --release --example bench -- --only 1000000 --screens  # one size, no CSV
//!
//! Registers are made once in target/bench-data and reused. Each figure is
//! the median of several runs, measured through the same update/perform/
//! render path the terminal uses (on a TestBackend of 120x40).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpo_workbench::exchange::demo::demo_organisation;
use dpo_workbench::exchange::ExchangeError;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::Register;
use dpo_workbench::tui::action::Action;
use dpo_workbench::tui::app::perform;
use dpo_workbench::tui::background::Background;
use dpo_workbench::tui::effect::Effect;
use dpo_workbench::tui::effect::RequestEffect;
use dpo_workbench::tui::keymap::Command as Cmd;
use dpo_workbench::tui::render::render;
use dpo_workbench::tui::state::State;
use dpo_workbench::tui::theme::Theme;
use dpo_workbench::tui::update::{init, key_to_action, update};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod import_floor;

fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn register_of(n: usize) -> PathBuf {
    let path = data_dir().join(format!("synthetic-{n}.dpo"));
    if !path.exists() {
        let start = Instant::now();
        let clock = Clock::System;
        Register::create(
            &path,
            &demo_organisation(clock.now()).unwrap(),
            clock,
            |r| {
                dpo_workbench::exchange::demo::load_demo(r, clock.now())?;
                dpo_workbench::exchange::synthetic::fill(r, n, 1, clock.now()).map(|_| ())
            },
        )
        .map_err(|e: ExchangeError| e.to_string())
        .unwrap();
        eprintln!(
            "made {} in {:.1} s",
            path.display(),
            start.elapsed().as_secs_f64()
        );
    }
    path
}

struct Session {
    register: Register,
    state: State,
    terminal: Terminal<TestBackend>,
    /// The dashboard's reads, on their own thread as in the terminal's run loop.
    background: Background,
}

impl Session {
    fn act(&mut self, action: Action) {
        let mut effects: Vec<Effect> = update(&mut self.state, action);
        self.run(&mut effects);
    }

    fn run(&mut self, effects: &mut Vec<Effect>) {
        while !effects.is_empty() {
            let effect = effects.remove(0);
            if Background::takes(&effect) {
                let (now, today) = (self.state.now, self.state.today);
                self.background
                    .submit(self.register.path(), effect, now, today);
                continue;
            }
            let action = perform(&mut self.register, effect, self.state.now, self.state.today);
            effects.extend(update(&mut self.state, action));
        }
    }

    /// Takes the background's answers as they come until `done` (at most 30 s).
    fn settle_until(&mut self, done: impl Fn(&State) -> bool) {
        let start = Instant::now();
        while !done(&self.state) && start.elapsed() < Duration::from_secs(30) {
            match self.background.poll() {
                Some((_, action)) => {
                    let mut effects = update(&mut self.state, action);
                    self.run(&mut effects);
                }
                None => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    }

    /// Waits for the dashboard's reads and takes their answers.
    fn settle(&mut self) {
        for (_, action) in self.background.finish() {
            let mut effects = update(&mut self.state, action);
            self.run(&mut effects);
        }
    }

    fn key(&mut self, code: KeyCode) {
        let action = key_to_action(&self.state, KeyEvent::new(code, KeyModifiers::NONE));
        self.act(action);
    }

    fn draw(&mut self) {
        let state = &self.state;
        self.terminal.draw(|f| render(f, state)).unwrap();
    }
}

/// Opens the register and draws the first frame of the requests screen.
fn open(path: &Path) -> Session {
    let register = Register::open(path, Clock::System).unwrap();
    let now = Clock::System.now();
    let state = State::new("bench", Theme::monochrome(), now, now.date_naive(), 120, 40);
    let mut s = Session {
        register,
        state,
        terminal: Terminal::new(TestBackend::new(120, 40)).unwrap(),
        background: Background::default(),
    };
    let mut effects = init(&s.state);
    s.run(&mut effects);
    s.key(KeyCode::Char('3'));
    s.draw();
    s
}

/// The mean of all but the slowest fifth (a scheduler's hiccup is not the code's).
fn trimmed_mean(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.truncate((samples.len() * 4 / 5).max(1));
    samples.iter().sum::<Duration>() / samples.len() as u32
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

/// The process's peak resident memory so far (VmHWM): what browsing,
/// sorting and filtering needed at their worst moment.
fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(field)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .map(|kb| kb.parse::<f64>().unwrap_or(0.0) / 1024.0)
            })
        })
        .unwrap_or(0.0)
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn run_cmd(program: &str, args: &[&str]) -> Duration {
    timed(|| {
        let o = Command::new(program).args(args).output().unwrap();
        assert!(
            o.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    })
}

/// Times per key on the requests screen: one row, one page, jump to the end,
/// a change of order (`o` through every column) and the jump to the end in
/// each order; with the frame drawn, or (`draw` false) the state and store
/// work alone.
fn keys(path: &Path, draw: bool) -> [Duration; 5] {
    let mut s = open(path);
    s.settle();
    // The table shows medians (what a key usually costs). The guard compares
    // trimmed means: a key that needs the next rows from the store and one that
    // does not alternate, and a median would pick one of them by chance.
    let time = |s: &mut Session, n: usize, keys: &dyn Fn(&mut Session)| {
        let n = if draw { n } else { 2 * n };
        let summary = if draw { median } else { trimmed_mean };
        summary(
            (0..n)
                .map(|_| {
                    timed(|| {
                        keys(s);
                        if draw {
                            s.draw();
                        }
                    })
                })
                .collect(),
        )
    };
    let row = time(&mut s, 30, &|s| s.key(KeyCode::Down));
    let page = time(&mut s, 15, &|s| s.key(KeyCode::PageDown));
    let end = time(&mut s, 5, &|s| {
        s.act(Action::Command(Cmd::End));
        s.act(Action::Command(Cmd::Home));
    });
    // A figure for a key that does not do its job would be no figure.
    let at_end = |s: &mut Session| {
        s.act(Action::Command(Cmd::End));
        let list = &s.state.requests;
        assert_eq!(
            list.selected + 1,
            list.total,
            "End reached the last request"
        );
        assert!(list.counted);
    };
    at_end(&mut s);
    s.act(Action::Command(Cmd::Home));
    // From a row down the first screen, as a user would be.
    for _ in 0..20 {
        s.key(KeyCode::Down);
    }
    let mut sort = Vec::new();
    let mut end_sorted = Vec::new();
    for _ in 0..10 {
        sort.push(timed(|| {
            s.key(KeyCode::Char('o'));
            if draw {
                s.draw();
            }
        }));
        end_sorted.push(timed(|| {
            s.key(KeyCode::End);
            if draw {
                s.draw();
            }
        }));
        at_end(&mut s);
        s.key(KeyCode::Home);
    }
    [row, page, end, median(sort), median(end_sorted)]
}

/// One page further down from the middle of the list, as the requests screen
/// asks for it (the window of three screens around the selection): the page
/// from the top and from the ends are cheap whatever the design, this one is not.
fn middle_page(path: &Path, draw: bool) -> Duration {
    use dpo_workbench::tui::effect::Focus;
    let mut s = open(path);
    s.settle();
    let total = s.register.count_requests("").unwrap();
    let (window, page) = (3 * 38, 38);
    let mut at = total / 2;
    let load = |s: &mut Session, at: usize| {
        let effect = Effect::Requests(RequestEffect::LoadRequests {
            filter: String::new(),
            order: Default::default(),
            focus: Focus::Index(at),
            window,
        });
        let action = perform(&mut s.register, effect, s.state.now, s.state.today);
        let mut effects = update(&mut s.state, action);
        s.run(&mut effects);
        if draw {
            s.draw();
        }
    };
    load(&mut s, at);
    assert_eq!(s.state.requests.selected, at, "the middle of the list");
    median(
        (0..10)
            .map(|_| {
                at += page;
                timed(|| load(&mut s, at))
            })
            .collect(),
    )
}

/// Reads the file once into the OS's cache. The figures are about the code:
/// in a cold file a page in the middle of the list costs a disk read per row
/// (its rows lie scattered in the table), which measures the disk, and this
/// machine's memory reclaim evicts files that were idle a while.
/// Runs this bench again as `--open-once PATH`: (start to first frame,
/// start to the dashboard's items), a new process each time, so nothing
/// an earlier open built or read (the schema compared, statements prepared)
/// is at hand.
fn open_in_a_new_process(path: &Path) -> (Duration, Duration) {
    use std::io::BufRead;
    let start = Instant::now();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--open-once")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let _ = lines.next();
    let frame = start.elapsed();
    let _ = lines.next();
    let dashboard = start.elapsed();
    let _ = child.wait();
    (frame, dashboard)
}

/// `--open-once PATH`: opens, draws, says so; waits for the dashboard,
/// draws, says so.
fn open_once(path: &Path) {
    use std::io::Write;
    let mut s = open(path);
    s.draw();
    println!("frame");
    let _ = std::io::stdout().flush();
    // Until the Dashboard's items are on screen (the counts and the schema
    // check may still run on the background thread after it).
    s.settle_until(|state| state.dashboard.loaded);
    s.draw();
    println!("dashboard");
    let _ = std::io::stdout().flush();
    s.settle();
}

/// Takes the register (and its WAL) out of the OS's page cache, as after a
/// restart or a long day of other work: `posix_fadvise(DONTNEED)`, which any
/// user may ask for a file they can read (no root, no global cache drop).
fn cool(path: &Path) {
    use std::os::fd::AsRawFd;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    for file in [path, wal.as_path()] {
        if let Ok(f) = std::fs::File::open(file) {
            // SAFETY: a valid descriptor, held open for the call.
            unsafe {
                libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
            }
        }
    }
}

fn warm(path: &Path) {
    let mut file = std::fs::File::open(path).unwrap();
    std::io::copy(&mut file, &mut std::io::sink()).unwrap();
}

/// The CI guard. Absolute times say more about the machine than about the
/// code, so it compares the same keys on 2,000 and on 200,000 requests: a key
/// that costs the same whatever the size (the design) grows little; one that
/// has started to walk the whole table grows up to a hundredfold. Fails above 4×.
fn guard() {
    const LIMIT: f64 = 4.0;
    // Without drawing: in a debug build the frame costs more than the store.
    let measure = |n| {
        let path = register_of(n);
        warm(&path);
        let [row, page, end, sort, end_sorted] = keys(&path, false);
        let middle = middle_page(&path, false);
        // The worst a key holds the screen while filtering (rare prefixes
        // included: their search runs on its own thread), and a cold start.
        let mut s = open(&path);
        s.settle();
        let all = filter_figures(&mut s);
        // The median key: the worst key's set of matches grows with the
        // table by design (it is listed), and one slow key is noise here.
        let typical = median(all.results.clone());
        // Rare first letters are answered from the index's vocabulary:
        // their rows arrive in a time that does not grow with the table.
        let rare = filter_figures_of(&mut s, &["zq", "x"]).results;
        let rare = rare.into_iter().max().unwrap_or_default();
        let cold_start = median(
            (0..3)
                .map(|_| {
                    cool(&path);
                    open_in_a_new_process(&path).0
                })
                .collect(),
        );
        [
            row,
            page,
            end,
            middle,
            sort,
            end_sorted,
            all.keystroke,
            rare,
            typical,
            all.moves,
            cold_start,
        ]
    };
    let small = measure(2_000);
    let large = measure(200_000);
    let mut failed = false;
    println!("| key | 2,000 requests | 200,000 requests | growth (limit {LIMIT}×) |");
    println!("|---|---:|---:|---:|");
    let names = [
        "one row",
        "one page",
        "jump to end and back",
        "page mid-list",
        "sort by a column",
        "jump to end, sorted",
        "filter, slowest keystroke",
        "filter, rare letters' rows on screen",
        "filter, a key's rows on screen (median)",
        "filtered: End, sort, Home (worst)",
        "start to first frame, cold",
    ];
    for (i, name) in names.iter().enumerate() {
        // Under half a millisecond, timer noise decides the ratio: count it as that.
        let floor = Duration::from_micros(500);
        let growth = large[i].max(floor).as_secs_f64() / small[i].max(floor).as_secs_f64();
        let verdict = if growth > LIMIT {
            failed = true;
            "  REGRESSION"
        } else {
            ""
        };
        println!(
            "| {name} | {} | {} | {growth:.1}×{verdict} |",
            ms(small[i]),
            ms(large[i])
        );
    }
    if failed {
        eprintln!("bench guard: a key grew with the register's size (see the table)");
        std::process::exit(1);
    }
}

/// What `--help` says: the lines of the module's doc that show the commands.
const USAGE: &str = "The workbench at scale: synthetic registers, and the figures of docs/performance.md.

    cargo run --release --example bench            # 10k and 100k requests
    cargo run --release --example bench -- --big   # also 1M
    cargo run --release --example bench -- --only N [--screens]   # one size; --screens: no CSV columns
    cargo run --example bench -- --guard           # CI: fails when a key grows with the size
    cargo run --release --example bench -- --floor REGISTER CSV   # the import's floor alone

Registers are made once in target/bench-data and reused.";

fn main() {
    if std::env::args().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return;
    }
    if std::env::args().any(|a| a == "--guard") {
        return guard();
    }
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--open-once") {
        return open_once(Path::new(&args[2]));
    }
    if args.get(1).map(String::as_str) == Some("--floor") {
        return import_floor::report(Path::new(&args[2]), Path::new(&args[3]));
    }
    let screens_only = args.iter().any(|a| a == "--screens");
    println!("| requests | start to first frame (warm · cold) | start to the Dashboard's items (warm · cold) | one row | one page | page mid-list | filter: slowest keystroke · results median / worst | jump to end | sort by a column | end, sorted | filtered: End, sort, Home (worst) | RSS open · peak | export (dpo / sqlite3) | import (dpo / sqlite3) | floor (SQLite's writes alone / sqlite3) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut floors = Vec::new();
    for n in sizes(&args) {
        let path = register_of(n);
        warm(&path);
        let (screens, rss) = screen_figures(&path);
        if screens_only {
            println!("| {n} | {screens} | {rss} | – | – | – |");
            continue;
        }
        let csv = csv_figures(n, &path);
        println!("| {n} | {screens} | {rss} | {} |", csv.cells());
        floors.push((n, csv.floor, csv.import_sq));
    }
    print_floors(floors);
}

/// The sizes asked for: `--only N` one size, `--big` up to a million.
fn sizes(args: &[String]) -> Vec<usize> {
    let big = args.iter().any(|a| a == "--big");
    // `--only N`: one size; `--screens`: without the CSV columns (minutes at 1M).
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|n| {
            n.parse::<usize>()
                .expect("--only takes a number of requests")
        });
    match (only, big) {
        (Some(n), _) => vec![n],
        (None, true) => vec![10_000, 100_000, 1_000_000],
        (None, false) => vec![10_000, 100_000],
    }
}

/// The workbench's timings on `path`, as table cells, and its memory once open.
fn screen_figures(path: &Path) -> (String, String) {
    // From a new process's start to the first frame, and to the dashboard's
    // items (its judgement runs on its own thread): what a user waits for.
    // Warm (the file read just before) and cold (out of the page cache).
    let opened = |cold: bool| {
        let runs: Vec<(Duration, Duration)> = (0..3)
            .map(|_| {
                if cold {
                    cool(path);
                }
                open_in_a_new_process(path)
            })
            .collect();
        (
            median(runs.iter().map(|r| r.0).collect()),
            median(runs.iter().map(|r| r.1).collect()),
        )
    };
    let (open_t, dashboard_t) = opened(false);
    let (open_cold, dashboard_cold) = opened(true);
    warm(path);
    let [row, page, end, sort, end_sorted] = keys(path, true);
    let middle = middle_page(path, true);
    let mut s = open(path);
    s.settle();
    let rss = rss_mb();
    let f = filter_figures(&mut s);
    let filter = format!(
        "{} · {} / {}",
        ms(f.keystroke),
        ms(median(f.results.clone())),
        ms(f.results.iter().max().copied().unwrap_or_default())
    );
    let screens = [
        format!("{} · {}", ms(open_t), ms(open_cold)),
        format!("{} · {}", ms(dashboard_t), ms(dashboard_cold)),
        ms(row),
        ms(page),
        ms(middle),
        filter,
        ms(end),
        ms(sort),
        ms(end_sorted),
        ms(f.moves),
    ]
    .join(" | ");
    // The peak after browsing, sorting and filtering (VmHWM).
    (screens, format!("{rss:.0} MB · peak {:.0} MB", peak_mb()))
}

/// Filters typed letter by letter, among them the worst a user can hit:
/// rare first letters (`z`, `zq`: a page is filled only by reading the whole
/// table) and matches clustered far from the top (`withdrawn`, `refused`).
const FILTER_WORDS: &[&str] = &["telemetry", "zq", "withdrawn", "refused", "x"];

/// What typing filters costs.
struct Filtered {
    /// The slowest time a key held the screen (the search runs on its own
    /// thread).
    keystroke: Duration,
    /// Each key's time until its rows are on screen (the exact count of many
    /// matches follows later, also on its own thread; each key waits for it
    /// before the next, so none is slowed by the one before).
    results: Vec<Duration>,
    /// The slowest End, change of order or Home with a word's filter kept.
    moves: Duration,
}

fn filter_figures(s: &mut Session) -> Filtered {
    filter_figures_of(s, FILTER_WORDS)
}

/// With each word's filter kept: End, a change of order and End again, each
/// timed until its rows are on screen (a filtered page is read on its own
/// thread); the slowest of them.
fn filtered_moves(s: &mut Session) -> Duration {
    let mut slowest = Duration::ZERO;
    let mut time = |s: &mut Session, code: KeyCode| {
        let start = Instant::now();
        s.key(code);
        s.draw();
        s.settle_until(|state| !state.requests.searching());
        s.draw();
        let took = start.elapsed();
        if std::env::var_os("DPO_BENCH_KEYS").is_some() {
            eprintln!("  {code:?}: {}", ms(took));
        }
        slowest = slowest.max(took);
        s.settle();
    };
    s.key(KeyCode::Enter); // keep the filter, back to the list
    s.settle();
    let order = s.state.request_order;
    time(s, KeyCode::End);
    let list = &s.state.requests;
    assert!(
        list.total == 0 || list.selected + 1 == list.total,
        "End under a filter reached its last row ({} of {})",
        list.selected + 1,
        list.total
    );
    time(s, KeyCode::Char('o'));
    time(s, KeyCode::End);
    time(s, KeyCode::Home);
    // The order back as it was, so that every word is typed in one order.
    for _ in 0..16 {
        if s.state.request_order == order {
            break;
        }
        s.key(KeyCode::Char('o'));
        s.settle();
    }
    assert_eq!(s.state.request_order, order, "the order came back");
    slowest
}

/// `filter_figures` over `words`.
fn filter_figures_of(s: &mut Session, words: &[&str]) -> Filtered {
    let (mut keystroke, mut results, mut moves) = (Duration::ZERO, Vec::new(), Duration::ZERO);
    for word in words {
        s.key(KeyCode::Char('/'));
        for c in word.chars() {
            let start = Instant::now();
            s.key(KeyCode::Char(c));
            s.draw();
            keystroke = keystroke.max(start.elapsed());
            // Until the filter's rows are on screen (its exact count may
            // still be running: the title says "5000+" meanwhile).
            s.settle_until(|state| !state.requests.searching());
            s.draw();
            results.push(start.elapsed());
            // DPO_BENCH_KEYS=1: each key's figure, to find the worst one.
            if std::env::var_os("DPO_BENCH_KEYS").is_some() {
                eprintln!("{word} {c:?}: {}", ms(start.elapsed()));
            }
            s.settle();
        }
        moves = moves.max(filtered_moves(s));
        s.key(KeyCode::Esc);
        s.settle();
    }
    Filtered {
        keystroke,
        results,
        moves,
    }
}

/// The CSV path against the sqlite3 shell on the same file.
struct CsvFigures {
    export_dpo: Duration,
    export_sq: Duration,
    import_dpo: Duration,
    import_sq: Duration,
    floor: import_floor::Floor,
}

impl CsvFigures {
    fn cells(&self) -> String {
        let secs = Duration::as_secs_f64;
        let floor = self.floor.total();
        format!(
            "{:.2} s / {:.2} s = {:.1}× | {:.2} s / {:.2} s = {:.1}× | {:.2} s = {:.1}×; dpo = {:.2}× the floor",
            secs(&self.export_dpo),
            secs(&self.export_sq),
            secs(&self.export_dpo) / secs(&self.export_sq),
            secs(&self.import_dpo),
            secs(&self.import_sq),
            secs(&self.import_dpo) / secs(&self.import_sq),
            secs(&floor),
            secs(&floor) / secs(&self.import_sq),
            secs(&self.import_dpo) / secs(&floor),
        )
    }
}

fn dpo_binary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("release")
        .join("dpo")
}

fn csv_figures(n: usize, path: &Path) -> CsvFigures {
    let dpo = dpo_binary();
    let out = data_dir().join(format!("requests-{n}.csv"));
    // Three runs each, alternating, and the medians: the first run after
    // other work reads a file (or a freshly built binary) from disk.
    let sq_out = data_dir().join(format!("requests-{n}-sqlite.csv"));
    let (mut by_dpo, mut by_sqlite) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        by_dpo.push(run_cmd(
            dpo.to_str().unwrap(),
            &[
                "export",
                path.to_str().unwrap(),
                "--table",
                "requests",
                "-o",
                out.to_str().unwrap(),
            ],
        ));
        // The same columns, in dpo's order, written to a file the same way.
        let select = same_columns(path, &out);
        by_sqlite.push(timed(|| {
            let file = std::fs::File::create(&sq_out).unwrap();
            let o = Command::new("sqlite3")
                .args(["-csv", "-header", path.to_str().unwrap(), &select])
                .stdout(file)
                .status()
                .unwrap();
            assert!(o.success());
        }));
    }
    let (export_dpo, export_sq) = (median(by_dpo), median(by_sqlite));
    // Three imports each, into a new empty register or table each time.
    let target = data_dir().join(format!("import-{n}.dpo"));
    let import_dpo = median(
        (0..3)
            .map(|_| {
                remove_register(&target);
                Command::new(&dpo)
                    .args(["init", target.to_str().unwrap(), "--name", "Import AS"])
                    .output()
                    .unwrap();
                run_cmd(
                    dpo.to_str().unwrap(),
                    &[
                        "import",
                        target.to_str().unwrap(),
                        "--table",
                        "requests",
                        out.to_str().unwrap(),
                    ],
                )
            })
            .collect(),
    );
    let sq_target = data_dir().join(format!("import-{n}.sqlite"));
    let import_sq = median(
        (0..3)
            .map(|_| {
                remove_register(&sq_target);
                timed(|| {
                    let o = Command::new("sqlite3")
                        .arg(&sq_target)
                        .arg(format!(".import --csv {} requests", out.display()))
                        .output()
                        .unwrap();
                    assert!(o.status.success());
                })
            })
            .collect(),
    );
    // The floor three times too: the run whose total is the median.
    let scratch = data_dir().join(format!("floor-{n}.sqlite"));
    let mut floors: Vec<import_floor::Floor> = (0..3)
        .map(|_| import_floor::measure_apart(&target, &scratch))
        .collect();
    floors.sort_by_key(import_floor::Floor::total);
    let floor = floors.swap_remove(1);
    CsvFigures {
        export_dpo,
        export_sq,
        import_dpo,
        import_sq,
        floor,
    }
}

/// A file and its write-ahead log and shared memory, gone.
fn remove_register(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The `SELECT` that gives the columns of dpo's export `csv` from `register`
/// in its order: the table's own columns by name, and the cells dpo derives
/// (not stored) as empty text, so the shell writes as many cells a row.
fn same_columns(register: &Path, csv: &Path) -> String {
    use std::io::BufRead;
    let file = std::fs::File::open(csv).unwrap();
    let header = std::io::BufReader::new(file)
        .lines()
        .next()
        .unwrap()
        .unwrap();
    let conn = rusqlite::Connection::open(register).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('requests')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let columns: Vec<String> = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(|name| {
            if stored.iter().any(|s| s == name) {
                format!("\"{name}\"")
            } else {
                format!("'' AS \"{name}\"")
            }
        })
        .collect();
    format!("SELECT {} FROM requests ORDER BY id", columns.join(", "))
}

/// The floor's parts: what a register holds beyond `.import`'s one table.
fn print_floors(floors: Vec<(usize, import_floor::Floor, Duration)>) {
    if floors.is_empty() {
        return;
    }
    println!();
    println!("| requests | rows | list indexes | search index | journal entries | commit | floor | `.import` |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, f, import_sq) in floors {
        let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} |",
            s(f.rows),
            s(f.indexes),
            s(f.search),
            s(f.journal),
            s(f.commit),
            s(f.total()),
            s(import_sq)
        );
    }
}
