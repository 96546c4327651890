//! Tests of `arithmetic`.

use super::super::testkit::*;
use crate::model::{Cell, Report, Severity, TableId, TemplateVersion};
use crate::template::t3_groups;

const V19: TemplateVersion = TemplateVersion::V2019;
const V21: TemplateVersion = TemplateVersion::V2021;

type Key = (&'static str, Option<&'static str>, Option<&'static str>);

fn t3_mut(r: &mut Report) -> &mut crate::model::Table {
    r.tables.t3.as_mut().unwrap()
}

/// Seed 002 (鄂城区 2020): 15 requests granted, but (七)总计 left at 0.
fn seed002() -> Report {
    let mut r = clean_report(V19, 2020);
    let mut t3 = t3_literal(
        V19,
        &[
            ("new", [15, 0, 0, 0, 0, 0, 15]),
            ("r1", [15, 0, 0, 0, 0, 0, 15]),
        ],
    );
    number_lines(&mut t3, 200);
    r.tables.t3 = Some(t3);
    r.tables.t4 = Some(t4_literal([
        [10, 0, 2, 2, 14],
        [0, 0, 0, 1, 1],
        [0, 0, 0, 3, 3],
    ]));
    r
}

/// Seed 004 (元江县人民政府办公室 2023, 2021 format): 复议后起诉 total 1 with no parts.
fn seed004() -> Report {
    let mut r = clean_report(V21, 2023);
    r.tables.t3 = Some(t3_consistent(
        V21,
        [8, 0, 0, 0, 0, 0],
        [0; 6],
        &[("r1", [8, 0, 0, 0, 0, 0])],
    ));
    r.tables.t4 = Some(t4_literal([[0, 1, 0, 0, 1], [0; 5], [0, 0, 0, 0, 1]]));
    r
}

#[test]
fn layouts_find_the_cells_the_relations_name() {
    use super::super::Grid;
    use super::{Cells, Layout, Sides, T3_ALL_COLS, T3_PARTS, T4_ALL_COLS, T4_PARTS};
    for version in [V19, V21] {
        let l = Layout::get(version);
        let r = clean_report(version, 2022);
        let (t3, t4) = (r.tables.t3.as_ref().unwrap(), r.tables.t4.as_ref().unwrap());
        let (g3, g4) = (Grid::new(t3, version), Grid::new(t4, version));
        // Each side's cells as (row, column) keys, read back from the grid.
        let keys = |g: &Grid<'_>, cells: &Cells| -> Vec<(&str, &str)> {
            cells
                .iter()
                .map(|i| {
                    let c = g.at(i).r;
                    (c.row, c.column)
                })
                .collect()
        };
        let sides = |g: &Grid<'_>, s: &Sides| (keys(g, &s.expected), keys(g, &s.actual));
        let grouped: Vec<&str> = t3_groups(version)
            .iter()
            .flat_map(|g| g.1.iter().copied())
            .collect();
        assert!(grouped.len() <= Cells::CAP);
        for (i, col) in T3_ALL_COLS.into_iter().enumerate() {
            let results: Vec<(&str, &str)> = grouped.iter().map(|&r| (r, col)).collect();
            assert_eq!(sides(&g3, &l.sum7[i]), (results, vec![("r7", col)]));
            assert_eq!(l.sum7[i].target(), g3.index(l_row(&g3, "r7"), l.t3_cols[i]));
            assert_eq!(
                sides(&g3, &l.id[i]),
                (
                    vec![("new", col), ("cin", col)],
                    vec![("r7", col), ("cout", col)]
                )
            );
            let balance: Vec<(&str, &str)> = l.balance[i]
                .iter()
                .map(|&s| (g3.at(s).r.row, g3.at(s).r.column))
                .collect();
            assert_eq!(balance, [("new", col), ("cin", col), ("cout", col)]);
            let nonneg = g3.at(g3.index(0, l.t3_cols[i])).r.column;
            assert_eq!(nonneg, col);
        }
        assert_eq!(l.t3_rows.len(), g3.rows.len());
        for (row, def) in l.t3_rows.iter().zip(g3.rows) {
            let parts: Vec<(&str, &str)> = T3_PARTS.iter().map(|&c| (def.key, c)).collect();
            assert_eq!(sides(&g3, row), (parts, vec![(def.key, "tot")]));
        }
        for (i, col) in T4_ALL_COLS.into_iter().enumerate() {
            assert_eq!(g4.at(g4.index(0, l.t4_cols[i])).r.column, col);
        }
        assert_eq!(l.t4_rows.len(), g4.rows.len());
        for (row, def) in l.t4_rows.iter().zip(g4.rows) {
            let parts: Vec<(&str, &str)> = T4_PARTS.iter().map(|&c| (def.key, c)).collect();
            assert_eq!(sides(&g4, row), (parts, vec![(def.key, "tot")]));
        }
    }
}

