//! The source view: the report's text around the line a finding is about.

use std::path::PathBuf;
use std::time::Instant;

use crate::model::{Finding, Report};

use super::super::action::Action;
use super::super::grid::Line;
use super::super::layout;
use super::{App, ScreenKind};

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

impl App {
    pub(super) fn source_for_item(&mut self, now: Instant) {
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

    pub(super) fn source_for_cell(&mut self, now: Instant) {
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

    pub(super) fn open_source(
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

    pub(super) fn update_source(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) {
            return;
        }
        let area = self.area();
        let Some(sv) = self.source.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        let n = self
            .inbox
            .index
            .get(&sv.path)
            .and_then(|&i| self.inbox.entries[i].report())
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
