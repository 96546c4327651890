//! Watch latency: time from the last write of a report file to the arrival of its JSON line
//! from `gouji watch --format jsonl` (the library's `run_jsonl`, default 200 ms quiet period).
//!
//! Run on demand: `cargo bench --bench watch_latency` (optionally `-- SAVES OTHERS...`,
//! default `100 0 1000`). For each directory size it copies the seed reports under new names
//! until `OTHERS` other reports sit beside the target, starts watching, waits for the initial
//! audit of all of them, then saves the target `SAVES` times — alternately rewritten in place
//! and saved the way editors do (write a temporary file, rename it over the target), each time
//! with one table value changed — and waits for each save's `"changed"` line before the next.
//! Prints median, 90th percentile and worst. Issue #4's target: median ≤ 300 ms.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use gouji::watch::{WatchOptions, run_jsonl};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
const TARGET_SEED: &str = "002_4839d2431c749bff.txt";

/// One line as it arrived: event, path and the moment its newline was written.
struct Arrival {
    event: String,
    path: PathBuf,
    at: Instant,
}

/// Stamps each completed line on arrival and hands it to the benchmark thread.
struct Stamper {
    buf: Vec<u8>,
    tx: Sender<Arrival>,
}

impl Write for Stamper {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        // serde_json writes a line in many small pieces: look for the newline only in the new
        // bytes, or a long line costs quadratic time in this harness.
        if !data.contains(&b'\n') {
            self.buf.extend_from_slice(data);
            return Ok(data.len());
        }
        self.buf.extend_from_slice(data);
        while let Some(nl) = self.buf.iter().position(|&b| b == b'\n') {
            let at = Instant::now();
            let line: Vec<u8> = self.buf.drain(..=nl).collect();
            let v: serde_json::Value = serde_json::from_slice(&line).map_err(io::Error::other)?;
            let arrival = Arrival {
                event: v["event"].as_str().unwrap_or_default().to_string(),
                path: PathBuf::from(v["path"].as_str().unwrap_or_default()),
                at,
            };
            self.tx.send(arrival).map_err(io::Error::other)?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn seeds() -> Vec<String> {
    let mut names: Vec<PathBuf> = fs::read_dir(SEEDS)
        .expect("seed reports")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| fs::read_to_string(p).expect("seed is UTF-8"))
        .collect()
}

/// The target report with its first "本年新收" count replaced by `n` (a changed value).
fn variant(template: &str, n: usize) -> String {
    let marker = "本年新收";
    let Some(at) = template.find(marker) else {
        return format!("{template}\n{n}\n");
    };
    let rest = &template[at + marker.len()..];
    let Some(start) = rest.find(|c: char| c.is_ascii_digit()) else {
        return format!("{template}\n{n}\n");
    };
    let len = rest[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len() - start);
    let cut = at + marker.len() + start;
    format!("{}{}{}", &template[..cut], n, &template[cut + len..])
}

fn wait_for(rx: &Receiver<Arrival>, path: &Path, event: &str) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let a = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {event} line for {}", path.display()));
        if a.path == path && a.event == event {
            return a.at;
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn run(saves: usize, others: usize, seeds: &[String]) {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..others {
        let text = &seeds[i % seeds.len()];
        fs::write(dir.path().join(format!("other-{i:05}.txt")), text).unwrap();
    }
    let template = fs::read_to_string(Path::new(SEEDS).join(TARGET_SEED)).unwrap();
    let target = dir.path().join("target.txt");
    fs::write(&target, variant(&template, 0)).unwrap();

    let (tx, rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let root = dir.path().to_path_buf();
    let started = Instant::now();
    let runner = thread::spawn(move || {
        let mut out = Stamper {
            buf: Vec::new(),
            tx,
        };
        run_jsonl(
            &root,
            WatchOptions::default(),
            &mut out,
            &mut io::sink(),
            &stop_rx,
        )
    });
    for _ in 0..=others {
        rx.recv_timeout(Duration::from_secs(120))
            .expect("initial audit line");
    }
    let initial = started.elapsed();

    let mut all = Vec::with_capacity(saves);
    let mut in_place = Vec::new();
    let mut renamed = Vec::new();
    for i in 1..=saves {
        let text = variant(&template, i);
        let wrote = if i % 2 == 0 {
            fs::write(&target, &text).unwrap();
            Instant::now()
        } else {
            let tmp = dir.path().join("target.txt.tmp");
            fs::write(&tmp, &text).unwrap();
            fs::rename(&tmp, &target).unwrap();
            Instant::now()
        };
        let latency = wait_for(&rx, &target, "changed").duration_since(wrote);
        all.push(latency);
        if i % 2 == 0 {
            in_place.push(latency)
        } else {
            renamed.push(latency)
        }
    }
    stop_tx.send(()).unwrap();
    runner.join().unwrap().expect("run_jsonl");

    println!(
        "{others:>5} other reports (initial audit of {} files: {:.2} s), {saves} saves:",
        others + 1,
        initial.as_secs_f64()
    );
    for (name, v) in [
        ("all", &mut all),
        ("in place", &mut in_place),
        ("temp+rename", &mut renamed),
    ] {
        v.sort();
        println!(
            "  {name:<12} median {:>4} ms   p90 {:>4} ms   worst {:>4} ms",
            percentile(v, 0.5).as_millis(),
            percentile(v, 0.9).as_millis(),
            v.last().unwrap().as_millis()
        );
    }
}

fn main() {
    // cargo-nextest asks every target for its tests (`--list`): this binary has none of
    // libtest's kind, so it answers with an empty list instead of running.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo bench` passes `--bench`; everything numeric is ours. Without `--bench` this is
    // `cargo test --all-targets` running the target: a quick smoke run, not the measurement.
    let measuring = std::env::args().any(|a| a == "--bench");
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let saves = nums
        .first()
        .copied()
        .unwrap_or(if measuring { 100 } else { 3 });
    let sizes = if nums.len() > 1 {
        nums[1..].to_vec()
    } else if measuring {
        vec![0, 1000]
    } else {
        vec![0]
    };
    let seeds = seeds();
    println!(
        "watch latency: last write -> JSON line (debounce {} ms, {} cores)",
        WatchOptions::default().debounce.as_millis(),
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    for others in sizes {
        run(saves, others, &seeds);
    }
}