/// The position of template row `key` in `g`.
fn l_row(g: &super::super::Grid<'_>, key: &str) -> usize {
    g.rows.iter().position(|d| d.key == key).unwrap()
}

fn arithmetic_errors(r: &Report) -> Vec<Key> {
    keys(r, Severity::Error)
        .into_iter()
        .filter(|k| k.0.starts_with("T3") || k.0.starts_with("T4"))
        .collect()
}

#[test]
fn seed003_figures_pass_every_sum() {
    let r = audited(seed003());
    assert_eq!(arithmetic_errors(&r), vec![]);
    assert!(
        r.findings
            .iter()
            .all(|f| !f.rule.id().starts_with("T3") && !f.rule.id().starts_with("T4"))
    );
}

#[test]
fn seed002_reports_the_unfilled_total_on_r7() {
    let r = audited(seed002());
    assert_eq!(
        arithmetic_errors(&r),
        vec![
            ("T3-ID", Some("r7"), Some("np")),
            ("T3-ID", Some("r7"), Some("tot")),
            ("T3-SUM7", Some("r7"), Some("np")),
            ("T3-SUM7", Some("r7"), Some("tot")),
        ]
    );
    let t3 = r.tables.t3.as_ref().unwrap();
    let r7_np_line = t3.cell("r7", "np").unwrap().line;
    let sum7 = r
        .findings
        .iter()
        .find(|f| f.rule == "T3-SUM7" && f.column == Some("np"))
        .unwrap();
    assert_eq!((sum7.expected, sum7.actual), (Some(15), Some(0)));
    assert_eq!(sum7.line, r7_np_line);
    assert!(
        sum7.message()
            .starts_with("（七）总计 · 自然人: 应为 15（= （一）至（六）各项之和），实为 0"),
        "{}",
        sum7.message()
    );
    // Every result row of the column entered the sum; the TUI tints them.
    assert_eq!(sum7.operands.len(), 19);
    assert!(
        sum7.operands
            .iter()
            .all(|c| c.column == "np" && c.row != "r7")
    );
    let id = r
        .findings
        .iter()
        .find(|f| f.rule == "T3-ID" && f.column == Some("tot"))
        .unwrap();
    assert_eq!((id.expected, id.actual), (Some(15), Some(0)));
    let mut ops: Vec<&str> = id.operands.iter().map(|c| c.row).collect();
    ops.sort();
    assert_eq!(ops, vec!["cin", "cout", "new"]);
}

#[test]
fn seed004_has_exactly_one_arithmetic_error_on_lr() {
    let r = audited(seed004());
    assert_eq!(
        arithmetic_errors(&r),
        vec![("T4-SUM", Some("lr"), Some("tot"))]
    );
    let f = &with_rule(&r, "T4-SUM")[0];
    assert_eq!((f.expected, f.actual), (Some(0), Some(1)));
    assert!(f.message().contains("复议后起诉"), "{}", f.message());
    assert_eq!(f.operands.len(), 4);
}

