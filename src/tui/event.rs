//! The threads that feed the one event queue: terminal input, a ticker, and the loader.
//!
//! Each sends [`AppEvent`]s into the same `mpsc` channel; the UI thread reads only that channel
//! (see `run`). A thread stops by itself when the channel closes (the UI is gone).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use rayon::prelude::*;

use ratatui::crossterm::event::{self, Event};

use crate::audit::AuditConfig;
use crate::catalog;
use crate::model::Report;

use super::app::AppEvent;

/// Reads terminal events until the channel closes or reading fails.
pub fn spawn_input(tx: Sender<AppEvent>) {
    thread::spawn(move || {
        loop {
            let ev = match event::read() {
                Ok(Event::Key(k)) => AppEvent::Key(k),
                Ok(Event::Resize(w, h)) => AppEvent::Resize(w, h),
                Ok(_) => continue,
                Err(e) => {
                    let _ = tx.send(AppEvent::InputError(e.to_string()));
                    return;
                }
            };
            if tx.send(ev).is_err() {
                return;
            }
        }
    });
}

/// Sends a `Tick` every `every` (status messages expire on ticks).
pub fn spawn_ticker(tx: Sender<AppEvent>, every: Duration) {
    thread::spawn(move || {
        while tx.send(AppEvent::Tick).is_ok() {
            thread::sleep(every);
        }
    });
}

/// Discovers report files under `paths`, then loads and audits them in parallel, sending each
/// report as soon as it is ready so the list fills in while the user is already looking at it.
pub fn spawn_loader(paths: Vec<PathBuf>, tx: Sender<AppEvent>) {
    thread::spawn(move || {
        let found = catalog::discover(&paths);
        let files = found.files.clone();
        let total = files.len();
        if tx
            .send(AppEvent::Discovered {
                files: found.files,
                errors: found.errors,
            })
            .is_err()
        {
            return;
        }
        let cfg = AuditConfig::default();
        let done = AtomicUsize::new(0);
        files.par_iter().for_each_with(tx, |tx, path| {
            let report = load_guarded(path, &cfg);
            let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            let _ = tx.send(AppEvent::ReportLoaded {
                report: Box::new(report),
                modified,
            });
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let _ = tx.send(AppEvent::LoadProgress { done: n, total });
        });
    });
}

/// One bad file must not take the loader down: a panic while reading it (a decoder bug on a
/// hostile file) becomes an entry with an error.
fn load_guarded(path: &std::path::Path, cfg: &AuditConfig) -> Report {
    match catch_unwind(AssertUnwindSafe(|| catalog::load_file(path, cfg))) {
        Ok(r) => r,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Report::unreadable(
                path.to_path_buf(),
                format!("internal error while reading: {why}"),
            )
        }
    }
}

/// How often the ticker fires.
pub const TICK: Duration = Duration::from_millis(250);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::sync::mpsc;

    #[test]
    fn the_loader_announces_the_files_then_sends_each_report_with_progress() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt", "c.md"] {
            std::fs::write(dir.path().join(name), "政府信息公开工作年度报告").unwrap();
        }
        std::fs::write(dir.path().join(".a.txt.swp"), "x").unwrap();
        let (tx, rx) = mpsc::channel();
        spawn_loader(vec![dir.path().to_path_buf()], tx);
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let AppEvent::Discovered { files, errors } = first else {
            panic!("first event must be Discovered, got {first:?}");
        };
        assert_eq!(files.len(), 3);
        assert!(errors.is_empty());
        let mut loaded = BTreeSet::new();
        let mut last_done = 0;
        while last_done < 3 {
            match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
                AppEvent::ReportLoaded { report, modified } => {
                    assert!(modified.is_some());
                    loaded.insert(report.path.file_name().unwrap().to_owned());
                }
                AppEvent::LoadProgress { done, total } => {
                    assert_eq!(total, 3);
                    last_done = last_done.max(done);
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let names: Vec<_> = loaded
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.md"]);
    }
}
