//! The display-width policy: what the TUI is willing to put on screen, and how wide it is.
//!
//! ratatui measures text with `unicode-width`, which counts CJK ideographs as 2 cells exactly as
//! every terminal does. The trouble is East-Asian *ambiguous* characters (`—`, `…`, `“”`, `①`,
//! `×`, `≠`, `∅`, `→`, box drawing, Greek...): `unicode-width` says 1, but terminals in a Chinese
//! locale (and many configured for CJK) draw them 2 cells wide, so every column after one shifts.
//!
//! Policy: **no ambiguous-width character is ever drawn.** Every string that reaches the screen
//! goes through [`safe`], which replaces each character whose narrow and CJK widths differ by an
//! ASCII look-alike (`—`→`-`, `…`→`...`, `①`→`(1)`, `≠`→`!=`) or `?`. Consequently:
//! - a failed cell is written `0!=15` (actual `!=` expected) instead of `0≠15`;
//! - a missing cell is written `-` (in the missing style) instead of `∅`;
//! - panes are separated by styled bars and overlays use an ASCII border, never `─│┌`;
//! - key names in the help are words (`Down`), not arrows.
//!
//! Wide (2-cell) and narrow characters that every terminal agrees on (CJK, ASCII, full-width
//! forms like `（一）`) pass through unchanged. Characters are mapped one at a time so that
//! fuzzy-match indices (char indices into the original) still select the right glyphs.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The replacement for one character, or `None` when it is safe as it is.
pub fn safe_char(c: char) -> Option<&'static str> {
    if c.is_ascii() && !c.is_ascii_control() {
        return None;
    }
    if c.is_control() {
        return Some(" ");
    }
    let narrow = c.width();
    let cjk = c.width_cjk();
    if narrow == cjk && narrow.is_some_and(|w| w > 0) {
        return None;
    }
    if narrow == Some(0) && cjk == Some(0) {
        // Combining marks and zero-width characters: they attach to the previous cell in some
        // terminals and not others; drop them.
        return Some("");
    }
    Some(match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2500}' | '\u{2501}' => "-",
        '\u{2026}' => "...",
        '\u{2025}' => "..",
        '\u{201c}' | '\u{201d}' | '\u{2033}' => "\"",
        '\u{2018}' | '\u{2019}' | '\u{2032}' => "'",
        '\u{00d7}' => "x",
        '\u{00f7}' => "/",
        '\u{2260}' => "!=",
        '\u{2264}' => "<=",
        '\u{2265}' => ">=",
        '\u{00b1}' => "+-",
        '\u{00b7}' | '\u{2027}' | '\u{2219}' => ".",
        '\u{2022}' | '\u{203b}' | '\u{2605}' | '\u{2606}' => "*",
        '\u{00b0}' => "o",
        '\u{2103}' => "C",
        '\u{00a7}' => "S",
        '\u{2502}' | '\u{2503}' => "|",
        '\u{2190}' => "<-",
        '\u{2192}' => "->",
        '\u{2191}' => "^",
        '\u{2193}' => "v",
        '\u{2460}' => "(1)",
        '\u{2461}' => "(2)",
        '\u{2462}' => "(3)",
        '\u{2463}' => "(4)",
        '\u{2464}' => "(5)",
        '\u{2465}' => "(6)",
        '\u{2466}' => "(7)",
        '\u{2467}' => "(8)",
        '\u{2468}' => "(9)",
        '\u{2469}' => "(10)",
        _ => "?",
    })
}

/// `s` with every ambiguous-width character replaced (see the module doc).
pub fn safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| safe_char(c).is_none()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match safe_char(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Display width of already-safe text.
pub fn width(s: &str) -> usize {
    s.width()
}

/// The longest prefix of `s` that fits in `max` cells; never splits a wide character.
pub fn truncate(s: &str, max: usize) -> &str {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            return &s[..i];
        }
        w += cw;
    }
    s
}

/// `s` cut to `max` cells with a trailing `~` when something was cut (ASCII, so safe).
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = truncate(s, max - 1).to_string();
    out.push('~');
    out
}

/// `s` padded with spaces to exactly `w` cells (cut when longer).
pub fn pad(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    let mut out = cut.to_string();
    out.extend(std::iter::repeat_n(' ', w - width(cut)));
    out
}

