use crate::audit::testkit::{audited, clean_report, t3_consistent, t4_literal, with_rule};
use crate::model::{Report, TemplateVersion};

const V: TemplateVersion = TemplateVersion::V2021;

/// A clean 2023 report whose 表三 has 102 new requests (自然人 90, 商业企业 12) and 4 carried
/// in (自然人), of which 80 were disclosed, 20 partly disclosed, 5 not held, 1 carried over; its
/// 表四 has 3 reviews (2 upheld, 1 corrected) and 2 suits (both upheld); and `text` as line 5.
fn report(text: &str) -> Report {
    let mut r = clean_report(V, 2023);
    r.tables.t3 = Some(t3_consistent(
        V,
        [90, 12, 0, 0, 0, 0],
        [4, 0, 0, 0, 0, 0],
        &[
            ("r1", [70, 10, 0, 0, 0, 0]),
            ("r2", [19, 1, 0, 0, 0, 0]),
            ("r4_1", [4, 1, 0, 0, 0, 0]),
        ],
    ));
    r.tables.t4 = Some(t4_literal([
        [2, 1, 0, 0, 3],
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
    ]));
    r.lines.set(4, text);
    audited(r)
}

/// An N-* finding as (rule, expected, actual, line).
type Seen = (&'static str, Option<i64>, Option<i64>, Option<u32>);

/// The N-* findings of [`report`].
fn narrative(text: &str) -> Vec<Seen> {
    let r = report(text);
    r.findings
        .iter()
        .filter(|f| f.rule.id().starts_with("N-"))
        .map(|f| (f.rule.id(), f.expected, f.actual, f.line))
        .collect()
}

fn silent(text: &str) {
    assert_eq!(narrative(text), vec![], "{text}");
}

#[test]
fn a_received_count_matching_neither_new_nor_new_plus_carried_in_is_a_warning() {
    let r = report("2023年，共受理申请120件，均按时答复。");
    let f = with_rule(&r, "N-NEW");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].expected, f[0].actual, f[0].line),
        (Some(102), Some(120), Some(5))
    );
    assert_eq!(f[0].row, Some("new"));
    assert!(
        f[0].message()
            .starts_with("正文「受理申请120件」与表三 一、本年新收 总计 102 不一致"),
        "{}",
        f[0].message()
    );
}

#[test]
fn received_may_mean_new_alone_or_new_plus_carried_in() {
    silent("本年度共收到政府信息公开申请102件。");
    silent("全年受理依申请公开件106件次，均按时办结。");
}

#[test]
fn every_numeral_form_is_read() {
    for text in [
        "共受理申请１２０件。",
        "共受理申请一百二十件。",
        "共受理申请1,200件。",
        "共受理申请 120 件。",
    ] {
        assert_eq!(narrative(text).len(), 1, "{text}");
    }
    assert_eq!(
        narrative("共收到申请两件。"),
        vec![("N-NEW", Some(102), Some(2), Some(5))]
    );
    silent("共收到申请一百零二件。");
    silent("共收到申请１０２件。");
}

#[test]
fn a_sentence_wrapped_over_lines_is_read_whole_and_named_by_its_first_line() {
    let mut r = clean_report(V, 2023);
    r.tables.t3 = report("").tables.t3.clone();
    r.lines.set(4, "全市共受理政府信息公开申请 3119 件，答");
    r.lines.set(5, "复 3050 件。");
    let r = audited(r);
    let new = with_rule(&r, "N-NEW");
    assert_eq!((new[0].actual, new[0].line), (Some(3119), Some(5)));
    let done = with_rule(&r, "N-DONE");
    assert_eq!(
        (done[0].expected, done[0].actual, done[0].line),
        (Some(105), Some(3050), Some(5))
    );
}

#[test]
fn a_page_number_inside_a_wrapped_sentence_is_not_the_stated_count() {
    let mut r = clean_report(V, 2023);
    r.tables.t3 = report("").tables.t3.clone();
    r.lines.set(4, "我市受理政府信息公开申请");
    r.lines.set(5, "- 2 -");
    r.lines.set(6, "一百三十一件，上年结转 4 件。");
    let r = audited(r);
    let new = with_rule(&r, "N-NEW");
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(
        (new[0].expected, new[0].actual, new[0].line),
        (Some(102), Some(131), Some(5))
    );
}

#[test]
fn ambiguous_phrases_say_nothing() {
    for text in [
        "受理申请同比增加120件。",
        "受理申请较上年多120件。",
        "2022年共受理申请120件。",
        "1-6月共受理申请120件。",
        "其中受理申请120件。",
        "各部门共受理申请120件。",
        "受理申请约120件。",
        "受理申请120余件。",
        "12345热线受理群众诉求1103件。",
        "受理案件1103件。",
        "未受理申请120件。",
        "第120件申请已办结。",
        "受理行政复议、行政诉讼共9件。",
    ] {
        silent(text);
    }
}

