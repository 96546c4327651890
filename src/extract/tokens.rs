//! Report text → a flat stream of tokens (label text, values, blank cells) with source lines.
//!
//! Real texts put table cells on their own lines, several to a line between `|`, or all on one
//! physical line; PDF text separates numbers by spaces. The tokenizer hides those differences:
//! later stages see only `Text`, `Value` and `Blank` tokens in reading order, each with the
//! line it came from, and align them to the template by row labels rather than by line counts.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Number, SourceLines};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Label or prose text.
    Text,
    /// A number (count, signed change or amount).
    Value(Amount),
    /// An explicit empty cell: blank between separators, `/`, `-`, `—`, `无`.
    Blank,
}

/// A number as a token holds it: [`Number`] without an allocation (the unit is one of
/// [`UNITS`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: Decimal,
    /// 1 + the unit's index in [`UNITS`]; 0 for none.
    unit: u8,
}

impl Amount {
    pub fn unit(&self) -> Option<&'static str> {
        (self.unit > 0).then(|| UNITS[usize::from(self.unit) - 1])
    }

    pub fn number(&self) -> Number {
        Number {
            value: self.value,
            unit: self.unit().map(str::to_string),
        }
    }
}

/// One word of the text. Its written and normalised forms are not copied: they are ranges of
/// the source line and of the line's normalised text, read through [`TokenView`]. A token is
/// a few integers, and a report's hundreds of them are made and moved cheaply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub kind: Kind,
    /// 1-based source line.
    pub line: u32,
    /// Byte offset of the normalised word inside the line's normalised text (see
    /// [`Tokens::line_norm`]).
    pub offset: u32,
    norm_len: u32,
    /// Byte range of the word as written inside the (sanitised) source line.
    raw_start: u32,
    raw_len: u32,
}

impl Token {
    pub fn is_cell(&self) -> bool {
        !matches!(self.kind, Kind::Text)
    }
}

/// Tokens with the texts they point into: what the table readers work on. Derefs to the
/// tokens; [`TokenView::norm`] and [`TokenView::raw`] give a token's words.
#[derive(Clone, Copy)]
pub struct TokenView<'a> {
    tokens: &'a [Token],
    norm: &'a NormLines,
    lines: &'a SourceLines,
}

impl<'a> TokenView<'a> {
    /// NFKC, whitespace and markup removed: what labels are matched against.
    pub fn norm(&self, t: &Token) -> &'a str {
        let line = self.norm.line(t.line as usize - 1);
        &line[t.offset as usize..(t.offset + t.norm_len) as usize]
    }

    /// The normalised words of the tokens `range`, joined. Inside the tokenised part of the
    /// text the words lie end to end in the normalised lines, so this is usually a slice of
    /// them; otherwise a copy.
    pub fn joined_norm(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'a, str> {
        let tokens = &self.tokens[range];
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return "".into();
        };
        // Start and end of a token's word in the text of all lines.
        let start = |t: &Token| self.norm.line_start(t.line as usize - 1) + t.offset as usize;
        let end = |t: &Token| start(t) + t.norm_len as usize;
        if tokens.windows(2).all(|w| end(&w[0]) == start(&w[1])) {
            self.norm.all()[start(first)..end(last)].into()
        } else {
            tokens
                .iter()
                .map(|t| self.norm(t))
                .collect::<String>()
                .into()
        }
    }

    /// The word as written (sanitised), for messages and the source view.
    pub fn raw(&self, t: &Token) -> &'a str {
        let line = &self.lines[t.line as usize - 1];
        &line[t.raw_start as usize..(t.raw_start + t.raw_len) as usize]
    }
}

impl std::ops::Deref for TokenView<'_> {
    type Target = [Token];

    fn deref(&self) -> &[Token] {
        self.tokens
    }
}

/// The token stream of a whole document and, per line, the normalised line text that
/// section headings are searched in.
#[derive(Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// Normalised text of each line (index = line - 1). Where a line is tokenised, it is its
    /// tokens' normalised words end to end: [`TokenView::norm`] reads them out of it.
    pub line_norm: NormLines,
    /// Per line, whether the line before it closed its cell with a pipe (tokeniser state).
    closed_before: Vec<bool>,
    /// Tokens of the short lines, made while normalising (see [`normalise_lines`]), from which
    /// [`Tokens::tokenize_span`] copies those of the span.
    early: Vec<Token>,
    /// Per line, the range of `early` holding its tokens, if it was tokenised early.
    early_of: Vec<Option<(u32, u32)>>,
}

/// The normalised text of every line, kept as the source lines are: end to end in one string.
pub type NormLines = SourceLines;

impl Tokens {
    /// The tokens with the lines they were made from (the lines given to tokenising).
    pub fn view<'a>(&'a self, lines: &'a SourceLines) -> TokenView<'a> {
        TokenView {
            tokens: &self.tokens,
            norm: &self.line_norm,
            lines,
        }
    }

    /// Index of the first token at or after (`line`, `offset`).
    pub fn index_at(&self, line: u32, offset: u32) -> usize {
        self.tokens
            .partition_point(|t| (t.line, t.offset) < (line, offset))
    }
}

/// NFKC, then drop whitespace and the markup characters Markdown conversions leave behind.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_into(s, &mut out);
    out
}

fn keep(c: &char) -> bool {
    !c.is_whitespace() && !matches!(c, '*' | '#' | '`' | '\u{200b}' | '\u{feff}')
}

/// [`norm`] appended to `out`. Runs of bytes that normalise to themselves (ASCII other than
/// whitespace and markup, CJK ideographs U+4000–U+9FFF) are copied as they are; this is nearly
/// all of a report and what makes normalising every line cheap.
///
/// Returns whether `s` holds whitespace (which is dropped): a caller that must treat words
/// separately learns that it has more than one.
pub fn norm_into(s: &str, out: &mut String) -> bool {
    norm_impl(s, out, false, false)
}

