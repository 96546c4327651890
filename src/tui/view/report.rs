//! The report view: the tables as grids (with the cursor) above the findings pane, or beside
//! it from `layout::WIDE` columns on; the title keeps counts, triage, year and format in view
//! (the file name gives up its middle first) and the findings bar shows the report's note.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::model::{Report, Severity, TableId};
use crate::theme::Theme;

use super::super::app::{App, Pane, ReportView};
use super::super::detail;
use super::super::entry::ListEntry;
use super::super::findings::location;
use super::super::grid::{self, CellClass, Line};
use super::super::layout;
use super::super::text;
use super::{bar, put, status_bar};
use crate::state::Status;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(rv) = &app.report else {
        return;
    };
    let Some(entry) = app.entry(&rv.path) else {
        return;
    };
    let Some(report) = entry.full() else {
        return;
    };
    let lay = layout::report(area, rv.pane_rows());

    // Which file, what is wrong, its triage, when and in which format; the body last (cut at
    // the right edge). The name gives up its middle before any of these is pushed out.
    // A file that is not a report has no counts to show (and no body to name).
    let mut status = match (&report.error, entry.is_report()) {
        (Some(_), _) => "cannot read this file".to_string(),
        (None, false) => "not an annual report".to_string(),
        (None, true) => format!(
            "{} failed {} missing {} warn",
            entry.failed(),
            entry.missing(),
            entry.warnings()
        ),
    };
    if report.is_report {
        let missing: Vec<&str> = [TableId::T2, TableId::T3, TableId::T4]
            .into_iter()
            .filter(|id| report.tables.get(*id).is_none())
            .map(|id| id.short())
            .collect();
        if !missing.is_empty() {
            status.push_str(&format!("  no {}", missing.join(" ")));
        }
    }
    let mut rest = vec![status];
    if entry.triage != Status::Unreviewed {
        rest.push(format!("[{}]", entry.triage.list_label()));
    }
    if !entry.history.is_empty() && entry.triage == Status::Unreviewed {
        rest.push("[replaced: unreviewed]".to_string());
    }
    let mut body = String::new();
    if entry.is_report() {
        if let Some(y) = report.year {
            rest.push(y.to_string());
        }
        if let Some(v) = report.template {
            rest.push(format!("{} format", v.as_str()));
        }
        if let Some(b) = &report.body {
            body = format!("  {b}");
        }
    }
    let rest = text::safe(&format!("  {}", rest.join("  "))).into_owned();
    let body = text::safe(&body).into_owned();
    let gone = rv.gone.is_some().then_some(" FILE DELETED OR RENAMED ");
    let name = entry.file_name();
    let fixed = 1 + text::width(&rest) + gone.map_or(0, text::width);
    let name_w = text::width(&text::safe(&name));
    let room = (area.width as usize).saturating_sub(fixed + text::width(&body));
    let name_room = room.max(name_w.min(16));
    let mut spans = Vec::new();
    if let Some(g) = gone {
        spans.push(Span::styled(g, t.title.patch(t.finding_error)));
    }
    spans.push(Span::styled(" ", t.title));
    spans.extend(text::highlighted_middle(
        &name,
        &[],
        t.title,
        t.title,
        name_room,
    ));
    spans.push(Span::styled(rest, t.title));
    spans.push(Span::styled(body, t.title));
    bar(buf, lay.title, &spans, "", t.title);

    let (grid_rect, years_rect) = layout::years_split_in(&lay, rv.years.is_some());
    draw_grid(app, rv, report, grid_rect, buf);
    if let Some(rect) = years_rect {
        super::years::render(app, report, rv.years.unwrap_or(0), rect, buf);
    }
    // In the wide layout the year pane sits where the findings are (it lists the X-* ones).
    let findings_hidden = years_rect.is_some() && layout::is_wide(&lay);

    let mut bar_text = format!(
        " findings ({})   focus: {}",
        rv.items.len(),
        match rv.focus {
            Pane::Grid => "grid",
            Pane::Findings => "findings",
        }
    );
    if let Some(c) = &rv.changes {
        bar_text = format!(" findings ({})  changed: {}", rv.items.len(), c);
    }
    let bar_style = t.header.patch(t.status_bar);
    let mut hints = "Tab pane  n/N next/prev  Enter source ";
    let mut spans = vec![Span::raw(bar_text)];
    // The report's triage note, on the bar every report view has: the key hints give way to
    // it when both do not fit.
    if let Some(first) = entry.note.lines().find(|l| !l.trim().is_empty()) {
        let used = text::width(&spans[0].content);
        let more = entry.note.lines().filter(|l| !l.trim().is_empty()).count() > 1;
        let note = text::safe(&crate::sanitize::clean(first.trim())).into_owned();
        let note = if more { format!("{note} ...") } else { note };
        let mut room = (lay.bar.width as usize).saturating_sub(used + 2 + text::width(hints));
        if room < 16 {
            hints = "";
            room = (lay.bar.width as usize).saturating_sub(used + 1);
        }
        spans.push(Span::styled("  note: ", bar_style));
        let note = text::fit(&note, room.saturating_sub(8));
        spans.push(Span::styled(note, bar_style));
    }
    if !findings_hidden {
        bar(buf, lay.bar, &spans, hints, bar_style);
        draw_findings(app, rv, report, lay.findings, buf);
        draw_detail(app, rv, report, lay.detail, buf);
    }

    let mut left = match &report.error {
        Some(e) => format!("cannot read: {}", text::safe(e)),
        None => format!("{}", rv.path.display()),
    };
    if rv.gone.is_some() {
        left = format!("gone from the inbox, shown as it was; triage keys are off  {left}");
    } else {
        left = format!("{}  {left}", app.reviewed_label());
    }
    if app.auto_advance {
        left = format!("[auto-advance] {left}");
    }
    if app.watch.as_ref().is_some_and(|w| w.paused) {
        left = format!("[paused] {left}");
    }
    let hints = match rv.search.as_deref() {
        Some(q) => {
            left = format!("search: {q}  {left}");
            "n/N match  Esc end search "
        }
        None => "? help  / search  [ ] reports  q back ",
    };
    status_bar(app, buf, lay.status, &text::safe(&left), hints);
}