#[test]
fn a_number_in_another_clause_is_never_paired_with_the_subject() {
    silent("受理申请，涉及事项120件。");
    silent("共受理申请；另有咨询120件。");
}

#[test]
fn carried_in_done_and_carried_over_are_checked_against_their_rows() {
    assert_eq!(
        narrative("上年结转申请5件。"),
        vec![("N-CIN", Some(4), Some(5), Some(5))]
    );
    silent("上年度结转申请4件。");
    assert_eq!(
        narrative("已办结申请100件。"),
        vec![("N-DONE", Some(105), Some(100), Some(5))]
    );
    silent("共收到申请102件，已办105件。");
    assert_eq!(
        narrative("结转下年度办理3件。"),
        vec![("N-COUT", Some(1), Some(3), Some(5))]
    );
    assert_eq!(
        narrative("另有 3 件顺延到下年度答复。"),
        vec![("N-COUT", Some(1), Some(3), Some(5))]
    );
    silent("另有1件顺延到下年度答复。");
}

#[test]
fn result_groups_and_applicants_may_be_stated_as_parts() {
    silent("收到申请106件，其中予以公开80件，部分公开20件，无法提供5件。");
    assert_eq!(
        narrative("办结申请105件，其中予以公开81件。"),
        vec![("N-CAT", Some(80), Some(81), Some(5))]
    );
    silent("其中自然人申请90件，法人或其他组织申请12件。");
    silent("其中自然人申请94件。");
    assert_eq!(
        narrative("其中自然人申请9件。"),
        vec![("N-APPLICANT", Some(90), Some(9), Some(5))]
    );
    assert_eq!(
        narrative("其中法人或其他组织申请21件。"),
        vec![("N-APPLICANT", Some(12), Some(21), Some(5))]
    );
}

#[test]
fn reviews_and_suits_are_checked_against_table_four() {
    silent("发生行政复议3件，行政诉讼2件。");
    assert_eq!(narrative("被申请行政复议三件。"), vec![]);
    assert_eq!(
        narrative("被申请行政复议4件。"),
        vec![("N-RV", Some(3), Some(4), Some(5))]
    );
    assert_eq!(
        narrative("行政诉讼1件。"),
        vec![("N-LIT", Some(2), Some(1), Some(5))]
    );
    silent("行政复议、行政诉讼各1件。");
}

#[test]
fn saying_none_happened_contradicts_a_nonzero_total() {
    assert_eq!(
        narrative("全年未发生因政府信息公开引起的行政复议、行政诉讼。"),
        vec![
            ("N-NONE", Some(3), Some(0), Some(5)),
            ("N-NONE", Some(2), Some(0), Some(5))
        ]
    );
    assert_eq!(
        narrative("本年度未收到政府信息公开申请。"),
        vec![("N-NONE", Some(102), Some(0), Some(5))]
    );
    silent("未发生行政复议被纠错的情况。");
    silent("未收到行政复议申请以外的投诉。");
}

#[test]
fn none_is_silent_when_the_tables_agree() {
    let mut r = clean_report(V, 2023);
    r.lines
        .set(4, "未发生行政复议、行政诉讼，未收到政府信息公开申请。");
    let r = audited(r);
    assert!(r.findings.iter().all(|f| !f.rule.id().starts_with("N-")));
}

#[test]
fn all_upheld_contradicts_a_corrected_case_in_the_groups_it_names() {
    assert_eq!(
        narrative("行政复议3件，均获维持。"),
        vec![("N-ALLUPHELD", Some(1), Some(0), Some(5))]
    );
    silent("行政诉讼2件，均获维持。");
    silent("除1件纠正外，其余均获维持。");
}

#[test]
fn review_and_suit_results_are_checked_against_their_columns() {
    silent("行政复议3件，其中维持2件、纠正1件。");
    silent("被申请行政复议三件，维持原行政行为两件，纠正一件。");
    silent("行政诉讼2件，其中维持２件。");
    assert_eq!(
        narrative("行政复议3件，其中维持3件。"),
        vec![("N-RV", Some(2), Some(3), Some(5))]
    );
    assert_eq!(
        narrative("行政复议3件，其中维持2件，尚未审结一件。"),
        vec![("N-RV", Some(0), Some(1), Some(5))]
    );
    let r = report("行政诉讼2件，其中结果纠正1件。");
    let f = with_rule(&r, "N-LIT");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].row, f[0].column), (None, Some("fix")));
    assert!(
        f[0].message()
            .starts_with("正文「纠正1件」与表四 行政诉讼（两组之和） 结果纠正 0 不一致"),
        "{}",
        f[0].message()
    );
}

