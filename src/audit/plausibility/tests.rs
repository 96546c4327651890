//! Tests of `plausibility`.

use super::super::testkit::*;
use super::lacks_rule_power;
use crate::model::{BodyKind, Report, Severity, TemplateVersion};

const V19: TemplateVersion = TemplateVersion::V2019;
const V21: TemplateVersion = TemplateVersion::V2021;

#[test]
fn header_units_are_read_after_the_first_label() {
    // The reading before it worked on a copy of the line without whitespace.
    let copied = |text: &str| -> Option<&'static str> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let i = text.find("单位")?;
        let rest = text[i + "单位".len()..].trim_start_matches([':', '：']);
        ["亿元", "万元", "元"]
            .into_iter()
            .find(|unit| rest.starts_with(unit))
    };
    for text in [
        "采购总金额(单位:万元) |",
        "采购总金额（单位：万元）",
        "（单 位 ：：亿元）",
        "单位:元",
        "单位：",
        "单位",
        "单单位万元",
        "单位 万 元",
        "单位：亿",
        "计量单位：件；金额单位：万元",
        "单元格 位置",
        "无",
        "",
        "位单位元",
        "单\u{3000}位:元",
    ] {
        assert_eq!(
            crate::audit::units::labelled(text),
            copied(text),
            "{text:?}"
        );
    }
}

#[test]
fn the_written_unit_is_what_follows_the_last_digit() {
    use crate::model::{Cell, CellRef, Number, TableId};
    // The reading before it borrowed from the cell: reverse, take, reverse.
    let copied = |raw: &str| -> String {
        raw.trim()
            .chars()
            .rev()
            .take_while(|c| !c.is_ascii_digit() && *c != '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    for raw in [
        "60721754元",
        "27.88亿",
        "12.5 万元 ",
        "（万元）12.5（万元）",
        "8040",
        "3.",
        "元",
        "",
        "约30元)",
        "1,234 元",
        "7.4890(万元)",
        "5 ",
    ] {
        let cell = Cell {
            raw: raw.to_string(),
            value: Some(Number {
                value: 1.into(),
                unit: Some("万元".into()),
            }),
            ..Cell::default()
        };
        let a = super::At {
            r: CellRef {
                table: TableId::T2,
                row: "fees",
                column: "amount",
            },
            cell: Some(&cell),
            line: None,
        };
        let tail = copied(raw);
        let tail = tail
            .trim()
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        let want = if tail.is_empty() { "万元" } else { tail };
        assert_eq!(super::written_unit(&a), Some(want), "{raw:?}");
    }
}

fn t2(r: &mut Report) -> &mut crate::model::Table {
    r.tables.t2.as_mut().unwrap()
}

#[test]
fn seed003_warns_on_unpublished_documents_and_the_unit() {
    let r = audited(seed003());
    let mut p: Vec<_> = keys(&r, Severity::Warning)
        .into_iter()
        .filter(|k| k.0.starts_with("P-"))
        .collect();
    p.sort();
    assert_eq!(
        p,
        vec![
            ("P-REGPUB", Some("normative_docs"), Some("new_published")),
            ("P-REGPUB", Some("rules"), Some("new_published")),
            ("P-UNIT", Some("procurement"), Some("amount")),
        ]
    );
    let reg = with_rule(&r, "P-REGPUB");
    let rules = reg.iter().find(|f| f.row == Some("rules")).unwrap();
    assert_eq!((rules.expected, rules.actual), (Some(36), Some(3)));
    let unit = &with_rule(&r, "P-UNIT")[0];
    assert!(unit.message().contains("「27.88亿」"), "{}", unit.message());
}

#[test]
fn stock_below_this_years_publications_is_a_warning() {
    let mut r = clean_report(V19, 2020);
    t2(&mut r).set("normative_docs", "new_made", Some(5));
    t2(&mut r).set("normative_docs", "new_published", Some(5));
    t2(&mut r).set("normative_docs", "total_published", Some(4));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Warning),
        vec![(
            "P-PUBTOTAL",
            Some("normative_docs"),
            Some("total_published")
        )]
    );
}

