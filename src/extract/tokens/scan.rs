//! Scanning one line: its normalised text and, when asked, its tokens (label text, values,
//! blank cells). Knows the line layouts (cells between pipes, a cell per line, PDF rows split
//! by spaces) and what is no content (page numbers, Markdown rules).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::normalise::{is_own_norm, norm_into, norm_piece, norm_word};
use super::number::{is_blank_mark, parse_amount, plain_count};
use super::words::{split_pipes, trim, trim_cell, words};
use super::{Amount, Kind, Token};

static PAGE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-－—–]\s*\d{1,4}\s*[-－—–]\s*$").unwrap());
static MD_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$").unwrap());

static RULE_DASHES: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("---"));

/// True for a line that may be a PDF page number (`- 5 -`) or a Markdown table rule: the
/// regexes run only on lines that start like one. A page number begins and ends with a dash; a
/// rule begins with `|`, `:` or `-` (what `MD_RULE` allows before its first `---`) and holds
/// `---`. Asking the first byte before searching the line for dashes spares the search on
/// nearly every line.
fn maybe_marker(trimmed: &str) -> bool {
    const DASHES: [char; 4] = ['-', '－', '—', '–'];
    // A dash begins with `-`, `EF` (－) or `E2` (— –): the first byte turns away most lines
    // without decoding their first character.
    let first = trimmed.as_bytes().first();
    (matches!(first, Some(b'-' | 0xef | 0xe2))
        && trimmed.starts_with(DASHES)
        && trimmed.ends_with(DASHES))
        || (matches!(first, Some(b'|' | b':' | b'-'))
            && memchr::memchr(b'-', trimmed.as_bytes()).is_some()
            && RULE_DASHES.find(trimmed.as_bytes()).is_some())
}

/// One line: its normalised text into `line_norm` and, when `tokens` is given, its tokens.
/// `prev_closed` carries across lines whether the previous non-empty line closed its cell
/// with a pipe.
/// With `tokens`, only the tokens whose offset lies in `window` are made, and the scan stops
/// at the window's end (`line_norm` is then left short). The window is an argument of its own
/// rather than paired with `tokens` in one option, which the call passed through memory.
pub(super) fn scan_line(
    line: &str,
    no: u32,
    prev_closed: &mut bool,
    line_norm: &mut String,
    tokens: Option<&mut Vec<Token>>,
    window: std::ops::Range<u32>,
) {
    // `line_norm` may already hold earlier lines: offsets count from this line's start.
    let base = line_norm.len();
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
            window,
        };
        if cx.scan_cells(trimmed, line_norm, tokens) {
            *prev_closed = trimmed.ends_with('|');
        }
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
    /// The cells of a line with pipes (or any line when tokens are made), `trimmed` being the
    /// line trimmed. Returns false when it stopped at the end of the window.
    fn scan_cells(
        &self,
        trimmed: &str,
        line_norm: &mut String,
        mut tokens: Option<&mut Vec<Token>>,
    ) -> bool {
        let mut pieces = split_pipes(trimmed);
        let mut prev_empty = false;
        for i in 0.. {
            let Some(piece) = pieces.next() else { break };
            let this_empty = piece.is_empty();
            let left_empty = std::mem::replace(&mut prev_empty, this_empty);
            // A line without pipes is one piece, `trimmed` itself: trimmed already.
            let one = if i == 0 && pieces.rest.is_none() {
                piece
            } else {
                trim_cell(piece)
            };
            if one.is_empty() {
                // Whitespace between two single pipes is an empty cell; next to a run of
                // pipes (`| ||||`) it is padding of a collapsed row and says nothing about
                // columns. What follows this piece is `pieces.rest`: none after the last
                // piece, and an empty piece with more after it when it starts with a pipe.
                let interior = i > 0 && pieces.rest.is_some();
                let left_run = i >= 2 && left_empty;
                let right_run = pieces.rest.is_some_and(|r| r.starts_with('|'));
                if interior && !this_empty && !left_run && !right_run {
                    let here = self.at(line_norm);
                    if here >= self.window.end {
                        return false;
                    }
                    if here >= self.window.start {
                        push_blank(tokens.as_deref_mut(), &line_norm[self.base..], self.no);
                    }
                }
                continue;
            }
            if tokens.is_none() {
                norm_piece(piece, line_norm);
                continue;
            }
            if self.at(line_norm) >= self.window.end {
                return false;
            }
            // Most pieces are one word: taken whole; one with whitespace inside is split.
            if self.add_piece(one, line_norm, tokens.as_deref_mut()) {
                continue;
            }
            for word in words(piece) {
                if self.at(line_norm) >= self.window.end {
                    return false;
                }
                self.add_word(word, line_norm, tokens.as_deref_mut());
            }
        }
        true
    }

    /// The offset the next word would have, from the line's start.
    fn at(&self, line_norm: &str) -> u32 {
        (line_norm.len() - self.base) as u32
    }

    /// Appends the normal form of `piece` (a whole cell) to `line_norm` and, inside the window,
    /// its token, if it is one word; returns false, appending nothing, if it holds several.
    fn add_piece(
        &self,
        piece: &str,
        line_norm: &mut String,
        tokens: Option<&mut Vec<Token>>,
    ) -> bool {
        let offset = line_norm.len();
        // A plain count, most cells: its own normal form, a number, never a blank mark (what
        // the general path would make of it, without its steps).
        if let Some(v) = plain_count(piece) {
            line_norm.push_str(piece);
            self.count(piece, v, offset, tokens);
            return true;
        }
        // Most other cells are their own normal form (labels of ideographs, signed numbers):
        // copied as they are, sparing the setup of a normalising pass, which costs more than
        // the copy on such short words.
        if is_own_norm(piece) {
            line_norm.push_str(piece);
            self.word(piece, offset, line_norm, tokens);
            return true;
        }
        if norm_word(piece, line_norm) {
            line_norm.truncate(offset);
            return false;
        }
        self.word(piece, offset, line_norm, tokens);
        true
    }

    /// Appends the normal form of `word` (one word of a piece) to `line_norm` and, inside the
    /// window, its token.
    fn add_word(&self, word: &str, line_norm: &mut String, tokens: Option<&mut Vec<Token>>) {
        let offset = line_norm.len();
        if let Some(v) = plain_count(word) {
            line_norm.push_str(word);
            self.count(word, v, offset, tokens);
            return;
        }
        norm_into(word, line_norm);
        self.word(word, offset, line_norm, tokens);
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

    /// The first-byte test of `maybe_marker` lets through every line the regexes match:
    /// checked on random lines of dashes, pipes, colons, spaces, digits and words.
    #[test]
    fn every_page_number_and_markdown_rule_passes_the_marker_test() {
        use rand::{Rng, SeedableRng};
        let parts = [
            "-", "---", "－", "—", "–", "|", ":", " ", "\u{3000}", "\u{a0}", "\t", "5", "12",
            "总计", "a",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
        let mut markers = 0;
        for _ in 0..100_000 {
            let line: String = (0..rng.random_range(1..8))
                .map(|_| parts[rng.random_range(0..parts.len())])
                .collect();
            if PAGE_MARKER.is_match(&line) || MD_RULE.is_match(&line) {
                markers += 1;
                assert!(maybe_marker(trim(&line)), "{line:?}");
            }
        }
        assert!(markers > 1_000, "the lines hold page numbers and rules");
    }
}
