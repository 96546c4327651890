//! The note editor overlay (`e`): a multi-line text area for the inspector's remarks; and the
//! one-line reason input of a dismissal (`d`); and the one-line value input of a cell
//! correction (`c`), whose last line says why a value was refused.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::super::app::{App, CellEditor, NoteEditor, ReasonEditor};
use super::super::entry::file_name;
use super::super::layout;
use super::super::text;
use super::{overlay_frame, put};

pub fn render(app: &App, ed: &NoteEditor, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let rect = layout::centered(area, 70, 12);
    Clear.render(rect, buf);
    let title = format!(" note: {} ", text::safe(&file_name(&ed.path)));
    // The last inner row holds the key hint.
    let mut inner = overlay_frame(t, rect, title, buf);
    inner.height = inner.height.saturating_sub(1);
    (&ed.area).render(inner, buf);
    let hint = "Esc/Ctrl-S save   Ctrl-Q discard";
    put(
        buf,
        rect.x + 2,
        rect.bottom().saturating_sub(2),
        hint,
        t.dim,
        rect.right().saturating_sub(1),
    );
}

pub fn render_reason(app: &App, ed: &ReasonEditor, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let rect = layout::centered(area, 70, 5);
    Clear.render(rect, buf);
    let what = app
        .report_of(&ed.path)
        .and_then(|r| ed.findings.first().and_then(|&i| r.findings.get(i)))
        .map(|f| f.rule.id())
        .unwrap_or("");
    let title = if ed.findings.len() > 1 {
        format!(
            " dismiss {} {} findings: reason ",
            ed.findings.len(),
            text::safe(what)
        )
    } else {
        format!(" dismiss {}: reason ", text::safe(what))
    };
    let mut inner = overlay_frame(t, rect, title, buf);
    inner.height = inner.height.min(1);
    (&ed.area).render(inner, buf);
    put(
        buf,
        rect.x + 2,
        rect.bottom().saturating_sub(2),
        "Enter dismiss   Esc cancel",
        t.dim,
        rect.right().saturating_sub(1),
    );
}

pub fn render_cell(app: &App, ed: &CellEditor, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let rect = layout::centered(area, 70, 5);
    Clear.render(rect, buf);
    let version = app
        .report_of(&ed.path)
        .and_then(|r| r.template)
        .unwrap_or(crate::model::TemplateVersion::V2019);
    let title = format!(
        " 更正 {} ",
        text::safe(&crate::audit::cell_name(version, ed.cell))
    );
    let mut inner = overlay_frame(t, rect, title, buf);
    inner.height = inner.height.min(1);
    (&ed.area).render(inner, buf);
    let (line, style) = match &ed.error {
        Some(why) => (text::safe(why).into_owned(), t.finding_error),
        None => (
            "Enter save   empty+Enter remove correction   Ctrl-U clear   Esc cancel".to_string(),
            t.dim,
        ),
    };
    put(
        buf,
        rect.x + 2,
        rect.bottom().saturating_sub(2),
        &line,
        style,
        rect.right().saturating_sub(1),
    );
}