#[test]
fn a_result_without_its_review_or_suit_or_shared_by_both_says_nothing() {
    silent("整改纠正问题1件。");
    silent("行政复议、行政诉讼共5件，其中维持4件。");
    silent("行政复议3件，同比增加2件，纠正2件。");
    silent("维持、纠正各1件。");
    silent("行政复议3件，其中复议后起诉维持1件。");
}

/// [`report`] with one of its 5 not-held requests instead dropped for an unpaid fee notice.
fn with_unpaid_notice(text: &str) -> Report {
    let mut r = clean_report(V, 2023);
    r.tables.t3 = Some(t3_consistent(
        V,
        [90, 12, 0, 0, 0, 0],
        [4, 0, 0, 0, 0, 0],
        &[
            ("r1", [70, 10, 0, 0, 0, 0]),
            ("r2", [19, 1, 0, 0, 0, 0]),
            ("r4_1", [3, 1, 0, 0, 0, 0]),
            ("r6_2", [1, 0, 0, 0, 0, 0]),
        ],
    ));
    r.lines.set(4, text);
    audited(r)
}

#[test]
fn saying_no_fee_notice_was_sent_contradicts_requests_dropped_for_unpaid_notices() {
    let r = with_unpaid_notice("本年度未向申请人发出收费通知，未收取信息处理费。");
    let f = with_rule(&r, "N-FEE");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].row, f[0].expected, f[0].actual, f[0].line),
        (Some("r6_2"), Some(1), Some(0), Some(5))
    );
    assert!(
        f[0].message()
            .starts_with("正文「未向申请人发出收费通知」与表三（六）2."),
        "{}",
        f[0].message()
    );
    let r = with_unpaid_notice("没有发出信息处理费缴费通知。");
    assert_eq!(with_rule(&r, "N-FEE").len(), 1);
}

#[test]
fn no_fee_collected_or_no_dropped_request_says_nothing_about_fees() {
    // Notices sent and not paid: no fee collected is exactly what (六)2 counts.
    let r = with_unpaid_notice("本年度未收取信息处理费。");
    assert!(with_rule(&r, "N-FEE").is_empty());
    // The row label repeated in prose holds a negation before 收费通知.
    let r = with_unpaid_notice("申请人逾期未按收费通知要求缴纳费用1件。");
    assert!(with_rule(&r, "N-FEE").is_empty());
    let r = with_unpaid_notice("2022年未发出收费通知。");
    assert!(with_rule(&r, "N-FEE").is_empty());
    silent("本年度未发出收费通知，未收取信息处理费。");
}

#[test]
fn a_stated_rate_is_checked_against_the_rate_the_tables_give() {
    // 实质公开率 = 100/105 = 95.2 %; 复议纠错率 = 1/3 = 33.3 %.
    silent("实质公开率为95.2%。");
    silent("实质公开率达 95％。");
    silent("实质公开率９５.２４%。");
    silent("行政复议纠错率为33.3%。");
    silent("行政复议3件，纠错率33%。");
    let r = report("全年政府信息公开申请实质公开率为98.5%。");
    let f = with_rule(&r, "N-PCT");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].row, f[0].line), (Some("r7"), Some(5)));
    assert_eq!(
        f[0].message(),
        "正文「实质公开率为98.5%」与表格计算的 （予以公开+部分公开）/（七）总计 = 95.2%（100/105） 不一致 / the text says 98.5%, the tables give 95.2%（100/105）"
    );
    assert_eq!(
        narrative("复议纠错率为0%。"),
        vec![("N-PCT", None, None, Some(5))]
    );
}

#[test]
fn a_done_rate_fits_either_base() {
    // 105 done over 102 new (102.9 %) or over 106 with those carried in (99.1 %).
    silent("共受理政府信息公开申请106件，办结率99.1%。");
    silent("收到申请102件，办结率达102.9%。");
    assert_eq!(
        narrative("收到申请102件，办结率90%。"),
        vec![("N-PCT", None, None, Some(5))]
    );
}

#[test]
fn rates_with_no_single_formula_or_another_subject_say_nothing() {
    silent("公开率为100%。");
    silent("申请答复率100%。");
    silent("按时回复率100%。");
    silent("累计办理12345转办案件14850件，办结率98.7%。");
    silent("实质公开率较上年提高5%。");
    silent("2022年实质公开率为90%。");
    silent("行政诉讼纠错率为50%。");
    silent("实质公开率为九成。");
    silent("实质公开率在1-2%。");
}

