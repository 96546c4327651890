//! Generated-report tests: reports built by `gouji::synth` in every layout and both formats go
//! through the real extractor and auditor.
//!
//! A consistent report must come out with every value in place and no error; changing one
//! 表三 cell must fail exactly the rules that read that cell; every planted defect must give
//! exactly the findings it announces; the shipped samples give exactly their README findings.

use std::path::{Path, PathBuf};

use gouji::audit::{AuditConfig, audit};
use gouji::extract::extract_text;
use gouji::model::{Finding, Report, Severity, TableId, TemplateVersion};
use gouji::rules::Rule;
use gouji::synth::{Defect, Layout, ReportSpec, render, samples, verify};

const VERSIONS: [(TemplateVersion, i32); 2] = [
    (TemplateVersion::V2019, 2020),
    (TemplateVersion::V2021, 2023),
];

fn path_for(name: &str, layout: Layout) -> PathBuf {
    PathBuf::from(format!("{name}-{}.{}", layout.name(), layout.extension()))
}

fn check(path: &Path, text: &str) -> Report {
    let mut report = extract_text(path, text);
    audit(&mut report, &AuditConfig::default());
    report
}

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "  {} {} {}/{}/{} expected {:?} actual {:?} line {:?}: {}",
                f.severity.as_str(),
                f.rule,
                f.table.map(TableId::as_str).unwrap_or("-"),
                f.row.unwrap_or("-"),
                f.column.unwrap_or("-"),
                f.expected,
                f.actual,
                f.line,
                f.message()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn errors(r: &Report) -> Vec<Finding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect()
}

/// Every 表二/表三/表四 integer the spec holds is extracted into the same cell.
fn assert_values_extracted(spec: &ReportSpec, report: &Report, ctx: &str) {
    for id in [TableId::T2, TableId::T3, TableId::T4] {
        let want = spec.table(id);
        let got = report
            .tables
            .get(id)
            .unwrap_or_else(|| panic!("{ctx}: {} not found", id.as_str()));
        for row in &want.rows {
            for (i, col) in row.def.cols.iter().enumerate() {
                let w = &row.cells[i];
                let g = got.cell(row.def.key, col.key);
                let gv = g.and_then(|c| c.value.as_ref()).map(|n| n.value);
                let wv = w.value.as_ref().map(|n| n.value);
                assert_eq!(
                    gv,
                    wv,
                    "{ctx}: {} {}.{} (raw {:?})",
                    id.as_str(),
                    row.def.key,
                    col.key,
                    g.map(|c| c.raw.as_str())
                );
            }
        }
    }
}

#[test]
fn consistent_reports_extract_every_value_and_have_no_error_in_any_layout() {
    for seed in [1u64, 2, 3] {
        for (version, year) in VERSIONS {
            let spec = ReportSpec::consistent(seed, version, year);
            for layout in Layout::every() {
                let ctx = format!("seed {seed} {} {}", version.as_str(), layout.name());
                let report = check(&path_for("clean", layout), &render(&spec, layout));
                assert!(report.is_report, "{ctx}: not recognised as a report");
                assert_eq!(report.template, Some(version), "{ctx}");
                assert_eq!(report.year, Some(year), "{ctx}");
                assert_eq!(report.body.as_deref(), Some(spec.body.as_str()), "{ctx}");
                assert_eq!(report.published, Some(spec.published), "{ctx}");
                assert_eq!(report.sections.len(), 6, "{ctx}: six sections");
                let errs = errors(&report);
                assert!(errs.is_empty(), "{ctx}: errors\n{}", describe(&errs));
                assert_values_extracted(&spec, &report, &ctx);
            }
        }
    }
}

#[test]
fn consistent_reports_have_no_warning_either() {
    for seed in [4u64, 5] {
        for (version, year) in VERSIONS {
            let spec = ReportSpec::consistent(seed, version, year);
            for layout in Layout::every() {
                let ctx = format!("seed {seed} {} {}", version.as_str(), layout.name());
                let report = check(&path_for("clean", layout), &render(&spec, layout));
                if let Err(e) = verify(&report.findings, &[]) {
                    panic!("{ctx}:\n{e}");
                }
            }
        }
    }
}

/// Cells chosen to hit every kind of 表三 row: the two inputs, result rows inside and outside
/// groups, the (六) row(s), (七)总计 (both an applicant column and 总计) and the carry-over.
fn changed_cells(version: TemplateVersion) -> Vec<(&'static str, &'static str)> {
    let six = match version {
        TemplateVersion::V2019 => "r6",
        TemplateVersion::V2021 => "r6_2",
    };
    vec![
        ("new", "np"),
        ("cin", "tot"),
        ("r1", "biz"),
        ("r2", "tot"),
        ("r3_4", "ngo"),
        ("r4_1", "np"),
        ("r5_2", "law"),
        (six, "oth"),
        ("r7", "np"),
        ("r7", "tot"),
        ("cout", "res"),
    ]
}

