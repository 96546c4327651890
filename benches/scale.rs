//! Issue 6 benchmarks 2, 3 and 5 at inbox scale (run on demand, not in CI's tests):
//!
//! 2. `gouji check DIR` on N generated reports in each format (as for `--real` below, three
//!    rounds): wall and CPU time, throughput (reports per second, MB per CPU-second) and peak
//!    memory, beside `grep -rc 总计 DIR` over the same files (the floor of a plain text scan),
//!    both on a warm page cache in the same run, as ratios;
//! 3. TUI, headless: time to the first frame and to "all audited", and the render time of a
//!    frame with the full list and with a large report open;
//! 5. re-audit cost of one changed file in the full inbox: load + audit + apply + redraw;
//!
//! and last benchmark 4, a split of check's time by stage (see [`stages`]).
//!
//! `cargo bench --bench scale -- [N] [DIR]` (default N = 10000, a fresh temp corpus). The
//! corpus comes from `gouji::synth::corpus`: both formats, every layout, 30 % planted defects.
//!
//! `cargo bench --bench scale -- --real DIR` measures a corpus shaped like real inboxes, made by
//! `../shared/bench/real_corpus.py N DIR` (sparse reports, ~150 blank cells each, where findings
//! are many): `check` in each format (json, text, jsonl, and json with `--no-years`, which shows
//! what linking years costs) against `grep -rc 总计`, interleaved round by round in this one
//! process, as wall-time and CPU ratios with each format's peak memory; then the TUI part as
//! above, with the TUI's peak memory after loading; then benchmark 4: every file read,
//! extracted, audited and rendered on one core, each stage timed, and what the stages other
//! than extraction leave to extraction under the targets.
//! `--bin PATH` adds another build of gouji (`scripts/pgo-build`'s, or an older commit's) to
//! those rounds, each format timed with both; a format whose option that build lacks (an older
//! one without `jsonl`) is marked not measured, with its error, rather than timed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gouji::audit::AuditConfig;
use gouji::tui::app::Loaded;
use gouji::tui::{App, AppEvent, render_app};

// The same allocator as the `gouji` binary, so the figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// What one run of a command cost.
struct Run {
    wall: Duration,
    /// Peak RSS in kB, where GNU time is installed.
    peak_kb: Option<u64>,
    /// User + system CPU, where GNU time is installed: steadier than wall time on a machine
    /// shared with other work.
    cpu: Option<Duration>,
    /// Why the command did not do its job: exit code 2 or worse (a usage error from a build
    /// without the option asked for, say), with the first line it wrote to stderr. Codes 0 and
    /// 1 are `check`'s outcomes (clean, findings), grep's (found, not found) too.
    failed: Option<String>,
}

/// Runs a command (stdout discarded) and measures it.
fn run(cmd: &str, args: &[&str]) -> Run {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut c = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M %U %S"]).arg(cmd);
        c
    } else {
        Command::new(cmd)
    };
    let start = Instant::now();
    let out = c
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("command runs");
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // GNU time writes its figures as the last line, after the command's own.
    let mut lines: Vec<&str> = stderr.lines().collect();
    let figures = if gnu_time { lines.pop() } else { None };
    let failed = match out.status.code() {
        Some(0 | 1) => None,
        code => {
            let code = code.map_or("by a signal".to_string(), |c| c.to_string());
            let said = lines
                .iter()
                .find(|l| !l.starts_with("Command exited with non-zero status"));
            Some(match said {
                Some(l) => format!("exit {code}: {l}"),
                None => format!("exit {code}"),
            })
        }
    };
    let last: Vec<&str> = figures.unwrap_or("").split_whitespace().collect();
    let (kb, cpu) = match (gnu_time, last.as_slice()) {
        (true, [kb, user, sys]) => (
            kb.parse::<u64>().ok(),
            user.parse::<f64>()
                .ok()
                .zip(sys.parse::<f64>().ok())
                .map(|(u, s)| Duration::from_secs_f64(u + s)),
        ),
        _ => (None, None),
    };
    Run {
        wall,
        peak_kb: kb,
        cpu,
        failed,
    }
}

