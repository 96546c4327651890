//! `gouji watch DIR --format jsonl`: one JSON line per audit, as it happens, for scripts.
//!
//! First the initial audit of every report file in the directory (`"event": "added"`), then one
//! line per settled change. Each line is flushed on its own so a pipe reader sees it at once.
//! Audits run on rayon's pool, on this (consumer) thread, never on the watcher's threads: a
//! burst of files keeps settling while the previous batch is audited.
//!
//! A line is the report object of `check --format json` ([`crate::output::json::ReportJson`])
//! with an `"event"` field; a removal is `{"event": "removed", "path": …}`.

use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use rayon::prelude::*;
use serde_json::json;

use super::{Change, Settled, WatchMsg, WatchOptions, Watcher};
use crate::audit::AuditConfig;
use crate::catalog::load_file;
use crate::model::Report;
use crate::output::json;
use crate::sanitize::clean;

/// How often the loop looks at `stop` while no change arrives.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// Watches `dir` and writes JSON lines to `out` (status and lost-event notes, as plain text, to
/// `log`) until `stop` receives a message or its sender is dropped. Returns an error when the
/// directory cannot be watched or `out` cannot be written (e.g. the reader of a pipe exited).
pub fn run_jsonl(
    dir: &Path,
    opts: WatchOptions,
    out: &mut impl Write,
    log: &mut impl Write,
    stop: &Receiver<()>,
) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(dir, opts, tx).map_err(|e| {
        io::Error::other(format!(
            "cannot watch {}: {}",
            clean(&dir.display().to_string()),
            clean(&e.to_string())
        ))
    })?;
    let initial: Vec<Settled> = watcher
        .initial_files()
        .iter()
        .map(|p| Settled {
            path: p.clone(),
            change: Change::Added,
        })
        .collect();
    emit(out, initial)?;
    loop {
        match stop.try_recv() {
            Ok(()) | Err(TryRecvError::Disconnected) => return Ok(()),
            Err(TryRecvError::Empty) => {}
        }
        match rx.recv_timeout(STOP_CHECK) {
            Ok(WatchMsg::Settled(batch)) => emit(out, batch)?,
            Ok(WatchMsg::Status(s)) => writeln!(log, "gouji watch: {}", clean(&s))?,
            Ok(WatchMsg::Rescan) => writeln!(
                log,
                "gouji watch: events were lost; rescanning {}",
                clean(&dir.display().to_string())
            )?,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the watcher stopped unexpectedly"));
            }
        }
    }
}

