//! Normalising report text: NFKC, with whitespace and the markup characters Markdown conversions
//! leave behind dropped. Runs over every line of every report, so the characters report text is
//! made of are copied by the byte (see [`is_nfkc_stable`]) and only the rest goes through
//! `unicode-normalization`.

use unicode_normalization::UnicodeNormalization;

use super::number::is_blank_mark;
use super::words::{is_ascii_space, words};

/// NFKC, then drop whitespace and the markup characters Markdown conversions leave behind.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_into(s, &mut out);
    out
}

pub(super) fn keep(c: &char) -> bool {
    !c.is_whitespace() && !matches!(c, '*' | '#' | '`' | '\u{200b}' | '\u{feff}')
}

/// [`norm`] appended to `out`. Runs of bytes that normalise to themselves (ASCII other than
/// whitespace and markup, CJK ideographs U+4000–U+9FFF, the punctuation of Chinese prose) are
/// copied as they are; this is nearly all of a report and what makes normalising every line
/// cheap.
///
/// Returns whether `s` holds whitespace (which is dropped): a caller that must treat words
/// separately learns that it has more than one.
pub fn norm_into(s: &str, out: &mut String) -> bool {
    norm_impl(s, out, Pass::Whole)
}

/// [`norm_into`] for text expected to be one word: stops as soon as it meets whitespace and
/// returns true (what was appended is then incomplete: the caller splits the words).
pub(super) fn norm_word(s: &str, out: &mut String) -> bool {
    norm_impl(s, out, Pass::OneWord)
}

/// The normalised words of one cell's text appended to `line_norm`, blank marks left out:
/// what tokenising it would add to the line's text, without making tokens.
pub(super) fn norm_piece(piece: &str, line_norm: &mut String) {
    norm_impl(piece, line_norm, Pass::WithoutBlankMarks);
}

/// How much of the text one normalising pass takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// All of it.
    Whole,
    /// One word: stop at the first whitespace.
    OneWord,
    /// All of it, leaving out each whitespace-separated word whose normalised form is a blank
    /// mark, as tokenising word by word would.
    WithoutBlankMarks,
}

/// [`norm_into`] as `pass` asks.
fn norm_impl(s: &str, out: &mut String, pass: Pass) -> bool {
    let blank_words = pass == Pass::WithoutBlankMarks;
    let stop_at_space = pass == Pass::OneWord;
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
        // Step over what is copied as it is; the byte found next begins a character.
        i = skip_stable(b, i);
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
            // Punctuation and the rest of the stable set: copied as it is.
            _ => {
                let ch = s[i..].chars().next().expect("i is on a char boundary");
                if is_nfkc_stable(ch) { ch.len_utf8() } else { 0 }
            }
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
                    return norm_by_words(s, out, pass);
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

/// The full NFKC, word by word, for text with a character outside the fast ranges; blank-mark
/// words left out with `Pass::WithoutBlankMarks`.
fn norm_by_words(s: &str, out: &mut String, pass: Pass) -> bool {
    for w in words(s) {
        let word_start = out.len();
        out.extend(w.nfkc().filter(keep));
        if pass == Pass::WithoutBlankMarks && is_blank_mark(&out[word_start..]) {
            out.truncate(word_start);
        }
    }
    s.chars().any(char::is_whitespace)
}

/// Whether `s` is its own normal form by the bytes [`norm_impl`] copies as they are (printable
/// ASCII other than markup, ideographs U+4000–U+9FFF, the marks of [`stable_mark`]) and holds
/// no whitespace: most one-word cells (`许可`, `-27`), whose normal form is then `s` itself
/// without a normalising pass.
pub(super) fn is_own_norm(s: &str) -> bool {
    skip_stable(s.as_bytes(), 0) == s.len()
}

/// Where the run of bytes from `i` that normalise to themselves ends: printable ASCII other
/// than whitespace and markup, U+4000–U+9FFF (part of [`is_nfkc_stable`], told by the lead
/// byte alone), an ideograph (lead byte E4–E9, always followed by two continuation bytes in
/// valid UTF-8) or four at a time, and the marks of [`stable_mark`]. `i` stays on character
/// starts, so the byte found there begins a character.
#[inline(always)]
fn skip_stable(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        if (0xe4..=0xe9).contains(&c) {
            i = skip_ideographs(b, i + 3);
        } else if c < 0x80 && SIMPLE_ASCII[c as usize] {
            i += 1;
        } else if (c == 0xe3 || c == 0xe2) && stable_mark(b, i) {
            i += 3;
        } else {
            break;
        }
    }
    i
}