/// The (rule, row, column) of every check a cell enters, from the formulas of domain.md §6.1.
fn touching(version: TemplateVersion, row: &'static str, col: &'static str) -> Vec<Key> {
    let results: Vec<&str> = t3_groups(version)
        .iter()
        .flat_map(|g| g.1.iter().copied())
        .collect();
    let mut v = vec![("T3-ROW", Some(row), Some("tot"))];
    if results.contains(&row) || row == "r7" {
        v.push(("T3-SUM7", Some("r7"), Some(col)));
    }
    if matches!(row, "new" | "cin" | "r7" | "cout") {
        v.push(("T3-ID", Some("r7"), Some(col)));
    }
    v.sort();
    v
}

fn busy_t3(version: TemplateVersion) -> crate::model::Table {
    // Seed 003's figures with one request in every result row and column, so no sum is 0.
    let results: Vec<(&str, [i64; 6])> = t3_groups(version)
        .iter()
        .flat_map(|g| g.1.iter().map(|k| (*k, [2, 1, 1, 1, 1, 1])))
        .collect();
    t3_consistent(
        version,
        [284, 50, 30, 30, 30, 30],
        [14, 3, 3, 3, 3, 3],
        &results,
    )
}

#[test]
fn changing_one_t3_cell_fails_exactly_the_rules_touching_it() {
    for version in [V19, V21] {
        let mut base = clean_report(version, if version == V19 { 2020 } else { 2022 });
        base.tables.t3 = Some(busy_t3(version));
        assert_eq!(keys(&audited(base.clone()), Severity::Error), vec![]);
        let rows: Vec<&'static str> = version.get().t3.iter().map(|d| d.key).collect();
        for row in rows {
            for col in ["np", "biz", "res", "ngo", "law", "oth", "tot"] {
                let mut r = base.clone();
                let v = r.tables.t3.as_ref().unwrap().int(row, col).unwrap();
                t3_mut(&mut r).set(row, col, Some(v + 1));
                let got = keys(&audited(r), Severity::Error);
                assert_eq!(
                    got,
                    touching(version, row, col),
                    "{version:?} {row}/{col} +1"
                );
            }
        }
    }
}

#[test]
fn blanking_one_t3_cell_is_a_blank_not_a_failed_sum() {
    for version in [V19, V21] {
        let mut base = clean_report(version, if version == V19 { 2020 } else { 2022 });
        base.tables.t3 = Some(busy_t3(version));
        for (row, col) in [
            ("r3_5", "res"),
            ("r7", "tot"),
            ("cout", "np"),
            ("new", "law"),
        ] {
            let mut r = base.clone();
            t3_mut(&mut r).set(row, col, None);
            let r = audited(r);
            assert_eq!(
                keys(&r, Severity::Error),
                vec![("C-BLANK", Some(row), Some(col))],
                "{row}/{col}"
            );
            // Each check that needed the cell says it could not be verified.
            let infos: Vec<Key> = keys(&r, Severity::Info)
                .into_iter()
                .filter(|k| k.0 != "T3-COUT")
                .collect();
            assert_eq!(infos, touching(version, row, col), "{row}/{col}");
            assert!(
                r.findings
                    .iter()
                    .filter(|f| f.severity == Severity::Info)
                    .all(|f| f.message().starts_with("无法核验"))
            );
        }
    }
}

#[test]
fn changing_one_t4_cell_fails_only_its_group() {
    let base = {
        let mut r = clean_report(V19, 2020);
        r.tables.t4 = Some(t4_literal([
            [18, 6, 30, 14, 68],
            [1, 2, 25, 13, 41],
            [1, 0, 7, 6, 14],
        ]));
        r
    };
    for g in ["rv", "ld", "lr"] {
        for col in ["keep", "fix", "oth", "pend", "tot"] {
            let mut r = base.clone();
            let t4 = r.tables.t4.as_mut().unwrap();
            let v = t4.int(g, col).unwrap();
            t4.set(g, col, Some(v + 3));
            let r = audited(r);
            assert_eq!(
                keys(&r, Severity::Error),
                vec![("T4-SUM", Some(g), Some("tot"))]
            );
            let f = &with_rule(&r, "T4-SUM")[0];
            let (e, a) = if col == "tot" {
                (v_sum(&base, g), v_sum(&base, g) + 3)
            } else {
                (v_sum(&base, g) + 3, v_sum(&base, g))
            };
            assert_eq!((f.expected, f.actual), (Some(e), Some(a)), "{g}/{col}");
        }
    }
}

