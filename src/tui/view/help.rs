//! The `?` overlay, generated from the keymap so it cannot fall out of date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

use super::super::app::{App, Overlay};
use super::super::keymap::{self, KEYMAP, Scope};
use super::super::layout;
use super::super::text;
use super::{overlay_frame, put};

const KEYS_W: usize = 14;
const HELP_W: usize = 22;
const COL_W: u16 = (KEYS_W + 1 + HELP_W) as u16;

/// What the marks on screen mean (they are not keys, but a user meets them with the keys).
pub const MARKS: &[(&str, &str)] = &[
    ("+ (triage)", "the report has a note"),
    ("* (list)", "changed since viewed"),
    ("~ (list)", "R would move the row"),
    ("0!=15", "failed: is 0, should be 15"),
    ("-", "blank cell"),
    ("39400元*", "unit not the heading's"),
    ("~6072万元", "amount shortened"),
];

/// The help content: (keys, text) pairs, scope titles as pairs with empty keys; the marks'
/// legend last.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for scope in Scope::ALL {
        let bindings: Vec<_> = KEYMAP.iter().filter(|b| b.scope == scope).collect();
        if bindings.is_empty() {
            continue;
        }
        out.push((String::new(), scope.title()));
        for b in bindings {
            out.push((keymap::keys_label(b), b.help));
        }
    }
    out.push((String::new(), "marks"));
    out.extend(MARKS.iter().map(|(m, what)| (m.to_string(), *what)));
    out
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lines = help_lines();
    let two = area.width >= 2 * COL_W + 5;
    let cols: u16 = if two { 2 } else { 1 };
    let inner_h = area.height.saturating_sub(2) as usize;
    let per_col = if two {
        lines.len().div_ceil(2)
    } else {
        lines.len()
    };
    let h = (per_col.min(inner_h) + 2) as u16;
    let w = cols * COL_W + (cols - 1) * 2 + 2;
    let rect = layout::centered(area, w, h);
    // Clear one cell around the frame too: a character left beside it (the grid's `>`) or a
    // wide character cut by its edge would otherwise show as a stray glyph at the border.
    let margin = Rect::new(
        rect.x.saturating_sub(1),
        rect.y.saturating_sub(1),
        rect.width + 2,
        rect.height + 2,
    )
    .intersection(area);
    Clear.render(margin, buf);
    let more = per_col > (h as usize).saturating_sub(2);
    let title = if more {
        format!(
            " keys  (j/k scroll, theme: {}) ",
            text::safe(&app.theme.name)
        )
    } else {
        format!(" keys  (theme: {}) ", text::safe(&app.theme.name))
    };
    let inner = overlay_frame(t, rect, title, buf);
    let visible = inner.height as usize;
    // When the help is taller than the terminal, j/k scroll it.
    let asked = match app.overlay {
        Overlay::Help { scroll } => scroll,
        _ => 0,
    };
    let scroll = asked.min(per_col.saturating_sub(visible));
    for (idx, (keys, help)) in lines.iter().enumerate() {
        let (col, row) = (idx / per_col, idx % per_col);
        if row < scroll || row - scroll >= visible {
            continue;
        }
        let row = row - scroll;
        let x = inner.x + col as u16 * (COL_W + 2);
        let y = inner.y + row as u16;
        let right = (x + COL_W).min(inner.right());
        if keys.is_empty() {
            put(buf, x, y, help, t.header, right);
        } else {
            put(
                buf,
                x + 1,
                y,
                &text::pad(keys, KEYS_W - 1),
                t.help_key,
                right,
            );
            put(
                buf,
                x + KEYS_W as u16 + 1,
                y,
                &text::safe(help),
                Style::new(),
                right,
            );
        }
    }
}