#[test]
fn one_changed_t3_cell_fails_exactly_the_rules_touching_it() {
    for seed in [6u64, 7] {
        for (version, year) in VERSIONS {
            let base = ReportSpec::consistent(seed, version, year).compact();
            for layout in Layout::every() {
                for (row, col) in changed_cells(version) {
                    let mut spec = base.clone();
                    let planted = Defect::ChangeT3Cell { row, col, delta: 2 }.plant(&mut spec);
                    let ctx = format!(
                        "seed {seed} {} {}: {row}.{col} +2",
                        version.as_str(),
                        layout.name()
                    );
                    let report = check(&path_for("changed", layout), &render(&spec, layout));
                    let errs = errors(&report);
                    // Each announced rule fails exactly once; nothing else fails.
                    for m in &planted.must {
                        let n = errs.iter().filter(|f| m.matches(f)).count();
                        assert_eq!(n, 1, "{ctx}: {m} reported {n} times\n{}", describe(&errs));
                    }
                    for f in &errs {
                        assert!(
                            planted
                                .must
                                .iter()
                                .chain(&planted.may)
                                .any(|m| m.matches(f)),
                            "{ctx}: unexpected error\n{}",
                            describe(std::slice::from_ref(f))
                        );
                    }
                    // The findings carry the numbers an inspector needs: off by the change.
                    for f in errs
                        .iter()
                        .filter(|f| matches!(f.rule, Rule::T3Row | Rule::T3Sum7 | Rule::T3Id))
                    {
                        let (e, a) = (f.expected, f.actual);
                        assert!(
                            matches!((e, a), (Some(e), Some(a)) if (a - e).abs() == 2),
                            "{ctx}: {}",
                            describe(std::slice::from_ref(f))
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn every_planted_defect_gives_exactly_its_findings_in_every_layout() {
    let bodies = ["city-gov", "bureau", "town"];
    for (version, year) in VERSIONS {
        for (i, tag) in bodies.iter().enumerate() {
            let body = gouji::synth::Body::by_tag(tag);
            let base = ReportSpec::consistent_for(20 + i as u64, version, year, body).compact();
            for defect in Defect::all() {
                // Old-format needs a 2021+ year; try it on a 2022 report of the 2021 format.
                let mut spec = if defect == Defect::OldFormatForYear {
                    ReportSpec::consistent_for(30, TemplateVersion::V2021, 2022, body).compact()
                } else {
                    base.clone()
                };
                if !defect.applies_to(&spec) {
                    continue;
                }
                let planted = defect.plant(&mut spec);
                for layout in Layout::every() {
                    let ctx = format!(
                        "{} on {} {} {}",
                        defect.slug(),
                        tag,
                        version.as_str(),
                        layout.name()
                    );
                    let report = check(&path_for("defect", layout), &render(&spec, layout));
                    if let Err(e) = verify(&report.findings, std::slice::from_ref(&planted)) {
                        panic!("{ctx}:\n{e}");
                    }
                }
            }
        }
    }
}

#[test]
fn shipped_samples_give_exactly_their_documented_findings() {
    for s in samples::all() {
        let report = check(Path::new(&s.file), &s.text);
        assert!(report.is_report, "{} not recognised as a report", s.file);
        if let Err(e) = verify(&report.findings, &s.defects) {
            panic!("samples/{}:\n{e}", s.file);
        }
    }
    let report = check(Path::new(samples::NOT_A_REPORT_FILE), samples::NOT_A_REPORT);
    assert!(!report.is_report, "a meeting notice is not a report");
    assert_eq!(verify(&report.findings, &[]), Ok(()));
}

#[test]
fn a_2021_report_keeping_the_2019_other_row_reads_back_exactly_in_every_layout() {
    for seed in [40u64, 41, 42] {
        let spec = ReportSpec::consistent(seed, TemplateVersion::V2021, 2023)
            .compact()
            .with_merged_six();
        for layout in Layout::every() {
            let ctx = format!("seed {seed} mixed 2021 {}", layout.name());
            let report = check(&path_for("mixed", layout), &render(&spec, layout));
            assert_eq!(report.template, Some(TemplateVersion::V2021), "{ctx}");
            let errs = errors(&report);
            assert!(errs.is_empty(), "{ctx}: errors\n{}", describe(&errs));
            assert_values_extracted(&spec, &report, &ctx);
            let mixed = report
                .findings
                .iter()
                .filter(|f| f.rule == Rule::VMixed)
                .count();
            assert_eq!(mixed, 1, "{ctx}\n{}", describe(&report.findings));
            // A changed cell is still found, by the rules reading it.
            for (row, col) in [("r1", "biz"), ("r7", "tot"), ("cout", "res")] {
                let mut changed = spec.clone();
                let planted = Defect::ChangeT3Cell { row, col, delta: 2 }.plant(&mut changed);
                let report = check(&path_for("mixed", layout), &render(&changed, layout));
                let errs = errors(&report);
                for m in &planted.must {
                    let n = errs.iter().filter(|f| m.matches(f)).count();
                    assert_eq!(n, 1, "{ctx} {row}.{col}: {m}\n{}", describe(&errs));
                }
            }
        }
    }
}
