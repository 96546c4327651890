//! The source view: the report's text around a finding's line, the offending value highlighted.
//!
//! Long paragraphs are wrapped (not cut) so nothing the inspector needs is off screen. Lines were
//! sanitised by the extractor; they are sanitised again here because this is the one screen that
//! shows raw report text at length.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::super::app::App;
use super::super::layout;
use super::super::text;
use super::{bar, put, put_spans, status_bar};

const GUTTER: u16 = 7;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(sv) = &app.source else {
        return;
    };
    let Some(entry) = app.entry(&sv.path) else {
        return;
    };
    let Some(report) = entry.report() else {
        return;
    };
    let lay = layout::source(area);
    let mut title = format!(
        " {}  line {} of {}",
        entry.file_name(),
        sv.focus + 1,
        report.lines.len()
    );
    if let Some(tok) = &sv.token {
        title.push_str(&format!("  value {tok}"));
    }
    bar(
        buf,
        lay.title,
        &[Span::raw(text::safe(&title).into_owned())],
        "",
        t.title,
    );

    let body = lay.body;
    let text_w = body.width.saturating_sub(GUTTER) as usize;
    let mut y = body.y;
    let mut li = sv.top;
    while y < body.bottom() && li < report.lines.len() && text_w > 0 {
        let line = crate::sanitize::clean(&report.lines[li]);
        let focus = li == sv.focus;
        let hl = if focus {
            sv.token
                .as_deref()
                .map(|tok| token_positions(&line, tok))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let gutter = format!("{:>5}{} ", li + 1, if focus { ">" } else { " " });
        let gs = if focus { t.help_key } else { t.line_number };
        put(buf, body.x, y, &gutter, gs, body.x + GUTTER);
        let base = if focus { t.source_focus } else { t.text };
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        loop {
            let end = wrap_end(&chars, start, text_w);
            let piece: String = chars[start..end].iter().collect();
            let local: Vec<usize> = hl
                .iter()
                .filter(|&&i| i >= start && i < end)
                .map(|&i| i - start)
                .collect();
            let spans = text::highlighted(&piece, &local, base, t.source_highlight, text_w);
            put_spans(buf, body.x + GUTTER, y, &spans, body.right());
            y += 1;
            start = end;
            if start >= chars.len() || y >= body.bottom() {
                break;
            }
        }
        li += 1;
    }
    let left = format!("{}", sv.path.display());
    status_bar(
        app,
        buf,
        lay.status,
        &text::safe(&left),
        "j/k scroll  n/N finding  q back ",
    );
}

/// Where the chunk starting at `start` ends so that it fits in `w` cells (at least one char).
fn wrap_end(chars: &[char], start: usize, w: usize) -> usize {
    let mut used = 0;
    let mut i = start;
    while i < chars.len() {
        let cw = match text::safe_char(chars[i]) {
            Some(r) => text::width(r),
            None => text::width(chars[i].encode_utf8(&mut [0; 4])),
        };
        if used + cw > w && i > start {
            break;
        }
        used += cw;
        i += 1;
    }
    i.max(start + 1).min(chars.len().max(start))
}

/// Char indices of every whole occurrence of `token` in `line`: a number only counts when it
/// is not part of a longer number (`15` is not highlighted inside `150`).
pub fn token_positions(line: &str, token: &str) -> Vec<usize> {
    let hay: Vec<char> = line.chars().collect();
    let needle: Vec<char> = token.trim().chars().collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            let before_ok = i == 0 || !(numeric(hay[i - 1]) && numeric(needle[0]));
            let after = i + needle.len();
            let after_ok =
                after >= hay.len() || !(numeric(hay[after]) && numeric(needle[needle.len() - 1]));
            if before_ok && after_ok {
                out.extend(i..after);
                i = after;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_whole_numbers_only() {
        assert_eq!(token_positions("予以公开 15 件，共150件", "15"), vec![5, 6]);
        assert_eq!(token_positions("0 | 0 | 10", "0"), vec![0, 4]);
        assert_eq!(token_positions("无", "15"), Vec::<usize>::new());
        assert_eq!(
            token_positions("金额60721754元", "60721754元"),
            (2..11).collect::<Vec<_>>()
        );
    }

    #[test]
    fn wrapping_respects_cjk_width() {
        let chars: Vec<char> = "一二三四五".chars().collect();
        assert_eq!(wrap_end(&chars, 0, 4), 2);
        assert_eq!(wrap_end(&chars, 2, 5), 4);
        assert_eq!(wrap_end(&chars, 4, 1), 5);
    }
}
