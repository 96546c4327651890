//! Finding the six section headings (一、总体情况 … 六、其他需要报告的事项).
//!
//! Headings are searched in each line's normalised text, not only at line starts: one-line
//! layouts run headings inline with their text. Variants seen in real reports are accepted and
//! marked non-canonical; `四、结转下年度继续办理` (a 表三 row) is never taken for section 四.

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::{NormLines, Tokens};
use crate::model::Section;

/// Canonical headings, index 0 = section 一.
pub use crate::template::SECTION_HEADINGS as CANONICAL;

static PATTERNS: LazyLock<[Regex; 6]> = LazyLock::new(|| {
    [
        r"一、(?:总体情况|工作基本情况|基本情况|总体概况|工作总体情况)",
        r"二、主动公开(?:政府)?信息(?:的)?(?:情况)?",
        r"三、收到和处理(?:政府信息公开)?申请(?:的)?(?:情况)?",
        r"四、(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及与]?(?:提起)?行政诉讼(?:的)?(?:情况)?",
        r"五、[^。|:]{0,14}?(?:存在的?|主要)问题[^。|:]{0,14}?(?:情况|措施|打算|计划)",
        r"六、其他需要报告的事项",
    ]
    // Anchored: each runs only where its numeral and `、` were found.
    .map(|p| Regex::new(&format!("^(?:{p})")).unwrap())
});

/// An upper bound on a heading's length in bytes: [`PATTERNS`]' longest match is 五's, `五、`
/// (6), two runs of up to 14 characters of up to 4 bytes (112), `存在的问题` (15) and `情况` (6),
/// 139 bytes. A test holds every pattern's longest match within it.
const HEADING_MAX_BYTES: usize = 160;

/// `、` (U+3001). Its last byte is common in CJK text, so a byte search for it would stop
/// everywhere; a substring searcher looks for all three bytes at once.
static ENUM_COMMA: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("、"));

/// Index of a section numeral: 一 → 0 … 六 → 5 (what [`numeral_before`] computes, char by char).
#[cfg(test)]
fn numeral(c: char) -> Option<usize> {
    "一二三四五六".chars().position(|n| n == c)
}

/// The section numeral (as [`numeral`] reads it) that `before` ends with, if any. Most `、`
/// follow other words (`区委、区政府`): comparing the three bytes every numeral is encoded in
/// costs less than decoding the char before and looking it up.
fn numeral_before(before: &[u8]) -> Option<usize> {
    static NUMERALS: LazyLock<[[u8; 3]; 6]> = LazyLock::new(|| {
        let mut all = [[0u8; 3]; 6];
        for (k, c) in "一二三四五六".chars().enumerate() {
            c.encode_utf8(&mut all[k]);
        }
        all
    });
    let last: &[u8; 3] = before.last_chunk()?;
    NUMERALS.iter().position(|n| n == last)
}

/// Whether the text after `X、` can continue heading `k`'s pattern: the words each pattern
/// must begin with, checked before the pattern runs (table rows such as `四、结转下年度` and
/// numbered items in prose fail here).
fn may_start(k: usize, rest: &str) -> bool {
    match k {
        0 => rest.starts_with(['总', '工', '基']),
        1 => rest.starts_with("主动公开"),
        2 => rest.starts_with("收到和处理"),
        3 => rest.starts_with("政府信息公开") || rest.starts_with("因政府信息公开"),
        5 => rest.starts_with("其他需要报告的事项"),
        _ => true,
    }
}

/// A heading found in the text, with where it sits in the normalised lines.
#[derive(Debug, Clone)]
pub struct Hit {
    pub section: Section,
    /// Byte range of the heading in its line's normalised text.
    pub start: usize,
    pub end: usize,
}

impl Hit {
    /// Index of the first token of the heading.
    pub fn at(&self, tokens: &Tokens) -> usize {
        tokens.index_at(self.section.line, self.start as u32)
    }

    /// Index of the first token after the heading.
    pub fn after(&self, tokens: &Tokens) -> usize {
        tokens.index_at(self.section.line, self.end as u32)
    }
}

