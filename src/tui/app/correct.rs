//! `c` in the report view: the one-line editor of the value of the grid cell under the cursor,
//! and what saving it does. The value is read with `audit::correct::parse_edit`; a value the
//! column cannot hold stays in the editor with the reason beside it, and nothing is saved. A
//! saved correction goes to the triage store ([`Change::Correct`]); the entry then takes the
//! store's view, which audits the report again with it (`ListEntry::apply_view`).

use std::path::PathBuf;
use std::time::Instant;

use tui_textarea::TextArea;

use crate::audit::correct::{Edit, cell_id, parse_edit, value_text};
use crate::model::{CellRef, ColKind};

use super::super::action::Action;
use super::super::grid::Line;
use super::{App, Change, Overlay, Pane};

/// The cell editor: which cell, the kind of its column, the text, and why the last Enter was
/// refused (shown in the editor until the text changes).
pub struct CellEditor {
    pub path: PathBuf,
    pub cell: CellRef,
    pub kind: ColKind,
    pub area: TextArea<'static>,
    pub error: Option<String>,
}

impl App {
    /// Opens the editor on the grid cell under the cursor, prefilled with its value.
    pub(super) fn edit_cell(&mut self, now: Instant) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        if rv.focus != Pane::Grid {
            self.flash("c corrects a grid cell: Tab to the grid first", now);
            return;
        }
        let Some(Line::Row { table, row, .. }) = rv.grid.lines.get(rv.line).copied() else {
            return;
        };
        let (path, col) = (rv.path.clone(), rv.col);
        let Some(r) = self
            .report_of(&path)
            .and_then(|rep| rep.tables.get(table))
            .and_then(|t| t.rows.get(row))
        else {
            return;
        };
        let Some(def) = r.def.cols.get(col) else {
            return;
        };
        let current = value_text(r.cells.get(col).and_then(|c| c.value.as_ref()));
        let mut area = TextArea::new(vec![current.unwrap_or_default()]);
        area.move_cursor(tui_textarea::CursorMove::End);
        area.set_placeholder_text("数字、/（空白）或带单位金额；空值 Enter 撤销更正");
        self.overlay = Overlay::Cell(CellEditor {
            path,
            cell: CellRef {
                table,
                row: r.def.key,
                column: def.key,
            },
            kind: def.kind,
            area,
            error: None,
        });
    }

    pub(super) fn update_cell(&mut self, action: Action, now: Instant) {
        match action {
            Action::CellSave => {
                let Overlay::Cell(mut ed) = std::mem::take(&mut self.overlay) else {
                    return;
                };
                let text = ed.area.lines().join(" ");
                let edit = match parse_edit(&text, ed.kind) {
                    Ok(e) => e,
                    Err(why) => {
                        ed.error = Some(why);
                        self.overlay = Overlay::Cell(ed);
                        return;
                    }
                };
                self.save_correction(ed, edit, now);
            }
            Action::CellCancel => {
                self.overlay = Overlay::None;
                self.flash("cell unchanged", now);
            }
            Action::Input(input) => {
                if let Overlay::Cell(ed) = &mut self.overlay {
                    ed.area.input(input);
                    ed.error = None;
                }
            }
            _ => {}
        }
    }

    fn save_correction(&mut self, ed: CellEditor, edit: Edit, now: Instant) {
        let id = cell_id(ed.cell);
        let corrected = self
            .report_of(&ed.path)
            .is_some_and(|r| r.correction(ed.cell).is_some());
        let change = match edit {
            Edit::Remove if !corrected => {
                self.flash(
                    "empty value: this cell had no correction, nothing changed",
                    now,
                );
                return;
            }
            Edit::Remove => Change::Uncorrect { cell: id.clone() },
            Edit::Set(v) => Change::Correct {
                cell: id.clone(),
                to: value_text(v.as_ref()),
            },
        };
        if self.request(&ed.path, change.clone(), now) {
            return;
        }
        if self.triage.store.is_none() {
            let value = match &change {
                Change::Correct { to, .. } => Some(to.clone()),
                _ => None,
            };
            if let Some(e) = self.entry_mut(&ed.path) {
                e.set_correction(&id, value);
            }
            self.inbox.dirty = true;
            self.rebuild_report_view();
            if let Some(msg) = correction_message(&change) {
                self.flash(msg, now);
            }
        }
    }
}

/// What the status bar says once a correction is saved or removed.
pub(super) fn correction_message(change: &Change) -> Option<String> {
    Some(match change {
        Change::Correct { cell, to } => format!(
            "{cell} corrected to {}: the report is audited with it",
            to.as_deref().unwrap_or("blank")
        ),
        Change::Uncorrect { cell } => {
            format!("{cell}: correction removed, the value as read counts")
        }
        _ => return None,
    })
}