fn v_sum(r: &Report, g: &str) -> i64 {
    r.tables.t4.as_ref().unwrap().int(g, "tot").unwrap()
}

#[test]
fn only_totals_filled_is_blanks_not_errors() {
    // Seed 001: every 表三 row holds one 0 (in 总计), 表四 only its three totals.
    let mut r = clean_report(V19, 2020);
    let mut t3 = crate::model::Table::blank(V19, TableId::T3);
    for def in V19.get().t3 {
        t3.set(def.key, "tot", Some(0));
    }
    r.tables.t3 = Some(t3);
    let mut t4 = crate::model::Table::blank(V19, TableId::T4);
    for g in ["rv", "ld", "lr"] {
        t4.set(g, "tot", Some(0));
    }
    r.tables.t4 = Some(t4);
    let r = audited(r);
    assert_eq!(r.failed_checks(), 0);
    assert_eq!(r.missing_cells(), 23 * 6 + 3 * 4);
    // The 总计 column still checks (0 = 0); the six others and every row cannot.
    assert!(
        with_rule(&r, "T3-SUM7")
            .iter()
            .all(|f| f.column != Some("tot"))
    );
    assert_eq!(with_rule(&r, "T3-SUM7").len(), 6);
    assert_eq!(with_rule(&r, "T3-ROW").len(), 23);
    assert_eq!(with_rule(&r, "T4-SUM").len(), 3);
}

#[test]
fn known_operands_above_the_total_fail_whatever_the_blanks_hold() {
    let mut r = clean_report(V19, 2020);
    let t3 = t3_mut(&mut r);
    t3.set("r1", "np", Some(10));
    t3.set("r2", "np", None);
    t3.set("r7", "np", Some(5));
    let r = audited(r);
    let sum7: Vec<_> = with_rule(&r, "T3-SUM7");
    assert_eq!(sum7.len(), 1);
    assert_eq!(sum7[0].severity, Severity::Error);
    assert_eq!((sum7[0].expected, sum7[0].actual), (Some(10), Some(5)));
    assert!(
        sum7[0].message().contains("无论空白填什么都不相符"),
        "{}",
        sum7[0].message()
    );

    // The other way round: the total is blank-free but its parts already exceed it.
    let mut r = clean_report(V19, 2020);
    let t3 = t3_mut(&mut r);
    t3.set("r1", "tot", Some(4));
    t3.set("r1", "np", Some(7));
    t3.set("r1", "biz", None);
    let r = audited(r);
    let row: Vec<_> = with_rule(&r, "T3-ROW");
    assert_eq!(row.len(), 1);
    assert_eq!(
        (row[0].severity, row[0].expected, row[0].actual),
        (Severity::Error, Some(7), Some(4))
    );
}

#[test]
fn unreadable_and_negative_cells_are_nonneg_errors_left_out_of_sums() {
    let mut r = clean_report(V19, 2020);
    let t3 = t3_mut(&mut r);
    let row = t3.rows.iter_mut().find(|x| x.def.key == "r2").unwrap();
    row.cells[0] = Cell {
        raw: "约30".into(),
        unreadable: true,
        line: Some(77),
        ..Cell::default()
    };
    t3.set("r4_1", "biz", Some(-2));
    let r = audited(r);
    assert_eq!(
        keys(&r, Severity::Error),
        vec![
            ("T3-NONNEG", Some("r2"), Some("np")),
            ("T3-NONNEG", Some("r4_1"), Some("biz"))
        ]
    );
    let f = &with_rule(&r, "T3-NONNEG")[0];
    assert_eq!(f.line, Some(77));
    assert!(
        f.message().contains("「约30」不是非负整数"),
        "{}",
        f.message()
    );
    assert_eq!(with_rule(&r, "T3-NONNEG")[1].actual, Some(-2));
    let infos = keys(&r, Severity::Info);
    assert!(infos.contains(&("T3-ROW", Some("r2"), Some("tot"))));
    assert!(infos.contains(&("T3-SUM7", Some("r7"), Some("biz"))));

    let mut r = clean_report(V19, 2020);
    r.tables.t4.as_mut().unwrap().set("ld", "fix", Some(-1));
    assert_eq!(
        keys(&audited(r), Severity::Error),
        vec![("T4-NONNEG", Some("ld"), Some("fix"))]
    );
}

