//! The three published report PDFs in ../shared/reports/pdf read as their hand-checked cells:
//! every cell EXPECTED.md lists (parsed from that file, so the table there is the test's data),
//! hongze-2023's two real 表四 errors, and no other arithmetic error (the "could not verify"
//! notes that the 2019-style single （六） row brings are issue 12's, and are infos).

use std::path::{Path, PathBuf};

use gouji::audit::AuditConfig;
use gouji::catalog::load_file;
use gouji::model::{Report, Severity};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reports/pdf")
}

/// One expected cell: (file, table key, row key, column key, value).
type Cell = (String, &'static str, String, String, i64);

/// The cells of EXPECTED.md: under `## FILE`, tables whose header starts `| 表三 row` or
/// `| 表四 group` and whose rows start with the row key (`| new 一、本年新收 | 21 | ...`).
fn expected_cells() -> Vec<Cell> {
    let text = std::fs::read_to_string(dir().join("EXPECTED.md")).expect("EXPECTED.md");
    let mut out = Vec::new();
    let mut file = String::new();
    let mut table: Option<(&'static str, Vec<String>)> = None;
    for line in text.lines() {
        if let Some(f) = line.strip_prefix("## ") {
            file = f.trim().to_string();
            continue;
        }
        let cols: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if !line.starts_with('|') {
            table = None;
            continue;
        }
        if cols[0].starts_with("表三") || cols[0].starts_with("表四") {
            let t = if cols[0].starts_with("表三") {
                "t3"
            } else {
                "t4"
            };
            table = Some((t, cols[1..].iter().map(|c| c.to_string()).collect()));
            continue;
        }
        let Some((t, keys)) = &table else { continue };
        if cols[0].starts_with("---") || file.is_empty() {
            continue;
        }
        let row = cols[0].split_whitespace().next().unwrap().to_string();
        for (k, v) in keys.iter().zip(&cols[1..]) {
            out.push((file.clone(), *t, row.clone(), k.clone(), v.parse().unwrap()));
        }
    }
    out
}

fn report(file: &str) -> Report {
    load_file(&dir().join(file), &AuditConfig::default())
}

fn json(r: &Report) -> Value {
    serde_json::from_slice(&gouji::output::json::report_bytes(r)).unwrap()
}

#[test]
fn every_cell_listed_in_expected_md_is_read_from_the_pdfs() {
    let cells = expected_cells();
    // 3 files × (4 rows × 7 columns + 3 groups × 5 columns).
    assert_eq!(cells.len(), 3 * (4 * 7 + 3 * 5));
    let mut wrong = Vec::new();
    for file in ["hongze-2023.pdf", "hongze-2024.pdf", "huaian-2024.pdf"] {
        let r = report(file);
        assert_eq!(r.error, None, "{file}");
        let j = json(&r);
        for (_, t, row, col, want) in cells.iter().filter(|c| c.0 == file) {
            let got = j["tables"][t][row][col].as_i64();
            if got != Some(*want) {
                wrong.push(format!("{file} {t} {row}.{col}: want {want}, got {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn hongze_2023_has_its_two_printed_t4_errors_and_no_other_arithmetic_error() {
    let arithmetic = |r: &Report| -> Vec<(String, String)> {
        r.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| f.rule.id().starts_with("T3-") || f.rule.id().starts_with("T4-"))
            .map(|f| (f.rule.id().to_string(), f.row.unwrap_or("").to_string()))
            .collect()
    };
    let r = report("hongze-2023.pdf");
    assert_eq!(
        arithmetic(&r),
        vec![
            ("T4-SUM".to_string(), "rv".to_string()),
            ("T4-SUM".to_string(), "lr".to_string())
        ]
    );
    let rv = r.findings.iter().find(|f| f.rule.id() == "T4-SUM").unwrap();
    assert_eq!((rv.expected, rv.actual), (Some(11), Some(0)));
    for file in ["hongze-2024.pdf", "huaian-2024.pdf"] {
        assert_eq!(arithmetic(&report(file)), vec![], "{file}");
    }
}

#[test]
fn the_pdfs_name_their_body_year_and_the_2021_format() {
    for (file, body, year) in [
        ("hongze-2023.pdf", "洪泽区人民政府", 2023),
        ("hongze-2024.pdf", "淮安市洪泽区人民政府", 2024),
        ("huaian-2024.pdf", "淮安市人民政府", 2024),
    ] {
        let r = report(file);
        assert_eq!(r.body.as_deref(), Some(body), "{file}");
        assert_eq!(r.year, Some(year), "{file}");
        assert_eq!(
            r.template,
            Some(gouji::model::TemplateVersion::V2021),
            "{file}"
        );
    }
}

#[test]
fn findings_of_a_pdf_know_the_page_of_their_line() {
    let r = report("hongze-2023.pdf");
    assert_eq!(r.pages.len(), r.lines.len());
    let rv = r.findings.iter().find(|f| f.rule.id() == "T4-SUM").unwrap();
    // 表四 is on the last page but one (page 4 of 5), as the page render shows.
    assert_eq!(r.page_of(rv.line.unwrap()), Some(4));
}
