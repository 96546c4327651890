//! The note editor overlay (`e`): a multi-line text area for the inspector's remarks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Widget};

use super::super::app::{App, NoteEditor};
use super::super::entry::file_name;
use super::super::layout;
use super::super::text;
use super::{ASCII_BORDER, put};

pub fn render(app: &App, ed: &NoteEditor, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let rect = layout::centered(area, 70, 12);
    Clear.render(rect, buf);
    let title = format!(" note: {} ", text::safe(&file_name(&ed.path)));
    Block::bordered()
        .border_set(ASCII_BORDER)
        .border_style(t.border)
        .title(title)
        .style(t.text)
        .render(rect, buf);
    let inner = Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(3),
    );
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
