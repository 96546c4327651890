//! The source view: the report's text around a finding's line, the offending value highlighted.
//!
//! Long paragraphs are wrapped (not cut) so nothing the inspector needs is off screen. Lines were
//! sanitised by the extractor; they are sanitised again here because this is the one screen that
//! shows raw report text at length.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::super::app::{App, find_all};
use super::super::layout;
use super::super::text::{self, token_positions, wrap_end};
use super::{bar, put, put_spans, status_bar};

const GUTTER: u16 = super::super::app::SOURCE_GUTTER;
const PAGE_GUTTER: u16 = super::super::app::SOURCE_PAGE_GUTTER;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(sv) = &app.source else {
        return;
    };
    let Some(entry) = app.entry(&sv.path) else {
        return;
    };
    let Some(report) = entry.full() else {
        return;
    };
    let lay = layout::source(area);
    let mut title = format!(
        " {}  line {} of {}",
        entry.file_name(),
        sv.focus + 1,
        report.lines.len()
    );
    if let Some(about) = &sv.about {
        title.push_str(&format!("  {about}"));
    }
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
    let paged = !report.pages.is_empty();
    let gutter_w = GUTTER + if paged { PAGE_GUTTER } else { 0 };
    let text_w = body.width.saturating_sub(gutter_w) as usize;
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
        // The search's matches are drawn over the finding's value where both fall.
        let found = sv
            .search
            .as_deref()
            .map(|q| find_all(&line, q))
            .unwrap_or_default();
        let mut gutter = format!("{:>5}{} ", li + 1, if focus { ">" } else { " " });
        if paged {
            let page = report.page_of(li as u32 + 1).map(|p| format!("p.{p}"));
            gutter.insert_str(0, &format!("{:<5}", page.unwrap_or_default()));
        }
        let gs = if focus { t.help_key } else { t.line_number };
        put(buf, body.x, y, &gutter, gs, body.x + gutter_w);
        let base = if focus { t.source_focus } else { t.text };
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        // The first line shown may be scrolled into (see `SourceView::skip`).
        if li == sv.top {
            for _ in 0..sv.skip {
                if start >= chars.len() {
                    break;
                }
                start = wrap_end(&chars, start, text_w);
            }
        }
        loop {
            let end = wrap_end(&chars, start, text_w);
            let piece: String = chars[start..end].iter().collect();
            let mark = |i: usize| {
                if found.contains(&(i + start)) {
                    Some(t.search_match)
                } else if hl.contains(&(i + start)) {
                    Some(t.source_highlight)
                } else {
                    None
                }
            };
            let spans = text::marked(&piece, mark, base, text_w);
            put_spans(buf, body.x + gutter_w, y, &spans, body.right());
            y += 1;
            start = end;
            if start >= chars.len() || y >= body.bottom() {
                break;
            }
        }
        li += 1;
    }
    let (left, hints) = match &sv.search {
        Some(q) => (
            format!("search: {q}"),
            "j/k scroll  n/N match  Esc end search ",
        ),
        None => (
            format!("{}", sv.path.display()),
            "j/k scroll  n/N finding  / search  q back ",
        ),
    };
    status_bar(app, buf, lay.status, &text::safe(&left), hints);
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
