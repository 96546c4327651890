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

/// One cell's text on one baseline: glyphs with no gap wider than [`CELL_GAP`] between them.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    x0: f32,
    x1: f32,
    text: String,
}

impl Segment {
    /// A table value: a number, or a sign for an empty cell.
    fn is_value(&self) -> bool {
        !self.text.is_empty()
            && self
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || ".,-+%/—－".contains(c))
    }
}

/// One baseline's segments, left to right.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    y: f32,
    size: f32,
    segments: Vec<Segment>,
}

impl Row {
    fn text(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.text.as_str()).collect();
        parts.join("   ")
    }

    fn all_text(&self) -> bool {
        self.segments.iter().all(|s| !s.is_value())
    }

    fn end(&self) -> f32 {
        self.segments.last().map_or(f32::NEG_INFINITY, |s| s.x1)
    }
}

/// The lines of one page, top to bottom.
pub fn page_lines(page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<Glyph> = page
        .glyphs
        .iter()
        .copied()
        .filter(|g| !g.ch.is_whitespace() && !g.ch.is_control())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut baselines: Vec<Vec<Glyph>> = Vec::new();
    let mut base = f32::NEG_INFINITY;
    for g in glyphs {
        let size = g.size.max(1.0);
        match baselines.last_mut() {
            Some(row) if (g.y - base).abs() <= SAME_LINE * size => row.push(g),
            _ => {
                base = g.y;
                baselines.push(vec![g]);
            }
        }
    }
    let rows: Vec<Row> = baselines
        .into_iter()
        .map(|mut glyphs| {
            glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
            Row {
                y: glyphs[0].y,
                size: glyphs.iter().map(|g| g.size).fold(1.0, f32::max),
                segments: segments(&glyphs),
            }
        })
        .collect();
    join_wrapped_labels(rows)
        .into_iter()
        .map(|row| Line {
            page: page.number,
            y: row.y,
            text: row.text(),
        })
        .collect()
}

/// A baseline's glyphs (sorted by x) as cell segments.
fn segments(row: &[Glyph]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut last: Option<Glyph> = None;
    let mut end = f32::NEG_INFINITY;
    for &g in row {
        let size = g.size.max(1.0);
        let ch = radical_to_ideograph(g.ch);
        let gap = g.x - end;
        match (last, out.last_mut()) {
            (Some(prev), Some(_)) if prev.ch == g.ch && (g.x - prev.x).abs() < OVERDRAW * size => {
                continue;
            }
            (Some(_), Some(seg)) if gap <= CELL_GAP * size => {
                if gap > WORD_GAP * size {
                    seg.text.push(' ');
                }
                seg.text.push(ch);
                seg.x1 = seg.x1.max(g.x + g.w.max(0.0));
            }
            _ => out.push(Segment {
                x0: g.x,
                x1: g.x + g.w.max(0.0),
                text: ch.to_string(),
            }),
        }
        last = Some(g);
        end = end.max(g.x + g.w.max(0.0));
    }
    out
}

/// A row label wrapped over two lines in a cell that is vertically centred has the row's
/// values on a baseline between its two lines: `7.属于行政执法案` / `0 0 0` / `卷`. A reader
/// sees one row; so should the extractor. The two label lines must be one paragraph (a line
/// apart, same column, left of every value) with the values' baseline between them.
fn join_wrapped_labels(rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        if let Some(joined) = rows
            .get(i..i + 3)
            .and_then(|w| join_three(&w[0], &w[1], &w[2]))
        {
            out.push(joined);
            i += 3;
        } else {
            out.push(rows[i].clone());
            i += 1;
        }
    }
    out
}

fn join_three(a: &Row, n: &Row, b: &Row) -> Option<Row> {
    let size = a.size.max(b.size);
    let first_value = n.segments.iter().position(Segment::is_value)?;
    let values_x = n.segments[first_value].x0;
    let one_paragraph = b.y - a.y <= 1.7 * size && a.y < n.y && n.y < b.y;
    if !one_paragraph
        || !n.segments[first_value..].iter().all(Segment::is_value)
        || !a.all_text()
        || !b.all_text()
        || a.end() >= values_x
        || b.end() >= values_x
        || b.segments.len() != 1
    {
        return None;
    }
    let a_last = a.segments.last()?;
    let b_only = &b.segments[0];
    // The second line continues the first line's last cell: it starts within that cell.
    let same_cell = b_only.x0 >= a_last.x0 - size && b_only.x0 <= a_last.x1;
    // The values line's own text cells (a row group's name) lie left of the label cell.
    let left_of_label = n.segments[..first_value]
        .iter()
        .all(|s| s.x1 <= a_last.x0 + size * 0.5);
    if !same_cell || !left_of_label {
        return None;
    }
    let mut label = a_last.clone();
    label.text.push_str(&b_only.text);
    label.x1 = label.x1.max(b_only.x1);
    let mut segments: Vec<Segment> = a.segments[..a.segments.len() - 1].to_vec();
    segments.extend(n.segments[..first_value].iter().cloned());
    segments.push(label);
    segments.extend(n.segments[first_value..].iter().cloned());
    segments.sort_by(|p, q| p.x0.total_cmp(&q.x0));
    Some(Row {
        y: n.y,
        size,
        segments,
    })
}

