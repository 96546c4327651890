//! Status: a report's status, its dismissed findings, and the store they are kept in. Changes
//! are asked of the run loop as [`Effect::Persist`]; without a store they change memory only.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tui_textarea::TextArea;

use crate::state::Store;

use super::{App, Change, Effect, Overlay, ReasonEditor, ScreenKind};
use crate::state::Status;

impl App {
    /// The entry the triage keys act on: the open report, or the list selection.
    pub(super) fn triage_target(&self) -> Option<PathBuf> {
        match self.screen {
            ScreenKind::List => self.list.selected.clone(),
            _ => self
                .report
                .as_ref()
                .map(|r| r.path.clone())
                .or_else(|| self.source.as_ref().map(|s| s.path.clone())),
        }
    }

    pub(super) fn set_triage(&mut self, t: Status, now: Instant) {
        let Some(path) = self.triage_target() else {
            return;
        };
        self.list.user_moved = true;
        if !self.request(&path, Change::Status(t), now)
            && let Some(e) = self.entry_mut(&path)
        {
            e.triage = t;
            let msg = status_message(&e.file_name(), t);
            if self.triage.store.is_none() {
                self.flash(msg, now);
            }
        }
        if self.auto_advance && self.screen == ScreenKind::Report && t != Status::Unreviewed {
            self.step_report(1, true, now);
        }
    }

    /// How many reports have a status: `(reviewed, reports)` over the inbox, and over the
    /// filtered list when a filter is on. Only reports count (see [`ListEntry::is_report`]).
    ///
    /// [`ListEntry::is_report`]: super::super::entry::ListEntry::is_report
    pub fn reviewed(&self) -> ((usize, usize), Option<(usize, usize)>) {
        let tally = |it: &mut dyn Iterator<Item = &super::super::entry::ListEntry>| {
            it.filter(|e| e.is_report()).fold((0, 0), |(d, n), e| {
                (d + usize::from(e.triage != Status::Unreviewed), n + 1)
            })
        };
        let all = tally(&mut self.inbox.entries.iter());
        let shown = (!self.list.query.is_empty()).then(|| {
            tally(
                &mut self
                    .list
                    .visible
                    .iter()
                    .map(|v| &self.inbox.entries[v.entry]),
            )
        });
        (all, shown)
    }

    /// `reviewed 12/15` (and `, 3/5 shown` under a filter) for the status bars.
    pub fn reviewed_label(&self) -> String {
        let ((d, n), shown) = self.reviewed();
        match shown {
            Some((sd, sn)) => format!("reviewed {d}/{n} ({sd}/{sn} shown)"),
            None => format!("reviewed {d}/{n}"),
        }
    }

    /// `u`: back to the status before the last change (the store remembers it; without a
    /// store, back to unreviewed).
    pub(super) fn undo_status(&mut self, now: Instant) {
        let Some(path) = self.triage_target() else {
            return;
        };
        if self.triage.store.is_none() {
            self.set_triage(Status::Unreviewed, now);
            return;
        }
        self.request(&path, Change::UndoStatus, now);
    }

    /// Uses `store` for triage from now on: every entry takes its recorded status, note and
    /// dismissals. Warnings (a corrupt file kept aside) are shown.
    pub fn set_store(&mut self, store: Store, now: Instant) {
        self.triage.store = Some(store);
        self.store_warnings(now);
        self.refresh_all();
    }

    pub fn store(&self) -> Option<&Store> {
        self.triage.store.as_ref()
    }

    pub(super) fn store_warnings(&mut self, now: Instant) {
        let Some(st) = self.triage.store.as_mut() else {
            return;
        };
        let w = st.take_warnings();
        if let Some(last) = w.last() {
            let text = crate::sanitize::clean(&last.to_string());
            self.triage.warning = Some(text.clone());
            self.flash(text, now);
        }
    }

    /// Takes the store's view of `path` into its entry.
    pub(super) fn refresh_triage(&mut self, path: &Path) {
        let Some(st) = self.triage.store.as_ref() else {
            return;
        };
        let Some(&i) = self.inbox.index.get(path) else {
            return;
        };
        let Some(hash) = self.inbox.entries[i].hash.clone() else {
            return;
        };
        let view = st.entry(path, &hash);
        self.inbox.entries[i].apply_view(view);
        self.inbox.dirty = true;
        if self.report.as_ref().is_some_and(|r| r.path == path) {
            self.rebuild_report_view();
        }
    }

    pub(super) fn refresh_all(&mut self) {
        let paths: Vec<PathBuf> = self.inbox.entries.iter().map(|e| e.path.clone()).collect();
        for p in paths {
            self.refresh_triage(&p);
        }
    }

    /// Asks the run loop to save `change` for `path`'s current content ([`Effect::Persist`]).
    /// Returns false when nothing was asked: there is no store (the caller changes memory
    /// only), or the file could not be read so it has no content to key (said in a flash).
    pub(super) fn request(&mut self, path: &Path, change: Change, now: Instant) -> bool {
        if self.triage.store.is_none() {
            return false;
        }
        let Some(hash) = self.entry(path).and_then(|e| e.hash.clone()) else {
            self.flash(
                "not saved: this file could not be read, so it has no content to key",
                now,
            );
            return false;
        };
        self.effects.push(Effect::Persist {
            path: path.to_path_buf(),
            hash,
            change,
        });
        true
    }

    /// The open report's selected item: its findings and their keys.
    pub(super) fn selected_findings(&self) -> Option<(PathBuf, Vec<usize>, Vec<String>)> {
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
    pub(super) fn dismiss(&mut self, now: Instant) {
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
        area.set_placeholder_text("原因: 误报 / 地方口径 / 已说明 (Enter 确定, Esc 取消)");
        self.overlay = Overlay::Reason(ReasonEditor {
            path,
            findings,
            area,
        });
    }

    pub(super) fn undismiss(&mut self, now: Instant) {
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
        let n = keys.len();
        if self.request(&path, Change::Undismiss { keys: keys.clone() }, now) {
            return;
        }
        if self.triage.store.is_none() {
            if let Some(e) = self.entry_mut(&path) {
                e.set_dismissed(&keys, None);
            }
            self.inbox.dirty = true;
            self.rebuild_report_view();
            self.flash(format!("{} restored", findings_word(n)), now);
        }
    }

    /// `p`: hold the watcher's changes back, or apply what it collected meanwhile.
    pub(super) fn toggle_pause(&mut self, now: Instant) {
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
}

/// `1 finding`, `3 findings`.
pub(super) fn findings_word(n: usize) -> String {
    if n == 1 {
        "1 finding".to_string()
    } else {
        format!("{n} findings")
    }
}

/// What the status bar says after a status change.
pub(super) fn status_message(name: &str, t: Status) -> String {
    match t {
        Status::Unreviewed => format!("{name}: status cleared"),
        _ => format!("{name}: {}", t.list_label()),
    }
}
