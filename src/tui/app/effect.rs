//! Effects: what [`App::update`] asks the run loop to do outside the app, and the part of
//! carrying them out that needs the app's state ([`App::run_io`]: the triage store and the
//! export; pausing the watcher is left to the loop, which owns the watcher's channel).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::model::Report;
use crate::state::{self, Status, Store};

use super::super::entry::ListEntry;
use super::App;
use super::triage::{findings_word, status_message};

/// Something the app asks the event loop to do outside it (the app itself does no I/O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    PauseWatch,
    ResumeWatch,
    /// Save a triage change of the report at `path` whose content hashes to `hash`.
    Persist {
        path: PathBuf,
        hash: String,
        change: Change,
    },
    /// Write the rectification list next to the state file: of the reports the list shows
    /// (filtered, non-reports left out), or with `only`, of that one report.
    Export {
        only: Option<PathBuf>,
    },
    /// Pick up what another gouji on the same inbox wrote (on every tick).
    ReloadStore,
    /// Read the full report of `path` again (the list keeps its summary only), then carry on.
    /// If the file no longer holds what was summarised, the report is taken as the watcher
    /// takes a changed file: re-audited, its changes noted.
    Fetch {
        path: PathBuf,
        then: AfterFetch,
    },
}

/// What a [`Effect::Fetch`] was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFetch {
    /// Open the report view.
    Open,
    /// Open the source view at the report's first finding (`v` in the list).
    Source,
    /// Redraw the open report view from the report read.
    Rebuild,
}

/// One triage change to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Status(Status),
    /// Back to the status before the last change.
    UndoStatus,
    Note(String),
    Dismiss {
        keys: Vec<String>,
        reason: String,
    },
    Undismiss {
        keys: Vec<String>,
    },
    /// Set a cell's value (`t3.r7.np`; `to: None` is blank).
    Correct {
        cell: String,
        to: Option<String>,
    },
    /// Take a cell's correction back.
    Uncorrect {
        cell: String,
    },
}

impl Change {
    fn apply(&self, st: &mut Store, path: &Path, hash: &str) -> Result<(), state::StateError> {
        match self {
            Change::Status(s) => st.set_status(path, hash, *s),
            Change::UndoStatus => st.undo_status(path, hash),
            Change::Note(text) => st.set_note(path, hash, text),
            Change::Dismiss { keys, reason } => st.dismiss_all(path, hash, keys, reason),
            Change::Undismiss { keys } => st.undismiss_all(path, hash, keys),
            Change::Correct { cell, to } => st.set_correction(path, hash, cell, to.as_deref()),
            Change::Uncorrect { cell } => st.remove_correction(path, hash, cell),
        }
    }
}

impl App {
    /// Carries out the queued effects that touch the disk (the triage store, the export) and
    /// leaves the others (pause, resume) for the loop. The run loop calls this after every event,
    /// so a change is on disk before the next key is handled.
    pub fn run_io(&mut self, now: Instant) {
        for effect in std::mem::take(&mut self.effects) {
            match effect {
                Effect::Persist { path, hash, change } => self.persist(&path, &hash, change, now),
                Effect::Export { only } => self.export(only.as_deref(), now),
                Effect::ReloadStore => self.reload_store(now),
                Effect::Fetch { path, then } => self.fetch(&path, then, now),
                other => self.effects.push(other),
            }
        }
    }

    /// Carries out [`Effect::Fetch`]: the one place the app reads a report file itself (the
    /// user asked to see it, so the read is on the way to the next frame). Last year's report
    /// of the same body comes with it (the `y` pane shows both).
    fn fetch(&mut self, path: &Path, then: AfterFetch, now: Instant) {
        if self.entry(path).is_none_or(|e| !e.is_loaded()) {
            return;
        }
        let previous = self
            .entry(path)
            .and_then(ListEntry::previous)
            .map(Path::to_path_buf);
        if let Some(prev) = previous.filter(|p| self.entry(p).is_some_and(ListEntry::is_loaded)) {
            self.fetch_one(&prev, now);
        }
        self.fetch_one(path, now);
        if self.report_of(path).is_none() {
            return;
        }
        match then {
            AfterFetch::Open => self.show_report(path),
            AfterFetch::Source => self.source_from_list(path.to_path_buf(), now),
            AfterFetch::Rebuild => self.rebuild_shown(),
        }
    }

    /// Reads `path`'s report again unless it is in memory, and marks it most recently used.
    fn fetch_one(&mut self, path: &Path, now: Instant) {
        if self.report_of(path).is_none() {
            let loaded = super::super::event::load(path, &crate::audit::AuditConfig::default());
            self.take_fetched(loaded, now);
        } else {
            self.keep_full(path);
        }
    }

    /// A report read again: kept as the entry's full report when its content is the one
    /// summarised, else applied as a reload (as the watcher's).
    fn take_fetched(&mut self, loaded: super::Loaded, now: Instant) {
        let path = loaded.report.path.clone();
        let same = self.entry(&path).is_some_and(|e| e.hash == loaded.hash);
        if same {
            if let Some(e) = self.entry_mut(&path) {
                e.keep_full(loaded.report);
            }
            self.keep_full(&path);
        } else {
            self.apply_event(super::AppEvent::ReportLoaded(Box::new(loaded)), now);
            self.settle();
        }
    }