/// The median wall time of `runs`.
fn median_wall(runs: &[Run]) -> Duration {
    median(runs.iter().map(|r| r.wall).collect())
}

/// The median CPU time of `runs`, where each run measured it.
fn median_cpu(runs: &[Run]) -> Option<Duration> {
    runs.iter()
        .map(|r| r.cpu)
        .collect::<Option<Vec<_>>>()
        .map(median)
}

/// Peak and current resident memory of this process (`VmHWM`, `VmRSS`), in kB, on Linux.
fn own_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// `check --format json|text|jsonl DIR`, and json again without linking years (what linking
/// costs), against `grep -rc 总计 DIR`, `rounds` rounds, each round running all of them one
/// after the other so that a change in the machine's load touches all. With `other` (another
/// build of gouji, `--bin PATH`), each format is run with it too, in the same rounds. Returns
/// the median wall times of grep and of this build's `check` in text and in json. Each line also
/// gives the throughput: reports per second of wall time, and megabytes per CPU-second (what
/// one core gets through, whatever the cores).
fn check_formats_vs_grep(dir: &str, inbox: Inbox, rounds: usize, other: Option<&str>) -> Walls {
    // (label, the arguments before DIR)
    let formats: [(&str, &[&str]); 4] = [
        ("json", &["--format", "json"]),
        ("text", &["--format", "text"]),
        ("jsonl", &["--format", "jsonl"]),
        ("json --no-years", &["--no-years", "--format", "json"]),
    ];
    let bins: Vec<&str> = std::iter::once(env!("CARGO_BIN_EXE_gouji"))
        .chain(other)
        .collect();
    let mut grep = Vec::new();
    // [binary][format]
    let mut check: Vec<Vec<Vec<Run>>> = bins
        .iter()
        .map(|_| formats.iter().map(|_| Vec::new()).collect())
        .collect();
    for _ in 0..rounds {
        grep.push(run("grep", &["-rc", "总计", dir]));
        for (i, (_, args)) in formats.iter().enumerate() {
            let args: Vec<&str> = std::iter::once("check")
                .chain(args.iter().copied())
                .chain([dir])
                .collect();
            for (b, bin) in bins.iter().enumerate() {
                check[b][i].push(run(bin, &args));
            }
        }
    }
    let (gw, gc) = (median_wall(&grep), median_cpu(&grep));
    println!(
        "\n[2] median of {rounds} interleaved rounds; grep -rc 总计: {} wall{}",
        ms(gw),
        gc.map_or(String::new(), |c| format!(
            ", {} cpu = {}",
            ms(c),
            inbox.per_cpu(c)
        ))
    );
    for (bin, check) in bins.iter().zip(&check) {
        if other.is_some() {
            println!("  {bin}");
        }
        print_formats(&formats, check, inbox, &grep);
    }
    Walls {
        grep: gw,
        text: median_wall(&check[0][1]),
        json: median_wall(&check[0][0]),
    }
}

/// How many report files the inbox holds, and their bytes.
#[derive(Clone, Copy)]
struct Inbox {
    files: usize,
    bytes: u64,
}

impl Inbox {
    /// Megabytes of the inbox per second of `cpu`: one core's throughput.
    fn per_cpu(self, cpu: Duration) -> String {
        format!(
            "{:.0} MB/s per core",
            self.bytes as f64 / 1e6 / cpu.as_secs_f64().max(1e-3)
        )
    }
}

/// Median wall times of one run: grep's and this build's `check` in two formats.
struct Walls {
    grep: Duration,
    text: Duration,
    json: Duration,
}