#[test]
fn carried_over_beyond_received_fails_when_the_total_is_blank() {
    let mut r = clean_report(V19, 2020);
    let t3 = t3_mut(&mut r);
    t3.set("new", "np", Some(3));
    t3.set("new", "tot", Some(3));
    t3.set("r7", "np", None);
    t3.set("cout", "np", Some(5));
    t3.set("cout", "tot", Some(5));
    let r = audited(r);
    let cout = with_rule(&r, "T3-COUT");
    assert_eq!(cout.len(), 1);
    assert_eq!((cout[0].row, cout[0].column), (Some("cout"), Some("np")));
    assert_eq!((cout[0].expected, cout[0].actual), (Some(3), Some(5)));
    // One defect, one error: T3-ID could not be verified in 自然人 ...
    assert!(keys(&r, Severity::Info).contains(&("T3-ID", Some("r7"), Some("np"))));
    // ... while 总计 has its (七), so T3-ID speaks there, not T3-COUT.
    assert_eq!(
        keys(&r, Severity::Error),
        vec![
            ("C-BLANK", Some("r7"), Some("np")),
            ("T3-COUT", Some("cout"), Some("np")),
            ("T3-ID", Some("r7"), Some("tot")),
        ]
    );

    let cfg = super::super::AuditConfig {
        cout_bound: false,
        ..Default::default()
    };
    let mut r2 = clean_report(V19, 2020);
    r2.tables.t3 = r.tables.t3.clone();
    super::super::audit(&mut r2, &cfg);
    assert!(with_rule(&r2, "T3-COUT").is_empty());
    // Without T3-COUT, T3-ID proves the failure from the known operands itself.
    assert!(keys(&r2, Severity::Error).contains(&("T3-ID", Some("r7"), Some("np"))));
}

#[test]
fn a_sum_failing_on_an_inferred_cell_is_a_warning_that_could_not_verify() {
    // 行政复议 8/0/1/1 and 总计 12, with 结果维持 placed by inference: the failure may be the
    // placement's, so it is a warning, and the same sum on read cells stays an error.
    let mut r = seed004();
    r.tables.t4 = Some(t4_literal([[8, 0, 1, 1, 12], [0; 5], [0; 5]]));
    let read = audited(r.clone());
    let sums = with_rule(&read, "T4-SUM");
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].severity, Severity::Error);

    let t4 = r.tables.t4.as_mut().unwrap();
    t4.rows[0].cells[0].placed = crate::model::Placed::Inferred;
    let inferred = audited(r);
    let sums = with_rule(&inferred, "T4-SUM");
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].severity, Severity::Warning);
    assert!(
        sums[0]
            .message()
            .starts_with("placement inferred, could not verify"),
        "{}",
        sums[0].message()
    );
    assert_eq!((sums[0].expected, sums[0].actual), (Some(10), Some(12)));
}

#[test]
fn carried_over_beyond_received_on_an_inferred_cell_is_a_warning() {
    let mut r = clean_report(V19, 2020);
    let t3 = t3_mut(&mut r);
    t3.set("new", "np", Some(3));
    t3.set("new", "tot", Some(3));
    t3.set("r7", "np", None);
    t3.set("cout", "np", Some(5));
    t3.set("cout", "tot", Some(5));
    t3.rows.last_mut().unwrap().cells[0].placed = crate::model::Placed::Inferred;
    let r = audited(r);
    let cout = with_rule(&r, "T3-COUT");
    assert_eq!(cout.len(), 1);
    assert_eq!(cout[0].severity, Severity::Warning);
    assert!(cout[0].message().starts_with("placement inferred"));
}
