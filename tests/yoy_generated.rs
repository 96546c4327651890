//! Generated pairs of reports, last year's and this year's of the same body (issue 16), through
//! the real extractor, auditor and year-over-year linking, in every layout and both formats: a
//! consistent pair links with no X-* finding, a broken carry-over gives exactly X-CARRY, a
//! copied prose gives X-DUP.

use std::path::PathBuf;

use gouji::audit::{AuditConfig, audit, yoy};
use gouji::extract::extract_text;
use gouji::model::{Finding, Report, TableId, TemplateVersion};
use gouji::synth::pair::break_carry;
use gouji::synth::{Layout, ReportSpec, render};

const VERSIONS: [(TemplateVersion, i32); 2] = [
    (TemplateVersion::V2019, 2020),
    (TemplateVersion::V2021, 2023),
];

const SEEDS: u64 = 10;

fn check(name: &str, layout: Layout, spec: &ReportSpec) -> Report {
    let path = PathBuf::from(format!("{name}-{}.{}", layout.name(), layout.extension()));
    let mut report = extract_text(&path, &render(spec, layout));
    audit(&mut report, &AuditConfig::default());
    report
}

/// Links last year's and this year's report and returns this year's.
fn linked(prev: &ReportSpec, now: &ReportSpec, layout: Layout) -> Report {
    let mut reports = vec![check("prev", layout, prev), check("now", layout, now)];
    yoy::link(&mut reports);
    assert_eq!(
        reports[1].previous.as_deref(),
        Some(reports[0].path.as_path()),
        "{}: this year's report is linked to last year's",
        layout.name()
    );
    assert!(reports[0].previous.is_none());
    reports.pop().expect("this year's report")
}

fn yoy_findings(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.rule.id().starts_with("X-"))
        .collect()
}

fn describe(fs: &[&Finding]) -> String {
    fs.iter()
        .map(|f| format!("  {} line {:?}: {}", f.rule, f.line, f.message()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_consistent_pair_links_with_no_year_over_year_finding_in_any_layout() {
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS {
            let now = ReportSpec::consistent(seed, version, year).with_stated_figures();
            let prev = now.previous_year();
            for layout in Layout::every() {
                let r = linked(&prev, &now, layout);
                let x = yoy_findings(&r);
                assert!(
                    x.is_empty(),
                    "seed {seed} {version:?} {}:\n{}",
                    layout.name(),
                    describe(&x)
                );
            }
        }
    }
}

#[test]
fn a_broken_carry_over_gives_exactly_x_carry_on_the_column_and_the_total() {
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS {
            let now = ReportSpec::consistent(seed, version, year);
            let mut prev = now.previous_year();
            let col = ["np", "biz", "res", "ngo", "law", "oth"][seed as usize % 6];
            let broken = break_carry(&mut prev, col, 1 + seed as i64 % 4);
            for layout in Layout::every() {
                let r = linked(&prev, &now, layout);
                let x = yoy_findings(&r);
                let ctx = format!("seed {seed} {version:?} {}", layout.name());
                let seen: Vec<_> = x
                    .iter()
                    .map(|f| (f.rule.id(), f.table, f.row, f.column, f.expected, f.actual))
                    .collect();
                let want: Vec<_> = broken
                    .iter()
                    .map(|&(c, last, this)| {
                        (
                            "X-CARRY",
                            Some(TableId::T3),
                            Some("cin"),
                            Some(c),
                            Some(last),
                            Some(this),
                        )
                    })
                    .collect();
                assert_eq!(seen, want, "{ctx}:\n{}", describe(&x));
                assert!(x.iter().all(|f| f.line.is_some()), "{ctx}");
            }
        }
    }
}

#[test]
fn last_years_prose_pasted_into_this_years_report_gives_x_dup() {
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS {
            let now = ReportSpec::consistent(seed, version, year);
            let prev = now.previous_year_copied();
            // The one-line layout prints the whole body on one line: there is no section text
            // between heading lines for X-DUP to compare.
            for layout in Layout::every().filter(|l| *l != Layout::OneLine) {
                let r = linked(&prev, &now, layout);
                let x = yoy_findings(&r);
                let ctx = format!("seed {seed} {version:?} {}", layout.name());
                assert!(!x.is_empty(), "{ctx}");
                assert!(
                    x.iter().all(|f| f.rule == "X-DUP"),
                    "{ctx}:\n{}",
                    describe(&x)
                );
                assert!(
                    x.iter()
                        .any(|f| f.message().starts_with("第1部分「总体情况」与上年报告")),
                    "{ctx}:\n{}",
                    describe(&x)
                );
            }
        }
    }
}

/// Renders each report as text with its layout, links them, and asserts each block with the
/// link's findings spliced in reads exactly as the linked report rendered (what `check` prints
/// without loading a linked report again). Returns how many reports the link gave findings.
fn assert_spliced_text_reads_as_rendered(mut reports: Vec<Report>, ctx: &str) -> usize {
    use gouji::output::text::{self, TextOptions};
    let mut changed = 0;
    for verbose in [false, true] {
        let opts = TextOptions {
            color: false,
            verbose,
        };
        let mut linked = reports.clone();
        yoy::link(&mut linked);
        for (before, after) in reports.iter_mut().zip(&linked) {
            let (block, layout) = text::report_bytes(before, &opts);
            let added = &after.findings[before.findings.len()..];
            changed += usize::from(!added.is_empty());
            let spliced = match layout {
                Some(layout) => text::splice(block, &layout, added, &opts),
                None => block,
            };
            assert_eq!(
                String::from_utf8(spliced).unwrap(),
                String::from_utf8(text::report_bytes(after, &opts).0).unwrap(),
                "{ctx} {}, verbose {verbose}",
                after.path.display()
            );
        }
    }
    changed / 2
}

#[test]
fn a_text_report_with_its_year_over_year_findings_spliced_in_reads_as_the_linked_report() {
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS {
            let now = ReportSpec::consistent(seed, version, year);
            let mut broken = now.previous_year();
            break_carry(&mut broken, "np", 1 + seed as i64 % 4);
            let copied = now.previous_year_copied();
            for layout in Layout::every() {
                let ctx = format!("seed {seed} {version:?} {}", layout.name());
                let pair = |prev: &ReportSpec| {
                    vec![check("prev", layout, prev), check("now", layout, &now)]
                };
                assert_eq!(
                    assert_spliced_text_reads_as_rendered(pair(&broken), &ctx),
                    1
                );
                assert_spliced_text_reads_as_rendered(pair(&copied), &ctx);
                // The same report twice: X-TWICE on both.
                let twice = vec![check("now", layout, &now), check("again", layout, &now)];
                assert_eq!(assert_spliced_text_reads_as_rendered(twice, &ctx), 2);
            }
        }
    }
}

#[test]
fn the_samples_and_reference_reports_spliced_read_as_linked() {
    let cfg = AuditConfig::default();
    let found = gouji::catalog::discover(&[
        PathBuf::from("samples"),
        PathBuf::from("../shared/reports"),
        PathBuf::from("../shared/seeds"),
    ]);
    let reports: Vec<Report> = found
        .files
        .iter()
        .map(|f| gouji::catalog::load_file(f, &cfg))
        .collect();
    // The samples' carry-over pair and the reference reports' same report in two formats.
    assert!(assert_spliced_text_reads_as_rendered(reports, "samples") >= 3);
}