/// Finds each section's heading: the first match at or after the previous section's heading,
/// or failing that the first match anywhere (the order check reports the misplacement).
/// `line_norm` is [`Tokens::line_norm`]: no token is needed, so this runs before tokenising.
pub fn find(line_norm: &NormLines) -> [Option<Hit>; 6] {
    let mut all: [Vec<(u32, usize, usize)>; 6] = Default::default();
    // One search for `、` over the text of all lines; each place is taken in its line. Most
    // lines hold none and cost nothing.
    let lines = line_norm.len();
    let (mut i, mut base, mut text) = (0, 0, line_norm.get(0).unwrap_or(""));
    let mut done = [0usize; 6];
    for q in ENUM_COMMA.find_iter(line_norm.all().as_bytes()) {
        if q >= base + text.len() {
            // The line holding `q`: the first that ends after it.
            while i < lines && q >= line_norm.line_start(i) + line_norm.line(i).len() {
                i += 1;
            }
            (base, text) = (line_norm.line_start(i), line_norm.line(i));
            done = [0; 6];
        }
        let p = q - base;
        // Every heading starts with its numeral and `、`: try the numeral's pattern at each
        // such place, skipping places inside its previous match (as a left-to-right search
        // for non-overlapping matches would).
        let Some(k) = numeral_before(&text.as_bytes()[..p]) else {
            continue;
        };
        let start = p - '一'.len_utf8();
        if start < done[k] {
            continue;
        }
        if !may_start(k, &text[p + '、'.len_utf8()..]) {
            continue;
        }
        // A heading is short (the longest pattern, 五's, spans at most 139 bytes): the
        // anchored search is given that much of the line, not the rest of a long one.
        let window = &text[start..text.floor_char_boundary(start + HEADING_MAX_BYTES)];
        if let Some(m) = PATTERNS[k].find(window) {
            all[k].push(((i + 1) as u32, start, start + m.end()));
            done[k] = start + m.end();
        }
    }
    let mut out: [Option<Hit>; 6] = Default::default();
    let mut floor = (0u32, 0usize);
    for s in 0..6 {
        let pick = all[s]
            .iter()
            .find(|(l, st, _)| (*l, *st) >= floor)
            .or_else(|| all[s].first());
        if let Some(&(line, start, end)) = pick {
            let text = &line_norm[(line - 1) as usize][start..end];
            out[s] = Some(Hit {
                section: Section {
                    number: (s + 1) as u8,
                    heading: text.to_string(),
                    line,
                    canonical: text == CANONICAL[s],
                },
                start,
                end,
            });
            if (line, start) >= floor {
                floor = (line, end);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn found(text: &str) -> Vec<Option<(String, bool)>> {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        find(&tokenize(&lines).line_norm)
            .into_iter()
            .map(|h| h.map(|h| (h.section.heading, h.section.canonical)))
            .collect()
    }

    #[test]
    fn no_heading_is_longer_than_the_window_it_is_searched_in() {
        // The longest text each pattern can match: every optional word taken, the runs of
        // 五's pattern at 14 four-byte characters each.
        let run = "𠀀".repeat(14);
        let longest = [
            "一、工作总体情况".to_string(),
            "二、主动公开政府信息的情况".to_string(),
            "三、收到和处理政府信息公开申请的情况".to_string(),
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况".to_string(),
            format!("五、{run}存在的问题{run}情况"),
            "六、其他需要报告的事项".to_string(),
        ];
        for (k, text) in longest.iter().enumerate() {
            let m = PATTERNS[k]
                .find(text)
                .expect("the pattern matches its longest text");
            assert_eq!(m.end(), text.len(), "{text}");
            assert!(
                text.len() <= HEADING_MAX_BYTES,
                "{text}: {} bytes",
                text.len()
            );
        }
    }

    #[test]
    fn the_numeral_before_a_comma_is_the_last_char_read_as_a_numeral() {
        for before in [
            "一",
            "前言。二",
            "六",
            "十",
            "a四",
            "",
            "é",
            "是",
            "表三",
            "𠀀",
        ] {
            let by_char = before.chars().next_back().and_then(numeral);
            assert_eq!(numeral_before(before.as_bytes()), by_char, "{before}");
        }
    }

    #[test]
    fn table_row_four_is_not_section_four() {
        let f = found("四、结转下年度继续办理 | 0\n四、政府信息公开行政复议、行政诉讼情况");
        assert_eq!(
            f[3],
            Some(("四、政府信息公开行政复议、行政诉讼情况".into(), true))
        );
    }

    #[test]
    fn variants_are_found_and_flagged() {
        let f = found(
            "一、总体情况\n五、存在的主要问题及下一步工作情况\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        );
        assert_eq!(
            f[4],
            Some(("五、存在的主要问题及下一步工作情况".into(), false))
        );
        assert!(matches!(&f[3], Some((_, false))));
    }

    #[test]
    fn inline_headings_on_one_line() {
        let f = found(
            "前言。 一、总体情况 正文 二、主动公开政府信息情况 | 表 | 六、其他需要报告的事项 无",
        );
        assert!(f[0].is_some() && f[1].is_some() && f[5].is_some());
        assert!(f[2].is_none());
    }

    #[test]
    fn markdown_heading_marks_do_not_matter() {
        let f = found("## 三、收到和处理政府信息公开申请情况");
        assert_eq!(
            f[2],
            Some(("三、收到和处理政府信息公开申请情况".into(), true))
        );
    }
}
