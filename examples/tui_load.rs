//! The TUI loading an inbox, headless, measured: time until every report is audited, peak
//! memory once loaded, and frame times (issue 13, the TUI side).
//!
//! `cargo run --release --example tui_load -- DIR [--open]`
//!
//! The loop is `tui::run`'s, without a terminal: the real loader and ticker threads feed the
//! one queue; the app applies what is queued (carrying out its effects after each event, with a
//! triage store in a temporary directory, as an inbox has one) and draws a 160x50 frame into a
//! buffer after each batch, at most as often as the real loop does. Peak memory is the
//! process's (`VmHWM`), so run it alone: one example run, one inbox. `--open` also walks
//! through 200 reports in the report view and the source view (what re-reading an opened
//! report costs).

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gouji::tui::{Action, App, render_app};

// The same allocator as the `gouji` binary, so the figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `VmHWM` and `VmRSS` of this process, in kB (Linux).
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(gouji::input::WORKER_STACK)
        .build_global();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: tui_load DIR [--open]");
        std::process::exit(2);
    };
    let dir = std::path::absolute(PathBuf::from(dir)).expect("an absolute path");
    let walk = args.iter().any(|a| a == "--open");
    let (hwm0, _) = memory_kb();

    let state = tempfile::tempdir().expect("a temporary directory");
    let start = Instant::now();
    let mut app = App::new(gouji::theme::Theme::builtin(), (160, 50));
    let store = gouji::state::Store::open_at(state.path().join("state.json"), Some(&dir))
        .expect("a triage store");
    app.set_store(store, start);
    let (tx, rx) = mpsc::channel();
    gouji::tui::event::spawn_ticker(tx.clone(), gouji::tui::event::TICK);
    gouji::tui::event::spawn_loader(vec![dir.clone()], tx);
    let mut frames = 0u32;
    let mut drawing = Duration::ZERO;
    loop {
        let t = Instant::now();
        let _ = render_app(&app, 160, 50);
        drawing += t.elapsed();
        frames += 1;
        if app.inbox.progress.discovered && app.inbox.progress.done >= app.inbox.progress.total {
            break;
        }
        let drawn = Instant::now();
        let Ok(first) = rx.recv() else { break };
        gouji::tui::apply_batch(&mut app, &rx, first, drawn);
    }
    let all = start.elapsed();
    let (hwm, rss) = memory_kb();
    let n = app.inbox.entries.len().max(1);
    println!("inbox: {} ({} reports)", dir.display(), n);
    println!(
        "all audited: {:.2} s, {frames} frames drawn ({} drawing)",
        all.as_secs_f64(),
        ms(drawing)
    );
    println!(
        "memory: peak {:.1} MB, resident after loading {:.1} MB, {:.1} kB per report (RSS/N), before loading {:.1} MB",
        hwm as f64 / 1024.0,
        rss as f64 / 1024.0,
        rss as f64 / n as f64,
        hwm0 as f64 / 1024.0,
    );

    let summaries: usize = app.inbox.entries.iter().map(|e| e.resident_bytes()).sum();
    let full = app
        .inbox
        .entries
        .iter()
        .filter(|e| e.full().is_some())
        .count();
    println!(
        "per report, estimated: {:.0} bytes of summary and list entry; {full} full reports in memory",
        summaries as f64 / n as f64
    );
    let frame = |app: &App, w, h| {
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
        "frame, full list: {} at 160x50, {} at 80x24",
        ms(frame(&app, 160, 50)),
        ms(frame(&app, 80, 24))
    );
    let largest = app
        .inbox
        .entries
        .iter()
        .max_by_key(|e| std::fs::metadata(&e.path).map_or(0, |m| m.len()))
        .map(|e| e.path.clone())
        .expect("a report");
    let t = Instant::now();
    app.open_report(&largest);
    app.run_io(Instant::now());
    let opened = t.elapsed();
    println!(
        "open the largest report: {}; frame with it open: {} at 160x50, {} at 80x24",
        ms(opened),
        ms(frame(&app, 160, 50)),
        ms(frame(&app, 80, 24))
    );
    if walk {
        // Open, look at the source, go back: the first 200 reports of the list.
        app.update(Action::Back, Instant::now());
        app.update(Action::Top, Instant::now());
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let now = Instant::now();
            app.update(Action::Open, now);
            app.run_io(now);
            let _ = render_app(&app, 160, 50);
            app.update(Action::Source, now);
            app.run_io(now);
            let _ = render_app(&app, 160, 50);
            app.update(Action::Back, now);
            app.update(Action::Back, now);
            app.update(Action::Down, now);
            times.push(t.elapsed());
        }
        let (hwm, rss) = memory_kb();
        println!(
            "open + source + back, 200 reports: {} median; memory then: peak {:.1} MB, resident {:.1} MB",
            ms(median(times)),
            hwm as f64 / 1024.0,
            rss as f64 / 1024.0
        );
    }
}