/// [`norm_into`] for text expected to be one word: stops as soon as it meets whitespace and
/// returns true (what was appended is then incomplete: the caller splits the words).
fn norm_word(s: &str, out: &mut String) -> bool {
    norm_impl(s, out, false, true)
}

/// [`norm_into`]; with `blank_words`, also drops each whitespace-separated word whose
/// normalised form is a blank mark, as tokenising word by word would.
fn norm_impl(s: &str, out: &mut String, blank_words: bool, stop_at_space: bool) -> bool {
    let start = out.len();
    let mut word_start = start;
    let mut space = false;
    let b = s.as_bytes();
    let mut i = 0;
    let mut run = 0;
    // A word ended (at whitespace or the end): drop it if it is a blank mark.
    let end_word = |out: &mut String, word_start: &mut usize| {
        if blank_words && is_blank_mark(&out[*word_start..]) {
            out.truncate(*word_start);
        }
        *word_start = out.len();
    };
    while i < b.len() {
        // Step over printable ASCII and U+4000–U+9FFF (CJK Extension A's tail, the hexagrams
        // and the Unified Ideographs, none of which NFKC changes), an ideograph (lead byte
        // E4–E9, always followed by two continuation bytes in valid UTF-8) at a time. `i` stays
        // on character starts, so the byte found next begins a character.
        while let Some(&c) = b.get(i) {
            if (0xe4..=0xe9).contains(&c) {
                i += 3;
            } else if c < 0x80 && SIMPLE_ASCII[c as usize] {
                i += 1;
            } else {
                break;
            }
        }
        if i >= b.len() {
            break;
        }
        let c = b[i];
        let stable = match c {
            _ if is_ascii_space(c) => {
                if stop_at_space {
                    return true;
                }
                space = true;
                0
            }
            b'*' | b'#' | b'`' => 0,
            // Other controls: kept as they are (sanitising removed them before).
            ..0x80 => 1,
            // 、。〃 〈〉《》「」『』【】〔〕〖〗〘〙〚〛: stable.
            0xe3 if b.get(i + 1) == Some(&0x80)
                && matches!(b.get(i + 2), Some(0x81..=0x83 | 0x88..=0x91 | 0x94..=0x9b)) =>
            {
                3
            }
            // – — ‘ ’ “ ”: stable.
            0xe2 if b.get(i + 1) == Some(&0x80)
                && matches!(b.get(i + 2), Some(0x93 | 0x94 | 0x98 | 0x99 | 0x9c | 0x9d)) =>
            {
                3
            }
            _ => 0,
        };
        if stable > 0 {
            i += stable;
            continue;
        }
        out.push_str(&s[run..i]);
        if c < 0x80 {
            if is_ascii_space(c) {
                end_word(out, &mut word_start);
            }
            i += 1;
        } else if let Some(ascii) = fullwidth_ascii(&b[i..]) {
            // ！ to ～ (U+FF01–U+FF5E, `EF BC 81`–`EF BD 9E`): the ASCII character, which the
            // full-width comma, colon and brackets of Chinese prose make common.
            if keep(&ascii) {
                out.push(ascii);
            }
            i += 3;
        } else {
            let ch = s[i..].chars().next().expect("i is on a char boundary");
            match fast_nfkc(ch) {
                Some(n) => {
                    if ch.is_whitespace() {
                        if stop_at_space {
                            return true;
                        }
                        space = true;
                        end_word(out, &mut word_start);
                    } else if keep(&n) {
                        out.push(n);
                    }
                }
                // Rare characters (compatibility ideographs, circled digits…): the real thing,
                // word by word.
                None => {
                    out.truncate(start);
                    let mut word_start = start;
                    for w in words(s) {
                        out.extend(w.nfkc().filter(keep));
                        end_word(out, &mut word_start);
                    }
                    return s.chars().any(char::is_whitespace);
                }
            }
            i += ch.len_utf8();
        }
        run = i;
    }
    out.push_str(&s[run..]);
    end_word(out, &mut word_start);
    space
}

/// ASCII bytes that normalise to themselves and are kept: printable ASCII other than markup.
/// (The other simple characters, U+4000–U+9FFF, are told by their lead byte, E4–E9.)
static SIMPLE_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = b >= 0x21 && b <= 0x7e && b != b'*' && b != b'#' && b != b'`';
        c += 1;
    }
    t
};

/// The ASCII character a full-width form (U+FF01–U+FF5E) at the start of `b` stands for.
fn fullwidth_ascii(b: &[u8]) -> Option<char> {
    let cp = match *b {
        [0xef, b1 @ (0xbc | 0xbd), b2, ..] => {
            0xf000 | (u32::from(b1 & 0x3f) << 6) | u32::from(b2 & 0x3f)
        }
        _ => return None,
    };
    (0xff01..=0xff5e)
        .contains(&cp)
        .then(|| char::from(u8::try_from(cp - 0xfee0).expect("below 0x7f")))
}

/// NFKC of one character for the ranges report text is made of, where it is a single
/// character: ASCII, CJK ideographs, CJK punctuation, full-width ASCII forms. `None` elsewhere.
fn fast_nfkc(c: char) -> Option<char> {
    match c {
        '\0'..='\u{7f}' => Some(c),
        // CJK Unified Ideographs and Extension A: NFKC-stable.
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => Some(c),
        // 、。〃 〈〉《》「」『』【】〔〕〖〗 and the curly quotes: stable.
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301b}' => Some(c),
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2014}' | '\u{2013}'
        | '\u{00b7}' => Some(c),
        // Full-width ASCII (！ to ～) maps to ASCII; the ideographic space to a space.
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

static PAGE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-－—–]\s*\d{1,4}\s*[-－—–]\s*$").unwrap());
static MD_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$").unwrap());

/// Units a number may carry, longest first.
const UNITS: &[&str] = &[
    "万元", "亿元", "元", "亿", "万", "件", "个", "项", "次", "条", "宗",
];

