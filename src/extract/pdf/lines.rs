//! Glyphs → text lines in visual order: group by baseline, order by x, and turn the gaps between
//! glyphs into spaces (a word gap) or a wider run of spaces (a cell boundary).
//!
//! This is what `pdftotext -layout` does and what the text extractor expects: one table row per
//! line, its label first and its values after, whatever order the producer drew them in.

use super::glyphs::{Glyph, Page};

/// One rebuilt line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub page: u32,
    /// Baseline, from the top of the page (points).
    pub y: f32,
    pub text: String,
}

/// Glyphs on baselines closer than this fraction of the font size share a line: table cells
/// of one row are drawn on one baseline, give or take a point of rounding.
const SAME_LINE: f32 = 0.45;
/// A gap wider than this fraction of the font size is a space between words.
const WORD_GAP: f32 = 0.2;
/// A gap wider than this many font sizes is a boundary between cells: written as three spaces,
/// so the row still reads as columns in the source view.
const CELL_GAP: f32 = 1.2;
/// A glyph drawn again within this fraction of the font size of the same glyph is the
/// producer's fake bold (the text stroked twice, slightly offset), not a second character.
const OVERDRAW: f32 = 0.3;

/// The lines of one page, top to bottom.
pub fn page_lines(page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<Glyph> = page
        .glyphs
        .iter()
        .copied()
        .filter(|g| !g.ch.is_whitespace() && !g.ch.is_control())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut base = f32::NEG_INFINITY;
    for g in glyphs {
        let size = g.size.max(1.0);
        match rows.last_mut() {
            Some(row) if (g.y - base).abs() <= SAME_LINE * size => row.push(g),
            _ => {
                base = g.y;
                rows.push(vec![g]);
            }
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            Line {
                page: page.number,
                y: row[0].y,
                text: row_text(&row),
            }
        })
        .collect()
}

/// A row's glyphs (sorted by x) as text.
fn row_text(row: &[Glyph]) -> String {
    let mut text = String::with_capacity(row.len() * 3);
    let mut last: Option<Glyph> = None;
    let mut end = f32::NEG_INFINITY;
    for &g in row {
        let size = g.size.max(1.0);
        if let Some(prev) = last {
            if prev.ch == g.ch && (g.x - prev.x).abs() < OVERDRAW * size {
                continue;
            }
            let gap = g.x - end;
            if gap > CELL_GAP * size {
                text.push_str("   ");
            } else if gap > WORD_GAP * size {
                text.push(' ');
            }
        }
        text.push(radical_to_ideograph(g.ch));
        last = Some(g);
        end = end.max(g.x + g.w.max(0.0));
    }
    text
}

/// Some fonts map CJK ideographs to the look-alike Kangxi radicals (⼀ U+2F00, ⾏ U+2F8F) and
/// CJK radical supplements; NFKC gives the ideograph back. Other characters are kept as drawn
/// (the tokenizer normalises the rest itself).
fn radical_to_ideograph(ch: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    if ('\u{2E80}'..='\u{2FDF}').contains(&ch) {
        let mut n = std::iter::once(ch).nfkc();
        if let (Some(c), None) = (n.next(), n.next()) {
            return c;
        }
    }
    ch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(y: f32, x: f32, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                x: x + 10.0 * i as f32,
                y,
                w: 10.0,
                size: 10.0,
                ch,
            })
            .collect()
    }

    fn page(parts: &[(f32, f32, &str)]) -> Page {
        Page {
            number: 3,
            height: 800.0,
            glyphs: parts
                .iter()
                .flat_map(|&(y, x, t)| glyphs(y, x, t))
                .collect(),
        }
    }

    fn texts(p: &Page) -> Vec<String> {
        page_lines(p).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_table_drawn_column_by_column_comes_out_row_by_row() {
        // Values first, column by column, then the labels: the order some producers draw in.
        let p = page(&[
            (100.0, 300.0, "21"),
            (120.0, 300.0, "0"),
            (100.5, 400.0, "21"),
            (119.6, 400.0, "0"),
            (100.0, 50.0, "一、本年新收"),
            (120.0, 50.0, "二、上年结转"),
        ]);
        assert_eq!(
            texts(&p),
            vec!["一、本年新收   21   21", "二、上年结转   0   0"]
        );
        assert!(page_lines(&p).iter().all(|l| l.page == 3));
    }

    #[test]
    fn a_small_gap_is_one_space_and_adjacent_glyphs_none() {
        let p = page(&[(50.0, 0.0, "ab"), (50.0, 25.0, "cd")]);
        assert_eq!(texts(&p), vec!["ab cd"]);
    }

    #[test]
    fn fake_bold_drawn_twice_is_read_once() {
        let p = page(&[(50.0, 0.0, "总计"), (50.0, 0.5, "总计")]);
        assert_eq!(texts(&p), vec!["总计"]);
    }

    #[test]
    fn kangxi_radicals_become_ideographs_and_spaces_are_positions_not_glyphs() {
        let p = page(&[(50.0, 0.0, "⼀、⾏ 政")]);
        // The drawn space glyph is dropped; its advance still leaves a gap (one space).
        assert_eq!(texts(&p), vec!["一、行 政"]);
    }
}