    /// Saves `change` and takes the store's view back into the entry; a failed write is said in
    /// the status bar, and a status or note is then kept in memory.
    fn persist(&mut self, path: &Path, hash: &str, change: Change, now: Instant) {
        let Some(st) = self.triage.store.as_mut() else {
            return;
        };
        let res = change.apply(st, path, hash);
        self.store_warnings(now);
        match res {
            Ok(()) => {
                self.triage.warning = None;
                self.refresh_triage(path);
                if let Some(msg) = self.saved_message(path, &change) {
                    self.flash(msg, now);
                }
            }
            Err(e) => {
                let text = format!("NOT SAVED: {}", crate::sanitize::clean(&e.to_string()));
                self.triage.warning = Some(text.clone());
                self.flash(text, now);
                if let Some(entry) = self.entry_mut(path) {
                    match change {
                        Change::Status(s) => entry.triage = s,
                        Change::Note(text) => entry.note = text,
                        _ => {}
                    }
                }
            }
        }
    }

    /// What the status bar says once `change` is saved.
    fn saved_message(&self, path: &Path, change: &Change) -> Option<String> {
        let e = self.entry(path)?;
        Some(match change {
            Change::Status(s) => status_message(&e.file_name(), *s),
            Change::UndoStatus => match e.triage {
                Status::Unreviewed => format!("{}: status undone (unreviewed)", e.file_name()),
                t => format!("{}: status undone ({})", e.file_name(), t.list_label()),
            },
            Change::Note(_) => "note saved".to_string(),
            Change::Dismiss { keys, reason } => {
                format!("{} dismissed: {reason}", findings_word(keys.len()))
            }
            Change::Undismiss { keys } => format!("{} restored", findings_word(keys.len())),
            Change::Correct { .. } | Change::Uncorrect { .. } => {
                super::correct::correction_message(change)?
            }
        })
    }

    /// Another gouji on the same inbox may have written: pick its changes up.
    fn reload_store(&mut self, now: Instant) {
        let Some(st) = self.triage.store.as_mut() else {
            return;
        };
        match st.reload_if_changed() {
            Ok(true) => self.refresh_all(),
            Ok(false) => {}
            Err(e) => {
                let text = format!("triage state: {}", crate::sanitize::clean(&e.to_string()));
                if self.triage.warning.as_deref() != Some(text.as_str()) {
                    self.flash(text.clone(), now);
                    self.triage.warning = Some(text);
                }
            }
        }
        self.store_warnings(now);
    }

    /// `E`: the rectification list of every loaded report, as markdown, written atomically next
    /// to the state file (`.gouji/整改清单-<local time>.md`).
    fn export(&mut self, only: Option<&Path>, now: Instant) {
        if self.triage.store.is_none() {
            return;
        }
        // What the user sees is what is exported: the filtered list, in files that are reports.
        let mut entries: Vec<&ListEntry> = match only {
            Some(p) => self.entry(p).into_iter().collect(),
            None => self
                .list
                .visible
                .iter()
                .map(|v| &self.inbox.entries[v.entry])
                .collect(),
        };
        entries.retain(|e| e.is_report());
        if entries.is_empty() {
            self.flash("nothing to export: no report in the list", now);
            return;
        }
        let mut paths: Vec<PathBuf> = entries.iter().map(|e| e.path.clone()).collect();
        paths.sort();
        // The full reports: those in memory, and the others read again, in parallel.
        let mut reports: Vec<Report> = Vec::with_capacity(paths.len());
        let mut hashes: HashMap<PathBuf, Option<String>> = HashMap::new();
        let mut missing = Vec::new();
        for p in &paths {
            match self.report_of(p) {
                Some(r) => {
                    reports.push(r.clone());
                    hashes.insert(p.clone(), self.entry(p).and_then(|e| e.hash.clone()));
                }
                None => missing.push(p.clone()),
            }
        }
        let cfg = crate::audit::AuditConfig::default();
        let fetched: Vec<super::Loaded> = missing
            .par_iter()
            .map(|p| super::super::event::load(p, &cfg))
            .collect();
        for l in fetched {
            let path = l.report.path.clone();
            hashes.insert(path.clone(), l.hash.clone());
            // As the entry holds it: with its corrections and cross-year links.
            match self.entry(&path) {
                Some(e) => reports.push(e.restore(l.report.clone())),
                None => reports.push(l.report.clone()),
            }
            if self.entry(&path).is_none_or(|e| e.hash != l.hash) {
                // Changed since it was summarised: exported as it is now, and re-audited.
                self.apply_event(super::AppEvent::ReportLoaded(Box::new(l)), now);
            }
        }
        reports.sort_by(|a, b| a.path.cmp(&b.path));
        let Some(st) = self.triage.store.as_ref() else {
            return;
        };
        let text = crate::export::export_with(
            &reports,
            |r| hashes.get(&r.path).cloned().flatten(),
            st,
            crate::export::ListFormat::Md,
        );
        let dir = st.path().parent().unwrap_or(Path::new("."));
        let name = format!(
            "整改清单-{}.md",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        );
        let out = dir.join(name);
        let res = std::fs::create_dir_all(dir)
            .and_then(|()| crate::atomic::write_atomic(&out, text.as_bytes()));
        match res {
            Ok(()) => {
                let what = match reports.len() {
                    1 => "1 report".to_string(),
                    n => format!("{n} reports"),
                };
                self.flash(format!("exported {what} to {}", out.display()), now);
                self.triage.last_export = Some(out);
            }
            Err(e) => self.flash(format!("export failed: {}: {e}", out.display()), now),
        }
    }
}
