//! Tests of reading the tables: keyword matching, placement and the three readers.

use super::keywords::{
    KeywordMatcher, T2_KEYS, T3_CONTEXT_WORDS, T3_KEYS, label_token_ok, matcher_of, segments,
};
use super::*;
use crate::extract::tokens::tokenize;

fn t3(text: &str, v: TemplateVersion) -> Extracted {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let t = tokenize(&lines);
    read_t3(&t.view(), 0..t.tokens().len(), v)
}

/// The matcher reports what an overlapping Aho-Corasick search sorted (stably) by start
/// reports, which is what rows were found with before.
#[test]
fn matcher_equals_a_sorted_overlapping_automaton_search() {
    for (keys, context) in [(T3_KEYS, &T3_CONTEXT_WORDS[..]), (T2_KEYS, &[][..])] {
        let patterns: Vec<&str> = keys
            .iter()
            .map(|k| k.0)
            .chain(context.iter().copied())
            .collect();
        let ac = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .unwrap();
        let m = matcher_of(keys, context);
        // Pieces: whole patterns, their halves, and other words and marks of labels.
        let mut pieces: Vec<String> = Vec::new();
        for p in &patterns {
            let chars: Vec<char> = p.chars().collect();
            pieces.push(p.to_string());
            pieces.push(chars[..chars.len() / 2].iter().collect());
            pieces.push(chars[chars.len() / 2..].iter().collect());
        }
        for w in [
            "3.", "(七)", "七、", "1", " ", "a", "。", "法律", "处理", "申请", "é",
        ] {
            pieces.push(w.to_string());
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut matches = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..seed % 8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(&pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let mut want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(&text)
                .map(|x| (x.start(), x.pattern().as_usize(), x.end()))
                .collect();
            want.sort_by_key(|h| h.0);
            let mut got = Vec::new();
            m.for_each(&text, |a, b, c| got.push((a, b, c)));
            assert_eq!(got, want, "{text}");
            matches += got.len();
        }
        assert!(matches > 10_000, "{matches}");
    }
}

#[test]
fn matcher_handles_first_chars_that_share_a_slot() {
    // U+4E00 and U+5E00 share a slot; U+4E01 has its own.
    let m = KeywordMatcher::new(vec!["一二", "\u{5e00}三", "一", "丁", "\u{5e00}"]);
    let mut got = Vec::new();
    m.for_each("丁一二\u{5e00}三一", |a, b, c| got.push((a, b, c)));
    assert_eq!(
        got,
        [
            (0, 3, 3),
            (3, 2, 6),
            (3, 0, 9),
            (9, 4, 12),
            (9, 1, 15),
            (15, 2, 18)
        ]
    );
}

/// The slot of a char is read from its UTF-8 bytes: patterns beginning with chars of one to
/// four bytes, some sharing a slot, are found as an automaton finds them.
#[test]
fn matcher_finds_patterns_beginning_with_chars_of_every_width() {
    use rand::{Rng, SeedableRng};
    // `a` (U+61) and U+1061, `é` (U+E9) and U+10E9, U+4E00 and U+5E00, U+20000 and U+21000
    // share slots.
    let patterns = vec![
        "ab",
        "a",
        "\u{1061}x",
        "é1",
        "\u{10e9}",
        "一二",
        "\u{5e00}",
        "𠀀一",
        "\u{21000}",
    ];
    let ac = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
        .unwrap();
    let m = KeywordMatcher::new(patterns.clone());
    let pieces = [
        "a",
        "b",
        "x",
        "\u{1061}",
        "é",
        "1",
        "\u{10e9}",
        "一",
        "二",
        "\u{5e00}",
        "𠀀",
        "\u{21000}",
        "\u{4e01}",
        "\u{20001}",
        "ü",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let mut matches = 0;
    for _ in 0..20_000 {
        let text: String = (0..rng.random_range(0..10))
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        let mut want: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(&text)
            .map(|x| (x.start(), x.pattern().as_usize(), x.end()))
            .collect();
        want.sort_by_key(|h| (h.0, h.2));
        let mut got = Vec::new();
        m.for_each(&text, |a, b, c| got.push((a, b, c)));
        assert_eq!(got, want, "{text}");
        matches += got.len();
    }
    assert!(matches > 20_000, "{matches}");
}

#[test]
fn segments_are_a_text_run_and_the_cells_after_it() {
    let lines: Vec<String> = ["1 | 2", "予以公开 | 甲 | 3 | / |", "乙", "丙"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let t = tokenize(&lines);
    let kinds: String = t
        .tokens()
        .iter()
        .map(|t| if t.is_cell() { 'c' } else { 't' })
        .collect();
    let segs: Vec<(usize, usize)> = segments(&t.view(), 0..t.tokens().len())
        .map(|s| {
            assert_eq!(s.text.end, s.cells.start);
            (s.text.len(), s.cells.len())
        })
        .collect();
    // Rebuild the kinds from the segments: every token is in exactly one, in order.
    let rebuilt: String = segs
        .iter()
        .map(|&(t, c)| "t".repeat(t) + &"c".repeat(c))
        .collect();
    assert_eq!(rebuilt, kinds);
    assert!(segs[0].0 == 0 && segs[0].1 > 0, "{kinds}: leading cells");
    assert!(segs.last().unwrap().1 == 0, "{kinds}: trailing text");
    assert!(segs[1..].iter().all(|s| s.0 > 0));
    assert!(segments(&t.view(), 3..3).next().is_none());
}

#[test]
fn label_length_counts_chars_not_bytes() {
    assert!(label_token_ok(&"公".repeat(64)));
    assert!(!label_token_ok(&"公".repeat(65)));
    assert!(label_token_ok(&"a".repeat(64)));
    assert!(!label_token_ok(&"a".repeat(65)));
    assert!(!label_token_ok(&"公".repeat(200)));
    assert!(!label_token_ok("予以公开。"));
}

#[test]
fn missing_labels_spread_values_over_the_rows_between() {
    let text = "(一)予以公开 | 8 | 0 | 0 | 0 | 0 | 0 | 8 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0";
    let e = t3(text, TemplateVersion::V2021);
    let t = e.table.unwrap();
    assert_eq!(t.int("r1", "tot"), Some(8));
    assert_eq!(t.int("r2", "np"), Some(1));
    assert_eq!(t.int("r3_1", "tot"), Some(0));
    assert!(
        e.findings
            .iter()
            .any(|f| f.rule == "C-INFERRED" && f.row == Some("r2"))
    );
    // Each cell says how it was placed: under its own label, or by position after another.
    let placed = |row, col| t.cell(row, col).unwrap().placed;
    assert_eq!(placed("r1", "tot"), crate::model::Placed::Read);
    assert_eq!(placed("r2", "np"), crate::model::Placed::Position);
    assert_eq!(placed("r3_1", "tot"), crate::model::Placed::Read);
}

#[test]
fn a_lone_value_goes_to_total_and_says_so() {
    let e = t3("(七)总计 | 0 | ||||||||", TemplateVersion::V2019);
    let t = e.table.unwrap();
    assert_eq!(t.int("r7", "tot"), Some(0));
    assert!(t.cell("r7", "tot").unwrap().inferred());
    assert!(t.cell("r7", "np").unwrap().is_missing());
    assert_eq!(
        e.findings.iter().filter(|f| f.rule == "C-INFERRED").count(),
        1
    );
}

#[test]
fn group_heading_then_sub_rows_in_2021() {
    let text = "(六)其他处理\n1.申请人无正当理由逾期不补\n正、行政机关不再处理其政府信息公开申请\n1 0 0 0 0 0 1\n2.申请人逾期未按收费通知要求缴纳费用\n2 0 0 0 0 0 2\n3、其他 3 0 0 0 0 0 3\n（七）总计 6 0 0 0 0 0 6";
    let t = t3(text, TemplateVersion::V2021).table.unwrap();
    assert_eq!(t.int("r6_1", "tot"), Some(1));
    assert_eq!(t.int("r6_2", "tot"), Some(2));
    assert_eq!(t.int("r6_3", "np"), Some(3));
    assert_eq!(t.int("r7", "tot"), Some(6));
}

#[test]
fn rows_never_go_backwards() {
    let text = "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n一、本年新收 | 9 | 9 | 9 | 9 | 9 | 9 | 9";
    let t = t3(text, TemplateVersion::V2019).table.unwrap();
    assert_eq!(t.int("cout", "tot"), Some(1));
    assert!(t.cell("new", "tot").unwrap().is_missing());
}

#[test]
fn t4_three_totals_are_placed_in_total_columns() {
    let lines: Vec<String> = "行政复议 | 行政诉讼 |\n总计 |\n0 | 0 | 0 |"
        .lines()
        .map(str::to_string)
        .collect();
    let t = tokenize(&lines);
    let e = read_t4(&t.view(), 0..t.tokens().len(), TemplateVersion::V2019);
    let tab = e.table.unwrap();
    assert_eq!(tab.int("rv", "tot"), Some(0));
    assert_eq!(tab.int("lr", "tot"), Some(0));
    assert!(tab.cell("rv", "keep").unwrap().is_missing());
    assert!(e.findings.iter().any(|f| f.rule == "C-INFERRED"));
}

/// How many times a heading is printed, all counted.
fn heading_count(text: &str, label: &str) -> usize {
    heading_count_up_to(text, label, usize::MAX)
}

#[test]
fn a_heading_counted_up_to_a_number_is_counted_exactly_below_it() {
    let t4 = "结果结果其他尚未总计结果结果其他尚未结果结果其他尚未维持纠正结果审结总计维持纠正结果审结总计维持纠正结果审结";
    assert_eq!(heading_count_up_to(t4, "结果维持", 2), 2);
    assert_eq!(heading_count_up_to(t4, "结果维持", 3), 3);
    assert_eq!(heading_count_up_to(t4, "总计", 4), 3);
    assert_eq!(heading_count_up_to(t4, "总计", 1), 1);
    assert_eq!(heading_count_up_to(t4, "法律服务机构", 1), 0);
}

#[test]
fn vertical_header_cells_count_as_headings_but_unrelated_text_does_not() {
    // PDF text: `社会 法律` / `商业 科研` / `公益 服务 其他` / `企业 机构` / `组织 机构`.
    let pdf = "自然人社会法律总计商业科研公益服务其他企业机构组织机构";
    for h in ["商业企业", "科研机构", "社会公益组织", "法律服务机构"] {
        assert_eq!(heading_count(pdf, h), 1, "{h}");
    }
    // 表四 with its part headings printed over two lines, three groups.
    let t4 = "结果结果其他尚未总计结果结果其他尚未结果结果其他尚未维持纠正结果审结总计维持纠正结果审结总计维持纠正结果审结";
    assert_eq!(heading_count(t4, "结果维持"), 3);
    assert_eq!(heading_count(t4, "尚未审结"), 3);
    assert_eq!(heading_count("自然人法人或其他组织总计", "法律服务机构"), 0);
    assert_eq!(heading_count("总计总计", "总计"), 2);
}

#[test]
fn a_shortened_six_label_names_the_other_row_in_both_formats() {
    let t = t3(
        "(五)不予处理 5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0\n（六）其他 2 0 0 0 0 0 2\n（七）总计 2 0 0 0 0 0 2",
        TemplateVersion::V2019,
    )
    .table
    .unwrap();
    assert_eq!(t.int("r6", "tot"), Some(2));
    // Read under its own label, not taken by position after （五）5.
    assert_eq!(
        t.cell("r6", "tot").unwrap().placed,
        crate::model::Placed::Read
    );
    assert_eq!(t.int("r7", "tot"), Some(2));
    let t = t3(
        "（六）其他\n1.申请人无正当理由逾期不补正 1 0 0 0 0 0 1\n2.申请人逾期未按收费通知要求缴纳费用 0 0 0 0 0 0 0\n3.其他 1 0 0 0 0 0 1\n（七）总计 2 0 0 0 0 0 2",
        TemplateVersion::V2021,
    )
    .table
    .unwrap();
    assert_eq!(t.int("r6_1", "tot"), Some(1));
    assert_eq!(t.int("r6_3", "tot"), Some(1));
}

/// In a run of several tokens, whether each token can be a label (prose ending in 。 cannot)
/// decides its own matches, whatever the order.
#[test]
fn match_keys_asks_each_token_of_a_run_whether_it_can_be_a_label() {
    use super::keywords::{Scratch, T3_SET, match_keys};
    for (lines, want) in [
        (
            ["属于国家秘密的信息依法不予公开。", "另行制作"],
            vec!["r4_2"],
        ),
        (
            ["另行制作", "属于国家秘密的信息依法不予公开。"],
            vec!["r4_2"],
        ),
        (["国家秘密", "另行制作"], vec!["r3_1", "r4_2"]),
    ] {
        let lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let t = tokenize(&lines);
        let view = t.view();
        assert!(t.tokens().iter().all(|t| !t.is_cell()), "{lines:?}");
        let mut scratch = Scratch::default();
        let keys = match_keys(
            &view,
            0..t.tokens().len(),
            &T3_SET,
            TemplateVersion::V2021,
            TableId::T3,
            false,
            &mut scratch,
        );
        let got: Vec<&str> = keys.iter().map(|k| k.0).collect();
        assert_eq!(got, want, "{lines:?}");
    }
}
