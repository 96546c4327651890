//! Tests of `spec`.

use super::*;
use crate::template::{T3_COLS, T4_COLS};

fn specs() -> Vec<ReportSpec> {
    let mut v = Vec::new();
    for seed in 0..40u64 {
        v.push(ReportSpec::consistent(seed, TemplateVersion::V2019, 2020));
        v.push(ReportSpec::consistent(seed, TemplateVersion::V2021, 2023));
    }
    for b in BODIES {
        v.push(ReportSpec::consistent_for(
            7,
            TemplateVersion::V2019,
            2019,
            b,
        ));
        v.push(ReportSpec::consistent_for(
            7,
            TemplateVersion::V2021,
            2022,
            b,
        ));
    }
    v
}

fn sum(t: &Table, rows: &[&str], col: &str) -> i64 {
    rows.iter().map(|r| t.int(r, col).unwrap()).sum()
}

#[test]
fn consistent_t3_satisfies_row_sum7_and_identity() {
    for spec in specs() {
        let t = &spec.t3;
        let outcomes: Vec<&str> = t3_groups(spec.version)
            .iter()
            .flat_map(|g| g.1.iter().copied())
            .collect();
        for row in &t.rows {
            let k = row.def.key;
            let s: i64 = ["np", "biz", "res", "ngo", "law", "oth"]
                .iter()
                .map(|c| t.int(k, c).unwrap())
                .sum();
            assert_eq!(t.int(k, "tot"), Some(s), "T3-ROW {k} seed {}", spec.seed);
        }
        for c in &T3_COLS {
            let c = c.key;
            assert_eq!(t.int("r7", c), Some(sum(t, &outcomes, c)), "T3-SUM7 {c}");
            assert_eq!(
                t.int("new", c).unwrap() + t.int("cin", c).unwrap(),
                t.int("r7", c).unwrap() + t.int("cout", c).unwrap(),
                "T3-ID {c}"
            );
            for row in &t.rows {
                assert!(t.int(row.def.key, c).unwrap() >= 0, "T3-NONNEG");
            }
        }
    }
}

#[test]
fn consistent_t4_totals_are_the_sum_of_parts() {
    for spec in specs() {
        for g in ["rv", "ld", "lr"] {
            let s: i64 = T4_COLS[..4]
                .iter()
                .map(|c| spec.t4.int(g, c.key).unwrap())
                .sum();
            assert_eq!(spec.t4.int(g, "tot"), Some(s), "T4-SUM {g}");
            for c in &T4_COLS {
                assert!(spec.t4.int(g, c.key).unwrap() >= 0);
            }
        }
    }
}

#[test]
fn consistent_t2_is_plausible() {
    for spec in specs() {
        let t = &spec.t2;
        for row in &t.rows {
            for c in &row.cells {
                assert!(c.value.is_some(), "every 表二 cell is filled");
            }
        }
        let body = BODIES.iter().find(|b| b.name == spec.body).unwrap();
        match spec.version {
            TemplateVersion::V2019 => {
                for r in ["rules", "normative_docs"] {
                    assert!(t.int(r, "total_published") >= t.int(r, "new_published"));
                    assert!(t.int(r, "new_published") <= t.int(r, "new_made"));
                }
                assert_eq!(t.int("rules", "new_published"), t.int("rules", "new_made"));
                for r in [
                    "licensing",
                    "other_services",
                    "penalty",
                    "enforcement",
                    "fees",
                ] {
                    let items = t.int(r, "prev_items").unwrap() + t.int(r, "delta").unwrap();
                    assert!(items >= 0, "P-ITEMS {r}");
                    if r != "fees" && items == 0 {
                        assert_eq!(t.int(r, "decisions"), Some(0), "P-DECISIONS {r}");
                    }
                }
                let items = t.int("procurement", "items").unwrap();
                let amount = &t.cell("procurement", "amount").unwrap().value;
                let amount = amount.as_ref().unwrap();
                assert_eq!(items == 0, amount.value.is_zero(), "P-PROC");
                assert!(amount.unit.is_some(), "P-UNIT");
            }
            TemplateVersion::V2021 => {
                for r in ["rules", "normative_docs"] {
                    let i = t.int(r, "issued").unwrap();
                    let x = t.int(r, "repealed").unwrap();
                    assert!(t.int(r, "in_force").unwrap() >= i - x, "P-INFORCE");
                }
            }
        }
        if !body.rule_making {
            for c in &t.row("rules").unwrap().cells {
                assert_eq!(c.int(), Some(0), "P-REG-AUTHORITY {}", spec.body);
            }
        }
    }
}

#[test]
fn clean_reports_are_published_before_every_deadline_and_state_the_year() {
    for spec in specs() {
        assert_eq!(spec.period, (ymd(spec.year, 1, 1), ymd(spec.year, 12, 31)));
        assert!(spec.published > ymd(spec.year, 12, 31));
        assert!(
            spec.published <= ymd(spec.year + 1, 1, 31) || spec.body_kind == BodyKind::Government
        );
        if let Some(d) = spec.deadline() {
            assert!(spec.published <= d);
        }
    }
}

#[test]
fn same_seed_same_figures_and_seeds_differ() {
    let a = ReportSpec::consistent(11, TemplateVersion::V2021, 2022);
    let b = ReportSpec::consistent(11, TemplateVersion::V2021, 2022);
    assert_eq!(format!("{:?}", a.t3), format!("{:?}", b.t3));
    let differ = (0..10u64).any(|s| {
        let c = ReportSpec::consistent(s, TemplateVersion::V2021, 2022);
        format!("{:?}", c.t3) != format!("{:?}", a.t3)
    });
    assert!(differ);
}