fn class_style(t: &Theme, class: CellClass) -> Style {
    match class {
        CellClass::Normal => t.text,
        CellClass::Inferred => t.inferred_cell,
        CellClass::Corrected => t.corrected_cell,
        CellClass::Tinted => t.tinted_cell,
        CellClass::Missing => t.missing_cell,
        CellClass::Warning => t.warning_cell,
        CellClass::Error => t.error_cell,
    }
}

fn draw_grid(app: &App, rv: &ReportView, report: &Report, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let g = &rv.grid;
    if area.height == 0 {
        return;
    }
    if g.lines.is_empty() {
        let msg = match &report.error {
            Some(e) => format!("could not read this file: {}", text::safe(e)),
            None => "no statistical tables found: not an annual report?".to_string(),
        };
        put(buf, area.x + 2, area.y + 1, &msg, t.dim, area.right());
        return;
    }
    let label_x = area.x + 1;
    let data_x = label_x + g.label_width as u16 + 1;
    let avail = layout::grid_avail(area, g.label_width);
    let mut y = area.y;
    let mut li = rv.scroll_y;
    // Pin the column header when the first visible line is a data row.
    if let Some(Line::Row { group, .. } | Line::Extra { group, .. }) = g.lines.get(li) {
        draw_header(app, rv, *group, label_x, data_x, avail, y, area, buf);
        y += 1;
    }
    while y < area.bottom() && li < g.lines.len() {
        match g.lines[li] {
            Line::Title(id) => {
                put(
                    buf,
                    area.x,
                    y,
                    &format!(" {}", id.title()),
                    t.table_title,
                    area.right(),
                );
            }
            Line::Absent(id) => {
                let msg = format!("{} was not found in the report", id.short());
                put(buf, label_x, y, &msg, t.finding_error, area.right());
            }
            Line::Header { group } => {
                draw_header(app, rv, group, label_x, data_x, avail, y, area, buf);
            }
            Line::Row { group, .. } | Line::Extra { group, .. } => {
                let cursor_row = li == rv.line;
                let label = text::fit(&g.labels[li], g.label_width);
                // An extra row's label is as written, in the warning colour: the format has
                // no such row (C-EXTRA-ROW).
                let base = match g.lines[li] {
                    Line::Extra { .. } => t.finding_warning,
                    _ => t.text,
                };
                let ls = if cursor_row {
                    base.patch(t.selection)
                } else {
                    base
                };
                put(
                    buf,
                    label_x,
                    y,
                    &text::pad(&label, g.label_width),
                    ls,
                    data_x,
                );
                let (widths, _) = g.widths(group, avail);
                let mut x = data_x;
                for c in grid::visible_cols(widths, rv.scroll_x, avail) {
                    let w = widths[c];
                    let Some(cell) = g.cells[li].get(c) else {
                        break;
                    };
                    let mut style = class_style(t, cell.class);
                    if cursor_row && c == rv.col {
                        style = style.patch(t.cursor);
                    }
                    let s = text::pad_left(&grid::fit_value(&cell.text, w), w);
                    put(buf, x, y, &s, style, area.right());
                    x += w as u16 + 1;
                }
            }
        }
        y += 1;
        li += 1;
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_header(
    app: &App,
    rv: &ReportView,
    group: usize,
    label_x: u16,
    data_x: u16,
    avail: usize,
    y: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let g = &rv.grid;
    let Some(gr) = g.groups.get(group) else {
        return;
    };
    if let Some(item) = gr.item {
        let s = text::fit(&text::safe(item), g.label_width);
        put(buf, label_x, y, &s, t.header, data_x);
    }
    let (widths, narrow) = g.widths(group, avail);
    let range = grid::visible_cols(widths, rv.scroll_x, avail);
    if range.start > 0 {
        put(buf, data_x.saturating_sub(1), y, "<", t.dim, data_x);
    }
    let mut x = data_x;
    for c in range.clone() {
        let w = widths[c];
        let label = text::safe(gr.cols[c].short);
        let label = if narrow {
            text::truncate(&label, w).to_string()
        } else {
            label.into_owned()
        };
        put(
            buf,
            x,
            y,
            &text::pad_left(&label, w),
            t.header,
            area.right(),
        );
        x += w as u16 + 1;
    }
    if range.end < widths.len() {
        put(
            buf,
            x.min(area.right().saturating_sub(1)),
            y,
            ">",
            t.dim,
            area.right(),
        );
    }
}

fn draw_findings(app: &App, rv: &ReportView, report: &Report, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(entry) = app.entry(&rv.path) else {
        return;
    };
    if rv.pane_rows() == 0 {
        put(buf, area.x + 2, area.y, "no findings", t.dim, area.right());
        return;
    }
    let loc_w = location_width(area);
    let mut row = 0u16;
    for i in rv.item_offset..rv.items.len() {
        if row >= area.height {
            break;
        }
        let y = area.y + row;
        row += 1;
        draw_item(
            app,
            rv,
            entry,
            report,
            i,
            Rect::new(area.x, y, area.width, 1),
            buf,
        );
    }
    // Findings the previous audit had and this one does not, greyed, after the open ones.
    for f in &rv.fixed {
        if row >= area.height {
            break;
        }
        let y = area.y + row;
        row += 1;
        let rule = text::pad(&text::safe(f.rule.id()), 12);
        let x = put(buf, area.x + 3, y, &rule, t.dim, area.right());
        let loc = text::pad(&text::fit(&text::safe(&location(report, f)), loc_w), loc_w);
        let x = put(buf, x + 1, y, &loc, t.dim, area.right());
        put(buf, x + 1, y, "fixed", t.dim, area.right());
    }
    for h in &rv.history {
        if row >= area.height {
            break;
        }
        let y = area.y + row;
        row += 1;
        put(buf, area.x + 3, y, &text::safe(h), t.dim, area.right());
    }
}

/// The selected finding's message in full (wrapped, one language) and, on the last lines, the
/// readout of the cell under the grid cursor (one line, or wrapped over up to three where the
/// detail is tall, as beside the grid on a wide terminal).
fn draw_detail(app: &App, rv: &ReportView, report: &Report, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    if area.height == 0 {
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let readout_rows = if area.height >= 6 { 3 } else { 1 };
    let readout: Vec<String> = detail::cell_readout(report, &rv.grid, rv.line, rv.col, app.lang)
        .map(|cell| {
            if readout_rows == 1 {
                vec![text::fit(&cell, width)]
            } else {
                detail::wrap(&cell, width, readout_rows)
            }
        })
        .unwrap_or_default();
    let msg_rows = (area.height as usize).saturating_sub(readout.len().max(1));
    let finding = rv.items.get(rv.item).and_then(|it| it.first(report));
    if let Some(f) = finding {
        let style = match f.severity {
            Severity::Error => t.finding_error,
            Severity::Warning => t.finding_warning,
            Severity::Info => t.dim,
        };
        let lines = detail::wrap(&detail::message(f, app.lang), width, msg_rows);
        for (i, l) in lines.iter().enumerate() {
            let y = area.y + i as u16;
            put(buf, area.x, y, "|", style, area.x + 1);
            put(buf, area.x + 2, y, l, t.text, area.right());
        }
    }
    let top = area.bottom().saturating_sub(readout.len() as u16);
    for (i, cell) in readout.iter().enumerate() {
        let y = top + i as u16;
        if i == 0 {
            put(buf, area.x, y, "@", t.header, area.x + 1);
        }
        put(buf, area.x + 2, y, cell, t.dim, area.right());
    }
}

/// The location column's width: wider on a wide pane.
fn location_width(area: Rect) -> usize {
    if area.width >= 100 { 28 } else { 20 }
}

/// One finding (or group of missing cells) of the findings pane, on the one-line `area`.
fn draw_item(
    app: &App,
    rv: &ReportView,
    entry: &ListEntry,
    report: &Report,
    i: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let y = area.y;
    let loc_w = location_width(area);
    let item = &rv.items[i];
    let Some(f) = item.first(report) else {
        return;
    };
    let (sev, sev_style) = match f.severity {
        Severity::Error => ("E", t.finding_error),
        Severity::Warning => ("W", t.finding_warning),
        Severity::Info => ("I", t.finding_info),
    };
    let selected = i == rv.item;
    if selected {
        put(buf, area.x, y, ">", t.help_key, area.x + 1);
    }
    // Dismissed: still listed, greyed, with the reason instead of the message.
    let dismissed = item
        .findings
        .iter()
        .all(|&fi| entry.dismissal(fi).is_some())
        .then(|| entry.dismissal(item.findings[0]).unwrap_or(""));
    let (sev_style, text_style) = match dismissed {
        Some(_) => (t.dim, t.dim),
        None => (sev_style, t.text),
    };
    put(buf, area.x + 1, y, sev, sev_style, area.x + 2);
    if rv.new.get(i).copied().unwrap_or(false) {
        // New since the previous audit of this file (live inbox).
        put(buf, area.x + 2, y, "+", t.updated, area.x + 3);
    }
    let rule = text::pad(&text::safe(f.rule.id()), 12);
    let mut x = put(buf, area.x + 3, y, &rule, text_style, area.right());
    let loc = if item.is_group() {
        f.table.map(|t| t.short().to_string()).unwrap_or_default()
    } else {
        location(report, f)
    };
    let loc = text::pad(&text::fit(&text::safe(&loc), loc_w), loc_w);
    x = put(buf, x + 1, y, &loc, t.dim, area.right());
    let line = f.line.map(|l| format!("L{l}")).unwrap_or_default();
    x = put(
        buf,
        x + 1,
        y,
        &text::pad(&line, 6),
        t.line_number,
        area.right(),
    );
    let mut msg = if item.is_group() {
        format!("{} missing cells", item.findings.len())
    } else {
        f.message().into_owned()
    };
    if let Some(reason) = dismissed {
        msg = format!("dismissed ({reason}): {msg}");
    }
    // Messages come from the report's text: sanitise again before they reach the terminal.
    let msg = text::safe(&crate::sanitize::clean(&msg)).into_owned();
    put(buf, x + 1, y, &msg, text_style, area.right());
    if selected && rv.focus == Pane::Findings {
        let r = Rect::new(area.x + 3, y, area.width.saturating_sub(3), 1);
        buf.set_style(r, t.selection);
    }
}
