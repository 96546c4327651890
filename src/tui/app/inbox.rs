//! Events that change the set of reports: discovery, loads and reloads, removals, ticks.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use crate::model::Report;

use super::super::action::Action;
use super::super::entry::ListEntry;
use super::super::keymap::{self, Mode};
use super::super::summary::Summary;
use super::{App, Effect, ScreenKind, WatchState};

/// Everything that can happen to the app, from any thread, in one queue.
#[derive(Debug)]
pub enum AppEvent {
    Key(KeyEvent),
    Resize(u16, u16),
    Tick,
    /// The file list is known (discovery finished); reports follow one by one.
    Discovered {
        files: Vec<PathBuf>,
        errors: Vec<(PathBuf, String)>,
    },
    /// A report was loaded, or reloaded after a change (watcher), in full.
    ReportLoaded(Box<Loaded>),
    /// A report was loaded by the initial loader, which keeps only its summary.
    ReportAudited(Box<Audited>),
    LoadProgress {
        done: usize,
        total: usize,
    },
    /// A file disappeared (watcher).
    Removed {
        path: PathBuf,
        seq: u64,
    },
    /// How the inbox is watched ("watching (native)", "polling every 1000 ms: ...", errors).
    WatchStatus(String),
    /// The watcher lost events and is re-listing the inbox.
    WatchRescan,
    /// Reading the terminal failed; the app cannot go on.
    InputError(String),
}

impl AppEvent {
    /// A loaded report with nothing else known (tests, single reports).
    pub fn loaded(report: Report) -> AppEvent {
        AppEvent::ReportLoaded(Box::new(Loaded {
            report,
            modified: None,
            hash: None,
            seq: 0,
        }))
    }
}

/// A report read and audited by a worker.
#[derive(Debug)]
pub struct Loaded {
    pub report: Report,
    pub modified: Option<SystemTime>,
    /// `state::content_hash` of the bytes the report was extracted from.
    pub hash: Option<String>,
    /// When the read began (`event::ticket`): the initial loader and the watcher's reloads
    /// race, and a read that began earlier must not replace one that began later. 0 = always
    /// apply.
    pub seq: u64,
}

/// A report read and audited by a worker of the initial loader, reduced there to what the list
/// keeps: the full report is read again when the user opens it.
#[derive(Debug)]
pub struct Audited {
    pub path: PathBuf,
    pub summary: Summary,
    pub modified: Option<SystemTime>,
    /// As [`Loaded::hash`]; without it the report could not be read again, so it comes in
    /// `full` and stays.
    pub hash: Option<String>,
    pub full: Option<Report>,
    /// As [`Loaded::seq`].
    pub seq: u64,
}

impl Audited {
    /// `report` summarised; kept whole only when it cannot be read again (no hash).
    pub fn of(
        report: Report,
        modified: Option<SystemTime>,
        hash: Option<String>,
        seq: u64,
    ) -> Audited {
        Audited {
            path: report.path.clone(),
            summary: Summary::of(&report),
            modified,
            full: hash.is_none().then_some(report),
            hash,
            seq,
        }
    }
}

impl App {
    /// Applies one event and brings derived state up to date.
    pub fn handle_event(&mut self, ev: AppEvent, now: Instant) {
        self.apply_event(ev, now);
        self.settle();
    }