/// One line per format: its median wall and CPU time as ratios to grep's (with the lowest and
/// highest ratio of a single round, so that a reader sees how much the host moved), its
/// throughput and its peak memory.
fn print_formats(formats: &[(&str, &[&str])], check: &[Vec<Run>], inbox: Inbox, grep: &[Run]) {
    let (gw, gc) = (median_wall(grep), median_cpu(grep));
    for ((f, _), runs) in formats.iter().zip(check) {
        // Its times would be those of an error message, not of a check.
        if let Some(why) = runs.iter().find_map(|r| r.failed.as_deref()) {
            println!("    check --format {f:15}: not measured, {why}");
            continue;
        }
        let (w, c) = (median_wall(runs), median_cpu(runs));
        let target = match *f {
            "json" => " (target <= 5x)",
            "text" => " (target <= 3x)",
            _ => "",
        };
        let cpu_ratio = c.zip(gc).map_or(String::new(), |(c, g)| {
            format!(
                "; cpu {} = {:.1}x, {}",
                ms(c),
                c.as_secs_f64() / g.as_secs_f64().max(1e-3),
                inbox.per_cpu(c)
            )
        });
        let peak = runs.iter().filter_map(|r| r.peak_kb).max();
        // Each round's check against the grep run of that round.
        let ratios: Vec<f64> = runs
            .iter()
            .zip(grep)
            .map(|(r, g)| r.wall.as_secs_f64() / g.wall.as_secs_f64().max(1e-6))
            .collect();
        let spread = match (
            ratios.iter().copied().reduce(f64::min),
            ratios.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) if ratios.len() > 1 => format!(" (rounds {lo:.1}-{hi:.1}x)"),
            _ => String::new(),
        };
        println!(
            "    check --format {f:15}: wall {} = {:.1}x grep{spread}{target}, {:.0} reports/s{cpu_ratio}{}",
            ms(w),
            w.as_secs_f64() / gw.as_secs_f64(),
            inbox.files as f64 / w.as_secs_f64().max(1e-3),
            peak.map_or(String::new(), |kb| format!(
                "; peak memory {:.0} MB",
                kb as f64 / 1024.0
            ))
        );
    }
}

/// Removes `flag` and the value after it from `args` and returns the value; exits with a usage
/// error when the value is missing.
fn take_option(args: &mut Vec<String>, flag: &str, value: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    if i >= args.len() {
        eprintln!("{flag} needs {value}");
        std::process::exit(2);
    }
    Some(args.remove(i))
}

