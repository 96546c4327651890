//! The inbox overview (`o`): counts by status, format and year; the rules failing in most
//! reports as a bar list; late reports; the ten reports worst on 实质公开率 or 复议纠错率.
//!
//! Bars are drawn with `#` (ASCII, so no CJK terminal widens them and no colour is needed to see
//! them); at 80x24 everything fits without scrolling, a taller terminal shows more rules and
//! late reports.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::audit::ratios::percent;

use super::super::app::{App, RateKind, Summary};
use super::super::text::{self, pad, pad_left};
use super::{bar, put, status_bar};

/// Rows below the middle part: a blank, the worst list's title and header, ten reports.
const WORST_ROWS: u16 = 13;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let s = app.overview_summary();
    let ov = app.overview.clone().unwrap_or_default();
    let title = format!(
        " inbox overview  {} reports{}",
        s.reports,
        if s.other > 0 {
            format!(" (+{} other files)", s.other)
        } else {
            String::new()
        }
    );
    bar(buf, row(area, 0), &[Span::raw(title)], "", t.title);

    let right = area.right();
    let x = area.x + 1;
    let mut y = area.y + 1;
    // Counts: status, then format and years.
    let mut cx = put(buf, x, y, "status  ", t.header, right);
    for (st, n) in s.by_status {
        cx = put(
            buf,
            cx,
            y,
            &format!("{} ", st.history_label()),
            t.text,
            right,
        );
        cx = put(buf, cx, y, &format!("{n}   "), t.help_key, right);
    }
    y += 1;
    cx = put(buf, x, y, "format  ", t.header, right);
    for (name, n) in s.by_template.iter().filter(|(_, n)| *n > 0) {
        cx = put(buf, cx, y, &format!("{name}: "), t.text, right);
        cx = put(buf, cx, y, &format!("{n}  "), t.help_key, right);
    }
    cx = put(buf, cx + 1, y, "years  ", t.header, right);
    for (year, n) in &s.by_year {
        cx = put(buf, cx, y, &format!("{year}: "), t.text, right);
        cx = put(buf, cx, y, &format!("{n}  "), t.help_key, right);
    }
    y += 2;

    // Middle: rules (left) and late reports (right).
    let bottom = area.bottom().saturating_sub(1);
    let mid_h = bottom.saturating_sub(y + WORST_ROWS).clamp(2, 16);
    let half = area.width / 2;
    rules(app, &s, Rect::new(x, y, half.saturating_sub(2), mid_h), buf);
    late(
        app,
        &s,
        Rect::new(area.x + half, y, area.width - half, mid_h),
        buf,
    );
    y += mid_h + 1;

    // The worst ten.
    let other = match ov.rank {
        RateKind::Disclosure => RateKind::Correction,
        RateKind::Correction => RateKind::Disclosure,
    };
    let head = format!(
        "worst {} by {} ({})",
        s.worst.len(),
        ov.rank.label(),
        match ov.rank {
            RateKind::Disclosure => "lowest first",
            RateKind::Correction => "highest first",
        }
    );
    let hx = put(buf, x, y, &head, t.table_title, right);
    put(
        buf,
        hx + 2,
        y,
        &format!("Tab: by {}", other.label()),
        t.dim,
        right,
    );
    y += 1;
    let rate_w = 11;
    // Beyond 48 cells the rates drift too far from the name they belong to.
    let body_w = (area.width as usize)
        .saturating_sub(2 + 6 + 2 * rate_w + 2)
        .min(48);
    let header = format!(
        "{}{}{}{}",
        pad("body", body_w),
        pad_left("year", 6),
        pad_left(RateKind::Disclosure.label(), rate_w),
        pad_left(RateKind::Correction.label(), rate_w)
    );
    put(buf, x, y, &header, t.header, right);
    y += 1;
    if s.worst.is_empty() {
        put(
            buf,
            x,
            y,
            "no report gives this ratio (blank cells, or nothing answered/decided)",
            t.dim,
            right,
        );
    }
    for (i, r) in s.worst.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let line = format!(
            "{}{}{}{}",
            pad(
                &text::fit(&text::safe(&r.body), body_w.saturating_sub(1)),
                body_w
            ),
            pad_left(&r.year.map(|y| y.to_string()).unwrap_or_default(), 6),
            pad_left(&percent(r.disclosure), rate_w),
            pad_left(&percent(r.correction), rate_w)
        );
        let style = if i == ov.selected {
            t.selection
        } else {
            t.text
        };
        let rect = Rect::new(area.x, y, area.width, 1);
        if i == ov.selected {
            buf.set_style(rect, t.selection);
        }
        put(buf, x, y, &line, style, right);
        y += 1;
    }
    status_bar(
        app,
        buf,
        row(area, area.height.saturating_sub(1)),
        "rates from 表三 and 表四",
        "j/k select  Enter open  Tab ratio  q back ",
    );
}

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, area.y + y, area.width, 1)
}

/// The rules failing in most reports, one bar each.
fn rules(app: &App, s: &Summary, rect: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    put(
        buf,
        rect.x,
        rect.y,
        "failing most (reports)",
        t.table_title,
        rect.right(),
    );
    if s.rules.is_empty() {
        put(
            buf,
            rect.x,
            rect.y + 1,
            "nothing fails",
            t.dim,
            rect.right(),
        );
        return;
    }
    let max = s.rules.first().map_or(1, |r| r.1).max(1);
    let label_w = 17;
    let count_w = max.to_string().len() + 1;
    let bar_w = (rect.width as usize)
        .saturating_sub(label_w + count_w + 1)
        .max(1);
    for (i, (rule, n)) in s.rules.iter().take(rect.height as usize - 1).enumerate() {
        let y = rect.y + 1 + i as u16;
        let mut x = put(
            buf,
            rect.x,
            y,
            &pad(rule.id(), label_w),
            t.text,
            rect.right(),
        );
        let len = (n * bar_w).div_ceil(max).max(1);
        let style = if rule.id().starts_with('C') || rule.id().starts_with('T') {
            t.finding_error
        } else {
            t.finding_warning
        };
        x = put(buf, x, y, &"#".repeat(len), style, rect.right());
        put(buf, x + 1, y, &n.to_string(), t.help_key, rect.right());
    }
}

/// The late reports (D-LATE), by body and year.
fn late(app: &App, s: &Summary, rect: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    put(
        buf,
        rect.x,
        rect.y,
        &format!("late (D-LATE): {}", s.late.len()),
        t.table_title,
        rect.right(),
    );
    if s.late.is_empty() {
        put(buf, rect.x, rect.y + 1, "none", t.dim, rect.right());
        return;
    }
    let room = rect.height as usize - 1;
    let shown = if s.late.len() > room { room - 1 } else { room };
    for (i, l) in s.late.iter().take(shown).enumerate() {
        let y = rect.y + 1 + i as u16;
        let year = l.year.map(|y| format!(" {y}")).unwrap_or_default();
        let w = (rect.width as usize).saturating_sub(1);
        put(
            buf,
            rect.x,
            y,
            &text::fit(&format!("{}{year}", text::safe(&l.body)), w),
            t.finding_warning,
            rect.right(),
        );
    }
    if s.late.len() > shown {
        put(
            buf,
            rect.x,
            rect.y + rect.height - 1,
            &format!("... and {} more", s.late.len() - shown),
            t.dim,
            rect.right(),
        );
    }
}