/// `s` right-aligned in `w` cells (cut when longer).
pub fn pad_left(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    let mut out: String = std::iter::repeat_n(' ', w - width(cut)).collect();
    out.push_str(cut);
    out
}

/// Spans for untrusted `s`, made safe char by char, at most `max` cells wide (ending in `~`
/// when cut); the chars at `highlight` (char indices into `s`) get `hl` patched over `base`.
pub fn highlighted(
    s: &str,
    highlight: &[usize],
    base: Style,
    hl: Style,
    max: usize,
) -> Vec<Span<'static>> {
    marked(s, |i| highlight.contains(&i).then_some(hl), base, max)
}

/// As [`highlighted`], with the style patched over `base` chosen per char index by `mark`.
pub fn marked(
    s: &str,
    mark: impl Fn(usize) -> Option<Style>,
    base: Style,
    max: usize,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_mark: Option<Style> = None;
    let mut used = 0;
    let cut = width(&safe(s)) > max;
    let room = if cut { max.saturating_sub(1) } else { max };
    let style_of = |m: Option<Style>| m.map_or(base, |m| base.patch(m));
    for (i, c) in s.chars().enumerate() {
        let piece: Cow<str> = match safe_char(c) {
            Some(r) => Cow::Borrowed(r),
            None => Cow::Owned(c.to_string()),
        };
        let pw = width(&piece);
        if used + pw > room {
            break;
        }
        used += pw;
        let m = mark(i);
        if m != run_mark && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), style_of(run_mark)));
        }
        run_mark = m;
        run.push_str(&piece);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, style_of(run_mark)));
    }
    if cut && max > 0 {
        spans.push(Span::styled("~", base));
    }
    spans
}

/// As [`highlighted`], but a name too long for `max` cells loses its middle
/// (`2020-county~sum7-broken.txt`): the start says what kind of file it is, the end which
/// defect and the extension, and both are kept. Never splits a wide character.
pub fn highlighted_middle(
    s: &str,
    highlight: &[usize],
    base: Style,
    hl: Style,
    max: usize,
) -> Vec<Span<'static>> {
    let pieces: Vec<(usize, Cow<str>)> = s
        .chars()
        .enumerate()
        .map(|(i, c)| match safe_char(c) {
            Some(r) => (i, Cow::Borrowed(r)),
            None => (i, Cow::Owned(c.to_string())),
        })
        .collect();
    let total: usize = pieces.iter().map(|(_, p)| width(p)).sum();
    if total <= max || max < 5 {
        return highlighted(s, highlight, base, hl, max);
    }
    // Room for the two ends around the `~`: the end gets the larger part (defect and
    // extension), starting at a word (no `~-`); what that frees goes back to the start.
    let room = max - 1;
    let mut tail: Vec<(usize, Cow<str>)> = Vec::new();
    let mut tused = 0;
    for (i, p) in pieces.iter().rev() {
        if tused + width(p) > room - room * 2 / 5 {
            break;
        }
        tused += width(p);
        tail.push((*i, p.clone()));
    }
    tail.reverse();
    let sep = |p: &str| matches!(p, "-" | "_" | "." | " ");
    // A tail that starts inside a word takes the rest of the word (a few cells) from the head.
    if let Some(&(first, _)) = tail.first()
        && first > 0
        && !sep(&pieces[first - 1].1)
        && !sep(&tail[0].1)
    {
        let word: Vec<usize> = (0..first)
            .rev()
            .take_while(|&i| !sep(&pieces[i].1))
            .collect();
        let extra: usize = word.iter().map(|&i| width(&pieces[i].1)).sum();
        let reaches_start = word.last() == Some(&0);
        if extra <= 5 && !reaches_start && room - tused - extra >= 4 {
            for &i in &word {
                tail.insert(0, (i, pieces[i].1.clone()));
            }
            tused += extra;
        }
    }
    while tail.len() > 1 && sep(&tail[0].1) {
        tused -= width(&tail[0].1);
        tail.remove(0);
    }
    let first_tail = tail.first().map_or(pieces.len(), |(i, _)| *i);
    let mut head = Vec::new();
    let mut used = 0;
    for (i, p) in pieces.iter().take(first_tail) {
        if used + width(p) > room - tused {
            break;
        }
        used += width(p);
        head.push((*i, p.clone()));
    }
    let style = |i: usize| {
        if highlight.contains(&i) {
            base.patch(hl)
        } else {
            base
        }
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut push = |text: &str, st: Style| match spans.last_mut() {
        Some(last) if last.style == st => last.content.to_mut().push_str(text),
        _ => spans.push(Span::styled(text.to_string(), st)),
    };
    for (i, p) in &head {
        push(p, style(*i));
    }
    push("~", base);
    for (i, p) in &tail {
        push(p, style(*i));
    }
    spans
}

