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

/// From this width the report view puts the findings beside the grid instead of under it, so
/// that the three tables and the findings are seen together without scrolling.
pub const WIDE: u16 = 160;

/// The findings pane takes what its items need, up to a third of the body (at least 3 rows);
/// under it, the detail lines: two for the finding's message and one for the cell (one line
/// less on a short terminal). From [`WIDE`] columns on, see [`report_wide`].
pub fn report(area: Rect, items: usize) -> ReportLayout {
    if area.width >= WIDE && area.height >= MIN_HEIGHT {
        return report_wide(area, items);
    }
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

/// True when `lay` is the wide layout ([`report_wide`]): the findings sit right of the grid.
pub fn is_wide(lay: &ReportLayout) -> bool {
    lay.findings.x > lay.grid.right()
}

/// The grid's rectangle and the year pane's, when the pane is shown (`y`). In the wide layout
/// the pane takes the right-hand column (findings bar, pane and detail) and the grid keeps its
/// full height on the left.
pub fn years_split_in(lay: &ReportLayout, shown: bool) -> (Rect, Option<Rect>) {
    if shown && is_wide(lay) {
        let top = lay.bar.y;
        let bottom = lay.detail.bottom().max(lay.findings.bottom());
        let pane = Rect::new(lay.bar.x, top, lay.bar.width, bottom.saturating_sub(top));
        return (lay.grid, Some(pane));
    }
    years_split(lay.grid, shown)
}

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

/// Wide terminals: the grid takes the full height on the left (three fifths of the width,
/// room for 表四's fifteen columns in narrow labels), the findings bar, pane and detail stack
/// on the right; the detail sits at the bottom with room for a long message and a wrapped
/// cell readout.
pub fn report_wide(area: Rect, items: usize) -> ReportLayout {
    let h = area.height;
    let body = h.saturating_sub(2);
    let grid_w = area.width * 3 / 5;
    let right_x = area.x + grid_w + 1;
    let right_w = area.width.saturating_sub(grid_w + 1);
    let detail_h = (body / 3).clamp(3, 10).min(body.saturating_sub(2));
    let pane_max = body.saturating_sub(1 + detail_h).max(1);
    let pane = (items.max(1) as u16).min(pane_max);
    ReportLayout {
        title: row(area, 0, 1.min(h)),
        grid: Rect::new(area.x, area.y + 1, grid_w, body),
        bar: Rect::new(right_x, area.y + 1, right_w, 1),
        findings: Rect::new(right_x, area.y + 2, right_w, pane),
        detail: Rect::new(right_x, area.y + 1 + body - detail_h, right_w, detail_h),
        status: row(area, h.saturating_sub(1), 1),
    }
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
    fn at_160_columns_the_findings_stand_beside_a_full_height_grid() {
        let a = Rect::new(0, 0, 160, 50);
        let r = report(a, 40);
        assert_eq!(
            (r.grid.x, r.grid.y, r.grid.width, r.grid.height),
            (0, 1, 96, 48)
        );
        assert_eq!((r.bar.x, r.bar.y, r.bar.width), (97, 1, 63));
        assert_eq!((r.findings.y, r.findings.height), (2, 37));
        assert_eq!((r.detail.y, r.detail.height), (39, 10));
        assert_eq!(r.detail.bottom(), r.status.y);
        let r = report(a, 2);
        assert_eq!(r.findings.height, 2);
        // Below 160 columns the findings stay under the grid.
        assert_eq!(report(Rect::new(0, 0, 159, 50), 2).grid.width, 159);
    }

    #[test]
    fn degenerate_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (80, 3), (200, 3), (200, 15)] {
            let a = Rect::new(0, 0, w, h);
            let _ = list(a, true);
            let _ = report(a, 10);
            let _ = source(a);
            let _ = centered(a, 100, 100);
        }
    }
}