    /// Applies one event; the event loop calls [`App::settle`] once after draining the queue,
    /// so a burst of loaded reports costs one sort.
    pub fn apply_event(&mut self, ev: AppEvent, now: Instant) {
        match ev {
            AppEvent::Key(key) => {
                if key.kind == KeyEventKind::Release {
                    return;
                }
                // A message answers the last key; the next key dismisses it (it does not
                // linger for many keys). A store warning stays in the status bar regardless.
                self.message = None;
                let mode = self.mode();
                match keymap::lookup(mode, &key) {
                    Some(action) => self.update(action, now),
                    None if mode != Mode::Browse => self.update(Action::Input(key.into()), now),
                    None => {}
                }
            }
            AppEvent::Resize(w, h) => self.update(Action::Resize(w, h), now),
            AppEvent::Tick => {
                if self.message.as_ref().is_some_and(|m| m.until <= now) {
                    self.message = None;
                }
                if self.triage.store.is_some() {
                    self.effects.push(Effect::ReloadStore);
                }
            }
            AppEvent::Discovered { files, errors } => {
                for f in files {
                    if !self.inbox.index.contains_key(&f) {
                        self.push_entry(ListEntry::pending(f));
                    }
                }
                for (path, err) in errors {
                    let report = Report::unreadable(path, err);
                    self.upsert(report, None, None);
                }
                self.inbox.progress.total = self.inbox.progress.total.max(self.inbox.entries.len());
                self.inbox.progress.discovered = true;
                self.inbox.dirty = true;
            }
            AppEvent::ReportLoaded(loaded) => {
                let Loaded {
                    report,
                    modified,
                    hash,
                    seq,
                } = *loaded;
                if self.is_stale(&report.path, seq) {
                    return;
                }
                let path = report.path.clone();
                self.upsert(report, modified, hash);
                self.refresh_triage(&path);
                self.inbox.dirty = true;
            }
            AppEvent::ReportAudited(audited) => {
                let Audited {
                    path,
                    summary,
                    modified,
                    hash,
                    full,
                    seq,
                } = *audited;
                if self.is_stale(&path, seq) {
                    return;
                }
                match full {
                    Some(report) => self.upsert(report, modified, hash),
                    None => self.upsert_summary(path.clone(), summary, modified, hash),
                }
                self.refresh_triage(&path);
                self.inbox.dirty = true;
            }
            AppEvent::LoadProgress { done, total } => {
                self.inbox.progress.done = done;
                self.inbox.progress.total = total;
            }
            AppEvent::Removed { path, seq } => {
                if !self.is_stale(&path, seq) {
                    self.remove(&path);
                }
            }
            AppEvent::WatchStatus(status) => {
                let w = self.watch.get_or_insert_with(WatchState::default);
                w.status = status;
            }
            AppEvent::WatchRescan => {
                self.flash("the watcher lost events; re-listing the inbox", now);
            }
            AppEvent::InputError(e) => {
                self.flash(format!("terminal input failed: {e}"), now);
                self.quit = true;
            }
        }
    }

    /// True until the initial load has discovered and audited every file.
    pub fn loading(&self) -> bool {
        let p = self.inbox.progress;
        !p.discovered || p.done < p.total
    }

    /// True when a newer read or removal of `path` was already applied; records `seq` if not.
    pub(super) fn is_stale(&mut self, path: &Path, seq: u64) -> bool {
        if seq == 0 {
            return false;
        }
        let last = self.inbox.seqs.entry(path.to_path_buf()).or_insert(0);
        if seq < *last {
            return true;
        }
        *last = seq;
        false
    }

    pub(super) fn push_entry(&mut self, e: ListEntry) {
        self.inbox
            .index
            .insert(e.path.clone(), self.inbox.entries.len());
        self.inbox.entries.push(e);
    }

    /// Takes a full report into its entry (first load or reload), kept among the recent ones.
    pub(super) fn upsert(
        &mut self,
        report: Report,
        modified: Option<SystemTime>,
        hash: Option<String>,
    ) {
        let path = report.path.clone();
        self.upsert_with(&path, hash, |e| e.set_report(report, modified));
        self.keep_full(&path);
    }

    /// Takes a summary into its entry; the full report is read again when it is opened.
    pub(super) fn upsert_summary(
        &mut self,
        path: PathBuf,
        summary: Summary,
        modified: Option<SystemTime>,
        hash: Option<String>,
    ) {
        if self.is_open(&path) && self.entry(&path).and_then(|e| e.hash.as_ref()) == hash.as_ref() {
            // The open report's content, summarised again: what is on screen stays.
            return;
        }
        self.upsert_with(&path, hash, |e| e.set_summary(summary, modified));
    }

    /// True while `path` is shown in the report or source view (and its file is there).
    pub(super) fn is_open(&self, path: &Path) -> bool {
        self.screen != ScreenKind::List
            && self
                .report
                .as_ref()
                .is_some_and(|r| r.path == path && r.gone.is_none())
    }

