//! Test fixtures for the rule families: consistent tables built from the template, the figures of
//! the real seeds (domain.md §9), and a clean report to change one thing at a time.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    BodyKind, Cell, Finding, Number, Report, Section, Severity, Table, TableId, TemplateVersion,
};
use crate::template::t3_groups;

use super::structure::CANONICAL;
use super::{AuditConfig, audit};

pub const APPLICANTS: [&str; 6] = ["np", "biz", "res", "ngo", "law", "oth"];
pub const T4_PARTS: [&str; 4] = ["keep", "fix", "oth", "pend"];

/// A 表三 that satisfies every rule: the given per-applicant values of `new`, `cin` and the
/// result rows (others 0); (七) is their sum, 结转下年度 what is left, 总计 every row's sum.
pub fn t3_consistent(
    version: TemplateVersion,
    new: [i64; 6],
    cin: [i64; 6],
    results: &[(&str, [i64; 6])],
) -> Table {
    let mut t = Table::blank(version, TableId::T3);
    let result_rows: Vec<&str> = t3_groups(version)
        .iter()
        .flat_map(|(_, m)| m.iter().copied())
        .collect();
    let mut r7 = [0i64; 6];
    let mut rows: Vec<(&str, [i64; 6])> = vec![("new", new), ("cin", cin)];
    for key in &result_rows {
        let v = results
            .iter()
            .find(|(k, _)| k == key)
            .map_or([0; 6], |(_, v)| *v);
        for (s, x) in r7.iter_mut().zip(v) {
            *s += x;
        }
        rows.push((key, v));
    }
    assert!(
        results.iter().all(|(k, _)| result_rows.contains(k)),
        "unknown result row in {results:?}"
    );
    let cout: [i64; 6] = std::array::from_fn(|i| new[i] + cin[i] - r7[i]);
    assert!(cout.iter().all(|c| *c >= 0), "more handled than received");
    rows.push(("r7", r7));
    rows.push(("cout", cout));
    for (key, v) in rows {
        for (col, x) in APPLICANTS.iter().zip(v) {
            t.set(key, col, Some(x));
        }
        t.set(key, "tot", Some(v.iter().sum()));
    }
    t
}

/// A 表三 from literal rows of seven values (np…oth, tot), as printed in a report.
pub fn t3_literal(version: TemplateVersion, rows: &[(&str, [i64; 7])]) -> Table {
    let mut t = Table::blank(version, TableId::T3);
    for def in version.get().t3 {
        let v = rows
            .iter()
            .find(|(k, _)| *k == def.key)
            .map_or([0; 7], |(_, v)| *v);
        for (col, x) in APPLICANTS.iter().chain(&["tot"]).zip(v) {
            t.set(def.key, col, Some(x));
        }
    }
    t
}

/// A 表四 from literal groups (keep, fix, oth, pend, tot) in the order rv, ld, lr.
pub fn t4_literal(rows: [[i64; 5]; 3]) -> Table {
    let mut t = Table::blank(TemplateVersion::V2019, TableId::T4);
    for (g, v) in ["rv", "ld", "lr"].into_iter().zip(rows) {
        for (col, x) in T4_PARTS.iter().chain(&["tot"]).zip(v) {
            t.set(g, col, Some(x));
        }
    }
    t
}

/// A 表二 with every cell 0.
pub fn t2_zero(version: TemplateVersion) -> Table {
    let mut t = Table::blank(version, TableId::T2);
    let cells: Vec<(&str, &str)> = version
        .get()
        .t2
        .iter()
        .flat_map(|r| r.cols.iter().map(move |c| (r.key, c.key)))
        .collect();
    for (row, col) in cells {
        t.set(row, col, Some(0));
    }
    t
}

/// Sets a cell as written, e.g. `27.88亿` read as 27.88 with unit `亿`.
pub fn set_raw(t: &mut Table, row: &str, col: &str, raw: &str, value: &str, unit: Option<&str>) {
    let r = t.rows.iter_mut().find(|r| r.def.key == row).unwrap();
    let (i, _) = r.def.col(col).unwrap();
    r.cells[i] = Cell {
        raw: raw.to_string(),
        value: Some(Number {
            value: value.parse::<Decimal>().unwrap(),
            unit: unit.map(str::to_string),
        }),
        ..Cell::default()
    };
}