/// Parses one cell word as a number: optional sign (`-`, `+`, `减`, `增`), digits with optional
/// thousands commas, optional decimals, optional unit. The word must already be normalised
/// (NFKC, no spaces).
pub fn parse_number(w: &str) -> Option<Number> {
    parse_amount(w).map(|a| a.number())
}

/// [`parse_number`] as a token holds it. Hand-written: it runs on every word of every report.
fn parse_amount(w: &str) -> Option<Amount> {
    let (negative, rest) = if let Some(r) = w.strip_prefix(['-', '−']) {
        (true, r)
    } else if let Some(r) = w.strip_prefix('+') {
        (false, r)
    } else if let Some(r) = w.strip_prefix("减少").or_else(|| w.strip_prefix('减')) {
        (true, r)
    } else if let Some(r) = w.strip_prefix("增加").or_else(|| w.strip_prefix('增')) {
        (false, r)
    } else {
        (false, w)
    };
    let body_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let (body, tail) = rest.split_at(body_end);
    let unit = match tail {
        "" => 0,
        t => 1 + UNITS.iter().position(|u| *u == t)? as u8,
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (i, Some(f)),
        Some(_) => return None,
        None => (body, None),
    };
    if int.is_empty() || !int.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    // Commas only as thousands separators: 1,036 but not 10,36 or 1,,0.
    if int.contains(',') {
        let mut groups = int.split(',');
        let head = groups.next()?;
        if head.is_empty() || head.len() > 3 || !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    // Plain counts, nearly every cell: no text to build.
    if frac.is_none() && int.len() <= 18 && int.bytes().all(|b| b.is_ascii_digit()) {
        let v: i64 = int.parse().ok()?;
        return Some(Amount {
            value: Decimal::from(if negative { -v } else { v }),
            unit,
        });
    }
    let digits: String = int.chars().filter(|c| *c != ',').collect();
    let text = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let mut value: Decimal = text.parse().ok()?;
    if negative {
        value = -value;
    }
    Some(Amount { value, unit })
}

/// True for the ways reports write an empty cell.
pub fn is_blank_mark(w: &str) -> bool {
    matches!(
        w,
        "/" | "-" | "—" | "–" | "－" | "——" | "--" | "\\" | "无" | "空" | "&nbsp;" | "\u{a0}"
    )
}

/// Lines up to this many bytes are tokenised while they are normalised: table rows and cells
/// are short lines, prose paragraphs long ones. Tokenising a short line now costs little more
/// than normalising it, and spares scanning it again if it holds a table.
const EARLY_LINE_BYTES: usize = 256;

/// Normalises every line (see [`Tokens::line_norm`]): the pass that finds headings and
/// metadata. Short lines are tokenised on the way; [`Tokens::tokenize_span`] then gives the
/// tokens of the part that holds the tables, tokenising the long lines there.
pub fn normalise_lines(lines: &SourceLines) -> Tokens {
    let mut norm = NormLines::with_capacity(lines.all().len(), lines.len());
    let mut closed_before = Vec::with_capacity(lines.len());
    // Short lines hold a token per four bytes or fewer (`| 0 |`): reserved once, not grown.
    let short_bytes: usize = lines
        .iter()
        .filter(|l| l.len() <= EARLY_LINE_BYTES)
        .map(str::len)
        .sum();
    let mut early = Vec::with_capacity(short_bytes / 4);
    let mut early_of = Vec::with_capacity(lines.len());
    let mut prev_closed = false;
    for (i, line) in lines.iter().enumerate() {
        closed_before.push(prev_closed);
        norm.push_with(|text| {
            if line.len() <= EARLY_LINE_BYTES {
                let first = early.len() as u32;
                let no = (i + 1) as u32;
                let all = Some((&mut early, 0..u32::MAX));
                scan_line(line, no, &mut prev_closed, text, all);
                early_of.push(Some((first, early.len() as u32)));
            } else {
                scan_line(line, 0, &mut prev_closed, text, None);
                early_of.push(None);
            }
        });
    }
    Tokens {
        tokens: Vec::new(),
        line_norm: norm,
        closed_before,
        early,
        early_of,
    }
}

/// Tokenises sanitised lines (line 1 = `lines[0]`), every line.
pub fn tokenize(lines: &[String]) -> Tokenized {
    let lines: SourceLines = lines.iter().collect();
    let mut tokens = normalise_lines(&lines);
    tokens.tokenize_lines(&lines, 0..lines.len());
    Tokenized {
        lines,
        inner: tokens,
    }
}

/// What [`tokenize`] gives: the tokens (as a deref) with the lines they point into.
pub struct Tokenized {
    pub lines: SourceLines,
    inner: Tokens,
}

impl Tokenized {
    pub fn view(&self) -> TokenView<'_> {
        self.inner.view(&self.lines)
    }
}

impl std::ops::Deref for Tokenized {
    type Target = Tokens;

    fn deref(&self) -> &Tokens {
        &self.inner
    }
}

impl Tokens {
    /// Makes the tokens of `lines[range]` (0-based line indices); lines outside it have no
    /// tokens, only their normalised text. Runs once, as [`Tokens::tokenize_span`].
    pub fn tokenize_lines(&mut self, lines: &SourceLines, range: std::ops::Range<usize>) {
        let end = (range.end.min(lines.len()), 0);
        self.tokenize_span(lines, (range.start, 0), end);
    }