    fn upsert_with(&mut self, path: &Path, hash: Option<String>, set: impl FnOnce(&mut ListEntry)) {
        match self.inbox.index.get(path) {
            Some(&i) => {
                let e = &mut self.inbox.entries[i];
                if let Some((body, _)) = e.link_key() {
                    self.inbox.relink.insert(body.to_owned());
                }
                let was_loaded = e.is_loaded();
                // The same bytes again (the watcher reporting a change that opening the report
                // already read): the audit is the same, and what changed before still holds.
                let same = was_loaded && hash.is_some() && e.hash == hash;
                let changes = e.changes.take();
                set(e);
                if same {
                    e.changes = changes;
                }
                e.hash = hash;
                if let Some((body, _)) = e.link_key() {
                    self.inbox.relink.insert(body.to_owned());
                }
                let open = self.is_open(path);
                if was_loaded && !open {
                    self.inbox.entries[i].updated = true;
                }
                if open {
                    self.rebuild_report_view();
                }
            }
            None => {
                let mut e = ListEntry::pending(path.to_path_buf());
                set(&mut e);
                e.hash = hash;
                if let Some((body, _)) = e.link_key() {
                    self.inbox.relink.insert(body.to_owned());
                }
                self.push_entry(e);
            }
        }
    }

    /// Marks `path`'s full report as the most recently used and lets the least recently used
    /// ones beyond [`KEPT_FULL`] go (never the open report's, never one that cannot be read
    /// again).
    pub(super) fn keep_full(&mut self, path: &Path) {
        let kept = &mut self.inbox.kept;
        if let Some(i) = kept.iter().position(|p| p == path) {
            kept.remove(i);
        }
        // A report without a content hash stays anyway: it is not counted.
        if self
            .entry(path)
            .is_some_and(|e| e.hash.is_some() && e.full().is_some())
        {
            self.inbox.kept.push_back(path.to_path_buf());
        }
        let mut i = 0;
        while self.inbox.kept.len() > super::KEPT_FULL && i < self.inbox.kept.len() {
            let p = self.inbox.kept[i].clone();
            // The open report, its source, and last year's report beside it (`y`) stay.
            let pinned = self.report.as_ref().is_some_and(|r| {
                r.path == p
                    || self
                        .entry(&r.path)
                        .is_some_and(|e| e.previous() == Some(p.as_path()))
            }) || self.source.as_ref().is_some_and(|s| s.path == p);
            let dropped = !pinned
                && match self.inbox.index.get(&p) {
                    Some(&e) => {
                        let e = &mut self.inbox.entries[e];
                        e.drop_full() || e.full().is_none()
                    }
                    None => true,
                };
            if dropped {
                self.inbox.kept.remove(i);
            } else {
                i += 1;
            }
        }
    }

    pub(super) fn remove(&mut self, path: &Path) {
        let Some(&i) = self.inbox.index.get(path) else {
            return;
        };
        if self.list.selected.as_deref() == Some(path) {
            // The next report in display order takes the removed one's place.
            let pos = self.list.visible.iter().position(|v| v.entry == i);
            self.list.selected = pos
                .and_then(|p| {
                    self.list
                        .visible
                        .get(p + 1)
                        .or_else(|| p.checked_sub(1).and_then(|q| self.list.visible.get(q)))
                })
                .map(|v| self.inbox.entries[v.entry].path.clone());
        }
        let rank = self.list.visible.iter().position(|v| v.entry == i);
        self.inbox.index.remove(path);
        let removed = self.inbox.entries.remove(i);
        if let Some((body, _)) = removed.link_key() {
            self.inbox.relink.insert(body.to_owned());
        }
        for v in self.inbox.index.values_mut() {
            if *v > i {
                *v -= 1;
            }
        }
        // Indices in `visible` are stale now; `settle` rebuilds it.
        self.list.visible.clear();
        self.inbox.dirty = true;
        let open = self.screen != ScreenKind::List
            && self
                .report
                .as_ref()
                .is_some_and(|r| r.path == path && r.gone.is_none());
        if open {
            // Keep what the user is reading; the view says the file is gone and refuses
            // triage keys, so none can land on the report that took its place in the list.
            if let Some(rv) = self.report.as_mut() {
                rv.gone = Some(super::Gone {
                    entry: Box::new(removed),
                    rank: rank.unwrap_or(0),
                });
            }
            if self.screen == ScreenKind::Source {
                self.source = None;
                self.screen = ScreenKind::Report;
            }
        } else if self.report.as_ref().is_some_and(|r| r.path == path) {
            self.report = None;
            self.source = None;
        }
    }
}
