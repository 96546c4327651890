//! JSON string contents written byte for byte as serde_json writes them, C1 controls escaped.
//!
//! `check --format json` writes ~28 kB of strings per report on a real-shaped inbox, nearly all
//! CJK or ASCII text that needs no escaping. serde_json tests each byte against its escape table,
//! and [`crate::sanitize::escape_c1_in_json`] then scanned the whole output once more for the C1
//! controls serde_json leaves raw (a terminal showing the JSON would obey a raw U+009B as CSI).
//! Here one pass does both: blocks of bytes that hold no byte that may need escaping are copied
//! whole (a loop without early exit, which the compiler vectorises), and only the blocks that do
//! are looked at byte by byte. The output equals serde_json's followed by `escape_c1_in_json`
//! (the tests compare them on every control character, quotes, backslash, C1, bidi, CJK, emoji
//! and random strings).

use std::fmt;

/// Bytes looked at together: a block without a candidate byte is copied with the next one.
const BLOCK: usize = 16;

/// Whether `b` may need escaping: a C0 control, `"`, `\`, or `C2`, the first byte of the C1
/// controls U+0080–U+009F (and of U+00A0–U+00BF, such as `·`, which are copied as they are).
/// (`|`, not `||`: without branches the block test is vectorised.)
#[inline(always)]
pub(super) fn candidate(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\') | (b == 0xc2)
}

/// Appends `s` as a quoted JSON string.
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    push_contents(out, s);
    out.push(b'"');
}

/// Appends `s` escaped as the contents of a JSON string (without the quotes).
pub(crate) fn push_contents(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    // `b[run..]` is waiting to be copied.
    let mut run = 0;
    let mut at = 0;
    while at < b.len() {
        // Each block says at once where its candidate bytes are, so the bytes between them are
        // never looked at one by one: a message's `·` (`C2 B7`) or a short key costs a test,
        // not a walk. The last, shorter block is padded with a byte that is no candidate.
        let mut mask = match b[at..].first_chunk::<BLOCK>() {
            Some(block) => candidates(block),
            None => {
                let mut last = [b'a'; BLOCK];
                last[..b.len() - at].copy_from_slice(&b[at..]);
                candidates(&last)
            }
        };
        while mask != 0 {
            let i = at + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let x = b[i];
            // The C1 controls are `C2 80`–`C2 9F`; `C2` is never a continuation byte, and a
            // block may end between `C2` and the byte that says whether it is one.
            let c1 = x == 0xc2 && matches!(b.get(i + 1), Some(0x80..=0x9f));
            if x == 0xc2 && !c1 {
                continue;
            }
            out.extend_from_slice(&b[run..i]);
            match x {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x09 => out.extend_from_slice(b"\\t"),
                0x0a => out.extend_from_slice(b"\\n"),
                0x0c => out.extend_from_slice(b"\\f"),
                0x0d => out.extend_from_slice(b"\\r"),
                _ => {
                    // `\u00XX` in lower-case hex, as serde_json and `escape_c1_in_json` write it.
                    let code = if c1 { b[i + 1] } else { x };
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(code >> 4)]);
                    out.push(HEX[usize::from(code & 0xf)]);
                }
            }
            // A C1 control's second byte (`80`–`9F`) is no candidate: it is skipped with `run`.
            run = i + if c1 { 2 } else { 1 };
        }
        at += BLOCK;
    }
    out.extend_from_slice(&b[run..]);
}

/// Bit `k` set where `block[k]` is a [`candidate`]: four byte compares and a byte mask. SSE2 is
/// part of every x86-64 processor; written as a plain loop, the compiler made ~100 instructions
/// of it, and this test runs on every 16 bytes `check --format json` writes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn candidates(block: &[u8; BLOCK]) -> u16 {
    // SAFETY: SSE2 is part of x86-64, so every processor this is built for has it.
    unsafe { candidates_sse2(block) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn candidates_sse2(block: &[u8; BLOCK]) -> u16 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: `block` is 16 readable bytes, and an unaligned load asks for nothing more.
    let v = unsafe { _mm_loadu_si128(block.as_ptr().cast()) };
    let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
    // `x <= 0x1f` as unsigned bytes: min(x, 0x1f) == x.
    let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
    let any = _mm_or_si128(
        _mm_or_si128(control, is(b'"')),
        _mm_or_si128(is(b'\\'), is(0xc2)),
    );
    _mm_movemask_epi8(any) as u16
}

