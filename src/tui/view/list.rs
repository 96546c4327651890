//! The report list: one line per report, worst first, with the filter line and totals.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::super::app::App;
use super::super::entry::{Badge, ListEntry};
use super::super::layout;
use super::super::text;
use super::{bar, put, put_spans, status_bar};
use crate::state::Status;

/// Fixed columns after the two flexible ones (name, body): year, template, three counts, triage.
const YEAR: u16 = 4;
const TPL: u16 = 4;
const COUNT: u16 = 4;
const TRIAGE: u16 = 7;
/// Mark (1) + badge (4) + gap, then gaps between the remaining columns.
const LEAD: u16 = 6;

/// x positions of the columns for a list `width` cells wide.
struct Cols {
    name: (u16, u16),
    body: (u16, u16),
    year: u16,
    /// Where the template column is, when there is room for it.
    tpl: Option<u16>,
    fail: u16,
    miss: u16,
    warn: u16,
    triage: u16,
}

/// Below this many cells a name cut in the middle no longer says which file it is.
const NAME_MIN: u16 = 16;

/// From this width on the list has room for the template column; below it the report view's
/// header says the format, and the names and bodies get the cells.
const TPL_FROM: u16 = 100;

/// The columns for a list `area` whose longest file name and body are `longest_name` and
/// `longest_body` cells wide. The body keeps what it needs up to half the flexible width (a
/// body cut short names another office), the name takes what it needs of the rest and loses
/// its middle past that, and the body gets whatever the name leaves.
fn columns(area: Rect, longest_name: u16, longest_body: u16) -> Cols {
    let tpl_w = if area.width >= TPL_FROM { TPL + 1 } else { 0 };
    let fixed = LEAD + 1 + 1 + YEAR + 1 + tpl_w + 3 * (COUNT + 1) + TRIAGE;
    let flex = area.width.saturating_sub(fixed);
    let body_need = longest_body.min(flex / 2);
    let cap = flex.saturating_sub(body_need).max(NAME_MIN.min(flex));
    let name_w = longest_name.max(4).min(cap);
    let body_w = flex - name_w;
    let x0 = area.x + LEAD;
    let body_x = x0 + name_w + 1;
    let year = body_x + body_w + 1;
    let tpl = year + YEAR + 1;
    let fail = tpl + tpl_w;
    let miss = fail + COUNT + 1;
    let warn = miss + COUNT + 1;
    let triage = warn + COUNT + 1;
    Cols {
        name: (x0, name_w),
        body: (body_x, body_w),
        year,
        tpl: (tpl_w > 0).then_some(tpl),
        fail,
        miss,
        warn,
        triage,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let filter_line = app.filtering() || !app.list.query.is_empty();
    let lay = layout::list(area, filter_line);
    let reports = app.inbox.entries.iter().filter(|e| e.is_report()).count();
    let others = app.inbox.entries.len() - reports;
    let mut title = format!(" gouji  {reports} reports");
    if others > 0 {
        title.push_str(&format!(" (+{others} other files)"));
    }
    title.push_str(&format!("  sorted by {}", app.list.sort_label()));
    bar(buf, lay.title, &[Span::raw(title)], "? help ", t.title);

    let shown = || {
        app.list
            .visible
            .iter()
            .filter_map(|v| app.inbox.entries.get(v.entry))
    };
    let longest = |w: &dyn Fn(&ListEntry) -> usize| {
        shown().map(w).max().unwrap_or(0).min(u16::MAX as usize) as u16
    };
    let name_need = longest(&|e| e.widths().0);
    let body_need = longest(&|e| e.widths().1);
    let c = columns(area, name_need, body_need);
    let y = lay.header.y;
    let h = t.header;
    put(buf, area.x + 1, y, "st", h, c.name.0);
    put(buf, c.name.0, y, "file", h, c.name.0 + c.name.1);
    put(buf, c.body.0, y, "body", h, c.body.0 + c.body.1);
    put(buf, c.year, y, "year", h, c.year + YEAR);
    if let Some(x) = c.tpl {
        put(buf, x, y, "tpl", h, x + TPL);
    }
    put(buf, c.fail, y, "fail", h, c.fail + COUNT);
    put(buf, c.miss, y, "miss", h, c.miss + COUNT);
    put(buf, c.warn, y, "warn", h, c.warn + COUNT);
    put(buf, c.triage, y, "triage", h, c.triage + TRIAGE);

    let cursor = app.cursor();
    for (row, vi) in (app.list.offset..app.list.visible.len()).enumerate() {
        if row as u16 >= lay.rows.height {
            break;
        }
        let v = &app.list.visible[vi];
        let Some(e) = app.inbox.entries.get(v.entry) else {
            continue;
        };
        let y = lay.rows.y + row as u16;
        draw_entry(app, e, &v.matched, &c, y, area, buf);
        if v.moved && !e.updated {
            put(buf, area.x, y, "~", t.updated, area.x + 1);
        }
        if cursor == Some(vi) {
            // The badge keeps its own colours so the status stays readable on the selection;
            // a `>` between them keeps the two apart where both are reverse video (mono).
            put(buf, c.name.0 - 1, y, ">", t.help_key, c.name.0);
            let r = Rect::new(c.name.0, y, area.right().saturating_sub(c.name.0), 1);
            buf.set_style(r, t.selection);
        }
    }
    if app.list.visible.is_empty() {
        let msg = if app.inbox.entries.is_empty() {
            if app.inbox.progress.discovered {
                "no report files found (.txt .md .html .docx .pdf)"
            } else {
                "looking for report files..."
            }
        } else {
            "no report matches the filter (Esc clears it)"
        };
        put(buf, area.x + 2, lay.rows.y + 1, msg, t.dim, area.right());
    }

    if let Some(fr) = lay.filter {
        draw_filter(app, fr, buf);
    }

    // The same definitions as the title, `!err` and `check`: see `ListEntry::is_report`.
    let with_errors = app.inbox.entries.iter().filter(|e| e.has_errors()).count();
    let clean = app
        .inbox
        .entries
        .iter()
        .filter(|e| e.badge() == Badge::Clean)
        .count();
    let mut left = format!("{reports} reports  {with_errors} with errors  {clean} clean");
    let p = app.inbox.progress;
    if !p.discovered {
        left.push_str("  discovering...");
    } else if p.done < p.total {
        left.push_str(&format!("  loading {}/{}", p.done, p.total));
    }
    if !app.list.query.is_empty() {
        left.push_str(&format!("  showing {}", app.list.visible.len()));
    }
    left.push_str(&format!("  {}", app.reviewed_label()));
    if app.list.visible.iter().any(|v| v.moved) {
        left.push_str("  ~ R re-sorts");
    }
    // The `+` after a triage status is explained where it appears.
    if app.list.visible.iter().any(|v| {
        app.inbox
            .entries
            .get(v.entry)
            .is_some_and(|e| !e.note.is_empty())
    }) {
        left.push_str("  + has a note");
    }
    if let Some(w) = &app.triage.warning {
        left.push_str(&format!("  {}", text::safe(w)));
    }
    if let Some(w) = &app.watch {
        if w.paused {
            left.push_str("  PAUSED (p resumes)");
        } else {
            left.push_str(&format!("  {}", text::safe(&w.status)));
        }
    }
    status_bar(app, buf, lay.status, &left, "/ filter  s sort  q quit ");
}

fn draw_entry(
    app: &App,
    e: &ListEntry,
    matched: &[usize],
    c: &Cols,
    y: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    if e.updated {
        put(buf, area.x, y, "*", t.updated, area.x + 1);
    }
    let badge = e.badge();
    let badge_style = match badge {
        Badge::Errors | Badge::Unreadable => t.badge_error,
        Badge::Warnings => t.badge_warning,
        Badge::Clean => t.badge_ok,
        Badge::NotReport | Badge::Loading => t.badge_other,
    };
    put(buf, area.x + 1, y, badge.cells(), badge_style, area.x + 5);

    // Highlights are char indices into the haystack "path body year"; split them per field.
    let path_str = e.path.display().to_string();
    let path_chars = path_str.chars().count();
    let name = e.file_name();
    let name_start = path_chars.saturating_sub(name.chars().count());
    let report = e.summary();
    let shift = |start: usize, len: usize| -> Vec<usize> {
        matched
            .iter()
            .filter(|&&i| i >= start && i < start + len)
            .map(|&i| i - start)
            .collect()
    };
    let spans = text::highlighted_middle(
        &name,
        &shift(name_start, name.chars().count()),
        t.text,
        t.matched,
        c.name.1 as usize,
    );
    put_spans(buf, c.name.0, y, &spans, c.name.0 + c.name.1);

    let (body, body_style, body_hl): (String, Style, Vec<usize>) = match (badge, report) {
        (Badge::Loading, _) => ("loading...".into(), t.dim, Vec::new()),
        (Badge::Unreadable, Some(r)) => (
            format!("cannot read: {}", r.error.as_deref().unwrap_or("")),
            t.finding_error,
            Vec::new(),
        ),
        (Badge::NotReport, _) => ("not an annual report".into(), t.dim, Vec::new()),
        (_, Some(r)) => {
            let body = r.body.clone().unwrap_or_default();
            let hl = shift(path_chars + 1, body.chars().count());
            (body, t.text, hl)
        }
        (_, None) => (String::new(), t.text, Vec::new()),
    };
    let spans = text::highlighted(&body, &body_hl, body_style, t.matched, c.body.1 as usize);
    put_spans(buf, c.body.0, y, &spans, c.body.0 + c.body.1);

    if let Some(r) = report {
        if let Some(year) = r.year {
            let ys = year.to_string();
            let start = path_chars + 1 + r.body.as_deref().unwrap_or("").chars().count() + 1;
            let spans = text::highlighted(&ys, &shift(start, ys.len()), t.text, t.matched, 4);
            put_spans(buf, c.year, y, &spans, c.year + YEAR);
        }
        if let (Some(v), Some(x)) = (r.template, c.tpl) {
            put(buf, x, y, v.as_str(), t.dim, x + TPL);
        }
        if r.error.is_none() && badge != Badge::NotReport {
            count(buf, c.fail, y, e.failed(), t.finding_error, t.dim);
            count(buf, c.miss, y, e.missing(), t.missing_cell, t.dim);
            count(buf, c.warn, y, e.warnings(), t.finding_warning, t.dim);
        }
    }
    let ts = match e.triage {
        Status::Unreviewed => t.dim,
        Status::Accepted => t.triage_accepted,
        Status::NeedsFix => t.triage_needs_fix,
        Status::Rejected => t.triage_rejected,
    };
    // An undecided report says so; other files have no status to show.
    let mut label = match e.triage {
        Status::Unreviewed if e.is_report() => "未审核".to_string(),
        t => t.list_label().to_string(),
    };
    if !e.note.is_empty() {
        label.push('+');
    }
    put(buf, c.triage, y, &label, ts, c.triage + TRIAGE);
}

fn count(buf: &mut Buffer, x: u16, y: u16, n: usize, style: Style, zero: Style) {
    let s = text::pad_left(&n.to_string(), COUNT as usize);
    put(buf, x, y, &s, if n == 0 { zero } else { style }, x + COUNT);
}

fn draw_filter(app: &App, rect: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    put(buf, rect.x, rect.y, "/", t.help_key, rect.x + 1);
    let input = Rect::new(rect.x + 1, rect.y, rect.width.saturating_sub(1), 1);
    if app.filtering() {
        ratatui::widgets::Widget::render(&app.list.filter_input, input, buf);
    } else {
        let q = app.list.filter_input.lines().join(" ");
        let shown = format!("{}   (/ edit, Esc clear)", text::safe(&q));
        put(buf, input.x, input.y, &shown, t.dim, input.right());
    }
    if let Some(e) = &app.list.query.error {
        // Flush right, over the input's blank tail: the line itself says what is wrong.
        let q = app.list.filter_input.lines().join(" ");
        let x = input.x + (text::width(&q) as u16 + 3).min(input.width);
        let room = input.right().saturating_sub(x) as usize;
        let e = text::fit(&text::safe(e), room);
        let ex = input.right().saturating_sub(text::width(&e) as u16).max(x);
        put(buf, ex, input.y, &e, t.finding_error, input.right());
    }
}
