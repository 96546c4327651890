use crate::audit::testkit::{clean_report, t3_consistent, with_rule};
use crate::model::{Report, TemplateVersion};

use super::link;

const V: TemplateVersion = TemplateVersion::V2021;

/// A report of `body` for `year` at `path` whose 表三 has `new` and `cin` 自然人 requests,
/// of which 2 were carried over; `five` is its section 五 text.
fn report(path: &str, body: &str, year: i32, new: i64, cin: i64, five: &str) -> Report {
    let mut r = clean_report(V, year);
    r.path = path.into();
    r.body = Some(body.to_string());
    r.tables.t3 = Some(t3_consistent(
        V,
        [new, 0, 0, 0, 0, 0],
        [cin, 0, 0, 0, 0, 0],
        &[("r1", [new + cin - 2, 0, 0, 0, 0, 0])],
    ));
    r.lines.set(r.sections[4].line as usize, five);
    r
}

const FIVE_2022: &str = "一是政策解读质量仍需提升，个别单位政策解读内容简单、形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。针对存在问题，下一步将着力加强政策解读质效，重点提升解读的针对性和通俗化，建立健全传帮带机制，定期组织业务培训。";
const FIVE_2023: &str = "一是主动公开的深度和广度不够，部分领域信息更新不及时；二是依申请公开答复的规范性有待提高。下一步，将完善信息发布审核机制，加强对各科室的指导和督促，推动答复文书格式统一，并开展专题培训提升办理水平。";

fn linked(mut v: Vec<Report>) -> Vec<Report> {
    link(&mut v);
    v
}

#[test]
fn a_consistent_pair_is_linked_and_says_nothing() {
    let v = linked(vec![
        report("b.txt", "鄂州市鄂城区人民政府", 2023, 20, 2, FIVE_2023),
        report("a.txt", "鄂州市 鄂城区人民政府", 2022, 10, 0, FIVE_2022),
    ]);
    assert_eq!(v[0].previous, Some("a.txt".into()));
    assert_eq!(v[1].previous, None);
    for r in &v {
        assert!(
            r.findings.iter().all(|f| !f.rule.id().starts_with("X-")),
            "{:?}",
            r.findings
        );
    }
}

#[test]
fn a_carry_over_that_is_not_last_years_is_an_error_per_column() {
    let v = linked(vec![
        report("a.txt", "洪泽区人民政府", 2022, 10, 0, FIVE_2022),
        report("b.txt", "洪泽区人民政府", 2023, 20, 5, FIVE_2023),
    ]);
    let f = with_rule(&v[1], "X-CARRY");
    let cols: Vec<_> = f.iter().map(|f| (f.column, f.expected, f.actual)).collect();
    assert_eq!(
        cols,
        vec![
            (Some("np"), Some(2), Some(5)),
            (Some("tot"), Some(2), Some(5))
        ]
    );
    assert!(f[0].message().contains("2022年报告"), "{}", f[0].message());
}

#[test]
fn a_copied_section_is_a_duplicate_with_its_share() {
    let v = linked(vec![
        report("a.txt", "洪泽区人民政府", 2022, 10, 0, FIVE_2022),
        report("b.txt", "洪泽区人民政府", 2023, 20, 2, FIVE_2022),
    ]);
    let f = with_rule(&v[1], "X-DUP");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].actual, Some(100));
    assert!(f[0].message().starts_with("第5部分"), "{}", f[0].message());
}

#[test]
fn a_fivefold_jump_in_new_requests_is_noted() {
    let v = linked(vec![
        report("a.txt", "洪泽区人民政府", 2022, 12, 0, FIVE_2022),
        report("b.txt", "洪泽区人民政府", 2023, 61, 2, FIVE_2023),
    ]);
    let f = with_rule(&v[1], "X-SPIKE");
    assert_eq!(
        (f.len(), f[0].expected, f[0].actual),
        (1, Some(12), Some(61))
    );
    let v = linked(vec![
        report("a.txt", "洪泽区人民政府", 2022, 12, 0, FIVE_2022),
        report("b.txt", "洪泽区人民政府", 2023, 60, 2, FIVE_2023),
    ]);
    assert!(with_rule(&v[1], "X-SPIKE").is_empty());
}

