//! Reading a count as a report's prose writes it: Arabic digits (`127`), full-width digits
//! (`１２７`), thousands separators (`3,119`), and Chinese numerals (`三`, `两`, `十二`,
//! `一百二十七`, `三千零五`, `一万二千`).
//!
//! The narrative rules (`super::narrative`) compare these numbers with table cells, so a reading
//! must be exact or absent: a decimal (`27.88`) or a numeral that does not parse as a whole
//! (`十十`) is no count.

/// A whole number found in a text: its value and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    pub value: i64,
    pub start: usize,
    pub end: usize,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The characters of a Chinese numeral.
const CN: [char; 16] = [
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
];

fn is_cn(c: char) -> bool {
    CN.contains(&c)
}

/// True for a character a number may end with: a digit (Arabic or full-width) or a character
/// of a Chinese numeral. Every [`Num`] of [`numbers`] ends with one.
pub(crate) fn is_numeral(c: char) -> bool {
    digit(c).is_some() || is_cn(c)
}

fn is_digit(c: Option<char>) -> bool {
    c.and_then(digit).is_some()
}

/// Every whole number in `s`, in order. A run of digits broken by a decimal point is skipped
/// whole; a comma (ASCII or full-width) inside a digit run is a thousands separator only when
/// exactly three digits follow it.
pub fn numbers(s: &str) -> Vec<Num> {
    let mut out = Vec::new();
    // Byte offsets; `s[i..]` reads ahead without collecting the characters.
    let next = |i: usize| s[i..].chars().next();
    let mut i = 0;
    while let Some(c) = next(i) {
        if digit(c).is_some() {
            let start = i;
            let mut j = i;
            let mut value: i64 = 0;
            let mut ok = true;
            while let Some(c) = next(j) {
                let after = j + c.len_utf8();
                if let Some(d) = digit(c) {
                    value = value.saturating_mul(10).saturating_add(i64::from(d));
                    j = after;
                } else if matches!(c, ',' | '，') && {
                    let mut ahead = s[after..].chars();
                    (0..3).all(|_| is_digit(ahead.next())) && !is_digit(ahead.next())
                } {
                    j = after;
                } else if matches!(c, '.' | '．') && is_digit(next(after)) {
                    ok = false;
                    j = after;
                    while let Some(d) = next(j).filter(|&d| digit(d).is_some()) {
                        j += d.len_utf8();
                    }
                    break;
                } else {
                    break;
                }
            }
            if ok {
                out.push(Num {
                    value,
                    start,
                    end: j,
                });
            }
            i = j;
        } else if is_cn(c) {
            let start = i;
            let mut j = i;
            while let Some(c) = next(j).filter(|&c| is_cn(c)) {
                j += c.len_utf8();
            }
            if let Some(value) = chinese(&s[start..j]) {
                out.push(Num {
                    value,
                    start,
                    end: j,
                });
            }
            i = j;
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// The value of a Chinese numeral (`一百二十七` = 127, `十二` = 12, `两` = 2, `三千零五` = 3005,
/// `一万二千` = 12000), or `None` when the characters do not form one.
pub fn chinese(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0; // completed 万 groups
    let mut section: i64 = 0; // below 万
    let mut pending: Option<i64> = None; // a digit waiting for its unit
    let mut last_unit = i64::MAX; // units must fall within a 万 group
    let mut zero_ok = false;
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            if d == 0 {
                if !zero_ok && (section > 0 || total > 0) {
                    return None;
                }
                zero_ok = false;
                if pending.is_some() {
                    return None;
                }
                continue;
            }
            if pending.is_some() {
                return None;
            }
            pending = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let group = section + pending.take().unwrap_or(0);
                if group == 0 || total > 0 {
                    return None;
                }
                total = group * 10_000;
                section = 0;
                last_unit = i64::MAX;
                zero_ok = true;
                continue;
            }
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        // `十二` starts with a bare 十: one ten.
        let n = match pending.take() {
            Some(n) => n,
            None if unit == 10 => 1,
            None => return None,
        };
        section += n * unit;
        last_unit = unit;
        zero_ok = true;
    }
    let value = total + section + pending.unwrap_or(0);
    // A lone 零 is 0; anything else reading 0 is not a numeral.
    (value > 0 || s == "零" || s == "〇").then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<i64> {
        numbers(s).into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn arabic_full_width_and_separated_digits_read_as_whole_numbers() {
        assert_eq!(values("受理申请120件"), vec![120]);
        assert_eq!(values("受理申请１２件"), vec![12]);
        assert_eq!(values("共3,119件"), vec![3119]);
        assert_eq!(values("共3，119件"), vec![3119]);
        assert_eq!(values("共 3119 件"), vec![3119]);
    }

    #[test]
    fn a_comma_not_followed_by_three_digits_separates_two_numbers() {
        assert_eq!(values("12,3件"), vec![12, 3]);
        assert_eq!(values("12,3456"), vec![12, 3456]);
    }

    #[test]
    fn a_decimal_is_no_count() {
        assert_eq!(values("27.88亿和5件"), vec![5]);
    }

    #[test]
    fn chinese_numerals_read_in_every_common_form() {
        for (s, v) in [
            ("三", 3),
            ("两", 2),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("一百二十七", 127),
            ("一百零五", 105),
            ("三千零五", 3005),
            ("一万二千", 12000),
            ("零", 0),
        ] {
            assert_eq!(chinese(s), Some(v), "{s}");
        }
        assert_eq!(values("收到申请一百二十七件"), vec![127]);
    }

    #[test]
    fn characters_that_do_not_form_a_numeral_are_not_read() {
        for s in ["十十", "百", "二三", "千百", "万"] {
            assert_eq!(chinese(s), None, "{s}");
        }
    }
}