/// Some fonts map CJK ideographs to their look-alike radicals: Kangxi radicals (⼀ U+2F00,
/// ⾏ U+2F8F), which NFKC maps back, and CJK radical supplements (⺠ U+2EA0, ⻚ U+2EDA), which
/// it does not: for those, [`SUPPLEMENT`] gives Unicode's equivalent unified ideograph. Other
/// characters are kept as drawn (the tokenizer normalises the rest itself).
fn radical_to_ideograph(ch: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    match ch {
        '\u{2F00}'..='\u{2FDF}' => {
            let mut n = std::iter::once(ch).nfkc();
            match (n.next(), n.next()) {
                (Some(c), None) => c,
                _ => ch,
            }
        }
        '\u{2E80}'..='\u{2EFF}' => SUPPLEMENT
            .binary_search_by_key(&ch, |&(r, _)| r)
            .map_or(ch, |i| SUPPLEMENT[i].1),
        _ => ch,
    }
}

/// CJK radicals supplement → equivalent unified ideograph (Unicode's
/// EquivalentUnifiedIdeograph.txt), for the radicals that stand for a whole character.
/// Sorted by radical.
const SUPPLEMENT: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺆', '冂'),
    ('⺇', '几'),
    ('⺊', '卜'),
    ('⺌', '小'),
    ('⺎', '兀'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺗', '心'),
    ('⺜', '日'),
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺧', '牛'),
    ('⺩', '王'),
    ('⺪', '疋'),
    ('⺬', '示'),
    ('⺮', '竹'),
    ('⺶', '羊'),
    ('⺷', '羊'),
    ('⺻', '聿'),
    ('⺼', '月'),
    ('⺽', '臼'),
    ('⻁', '虎'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻇', '角'),
    ('⻉', '贝'),
    ('⻊', '足'),
    ('⻋', '车'),
    ('⻑', '長'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

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
    fn a_label_wrapped_around_its_rows_values_is_joined_into_one_row() {
        // A vertically centred cell: label line, values between, label line; the row group's
        // name on the values' baseline, further left.
        let p = page(&[
            (100.0, 100.0, "7.属于行政执法案"),
            (106.0, 0.0, "(三)不予公开"),
            (106.0, 300.0, "0"),
            (106.0, 340.0, "12"),
            (112.0, 100.0, "卷"),
            (130.0, 100.0, "8.属于行政查询事项"),
            (130.0, 300.0, "0"),
        ]);
        assert_eq!(
            texts(&p),
            vec![
                "(三)不予公开   7.属于行政执法案卷   0   12",
                "8.属于行政查询事项   0",
            ]
        );
    }

    #[test]
    fn a_label_whose_two_lines_are_both_above_its_values_is_left_alone() {
        // The next row's label is a row border away, not a line: no joining across rows.
        let p = page(&[
            (100.0, 100.0, "(二)部分公开(区分处理的,只计这一情"),
            (112.0, 100.0, "形,不计其他情形)"),
            (124.0, 300.0, "4"),
            (145.0, 100.0, "1.属于国家秘密"),
            (145.0, 300.0, "1"),
        ]);
        assert_eq!(
            texts(&p),
            vec![
                "(二)部分公开(区分处理的,只计这一情",
                "形,不计其他情形)",
                "4",
                "1.属于国家秘密   1",
            ]
        );
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

    #[test]
    fn radical_supplements_from_cjk_fonts_become_the_ideographs_they_look_like() {
        let p = page(&[(50.0, 0.0, "⻘岚市人⺠政府⻚⻔")]);
        assert_eq!(texts(&p), vec!["青岚市人民政府页门"]);
    }

    #[test]
    fn the_radical_table_is_sorted_for_its_binary_search() {
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            SUPPLEMENT
                .iter()
                .all(|&(r, _)| ('\u{2E80}'..='\u{2EFF}').contains(&r))
        );
    }
}