#[test]
fn two_reports_of_one_body_and_year_are_a_duplicate_submission_and_not_linked() {
    let v = linked(vec![
        report("a.txt", "洪泽区人民政府", 2022, 10, 0, FIVE_2022),
        report("b.txt", "洪泽区人民政府", 2023, 20, 5, FIVE_2023),
        report("c.txt", "洪泽区人民政府", 2023, 20, 2, FIVE_2023),
    ]);
    for r in &v[1..] {
        assert_eq!(r.previous, None);
        assert_eq!(with_rule(r, "X-TWICE").len(), 1);
        assert!(with_rule(r, "X-CARRY").is_empty());
    }
    assert!(with_rule(&v[0], "X-TWICE").is_empty());
}

#[test]
fn other_bodies_and_file_names_do_not_link() {
    let v = linked(vec![
        report("洪泽区-2022.txt", "淮安市人民政府", 2022, 10, 0, FIVE_2022),
        report("洪泽区-2023.txt", "洪泽区人民政府", 2023, 20, 5, FIVE_2022),
    ]);
    assert!(
        v.iter()
            .all(|r| r.previous.is_none() && r.findings.is_empty())
    );
}

#[test]
fn in_force_documents_follow_last_years_stock() {
    let mut a = report("a.txt", "洪泽区人民政府", 2022, 10, 0, FIVE_2022);
    let mut b = report("b.txt", "洪泽区人民政府", 2023, 20, 2, FIVE_2023);
    a.tables
        .t2
        .as_mut()
        .unwrap()
        .set("normative_docs", "in_force", Some(30));
    let t2 = b.tables.t2.as_mut().unwrap();
    t2.set("normative_docs", "issued", Some(5));
    t2.set("normative_docs", "repealed", Some(2));
    t2.set("normative_docs", "in_force", Some(35));
    let v = linked(vec![a, b]);
    let f = with_rule(&v[1], "X-INFORCE");
    assert_eq!(
        (f.len(), f[0].expected, f[0].actual),
        (1, Some(33), Some(35))
    );
}

#[test]
fn linking_asks_for_the_digests_of_a_linked_pair_only_and_finds_the_copied_section() {
    let prev = report("a/2022.txt", "某县人民政府办公室", 2022, 10, 0, FIVE_2022);
    let this = report("a/2023.txt", "某县人民政府办公室", 2023, 10, 2, FIVE_2022);
    let other = report("b/2023.txt", "另一县人民政府", 2023, 10, 2, FIVE_2022);
    let digests: Vec<super::Digest> = [&prev, &this, &other]
        .into_iter()
        .map(super::Digest::of)
        .collect();
    let mut asked = Vec::new();
    let mut v: Vec<super::Skeleton> = [prev, this, other].iter().map(super::skeleton).collect();
    super::link_by(&mut v, |i| {
        asked.push(i);
        digests[i].clone()
    });
    asked.sort_unstable();
    assert_eq!(asked, vec![0, 1], "only the pair's digests are made");
    let dup = |s: &super::Skeleton| s.findings.iter().filter(|f| f.rule.id() == "X-DUP").count();
    assert_eq!(dup(&v[1]), 1);
    assert_eq!(dup(&v[2]), 0);
}

#[test]
fn skeletons_link_to_the_same_findings_as_whole_reports_in_both_formats() {
    // One pair per format, with a defect for every X-* rule the skeleton's rows feed.
    let pair = |v: TemplateVersion| {
        let mut a = report("a.txt", "洪泽区人民政府", 2022, 10, 0, FIVE_2022);
        let mut b = report("b.txt", "洪泽区人民政府", 2023, 80, 3, FIVE_2023);
        for r in [&mut a, &mut b] {
            let t = clean_report(v, r.year.unwrap()).tables;
            (r.template, r.tables.t2, r.tables.t4) = (Some(v), t.t2, t.t4);
        }
        let (ta, tb) = (a.tables.t2.as_mut().unwrap(), b.tables.t2.as_mut().unwrap());
        match v {
            TemplateVersion::V2021 => {
                ta.set("rules", "in_force", Some(4));
                tb.set("rules", "in_force", Some(9));
                ta.set("normative_docs", "in_force", Some(30));
                tb.set("normative_docs", "in_force", Some(35));
            }
            TemplateVersion::V2019 => {
                ta.set("licensing", "prev_items", Some(12));
                ta.set("licensing", "delta", Some(3));
                tb.set("licensing", "prev_items", Some(16));
                ta.set("fees", "prev_items", Some(2));
                ta.set("fees", "delta", Some(-1));
                tb.set("fees", "prev_items", Some(3));
            }
        }
        a.tables.t4.as_mut().unwrap().set("rv", "tot", Some(12));
        b.tables.t4.as_mut().unwrap().set("rv", "tot", Some(90));
        vec![a, b]
    };
    for v in [TemplateVersion::V2019, TemplateVersion::V2021] {
        let mut whole = pair(v);
        let mut skeletons: Vec<super::Skeleton> = whole.iter().map(super::skeleton).collect();
        let none = vec![super::Digest::default(); 2];
        link(&mut whole);
        super::link_digested(&mut skeletons, &none);
        let x = |f: &[crate::model::Finding]| -> Vec<crate::model::Finding> {
            let x = f.iter().filter(|f| f.rule.id().starts_with("X-"));
            x.cloned().collect()
        };
        // Every rule whose rows the skeleton keeps fires: a row it drops would silence one.
        let rules: Vec<&str> = x(&whole[1].findings).iter().map(|f| f.rule.id()).collect();
        let format_rule = match v {
            TemplateVersion::V2019 => "X-ITEMS",
            TemplateVersion::V2021 => "X-INFORCE",
        };
        for rule in ["X-CARRY", "X-SPIKE", format_rule] {
            assert!(rules.contains(&rule), "{v:?}: {rule} in {rules:?}");
        }
        assert_eq!(x(&skeletons[1].findings), x(&whole[1].findings), "{v:?}");
        assert_eq!(skeletons[1].previous, whole[1].previous);
    }
}

