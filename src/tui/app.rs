//! The TUI's whole state and the one place it changes: [`App::update`].
//!
//! Everything here is pure: no terminal, no clock (the caller passes `now`), and no file I/O
//! except through the triage [`Store`] and the export of the rectification list: a status or
//! note must be on disk before the next key is handled (a kill -9 must lose nothing entered),
//! and both are one small atomic write. Reading reports happens in the worker threads. Events
//! from the input thread, the ticker and the loader arrive as [`AppEvent`]s; keys become
//! [`Action`]s through the keymap. Tests build an `App`, feed it events and actions, and look at
//! the state or at a rendered buffer.
//!
//! Reports are kept by path: the list selection, the open report and the source view all refer
//! to a path, so reports arriving (or being reloaded by the watcher) never move the cursor to
//! another report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use tui_textarea::TextArea;

use crate::model::{Finding, Report};
use crate::state::{self, Store};
use crate::theme::Theme;

use super::action::Action;
use super::entry::{Entry, SortMode, Triage};
use super::filter::{Matcher, Query, Skim};
use super::findings::{self, Item};
use super::grid::{self, Grid, Line};
use super::keymap::{self, Mode};
use super::layout;

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
    /// A report was loaded, or reloaded after a change (watcher).
    ReportLoaded(Box<Loaded>),
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

/// Something the app asks the event loop to do outside it (the app itself does no I/O).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    PauseWatch,
    ResumeWatch,
}

/// The live-inbox state shown in the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchState {
    pub status: String,
    pub paused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    List,
    Report,
    Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Grid,
    Findings,
}

/// One visible line of the report list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    /// Index into `App::entries`.
    pub entry: usize,
    /// Fuzzy-matched char indices into the entry's haystack.
    pub matched: Vec<usize>,
}

/// The open report: its grid, findings and cursors.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub path: PathBuf,
    pub grid: Grid,
    pub items: Vec<Item>,
    /// Grid cursor: a line index of `grid.lines` (always a data row when there is one) and a
    /// column index within that row.
    pub line: usize,
    pub col: usize,
    pub scroll_y: usize,
    pub scroll_x: usize,
    pub focus: Pane,
    pub item: usize,
    pub item_offset: usize,
    /// Since the previous audit (live inbox): findings that went away, listed after the items,
    /// and which items are new; `changes` is the one-line summary, `None` before any reload.
    pub fixed: Vec<Finding>,
    pub new: Vec<bool>,
    pub changes: Option<String>,
    /// Earlier contents of this file and what was decided on them, one line each (a file
    /// replaced by its submitter starts unreviewed; the old status and note show here).
    pub history: Vec<String>,
}

impl ReportView {
    /// Rows the findings pane would like: the items, then the fixed findings.
    pub fn pane_rows(&self) -> usize {
        self.items.len() + self.fixed.len() + self.history.len()
    }
}

/// The source text around a line.
#[derive(Debug, Clone)]
pub struct SourceView {
    pub path: PathBuf,
    /// 0-based line the view is about (the finding's line).
    pub focus: usize,
    /// First line shown.
    pub top: usize,
    /// The value to highlight on the focus line.
    pub token: Option<String>,
    /// Back goes to the report view (true) or the list.
    pub from_report: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Discovery has finished (total is known).
    pub discovered: bool,
}

#[derive(Debug, Clone)]
pub struct Flash {
    pub text: String,
    pub until: Instant,
}

pub struct NoteEditor {
    pub path: PathBuf,
    pub area: TextArea<'static>,
}

/// The one-line input for the reason of a dismissal.
pub struct ReasonEditor {
    pub path: PathBuf,
    /// Indices into the report's findings being dismissed (one item: a finding, or a group).
    pub findings: Vec<usize>,
    pub area: TextArea<'static>,
}

pub struct App {
    pub theme: Theme,
    pub size: (u16, u16),
    pub entries: Vec<Entry>,
    index: HashMap<PathBuf, usize>,
    pub visible: Vec<Visible>,
    pub selected: Option<PathBuf>,
    pub list_offset: usize,
    /// Until the user moves the cursor, it stays on the top line while reports arrive.
    pub user_moved: bool,
    pub sort: SortMode,
    pub query: Query,
    pub filter_input: TextArea<'static>,
    pub filtering: bool,
    pub screen: ScreenKind,
    pub report: Option<ReportView>,
    pub source: Option<SourceView>,
    pub help: bool,
    pub help_scroll: usize,
    pub note: Option<NoteEditor>,
    pub reason: Option<ReasonEditor>,
    pub progress: Progress,
    pub message: Option<Flash>,
    pub quit: bool,
    /// `Some` once a directory is being watched.
    pub watch: Option<WatchState>,
    /// The triage store of the inbox; without one, triage lives in memory only.
    store: Option<Store>,
    /// A problem with the triage store that the user must keep seeing (status bar).
    pub state_warning: Option<String>,
    /// Requests for the event loop, drained by it after each batch.
    pub effects: Vec<Effect>,
    /// The `seq` of the last load or removal applied per path (see [`Loaded::seq`]).
    seqs: HashMap<PathBuf, u64>,
    /// The last file `E` wrote.
    pub last_export: Option<PathBuf>,
    /// Set by events that change entries; `settle` re-sorts and re-filters once per batch.
    dirty: bool,
    matcher: Box<dyn Matcher>,
}

