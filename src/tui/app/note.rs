//! The two text editors over a screen: the report's note, and the reason for a dismissal.

use std::path::PathBuf;
use std::time::Instant;

use tui_textarea::TextArea;

use super::super::action::Action;
use super::{App, Change, Overlay};

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

impl App {
    pub(super) fn edit_note(&mut self) {
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
        self.overlay = Overlay::Note(NoteEditor { path, area });
    }

    pub(super) fn update_note(&mut self, action: Action, now: Instant) {
        match action {
            Action::NoteSave => {
                let Overlay::Note(ed) = std::mem::take(&mut self.overlay) else {
                    return;
                };
                let text = ed.area.lines().join("\n");
                let text = text.trim_end().to_string();
                if self.request(&ed.path, Change::Note(text.clone()), now) {
                    return;
                }
                if let Some(e) = self.entry_mut(&ed.path) {
                    e.note = text;
                }
                if self.triage.store.is_none() {
                    self.flash("note saved", now);
                }
            }
            Action::NoteCancel => {
                self.overlay = Overlay::None;
                self.flash("note unchanged", now);
            }
            Action::Input(input) => {
                if let Overlay::Note(ed) = &mut self.overlay {
                    ed.area.input(input);
                }
            }
            _ => {}
        }
    }

    pub(super) fn update_reason(&mut self, action: Action, now: Instant) {
        match action {
            Action::ReasonSave => {
                let Overlay::Reason(ed) = std::mem::take(&mut self.overlay) else {
                    return;
                };
                let reason = ed.area.lines().join(" ").trim().to_string();
                if reason.is_empty() {
                    self.overlay = Overlay::Reason(ed);
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
                let n = keys.len();
                let change = Change::Dismiss {
                    keys: keys.clone(),
                    reason: reason.clone(),
                };
                if self.request(&ed.path, change, now) {
                    return;
                }
                if self.triage.store.is_none() {
                    if let Some(e) = self.entry_mut(&ed.path) {
                        e.set_dismissed(&keys, Some(&reason));
                    }
                    self.inbox.dirty = true;
                    self.rebuild_report_view();
                    self.flash(
                        format!("{} dismissed: {reason}", super::triage::findings_word(n)),
                        now,
                    );
                }
            }
            Action::ReasonCancel => {
                self.overlay = Overlay::None;
                self.flash("not dismissed", now);
            }
            Action::Input(input) => {
                if let Overlay::Reason(ed) = &mut self.overlay {
                    ed.area.input(input);
                }
            }
            _ => {}
        }
    }
}