fn main() {
    // cargo-nextest asks every target for its tests (`--list`): this binary has none of
    // libtest's kind, so it answers with an empty list instead of running.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo bench` passes `--bench`; without it this is `cargo test --all-targets` running the
    // target: a quick smoke run over a small corpus, not the measurement.
    let measuring = std::env::args().any(|a| a == "--bench");
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    // `--real DIR`: a corpus made by real_corpus.py, measured as it is.
    let real = take_option(
        &mut args,
        "--real",
        "a directory (made by ../shared/bench/real_corpus.py)",
    )
    .map(PathBuf::from);
    // `--bin PATH`: another build of gouji (scripts/pgo-build's, say) timed beside this one.
    let other = take_option(&mut args, "--bin", "the path of a gouji binary");
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(if measuring { 10_000 } else { 60 });
    let tmp;
    let dir: PathBuf = match (&real, args.get(1)) {
        (Some(d), _) => d.clone(),
        (None, Some(d)) => PathBuf::from(d),
        (None, None) => {
            tmp = tempfile::tempdir().unwrap();
            let t = Instant::now();
            let m = gouji::synth::corpus(n, 1, tmp.path()).unwrap();
            println!(
                "corpus: {} reports ({} with a planted defect) generated in {:.1} s",
                m.count,
                m.defective,
                t.elapsed().as_secs_f64()
            );
            tmp.path().to_path_buf()
        }
    };
    let files = gouji::catalog::discover(std::slice::from_ref(&dir)).files;
    if files.is_empty() {
        eprintln!("scale: no report files in {}", dir.display());
        std::process::exit(2);
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "inbox: {} report files, {:.1} MB, {}",
        files.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    for f in &files {
        let _ = std::fs::read(f); // warm the page cache
    }

    let dir_s = dir.to_string_lossy().into_owned();
    let rounds = match (measuring, real.is_some()) {
        (false, _) => 1,
        (true, true) => 5,
        (true, false) => 3,
    };
    let inbox = Inbox {
        files: files.len(),
        bytes,
    };
    let walls = check_formats_vs_grep(&dir_s, inbox, rounds, other.as_deref());
    if real.is_some() {
        tui(&dir, &files);
        stages(&files, &walls);
        return;
    }
    let mut app = tui(&dir, &files);
    reaudit(&mut app, &files);
    stages(&files, &walls);
}

/// 4. Where `check`'s time goes: each stage of every report timed on its own, on one core, in
///    the order a run takes them (read, extract, audit, render), and extraction's first steps
///    (decoding with the lines made, normalising every line) timed again by themselves to
///    split it. A run spreads reports over the cores, so the stages other than extraction,
///    divided by the cores, are a floor that no cheaper extractor goes below: set against the
///    targets, it says how much time per report extraction may take.
fn stages(files: &[PathBuf], walls: &Walls) {
    use gouji::output::{json, text};
    use std::hint::black_box;
    let cfg = AuditConfig::default();
    let opts = text::TextOptions {
        color: false,
        verbose: false,
    };
    // read, extract, audit, text, json, decode and lines, normalise
    let mut t = [Duration::ZERO; 7];
    let mut timed = |stage: usize, start: Instant| t[stage] += start.elapsed();
    for f in files {
        let s = Instant::now();
        let bytes = std::fs::read(f).expect("a report file reads");
        timed(0, s);
        let s = Instant::now();
        let mut r = gouji::extract::extract_bytes(f, &bytes);
        timed(1, s);
        let s = Instant::now();
        gouji::audit::audit(&mut r, &cfg);
        timed(2, s);
        let s = Instant::now();
        black_box(text::report_bytes(&r, &opts));
        timed(3, s);
        let s = Instant::now();
        black_box(json::report_bytes(&r));
        timed(4, s);
        let s = Instant::now();
        let d = gouji::extract::decode::decode(&bytes);
        let lines = gouji::model::SourceLines::sanitised(&d.text);
        timed(5, s);
        let s = Instant::now();
        black_box(gouji::extract::tokens::normalise_lines(&lines));
        timed(6, s);
    }
    let n = files.len() as f64;
    let us = |d: Duration| d.as_secs_f64() * 1e6 / n;
    let [read, extract, audit, text, json, lines, norm] = t;
    println!(
        "\n[4] stage by stage on one core, µs per report: read {:.1}, extract {:.1} (decode and \
         lines {:.1}, normalise {:.1}, the rest {:.1}: headings, metadata, tables, cell checks), \
         audit {:.1}, render text {:.1}, render json {:.1}",
        us(read),
        us(extract),
        us(lines),
        us(norm),
        us(extract.saturating_sub(lines + norm)),
        us(audit),
        us(text),
        us(json)
    );
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get()) as f64;
    for (format, render, target, wall) in [
        ("text", text, 3.0, walls.text),
        ("json", json, 5.0, walls.json),
    ] {
        let others = (read + audit + render).as_secs_f64();
        let floor = others / cores;
        let budget = target * walls.grep.as_secs_f64() * cores - others;
        println!(
            "    {format}: all but extraction = {:.0} ms on {cores} cores = {:.1}x grep (target <= \
             {target}x; the run took {:.1}x); under the target extraction may take {:.0} µs per \
             report, it takes {:.0}",
            floor * 1e3,
            floor / walls.grep.as_secs_f64(),
            wall.as_secs_f64() / walls.grep.as_secs_f64(),
            (budget * 1e6 / n).max(0.0),
            us(extract)
        );
    }
}

