//! Generated reports whose narrative states the tables' figures (issue 16): prose against
//! tables (N-*) and this year against last year (X-*), through the real extractor, auditor and
//! year-over-year linking, in every layout and both formats.
//!
//! Consistent reports must give no N-* or X-* finding at all (the false-alarm guard); a planted
//! contradiction, a broken carry-over and a copied prose must give exactly their finding.

use std::path::PathBuf;

use gouji::audit::{AuditConfig, audit};
use gouji::extract::extract_text;
use gouji::model::{Finding, Report, TemplateVersion};
use gouji::synth::stated::contradict;
use gouji::synth::{Layout, ReportSpec, render};

const VERSIONS: [(TemplateVersion, i32); 2] = [
    (TemplateVersion::V2019, 2020),
    (TemplateVersion::V2021, 2023),
];

/// Seeds per format: each seed draws a body, figures, numeral forms and wording.
const SEEDS: u64 = 40;

fn check(name: &str, layout: Layout, text: &str) -> Report {
    let path = PathBuf::from(format!("{name}-{}.{}", layout.name(), layout.extension()));
    let mut report = extract_text(&path, text);
    audit(&mut report, &AuditConfig::default());
    report
}

fn family<'a>(r: &'a Report, prefix: &str) -> Vec<&'a Finding> {
    r.findings
        .iter()
        .filter(|f| f.rule.id().starts_with(prefix))
        .collect()
}

fn describe(fs: &[&Finding]) -> String {
    fs.iter()
        .map(|f| format!("  {} line {:?}: {}", f.rule, f.line, f.message()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line where `phrase` starts in `text`, read with line breaks, page numbers
/// (`- 2 -`) and spaces taken out (the PDF layouts wrap prose mid-phrase, break pages anywhere
/// and space digits off from Chinese characters).
fn line_of(text: &str, phrase: &str) -> Option<u32> {
    let mut joined = String::new();
    let mut lines = Vec::new();
    for (i, l) in text.split('\n').enumerate() {
        let page = l.trim().strip_prefix('-').and_then(|l| l.strip_suffix('-'));
        if page.is_some_and(|p| p.trim().chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        for c in l.chars().filter(|c| *c != ' ') {
            joined.push(c);
            lines.extend(std::iter::repeat_n(i as u32 + 1, c.len_utf8()));
        }
    }
    joined.find(phrase).map(|at| lines[at])
}

#[test]
fn stated_figures_in_every_numeral_form_give_no_prose_finding_in_any_layout() {
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS {
            let spec = ReportSpec::consistent(seed, version, year).with_stated_figures();
            for layout in Layout::every() {
                let text = render(&spec, layout);
                let r = check("stated", layout, &text);
                let n = family(&r, "N-");
                assert!(
                    n.is_empty(),
                    "seed {seed} {version:?} {}:\n{}",
                    layout.name(),
                    describe(&n)
                );
            }
        }
    }
}

#[test]
fn a_stated_number_that_contradicts_its_cell_gives_exactly_that_prose_finding() {
    let mut rules = std::collections::BTreeSet::new();
    for (version, year) in VERSIONS {
        for seed in 0..SEEDS / 2 {
            let mut spec = ReportSpec::consistent(seed, version, year).with_stated_figures();
            let c = contradict(&mut spec, seed).expect("a figure to contradict");
            rules.insert(c.rule);
            for layout in Layout::every() {
                let text = render(&spec, layout);
                let r = check("contradicted", layout, &text);
                let n = family(&r, "N-");
                let ctx = format!("seed {seed} {version:?} {} «{}»", layout.name(), c.phrase);
                assert_eq!(n.len(), 1, "{ctx}:\n{}", describe(&n));
                let f = n[0];
                assert_eq!(f.rule, c.rule, "{ctx}");
                assert_eq!(f.table, Some(c.table), "{ctx}");
                assert_eq!(f.row, c.row, "{ctx}");
                assert_eq!(
                    (f.expected, f.actual),
                    (Some(c.table_value), Some(c.stated)),
                    "{ctx}"
                );
                assert_eq!(f.line, line_of(&text, &c.phrase), "{ctx}");
                assert!(f.line.is_some(), "{ctx}");
            }
        }
    }
    let all = ["N-CIN", "N-COUT", "N-DONE", "N-LIT", "N-NEW", "N-RV"];
    assert_eq!(rules.into_iter().collect::<Vec<_>>(), all);
}
