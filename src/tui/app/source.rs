//! The source view: the report's text around the line a finding is about.

use std::path::PathBuf;
use std::time::Instant;

use crate::model::{Finding, Report};

use super::super::action::Action;
use super::super::grid::Line;
use super::super::layout;
use super::super::text;
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
    /// Screen rows of line `top` scrolled past: a one-line layout can hold a whole table in
    /// one line, wrapped over dozens of rows, and the highlight may sit deep inside it.
    pub skip: usize,
    /// The finding the view was opened for (`T3-SUM7 表三 (七)总计/自然人`), for the header.
    pub about: Option<String>,
    /// The text searched with `/`, while the search is active (`n`/`N` then go to matches).
    pub search: Option<String>,
    /// The line of the current match.
    pub hit: Option<usize>,
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
        let about = about_of(report, f);
        self.open_source(path, line, token, true, now);
        if let Some(sv) = self.source.as_mut() {
            sv.about = Some(about);
        }
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
            Some(Line::Extra { table, index, .. }) => {
                let extra = report.tables.get(*table).and_then(|t| t.extra.get(*index));
                let cell = extra.and_then(|x| x.cells.get(rv.col));
                let line = cell.and_then(|c| c.line).or(extra.map(|x| x.line));
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
        let body = layout::source(self.area()).body;
        let body_h = body.height as usize;
        // Where the highlight falls among the focus line's wrapped rows.
        let (rows, hl_row) = self
            .report_of(&path)
            .and_then(|r| r.lines.get(focus).map(|l| (l, !r.pages.is_empty())))
            .map(|(l, paged)| {
                let l = crate::sanitize::clean(l);
                let starts = row_starts(&l, text_width(body.width, paged));
                let first = token
                    .as_deref()
                    .and_then(|t| text::token_positions(&l, t).first().copied())
                    .unwrap_or(0);
                let row = starts.iter().rposition(|&s| s <= first).unwrap_or(0);
                (starts.len(), row)
            })
            .unwrap_or((1, 0));
        let (top, skip) = if rows > body_h / 2 && hl_row > body_h / 3 {
            // Deep inside a long wrapped line: scroll within it to put the highlight in view.
            (focus, hl_row - body_h / 3)
        } else {
            (focus.saturating_sub(body_h / 3), 0)
        };
        self.source = Some(SourceView {
            path,
            focus,
            top,
            token,
            from_report,
            skip,
            about: None,
            search: None,
            hit: None,
        });
        self.screen = ScreenKind::Source;
    }

    pub(super) fn update_source(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) || self.search_key(&action, now) {
            return;
        }
        let area = self.area();
        let Some(sv) = self.source.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        let (n, paged) = self
            .inbox
            .index
            .get(&sv.path)
            .and_then(|&i| self.inbox.entries[i].full())
            .map_or((0, false), |r| (r.lines.len(), !r.pages.is_empty()));
        let body = layout::source(area).body;
        let page = (body.height as usize).max(1);
        let last = n.saturating_sub(1);
        let w = text_width(body.width, paged);
        let rows_of = |i: usize| {
            self.inbox
                .index
                .get(&sv.path)
                .and_then(|&e| self.inbox.entries[e].full())
                .and_then(|r| r.lines.get(i))
                .map_or(1, |l| row_starts(&crate::sanitize::clean(l), w).len())
        };
        match action {
            Action::Back => {
                self.screen = if sv.from_report && self.report.is_some() {
                    ScreenKind::Report
                } else {
                    ScreenKind::List
                };
            }
            // j/k move by screen row, also inside a long wrapped line.
            Action::Down => {
                if sv.skip + 1 < rows_of(sv.top) {
                    sv.skip += 1;
                } else if sv.top < last {
                    sv.top += 1;
                    sv.skip = 0;
                }
            }
            Action::Up => {
                if sv.skip > 0 {
                    sv.skip -= 1;
                } else if sv.top > 0 {
                    sv.top -= 1;
                    sv.skip = rows_of(sv.top).saturating_sub(1);
                }
            }
            Action::PageDown => (sv.top, sv.skip) = ((sv.top + page).min(last), 0),
            Action::PageUp => (sv.top, sv.skip) = (sv.top.saturating_sub(page), 0),
            Action::Top => (sv.top, sv.skip) = (0, 0),
            Action::Bottom => (sv.top, sv.skip) = (last.saturating_sub(page / 2), 0),
            Action::NextFinding | Action::PrevFinding if sv.from_report => {
                let delta = if action == Action::NextFinding { 1 } else { -1 };
                self.step_item(delta, true, now);
                self.source_for_item(now);
            }
            _ => {}
        }
    }
}

