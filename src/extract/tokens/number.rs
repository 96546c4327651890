//! Reading a cell word as a number (sign, thousands commas, decimals, unit) or as a blank mark.

use rust_decimal::Decimal;

use super::Amount;
use crate::model::Number;

/// Units a number may carry, longest first.
pub(super) const UNITS: &[&str] = &[
    "万元", "亿元", "元", "亿", "万", "件", "个", "项", "次", "条", "宗",
];

/// Parses one cell word as a number: optional sign (`-`, `+`, `减`, `增`), digits with optional
/// thousands commas, optional decimals, optional unit. The word must already be normalised
/// (NFKC, no spaces).
pub fn parse_number(w: &str) -> Option<Number> {
    parse_amount(w).map(|a| a.number())
}

/// [`parse_number`] as a token holds it. Hand-written: it runs on every word of every report.
#[inline]
pub(super) fn parse_amount(w: &str) -> Option<Amount> {
    if may_be_number(w) {
        read_amount(w)
    } else {
        None
    }
}

/// False for a word [`read_amount`] surely rejects. Most words a report is tokenised into are
/// labels, not numbers: a number begins with a digit or a sign (`-`, `+`, `−` = E2 88 92,
/// `减` = E5 87 8F, `增` = E5 A2 9E), which its first bytes tell, so labels are turned away
/// without the sign prefixes and the unit lookup.
#[inline]
fn may_be_number(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        [b'0'..=b'9' | b'-' | b'+', ..]
            | [0xe2, 0x88, 0x92, ..]
            | [0xe5, 0x87, 0x8f, ..]
            | [0xe5, 0xa2, 0x9e, ..]
    )
}

/// [`parse_amount`] without the first-byte test.
fn read_amount(w: &str) -> Option<Amount> {
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

/// The value of a word of 1–18 ASCII digits (what [`parse_number`] gives it).
pub(super) fn plain_count(w: &str) -> Option<i64> {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |v, &d| v * 10 + i64::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-byte test turns away only words the full reading rejects: checked on random
    /// words of digits, signs, separators, units and other characters.
    #[test]
    fn words_turned_away_by_their_first_byte_are_no_numbers() {
        use rand::{Rng, SeedableRng};
        let parts = [
            "0", "7", "12", ",", ".", "-", "−", "+", "减", "减少", "增", "增加", "元", "万元",
            "件", "年", "总计", "—", "–", "/", "无", "a", "（", "１", "约", "\u{a0}",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
        let mut numbers = 0;
        for _ in 0..50_000 {
            let w: String = (0..rng.random_range(1..5))
                .map(|_| parts[rng.random_range(0..parts.len())])
                .collect();
            let read = read_amount(&w);
            numbers += usize::from(read.is_some());
            assert_eq!(parse_amount(&w), read, "{w:?}");
        }
        assert!(numbers > 1_000, "the words hold numbers of every sign");
    }
}