    /// Appends the tokens from `from` to `to` (exclusive), each a 0-based line and a byte
    /// offset in that line's normalised text: a heading in the middle of a line can bound the
    /// tokens needed, as in one-line layouts where the whole report is one line.
    pub fn tokenize_span(&mut self, lines: &SourceLines, from: (usize, u32), to: (usize, u32)) {
        debug_assert!(self.tokens.is_empty(), "tokenize_span runs once");
        let mut scratch = String::new();
        let last = if to.1 > 0 { to.0 + 1 } else { to.0 };
        self.tokens.reserve(self.early.len());
        for (i, line) in lines.iter().enumerate().take(last).skip(from.0) {
            let lo = if i == from.0 { from.1 } else { 0 };
            let hi = if i == to.0 { to.1 } else { u32::MAX };
            if let Some(&Some((first, end))) = self.early_of.get(i) {
                let made = &self.early[first as usize..end as usize];
                if lo == 0 && hi == u32::MAX {
                    self.tokens.extend_from_slice(made);
                } else {
                    let inside = made.iter().filter(|t| (lo..hi).contains(&t.offset));
                    self.tokens.extend(inside);
                }
                continue;
            }
            let mut prev_closed = self.closed_before[i];
            scratch.clear();
            scan_line(
                line,
                (i + 1) as u32,
                &mut prev_closed,
                &mut scratch,
                Some((&mut self.tokens, lo..hi)),
            );
            debug_assert!(hi < u32::MAX || scratch == self.line_norm[i]);
        }
    }
}

static RULE_DASHES: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("---"));

/// True for a line that may be a PDF page number (`- 5 -`) or a Markdown table rule: the
/// regexes run only on lines that start like one.
fn maybe_marker(trimmed: &str) -> bool {
    const DASHES: [char; 4] = ['-', '－', '—', '–'];
    (trimmed.starts_with(DASHES) && trimmed.ends_with(DASHES))
        || (memchr::memchr(b'-', trimmed.as_bytes()).is_some()
            && RULE_DASHES.find(trimmed.as_bytes()).is_some())
}

/// One line: its normalised text into `line_norm` and, when `tokens` is given, its tokens.
/// `prev_closed` carries across lines whether the previous non-empty line closed its cell
/// with a pipe.
/// With `tokens`, only the tokens whose offset lies in its window are made, and the scan
/// stops at the window's end (`line_norm` is then left short).
fn scan_line(
    line: &str,
    no: u32,
    prev_closed: &mut bool,
    line_norm: &mut String,
    tokens: Option<(&mut Vec<Token>, std::ops::Range<u32>)>,
) {
    // `line_norm` may already hold earlier lines: offsets count from this line's start.
    let base = line_norm.len();
    let (mut tokens, window) = match tokens {
        Some((t, w)) => (Some(t), w),
        None => (None, 0..u32::MAX),
    };
    let at = |line_norm: &String| (line_norm.len() - base) as u32;
    let trimmed = trim(line);
    if trimmed.is_empty() {
        if !line.is_empty() && window.contains(&at(line_norm)) {
            push_blank(tokens, &line_norm[base..], no);
        }
    } else if maybe_marker(trimmed) && (PAGE_MARKER.is_match(line) || MD_RULE.is_match(line)) {
        // page numbers inside PDF tables, Markdown header rules: no content
    } else if trimmed.bytes().all(|c| c == b'|') {
        // In the cell-per-line layout (`4 |` then `|`) a lone `|` is an empty cell; in the
        // alternating layout (`4` then `|`) it only separates cells. What decides is whether
        // the previous non-empty line already closed its cell with a pipe.
        if trimmed.len() == 1 && *prev_closed && window.contains(&at(line_norm)) {
            push_blank(tokens, &line_norm[base..], no);
        }
        *prev_closed = true;
    } else if tokens.is_none() && memchr::memchr(b'|', trimmed.as_bytes()).is_none() {
        // A line of prose, the common case: one piece, usually one word.
        norm_piece(trimmed, line_norm);
        *prev_closed = false;
    } else {
        let cx = WordCx {
            line,
            no,
            base,
            window: window.clone(),
        };
        let mut pieces = split_pipes(trimmed);
        let mut prev_empty = false;
        for i in 0.. {
            let Some(piece) = pieces.next() else { break };
            let this_empty = piece.is_empty();
            let left_empty = std::mem::replace(&mut prev_empty, this_empty);
            let one = trim(piece);
            if one.is_empty() {
                // Whitespace between two single pipes is an empty cell; next to a run of
                // pipes (`| ||||`) it is padding of a collapsed row and says nothing about
                // columns. What follows this piece is `pieces.rest`: none after the last
                // piece, and an empty piece with more after it when it starts with a pipe.
                let interior = i > 0 && pieces.rest.is_some();
                let left_run = i >= 2 && left_empty;
                let right_run = pieces.rest.is_some_and(|r| r.starts_with('|'));
                if interior && !this_empty && !left_run && !right_run {
                    let here = at(line_norm);
                    if here >= window.end {
                        return;
                    }
                    if here >= window.start {
                        push_blank(tokens.as_deref_mut(), &line_norm[base..], no);
                    }
                }
                continue;
            }
            if tokens.is_none() {
                norm_piece(piece, line_norm);
                continue;
            }
            if at(line_norm) >= window.end {
                return;
            }
            // Most pieces are one word: taken whole; one with whitespace inside is split.
            if cx.add(one, line_norm, tokens.as_deref_mut(), true) {
                continue;
            }
            for word in words(piece) {
                if at(line_norm) >= window.end {
                    return;
                }
                cx.add(word, line_norm, tokens.as_deref_mut(), false);
            }
        }
        *prev_closed = trimmed.ends_with('|');
    }
}

/// Where the words of one line go: the line, its number, where its normalised text starts in
/// `line_norm`, and the window of offsets whose tokens are wanted.
struct WordCx<'l> {
    line: &'l str,
    no: u32,
    base: usize,
    window: std::ops::Range<u32>,
}

