//! Tests of `audit`.

use super::*;
use crate::rules::Rule;

use crate::model::{Finding, Severity};
use testkit::*;

#[test]
fn a_clean_report_has_nothing_to_say() {
    for (v, year) in [
        (TemplateVersion::V2019, 2020),
        (TemplateVersion::V2021, 2023),
    ] {
        let r = audited(clean_report(v, year));
        assert_eq!(r.findings, vec![], "{v:?}");
    }
}

#[test]
fn seed003_has_no_error_and_the_expected_warnings() {
    let r = audited(seed003());
    assert_eq!(keys(&r, Severity::Error), vec![]);
    let warnings: Vec<&str> = keys(&r, Severity::Warning).iter().map(|k| k.0).collect();
    assert_eq!(warnings, vec!["P-REGPUB", "P-REGPUB", "P-UNIT", "S-SIX"]);
}

#[test]
fn unreadable_files_and_non_reports_are_left_alone() {
    let mut r = Report::unreadable("x.txt".into(), "permission denied");
    audit(&mut r, &AuditConfig::default());
    assert!(r.findings.is_empty());
    let mut r = Report::empty("README.md".into());
    audit(&mut r, &AuditConfig::default());
    assert!(r.findings.is_empty());
}

#[test]
fn extractor_findings_are_kept() {
    let mut r = clean_report(TemplateVersion::V2019, 2020);
    r.findings
        .push(Finding::new(Rule::CHeader, Severity::Warning, "本年新"));
    r.tables.t3 = None;
    let r = audited(r);
    assert_eq!(r.findings[0].rule, Rule::CHeader);
    assert_eq!(r.findings[1].rule, Rule::CTableMissing);
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn without_a_detected_format_the_year_decides() {
    let mut r = clean_report(TemplateVersion::V2021, 2022);
    r.template = None;
    let cfg = AuditConfig::default();
    assert_eq!(Ctx::new(&r, &cfg).version, TemplateVersion::V2021);
    r.year = None;
    assert_eq!(Ctx::new(&r, &cfg).version, TemplateVersion::V2019);
    // The tables were built on the 2021 grid and are read on it whatever the fallback says.
    assert_eq!(audited(r).findings, vec![]);
}

#[test]
fn deadlines_default_to_the_statute() {
    let d = AuditConfig::default().deadlines;
    assert_eq!(d.department, Some(MonthDay::new(1, 31)));
    assert_eq!(d.government, Some(MonthDay::new(3, 31)));
    assert_eq!(d.township, None);
    assert_eq!(d.pre_2019, Some(MonthDay::new(3, 31)));
}

#[test]
fn month_days_parse_and_clamp() {
    assert_eq!("01-28".parse::<MonthDay>(), Ok(MonthDay::new(1, 28)));
    assert_eq!("2/20".parse::<MonthDay>(), Ok(MonthDay::new(2, 20)));
    assert!("13-01".parse::<MonthDay>().is_err());
    assert!("02-30".parse::<MonthDay>().is_err());
    assert!("tomorrow".parse::<MonthDay>().is_err());
    let feb29 = MonthDay::new(2, 29);
    assert_eq!(feb29.in_year(2023), NaiveDate::from_ymd_opt(2023, 2, 28));
    assert_eq!(feb29.in_year(2024), NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(MonthDay::new(1, 31).to_string(), "01-31");
}

/// Tables of `version` laid out every way [`Grid::new`] must read like [`at`]: as built,
/// with a row missing, rows reordered, a row twice, an extra row, a row built on the other
/// format's definition, and cells of every kind (missing, unreadable, negative, fractional).
fn odd_tables(version: TemplateVersion) -> Vec<Table> {
    use crate::model::Number;
    let other = match version {
        TemplateVersion::V2019 => TemplateVersion::V2021,
        TemplateVersion::V2021 => TemplateVersion::V2019,
    };
    let mut out = Vec::new();
    for id in [TableId::T2, TableId::T3, TableId::T4] {
        let mut t = Table::blank(version, id);
        number_lines(&mut t, 10);
        let mut k = 0i64;
        for row in &mut t.rows {
            for cell in &mut row.cells {
                k += 1;
                *cell = match k % 6 {
                    0 => Cell::default(),
                    1 => Cell {
                        raw: "约30".into(),
                        unreadable: true,
                        ..Cell::default()
                    },
                    2 => Cell {
                        raw: "1.5".into(),
                        value: Some(Number {
                            value: "1.5".parse().unwrap(),
                            unit: None,
                        }),
                        line: cell.line,
                        ..Cell::default()
                    },
                    3 => Cell {
                        value: Some(Number::int(-k)),
                        ..Cell::default()
                    },
                    _ => Cell {
                        value: Some(Number::int(k)),
                        line: cell.line,
                        ..Cell::default()
                    },
                };
            }
        }
        out.push(t.clone());
        let mut missing = t.clone();
        missing.rows.remove(1);
        missing.rows.pop();
        out.push(missing);
        let mut reversed = t.clone();
        reversed.rows.reverse();
        reversed.rows[0].label_line = None;
        out.push(reversed);
        let mut twice = t.clone();
        let mut dup = twice.rows[2].clone();
        dup.cells.iter_mut().for_each(|c| c.line = Some(999));
        twice.rows.insert(1, dup);
        out.push(twice);
        let mut extra = t.clone();
        extra.rows.push(crate::model::Row::empty(
            &crate::template::T2_EXTRA_OTHER_DOCS,
        ));
        out.push(extra);
        let mut foreign = t.clone();
        let theirs = other.get().rows(id);
        foreign.rows[0] = crate::model::Row::empty(&theirs[0]);
        foreign.rows[0].cells.iter_mut().for_each(|c| {
            *c = Cell {
                value: Some(Number::int(7)),
                ..Cell::default()
            }
        });
        out.push(foreign);
        let mut unlined = t;
        unlined.line = None;
        unlined.rows.remove(0);
        out.push(unlined);
    }
    out
}

#[test]
fn grids_agree_with_at_on_every_template_cell() {
    for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
        for t in odd_tables(version) {
            let g = Grid::new(&t, version);
            let mut i = 0;
            for (ri, def) in version.get().rows(t.id).iter().enumerate() {
                for (ci, col) in def.cols.iter().enumerate() {
                    let want = at(&t, def.key, col.key);
                    assert_eq!(g.index(ri, ci), i);
                    let got = g.at(i);
                    let what = format!("{version:?} {:?} {}/{}", t.id, def.key, col.key);
                    assert_eq!(got.r, want.r, "{what}");
                    assert!(
                        std::ptr::eq(
                            got.cell.map_or(std::ptr::null(), |c| c as *const Cell),
                            want.cell.map_or(std::ptr::null(), |c| c as *const Cell),
                        ),
                        "{what}"
                    );
                    assert_eq!(got.line, want.line, "{what}");
                    let s = g.slot(i);
                    assert_eq!(s.val, Val::of(want.cell), "{what}");
                    i += 1;
                }
            }
            assert_eq!(g.slots().len(), i);
        }
    }
}

#[test]
fn cells_read_as_the_sums_see_them() {
    use crate::model::Number;
    let int = |v: i64| Cell {
        value: Some(Number::int(v)),
        ..Cell::default()
    };
    assert_eq!(Val::of(None), Val::Missing);
    assert_eq!(Val::of(Some(&Cell::default())), Val::Missing);
    assert_eq!(Val::of(Some(&int(0))), Val::Int(0));
    assert_eq!(Val::of(Some(&int(12))), Val::Int(12));
    assert_eq!(Val::of(Some(&int(-1))), Val::Bad);
    let unreadable = Cell {
        unreadable: true,
        ..int(3)
    };
    assert_eq!(Val::of(Some(&unreadable)), Val::Bad);
    let fraction = Cell {
        value: Some(Number {
            value: "2.5".parse().unwrap(),
            unit: None,
        }),
        ..Cell::default()
    };
    assert_eq!(Val::of(Some(&fraction)), Val::Bad);
}

#[test]
fn rows_are_named_with_their_group() {
    let v = TemplateVersion::V2019;
    let row_name = |t, v, key| {
        let mut s = String::new();
        names::write_row_name(&mut s, t, v, key).unwrap();
        s
    };
    assert_eq!(
        row_name(TableId::T3, v, "r3_1"),
        "（三）不予公开·1.属于国家秘密"
    );
    assert_eq!(row_name(TableId::T3, v, "r2"), "（二）部分公开");
    assert_eq!(row_name(TableId::T3, v, "r7"), "（七）总计");
    assert_eq!(row_name(TableId::T2, v, "rules"), "第二十条第(一)项 规章");
    assert_eq!(col_name(TableId::T3, v, "r1", "oth"), "法人或其他组织·其他");
    assert_eq!(col_name(TableId::T4, v, "rv", "pend"), "尚未审结");
}
