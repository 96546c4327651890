//! PDFs the project makes from its own samples (tests/pdf/make.sh: headless Chromium and
//! LibreOffice) read as the text they were made from, and damaged copies of every test PDF give
//! an error or a partial report: never a panic, never a hang.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gouji::audit::AuditConfig;
use gouji::catalog::load_file;
use gouji::extract::extract_bytes;
use gouji::model::Report;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Cells, and findings without their line numbers (a PDF's lines are not the text's).
fn audited(r: &Report) -> (Value, Vec<Value>) {
    let mut j: Value = serde_json::from_slice(&gouji::output::json::report_bytes(r)).unwrap();
    let mut findings = j["findings"].as_array().cloned().unwrap_or_default();
    for f in &mut findings {
        f.as_object_mut().unwrap().remove("line");
    }
    (j["tables"].take(), findings)
}

#[test]
fn each_generated_pdf_gives_the_cells_and_findings_of_the_sample_it_was_made_from() {
    let cfg = AuditConfig::default();
    let mut checked = 0;
    for sample in ["2023-district-gov-clean", "2023-bureau-negative-count"] {
        let text = load_file(&root().join(format!("samples/{sample}.md")), &cfg);
        let (cells, findings) = audited(&text);
        assert!(
            cells["t3"].is_object() && cells["t4"].is_object(),
            "{sample}"
        );
        for producer in ["chromium", "libreoffice"] {
            let path = root().join(format!("tests/pdf/{sample}.{producer}.pdf"));
            let pdf = load_file(&path, &cfg);
            assert_eq!(pdf.error, None, "{}", path.display());
            assert_eq!(pdf.body, text.body, "{}", path.display());
            let (pdf_cells, pdf_findings) = audited(&pdf);
            assert_eq!(pdf_cells, cells, "{}", path.display());
            assert_eq!(pdf_findings, findings, "{}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

fn test_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = ["tests/pdf", "../shared/reports/pdf"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// A small deterministic generator (xorshift): the same damaged copies on every run.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn truncated_and_byte_flipped_copies_of_every_test_pdf_give_an_error_or_a_partial_report() {
    let pdfs = test_pdfs();
    assert_eq!(pdfs.len(), 11, "{pdfs:?}");
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = [0usize; 2];
    for path in &pdfs {
        let bytes = std::fs::read(path).unwrap();
        let mut copies: Vec<(String, Vec<u8>)> = Vec::new();
        for frac in [0.1, 0.5, 0.9, 0.999] {
            let cut = (bytes.len() as f64 * frac) as usize;
            copies.push((format!("truncated at {cut}"), bytes[..cut].to_vec()));
        }
        for round in 0..4 {
            let mut b = bytes.clone();
            for _ in 0..(1 << (round * 2)) * 8 {
                let i = (rng.next() % b.len() as u64) as usize;
                b[i] ^= (rng.next() % 255 + 1) as u8;
            }
            copies.push((format!("flipped, round {round}"), b));
        }
        for (how, copy) in copies {
            let started = Instant::now();
            let r = extract_bytes(path, &copy);
            let took = started.elapsed();
            assert!(
                took < Duration::from_secs(60),
                "{} ({how}) took {took:?}",
                path.display()
            );
            match &r.error {
                Some(e) => {
                    assert!(!e.is_empty());
                    outcomes[0] += 1;
                }
                None => outcomes[1] += 1,
            }
        }
    }
    // Both outcomes happen: some copies are refused, some are read in part.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}

#[test]
fn a_scanned_pdf_is_listed_with_its_reason_and_no_other_finding() {
    let r = load_file(
        &root().join("tests/pdf/scanned.pdf"),
        &AuditConfig::default(),
    );
    assert_eq!(
        r.error.as_deref(),
        Some("扫描件：无可提取的文字，需先OCR (scanned PDF: no text layer; run OCR first)")
    );
    assert!(r.findings.is_empty());
    assert!(r.tables.t3.is_none());
}
