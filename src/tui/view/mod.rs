//! Drawing: `impl Widget for &App` and one module per screen or overlay.
//!
//! Widgets only read the app (no I/O, no state changes, no unwrap); every style comes from the
//! theme by name; every untrusted string goes through `text::safe` (see `text.rs` for why).
//! All writes go through [`put`], which clips to the buffer so that no terminal size can panic.

pub(super) mod help;
mod list;
mod note;
mod overview;
mod report;
mod source;
mod years;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::app::{App, Overlay, ScreenKind};
use super::layout;
use super::text;

/// Overlay borders in ASCII: box-drawing characters are ambiguous-width in CJK terminals.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::too_small(area) {
            too_small(area, buf, &self.theme);
            return;
        }
        match self.screen {
            ScreenKind::List => list::render(self, area, buf),
            ScreenKind::Report => report::render(self, area, buf),
            ScreenKind::Source => source::render(self, area, buf),
            ScreenKind::Overview => overview::render(self, area, buf),
        }
        match &self.overlay {
            Overlay::Help { .. } => help::render(self, area, buf),
            Overlay::Note(ed) => note::render(self, ed, area, buf),
            Overlay::Reason(ed) => note::render_reason(self, ed, area, buf),
            Overlay::Cell(ed) => note::render_cell(self, ed, area, buf),
            Overlay::Search => search_line(self, area, buf),
            Overlay::Filter | Overlay::None => {}
        }
    }
}

/// The search being typed, over the status bar (as less does).
fn search_line(app: &App, area: Rect, buf: &mut Buffer) {
    let y = area.bottom().saturating_sub(1);
    let rect = Rect::new(area.x, y, area.width, 1);
    buf.set_style(rect, app.theme.text);
    for x in rect.left()..rect.right() {
        buf[(x, y)].set_symbol(" ");
    }
    put(buf, rect.x, y, "/", app.theme.help_key, rect.x + 1);
    let input = Rect::new(rect.x + 1, y, rect.width.saturating_sub(1), 1);
    app.search_input.render(input, buf);
}

fn too_small(area: Rect, buf: &mut Buffer, theme: &crate::theme::Theme) {
    let lines = [
        "terminal too small".to_string(),
        format!(
            "need {}x{}, have {}x{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        ),
        "enlarge it, or q to quit".to_string(),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let w = text::width(l) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        put(buf, x, top + i as u16, l, theme.message, area.right());
    }
}

/// Writes `s` (already safe) at (x, y) with `style`, never past `right` or the buffer; returns
/// the x after the text.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style, right: u16) -> u16 {
    let right = right.min(buf.area.right());
    if y < buf.area.top() || y >= buf.area.bottom() || x >= right || x < buf.area.left() {
        return x;
    }
    buf.set_stringn(x, y, s, (right - x) as usize, style).0
}

/// Writes spans one after another from (x, y); returns the x after them.
pub fn put_spans(buf: &mut Buffer, mut x: u16, y: u16, spans: &[Span<'_>], right: u16) -> u16 {
    for s in spans {
        x = put(buf, x, y, &s.content, s.style, right);
    }
    x
}

/// Fills `rect` (clipped) with `style` and blanks.
pub fn fill(buf: &mut Buffer, rect: Rect, style: Style) {
    let rect = rect.intersection(buf.area);
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            buf[(x, y)].reset();
        }
    }
    buf.set_style(rect, style);
}

/// A one-line bar: `left` from the left edge, `right` flush right, all over `style`. The left
/// part is the information; the right part (key hints) gives way when both do not fit.
pub fn bar(buf: &mut Buffer, rect: Rect, left: &[Span<'_>], right: &str, style: Style) {
    if rect.height == 0 {
        return;
    }
    fill(buf, rect, style);
    let lw: usize = left.iter().map(|s| text::width(&s.content)).sum();
    let rw = text::width(right);
    if lw + rw < rect.width as usize {
        put(
            buf,
            rect.right() - rw as u16,
            rect.y,
            right,
            style,
            rect.right(),
        );
    }
    put_spans(buf, rect.x, rect.y, left, rect.right());
}

/// The bottom line shared by all screens: a message if one is showing, else `left`, with the
/// key hints on the right.
pub fn status_bar(app: &App, buf: &mut Buffer, rect: Rect, left: &str, hints: &str) {
    let theme = &app.theme;
    match &app.message {
        Some(m) => {
            let msg = text::safe(&m.text);
            bar(
                buf,
                rect,
                &[Span::styled(format!(" {msg} "), theme.message)],
                hints,
                theme.status_bar,
            );
        }
        None => bar(
            buf,
            rect,
            &[Span::styled(format!(" {left}"), theme.status_bar)],
            hints,
            theme.status_bar,
        ),
    }
}

/// Draws an overlay frame (ASCII border, theme colours, `title`) over `rect` and returns the
/// area inside the border.
pub fn overlay_frame(t: &crate::theme::Theme, rect: Rect, title: String, buf: &mut Buffer) -> Rect {
    Block::bordered()
        .border_set(ASCII_BORDER)
        .border_style(t.border)
        .title(title)
        .style(t.text)
        .render(rect, buf);
    Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}
