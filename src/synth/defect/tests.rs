//! Tests of `defect`.

use super::*;
use crate::rules::Rule;

fn sum_check(spec: &ReportSpec) -> Vec<&'static str> {
    // The arithmetic rules evaluated directly over the spec's values (all cells present).
    let t = &spec.t3;
    let mut failed = Vec::new();
    let cols = ["np", "biz", "res", "ngo", "law", "oth", "tot"];
    for r in &t.rows {
        let k = r.def.key;
        let s: i64 = cols[..6].iter().map(|c| t.int(k, c).unwrap()).sum();
        if t.int(k, "tot") != Some(s) {
            failed.push("T3-ROW");
        }
    }
    let outcomes: Vec<&str> = t3_groups(spec.version)
        .iter()
        .flat_map(|g| g.1.iter().copied())
        .collect();
    for c in cols {
        let s: i64 = outcomes.iter().map(|r| t.int(r, c).unwrap()).sum();
        if t.int("r7", c) != Some(s) {
            failed.push("T3-SUM7");
        }
        let lhs = t.int("new", c).unwrap() + t.int("cin", c).unwrap();
        let rhs = t.int("r7", c).unwrap() + t.int("cout", c).unwrap();
        if lhs != rhs {
            failed.push("T3-ID");
        }
    }
    for g in ["rv", "ld", "lr"] {
        let s: i64 = ["keep", "fix", "oth", "pend"]
            .iter()
            .map(|c| spec.t4.int(g, c).unwrap())
            .sum();
        if spec.t4.int(g, "tot") != Some(s) {
            failed.push("T4-SUM");
        }
        for c in ["keep", "fix", "oth", "pend", "tot"] {
            if spec.t4.int(g, c).unwrap() < 0 {
                failed.push("T4-NONNEG");
            }
        }
    }
    failed.sort();
    failed
}

fn rules(p: &Planted) -> Vec<&'static str> {
    let mut v: Vec<&str> = p
        .must
        .iter()
        .filter(|e| e.rule.starts_with("T3-") || e.rule.starts_with("T4-"))
        .map(|e| e.rule)
        .collect();
    v.sort();
    v
}

#[test]
fn arithmetic_defects_break_exactly_the_rules_they_announce() {
    for seed in 0..20 {
        for v in [TemplateVersion::V2019, TemplateVersion::V2021] {
            let base = ReportSpec::consistent(seed, v, 2020);
            assert!(sum_check(&base).is_empty());
            let mut defects = vec![
                Defect::BreakT3Sum7 { col: "law" },
                Defect::BreakT3Identity { col: "np" },
                Defect::BreakT4Sum { group: "rv" },
                Defect::NegativeCount,
            ];
            for r in v.get().t3 {
                defects.push(Defect::BreakT3Row { row: r.key });
                defects.push(Defect::ChangeT3Cell {
                    row: r.key,
                    col: "ngo",
                    delta: 1,
                });
            }
            for d in defects {
                let mut spec = base.clone();
                let p = d.plant(&mut spec);
                assert_eq!(sum_check(&spec), rules(&p), "{d:?}");
            }
        }
    }
}

#[test]
fn every_defect_applies_to_some_spec_and_announces_a_finding() {
    let specs = [
        ReportSpec::consistent_for(
            1,
            TemplateVersion::V2019,
            2020,
            super::super::spec::Body::by_tag("city-gov"),
        ),
        ReportSpec::consistent_for(
            1,
            TemplateVersion::V2021,
            2022,
            super::super::spec::Body::by_tag("town"),
        ),
        ReportSpec::consistent_for(
            1,
            TemplateVersion::V2021,
            2022,
            super::super::spec::Body::by_tag("bureau"),
        ),
    ];
    for d in Defect::all() {
        let spec = specs.iter().find(|s| d.applies_to(s));
        let mut spec = spec
            .unwrap_or_else(|| panic!("{d:?} applies nowhere"))
            .clone();
        let p = d.plant(&mut spec);
        assert!(!p.must.is_empty(), "{d:?}");
    }
}

#[test]
fn verify_reports_missing_and_unexplained_findings() {
    let mut spec = ReportSpec::consistent(2, TemplateVersion::V2021, 2022);
    let p = Defect::BreakT4Sum { group: "lr" }.plant(&mut spec);
    let hit =
        Finding::new(Rule::T4Sum, Severity::Error, "lr").at(TableId::T4, Some("lr"), Some("tot"));
    let wrong =
        Finding::new(Rule::T4Sum, Severity::Error, "rv").at(TableId::T4, Some("rv"), Some("tot"));
    let info = Finding::new(Rule::T3Sum7, Severity::Info, "unverifiable");
    assert!(verify(&[hit.clone(), info], std::slice::from_ref(&p)).is_ok());
    let err = verify(&[wrong], std::slice::from_ref(&p)).unwrap_err();
    assert!(err.contains("missing T4-SUM"), "{err}");
    assert!(err.contains("unexpected T4-SUM"), "{err}");
    assert!(verify(&[], &[]).is_ok());
}