const FLASH: Duration = Duration::from_secs(4);

impl App {
    pub fn new(theme: Theme, size: (u16, u16)) -> App {
        App {
            theme,
            size,
            entries: Vec::new(),
            index: HashMap::new(),
            visible: Vec::new(),
            selected: None,
            list_offset: 0,
            user_moved: false,
            sort: SortMode::default(),
            query: Query::default(),
            filter_input: single_line_input(),
            filtering: false,
            screen: ScreenKind::List,
            report: None,
            source: None,
            help: false,
            help_scroll: 0,
            note: None,
            reason: None,
            progress: Progress::default(),
            message: None,
            quit: false,
            watch: None,
            store: None,
            state_warning: None,
            effects: Vec::new(),
            seqs: HashMap::new(),
            last_export: None,
            dirty: false,
            matcher: Box::new(Skim::default()),
        }
    }

    /// What the keyboard does now.
    pub fn mode(&self) -> Mode {
        if self.note.is_some() {
            Mode::Note
        } else if self.reason.is_some() {
            Mode::Reason
        } else if self.filtering {
            Mode::Filter
        } else {
            Mode::Browse
        }
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub fn flash(&mut self, text: impl Into<String>, now: Instant) {
        self.message = Some(Flash {
            text: text.into(),
            until: now + FLASH,
        });
    }

    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.index.get(path).map(|&i| &self.entries[i])
    }

    fn entry_mut(&mut self, path: &Path) -> Option<&mut Entry> {
        self.index.get(path).map(|&i| &mut self.entries[i])
    }

    /// The report of `path`, once loaded.
    pub fn report_of(&self, path: &Path) -> Option<&Report> {
        self.entry(path).and_then(Entry::report)
    }

    /// Index of the selection within `visible`.
    pub fn cursor(&self) -> Option<usize> {
        let sel = self.selected.as_ref()?;
        self.visible
            .iter()
            .position(|v| &self.entries[v.entry].path == sel)
    }