/// Whether the character at `b[i]` (lead byte E2 or E3) is one of the punctuation marks and
/// dashes of [`is_nfkc_stable`] (、。《》「」【】…, – — ‘ ’ “ ”) or of U+3400–U+3FFF, told by its
/// bytes: Chinese prose has one every few ideographs, and deciding it here instead of by
/// decoding it in [`norm_impl`] spares leaving the run for each.
#[inline(always)]
pub(super) fn stable_mark(b: &[u8], i: usize) -> bool {
    match (b[i], b.get(i + 1), b.get(i + 2)) {
        (0xe3, Some(0x80), Some(&t)) => matches!(t, 0x81..=0x83 | 0x88..=0x91 | 0x94..=0x9b),
        (0xe3, Some(0x90..=0xbf), Some(_)) => true,
        (0xe2, Some(0x80), Some(&t)) => matches!(t, 0x93 | 0x94 | 0x98 | 0x99 | 0x9c | 0x9d),
        _ => false,
    }
}

/// The index after the run of ideographs (lead bytes E4–E9) starting at `i`, `i` on a
/// character start of valid UTF-8, stepped four at a time while four lie ahead: Chinese prose
/// is mostly such runs, and one test of four lead bytes costs about what the one-by-one loop
/// spends on a single ideograph. Stops on the first character of the run that is not one of
/// them (or the end), as stepping one at a time would.
#[inline]
pub(super) fn skip_ideographs(b: &[u8], mut i: usize) -> usize {
    // In valid UTF-8 a lead byte E4–E9 is followed by two continuation bytes, so if the bytes
    // at `i`, `i + 3`, `i + 6` and `i + 9` are all such lead bytes, the 12 bytes are four
    // ideographs and `i + 12` is a character start.
    while let Some(q) = b.get(i..i + 12) {
        if IDEOGRAPH_LEAD[q[0] as usize]
            & IDEOGRAPH_LEAD[q[3] as usize]
            & IDEOGRAPH_LEAD[q[6] as usize]
            & IDEOGRAPH_LEAD[q[9] as usize]
            == 0
        {
            break;
        }
        i += 12;
    }
    while let Some(&c) = b.get(i) {
        if !(0xe4..=0xe9).contains(&c) {
            break;
        }
        i += 3;
    }
    i
}

/// 1 for the lead bytes of U+4000–U+9FFF (E4–E9), 0 for other bytes: ANDed over four lead
/// bytes by [`skip_ideographs`].
static IDEOGRAPH_LEAD: [u8; 256] = {
    let mut t = [0; 256];
    let mut c = 0xe4;
    while c <= 0xe9 {
        t[c] = 1;
        c += 1;
    }
    t
};

/// ASCII bytes that normalise to themselves and are kept: printable ASCII other than markup.
/// (U+4000–U+9FFF are told by their lead byte, E4–E9, and the marks by [`stable_mark`].)
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
        _ if is_nfkc_stable(c) => Some(c),
        // Full-width ASCII (！ to ～) maps to ASCII; the ideographic space to a space.
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The characters beyond ASCII that NFKC leaves as they are and report text is made of: CJK
/// ideographs (Extension A, the hexagrams, the Unified Ideographs: U+3400–U+9FFF), the CJK
/// punctuation 、。〃 〈〉《》「」『』【】〔〕〖〗〘〙〚〛, the dashes – —, the curly quotes and the
/// middle dot. The one list: the byte-level copy and the per-character path both ask it.
pub(crate) fn is_nfkc_stable(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{9fff}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301b}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{00b7}'
    )
}