impl WordCx<'_> {
    /// Appends `word`'s normal form to `line_norm` and, inside the window, its token. With
    /// `whole`, `word` is a whole piece that may hold several words: then it is taken only if
    /// it holds one, and the return value says whether it was (nothing is appended if not).
    fn add(
        &self,
        word: &str,
        line_norm: &mut String,
        tokens: Option<&mut Vec<Token>>,
        whole: bool,
    ) -> bool {
        let offset = line_norm.len();
        // A plain count, most cells: its own normal form, a number, never a blank mark (what
        // the general path would make of it, without its steps).
        if let Some(v) = plain_count(word) {
            line_norm.push_str(word);
            self.count(word, v, offset, tokens);
            return true;
        }
        if !whole {
            norm_into(word, line_norm);
        } else if norm_word(word, line_norm) {
            line_norm.truncate(offset);
            return false;
        }
        self.word(word, offset, line_norm, tokens);
        true
    }

    /// A word that is a plain count `v`, already appended to `line_norm` at `offset`.
    fn count(&self, word: &str, v: i64, offset: usize, tokens: Option<&mut Vec<Token>>) {
        let value = Kind::Value(Amount {
            value: Decimal::from(v),
            unit: 0,
        });
        self.push(value, word, offset..offset + word.len(), tokens);
    }

    /// A word whose normal form was just appended to `line_norm` at `offset`: a blank mark
    /// leaves the text (and is a blank cell), a number is a value, the rest text.
    fn word(
        &self,
        word: &str,
        offset: usize,
        line_norm: &mut String,
        tokens: Option<&mut Vec<Token>>,
    ) {
        let blank = is_blank_mark(&line_norm[offset..]);
        if blank {
            line_norm.truncate(offset);
        }
        if !self.wanted(offset) {
            return;
        }
        let kind = if blank {
            Kind::Blank
        } else if let Some(v) = parse_amount(&line_norm[offset..]) {
            Kind::Value(v)
        } else {
            Kind::Text
        };
        self.push(kind, word, offset..line_norm.len(), tokens);
    }

    /// Whether a word whose normal form starts at `offset` of `line_norm` is in the window.
    fn wanted(&self, offset: usize) -> bool {
        ((offset - self.base) as u32) >= self.window.start
    }

    /// The token of `word` (a slice of the line), whose normal form lies at `norm` in
    /// `line_norm`, if it is in the window and tokens are made.
    fn push(
        &self,
        kind: Kind,
        word: &str,
        norm: std::ops::Range<usize>,
        tokens: Option<&mut Vec<Token>>,
    ) {
        let Some(tokens) = tokens.filter(|_| self.wanted(norm.start)) else {
            return;
        };
        // `word` is a slice of the line: its place is the distance between their starts.
        let raw_start = (word.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize);
        assert!(
            raw_start <= self.line.len() && word.len() <= self.line.len() - raw_start,
            "a token's word is a slice of its line"
        );
        tokens.push(Token {
            kind,
            line: self.no,
            offset: (norm.start - self.base) as u32,
            norm_len: norm.len() as u32,
            raw_start: raw_start as u32,
            raw_len: word.len() as u32,
        });
    }
}

/// `s.trim()`: ASCII whitespace is stepped over byte by byte; the full rule runs only when an
/// end may hold other whitespace (U+00A0, U+3000…).
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (mut start, mut end) = (0, b.len());
    while start < end && is_ascii_space(b[start]) {
        start += 1;
    }
    while end > start && is_ascii_space(b[end - 1]) {
        end -= 1;
    }
    let t = &s[start..end];
    let wide_start = start < end && may_begin_wide_space(b[start]);
    // The last bytes of the non-ASCII whitespace characters: only these can end one.
    let wide_end = start < end
        && matches!(b[end - 1], 0x80..=0x8a | 0x9f | 0xa0 | 0xa8 | 0xa9 | 0xaf)
        && t.chars().next_back().is_some_and(char::is_whitespace);
    if wide_start || wide_end { t.trim() } else { t }
}

/// The ASCII characters `char::is_whitespace` accepts: tab, line feed, U+000B, form feed,
/// carriage return and space.
const fn is_ascii_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// Lead bytes of the non-ASCII whitespace characters (`C2 85`, `C2 A0`, `E1 9A 80`,
/// `E2 80 80`–`E2 81 9F`, `E3 80 80`).
const fn may_begin_wide_space(c: u8) -> bool {
    matches!(c, 0xc2 | 0xe1..=0xe3)
}

/// `s.split('|')`, with a vectorised search for the pipes.
fn split_pipes(s: &str) -> Pipes<'_> {
    Pipes { rest: Some(s) }
}

/// The iterator of [`split_pipes`].
struct Pipes<'a> {
    /// The text after the last piece given, `None` once the last piece was given.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Pipes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let r = self.rest?;
        match memchr::memchr(b'|', r.as_bytes()) {
            Some(p) => {
                self.rest = Some(&r[p + 1..]);
                Some(&r[..p])
            }
            None => {
                self.rest = None;
                Some(r)
            }
        }
    }
}

/// The value of a word of 1–18 ASCII digits (what [`parse_number`] gives it).
fn plain_count(w: &str) -> Option<i64> {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |v, &d| v * 10 + i64::from(d - b'0')))
}

/// `s.split_whitespace()`, faster on CJK text: only characters whose lead byte can begin a
/// whitespace character (ASCII, `C2`, `E1`, `E2`, `E3`) are decoded and tested; ideographs
/// are stepped over by their length.
fn words(s: &str) -> Words<'_> {
    Words { s, i: 0 }
}

/// The iterator of [`words`].
struct Words<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let (s, b) = (self.s, self.s.as_bytes());
        let mut start = None;
        while self.i < b.len() {
            // Inside a word, step to the next byte that can begin whitespace: an ideograph
            // (lead byte E4–E9) at a time, other bytes one table lookup each (continuation
            // bytes never can).
            if start.is_some() {
                while let Some(&c) = b.get(self.i) {
                    if (0xe4..=0xe9).contains(&c) {
                        self.i += 3;
                    } else if !MAY_BEGIN_SPACE[c as usize] {
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                if self.i >= b.len() {
                    break;
                }
            }
            let c = b[self.i];
            let (space, len) = match c {
                ..0x80 => (is_ascii_space(c), 1),
                _ if may_begin_wide_space(c) => {
                    let ch = s[self.i..].chars().next().expect("on a char boundary");
                    (ch.is_whitespace(), ch.len_utf8())
                }
                0xc0..=0xdf => (false, 2),
                0xe0..=0xef => (false, 3),
                _ => (false, 4),
            };
            match (space, start) {
                (true, Some(st)) => {
                    let w = &s[st..self.i];
                    self.i += len;
                    return Some(w);
                }
                (false, None) => start = Some(self.i),
                _ => {}
            }
            self.i += len;
        }
        start.map(|st| &s[st..])
    }
}