/// The key made without the normaliser (a name NFKC leaves as it is) is the normaliser's key,
/// on names drawn from ideographs, ASCII, the middle dot, whitespace, full-width forms and a
/// compatibility ideograph (which NFKC changes).
#[test]
fn body_keys_are_nfkc_without_whitespace() {
    use rand::{Rng, SeedableRng};
    use unicode_normalization::UnicodeNormalization;
    let pieces = [
        "北京市",
        "海淀区",
        "人民政府",
        "办公室",
        "·",
        "A",
        "z",
        "1",
        "-",
        " ",
        "\u{3000}",
        "\t",
        "（",
        "）",
        "(",
        "Ａ",
        "１",
        "\u{f900}",
        "《",
        "—",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    let mut stable = 0;
    for _ in 0..20_000 {
        let n = rng.random_range(0..8);
        let body: String = (0..n)
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        let expected: String = body.nfkc().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(super::body_key(&body), expected, "{body:?}");
        stable += usize::from(expected == body);
    }
    // Both paths were taken many times.
    assert!(
        (2_000..18_000).contains(&stable),
        "{stable} names NFKC leaves as they are"
    );
}

/// A report copied many times: each copy names three of the others (never itself) and how many
/// others there are, whatever its place in the inbox.
#[test]
fn each_copy_of_a_report_names_three_others_and_their_number() {
    let v = linked(
        (0..6)
            .map(|i| {
                report(
                    &format!("{i}.txt"),
                    "洪泽区人民政府",
                    2023,
                    20,
                    2,
                    FIVE_2023,
                )
            })
            .collect(),
    );
    let said: Vec<String> = v
        .iter()
        .map(|r| {
            let x = with_rule(r, "X-TWICE");
            assert_eq!(x.len(), 1, "{}", r.path.display());
            x[0].message().into_owned()
        })
        .collect();
    let names = |others: [usize; 3]| {
        let [a, b, c] = others.map(|i| format!("{i}.txt"));
        format!(
            "同一机关同一年度有多份报告（{a}、{b}、{c} 等 5 份） / another report of the same body and year: {a}, {b}, {c}"
        )
    };
    assert_eq!(
        said,
        [
            names([1, 2, 3]),
            names([0, 2, 3]),
            names([0, 1, 3]),
            names([0, 1, 2]),
            names([0, 1, 2]),
            names([0, 1, 2]),
        ]
    );
}

/// A skeleton keeps two numbers per cell of the rows it keeps, not the report's cells: under 2 kB
/// for a report with all its tables, in either format (a `Report` holding the same rows took
/// ~4.5 kB).
#[test]
fn a_skeleton_is_small() {
    for v in [TemplateVersion::V2019, TemplateVersion::V2021] {
        let mut r = report("2023.txt", "洪泽区人民政府", 2023, 20, 2, FIVE_2023);
        r.tables = clean_report(v, 2023).tables;
        let s = super::skeleton(&r);
        assert!(s.bytes() < 2048, "{v:?}: {} bytes", s.bytes());
        assert_eq!(s.t3.as_ref().map(|t| t.rows.len()), Some(3), "{v:?}");
    }
}
