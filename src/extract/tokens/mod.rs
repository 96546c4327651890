//! Report text → a flat stream of tokens (label text, values, blank cells) with source lines.
//!
//! Real texts put table cells on their own lines, several to a line between `|`, or all on one
//! physical line; PDF text separates numbers by spaces. The tokenizer hides those differences:
//! later stages see only `Text`, `Value` and `Blank` tokens in reading order, each with the
//! line it came from, and align them to the template by row labels rather than by line counts.

//!
//! In parts: `normalise` (NFKC and dropping), `number` (reading values and blank marks),
//! `words` (trim, pipes, words), `scan` (one line into normalised text and tokens); this file
//! holds the token types and the passes over all lines.

mod normalise;
mod number;
mod scan;
mod words;

use rust_decimal::Decimal;

use crate::model::{Number, SourceLines};

pub(crate) use normalise::is_nfkc_stable;
pub use normalise::{norm, norm_into};
use number::UNITS;
pub use number::{is_blank_mark, parse_number};
use scan::scan_line;

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
/// `number::UNITS`).
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
    /// The tokens from `first` on (see [`Tokens::tokens`]): where the span is made only of
    /// early lines, the early tokens themselves, taken whole rather than copied.
    store: Vec<Token>,
    first: usize,
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
            tokens: self.tokens(),
            norm: &self.line_norm,
            lines,
        }
    }

    /// The tokens of the span tokenised (see [`Tokens::tokenize_span`]).
    pub fn tokens(&self) -> &[Token] {
        &self.store[self.first..]
    }

    /// Index of the first token at or after (`line`, `offset`).
    pub fn index_at(&self, line: u32, offset: u32) -> usize {
        self.tokens()
            .partition_point(|t| (t.line, t.offset) < (line, offset))
    }
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
        if line.is_empty() {
            // A third of a report's lines: no text, no token, and the previous line stays the
            // last non-empty one (what `scan_line` would make of it, without the call).
            norm.push_with(|_| {});
            early_of.push(Some((early.len() as u32, early.len() as u32)));
            continue;
        }
        norm.push_with(|text| {
            if line.len() <= EARLY_LINE_BYTES {
                let first = early.len() as u32;
                let no = (i + 1) as u32;
                let all = 0..u32::MAX;
                scan_line(line, no, &mut prev_closed, text, Some(&mut early), all);
                early_of.push(Some((first, early.len() as u32)));
            } else {
                scan_line(line, 0, &mut prev_closed, text, None, 0..u32::MAX);
                early_of.push(None);
            }
        });
    }
    Tokens {
        store: Vec::new(),
        first: 0,
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
        debug_assert!(self.store.is_empty(), "tokenize_span runs once");
        let last = if to.1 > 0 { to.0 + 1 } else { to.0 };
        if let Some(range) = self.early_range(from.0..last.min(lines.len()), from, to) {
            // Nothing left to scan: the early tokens are the span's, with more before and
            // after it, which stay (`early` would live as long anyway).
            self.store = std::mem::take(&mut self.early);
            self.store.truncate(range.end);
            self.first = range.start;
            return;
        }
        let mut scratch = String::new();
        self.store.reserve(self.early.len());
        // The early tokens of whole lines not yet copied: `early` holds the lines' tokens in
        // line order, so those of consecutive early lines lie end to end there and are copied
        // in one piece (a copy per line, most of them a token or two, cost more than the copy).
        let mut pending = 0..0;
        // By index: skipping lines of an iterator over them would slice each skipped line.
        for i in from.0..last.min(lines.len()) {
            let lo = if i == from.0 { from.1 } else { 0 };
            let hi = if i == to.0 { to.1 } else { u32::MAX };
            if let Some(&Some((first, end))) = self.early_of.get(i) {
                let (first, end) = (first as usize, end as usize);
                if lo == 0 && hi == u32::MAX {
                    if pending.end != first {
                        self.store.extend_from_slice(&self.early[pending]);
                        pending = first..first;
                    }
                    pending.end = end;
                } else {
                    self.store.extend_from_slice(&self.early[pending]);
                    pending = end..end;
                    let made = &self.early[first..end];
                    let inside = made.iter().filter(|t| (lo..hi).contains(&t.offset));
                    self.store.extend(inside);
                }
                continue;
            }
            self.store.extend_from_slice(&self.early[pending]);
            pending = 0..0;
            let line = lines.line(i);
            let mut prev_closed = self.closed_before[i];
            scratch.clear();
            scan_line(
                line,
                (i + 1) as u32,
                &mut prev_closed,
                &mut scratch,
                Some(&mut self.store),
                lo..hi,
            );
            debug_assert!(hi < u32::MAX || scratch == self.line_norm[i]);
        }
        self.store.extend_from_slice(&self.early[pending]);
    }

    /// Where in `early` the tokens from `from` to `to` lie, when every line of `lines` (the
    /// lines they span) was tokenised early. Those of consecutive early lines lie end to end
    /// there, and a line's in the order of their offsets, so the tokens of a part of the first
    /// or the last line are a piece of that line's.
    fn early_range(
        &self,
        lines: std::ops::Range<usize>,
        from: (usize, u32),
        to: (usize, u32),
    ) -> Option<std::ops::Range<usize>> {
        let of = self.early_of.get(lines.clone())?;
        let (&Some(head), &Some(tail)) = (of.first()?, of.last()?) else {
            return None;
        };
        if !of.iter().all(Option::is_some) {
            return None;
        }
        // The first token of early line range `(first, end)` at or after `offset`.
        let at = |(first, end): (u32, u32), offset: u32| {
            let made = &self.early[first as usize..end as usize];
            first as usize + made.partition_point(|t| t.offset < offset)
        };
        let start = at(head, from.1);
        let end = if to.1 > 0 && to.0 + 1 == lines.end {
            at(tail, to.1)
        } else {
            tail.1 as usize
        };
        Some(start..end.max(start))
    }
}

#[cfg(test)]
mod tests;