/// Where the chunk starting at `start` ends so that it fits in `w` cells (at least one char).
pub fn wrap_end(chars: &[char], start: usize, w: usize) -> usize {
    let mut used = 0;
    let mut i = start;
    while i < chars.len() {
        let cw = match safe_char(chars[i]) {
            Some(r) => width(r),
            None => width(chars[i].encode_utf8(&mut [0; 4])),
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
    fn ambiguous_characters_never_reach_the_screen() {
        assert_eq!(safe("本年增/减"), "本年增/减");
        assert_eq!(safe("（一）予以公开"), "（一）予以公开");
        assert_eq!(safe("—"), "-");
        assert_eq!(safe("危及“三安全一稳定”……"), "危及\"三安全一稳定\"......");
        assert_eq!(safe("①×≠§"), "(1)x!=S");
        // ∅ (U+2205) is Neutral, not ambiguous, in EastAsianWidth.txt: it may stay.
        assert_eq!(safe("∅"), "∅");
        for s in ["—", "…", "①", "×", "≠", "→", "─", "“", "α", "°"] {
            let out = safe(s);
            assert!(
                out.chars().all(|c| c.width() == c.width_cjk()),
                "{s} -> {out}"
            );
        }
    }

    #[test]
    fn cjk_is_two_cells_and_truncation_never_splits_it() {
        assert_eq!(width("表三"), 4);
        assert_eq!(truncate("表三总计", 5), "表三");
        assert_eq!(fit("表三总计", 5), "表三~");
        assert_eq!(fit("表三", 4), "表三");
        assert_eq!(pad("表", 3), "表 ");
        assert_eq!(pad_left("15", 4), "  15");
        assert_eq!(pad("表三", 3), "表 ");
    }

    #[test]
    fn a_long_name_loses_its_middle_and_keeps_its_ends_and_highlights() {
        let base = Style::new();
        let hl = Style::new().fg(ratatui::style::Color::Yellow);
        let name = "2020-county-office-t3-sum7-broken.txt";
        let text = |spans: &[Span]| spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        let cut = highlighted_middle(name, &[], base, hl, 27);
        assert_eq!(text(&cut), "2020-county~sum7-broken.txt");
        assert_eq!(width(&text(&cut)), 27);
        assert_eq!(text(&highlighted_middle(name, &[], base, hl, 60)), name);
        // Narrower, the end still starts at a word.
        let cut = text(&highlighted_middle(name, &[], base, hl, 24));
        assert_eq!(cut, "2020-cou~sum7-broken.txt");
        // `sum7` matched by the filter (chars 22..26) stays highlighted after the cut.
        let cut = highlighted_middle(name, &[22, 23, 24, 25], base, hl, 27);
        let hit: String = cut
            .iter()
            .filter(|s| s.style == hl)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(hit, "sum7");
        // CJK is never split: 11 cells for 鄂城区人民政府报告.txt keep whole characters.
        let cut = text(&highlighted_middle(
            "鄂城区人民政府报告.txt",
            &[],
            base,
            hl,
            11,
        ));
        assert!(width(&cut) <= 11, "{cut}");
        assert!(cut.ends_with(".txt"), "{cut}");
    }

    #[test]
    fn highlight_indices_are_char_indices_and_survive_replacement() {
        let base = Style::new();
        let hl = Style::new().fg(ratatui::style::Color::Yellow);
        // '—' (index 1) becomes '-', the highlight on '城' (index 2) stays on '城'.
        let spans = highlighted("鄂—城区", &[2], base, hl, 20);
        let text: Vec<(&str, Style)> = spans.iter().map(|s| (&*s.content, s.style)).collect();
        assert_eq!(text, vec![("鄂-", base), ("城", hl), ("区", base)]);
        let cut = highlighted("鄂城区", &[], base, hl, 5);
        assert_eq!(cut[0].content, "鄂城");
        assert_eq!(cut[1].content, "~");
        let cut = highlighted("鄂城区", &[], base, hl, 4);
        assert_eq!(cut[0].content, "鄂");
    }
}
