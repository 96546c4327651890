//! Tests of tokenising: layouts, numbers, normalising against NFKC, and the fast splitters
//! against the standard ones.

use unicode_normalization::UnicodeNormalization;

use super::normalise::{keep, norm_piece};
use super::words::{find_pipe, split_pipes, trim, trim_cell, words};
use super::*;

/// Where a blank cell stands among the pipes, read from what follows each piece, agrees
/// with reading it from the piece's index and the number of pipes.
#[test]
fn blank_cell_neighbours_read_from_the_rest_agree_with_counting_pipes() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for _ in 0..20_000 {
        let s: String = (0..rng.random_range(0..12))
            .map(|_| ['|', ' ', 'a'][rng.random_range(0..3)])
            .collect();
        let last = s.matches('|').count();
        let all: Vec<&str> = s.split('|').collect();
        let mut pieces = split_pipes(&s);
        for i in 0..=last {
            assert!(pieces.next().is_some());
            let interior = i > 0 && i < last;
            let right_run = i + 1 < last && all[i + 1].is_empty();
            assert_eq!(interior, i > 0 && pieces.rest.is_some(), "{s:?} {i}");
            assert_eq!(
                right_run,
                pieces.rest.is_some_and(|r| r.starts_with('|')),
                "{s:?} {i}"
            );
        }
        assert!(pieces.next().is_none());
    }
}

/// Trim decides from the ends when it can: it agrees with the standard one on random text,
/// as cutting at pipes does.
#[test]
fn pipes_and_trims_agree_with_the_standard_ones_on_random_text() {
    use rand::{Rng, SeedableRng};
    let parts = [
        "|", " ", "a", "0", "一", "。", "\u{3000}", "\u{a0}", "\u{2003}", "\t", "\u{85}", "、",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    for _ in 0..20_000 {
        let s: String = (0..rng.random_range(0..24))
            .map(|_| parts[rng.random_range(0..parts.len())])
            .collect();
        assert_eq!(
            split_pipes(&s).collect::<Vec<_>>(),
            s.split('|').collect::<Vec<_>>(),
            "{s:?}"
        );
        assert_eq!(trim(&s), s.trim(), "{s:?}");
        assert_eq!(trim_cell(&s), s.trim(), "{s:?}");
    }
}

/// Pipes are looked for byte by byte in short texts and by `memchr` in longer ones: on texts
/// of every length around that border, with a pipe at every place or none, both find the
/// same first pipe.
#[test]
fn the_pipe_search_finds_the_first_pipe_at_every_length() {
    for len in 0..40 {
        let plain: Vec<u8> = (0..len).map(|i| [b'a', b' ', 0xe4, b'|'][i % 3]).collect();
        assert_eq!(find_pipe(&plain), memchr::memchr(b'|', &plain), "{len}");
        for at in 0..len {
            let mut b = plain.clone();
            b[at] = b'|';
            assert_eq!(find_pipe(&b), Some(at), "{len} {at}");
            b.push(b'|');
            assert_eq!(find_pipe(&b), Some(at), "{len} {at} and one more");
        }
    }
}

/// Every whitespace character beyond ASCII begins and ends with a byte that the first- and
/// last-byte tests of `trim` let through to the full test.
#[test]
fn the_byte_tests_of_trim_let_every_wide_space_through() {
    use super::words::{may_begin_wide_space, may_end_wide_space};
    let wide = (0x80..=0x10ffff)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace());
    let mut n = 0;
    for c in wide {
        let mut b = [0; 4];
        let s = c.encode_utf8(&mut b).as_bytes();
        assert!(may_begin_wide_space(s[0]), "U+{:04X}", c as u32);
        assert!(may_end_wide_space(s[s.len() - 1]), "U+{:04X}", c as u32);
        n += 1;
    }
    assert!(n > 15, "{n}");
}

