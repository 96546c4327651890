//! The report view: the grid of the open report, its findings pane and their cursors.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::model::Finding;
use crate::state::Status;

use super::super::action::Action;
use super::super::entry::ListEntry;
use super::super::findings::{self, FindingGroup};
use super::super::grid::{self, Grid, Line};
use super::super::layout;
use super::{App, ScreenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Grid,
    Findings,
}

/// The open report: its grid, findings and cursors.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub path: PathBuf,
    pub grid: Grid,
    pub items: Vec<FindingGroup>,
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
    /// The watcher removed this file while it was open (deleted, or renamed: a rename arrives
    /// as a removal and a new file). The view stays until the user leaves it.
    pub gone: Option<Gone>,
    /// The text searched with `/` in row labels and finding messages, while the search is
    /// active (`n`/`N` then go to matches instead of findings).
    pub search: Option<String>,
    /// The year-over-year pane (`y`) is shown, scrolled by this many lines.
    pub years: Option<usize>,
}

/// The open report's entry as it was when its file went away, and where it stood in the list.
#[derive(Debug, Clone)]
pub struct Gone {
    pub entry: Box<ListEntry>,
    /// Its row in the list when it was removed: `]` goes on from there.
    pub rank: usize,
}

impl ReportView {
    /// Rows the findings pane would like: the items, then the fixed findings.
    pub fn pane_rows(&self) -> usize {
        self.items.len() + self.fixed.len() + self.history.len()
    }
}

impl App {
    /// Opens the report view on `path` (loaded), cursor on the first finding. When only the
    /// report's summary is in memory, its file is read again first ([`Effect::Fetch`], carried
    /// out by [`App::run_io`] before the next frame), and the view opens then.
    ///
    /// [`Effect::Fetch`]: super::Effect::Fetch
    pub fn open_report(&mut self, path: &Path) {
        if self.needs_fetch(path) {
            self.effects.push(super::Effect::Fetch {
                path: path.to_path_buf(),
                then: super::AfterFetch::Open,
            });
            // The list holds still from the moment the user asked, as when it opens at once.
            self.list.selected = Some(path.to_path_buf());
            self.list.user_moved = true;
            return;
        }
        self.show_report(path);
    }

    /// True when `path` is loaded but its full report, or that of last year's report it is
    /// linked to (the `y` pane), is not in memory.
    pub(super) fn needs_fetch(&self, path: &Path) -> bool {
        let Some(e) = self.entry(path).filter(|e| e.is_loaded()) else {
            return false;
        };
        e.full().is_none()
            || e.previous().is_some_and(|p| {
                self.entry(p)
                    .is_some_and(|prev| prev.is_loaded() && prev.full().is_none())
            })
    }