#[test]
fn every_character_that_ends_a_clause_or_sentence_starts_with_a_byte_the_span_search_decodes() {
    use super::{MAY_STOP, breaks, ends_sentence};
    let mut utf8 = [0; 4];
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if breaks(c) || ends_sentence(c) || matches!(c, ',' | '，' | '、') {
            let first = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(MAY_STOP[usize::from(first)], "{c:?}");
        }
    }
}

/// The span each side of a place, found by decoding every character: what the byte walk of
/// `span_at` must agree with.
fn plain_span(
    text: &str,
    p: usize,
    stop: impl Fn(&str, usize, char) -> bool,
) -> Option<(usize, usize)> {
    use super::REACH;
    let lo = p.saturating_sub(REACH);
    let mut start = None;
    for (i, c) in text[..p].char_indices().rev() {
        if stop(text, i, c) {
            start = Some(i + c.len_utf8());
            break;
        }
        if i <= lo {
            break;
        }
    }
    let start = start.or((p <= REACH).then_some(0))?;
    let hi = p + REACH;
    let mut end = None;
    for (i, c) in text[p..].char_indices().map(|(i, c)| (i + p, c)) {
        if stop(text, i, c) {
            end = Some(i);
            break;
        }
        if i >= hi {
            break;
        }
    }
    let end = end.or((text.len() <= hi).then_some(text.len()))?;
    Some((start, end))
}

#[test]
fn clauses_and_sentences_are_where_decoding_every_character_finds_them() {
    use super::{clause_at, ends_sentence, is_break, sentence_at};
    use rand::{Rng, SeedableRng};
    let alphabet = [
        '字', '件', '。', '，', ',', '、', '；', ';', '（', ')', '|', '\n', '1', '２', ' ', 'a',
        '【', '！', '?', '「', '—', '€',
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    for _ in 0..4_000 {
        // Lengths around REACH (240 bytes) each side, sparse breaks and dense ones.
        let dense = rng.random_range(1..40);
        let text: String = (0..rng.random_range(0..400))
            .map(|_| {
                if rng.random_range(0..dense) == 0 {
                    alphabet[rng.random_range(0..alphabet.len())]
                } else {
                    ['字', '件', '1'][rng.random_range(0..3)]
                }
            })
            .collect();
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &p in starts.iter().step_by(7) {
            assert_eq!(
                clause_at(&text, p),
                plain_span(&text, p, is_break),
                "{text:?} {p}"
            );
            assert_eq!(
                sentence_at(&text, p),
                plain_span(&text, p, |_, _, c| ends_sentence(c)),
                "{text:?} {p}"
            );
        }
    }
}

#[test]
fn a_year_is_found_where_reading_every_number_finds_it() {
    use super::other_year;
    use crate::audit::numerals::numbers;
    use rand::{Rng, SeedableRng};
    // Every number of the clause, read the plain way.
    let plain = |clause: &str, year: Option<i32>| {
        numbers(clause).iter().any(|n| {
            (1990..=2100).contains(&n.value)
                && clause[n.end..].trim_start().starts_with('年')
                && year != Some(n.value as i32)
        })
    };
    let pieces = [
        "年",
        "本年",
        "上年",
        "2019",
        "2020",
        "二〇一九",
        "二千零二十",
        "１９９９",
        " ",
        "\u{3000}",
        "受理",
        "件",
        "3",
        "1,999",
        "19.99",
        "度",
        "十",
        "零",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(19);
    for _ in 0..20_000 {
        let clause: String = (0..rng.random_range(0..8))
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        for year in [None, Some(2019), Some(2020)] {
            assert_eq!(
                other_year(&clause, year),
                plain(&clause, year),
                "{clause:?} {year:?}"
            );
        }
    }
}

#[test]
fn a_clause_is_found_across_its_breaks_and_within_its_reach() {
    use super::{REACH, clause_at, sentence_at};
    let text = "前文。共受理申请1,200件，办结12件；其余（略）";
    let at = |w: &str| text.find(w).unwrap();
    let span = |r: Option<(usize, usize)>| r.map(|(s, e)| &text[s..e]);
    assert_eq!(span(clause_at(text, at("受理"))), Some("共受理申请1,200件"));
    assert_eq!(span(clause_at(text, at("办结"))), Some("办结12件"));
    assert_eq!(span(clause_at(text, at("略"))), Some("略"));
    assert_eq!(
        span(sentence_at(text, at("办结"))),
        Some("共受理申请1,200件，办结12件；其余（略）")
    );
    // No break within reach on either side: a run that long is no sentence.
    let long = format!("{}件{}", "字".repeat(REACH), "字".repeat(REACH));
    assert_eq!(clause_at(&long, long.find('件').unwrap()), None);
    let short = format!("{}件。", "字".repeat(10));
    assert_eq!(clause_at(&short, short.find('件').unwrap()), Some((0, 33)));
}
