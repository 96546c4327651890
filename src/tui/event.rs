//! The threads that feed the one event queue: terminal input, a ticker, the loader, and the
//! live inbox (watcher + reloader).
//!
//! Each sends [`AppEvent`]s into the same `mpsc` channel; the UI thread reads only that channel
//! (see `run`). A thread stops by itself when the channel closes (the UI is gone). Every file
//! read happens here, never on the UI thread.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use rayon::prelude::*;

use ratatui::crossterm::event::{self, Event};

use crate::audit::AuditConfig;
use crate::catalog;
use crate::model::Report;
use crate::watch::{Change, WatchMsg, WatchOptions, Watcher};

use super::app::{AppEvent, Audited, Loaded};

static NEXT_TICKET: AtomicU64 = AtomicU64::new(1);

/// A number that grows with every call: taken just before a file is read (or found removed),
/// so that of two reads of one file racing through different threads, the one that began
/// later (and saw the newer bytes) wins in the app.
pub fn ticket() -> u64 {
    NEXT_TICKET.fetch_add(1, Ordering::Relaxed)
}

/// Reads and audits `path` in full: the watcher's reloads, and a report read again when it is
/// opened or exported (`App::run_io`).
pub fn load(path: &Path, cfg: &AuditConfig) -> Loaded {
    let seq = ticket();
    let (report, hash) = load_guarded(path, cfg);
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    Loaded {
        report,
        modified,
        hash,
        seq,
    }
}

/// Reads and audits `path`, packaged for the app.
fn load_event(path: &Path, cfg: &AuditConfig) -> AppEvent {
    AppEvent::ReportLoaded(Box::new(load(path, cfg)))
}

/// Reads and audits `path` for the initial load: summarised here, in the worker, so the UI
/// thread receives (and keeps) the summary only.
fn audited_event(path: &Path, cfg: &AuditConfig) -> AppEvent {
    let l = load(path, cfg);
    AppEvent::ReportAudited(Box::new(Audited::of(l.report, l.modified, l.hash, l.seq)))
}

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
/// report's summary as soon as it is ready so the list fills in while the user is already
/// looking at it.
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
            let _ = tx.send(audited_event(path, &cfg));
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let _ = tx.send(AppEvent::LoadProgress { done: n, total });
        });
    });
}

/// What the event loop tells the watch thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchControl {
    Pause,
    Resume,
}

/// Watches `dirs` (live inbox) off the UI thread: one thread starts the watchers and then
/// passes pause/resume to them (dropping the returned sender stops watching); another turns
/// settled changes into events, re-auditing added and changed files in parallel and in batch
/// order, so a removal never overtakes an earlier change of the same file.
pub fn spawn_watch(
    dirs: Vec<PathBuf>,
    poll: Option<Duration>,
    tx: Sender<AppEvent>,
) -> Sender<WatchControl> {
    let (ctl_tx, ctl_rx) = mpsc::channel::<WatchControl>();
    let (msg_tx, msg_rx) = mpsc::channel::<WatchMsg>();
    let status_tx = tx.clone();
    thread::spawn(move || {
        let opts = WatchOptions {
            poll,
            ..WatchOptions::default()
        };
        let mut watchers = Vec::new();
        for dir in &dirs {
            match Watcher::start(dir, opts, msg_tx.clone()) {
                Ok(w) => watchers.push(w),
                Err(e) => {
                    let msg = format!(
                        "not watching {}: {}",
                        dir.display(),
                        crate::sanitize::clean(&e.to_string())
                    );
                    if status_tx.send(AppEvent::WatchStatus(msg)).is_err() {
                        return;
                    }
                }
            }
        }
        drop(msg_tx);
        while let Ok(c) = ctl_rx.recv() {
            for w in &watchers {
                match c {
                    WatchControl::Pause => w.pause(),
                    WatchControl::Resume => w.resume(),
                }
            }
        }
        // The UI is gone: dropping the watchers stops them.
    });
    thread::spawn(move || reload_loop(msg_rx, tx));
    ctl_tx
}

fn reload_loop(rx: Receiver<WatchMsg>, tx: Sender<AppEvent>) {
    let cfg = AuditConfig::default();
    while let Ok(msg) = rx.recv() {
        let ok = match msg {
            WatchMsg::Status(s) => tx.send(AppEvent::WatchStatus(s)).is_ok(),
            WatchMsg::Rescan => tx.send(AppEvent::WatchRescan).is_ok(),
            WatchMsg::Settled(batch) => {
                let (gone, load): (Vec<_>, Vec<_>) =
                    batch.into_iter().partition(|s| s.change == Change::Removed);
                let mut ok = gone.into_iter().all(|s| {
                    let ev = AppEvent::Removed {
                        path: s.path,
                        seq: ticket(),
                    };
                    tx.send(ev).is_ok()
                });
                if ok {
                    ok = load
                        .par_iter()
                        .all(|s| tx.send(load_event(&s.path, &cfg)).is_ok());
                }
                ok
            }
        };
        if !ok {
            return;
        }
    }
}

/// One bad file must not take the loader down: a panic while reading it (a decoder bug on a
/// hostile file) becomes an entry with an error.
fn load_guarded(path: &std::path::Path, cfg: &AuditConfig) -> (Report, Option<String>) {
    match catch_unwind(AssertUnwindSafe(|| catalog::load_file_hashed(path, cfg))) {
        Ok(r) => r,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let report = Report::unreadable(
                path.to_path_buf(),
                format!("internal error while reading: {why}"),
            );
            (report, None)
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
    fn the_loader_announces_the_files_then_sends_each_reports_summary_with_progress() {
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
                AppEvent::ReportAudited(l) => {
                    assert!(l.modified.is_some());
                    assert!(l.seq > 0);
                    assert!(l.hash.as_deref().is_some_and(|h| h.starts_with("sha256:")));
                    // A file that can be read again crosses the channel as its summary only.
                    assert!(l.full.is_none());
                    loaded.insert(l.path.file_name().unwrap().to_owned());
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