    /// Opens the report view on `path`, whose full report is in memory.
    pub(super) fn show_report(&mut self, path: &Path) {
        let Some(report) = self.report_of(path) else {
            return;
        };
        let grid = self.grid_of(path, report);
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
            gone: None,
            search: None,
            years: None,
        });
        if let Some(e) = self.entry_mut(path) {
            e.updated = false;
        }
        self.screen = ScreenKind::Report;
        self.list.selected = Some(path.to_path_buf());
        self.list.user_moved = true;
        if self.report.as_ref().is_some_and(|r| !r.items.is_empty()) {
            self.jump_to_item(0);
        }
        self.follow_report();
    }

    /// The grid of `path`'s report, its dismissed findings left uncoloured.
    fn grid_of(&self, path: &Path, report: &crate::model::Report) -> Grid {
        match self.entry(path) {
            Some(e) => Grid::build_open(report, |i| e.dismissal(i).is_none()),
            None => Grid::build(report),
        }
    }

    pub(super) fn history_of(&self, path: &Path) -> Vec<String> {
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
                    h.status.history_label()
                );
                if !h.note.is_empty() {
                    s.push_str(&format!("; note: {}", h.note.replace('\n', " / ")));
                }
                crate::sanitize::clean(&s)
            })
            .collect()
    }

    /// The fixed findings, per-item "new" flags and the summary of the last reload of `path`.
    pub(super) fn changes_of(
        &self,
        path: &Path,
        items: &[FindingGroup],
    ) -> (Vec<Finding>, Vec<bool>, Option<String>) {
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
    pub(super) fn rebuild_report_view(&mut self) {
        let Some(path) = self.report.as_ref().map(|rv| rv.path.clone()) else {
            return;
        };
        if self.needs_fetch(&path) {
            // Summarised again with other content, or linked to a report not in memory: read
            // it, then come back here.
            self.effects.push(super::Effect::Fetch {
                path,
                then: super::AfterFetch::Rebuild,
            });
            return;
        }
        self.rebuild_shown();
    }

    /// [`App::rebuild_report_view`] once the full report is in memory.
    pub(super) fn rebuild_shown(&mut self) {
        let Some(rv) = self.report.take() else {
            return;
        };
        let Some(report) = self.report_of(&rv.path) else {
            return;
        };
        let grid = self.grid_of(&rv.path, report);
        let items = findings::items(report);
        let line = if grid.lines.get(rv.line).is_some_and(Line::is_row) {
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

    pub(super) fn update_report(&mut self, action: Action, now: Instant) {
        if self.common(&action, now)
            || self.search_key(&action, now)
            || self.years_key(&action, now)
        {
            return;
        }
        let Some(rv) = self.report.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        match (action, rv.focus) {
            (Action::Back, _) => {
                if rv.gone.is_some() {
                    // Leaving is the moment the removed file's view goes away.
                    self.report = None;
                }
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
            (Action::NextReport, _) => {
                self.step_report(1, false, now);
                return;
            }
            (Action::PrevReport, _) => {
                self.step_report(-1, false, now);
                return;
            }
            (Action::JumpTable(id), _) => {
                let first = rv
                    .grid
                    .lines
                    .iter()
                    .position(|l| matches!(l, Line::Row { table, .. } if *table == id));
                match first {
                    Some(line) => {
                        rv.line = line;
                        rv.focus = Pane::Grid;
                        self.clamp_col();
                    }
                    None => self.flash(format!("{} was not found in this report", id.short()), now),
                }
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
            (Action::EditCell, _) => {
                self.edit_cell(now);
                return;
            }
            // `v` shows the finding selected in the pane, wherever the focus is; Enter on the
            // grid shows the cell under the cursor.
            (Action::Source, _) if !rv.items.is_empty() => self.source_for_item(now),
            (Action::Open | Action::Source, Pane::Findings) => self.source_for_item(now),
            (Action::Open | Action::Source, Pane::Grid) => self.source_for_cell(now),
            _ => {}
        }
        self.follow_report();
    }

    /// Opens the report `delta` rows away in the list's order (skipping files still loading),
    /// or with `unreviewed`, the next report after the open one nobody has decided on yet.
    /// Says so and stays when there is none.
    pub(super) fn step_report(&mut self, delta: isize, unreviewed: bool, now: Instant) {
        let Some(rv) = self.report.as_ref() else {
            return;
        };
        let vis = &self.list.visible;
        let path = rv.path.clone();
        // A removed report is no longer listed: its successor took its row.
        let (start, on_row) = match &rv.gone {
            Some(g) => (g.rank as isize, false),
            None => match vis
                .iter()
                .position(|v| self.inbox.entries[v.entry].path == path)
            {
                Some(p) => (p as isize, true),
                None => {
                    self.flash("this report is not in the filtered list", now);
                    return;
                }
            },
        };
        let mut i = if on_row || delta < 0 {
            start + delta
        } else {
            start
        };
        while i >= 0 && (i as usize) < vis.len() {
            let e = &self.inbox.entries[vis[i as usize].entry];
            let wanted =
                e.is_loaded() && (!unreviewed || (e.triage == Status::Unreviewed && e.is_report()));
            if wanted {
                let next = e.path.clone();
                self.open_report(&next);
                return;
            }
            i += delta.signum();
        }
        let msg = match (unreviewed, delta > 0) {
            (true, _) => "no unreviewed report after this one",
            (false, true) => "this is the last report of the list",
            (false, false) => "this is the first report of the list",
        };
        self.flash(msg, now);
    }

    pub(super) fn move_row(&mut self, delta: isize) {
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

    pub(super) fn clamp_col(&mut self) {
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        let n = rv.grid.cells.get(rv.line).map_or(0, Vec::len);
        rv.col = rv.col.min(n.saturating_sub(1));
    }

    /// Moves the findings selection by `delta` (wrapping for n/N) and the grid cursor with it.
    pub(super) fn step_item(&mut self, delta: isize, wrap: bool, now: Instant) {
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
    pub(super) fn follow_report(&mut self) {
        let area = self.area();
        let Some(rv) = self.report.as_mut() else {
            return;
        };
        let mut lay = layout::report(area, rv.pane_rows());
        lay.grid = layout::years_split_in(&lay, rv.years.is_some()).0;
        // One row of the grid may hold the pinned column header.
        let vh = (lay.grid.height as usize).saturating_sub(1).max(1);
        let mut top = rv.line;
        // Scrolling up onto a table's first row shows its title and header too.
        while top > 0 && !rv.grid.lines[top - 1].is_row() && rv.line - (top - 1) < vh {
            top -= 1;
        }
        // Moving down onto a table's last row shows what follows (next title, or a note that
        // a table is missing).
        let mut bottom = rv.line;
        while bottom + 1 < rv.grid.lines.len()
            && !rv.grid.lines[bottom + 1].is_row()
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
        // No blank rows under the last line while lines above are hidden: a grid that fits
        // (a taller or wider terminal after a resize) is shown from its top.
        rv.scroll_y = rv.scroll_y.min(rv.grid.lines.len().saturating_sub(vh));
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
}
