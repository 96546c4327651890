//! Make untrusted report text safe to show in a terminal.
//!
//! Reports come from the web and from submitters: they may hold ANSI escape sequences, C0/C1
//! control characters or bidi overrides that would move the cursor, change colours or hide text.
//! Every string taken from a report passes through [`clean`] before it is stored in a model,
//! and every string that leaves gouji goes through here once more on its way out: file names
//! and error texts shown on a terminal or written to CSV through [`clean`], JSON through
//! [`escape_c1_in_json`] (serde_json leaves C1 controls raw, and a terminal showing the JSON
//! would obey a raw U+009B as CSI).

/// Removes escape sequences (CSI, OSC, and lone ESC), C0 and C1 controls (tabs become a space),
/// and bidi control characters. Newlines are removed too: callers pass single lines.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    clean_into(s, &mut out);
    out
}

/// [`clean`], appending to `out`.
pub fn clean_into(s: &str, out: &mut String) {
    if !needs_work_bytes(s.as_bytes()) {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI and OSC introducers take parameters like their ESC forms.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' => skip_string(&mut chars),
            '\t' => out.push(' '),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
}

/// Escapes the C1 controls U+0080–U+009F of serialised JSON as `\u0080`–`\u009f`; the JSON
/// means the same. Only inside strings can they occur (serde_json's own structure is ASCII),
/// and in UTF-8 each is the two bytes `C2 80`–`C2 9F`, `C2` never being a continuation byte;
/// so a byte replacement over the whole output is exact.
pub fn escape_c1_in_json(json: Vec<u8>) -> Vec<u8> {
    let c1_at = |b: &[u8], i: usize| b[i] == 0xc2 && matches!(b.get(i + 1), Some(0x80..=0x9f));
    if !memchr::memchr_iter(0xc2, &json).any(|i| c1_at(&json, i)) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 16);
    let mut i = 0;
    while i < json.len() {
        if c1_at(&json, i) {
            out.extend_from_slice(format!("\\u{:04x}", json[i + 1]).as_bytes());
            i += 2;
        } else {
            out.push(json[i]);
            i += 1;
        }
    }
    out
}

/// Whether [`clean`] would leave every line of `text` as it is: nothing to remove but the line
/// breaks themselves. One scan of a whole report, so that most reports skip the per-line test.
pub fn lines_are_clean(text: &str) -> bool {
    !scan_needs_work(text.as_bytes(), true)
}

/// Whether `b` (UTF-8) holds a character [`clean`] changes: C0 controls (tab and ESC among
/// them), DEL, C1 controls (`C2 80`–`C2 9F`) or a bidi control (`E2 80 8E/8F/AA–AE`,
/// `E2 81 A6–A9`). A byte scan: every line of every report goes through it.
fn needs_work_bytes(b: &[u8]) -> bool {
    scan_needs_work(b, false)
}

/// [`needs_work_bytes`], with line feeds allowed or not. Two passes, each cheap on report
/// text: the C0 controls and DEL are single bytes, looked for block by block with a loop
/// without early exit (which the compiler vectorises); the C1 and bidi controls begin with
/// `C2` or `E2`, found by memchr and told by the bytes after them. (`E2` also begins the
/// curly quotes and dashes of Chinese prose, a few in every line: testing only those places
/// costs less than testing each block that holds one byte by byte.)
fn scan_needs_work(b: &[u8], newline_ok: bool) -> bool {
    let control = if newline_ok {
        has_control::<true>(b)
    } else {
        has_control::<false>(b)
    };
    control
        || memchr::memchr2_iter(0xc2, 0xe2, b).any(|i| match b[i] {
            0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
            _ => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ),
        })
}

/// Whether `b` holds a C0 control (a line feed only unless `NEWLINE_OK`) or DEL. Blocks of a
/// fixed size, each folded with `|` into one byte without early exit: the compiler turns a
/// block into a few vector compares (about a third of the instructions of testing byte by
/// byte or of blocks whose size it does not know), and the first block with one ends the scan.
fn has_control<const NEWLINE_OK: bool>(b: &[u8]) -> bool {
    let control = |c: u8| ((c < 0x20) & !(NEWLINE_OK & (c == b'\n'))) | (c == 0x7f);
    let (blocks, rest) = b.as_chunks::<256>();
    blocks
        .iter()
        .any(|block| block.iter().fold(0u8, |any, &c| any | u8::from(control(c))) != 0)
        || rest.iter().any(|&c| control(c))
}

fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in 0x40..=0x7e.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/...: up to BEL or ST (ESC \).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, escape_c1_in_json, is_control, lines_are_clean, needs_work_bytes};

    #[test]
    fn json_carries_c1_controls_escaped_and_means_the_same() {
        let name = "r\u{1b}]0;x\u{7}\u{9b}2J\u{85}é报.txt";
        let raw = serde_json::to_vec(&serde_json::json!({ "path": name })).unwrap();
        let safe = escape_c1_in_json(raw);
        let text = String::from_utf8(safe.clone()).unwrap();
        assert_eq!(text, r#"{"path":"r\u001b]0;x\u0007\u009b2J\u0085é报.txt"}"#);
        let back: serde_json::Value = serde_json::from_slice(&safe).unwrap();
        assert_eq!(back["path"], name);
        let plain = r#"{"a":"é报"}"#.as_bytes().to_vec();
        assert_eq!(escape_c1_in_json(plain.clone()), plain);
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(clean("（七）总计 | 13 |"), "（七）总计 | 13 |");
    }

    #[test]
    fn escape_sequences_are_removed() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\link"), "xlink");
        assert_eq!(clean("\u{9b}2Jz"), "z");
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        assert_eq!(clean("a\u{0}b\u{8}c\rd\u{202e}e"), "abcde");
        assert_eq!(clean("a\tb"), "a b");
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_clean_removes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("{}{c}b", "报告a".repeat(c as usize % 40));
            let expected = c == '\u{1b}' || c == '\t' || is_control(c);
            assert_eq!(
                needs_work_bytes(s.as_bytes()),
                expected,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn whole_texts_are_clean_exactly_when_every_line_is() {
        for c in (0..=0x10ffff).step_by(7).filter_map(char::from_u32) {
            let text = format!("{}\n{c}b\n", "报告a".repeat(c as usize % 40));
            let each = text.lines().all(|l| clean(l) == l);
            assert_eq!(lines_are_clean(&text), each, "U+{:04X}", c as u32);
        }
        assert!(lines_are_clean("一\n\n二\n"));
        assert!(!lines_are_clean("一\r\n二"));
    }
}