    // ---- events --------------------------------------------------------------------------

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
                self.reload_store(now);
            }
            AppEvent::Discovered { files, errors } => {
                for f in files {
                    if !self.index.contains_key(&f) {
                        self.push_entry(Entry::pending(f));
                    }
                }
                for (path, err) in errors {
                    let report = Report::unreadable(path, err);
                    self.upsert(report, None, None);
                }
                self.progress.total = self.progress.total.max(self.entries.len());
                self.progress.discovered = true;
                self.dirty = true;
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
                self.dirty = true;
            }
            AppEvent::LoadProgress { done, total } => {
                self.progress.done = done;
                self.progress.total = total;
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

    /// True when a newer read or removal of `path` was already applied; records `seq` if not.
    fn is_stale(&mut self, path: &Path, seq: u64) -> bool {
        if seq == 0 {
            return false;
        }
        let last = self.seqs.entry(path.to_path_buf()).or_insert(0);
        if seq < *last {
            return true;
        }
        *last = seq;
        false
    }

    fn push_entry(&mut self, e: Entry) {
        self.index.insert(e.path.clone(), self.entries.len());
        self.entries.push(e);
    }

    fn upsert(&mut self, report: Report, modified: Option<SystemTime>, hash: Option<String>) {
        let path = report.path.clone();
        match self.index.get(&path) {
            Some(&i) => {
                let was_loaded = self.entries[i].report().is_some();
                self.entries[i].set_report(report, modified);
                self.entries[i].hash = hash;
                let open = self.screen != ScreenKind::List
                    && self.report.as_ref().is_some_and(|r| r.path == path);
                if was_loaded && !open {
                    self.entries[i].updated = true;
                }
                if open {
                    self.rebuild_report_view();
                }
            }
            None => {
                let mut e = Entry::loaded(report, modified);
                e.hash = hash;
                self.push_entry(e);
            }
        }
    }

    fn remove(&mut self, path: &Path) {
        let Some(&i) = self.index.get(path) else {
            return;
        };
        if self.selected.as_deref() == Some(path) {
            // The next report in display order takes the removed one's place.
            let pos = self.visible.iter().position(|v| v.entry == i);
            self.selected = pos
                .and_then(|p| {
                    self.visible
                        .get(p + 1)
                        .or_else(|| p.checked_sub(1).and_then(|q| self.visible.get(q)))
                })
                .map(|v| self.entries[v.entry].path.clone());
        }
        self.index.remove(path);
        self.entries.remove(i);
        for v in self.index.values_mut() {
            if *v > i {
                *v -= 1;
            }
        }
        // Indices in `visible` are stale now; `settle` rebuilds it.
        self.visible.clear();
        self.dirty = true;
        if self.report.as_ref().is_some_and(|r| r.path == path) {
            self.report = None;
            self.source = None;
            self.screen = ScreenKind::List;
        }
    }

    /// Re-filters and re-sorts the list if entries changed, keeping the selection on its path.
    pub fn settle(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let mut vis: Vec<(i64, Visible)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let (score, matched) = self.query.matches(e, self.matcher.as_ref())?;
                Some((score, Visible { entry: i, matched }))
            })
            .collect();
        let sort = self.sort;
        let entries = &self.entries;
        vis.sort_by(|(sa, a), (sb, b)| {
            sb.cmp(sa)
                .then_with(|| sort.compare(&entries[a.entry], &entries[b.entry]))
        });
        self.visible = vis.into_iter().map(|(_, v)| v).collect();
        if self.cursor().is_none() || !self.user_moved {
            self.selected = self
                .visible
                .first()
                .map(|v| self.entries[v.entry].path.clone());
        }
        self.follow_list();
    }

    fn list_rows(&self) -> usize {
        let filter_line = self.filtering || !self.query.is_empty();
        layout::list(self.area(), filter_line).rows.height as usize
    }

    fn follow_list(&mut self) {
        let rows = self.list_rows().max(1);
        let cur = self.cursor().unwrap_or(0);
        if cur < self.list_offset {
            self.list_offset = cur;
        } else if cur >= self.list_offset + rows {
            self.list_offset = cur + 1 - rows;
        }
        let max_offset = self.visible.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(max_offset);
    }

    // ---- actions -------------------------------------------------------------------------

    /// Applies one action.
    pub fn update(&mut self, action: Action, now: Instant) {
        self.settle();
        match action {
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.follow_list();
                self.follow_report();
                return;
            }
            _ => {}
        }
        if self.note.is_some() {
            self.update_note(action, now);
        } else if self.reason.is_some() {
            self.update_reason(action, now);
        } else if self.filtering {
            self.update_filter(action);
        } else if self.help {
            self.update_help(action);
        } else {
            match self.screen {
                ScreenKind::List => self.update_list(action, now),
                ScreenKind::Report => self.update_report(action, now),
                ScreenKind::Source => self.update_source(action, now),
            }
        }
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::Help | Action::Back => {
                self.help = false;
                self.help_scroll = 0;
            }
            Action::Down => self.help_scroll += 1,
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Top => self.help_scroll = 0,
            _ => {}
        }
    }

    fn update_filter(&mut self, action: Action) {
        match action {
            Action::FilterKeep => self.filtering = false,
            Action::FilterClear => self.clear_filter(),
            Action::Down | Action::Up => self.move_list(action),
            Action::Input(input) => {
                self.filter_input.input(input);
                let text = self.filter_input.lines().join(" ");
                self.query = Query::parse(&text);
                self.dirty = true;
                self.settle();
            }
            _ => {}
        }
    }

    fn clear_filter(&mut self) {
        self.filtering = false;
        self.filter_input = single_line_input();
        self.query = Query::default();
        self.dirty = true;
        self.settle();
    }

    fn update_note(&mut self, action: Action, now: Instant) {
        match action {
            Action::NoteSave => {
                if let Some(ed) = self.note.take() {
                    let text = ed.area.lines().join("\n");
                    let text = text.trim_end().to_string();
                    let saved = self.persist(&ed.path, now, |st, p, h| st.set_note(p, h, &text));
                    if !saved && let Some(e) = self.entry_mut(&ed.path) {
                        e.note = text;
                    }
                    if saved || self.store.is_none() {
                        self.flash("note saved", now);
                    }
                }
            }
            Action::NoteCancel => {
                self.note = None;
                self.flash("note unchanged", now);
            }
            Action::Input(input) => {
                if let Some(ed) = &mut self.note {
                    ed.area.input(input);
                }
            }
            _ => {}
        }
    }

    /// The entry the triage keys act on: the open report, or the list selection.
    fn triage_target(&self) -> Option<PathBuf> {
        match self.screen {
            ScreenKind::List => self.selected.clone(),
            _ => self
                .report
                .as_ref()
                .map(|r| r.path.clone())
                .or_else(|| self.source.as_ref().map(|s| s.path.clone())),
        }
    }

    fn triage(&mut self, t: Triage, now: Instant) {
        let Some(path) = self.triage_target() else {
            return;
        };
        self.user_moved = true;
        let saved = self.persist(&path, now, |st, p, h| st.set_status(p, h, t.into()));
        if let Some(e) = self.entry_mut(&path) {
            if !saved {
                e.triage = t;
            }
            let name = e.file_name();
            let msg = match t {
                Triage::Unreviewed => format!("{name}: status cleared"),
                _ => format!("{name}: {}", t.label()),
            };
            if saved || self.store.is_none() {
                self.flash(msg, now);
            }
        }
    }

    /// `u`: back to the status before the last change (the store remembers it; without a
    /// store, back to unreviewed).
    fn undo_status(&mut self, now: Instant) {
        let Some(path) = self.triage_target() else {
            return;
        };
        if self.store.is_none() {
            self.triage(Triage::Unreviewed, now);
            return;
        }
        if self.persist(&path, now, |st, p, h| st.undo_status(p, h))
            && let Some(e) = self.entry(&path)
        {
            let msg = match e.triage {
                Triage::Unreviewed => format!("{}: status undone (unreviewed)", e.file_name()),
                t => format!("{}: status undone ({})", e.file_name(), t.label()),
            };
            self.flash(msg, now);
        }
    }

    // ---- the triage store ------------------------------------------------------------------

    /// Uses `store` for triage from now on: every entry takes its recorded status, note and
    /// dismissals. Warnings (a corrupt file kept aside) are shown.
    pub fn set_store(&mut self, store: Store, now: Instant) {
        self.store = Some(store);
        self.store_warnings(now);
        self.refresh_all();
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    fn store_warnings(&mut self, now: Instant) {
        let Some(st) = self.store.as_mut() else {
            return;
        };
        let w = st.take_warnings();
        if let Some(last) = w.last() {
            let text = crate::sanitize::clean(&last.to_string());
            self.state_warning = Some(text.clone());
            self.flash(text, now);
        }
    }

    /// Takes the store's view of `path` into its entry.
    fn refresh_triage(&mut self, path: &Path) {
        let Some(st) = self.store.as_ref() else {
            return;
        };
        let Some(&i) = self.index.get(path) else {
            return;
        };
        let Some(hash) = self.entries[i].hash.clone() else {
            return;
        };
        let view = st.entry(path, &hash);
        self.entries[i].apply_view(view);
        self.dirty = true;
        if self.report.as_ref().is_some_and(|r| r.path == path) {
            self.rebuild_report_view();
        }
    }

    fn refresh_all(&mut self) {
        let paths: Vec<PathBuf> = self.entries.iter().map(|e| e.path.clone()).collect();
        for p in paths {
            self.refresh_triage(&p);
        }
    }

    /// Another gouji on the same inbox may have written: pick its changes up.
    fn reload_store(&mut self, now: Instant) {
        let Some(st) = self.store.as_mut() else {
            return;
        };
        match st.reload_if_changed() {
            Ok(true) => self.refresh_all(),
            Ok(false) => {}
            Err(e) => {
                let text = format!("triage state: {}", crate::sanitize::clean(&e.to_string()));
                if self.state_warning.as_deref() != Some(text.as_str()) {
                    self.flash(text.clone(), now);
                    self.state_warning = Some(text);
                }
            }
        }
        self.store_warnings(now);
    }

    /// Runs `op` on the store for `path`'s current content and refreshes the entry. Returns
    /// false when there is no store (the caller changes memory only) or the write failed
    /// (said in the status bar); in both cases nothing was saved.
    fn persist(
        &mut self,
        path: &Path,
        now: Instant,
        op: impl FnOnce(&mut Store, &Path, &str) -> Result<(), state::StateError>,
    ) -> bool {
        if self.store.is_none() {
            return false;
        }
        let Some(hash) = self.entry(path).and_then(|e| e.hash.clone()) else {
            self.flash(
                "not saved: this file could not be read, so it has no content to key",
                now,
            );
            return false;
        };
        let Some(st) = self.store.as_mut() else {
            return false;
        };
        let res = op(st, path, &hash);
        self.store_warnings(now);
        match res {
            Ok(()) => {
                self.state_warning = None;
                self.refresh_triage(path);
                true
            }
            Err(e) => {
                let text = format!("NOT SAVED: {}", crate::sanitize::clean(&e.to_string()));
                self.state_warning = Some(text.clone());
                self.flash(text, now);
                false
            }
        }
    }

    // ---- dismissing findings ----------------------------------------------------------------

    /// The open report's selected item: its findings and their keys.
    fn selected_findings(&self) -> Option<(PathBuf, Vec<usize>, Vec<String>)> {
        let rv = self.report.as_ref()?;
        let item = rv.items.get(rv.item)?;
        let e = self.entry(&rv.path)?;
        let keys = item
            .findings
            .iter()
            .filter_map(|&i| e.finding_key(i).map(str::to_string))
            .collect();
        Some((rv.path.clone(), item.findings.clone(), keys))
    }

    /// `d`: ask for a reason, or restore the finding if it is dismissed already.
    fn dismiss(&mut self, now: Instant) {
        let Some((path, findings, _)) = self.selected_findings() else {
            self.flash("no finding selected", now);
            return;
        };
        let all_dismissed = self
            .entry(&path)
            .is_some_and(|e| findings.iter().all(|&i| e.dismissal(i).is_some()));
        if all_dismissed {
            self.undismiss(now);
            return;
        }
        let mut area = TextArea::default();
        area.set_placeholder_text("why: false alarm, accepted local variant, ...");
        self.reason = Some(ReasonEditor {
            path,
            findings,
            area,
        });
    }

    fn undismiss(&mut self, now: Instant) {
        let Some((path, findings, keys)) = self.selected_findings() else {
            return;
        };
        let any = self
            .entry(&path)
            .is_some_and(|e| findings.iter().any(|&i| e.dismissal(i).is_some()));
        if !any {
            self.flash("this finding is not dismissed", now);
            return;
        }
        let saved = self.persist(&path, now, |st, p, h| st.undismiss_all(p, h, &keys));
        if !saved && self.store.is_none() {
            if let Some(e) = self.entry_mut(&path) {
                e.set_dismissed(&keys, None);
            }
            self.dirty = true;
            self.rebuild_report_view();
        }
        if saved || self.store.is_none() {
            self.flash(format!("{} finding(s) restored", keys.len()), now);
        }
    }

    fn update_reason(&mut self, action: Action, now: Instant) {
        match action {
            Action::ReasonSave => {
                let Some(ed) = self.reason.take() else {
                    return;
                };
                let reason = ed.area.lines().join(" ").trim().to_string();
                if reason.is_empty() {
                    self.reason = Some(ed);
                    self.flash("type a reason (Esc cancels)", now);
                    return;
                }
                let Some(e) = self.entry(&ed.path) else {
                    return;
                };
                let keys: Vec<String> = ed
                    .findings
                    .iter()
                    .filter_map(|&i| e.finding_key(i).map(str::to_string))
                    .collect();
                let saved = self.persist(&ed.path, now, |st, p, h| {
                    st.dismiss_all(p, h, &keys, &reason)
                });
                if !saved && self.store.is_none() {
                    if let Some(e) = self.entry_mut(&ed.path) {
                        e.set_dismissed(&keys, Some(&reason));
                    }
                    self.dirty = true;
                    self.rebuild_report_view();
                }
                if saved || self.store.is_none() {
                    self.flash(
                        format!("{} finding(s) dismissed: {reason}", keys.len()),
                        now,
                    );
                }
            }
            Action::ReasonCancel => {
                self.reason = None;
                self.flash("not dismissed", now);
            }
            Action::Input(input) => {
                if let Some(ed) = &mut self.reason {
                    ed.area.input(input);
                }
            }
            _ => {}
        }
    }

    // ---- export ----------------------------------------------------------------------------

    /// `E`: the rectification list of every loaded report, as markdown, written atomically next
    /// to the state file (`.gouji/整改清单-<local time>.md`).
    fn export(&mut self, now: Instant) {
        let Some(st) = self.store.as_ref() else {
            self.flash("no triage state for this inbox: nothing to export to", now);
            return;
        };
        let mut entries: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.report().is_some())
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let hashes: HashMap<&Path, Option<String>> = entries
            .iter()
            .map(|e| (e.path.as_path(), e.hash.clone()))
            .collect();
        let reports: Vec<Report> = entries.iter().filter_map(|e| e.report().cloned()).collect();
        let text = crate::export::export_with(
            &reports,
            |r| hashes.get(r.path.as_path()).cloned().flatten(),
            st,
            crate::export::ListFormat::Md,
        );
        let dir = st.path().parent().unwrap_or(Path::new("."));
        let name = format!(
            "整改清单-{}.md",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        );
        let out = dir.join(name);
        let res =
            std::fs::create_dir_all(dir).and_then(|()| state::write_atomic(&out, text.as_bytes()));
        match res {
            Ok(()) => {
                self.flash(
                    format!("exported {} reports to {}", reports.len(), out.display()),
                    now,
                );
                self.last_export = Some(out);
            }
            Err(e) => self.flash(format!("export failed: {}: {e}", out.display()), now),
        }
    }

    fn edit_note(&mut self) {
        let Some(path) = self.triage_target() else {
            return;
        };
        let Some(e) = self.entry(&path) else {
            return;
        };
        let lines: Vec<String> = if e.note.is_empty() {
            vec![String::new()]
        } else {
            e.note.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(tui_textarea::CursorMove::Bottom);
        area.move_cursor(tui_textarea::CursorMove::End);
        self.note = Some(NoteEditor { path, area });
    }

    /// `p`: hold the watcher's changes back, or apply what it collected meanwhile.
    fn toggle_pause(&mut self, now: Instant) {
        let Some(w) = self.watch.as_mut() else {
            self.flash("not watching: no directory was given", now);
            return;
        };
        w.paused = !w.paused;
        let (effect, msg) = if w.paused {
            (
                Effect::PauseWatch,
                "watching paused: changes are collected, p resumes",
            )
        } else {
            (
                Effect::ResumeWatch,
                "watching resumed: collected changes follow",
            )
        };
        self.effects.push(effect);
        self.flash(msg, now);
    }

    /// Actions every browsing screen shares.
    fn common(&mut self, action: &Action, now: Instant) -> bool {
        match action {
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::SetTriage(t) => self.triage(*t, now),
            Action::EditNote => self.edit_note(),
            Action::TogglePause => self.toggle_pause(now),
            Action::UndoStatus => self.undo_status(now),
            Action::Export => self.export(now),
            _ => return false,
        }
        true
    }

    fn update_list(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) {
            return;
        }
        match action {
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => self.move_list(action),
            Action::Open => self.open_selected(now),
            Action::Source => {
                if let Some(path) = self.selected.clone() {
                    let line = self.report_of(&path).and_then(|r| {
                        let items = findings::items(r);
                        items
                            .first()
                            .and_then(|i| i.first(r))
                            .and_then(|f| line_of(r, f))
                    });
                    self.open_source(path, line, None, false, now);
                }
            }
            Action::Filter => self.filtering = true,
            Action::Back if !self.query.is_empty() => self.clear_filter(),
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.dirty = true;
                self.settle();
                self.flash(format!("sorted by {}", self.sort.label()), now);
            }
            _ => {}
        }
    }

    fn move_list(&mut self, action: Action) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        let cur = self.cursor().unwrap_or(0);
        let page = self.list_rows().max(1);
        let next = match action {
            Action::Down => (cur + 1).min(last),
            Action::Up => cur.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (cur + page).min(last),
            Action::PageUp => cur.saturating_sub(page),
            _ => cur,
        };
        self.selected = Some(self.entries[self.visible[next].entry].path.clone());
        self.user_moved = true;
        self.follow_list();
    }

    fn open_selected(&mut self, now: Instant) {
        let Some(path) = self.selected.clone() else {
            return;
        };
        if self.report_of(&path).is_none() {
            self.flash("still loading this report", now);
            return;
        }
        self.open_report(&path);
    }

    /// Opens the report view on `path` (loaded), cursor on the first finding.
    pub fn open_report(&mut self, path: &Path) {
        let Some(report) = self.report_of(path) else {
            return;
        };
        let grid = Grid::build(report);
        let items = findings::items(report);
        let first_row = grid.row_lines().next().unwrap_or(0);
        let (fixed, new, changes) = self.changes_of(path, &items);
        self.report = Some(ReportView {
            path: path.to_path_buf(),
            grid,
            items,
            line: first_row,
            col: 0,
            scroll_y: 0,
            scroll_x: 0,
            focus: Pane::Grid,
            item: 0,
            item_offset: 0,
            fixed,
            new,
            changes,
            history: self.history_of(path),
        });
        if let Some(e) = self.entry_mut(path) {
            e.updated = false;
        }
        self.screen = ScreenKind::Report;
        self.selected = Some(path.to_path_buf());
        self.user_moved = true;
        if self.report.as_ref().is_some_and(|r| !r.items.is_empty()) {
            self.jump_to_item(0);
        }
        self.follow_report();
    }

    fn history_of(&self, path: &Path) -> Vec<String> {
        let Some(e) = self.entry(path) else {
            return Vec::new();
        };
        e.history
            .iter()
            .map(|h| {
                let mut s = format!(
                    "earlier content ({}): {}",
                    h.when
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M"),
                    Triage::from(h.status).history_label()
                );
                if !h.note.is_empty() {
                    s.push_str(&format!("; note: {}", h.note.replace('\n', " / ")));
                }
                crate::sanitize::clean(&s)
            })
            .collect()
    }

    /// The fixed findings, per-item "new" flags and the summary of the last reload of `path`.
    fn changes_of(&self, path: &Path, items: &[Item]) -> (Vec<Finding>, Vec<bool>, Option<String>) {
        let Some(c) = self.entry(path).and_then(|e| e.changes.as_ref()) else {
            return (Vec::new(), vec![false; items.len()], None);
        };
        let new = items
            .iter()
            .map(|it| it.findings.iter().any(|i| c.new.contains(i)))
            .collect();
        (c.fixed.clone(), new, Some(c.summary()))
    }

    /// After a reload of the open report: new grid, same cursor position where possible.
    fn rebuild_report_view(&mut self) {
        let Some(rv) = self.report.take() else {
            return;
        };
        let Some(report) = self.report_of(&rv.path) else {
            return;
        };
        let grid = Grid::build(report);
        let items = findings::items(report);
        let line = if matches!(grid.lines.get(rv.line), Some(Line::Row { .. })) {
            rv.line
        } else {
            grid.row_lines().next().unwrap_or(0)
        };
        let (fixed, new, changes) = self.changes_of(&rv.path, &items);
        self.report = Some(ReportView {
            item: rv.item.min(items.len().saturating_sub(1)),
            grid,
            items,
            line,
            fixed,
            new,
            changes,
            history: self.history_of(&rv.path),
            ..rv
        });
        self.clamp_col();
        self.follow_report();
    }

    fn update_report(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) {
            return;
        }
        let Some(rv) = self.report.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        match (action, rv.focus) {
            (Action::Back, _) => {
                self.screen = ScreenKind::List;
                self.follow_list();
                return;
            }
            (Action::SwitchPane, _) => {
                rv.focus = match rv.focus {
                    Pane::Grid => Pane::Findings,
                    Pane::Findings => Pane::Grid,
                };
            }
            (Action::NextFinding, _) => self.step_item(1, true, now),
            (Action::PrevFinding, _) => self.step_item(-1, true, now),
            (Action::Down, Pane::Findings) => self.step_item(1, false, now),
            (Action::Up, Pane::Findings) => self.step_item(-1, false, now),
            (Action::PageDown, Pane::Findings) => self.step_item(5, false, now),
            (Action::PageUp, Pane::Findings) => self.step_item(-5, false, now),
            (Action::Top, Pane::Findings) => self.jump_to_item(0),
            (Action::Bottom, Pane::Findings) => {
                let last = rv.items.len().saturating_sub(1);
                self.jump_to_item(last);
            }
            (Action::Down, Pane::Grid) => self.move_row(1),
            (Action::Up, Pane::Grid) => self.move_row(-1),
            (Action::PageDown, Pane::Grid) => self.move_row(10),
            (Action::PageUp, Pane::Grid) => self.move_row(-10),
            (Action::Top, Pane::Grid) => self.move_row(isize::MIN / 2),
            (Action::Bottom, Pane::Grid) => self.move_row(isize::MAX / 2),
            (Action::Left, _) => {
                rv.col = rv.col.saturating_sub(1);
            }
            (Action::Right, _) => {
                rv.col += 1;
                self.clamp_col();
            }
            (Action::Dismiss, _) => self.dismiss(now),
            (Action::Undismiss, _) => self.undismiss(now),
            (Action::Open | Action::Source, Pane::Findings) => self.source_for_item(now),
            (Action::Open | Action::Source, Pane::Grid) => self.source_for_cell(now),
            _ => {}
        }
        self.follow_report();
    }

    fn move_row(&mut self, delta: isize) {
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        let rows: Vec<usize> = rv.grid.row_lines().collect();
        if rows.is_empty() {
            return;
        }
        let cur = rows.iter().position(|&l| l == rv.line).unwrap_or(0);
        let next = (cur as isize)
            .saturating_add(delta)
            .clamp(0, rows.len() as isize - 1) as usize;
        rv.line = rows[next];
        self.clamp_col();
    }

    fn clamp_col(&mut self) {
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        let n = rv.grid.cells.get(rv.line).map_or(0, Vec::len);
        rv.col = rv.col.min(n.saturating_sub(1));
    }

    /// Moves the findings selection by `delta` (wrapping for n/N) and the grid cursor with it.
    fn step_item(&mut self, delta: isize, wrap: bool, now: Instant) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        let n = rv.items.len() as isize;
        if n == 0 {
            self.flash("no findings in this report", now);
            return;
        }
        let cur = rv.item as isize;
        let next = if wrap {
            (cur + delta).rem_euclid(n)
        } else {
            (cur + delta).clamp(0, n - 1)
        };
        self.jump_to_item(next as usize);
    }

    /// Selects findings item `i` and puts the grid cursor on its cell (or row).
    pub fn jump_to_item(&mut self, i: usize) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        let Some(report) = self.report_of(&rv.path) else {
            return;
        };
        let target = rv
            .items
            .get(i)
            .and_then(|it| it.first(report))
            .and_then(|f| rv.grid.locate(report, f));
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        rv.item = i.min(rv.items.len().saturating_sub(1));
        if let Some((line, col)) = target {
            rv.line = line;
            if let Some(c) = col {
                rv.col = c;
            }
        }
        self.clamp_col();
        self.follow_report();
    }

    /// Puts the grid cursor on a cell of the open report (tests, and future "go to cell").
    /// Returns false when the report has no such cell.
    pub fn goto_cell(
        &mut self,
        table: crate::model::TableId,
        row: &'static str,
        col: &'static str,
    ) -> bool {
        let Some(rv) = self.report.as_ref() else {
            return false;
        };
        let Some(report) = self.report_of(&rv.path) else {
            return false;
        };
        let probe = Finding::new(crate::rules::Rule::CBlank, crate::model::Severity::Info, "").at(
            table,
            Some(row),
            Some(col),
        );
        let Some((line, Some(c))) = rv.grid.locate(report, &probe) else {
            return false;
        };
        if let Some(rv) = self.report.as_mut() {
            rv.line = line;
            rv.col = c;
        }
        self.follow_report();
        true
    }

    /// Keeps the grid cursor and the findings selection on screen.
    fn follow_report(&mut self) {
        let area = self.area();
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        let lay = layout::report(area, rv.pane_rows());
        // One row of the grid may hold the pinned column header.
        let vh = (lay.grid.height as usize).saturating_sub(1).max(1);
        let mut top = rv.line;
        // Scrolling up onto a table's first row shows its title and header too.
        while top > 0
            && !matches!(rv.grid.lines[top - 1], Line::Row { .. })
            && rv.line - (top - 1) < vh
        {
            top -= 1;
        }
        // Moving down onto a table's last row shows what follows (next title, or a note that
        // a table is missing).
        let mut bottom = rv.line;
        while bottom + 1 < rv.grid.lines.len()
            && !matches!(rv.grid.lines[bottom + 1], Line::Row { .. })
            && bottom + 1 - top < vh
        {
            bottom += 1;
        }
        if rv.grid.lines.is_empty() {
            rv.scroll_y = 0;
        } else if top < rv.scroll_y {
            rv.scroll_y = top;
        } else if bottom >= rv.scroll_y + vh {
            rv.scroll_y = bottom + 1 - vh;
        }
        if let Some(group) = rv.grid.group_of(rv.line) {
            let avail = layout::grid_avail(lay.grid, rv.grid.label_width);
            let (widths, _) = rv.grid.widths(group, avail);
            if rv.col < rv.scroll_x {
                rv.scroll_x = rv.col;
            }
            while rv.scroll_x < rv.col
                && !grid::visible_cols(widths, rv.scroll_x, avail).contains(&rv.col)
            {
                rv.scroll_x += 1;
            }
        }
        let ph = (lay.findings.height as usize).max(1);
        if rv.item < rv.item_offset {
            rv.item_offset = rv.item;
        } else if rv.item >= rv.item_offset + ph {
            rv.item_offset = rv.item + 1 - ph;
        }
    }

    fn source_for_item(&mut self, now: Instant) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        let path = rv.path.clone();
        let Some(report) = self.report_of(&path) else {
            return;
        };
        let Some(f) = rv.items.get(rv.item).and_then(|it| it.first(report)) else {
            return;
        };
        let line = line_of(report, f);
        let token = token_of(report, f);
        self.open_source(path, line, token, true, now);
    }

    fn source_for_cell(&mut self, now: Instant) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        let path = rv.path.clone();
        let Some(report) = self.report_of(&path) else {
            return;
        };
        let (line, token) = match rv.grid.lines.get(rv.line) {
            Some(Line::Row { table, row, .. }) => {
                let r = report.tables.get(*table).and_then(|t| t.rows.get(*row));
                let cell = r.and_then(|r| r.cells.get(rv.col));
                let at = r.and_then(|r| {
                    r.def.cols.get(rv.col).map(|c| crate::model::CellRef {
                        table: *table,
                        row: r.def.key,
                        column: c.key,
                    })
                });
                let finding_line = report
                    .findings
                    .iter()
                    .find(|f| at.is_some() && f.cell() == at)
                    .and_then(|f| f.line);
                let line = cell
                    .and_then(|c| c.line)
                    .or(finding_line)
                    .or_else(|| r.and_then(|r| r.label_line))
                    .or_else(|| report.tables.get(*table).and_then(|t| t.line));
                let token = cell.filter(|c| !c.raw.is_empty()).map(|c| c.raw.clone());
                (line, token)
            }
            _ => (None, None),
        };
        self.open_source(path, line, token, true, now);
    }

    fn open_source(
        &mut self,
        path: PathBuf,
        line: Option<u32>,
        token: Option<String>,
        from_report: bool,
        now: Instant,
    ) {
        let Some(n_lines) = self.report_of(&path).map(|r| r.lines.len()) else {
            self.flash("still loading this report", now);
            return;
        };
        if n_lines == 0 {
            self.flash("no text to show for this report", now);
            return;
        }
        if line.is_none() {
            self.flash("this finding points at no line; showing the top", now);
        }
        let focus = line
            .map(|l| (l as usize).saturating_sub(1))
            .unwrap_or(0)
            .min(n_lines - 1);
        let body_h = layout::source(self.area()).body.height as usize;
        self.source = Some(SourceView {
            path,
            focus,
            top: focus.saturating_sub(body_h / 3),
            token,
            from_report,
        });
        self.screen = ScreenKind::Source;
    }

    fn update_source(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) {
            return;
        }
        let area = self.area();
        let Some(sv) = self.source.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        let n = self
            .index
            .get(&sv.path)
            .and_then(|&i| self.entries[i].report())
            .map_or(0, |r| r.lines.len());
        let page = (layout::source(area).body.height as usize).max(1);
        let last = n.saturating_sub(1);
        match action {
            Action::Back => {
                self.screen = if sv.from_report && self.report.is_some() {
                    ScreenKind::Report
                } else {
                    ScreenKind::List
                };
            }
            Action::Down => sv.top = (sv.top + 1).min(last),
            Action::Up => sv.top = sv.top.saturating_sub(1),
            Action::PageDown => sv.top = (sv.top + page).min(last),
            Action::PageUp => sv.top = sv.top.saturating_sub(page),
            Action::Top => sv.top = 0,
            Action::Bottom => sv.top = last.saturating_sub(page / 2),
            Action::NextFinding | Action::PrevFinding if sv.from_report => {
                let delta = if action == Action::NextFinding { 1 } else { -1 };
                self.step_item(delta, true, now);
                self.source_for_item(now);
            }
            _ => {}
        }
    }
}

fn single_line_input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text("fuzzy text, !err, !blank");
    t
}

/// The source line a finding is about: its own line, else its cell's, row label's or table's.
pub fn line_of(report: &Report, f: &Finding) -> Option<u32> {
    if f.line.is_some() {
        return f.line;
    }
    let table = report.tables.get(f.table?)?;
    let row = f.row.and_then(|r| table.row(r));
    let cell = f
        .column
        .and_then(|c| row.and_then(|r| r.cell(c)))
        .and_then(|c| c.line);
    cell.or_else(|| row.and_then(|r| r.label_line))
        .or(table.line)
}

/// The text to highlight for a finding: its cell as written, else its actual value.
pub fn token_of(report: &Report, f: &Finding) -> Option<String> {
    let c = f.cell()?;
    let raw = report
        .tables
        .get(c.table)
        .and_then(|t| t.cell(c.row, c.column))
        .map(|cell| cell.raw.clone())
        .filter(|r| !r.is_empty());
    raw.or_else(|| f.actual.map(|a| a.to_string()))
}