/// [`candidates`] for other processors.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn candidates(block: &[u8; BLOCK]) -> u16 {
    candidates_by_byte(block)
}

/// Bit `k` set where `block[k]` is a [`candidate`], byte by byte: what [`candidates`] computes.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn candidates_by_byte(block: &[u8; BLOCK]) -> u16 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (k, &x)| mask | (u16::from(candidate(x)) << k))
}

/// A [`fmt::Write`] that appends what is written to it as JSON string contents, so words
/// rendered by `write!` (a finding's message) go straight into the output.
pub(crate) struct Contents<'a>(pub &'a mut Vec<u8>);

impl fmt::Write for Contents<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_contents(self.0, s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// What the JSON printers wrote before: serde_json, then the C1 pass over its output.
    fn serde(s: &str) -> Vec<u8> {
        crate::sanitize::escape_c1_in_json(serde_json::to_vec(s).unwrap())
    }

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        push_str(&mut out, s);
        out
    }

    #[track_caller]
    fn same(s: &str) {
        assert_eq!(
            String::from_utf8(ours(s)).unwrap(),
            String::from_utf8(serde(s)).unwrap(),
            "for {s:?}"
        );
    }

    #[test]
    fn every_control_character_is_escaped_as_serde_json_and_the_c1_pass_escape_it() {
        for c in (0..0x20u32).chain(0x7f..0xa0) {
            let c = char::from_u32(c).unwrap();
            same(&c.to_string());
            same(&format!("表三{c}总计"));
            // Where a block of 16 bytes ends, and one past it.
            same(&format!("{}{c}{}", "a".repeat(15), "b".repeat(20)));
            same(&format!("{}{c}{}", "a".repeat(16), "b".repeat(20)));
            same(&format!("{}{c}", "a".repeat(14)));
        }
    }

    #[test]
    fn quotes_backslashes_and_text_that_needs_nothing_come_out_as_serde_json_writes_them() {
        for s in [
            "",
            "\"",
            "\\",
            r#"written "/", not a number"#,
            r"C:\报告\2020.txt",
            "表三 （三）不予公开·1.属于国家秘密 · 科研机构: 空白（无数据应填 0） / blank (a true zero is written 0)",
            "·¡¿ÀÿĀ€",
            "bidi \u{202e}override\u{202c} \u{2066}isolate\u{2069} \u{200e}\u{200f}",
            "emoji 📄🇨🇳 and 𠀀",
            "\u{1b}[31mred\u{1b}[0m \u{9b}31m",
            "\u{c2}\u{80}",
        ] {
            same(s);
        }
    }

    #[test]
    fn random_strings_of_awkward_characters_come_out_as_serde_json_writes_them() {
        let alphabet: Vec<char> = (0..0x24u32)
            .chain(0x5a..0x60)
            .chain(0x7e..0xc4)
            .chain([0x4e00, 0x3001, 0x202e, 0x2066, 0xfeff, 0x1f4c4, 0x20000])
            .filter_map(char::from_u32)
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        for _ in 0..20_000 {
            let len = rng.random_range(0..70);
            let s: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            same(&s);
        }
    }

    #[test]
    fn every_byte_in_every_place_of_a_block_is_told_a_candidate_as_byte_by_byte() {
        for x in 0..=u8::MAX {
            for k in 0..BLOCK {
                let mut block = [b'a'; BLOCK];
                block[k] = x;
                // And beside a byte of every other kind.
                block[(k + 1) % BLOCK] = x.wrapping_add(0x80);
                assert_eq!(
                    candidates(&block),
                    candidates_by_byte(&block),
                    "{x:#x} at {k}"
                );
            }
        }
        assert_eq!(candidates(&[b'a'; BLOCK]), 0);
        assert_eq!(candidates(&[b'"'; BLOCK]), u16::MAX);
    }

    #[test]
    fn words_written_in_pieces_read_as_the_whole_string() {
        use std::fmt::Write;
        let mut out = Vec::new();
        let raw = "\u{85}x\"/";
        write!(Contents(&mut out), "填写为「{raw}」 / written {raw:?}").unwrap();
        let whole = format!("填写为「{raw}」 / written {raw:?}");
        assert_eq!([b"\"".as_slice(), &out, b"\""].concat(), serde(&whole));
    }
}