/// Bytes that can begin a whitespace character: ASCII whitespace (with U+000B) and the lead
/// bytes `C2`, `E1`, `E2`, `E3`.
static MAY_BEGIN_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = is_ascii_space(b) || may_begin_wide_space(b);
        c += 1;
    }
    t
};

/// The normalised words of one cell's text appended to `line_norm`, blank marks left out:
/// what tokenising it would add to the line's text, without making tokens.
fn norm_piece(piece: &str, line_norm: &mut String) {
    norm_impl(piece, line_norm, true, false);
}

fn push_blank(tokens: Option<&mut Vec<Token>>, line_norm: &str, line: u32) {
    if let Some(tokens) = tokens {
        tokens.push(Token {
            kind: Kind::Blank,
            line,
            offset: line_norm.len() as u32,
            norm_len: 0,
            raw_start: 0,
            raw_len: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a blank cell stands among the pipes, read from what follows each piece, agrees
    /// with reading it from the piece's index and the number of pipes.
    #[test]
    fn blank_cell_neighbours_read_from_the_rest_agree_with_counting_pipes() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20_000 {
            let s: String = (0..rng.random_range(0..12))
                .map(|_| ['|', ' ', 'a'][rng.random_range(0..3)])
                .collect();
            let last = s.matches('|').count();
            let all: Vec<&str> = s.split('|').collect();
            let mut pieces = split_pipes(&s);
            for i in 0..=last {
                assert!(pieces.next().is_some());
                let interior = i > 0 && i < last;
                let right_run = i + 1 < last && all[i + 1].is_empty();
                assert_eq!(interior, i > 0 && pieces.rest.is_some(), "{s:?} {i}");
                assert_eq!(
                    right_run,
                    pieces.rest.is_some_and(|r| r.starts_with('|')),
                    "{s:?} {i}"
                );
            }
            assert!(pieces.next().is_none());
        }
    }

    #[test]
    fn the_fast_trims_and_splits_agree_with_the_standard_ones() {
        let samples = [
            "",
            " ",
            "\t \u{b}",
            "a",
            " 0 ",
            "\u{3000}总计\u{3000}",
            "\u{a0}1\u{a0}",
            "自然人 ",
            " 、一",
            "||",
            "|a||b|",
            "a|",
            "|",
            "\u{2003}x",
            "x\u{205f}",
            "\u{85}",
            "一\u{1680}",
            "\u{b}x\u{c}",
            "（七）总计 | 15 |",
        ];
        for s in samples {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(
                split_pipes(s).collect::<Vec<_>>(),
                s.split('|').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            let s = format!("{c}a{c}");
            assert_eq!(trim(&s), s.trim(), "U+{:04X}", c as u32);
            assert_eq!(
                trim(&c.to_string()).is_empty(),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    fn kinds(text: &str) -> Vec<String> {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let t = tokenize(&lines);
        let view = t.view();
        view.iter()
            .map(|t| match &t.kind {
                Kind::Text => format!("T:{}", view.norm(t)),
                Kind::Value(n) => format!("V:{}", n.value),
                Kind::Blank => "_".to_string(),
            })
            .collect()
    }

    #[test]
    fn numbers_with_units_signs_and_separators() {
        let n = parse_number("60721754元").unwrap();
        assert_eq!(n.value, Decimal::from(60721754));
        assert_eq!(n.unit.as_deref(), Some("元"));
        assert_eq!(parse_number("27.88亿").unwrap().unit.as_deref(), Some("亿"));
        assert_eq!(parse_number("-27").unwrap().value, Decimal::from(-27));
        assert_eq!(parse_number("减4").unwrap().value, Decimal::from(-4));
        assert_eq!(parse_number("增3").unwrap().value, Decimal::from(3));
        assert_eq!(parse_number("1,036").unwrap().value, Decimal::from(1036));
        assert_eq!(parse_number("7.4890").unwrap().value.to_string(), "7.4890");
        assert!(parse_number("1.").is_none());
        assert!(parse_number("2024年").is_none());
        assert!(parse_number("第二十条").is_none());
        assert!(parse_number("10,36").is_none());
        assert!(parse_number("1.2.3").is_none());
        assert!(parse_number("12件").is_some());
        assert!(parse_number("12kg").is_none());
        assert!(parse_number("-").is_none());
        assert!(parse_number("减少12").unwrap().value.is_sign_negative());
    }

    #[test]
    fn the_fast_path_agrees_with_nfkc() {
        let samples =
            "（七）总计：１３，“三安全一稳定”、《条例》【注】 商业　企业 ①②ﬁ ㈠ ⅱ 〇 —— ·";
        for w in samples.split(' ') {
            let slow: String = w
                .nfkc()
                .filter(|c| {
                    !c.is_whitespace() && !matches!(c, '*' | '#' | '`' | '\u{200b}' | '\u{feff}')
                })
                .collect();
            assert_eq!(norm(w), slow, "{w}");
        }
    }

    #[test]
    fn the_byte_level_copy_agrees_with_nfkc_on_real_text() {
        let reference = |w: &str| -> String { w.nfkc().filter(keep).collect() };
        let mut texts: Vec<String> = Vec::new();
        for dir in ["../shared/seeds", "../shared/reports", "samples"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        assert!(!texts.is_empty(), "no text to compare on");
        texts.push("a\u{3000}b\u{a0}c\u{85}d\u{2028}e ㄅ㐀䷀丂龥 ⑴ ﹙1﹚ ｶ ㍿ \u{1c}\u{1f}".into());
        texts.push("a - 无 b —— c ｜ － &nbsp; ⑴ / d".into());
        for t in &texts {
            for line in t.lines() {
                assert_eq!(norm(line), reference(line), "{line}");
                // Word by word with blank marks dropped, as the tokeniser reads a cell.
                let by_words: String = line
                    .split_whitespace()
                    .map(reference)
                    .filter(|w| !is_blank_mark(w))
                    .collect();
                let mut fused = String::new();
                norm_piece(line, &mut fused);
                assert_eq!(fused, by_words, "{line}");
            }
        }
    }

    #[test]
    fn the_byte_level_copy_agrees_with_nfkc_on_every_bmp_character() {
        // Padded so that the character falls at every position of a 16-byte block.
        let pad = "政府a信息bc公开工作年度报告";
        for c in (0..=0xffff).filter_map(char::from_u32) {
            let shift = "x".repeat(c as usize % 17);
            let w = format!("{shift}{pad}{c}{pad}{c}");
            let slow: String = w.nfkc().filter(keep).collect();
            assert_eq!(norm(&w), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn full_width_digits_are_numbers() {
        assert_eq!(kinds("１３"), vec!["V:13"]);
    }

    #[test]
    fn pipe_row_with_explicit_blank_and_collapsed_tail() {
        assert_eq!(
            kinds("行政事业性收费 | 0 | 0 | |"),
            vec!["T:行政事业性收费", "V:0", "V:0", "_"]
        );
        // seed 001: the empty cells are collapsed into one run of pipes: no blanks emitted
        assert_eq!(kinds("(七)总计 | 0 | ||||||||"), vec!["T:(七)总计", "V:0"]);
    }

    #[test]
    fn lone_pipe_is_a_blank_only_after_a_closed_cell() {
        assert_eq!(kinds("4 |\n|\n|\n4 |\n||"), vec!["V:4", "_", "_", "V:4"]);
        assert_eq!(kinds("4\n|\n5\n|"), vec!["V:4", "V:5"]);
    }

    #[test]
    fn whitespace_only_lines_are_blank_cells_and_empty_lines_nothing() {
        assert_eq!(
            kinds("0\n\n0\n\n \n\n行政强制"),
            vec!["V:0", "V:0", "_", "T:行政强制"]
        );
    }

    #[test]
    fn pdf_rows_split_numbers_and_drop_page_markers() {
        assert_eq!(
            kinds("（七）总计 2932 53 0\n- 5 -\n具已获取信息 1"),
            vec![
                "T:(七)总计",
                "V:2932",
                "V:53",
                "V:0",
                "T:具已获取信息",
                "V:1"
            ]
        );
    }

    #[test]
    fn markdown_rules_and_emphasis_are_ignored() {
        assert_eq!(kinds("| **规章** | 0 |\n|---|---|"), vec!["T:规章", "V:0"]);
    }

    #[test]
    fn blank_marks() {
        assert_eq!(
            kinds("a | / | - | — | 无 | -3"),
            vec!["T:a", "_", "_", "_", "_", "V:-3"]
        );
    }

    #[test]
    fn words_split_like_split_whitespace() {
        let ws = [
            "", " ", "\t", "\u{3000}", "\u{a0}", "\u{85}", "\u{2003}", "\u{205f}", "\u{1680}",
            "\u{b}", "\u{1c}",
        ];
        let parts = [
            "政府", "a", "１２", "—", "\u{2010}", "\u{3001}", "\u{e1}", "😀",
        ];
        for (k, w1) in ws.iter().enumerate() {
            for (j, p) in parts.iter().enumerate() {
                let w2 = ws[(k + j) % ws.len()];
                let s = format!("{w1}{p}{w2}{}{w1}x{w2}", parts[(j + k) % parts.len()]);
                assert_eq!(
                    words(&s).collect::<Vec<_>>(),
                    s.split_whitespace().collect::<Vec<_>>(),
                    "{s:?}"
                );
            }
        }
        for c in (0..=0xffff).filter_map(char::from_u32) {
            let s = format!("a{c}b {c}");
            let expected: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(
                words(&s).collect::<Vec<_>>(),
                expected,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn normalised_lines_are_stored_end_to_end() {
        let t = normalise_lines(
            &["a b".to_string(), String::new(), "| 3 |".to_string()]
                .iter()
                .collect(),
        );
        assert_eq!(t.line_norm.len(), 3);
        assert_eq!(t.line_norm.iter().collect::<Vec<_>>(), vec!["ab", "", "3"]);
        assert_eq!(t.line_norm.span(1, 3), "3");
        assert_eq!(t.line_norm.span(2, 2), "");
        assert_eq!(t.line_norm.all(), "ab3");
        assert!(t.tokens.is_empty());
    }

    #[test]
    fn a_span_tokenises_only_between_its_ends() {
        let lines: SourceLines = ["a 1 | 二、b 2 | 五、c 3", "4"].iter().collect();
        let mut t = normalise_lines(&lines);
        let (two, five) = (
            t.line_norm[0].find("二").unwrap(),
            t.line_norm[0].find("五").unwrap(),
        );
        t.tokenize_span(&lines, (0, two as u32), (0, five as u32));
        let view = t.view(&lines);
        let got: Vec<(&str, u32)> = view.iter().map(|k| (view.norm(k), k.offset)).collect();
        assert_eq!(got, vec![("二、b", two as u32), ("2", five as u32 - 1)]);
        // Up to a line start: that line is left out.
        let mut t = normalise_lines(&lines);
        t.tokenize_span(&lines, (0, five as u32), (1, 0));
        let view = t.view(&lines);
        let got: Vec<&str> = view.iter().map(|k| view.norm(k)).collect();
        assert_eq!(got, vec!["五、c", "3"]);
    }

    #[test]
    fn short_lines_tokenised_early_and_long_lines_late_give_the_full_stream() {
        let long = format!("{}2", "甲 ".repeat(200));
        assert!(long.len() > EARLY_LINE_BYTES);
        let raw = [
            "前言 0",
            "二、x 1",
            long.as_str(),
            "| 3 | |",
            "|",
            "五、y 4",
            "5",
        ];
        let lines: SourceLines = raw.iter().collect();
        let full: Vec<String> = raw.iter().map(|l| l.to_string()).collect();
        let everything = tokenize(&full).tokens.clone();
        let mut t = normalise_lines(&lines);
        t.tokenize_span(&lines, (1, 0), (5, 0));
        let kept: Vec<&Token> = everything
            .iter()
            .filter(|k| (2..=5).contains(&k.line))
            .collect();
        assert_eq!(t.tokens.iter().collect::<Vec<_>>(), kept);
        let view = t.view(&lines);
        assert!(view.iter().any(|k| k.line == 3 && view.norm(k) == "2"));
    }

    #[test]
    fn joined_words_are_a_slice_of_the_lines_or_a_copy_with_the_same_text() {
        let lines = vec![
            "前言 | 一 二".to_string(),
            "三 | / | 4".to_string(),
            "五".to_string(),
        ];
        let t = tokenize(&lines);
        let v = t.view();
        for a in 0..v.len() {
            for b in a..=v.len() {
                let want: String = v[a..b].iter().map(|k| v.norm(k)).collect();
                assert_eq!(v.joined_norm(a..b), want, "{a}..{b}");
            }
        }
        assert!(matches!(v.joined_norm(1..5), std::borrow::Cow::Borrowed(_)));
        // Tokens from part of the text only: the words between them are missing, so a copy.
        let lines: SourceLines = lines.iter().collect();
        let mut part = normalise_lines(&lines);
        part.tokenize_span(&lines, (0, 0), (0, "前言".len() as u32));
        let mut later = normalise_lines(&lines);
        later.tokenize_span(&lines, (1, 0), (3, 0));
        let mut gap = part.tokens.clone();
        gap.extend(later.tokens.iter().copied());
        let view = TokenView {
            tokens: &gap,
            norm: &part.line_norm,
            lines: &lines,
        };
        let joined = view.joined_norm(0..gap.len());
        assert_eq!(joined, "前言三4五");
        assert!(matches!(joined, std::borrow::Cow::Owned(_)));
    }

    /// The ranges tokens hold are only right if each tokenised line's normalised text is its
    /// tokens' words end to end, whichever pass made it (short lines early, long ones late):
    /// checked on random documents of table and prose pieces.
    #[test]
    fn every_line_is_its_tokens_words_end_to_end_on_random_documents() {
        use rand::{Rng, SeedableRng};
        let pieces = [
            "总计",
            "0",
            "15",
            "/",
            "—",
            "无",
            "-",
            " ",
            "  ",
            "\u{3000}",
            "\u{a0}",
            "|",
            "| |",
            "||||",
            "１２",
            "（七）",
            "3,036元",
            "约30",
            "①",
            "a b",
            "减少2",
            "&nbsp;",
            "**二、**",
            "\t",
            "政府信息公开",
            "、",
            "1.5万",
            "\u{2003}",
            "ﬁ",
            "Ｎo.",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
        for _ in 0..2000 {
            let lines: Vec<String> = (0..rng.random_range(1..6))
                .map(|_| {
                    // Some lines long enough to be tokenised late.
                    let n = if rng.random_bool(0.2) {
                        150
                    } else {
                        rng.random_range(0..12)
                    };
                    (0..n)
                        .map(|_| pieces[rng.random_range(0..pieces.len())])
                        .collect()
                })
                .collect();
            let t = tokenize(&lines);
            let v = t.view();
            for (i, want) in t.line_norm.iter().enumerate() {
                let got: String = v
                    .iter()
                    .filter(|k| k.line as usize == i + 1)
                    .map(|k| v.norm(k))
                    .collect();
                assert_eq!(got, want, "line {} of {lines:?}", i + 1);
            }
            for k in v.iter() {
                if !matches!(k.kind, Kind::Blank) {
                    assert_eq!(v.norm(k), norm(v.raw(k)), "{lines:?}");
                }
            }
        }
    }

    #[test]
    fn a_token_reads_its_word_as_written_and_normalised() {
        let lines = vec![
            "（七）总计 | １５ |  / | 3,036元 |".to_string(),
            "  Ｎo. 2 ".to_string(),
        ];
        let t = tokenize(&lines);
        let v = t.view();
        let words: Vec<(&str, &str, u32)> =
            v.iter().map(|k| (v.raw(k), v.norm(k), k.line)).collect();
        assert_eq!(
            words,
            [
                ("（七）总计", "(七)总计", 1),
                ("１５", "15", 1),
                ("/", "", 1),
                ("3,036元", "3,036元", 1),
                ("Ｎo.", "No.", 2),
                ("2", "2", 2),
            ]
        );
        assert!(matches!(v[2].kind, Kind::Blank));
        let Kind::Value(amount) = v[3].kind else {
            panic!("{:?}", v[3].kind)
        };
        assert_eq!(amount.number(), parse_number("3,036元").unwrap());
        assert_eq!(amount.unit(), Some("元"));
        assert!(
            std::mem::size_of::<Token>() <= 48,
            "a token is a few integers"
        );
    }

    #[test]
    fn offsets_index_the_normalised_line() {
        let lines = vec!["一、总体 情况 | 3".to_string()];
        let t = tokenize(&lines);
        assert_eq!(&t.line_norm[0], "一、总体情况3");
        assert_eq!(t.tokens[2].offset, "一、总体情况".len() as u32);
        assert_eq!(t.index_at(1, "一、总体情况".len() as u32), 2);
    }
}
