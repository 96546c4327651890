//! Issue 11's speed target: gouji's full check of a PDF (read + extract + audit) against
//! `pdftotext -layout` alone on the same file, in one run, with their ratio.
//!
//! `cargo bench --bench pdf -- [ROUNDS]` (default 20). Files: the three published PDFs in
//! ../shared/reports/pdf and the project's generated ones in tests/pdf. Each file is timed as
//! the median of ROUNDS runs on a warm page cache; pdftotext is timed as a process (what an
//! inspector would run), gouji in-process as `gouji check` runs it per file. Without pdftotext
//! (Debian: poppler-utils) only gouji's figures are printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gouji::audit::AuditConfig;
use gouji::catalog::load_file;

// The same allocator as the `gouji` binary, so the figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<PathBuf> = ["../shared/reports/pdf", "tests/pdf"]
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        // Only reports: the one-page encryption/scan fixtures say nothing about speed.
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 50_000))
        .collect();
    v.sort();
    v
}

fn pdftotext(path: &Path) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new("pdftotext")
        .args(["-layout", "-q"])
        .arg(path)
        .arg("-")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed())
}

fn main() {
    // cargo-nextest asks every target for its tests (`--list`): this binary has none of
    // libtest's kind, so it answers with an empty list instead of running.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo bench` passes `--bench`; without it this is `cargo test --all-targets` running the
    // target: one round, a smoke run, not the measurement.
    let measuring = std::env::args().any(|a| a == "--bench");
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(if measuring { 20 } else { 1 });
    let cfg = AuditConfig::default();
    let have_pdftotext = pdftotext(Path::new("/nonexistent.pdf")).is_some()
        || Command::new("pdftotext")
            .arg("-v")
            .stderr(Stdio::null())
            .status()
            .is_ok();
    println!("PDF: gouji check (read + extract + audit) vs pdftotext -layout, median of {rounds}");
    println!(
        "{:<48} {:>10} {:>12} {:>7}",
        "file", "gouji ms", "pdftotext ms", "ratio"
    );
    let (mut sum_g, mut sum_p) = (0.0, 0.0);
    for path in files() {
        let g = median(
            (0..rounds)
                .map(|_| {
                    let started = Instant::now();
                    let r = load_file(&path, &cfg);
                    let took = started.elapsed();
                    assert!(r.error.is_none(), "{}: {:?}", path.display(), r.error);
                    took
                })
                .collect(),
        );
        let p = have_pdftotext
            .then(|| {
                (0..rounds)
                    .filter_map(|_| pdftotext(&path))
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .map(median);
        let name = path.file_name().unwrap().to_string_lossy();
        sum_g += ms(g);
        match p {
            Some(p) => {
                sum_p += ms(p);
                println!(
                    "{name:<48} {:>10.1} {:>12.1} {:>7.2}",
                    ms(g),
                    ms(p),
                    ms(g) / ms(p)
                );
            }
            None => println!("{name:<48} {:>10.1} {:>12} {:>7}", ms(g), "-", "-"),
        }
    }
    if sum_p > 0.0 {
        println!(
            "total: gouji {sum_g:.1} ms, pdftotext -layout {sum_p:.1} ms, ratio {:.2} (below 1: gouji is faster)",
            sum_g / sum_p
        );
    }
}