/// Audits a batch in parallel and writes its lines in path order, a chunk at a time so that a
/// large batch (the initial audit of a full inbox) streams instead of arriving all at the end.
fn emit(out: &mut impl Write, batch: Vec<Settled>) -> io::Result<()> {
    let chunk = rayon::current_num_threads() * 8;
    for part in batch.chunks(chunk) {
        // Audited and rendered on the worker threads; this thread only writes.
        let lines: Vec<Vec<u8>> = part
            .par_iter()
            .map(|s| {
                let report = (s.change != Change::Removed)
                    .then(|| load_file(&s.path, &AuditConfig::default()));
                line(s, report.as_ref())
            })
            .collect();
        for l in lines {
            out.write_all(&l)?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
    }
    Ok(())
}

/// One output line: the report object plus `"event"` as its last key; a removal names only the
/// path.
fn line(s: &Settled, report: Option<&Report>) -> Vec<u8> {
    let mut object = match report {
        Some(r) => json::report_bytes(r),
        None => crate::sanitize::escape_c1_in_json(
            serde_json::to_vec(&json!({ "path": s.path.to_string_lossy() }))
                .expect("a path serialises"),
        ),
    };
    // A serialised object ends with its closing brace: the event goes just before it.
    let close = object.pop();
    debug_assert_eq!(close, Some(b'}'));
    object.extend_from_slice(br#","event":"#);
    serde_json::to_writer(&mut object, s.change.as_str()).expect("writing to memory");
    object.push(b'}');
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::fs;
    use std::io::Read;
    use std::path::PathBuf;
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::Instant;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/002_4839d2431c749bff.txt"
    );

    /// A `Write` whose bytes other threads can read while `run_jsonl` is still running.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        /// The complete lines written so far (a line may be in the middle of being written).
        fn lines(&self) -> Vec<Value> {
            let bytes = self.0.lock().unwrap().clone();
            let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            String::from_utf8(bytes[..complete].to_vec())
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).expect("every line is one JSON object"))
                .collect()
        }
    }

    fn wait_for(out: &Shared, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let lines = out.lines();
            if lines.len() >= n || Instant::now() > deadline {
                return lines;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn prints_the_initial_audit_then_one_line_per_settled_change() {
        let dir = tempfile::tempdir().unwrap();
        let mut seed = String::new();
        fs::File::open(SEED)
            .unwrap()
            .read_to_string(&mut seed)
            .unwrap();
        fs::write(dir.path().join("a.txt"), &seed).unwrap();
        fs::write(dir.path().join("notes.doc"), "not a report format").unwrap();

        let out = Shared::default();
        let log = Shared::default();
        let (stop_tx, stop_rx) = mpsc::channel();
        let root = dir.path().to_path_buf();
        let (o, mut l) = (out.clone(), log.clone());
        let runner = thread::spawn(move || {
            let opts = WatchOptions {
                debounce: Duration::from_millis(100),
                ..WatchOptions::default()
            };
            run_jsonl(&root, opts, &mut o.clone(), &mut l, &stop_rx)
        });

        let first = wait_for(&out, 1);
        assert_eq!(first.len(), 1, "only the report file is audited: {first:?}");
        assert_eq!(first[0]["event"], "added");
        assert!(first[0]["path"].as_str().unwrap().ends_with("a.txt"));
        // the object of `check --format json`, plus the event
        assert_eq!(first[0]["body"], "鄂城区");
        assert!(first[0]["tables"]["t3"].is_object());
        assert!(
            first[0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "T3-SUM7")
        );

        fs::write(dir.path().join("b.md"), &seed).unwrap();
        let lines = wait_for(&out, 2);
        assert_eq!(lines[1]["event"], "added");
        assert!(lines[1]["path"].as_str().unwrap().ends_with("b.md"));

        fs::write(dir.path().join("a.txt"), "no longer a report").unwrap();
        let lines = wait_for(&out, 3);
        assert_eq!(lines[2]["event"], "changed");
        assert_eq!(lines[2]["not_report"], true);

        fs::remove_file(dir.path().join("b.md")).unwrap();
        let lines = wait_for(&out, 4);
        assert_eq!(lines[3]["event"], "removed");
        assert!(lines[3]["path"].as_str().unwrap().ends_with("b.md"));
        assert!(lines[3].get("findings").is_none());

        stop_tx.send(()).unwrap();
        runner.join().unwrap().unwrap();
        assert_eq!(out.lines().len(), 4, "nothing else was printed");
        let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("watching (native)"), "{log}");
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_hang() {
        let (_keep, stop) = mpsc::channel::<()>();
        let err = run_jsonl(
            Path::new("/nonexistent/gouji-inbox"),
            WatchOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
            &stop,
        )
        .unwrap_err();
        assert!(err.to_string().contains("cannot watch"), "{err}");
    }

    #[test]
    fn a_line_is_the_check_report_object_plus_the_event() {
        let r = load_file(Path::new(SEED), &AuditConfig::default());
        let settled = Settled {
            path: PathBuf::from(SEED),
            change: Change::Changed,
        };
        let bytes = line(&settled, Some(&r));
        let mut v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["event"], "changed");
        // The event is the last key; the rest is the check report object.
        assert_eq!(v.as_object().unwrap().keys().next_back().unwrap(), "event");
        v.as_object_mut().unwrap().remove("event");
        let report: Value = serde_json::from_slice(&json::report_bytes(&r)).unwrap();
        assert_eq!(v, report);
        let removed = Settled {
            path: PathBuf::from("gone.txt"),
            change: Change::Removed,
        };
        assert_eq!(
            String::from_utf8(line(&removed, None)).unwrap(),
            r#"{"path":"gone.txt","event":"removed"}"#
        );
    }
}