#[test]
fn negative_items_are_an_error_and_decisions_without_items_a_warning() {
    let mut r = clean_report(V19, 2020);
    t2(&mut r).set("fees", "prev_items", Some(4));
    t2(&mut r).set("fees", "delta", Some(-6));
    t2(&mut r).set("penalty", "prev_items", Some(3));
    t2(&mut r).set("penalty", "delta", Some(-3));
    t2(&mut r).set("penalty", "decisions", Some(12));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Error),
        vec![("P-ITEMS", Some("fees"), Some("delta"))]
    );
    assert_eq!(with_rule(&r, "P-ITEMS")[0].actual, Some(-2));
    assert_eq!(
        keys(&r, Severity::Warning),
        vec![("P-DECISIONS", Some("penalty"), Some("decisions"))]
    );
}

#[test]
fn procurement_items_and_amount_go_together() {
    let mut r = clean_report(V19, 2020);
    t2(&mut r).set("procurement", "items", Some(175));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Warning),
        vec![("P-PROC", Some("procurement"), Some("amount"))]
    );
}

#[test]
fn procurement_amounts_need_a_money_unit() {
    let with = |raw: &str, value: &str, unit: Option<&str>, header: Option<&str>| {
        let mut r = clean_report(V19, 2020);
        let t = t2(&mut r);
        t.set("procurement", "items", Some(2));
        set_raw(t, "procurement", "amount", raw, value, unit);
        t.line = Some(20);
        t.rows
            .iter_mut()
            .find(|x| x.def.key == "procurement")
            .unwrap()
            .label_line = Some(30);
        if let Some(h) = header {
            r.lines.set(28, h);
        }
        with_rule(&audited(r), "P-UNIT").len()
    };
    // Seed 000 and seed 001 are fine, seed 003 and a bare number are not.
    assert_eq!(with("60721754元", "60721754", Some("元"), None), 0);
    assert_eq!(
        with("7.4890", "7.4890", None, Some("采购总金额(单位:万元) |")),
        0
    );
    assert_eq!(
        with(
            "7.4890",
            "7.4890",
            Some("万元"),
            Some("采购总金额（单位：万元）")
        ),
        0
    );
    assert_eq!(with("27.88亿", "27.88", Some("亿"), None), 1);
    assert_eq!(with("8040", "8040", None, None), 1);
    assert_eq!(
        with(
            "251000元",
            "251000",
            Some("元"),
            Some("采购总金额（单位：万元）")
        ),
        1
    );
}

#[test]
fn in_force_documents_cannot_fall_below_this_years_balance() {
    let mut r = clean_report(V21, 2022);
    t2(&mut r).set("normative_docs", "issued", Some(10));
    t2(&mut r).set("normative_docs", "repealed", Some(2));
    t2(&mut r).set("normative_docs", "in_force", Some(5));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Warning),
        vec![("P-INFORCE", Some("normative_docs"), Some("in_force"))]
    );
    let f = &with_rule(&r, "P-INFORCE")[0];
    assert_eq!((f.expected, f.actual), (Some(8), Some(5)));
}

#[test]
fn fees_are_in_wan_yuan() {
    let fee = |raw: &str, value: &str, unit: Option<&str>| {
        let mut r = clean_report(V21, 2022);
        set_raw(t2(&mut r), "fees", "amount", raw, value, unit);
        with_rule(&audited(r), "P-FEE-UNIT").len()
    };
    assert_eq!(fee("12.5", "12.5", None), 0);
    assert_eq!(fee("12.5万元", "12.5", Some("万元")), 0);
    assert_eq!(fee("125000元", "125000", Some("元")), 1);
    assert_eq!(fee("3亿元", "3", Some("亿元")), 1);
    assert_eq!(fee("1250000", "1250000", None), 1);
}