#[test]
fn the_fast_trims_and_splits_agree_with_the_standard_ones() {
    let samples = [
        "",
        " ",
        "\t \u{b}",
        "a",
        " 0 ",
        "\u{3000}总计\u{3000}",
        "\u{a0}1\u{a0}",
        "自然人 ",
        " 、一",
        "||",
        "|a||b|",
        "a|",
        "|",
        "\u{2003}x",
        "x\u{205f}",
        "\u{85}",
        "一\u{1680}",
        "\u{b}x\u{c}",
        "（七）总计 | 15 |",
    ];
    for s in samples {
        assert_eq!(trim(s), s.trim(), "{s:?}");
        assert_eq!(trim_cell(s), s.trim(), "{s:?}");
        assert_eq!(
            split_pipes(s).collect::<Vec<_>>(),
            s.split('|').collect::<Vec<_>>(),
            "{s:?}"
        );
    }
    for c in (0..0x3100u32).filter_map(char::from_u32) {
        let s = format!("{c}a{c}");
        assert_eq!(trim(&s), s.trim(), "U+{:04X}", c as u32);
        for s in [
            s.clone(),
            format!(" {c} "),
            format!(" {c}"),
            format!("{c} "),
        ] {
            assert_eq!(trim_cell(&s), s.trim(), "U+{:04X}", c as u32);
        }
        assert_eq!(
            trim(&c.to_string()).is_empty(),
            c.is_whitespace(),
            "U+{:04X}",
            c as u32
        );
    }
}

fn kinds(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let t = tokenize(&lines);
    let view = t.view();
    view.iter()
        .map(|t| match &t.kind {
            Kind::Text => format!("T:{}", view.norm(t)),
            Kind::Value(n) => format!("V:{}", n.value),
            Kind::Blank => "_".to_string(),
        })
        .collect()
}

#[test]
fn numbers_with_units_signs_and_separators() {
    let n = parse_number("60721754元").unwrap();
    assert_eq!(n.value, Decimal::from(60721754));
    assert_eq!(n.unit.as_deref(), Some("元"));
    assert_eq!(parse_number("27.88亿").unwrap().unit.as_deref(), Some("亿"));
    assert_eq!(parse_number("-27").unwrap().value, Decimal::from(-27));
    assert_eq!(parse_number("减4").unwrap().value, Decimal::from(-4));
    assert_eq!(parse_number("增3").unwrap().value, Decimal::from(3));
    assert_eq!(parse_number("1,036").unwrap().value, Decimal::from(1036));
    assert_eq!(parse_number("7.4890").unwrap().value.to_string(), "7.4890");
    assert!(parse_number("1.").is_none());
    assert!(parse_number("2024年").is_none());
    assert!(parse_number("第二十条").is_none());
    assert!(parse_number("10,36").is_none());
    assert!(parse_number("1.2.3").is_none());
    assert!(parse_number("12件").is_some());
    assert!(parse_number("12kg").is_none());
    assert!(parse_number("-").is_none());
    assert!(parse_number("减少12").unwrap().value.is_sign_negative());
}

#[test]
fn the_fast_path_agrees_with_nfkc() {
    let samples = "（七）总计：１３，“三安全一稳定”、《条例》【注】 商业　企业 ①②ﬁ ㈠ ⅱ 〇 —— ·";
    for w in samples.split(' ') {
        let slow: String = w
            .nfkc()
            .filter(|c| {
                !c.is_whitespace() && !matches!(c, '*' | '#' | '`' | '\u{200b}' | '\u{feff}')
            })
            .collect();
        assert_eq!(norm(w), slow, "{w}");
    }
}

