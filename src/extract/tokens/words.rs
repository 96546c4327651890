//! Splitting a line: trimming, cutting at pipes, and words. `str::trim` and `split_whitespace`
//! with the same results, faster on CJK text, where they run on every line (see the tests that
//! compare them with the standard ones).

/// `s.trim()`: ASCII whitespace is stepped over byte by byte; the full rule runs only when an
/// end holds other whitespace (U+00A0, U+3000…), which its bytes tell without decoding it
/// (most lines begin with an ideograph or `【` and end with `。`: nothing to decode).
///
/// Most lines and cells have nothing to trim: their first and last bytes tell it, inline,
/// before the general steps (a call per line and per cell, the most frequent in tokenising):
/// always inlined, as the compiler left it a call of its own, which cost as much as the test.
/// A wide space is looked for at an end only when its byte there can be one's first or last.
#[inline(always)]
pub(super) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return s;
    };
    if !is_ascii_space(first)
        && !is_ascii_space(last)
        && (!may_begin_wide_space(first) || !begins_wide_space(b))
        && (!may_end_wide_space(last) || !ends_wide_space(b))
    {
        return s;
    }
    trim_ends(s)
}

/// [`trim`] of a cell's text between pipes. Cells are most often padded by one space on each
/// side (`| 12 |`, and `340 |` in the cell-per-line layout), which would send [`trim`] down its
/// general steps, a call: a space at each end is stripped first, so that what is left (`12`, or
/// nothing) is answered by `trim`'s inline test. Stripping whitespace before trimming changes
/// nothing: trimming removes it anyway.
#[inline(always)]
pub(super) fn trim_cell(s: &str) -> &str {
    let s = s.strip_prefix(' ').unwrap_or(s);
    trim(s.strip_suffix(' ').unwrap_or(s))
}

/// [`trim`] of a text that may have something to trim. The no-break space (U+00A0) and the
/// ideographic space (U+3000), the wide spaces of report text (cells padded as `\u{a0}36`),
/// are stepped over by their bytes with the ASCII ones; only other wide spaces are left to
/// the full rule.
#[inline(never)]
fn trim_ends(s: &str) -> &str {
    const NBSP: &[u8] = "\u{a0}".as_bytes();
    const IDEOGRAPHIC: &[u8] = "\u{3000}".as_bytes();
    let b = s.as_bytes();
    let (mut start, mut end) = (0, b.len());
    loop {
        let rest = &b[start..end];
        match rest.first() {
            Some(&c) if is_ascii_space(c) => start += 1,
            Some(0xc2) if rest.starts_with(NBSP) => start += NBSP.len(),
            Some(0xe3) if rest.starts_with(IDEOGRAPHIC) => start += IDEOGRAPHIC.len(),
            _ => break,
        }
    }
    loop {
        let rest = &b[start..end];
        match rest.last() {
            Some(&c) if is_ascii_space(c) => end -= 1,
            Some(0xa0) if rest.ends_with(NBSP) => end -= NBSP.len(),
            Some(0x80) if rest.ends_with(IDEOGRAPHIC) => end -= IDEOGRAPHIC.len(),
            _ => break,
        }
    }
    let t = &s[start..end];
    if begins_wide_space(t.as_bytes()) || ends_wide_space(t.as_bytes()) {
        t.trim()
    } else {
        t
    }
}

/// Whether `b` begins with a whitespace character beyond ASCII: U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F or U+3000 (all of `char::is_whitespace`'s).
fn begins_wide_space(b: &[u8]) -> bool {
    matches!(
        b,
        [0xc2, 0x85 | 0xa0, ..]
            | [0xe1, 0x9a, 0x80, ..]
            | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
            | [0xe2, 0x81, 0x9f, ..]
            | [0xe3, 0x80, 0x80, ..]
    )
}

/// Whether `b` (valid UTF-8) ends with one of the characters of [`begins_wide_space`].
fn ends_wide_space(b: &[u8]) -> bool {
    matches!(
        b,
        [.., 0xc2, 0x85 | 0xa0]
            | [.., 0xe1, 0x9a, 0x80]
            | [.., 0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf]
            | [.., 0xe2, 0x81, 0x9f]
            | [.., 0xe3, 0x80, 0x80]
    )
}

/// The ASCII characters `char::is_whitespace` accepts: tab, line feed, U+000B, form feed,
/// carriage return and space.
pub(super) const fn is_ascii_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// Last bytes of the non-ASCII whitespace characters (see [`ends_wide_space`]): most lines
/// and cells end with an ideograph or `。`, most of which this turns away without the test.
pub(super) const fn may_end_wide_space(c: u8) -> bool {
    matches!(c, 0x80..=0x8a | 0x9f | 0xa0 | 0xa8 | 0xa9 | 0xaf)
}

/// Lead bytes of the non-ASCII whitespace characters (`C2 85`, `C2 A0`, `E1 9A 80`,
/// `E2 80 80`–`E2 81 9F`, `E3 80 80`).
pub(super) const fn may_begin_wide_space(c: u8) -> bool {
    matches!(c, 0xc2 | 0xe1..=0xe3)
}

/// `s.split('|')`, with a vectorised search for the pipes.
pub(super) fn split_pipes(s: &str) -> Pipes<'_> {
    Pipes { rest: Some(s) }
}

/// The iterator of [`split_pipes`].
pub(super) struct Pipes<'a> {
    /// The text after the last piece given, `None` once the last piece was given.
    pub(super) rest: Option<&'a str>,
}

impl<'a> Iterator for Pipes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let r = self.rest?;
        match find_pipe(r.as_bytes()) {
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

/// The first `|` in `b`. Most of what is searched is a cell of a few bytes (`12 |`, and the
/// empty rest after its pipe): looked at byte by byte, which costs less than the setup of the
/// vectorised search (`memchr`) that longer texts get.
#[inline(always)]
pub(super) fn find_pipe(b: &[u8]) -> Option<usize> {
    if b.len() <= SHORT_PIECE {
        b.iter().position(|&c| c == b'|')
    } else {
        memchr::memchr(b'|', b)
    }
}

/// The longest text [`find_pipe`] searches byte by byte.
const SHORT_PIECE: usize = 16;

/// `s.split_whitespace()`, faster on CJK text: only characters whose lead byte can begin a
/// whitespace character (ASCII, `C2`, `E1`, `E2`, `E3`) are decoded and tested; ideographs
/// are stepped over by their length.
pub(super) fn words(s: &str) -> Words<'_> {
    Words { s, i: 0 }
}

/// The iterator of [`words`].
pub(super) struct Words<'a> {
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
                        self.i = super::normalise::skip_ideographs(b, self.i + 3);
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