/// 3. TUI, headless: the real loader thread feeding the app, frames drawn as the loop does.
fn tui(dir: &Path, files: &[PathBuf]) -> App {
    let start = Instant::now();
    let mut app = App::new(gouji::theme::Theme::builtin(), (160, 50));
    let _ = render_app(&app, 160, 50);
    let first_frame = start.elapsed();
    let (tx, rx) = mpsc::channel();
    gouji::tui::event::spawn_loader(vec![dir.to_path_buf()], tx);
    let mut frames = 0;
    let mut drawn = Instant::now();
    while let Ok(first) = rx.recv() {
        // As `tui::run`: the queued events applied (while loading, gathered for a frame's
        // time), then one frame.
        gouji::tui::apply_batch(&mut app, &rx, first, drawn);
        let _ = render_app(&app, 160, 50);
        drawn = Instant::now();
        frames += 1;
        if app.inbox.progress.discovered && app.inbox.progress.done >= app.inbox.progress.total {
            break;
        }
    }
    let all = start.elapsed();
    let memory = own_memory();
    println!(
        "\n[3] TUI first frame: {} (target < 100 ms); all {} audited: {:.2} s in {frames} frames (target < 3 s)",
        ms(first_frame),
        app.inbox.progress.done,
        all.as_secs_f64()
    );
    if let Some((peak, now)) = memory {
        println!(
            "    TUI memory with all loaded: {:.0} MB resident, {:.0} MB peak (target < 300 MB); {:.1} kB per loaded report (resident / reports)",
            now as f64 / 1024.0,
            peak as f64 / 1024.0,
            now as f64 / app.inbox.entries.len().max(1) as f64
        );
    }
    // What the app itself counts per entry (summary and list entry), beside the process's view.
    let estimated: usize = app.inbox.entries.iter().map(|e| e.resident_bytes()).sum();
    let kept = app
        .inbox
        .entries
        .iter()
        .filter(|e| e.full().is_some())
        .count();
    println!(
        "    per report, estimated: {:.0} bytes of summary and list entry; {kept} full reports in memory",
        estimated as f64 / app.inbox.entries.len().max(1) as f64
    );
    let time_frames = |app: &App, w, h| {
        median(
            (0..30)
                .map(|_| {
                    let t = Instant::now();
                    let _ = render_app(app, w, h);
                    t.elapsed()
                })
                .collect(),
        )
    };
    println!(
        "    frame, full list: {} at 160x50, {} at 80x24 (target < 5 ms)",
        ms(time_frames(&app, 160, 50)),
        ms(time_frames(&app, 80, 24))
    );
    let largest = files
        .iter()
        .max_by_key(|f| std::fs::metadata(f).unwrap().len())
        .unwrap()
        .clone();
    app.open_report(&largest);
    // Opening reads the report again (`Effect::Fetch`); the run loop carries that out.
    app.run_io(Instant::now());
    println!(
        "    frame, largest report open: {} at 160x50, {} at 80x24",
        ms(time_frames(&app, 160, 50)),
        ms(time_frames(&app, 80, 24))
    );
    app
}

/// 5. One changed file among all the others: re-read, re-audit, apply, redraw.
fn reaudit(app: &mut App, files: &[PathBuf]) {
    let target = files[files.len() / 2].clone();
    let cfg = AuditConfig::default();
    let mut costs = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let (report, hash) = gouji::catalog::load_file_hashed(&target, &cfg);
        let loaded = Loaded {
            report,
            modified: None,
            hash,
            seq: 0,
        };
        app.apply_event(AppEvent::ReportLoaded(Box::new(loaded)), Instant::now());
        app.settle();
        let _ = render_app(app, 160, 50);
        costs.push(t.elapsed());
    }
    println!(
        "\n[5] one changed file in {} reports, re-audited and shown: {} median (target < 50 ms after debounce)",
        files.len(),
        ms(median(costs))
    );
}