/// The text columns of the source view at terminal width `w` (the gutter takes the rest).
pub fn text_width(w: u16, paged: bool) -> usize {
    let gutter = SOURCE_GUTTER + if paged { SOURCE_PAGE_GUTTER } else { 0 };
    w.saturating_sub(gutter) as usize
}

/// The source view's line-number gutter.
pub const SOURCE_GUTTER: u16 = 7;

/// A PDF's gutter also shows each line's page (`p.4`): the inspector finds the place in the
/// PDF by its page, not by gouji's rebuilt line numbers.
pub const SOURCE_PAGE_GUTTER: u16 = 5;

/// The char index where each wrapped screen row of `line` starts, at `w` columns.
pub fn row_starts(line: &str, w: usize) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = vec![0];
    if w == 0 {
        return out;
    }
    let mut start = 0;
    loop {
        let end = text::wrap_end(&chars, start, w);
        if end >= chars.len() {
            return out;
        }
        out.push(end);
        start = end;
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

/// The text to highlight for a finding: for a prose finding (N-*), the number the sentence
/// states as written there; otherwise its cell as written, else its actual value.
pub fn token_of(report: &Report, f: &Finding) -> Option<String> {
    if let Some(stated) = stated_token(report, f) {
        return Some(stated);
    }
    let c = f.cell()?;
    let raw = report
        .tables
        .get(c.table)
        .and_then(|t| t.cell(c.row, c.column))
        .map(|cell| cell.raw.clone())
        .filter(|r| !r.is_empty());
    raw.or_else(|| f.actual.map(|a| a.to_string()))
}

/// For a prose finding (N-*): the stated number as the sentence writes it (`17`, `十七`,
/// `3,119`), taken from the phrase the finding quotes (`正文「受理申请 17 件」...`). When that
/// number stands more than once on the line, or the phrase states none (`未发生行政复议`), the
/// whole phrase, so the highlight falls on the sentence and nowhere else.
pub fn stated_token(report: &Report, f: &Finding) -> Option<String> {
    if !f.rule.id().starts_with("N-") {
        return None;
    }
    let message = f.message();
    let (_, rest) = message.split_once('「')?;
    let (quote, _) = rest.split_once('」')?;
    let line = crate::sanitize::clean(report.lines.get(f.line?.checked_sub(1)? as usize)?);
    let written = crate::audit::numerals::numbers(quote)
        .into_iter()
        .find(|n| Some(n.value) == f.actual)
        .map(|n| &quote[n.start..n.end]);
    match written {
        Some(w) if text::token_positions(&line, w).len() == w.chars().count() => {
            Some(w.to_string())
        }
        _ => Some(quote.to_string()),
    }
}

/// The source view's header for a finding: the rule and the cell, and for a prose finding
/// (N-*) both numbers (`N-NEW 正文 17 / 表三 一、本年新收/总计 95`).
pub fn about_of(report: &Report, f: &Finding) -> String {
    let loc = super::super::findings::location(report, f);
    if f.rule.id().starts_with("N-")
        && let (Some(table), Some(text)) = (f.expected, f.actual)
    {
        return format!("{} 正文 {text} / {loc} {table}", f.rule.id());
    }
    format!("{} {loc}", f.rule.id()).trim_end().to_string()
}
