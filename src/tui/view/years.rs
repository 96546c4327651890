//! The year-over-year pane (`y` in the report view): last year's report of the same body beside
//! this one (`tui::years::pane` says what; this file only draws it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::model::{Report, Severity};

use super::super::app::App;
use super::super::years::{self, Kind};
use super::{fill, put};

pub fn render(app: &App, report: &Report, scroll: usize, rect: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    fill(buf, rect, t.text);
    let prev = report.previous.as_deref().and_then(|p| app.report_of(p));
    let lines = years::pane(report, prev);
    // A one-cell margin on the left, as the grid has; a rule on the left edge when beside it.
    let beside = rect.x > 0;
    let x0 = rect.x + if beside { 2 } else { 1 };
    if beside {
        for y in rect.top()..rect.bottom() {
            put(buf, rect.x, y, "|", t.border, rect.right());
        }
    }
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(rect.height as usize)
        .enumerate()
    {
        let y = rect.y + i as u16;
        let mut x = x0;
        for (s, kind) in line {
            let style = match kind {
                Kind::Title => t.table_title,
                Kind::Header => t.header,
                Kind::Text => t.text,
                Kind::Dim => t.dim,
                Kind::Changed => t.updated,
                Kind::CarryBad => t.error_cell,
                Kind::Finding(Severity::Error) => t.finding_error,
                Kind::Finding(Severity::Warning) => t.finding_warning,
                Kind::Finding(Severity::Info) => t.finding_info,
            };
            x = put(buf, x, y, s, style, rect.right());
        }
    }
}
