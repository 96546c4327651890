//! Tests of `model`.

use super::*;

#[test]
fn source_lines_split_like_lines_and_are_sanitised() {
    let l = SourceLines::sanitised("一、总体情况\n\n（七）总计\u{1b}[31m 15\t|\n末行");
    assert_eq!(l.len(), 4);
    assert_eq!(
        l.iter().collect::<Vec<_>>(),
        vec!["一、总体情况", "", "（七）总计 15 |", "末行"]
    );
    assert_eq!(&l[2], "（七）总计 15 |");
    assert_eq!(l.get(4), None);
    let mut l = l;
    l.set(1, "插入");
    assert_eq!(l.get(1), Some("插入"));
    assert_eq!(l.get(3), Some("末行"));
    assert!(SourceLines::sanitised("").is_empty());
    let raw: SourceLines = ["a\u{1b}b", ""].into_iter().collect();
    assert_eq!(&raw[0], "a\u{1b}b", "collected lines are taken as they are");
}

#[test]
fn line_breaks_split_exactly_where_str_lines_splits() {
    for text in [
        "",
        "\n",
        "\n\n",
        "a",
        "a\n",
        "a\r\n",
        "a\r",
        "a\rb\r\n\r\nc",
        "\r\n",
        "一\n二\r\n三",
    ] {
        let lines = SourceLines::sanitised(text);
        let got: Vec<&str> = lines.iter().collect();
        let want: Vec<&str> = text.lines().collect();
        // A bare CR is a control character: sanitising turns it into nothing or a space,
        // so compare the line count and the lines without one.
        assert_eq!(got.len(), want.len(), "{text:?}");
        for (g, w) in got.iter().zip(&want) {
            if !w.contains('\r') {
                assert_eq!(g, w, "{text:?}");
            }
        }
    }
}

/// Line feeds are found by hand in a line's first bytes and by `memchr` past them: lines of
/// every length around that border split as `str::lines` splits them.
#[test]
fn lines_of_every_short_length_split_like_str_lines() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
    for _ in 0..5_000 {
        let text: String = (0..rng.random_range(0..30))
            .map(|_| ["a", "一", "\n", "\r\n", "|"][rng.random_range(0..5)])
            .collect();
        let lines = SourceLines::sanitised(&text);
        assert_eq!(
            lines.iter().collect::<Vec<_>>(),
            text.lines().collect::<Vec<_>>(),
            "{text:?}"
        );
    }
}

/// A clean text is copied 16 bytes at a time (`SourceLines::joined`): on texts of lines of
/// every length around that step, with runs of empty lines and a last line with or without a
/// line feed, it splits as `str::lines` splits, and sanitising each line (the general way)
/// gives the same lines.
#[test]
fn clean_texts_copied_by_blocks_split_like_str_lines() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let parts = [
        "a",
        "一",
        "\n",
        "\n\n",
        "|",
        " ",
        "0123456789abcde",
        "总计（七）",
    ];
    for _ in 0..20_000 {
        let text: String = (0..rng.random_range(0..40))
            .map(|_| parts[rng.random_range(0..parts.len())])
            .collect();
        assert!(crate::sanitize::lines_are_clean(&text));
        let joined = SourceLines::joined(&text);
        let want: Vec<&str> = text.lines().collect();
        assert_eq!(joined.iter().collect::<Vec<_>>(), want, "{text:?}");
        assert_eq!(joined.all(), want.concat(), "{text:?}");
        let mut each = SourceLines::default();
        for line in &want {
            each.push_with(|t| crate::sanitize::clean_into(line, t));
        }
        assert_eq!(joined.ends, each.ends, "{text:?}");
    }
}

#[test]
fn integer_numbers_convert_and_decimals_do_not() {
    assert_eq!(Number::int(-27).as_int(), Some(-27));
    let n = Number {
        value: "7.4890".parse().unwrap(),
        unit: None,
    };
    assert_eq!(n.as_int(), None);
    let n = Number {
        value: "15.00".parse().unwrap(),
        unit: None,
    };
    assert_eq!(n.as_int(), Some(15));
}

/// The scale-0 fast path of `as_int` agrees with the general conversion.
#[test]
fn integer_fast_path_agrees_with_the_decimal_conversion() {
    use rust_decimal::prelude::ToPrimitive;
    let general = |d: Decimal| {
        if d.fract().is_zero() {
            d.to_i64()
        } else {
            None
        }
    };
    let mut values: Vec<Decimal> = [
        "0",
        "-0",
        "1",
        "-1",
        "15.00",
        "-15.0",
        "7.4890",
        "0.5",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "9223372036854775807.0",
        "-9223372036854775808.000",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    values.push(Decimal::from(i64::MAX));
    values.push(Decimal::from(i64::MIN));
    values.push(Decimal::from_i128_with_scale(-0, 0));
    let mut neg_zero = Decimal::new(0, 0);
    neg_zero.set_sign_negative(true);
    values.push(neg_zero);
    neg_zero.rescale(3);
    values.push(neg_zero);
    for v in values {
        let n = Number {
            value: v,
            unit: None,
        };
        assert_eq!(n.as_int(), general(v), "{v}");
    }
}