#[test]
fn rule_making_power_follows_the_legislation_law() {
    use BodyKind::*;
    let no = |b: &str, k| lacks_rule_power(Some(b), k).is_some();
    // Without the power.
    assert!(no("太和街道办事处", Township));
    assert!(no("某某镇人民政府", Unknown));
    assert!(no("元江县人民政府办公室", Department));
    assert!(no("鄂城区人民政府", Government));
    assert!(no("鄂城区", Unknown));
    assert!(no("红河州弥勒市人民政府", Government));
    assert!(no("甘肃省教育厅", Department));
    assert!(no("兰州市民政局", Unknown));
    assert!(no("国家税务总局上海市税务局", Department));
    assert!(no("某某旗人民政府", Government));
    // With it, or not decidable from the name.
    assert!(!no("甘肃省人民政府", Government));
    assert!(!no("广西壮族自治区人民政府", Government));
    assert!(!no("兰州市人民政府", Government));
    assert!(!no("兰州市", Unknown));
    assert!(!no("弥勒市人民政府", Government));
    assert!(!no("教育部", Department));
    assert!(!no("国家市场监督管理总局", Department));
    // A provincial or city government's general office reports the government's own 规章;
    // a county's or county-level city's office still has none to report.
    assert!(!no("甘肃省人民政府办公厅", Department));
    assert!(!no("兰州市人民政府办公室", Department));
    assert!(!no("淮安市政府办公室", Department));
    assert!(no("红河州弥勒市人民政府办公室", Department));
    assert!(no("兰州市人民政府办公室秘书处", Department));
    assert_eq!(lacks_rule_power(None, Unknown), None);
    assert!(lacks_rule_power(None, Township).is_some());
    // Whitespace inside a name is ignored.
    assert!(no("鄂城区 人民政府", Unknown));
    assert!(no("某某 镇人民政府", Unknown));
    assert!(!no(" 兰州市\u{3000}人民政府 ", Government));
    assert_eq!(lacks_rule_power(Some(" \t"), Unknown), None);
}

#[test]
fn rules_reported_by_a_town_are_a_warning() {
    // A 2023 town report with 规章 现行有效 6.
    let mut r = clean_report(V21, 2023);
    r.body = Some("某某镇人民政府".into());
    r.body_kind = BodyKind::Township;
    t2(&mut r).set("rules", "in_force", Some(6));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Warning),
        vec![("P-REG-AUTHORITY", Some("rules"), Some("in_force"))]
    );
    let f = &with_rule(&r, "P-REG-AUTHORITY")[0];
    assert_eq!((f.expected, f.actual), (Some(0), Some(6)));
    assert!(f.message().contains("某某镇人民政府"));

    let mut city = clean_report(V21, 2023);
    t2(&mut city).set("rules", "in_force", Some(6));
    assert!(with_rule(&audited(city), "P-REG-AUTHORITY").is_empty());
}

#[test]
fn a_suit_after_review_without_any_review_is_a_warning() {
    let mut r = clean_report(V21, 2023);
    r.tables.t4 = Some(t4_literal([[0; 5], [0; 5], [1, 0, 0, 0, 1]]));
    let flagged = audited(r.clone());
    assert_eq!(
        keys(&flagged, Severity::Warning),
        vec![("T4-LR-PLAUS", Some("lr"), Some("tot"))]
    );
    // Mentions in different sentences of one line do not count.
    r.lines.set(60, "本年未收到行政复议申请。上年结转申请3件。");
    assert_eq!(with_rule(&audited(r.clone()), "T4-LR-PLAUS").len(), 1);
    r.lines.set(
        60,
        "本年未收到行政复议申请。申请人不服2022年行政复议决定提起诉讼1件。",
    );
    assert!(with_rule(&audited(r), "T4-LR-PLAUS").is_empty());
}
