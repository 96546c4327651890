//! Where each screen's parts go, as pure functions of the terminal size.
//!
//! Shared by `App::update` (which keeps cursors scrolled into view and so must know how many
//! rows each pane has) and by the widgets (which draw into the same rectangles). Keeping one
//! definition is what lets drawing stay read-only.

use ratatui::layout::Rect;

/// Below this the screens cannot show a usable grid; a message says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

fn row(area: Rect, y: u16, h: u16) -> Rect {
    Rect::new(area.x, area.y + y, area.width, h)
}

pub struct ListLayout {
    pub title: Rect,
    pub header: Rect,
    pub rows: Rect,
    /// The filter line, when a filter is being typed or is active.
    pub filter: Option<Rect>,
    pub status: Rect,
}

pub fn list(area: Rect, filter_line: bool) -> ListLayout {
    let h = area.height;
    let filter_h = u16::from(filter_line);
    let rows_h = h.saturating_sub(3 + filter_h);
    ListLayout {
        title: row(area, 0, 1.min(h)),
        header: row(area, 1, 1),
        rows: row(area, 2, rows_h),
        filter: filter_line.then(|| row(area, 2 + rows_h, 1)),
        status: row(area, h.saturating_sub(1), 1),
    }
}

pub struct ReportLayout {
    pub title: Rect,
    pub grid: Rect,
    /// The "findings" bar between grid and pane.
    pub bar: Rect,
    pub findings: Rect,
    /// The selected finding in full (wrapped) and the readout of the cursor cell.
    pub detail: Rect,
    pub status: Rect,
}

/// The findings pane takes what its items need, up to a third of the body (at least 3 rows);
/// under it, the detail lines: two for the finding's message and one for the cell (one line
/// less on a short terminal).
pub fn report(area: Rect, items: usize) -> ReportLayout {
    let h = area.height;
    let detail_h: u16 = if h >= 20 { 3 } else { 2 };
    let body = h.saturating_sub(3 + detail_h);
    let max_pane = (body / 3).max(3).min(body);
    let pane = (items.max(1) as u16).min(max_pane);
    let grid_h = body.saturating_sub(pane);
    ReportLayout {
        title: row(area, 0, 1.min(h)),
        grid: row(area, 1, grid_h),
        bar: row(area, 1 + grid_h, 1),
        findings: row(area, 2 + grid_h, pane),
        detail: row(area, 2 + grid_h + pane, detail_h),
        status: row(area, h.saturating_sub(1), 1),
    }
}

/// Below this width the year-over-year pane takes the grid's place; from it on, the pane sits
/// beside the grid.
pub const YEARS_BESIDE: u16 = 120;

/// The grid's rectangle and the year pane's, when the pane is shown (`y`).
pub fn years_split(grid: Rect, shown: bool) -> (Rect, Option<Rect>) {
    if !shown {
        return (grid, None);
    }
    if grid.width < YEARS_BESIDE {
        return (Rect::new(grid.x, grid.y, 0, grid.height), Some(grid));
    }
    let pane_w = (grid.width / 2).max(60);
    let left = grid.width - pane_w;
    (
        Rect::new(grid.x, grid.y, left, grid.height),
        Some(Rect::new(grid.x + left, grid.y, pane_w, grid.height)),
    )
}

pub struct SourceLayout {
    pub title: Rect,
    pub body: Rect,
    pub status: Rect,
}

pub fn source(area: Rect) -> SourceLayout {
    let h = area.height;
    SourceLayout {
        title: row(area, 0, 1.min(h)),
        body: row(area, 1, h.saturating_sub(2)),
        status: row(area, h.saturating_sub(1), 1),
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Grid geometry: the row-label column starts after a one-cell margin, data columns after it.
pub fn grid_avail(grid: Rect, label_width: usize) -> usize {
    (grid.width as usize).saturating_sub(1 + label_width + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80x24_every_part_has_room_and_nothing_overlaps() {
        let a = Rect::new(0, 0, 80, 24);
        let l = list(a, true);
        assert_eq!((l.rows.y, l.rows.height), (2, 20));
        assert_eq!(l.filter.unwrap().y, 22);
        assert_eq!(l.status.y, 23);
        let r = report(a, 40);
        assert_eq!(r.grid.height + r.findings.height + r.detail.height + 3, 24);
        assert_eq!(r.findings.height, 6);
        assert_eq!((r.detail.y, r.detail.height), (20, 3));
        assert_eq!(r.status.y, 23);
        let r = report(a, 0);
        assert_eq!(r.findings.height, 1);
    }

    #[test]
    fn degenerate_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (80, 3)] {
            let a = Rect::new(0, 0, w, h);
            let _ = list(a, true);
            let _ = report(a, 10);
            let _ = source(a);
            let _ = centered(a, 100, 100);
        }
    }
}