/// Gives every row label and cell its own source line, from `first` on, in reading order
/// (label, then its cells), as a one-cell-per-line layout would.
pub fn number_lines(t: &mut Table, first: u32) -> u32 {
    let mut n = first;
    t.line = Some(n);
    for row in &mut t.rows {
        n += 1;
        row.label_line = Some(n);
        for cell in &mut row.cells {
            n += 1;
            cell.line = Some(n);
        }
    }
    n
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A report with nothing to find: six canonical sections, zero-filled consistent tables, the
/// right format for the year, the whole year as period, published on time by a city government.
pub fn clean_report(version: TemplateVersion, year: i32) -> Report {
    let mut r = Report::empty("test.txt".into());
    r.is_report = true;
    r.year = Some(year);
    r.template = Some(version);
    r.body = Some("兰州市人民政府".to_string());
    r.body_kind = BodyKind::Government;
    r.published = Some(date(year + 1, 3, 1));
    r.period = Some((date(year, 1, 1), date(year, 12, 31)));
    r.period_line = Some(2);
    r.lines = vec![""; 80].into_iter().collect();
    r.lines.set(0, &format!("{year}年政府信息公开工作年度报告"));
    r.sections = CANONICAL
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let line = 3 + 12 * i as u32;
            r.lines.set(line as usize - 1, h);
            Section {
                number: i as u8 + 1,
                heading: h.to_string(),
                line,
                canonical: true,
            }
        })
        .collect();
    // Section 五 states its problems (S-FIVE).
    r.lines.set(
        r.sections[4].line as usize,
        "一是政策解读质量仍需提升；二是队伍建设还需加强，下一步将加强培训。",
    );
    r.tables.t2 = Some(t2_zero(version));
    r.tables.t3 = Some(t3_consistent(version, [0; 6], [0; 6], &[]));
    r.tables.t4 = Some(t4_literal([[0; 5]; 3]));
    r
}

/// 兰州市 2020 (seed 003): the 表二, 表三 and 表四 figures as printed.
pub fn seed003() -> Report {
    let v = TemplateVersion::V2019;
    let mut r = clean_report(v, 2020);
    r.published = Some(date(2021, 3, 9));
    r.body = Some("兰州市".to_string());
    r.sections[4].heading = "五、存在的问题及改进情况".to_string();
    r.sections[4].canonical = false;

    let mut t2 = Table::blank(v, TableId::T2);
    for (row, vals) in [
        ("rules", vec![36, 3, 50]),
        ("normative_docs", vec![1705, 864, 3117]),
        ("licensing", vec![1634, 1670, 1432816]),
        ("other_services", vec![2708, -271, 197708]),
        ("penalty", vec![6614, 2666, 2543676]),
        ("enforcement", vec![266, 150, 284127]),
        ("fees", vec![88, -18]),
        ("procurement", vec![6447]),
    ] {
        let def = t2.row(row).unwrap().def;
        for (c, x) in def.cols.iter().zip(vals) {
            t2.set(row, c.key, Some(x));
        }
    }
    set_raw(
        &mut t2,
        "procurement",
        "amount",
        "27.88亿",
        "27.88",
        Some("亿"),
    );
    r.tables.t2 = Some(t2);

    r.tables.t3 = Some(t3_literal(
        v,
        &[
            ("new", [284, 50, 1, 2, 6, 0, 343]),
            ("cin", [14, 0, 0, 0, 0, 0, 14]),
            ("r1", [252, 40, 1, 2, 2, 0, 297]),
            ("r2", [8, 0, 0, 0, 0, 0, 8]),
            ("r3_2", [4, 0, 0, 0, 0, 0, 4]),
            ("r3_4", [1, 0, 0, 0, 0, 0, 1]),
            ("r3_5", [2, 1, 0, 0, 0, 0, 3]),
            ("r3_6", [1, 1, 0, 0, 0, 0, 2]),
            ("r3_7", [2, 1, 0, 0, 0, 0, 3]),
            ("r3_8", [1, 1, 0, 0, 0, 0, 2]),
            ("r4_1", [16, 6, 0, 0, 4, 0, 26]),
            ("r5_1", [2, 0, 0, 0, 0, 0, 2]),
            ("r5_2", [6, 0, 0, 0, 0, 0, 6]),
            ("r5_4", [3, 0, 0, 0, 0, 0, 3]),
            ("r7", [298, 50, 1, 2, 6, 0, 357]),
        ],
    ));
    r.tables.t4 = Some(t4_literal([
        [18, 6, 30, 14, 68],
        [1, 2, 25, 13, 41],
        [1, 0, 7, 6, 14],
    ]));
    r
}

/// The findings of one severity as (rule, row, column), sorted.
pub fn keys(
    r: &Report,
    sev: Severity,
) -> Vec<(&'static str, Option<&'static str>, Option<&'static str>)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == sev)
        .map(|f| (f.rule.id(), f.row, f.column))
        .collect();
    v.sort();
    v
}

/// Audits with the default settings and returns the report.
pub fn audited(mut r: Report) -> Report {
    audit(&mut r, &AuditConfig::default());
    r
}

/// The findings with this rule id.
pub fn with_rule<'a>(r: &'a Report, rule: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}
