//! Tests of the inspector's corrections: reading the edited value, and the audit again.

use std::collections::BTreeMap;

use super::*;
use crate::audit::testkit::{audited, clean_report, with_rule};
use crate::model::{Severity, TemplateVersion};
use crate::rules::Rule;

fn num(v: &str, unit: Option<&str>) -> Option<Number> {
    Some(Number {
        value: v.parse().unwrap(),
        unit: unit.map(str::to_string),
    })
}

#[test]
fn the_editor_reads_numbers_blanks_and_amounts_with_units() {
    use ColKind::{Amount, Count, Delta};
    let ok = |t: &str, k| parse_edit(t, k).unwrap();
    assert_eq!(ok("15", Count), Edit::Set(num("15", None)));
    assert_eq!(ok(" １,036 ", Count), Edit::Set(num("1036", None)));
    assert_eq!(ok("12件", Count), Edit::Set(num("12", None)));
    assert_eq!(ok("减4", Delta), Edit::Set(num("-4", None)));
    assert_eq!(ok("+2", Delta), Edit::Set(num("2", None)));
    assert_eq!(ok("251000元", Amount), Edit::Set(num("251000", Some("元"))));
    assert_eq!(ok("4068.208", Amount), Edit::Set(num("4068.208", None)));
    assert_eq!(ok("/", Count), Edit::Set(None));
    assert_eq!(ok("无", Amount), Edit::Set(None));
    assert_eq!(ok("", Count), Edit::Remove);
    assert_eq!(ok("   ", Amount), Edit::Remove);
}

#[test]
fn the_editor_refuses_what_the_column_cannot_hold_and_says_why() {
    use ColKind::{Amount, Count, Delta};
    let err = |t: &str, k| parse_edit(t, k).unwrap_err();
    assert!(err("abc", Count).contains("不是数字"));
    assert!(err("约30", Count).contains("不是数字"));
    assert!(err("12.5", Count).contains("整数"));
    assert!(err("-3", Count).contains("不能为负"));
    assert!(err("3.5", Delta).contains("整数"));
    assert!(err("300元", Count).contains("金额单位"));
    assert!(err("-1元", Amount).contains("不能为负"));
    assert!(err("12件", Amount).contains("单位"));
}

#[test]
fn cell_ids_name_cells_as_the_inferred_list_does_and_unknown_ones_name_nothing() {
    let r = clean_report(TemplateVersion::V2021, 2022);
    let c = find_cell(&r, "t3.r7.np").unwrap();
    assert_eq!((c.table, c.row, c.column), (TableId::T3, "r7", "np"));
    assert_eq!(cell_id(c), "t3.r7.np");
    for bad in ["t3.r7", "t3.zz.np", "t9.r7.np", "t3.r7.np.x", "t3.r7.zz"] {
        assert_eq!(find_cell(&r, bad), None, "{bad}");
    }
}

#[test]
fn a_correction_changes_the_cell_and_the_findings_and_removing_it_restores_both() {
    let clean = audited(clean_report(TemplateVersion::V2021, 2022));
    assert!(clean.findings.iter().all(|f| f.severity != Severity::Error));
    let mut r = clean.clone();
    let r1 = find_cell(&r, "t3.r1.np").unwrap();
    let cfg = AuditConfig::default();
    apply(
        &mut r,
        &[Correction {
            cell: r1,
            value: num("15", None),
        }],
        &cfg,
    );
    let cell = r.tables.get(TableId::T3).unwrap().cell("r1", "np").unwrap();
    assert_eq!((cell.int(), cell.corrected()), (Some(15), true));
    assert_eq!(r.correction(r1).unwrap().original.int(), Some(0));
    // (七)总计 no longer adds up: the audit ran on the corrected table.
    let sums = with_rule(&r, "T3-SUM7");
    assert!(
        sums.iter()
            .any(|f| f.column == Some("np") && f.expected == Some(15))
    );

    apply(&mut r, &[], &cfg);
    assert!(r.corrections.is_empty());
    let cell = r.tables.get(TableId::T3).unwrap().cell("r1", "np").unwrap();
    assert_eq!((cell.int(), cell.corrected()), (Some(0), false));
    assert_eq!(r.findings, clean.findings);
}

#[test]
fn correcting_a_wrong_total_clears_its_finding_and_the_extractors_finding_on_it_comes_back_after() {
    let mut read = clean_report(TemplateVersion::V2021, 2022);
    read.tables.t3.as_mut().unwrap().set("r7", "np", Some(9));
    read.findings.push(
        crate::model::Finding::new(Rule::VNumber, Severity::Error, "「9.5」不是整数").at(
            TableId::T3,
            Some("r7"),
            Some("np"),
        ),
    );
    let r0 = audited(read);
    assert!(!with_rule(&r0, "T3-SUM7").is_empty());
    let mut r = r0.clone();
    let cell = find_cell(&r, "t3.r7.np").unwrap();
    let cfg = AuditConfig::default();
    apply(
        &mut r,
        &[Correction {
            cell,
            value: num("0", None),
        }],
        &cfg,
    );
    assert!(with_rule(&r, "T3-SUM7").is_empty());
    assert!(with_rule(&r, "V-NUMBER").is_empty());
    // Applying the same set again changes nothing (the TUI does on every refresh).
    let before = r.findings.clone();
    apply(
        &mut r,
        &[Correction {
            cell,
            value: num("0", None),
        }],
        &cfg,
    );
    assert_eq!(r.findings, before);
    apply(&mut r, &[], &cfg);
    assert_eq!(with_rule(&r, "V-NUMBER").len(), 1);
    assert_eq!(
        with_rule(&r, "T3-SUM7").len(),
        with_rule(&r0, "T3-SUM7").len()
    );
}

#[test]
fn stored_values_are_read_back_and_unreadable_entries_are_left_out() {
    let r = clean_report(TemplateVersion::V2021, 2022);
    let stored: BTreeMap<String, Option<String>> = [
        ("t3.r1.np".to_string(), Some("15".to_string())),
        ("t3.new.biz".to_string(), None),
        ("t3.nowhere.np".to_string(), Some("1".to_string())),
        ("t3.r2.np".to_string(), Some("zz".to_string())),
    ]
    .into_iter()
    .collect();
    let got = from_stored(&r, &stored);
    assert_eq!(got.len(), 2);
    assert_eq!(cell_id(got[0].cell), "t3.new.biz");
    assert_eq!(got[0].value, None);
    assert_eq!(got[1].value, num("15", None));
    assert_eq!(
        value_text(num("4068.2080", Some("万元")).as_ref()).unwrap(),
        "4068.208万元"
    );
    assert_eq!(value_text(num("-4", None).as_ref()).unwrap(), "-4");
}
