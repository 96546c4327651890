//! Bytes to text: BOMs, UTF-8, and the GB18030/GBK files many offices still produce.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The text of a file and the encoding it was read as. Valid UTF-8 without carriage returns,
/// nearly every file, is borrowed from the bytes as it is.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub lossy: bool,
}

/// Decodes a report file. Order: BOM, then strict UTF-8, then a statistical guess
/// (chardetng, restricted to Chinese encodings), then GB18030 as the last resort.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text, enc, had_errors);
    }
    // Nearly every file is UTF-8: validate it with SIMD (several times faster than std's
    // check on CJK text, where every character is multi-byte).
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return finish(Cow::Borrowed(s), UTF_8, false);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), true);
    // Reports are Chinese: a guess outside UTF-8/GBK/GB18030/Big5 is a detector accident.
    let enc = if guess == UTF_8 || guess.name() == "Big5" {
        guess
    } else {
        GB18030
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    finish(text, enc, had_errors)
}

/// Decodes an HTML page: BOM, then the `<meta charset>` / `content="…charset=…"` declaration in
/// the first 2 KB, then the same guess as plain text.
pub fn decode_html(bytes: &[u8]) -> Decoded<'_> {
    if Encoding::for_bom(bytes).is_none() {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
        if let Some(p) = head.find("charset=") {
            let label: String = head[p + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                return finish(text, enc, had_errors);
            }
        }
    }
    decode(bytes)
}

fn finish<'a>(text: Cow<'a, str>, enc: &'static Encoding, lossy: bool) -> Decoded<'a> {
    Decoded {
        text: if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            text
        },
        encoding: enc.name(),
        lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode("\u{feff}一、总体情况\r\n二\r\n".as_bytes());
        assert_eq!(d.text, "一、总体情况\n二\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn html_meta_charset_wins() {
        let (bytes, _, _) = GB18030.encode("<meta charset=\"gbk\"><p>总计</p>");
        let d = decode_html(&bytes);
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.contains("总计"));
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) =
            GB18030.encode("三、收到和处理政府信息公开申请情况\n（七）总计 | 13 |\n");
        let d = decode(&bytes);
        assert!(d.text.contains("（七）总计"), "{}", d.text);
        assert!(!d.lossy);
    }
}