#[test]
fn the_byte_level_copy_agrees_with_nfkc_on_real_text() {
    let reference = |w: &str| -> String { w.nfkc().filter(keep).collect() };
    let mut texts: Vec<String> = Vec::new();
    for dir in ["../shared/seeds", "../shared/reports", "samples"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    assert!(!texts.is_empty(), "no text to compare on");
    texts.push("a\u{3000}b\u{a0}c\u{85}d\u{2028}e ㄅ㐀䷀丂龥 ⑴ ﹙1﹚ ｶ ㍿ \u{1c}\u{1f}".into());
    texts.push("a - 无 b —— c ｜ － &nbsp; ⑴ / d".into());
    for t in &texts {
        for line in t.lines() {
            assert_eq!(norm(line), reference(line), "{line}");
            // Word by word with blank marks dropped, as the tokeniser reads a cell.
            let by_words: String = line
                .split_whitespace()
                .map(reference)
                .filter(|w| !is_blank_mark(w))
                .collect();
            let mut fused = String::new();
            norm_piece(line, &mut fused);
            assert_eq!(fused, by_words, "{line}");
        }
    }
}

#[test]
fn the_byte_level_copy_agrees_with_nfkc_on_every_bmp_character() {
    // Padded so that the character falls at every position of a 16-byte block.
    let pad = "政府a信息bc公开工作年度报告";
    for c in (0..=0xffff).filter_map(char::from_u32) {
        let shift = "x".repeat(c as usize % 17);
        let w = format!("{shift}{pad}{c}{pad}{c}");
        let slow: String = w.nfkc().filter(keep).collect();
        assert_eq!(norm(&w), slow, "U+{:04X}", c as u32);
    }
}

/// The punctuation marks copied by their bytes are exactly the characters with lead byte E2
/// or E3 that the per-character path keeps as they are.
#[test]
fn marks_told_by_their_bytes_are_the_stable_ones() {
    use super::normalise::{is_nfkc_stable, stable_mark};
    let mut marks = 0;
    for c in ('\u{2000}'..='\u{3fff}').filter(|c| c.len_utf8() == 3) {
        let mut b = [0; 4];
        let s = c.encode_utf8(&mut b);
        assert_eq!(
            stable_mark(s.as_bytes(), 0),
            is_nfkc_stable(c),
            "U+{:04X}",
            c as u32
        );
        marks += usize::from(is_nfkc_stable(c));
    }
    assert!(marks > 3_000, "U+3400-U+3FFF and the marks: {marks}");
}

#[test]
fn full_width_digits_are_numbers() {
    assert_eq!(kinds("１３"), vec!["V:13"]);
}

#[test]
fn pipe_row_with_explicit_blank_and_collapsed_tail() {
    assert_eq!(
        kinds("行政事业性收费 | 0 | 0 | |"),
        vec!["T:行政事业性收费", "V:0", "V:0", "_"]
    );
    // seed 001: the empty cells are collapsed into one run of pipes: no blanks emitted
    assert_eq!(kinds("(七)总计 | 0 | ||||||||"), vec!["T:(七)总计", "V:0"]);
}

#[test]
fn lone_pipe_is_a_blank_only_after_a_closed_cell() {
    assert_eq!(kinds("4 |\n|\n|\n4 |\n||"), vec!["V:4", "_", "_", "V:4"]);
    assert_eq!(kinds("4\n|\n5\n|"), vec!["V:4", "V:5"]);
}

#[test]
fn whitespace_only_lines_are_blank_cells_and_empty_lines_nothing() {
    assert_eq!(
        kinds("0\n\n0\n\n \n\n行政强制"),
        vec!["V:0", "V:0", "_", "T:行政强制"]
    );
}

#[test]
fn pdf_rows_split_numbers_and_drop_page_markers() {
    assert_eq!(
        kinds("（七）总计 2932 53 0\n- 5 -\n具已获取信息 1"),
        vec![
            "T:(七)总计",
            "V:2932",
            "V:53",
            "V:0",
            "T:具已获取信息",
            "V:1"
        ]
    );
}

#[test]
fn markdown_rules_and_emphasis_are_ignored() {
    assert_eq!(kinds("| **规章** | 0 |\n|---|---|"), vec!["T:规章", "V:0"]);
}

#[test]
fn blank_marks() {
    assert_eq!(
        kinds("a | / | - | — | 无 | -3"),
        vec!["T:a", "_", "_", "_", "_", "V:-3"]
    );
}

#[test]
fn words_split_like_split_whitespace() {
    let ws = [
        "", " ", "\t", "\u{3000}", "\u{a0}", "\u{85}", "\u{2003}", "\u{205f}", "\u{1680}", "\u{b}",
        "\u{1c}",
    ];
    let parts = [
        "政府", "a", "１２", "—", "\u{2010}", "\u{3001}", "\u{e1}", "😀",
    ];
    for (k, w1) in ws.iter().enumerate() {
        for (j, p) in parts.iter().enumerate() {
            let w2 = ws[(k + j) % ws.len()];
            let s = format!("{w1}{p}{w2}{}{w1}x{w2}", parts[(j + k) % parts.len()]);
            assert_eq!(
                words(&s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }
    for c in (0..=0xffff).filter_map(char::from_u32) {
        let s = format!("a{c}b {c}");
        let expected: Vec<&str> = s.split_whitespace().collect();
        assert_eq!(
            words(&s).collect::<Vec<_>>(),
            expected,
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn normalised_lines_are_stored_end_to_end() {
    let t = normalise_lines(
        &["a b".to_string(), String::new(), "| 3 |".to_string()]
            .iter()
            .collect(),
    );
    assert_eq!(t.line_norm.len(), 3);
    assert_eq!(t.line_norm.iter().collect::<Vec<_>>(), vec!["ab", "", "3"]);
    assert_eq!(t.line_norm.span(1, 3), "3");
    assert_eq!(t.line_norm.span(2, 2), "");
    assert_eq!(t.line_norm.all(), "ab3");
    assert!(t.tokens().is_empty());
}

#[test]
fn a_span_tokenises_only_between_its_ends() {
    let lines: SourceLines = ["a 1 | 二、b 2 | 五、c 3", "4"].iter().collect();
    let mut t = normalise_lines(&lines);
    let (two, five) = (
        t.line_norm[0].find("二").unwrap(),
        t.line_norm[0].find("五").unwrap(),
    );
    t.tokenize_span(&lines, (0, two as u32), (0, five as u32));
    let view = t.view(&lines);
    let got: Vec<(&str, u32)> = view.iter().map(|k| (view.norm(k), k.offset)).collect();
    assert_eq!(got, vec![("二、b", two as u32), ("2", five as u32 - 1)]);
    // Up to a line start: that line is left out.
    let mut t = normalise_lines(&lines);
    t.tokenize_span(&lines, (0, five as u32), (1, 0));
    let view = t.view(&lines);
    let got: Vec<&str> = view.iter().map(|k| view.norm(k)).collect();
    assert_eq!(got, vec!["五、c", "3"]);
}

#[test]
fn short_lines_tokenised_early_and_long_lines_late_give_the_full_stream() {
    let long = format!("{}2", "甲 ".repeat(200));
    assert!(long.len() > EARLY_LINE_BYTES);
    let raw = [
        "前言 0",
        "二、x 1",
        long.as_str(),
        "| 3 | |",
        "|",
        "五、y 4",
        "5",
    ];
    let lines: SourceLines = raw.iter().collect();
    let full: Vec<String> = raw.iter().map(|l| l.to_string()).collect();
    let everything = tokenize(&full).tokens().to_vec();
    let mut t = normalise_lines(&lines);
    t.tokenize_span(&lines, (1, 0), (5, 0));
    let kept: Vec<&Token> = everything
        .iter()
        .filter(|k| (2..=5).contains(&k.line))
        .collect();
    assert_eq!(t.tokens().iter().collect::<Vec<_>>(), kept);
    let view = t.view(&lines);
    assert!(view.iter().any(|k| k.line == 3 && view.norm(k) == "2"));
}

#[test]
fn joined_words_are_a_slice_of_the_lines_or_a_copy_with_the_same_text() {
    let lines = vec![
        "前言 | 一 二".to_string(),
        "三 | / | 4".to_string(),
        "五".to_string(),
    ];
    let t = tokenize(&lines);
    let v = t.view();
    for a in 0..v.len() {
        for b in a..=v.len() {
            let want: String = v[a..b].iter().map(|k| v.norm(k)).collect();
            assert_eq!(v.joined_norm(a..b), want, "{a}..{b}");
        }
    }
    assert!(matches!(v.joined_norm(1..5), std::borrow::Cow::Borrowed(_)));
    // Tokens from part of the text only: the words between them are missing, so a copy.
    let lines: SourceLines = lines.iter().collect();
    let mut part = normalise_lines(&lines);
    part.tokenize_span(&lines, (0, 0), (0, "前言".len() as u32));
    let mut later = normalise_lines(&lines);
    later.tokenize_span(&lines, (1, 0), (3, 0));
    let mut gap = part.tokens().to_vec();
    gap.extend(later.tokens().iter().copied());
    let view = TokenView {
        tokens: &gap,
        norm: &part.line_norm,
        lines: &lines,
    };
    let joined = view.joined_norm(0..gap.len());
    assert_eq!(joined, "前言三4五");
    assert!(matches!(joined, std::borrow::Cow::Owned(_)));
}

/// The ranges tokens hold are only right if each tokenised line's normalised text is its
/// tokens' words end to end, whichever pass made it (short lines early, long ones late):
/// checked on random documents of table and prose pieces.
#[test]
fn every_line_is_its_tokens_words_end_to_end_on_random_documents() {
    use rand::{Rng, SeedableRng};
    let pieces = [
        "总计",
        "0",
        "15",
        "/",
        "—",
        "无",
        "-",
        " ",
        "  ",
        "\u{3000}",
        "\u{a0}",
        "|",
        "| |",
        "||||",
        "１２",
        "（七）",
        "3,036元",
        "约30",
        "①",
        "a b",
        "减少2",
        "&nbsp;",
        "**二、**",
        "\t",
        "政府信息公开",
        "、",
        "1.5万",
        "\u{2003}",
        "ﬁ",
        "Ｎo.",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
    for _ in 0..2000 {
        let lines: Vec<String> = (0..rng.random_range(1..6))
            .map(|_| {
                // Some lines long enough to be tokenised late.
                let n = if rng.random_bool(0.2) {
                    150
                } else {
                    rng.random_range(0..12)
                };
                (0..n)
                    .map(|_| pieces[rng.random_range(0..pieces.len())])
                    .collect()
            })
            .collect();
        let t = tokenize(&lines);
        let v = t.view();
        for (i, want) in t.line_norm.iter().enumerate() {
            let got: String = v
                .iter()
                .filter(|k| k.line as usize == i + 1)
                .map(|k| v.norm(k))
                .collect();
            assert_eq!(got, want, "line {} of {lines:?}", i + 1);
        }
        for k in v.iter() {
            if !matches!(k.kind, Kind::Blank) {
                assert_eq!(v.norm(k), norm(v.raw(k)), "{lines:?}");
            }
        }
    }
}

#[test]
fn a_token_reads_its_word_as_written_and_normalised() {
    let lines = vec![
        "（七）总计 | １５ |  / | 3,036元 |".to_string(),
        "  Ｎo. 2 ".to_string(),
    ];
    let t = tokenize(&lines);
    let v = t.view();
    let words: Vec<(&str, &str, u32)> = v.iter().map(|k| (v.raw(k), v.norm(k), k.line)).collect();
    assert_eq!(
        words,
        [
            ("（七）总计", "(七)总计", 1),
            ("１５", "15", 1),
            ("/", "", 1),
            ("3,036元", "3,036元", 1),
            ("Ｎo.", "No.", 2),
            ("2", "2", 2),
        ]
    );
    assert!(matches!(v[2].kind, Kind::Blank));
    let Kind::Value(amount) = v[3].kind else {
        panic!("{:?}", v[3].kind)
    };
    assert_eq!(amount.number(), parse_number("3,036元").unwrap());
    assert_eq!(amount.unit(), Some("元"));
    assert!(
        std::mem::size_of::<Token>() <= 48,
        "a token is a few integers"
    );
}

#[test]
fn offsets_index_the_normalised_line() {
    let lines = vec!["一、总体 情况 | 3".to_string()];
    let t = tokenize(&lines);
    assert_eq!(&t.line_norm[0], "一、总体情况3");
    assert_eq!(t.tokens()[2].offset, "一、总体情况".len() as u32);
    assert_eq!(t.index_at(1, "一、总体情况".len() as u32), 2);
}

#[test]
fn the_ideographs_copied_by_their_lead_byte_are_in_the_one_stable_list() {
    // Lead bytes E4–E9 are U+4000–U+9FFF: the byte-level copy steps over them unasked.
    for cp in 0x4000..=0x9fff_u32 {
        let c = char::from_u32(cp).unwrap();
        assert!(super::normalise::is_nfkc_stable(c), "U+{cp:04X}");
        assert_eq!(c.to_string().nfkc().collect::<String>(), c.to_string());
    }
}

#[test]
fn stepping_over_ideographs_four_at_a_time_stops_where_stepping_one_at_a_time_does() {
    use rand::{Rng, SeedableRng};
    // Ideographs of every lead byte E4–E9 and their neighbours (Extension A, E3; the
    // compatibility block, EF), with ASCII, punctuation and a four-byte character between them.
    let parts = [
        "一", "丁", "总", "计", "龥", "鿿", "㐀", "〇", "，", "。", "Ａ", "a", "1", " ", "|", "𠀀",
    ];
    let one_by_one = |b: &[u8], mut i: usize| {
        while b.get(i).is_some_and(|c| (0xe4..=0xe9).contains(c)) {
            i += 3;
        }
        i
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    for _ in 0..20_000 {
        let s: String = (0..rng.random_range(0..24))
            .map(|_| parts[rng.random_range(0..parts.len())])
            .collect();
        let b = s.as_bytes();
        for (i, _) in s.char_indices() {
            let end = super::normalise::skip_ideographs(b, i);
            assert_eq!(end, one_by_one(b, i), "{s:?} from {i}");
            assert!(s.is_char_boundary(end), "{s:?} from {i}");
        }
        assert_eq!(
            words(&s).collect::<Vec<_>>(),
            s.split_whitespace().collect::<Vec<_>>()
        );
    }
}

/// The tokens of a span copied from those made early, consecutive lines' in one piece (or taken
/// whole when the span holds only early lines), are the tokens scanning every line of the span
/// again gives: checked on random documents of short and long lines and random spans, ending
/// at line starts or at a token of a line.
#[test]
fn a_span_copied_from_early_tokens_in_pieces_is_the_span_scanned_again() {
    use rand::{Rng, SeedableRng};
    let pieces = [
        "总计", "0", "15", "/", "无", " ", "|", "| |", "||||", "１２", "3,036元", "a b", "、",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(41);
    let mut taken_whole = 0;
    for _ in 0..2000 {
        let raw: Vec<String> = (0..rng.random_range(1..12))
            .map(|_| {
                let n = if rng.random_bool(0.15) {
                    120
                } else {
                    rng.random_range(0..6)
                };
                (0..n)
                    .map(|_| pieces[rng.random_range(0..pieces.len())])
                    .collect()
            })
            .collect();
        let lines: SourceLines = raw.iter().collect();
        let everything = tokenize(&raw).tokens().to_vec();
        // A bound: a line start, or the offset of one of that line's tokens.
        let bound = |rng: &mut rand_chacha::ChaCha8Rng| {
            let line = rng.random_range(0..=raw.len());
            let offsets: Vec<u32> = everything
                .iter()
                .filter(|k| k.line as usize == line + 1)
                .map(|k| k.offset)
                .collect();
            match offsets.len() {
                0 => (line, 0),
                n => (line, offsets[rng.random_range(0..n)]),
            }
        };
        let (a, b) = (bound(&mut rng), bound(&mut rng));
        let (from, to) = (a.min(b), a.max(b));
        let mut copied = normalise_lines(&lines);
        copied.tokenize_span(&lines, from, to);
        let mut scanned = normalise_lines(&lines);
        scanned.early_of.iter_mut().for_each(|e| *e = None);
        scanned.tokenize_span(&lines, from, to);
        assert_eq!(
            copied.tokens(),
            scanned.tokens(),
            "{raw:?} {from:?}..{to:?}"
        );
        // Spans of early lines only take the early tokens whole (see `Tokens::early_range`).
        taken_whole += usize::from(copied.early.is_empty() && !copied.tokens().is_empty());
    }
    assert!(
        taken_whole > 200,
        "spans of early lines only: {taken_whole}"
    );
}

/// A word taken as its own normal form without normalising it is one: checked on every BMP
/// character and on random words of ASCII, ideographs, punctuation, markup and whitespace.
#[test]
fn a_word_taken_as_its_own_normal_form_is_one() {
    use super::normalise::is_own_norm;
    use rand::{Rng, SeedableRng};
    let nfkc_kept = |s: &str| s.nfkc().filter(keep).collect::<String>();
    for c in (0..0x10000u32).filter_map(char::from_u32) {
        let s = c.to_string();
        if is_own_norm(&s) {
            assert_eq!(nfkc_kept(&s), s, "U+{:04X}", c as u32);
        }
    }
    let parts = [
        "许可", "总计", "-27", "3,036", "a", "*", "#", "`", " ", "\u{3000}", "（", "，", "①", "ﬁ",
        "㐀", "〇", "\t",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(52);
    let mut own = 0;
    for _ in 0..20_000 {
        let s: String = (0..rng.random_range(0..6))
            .map(|_| parts[rng.random_range(0..parts.len())])
            .collect();
        if is_own_norm(&s) {
            own += 1;
            assert_eq!(nfkc_kept(&s), s, "{s:?}");
            assert_eq!(norm(&s), s, "{s:?}");
        }
    }
    assert!(own > 1_000, "many words are their own normal form");
}
