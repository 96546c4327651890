//! The fuzz targets: one per reader (text, HTML, Word) and one for the audit and its output,
//! shared by the cargo-fuzz targets in `fuzz/` (coverage-guided, nightly) and the stable smoke
//! in `tests/fuzz_smoke.rs` (deterministic mutations, every `cargo test`).
//!
//! A target fails (panics) when gouji panics, or when what it produces breaks a promise: the
//! JSON output parses, no string in it carries a raw control or C1 character, and every count
//! cell is an integer or null.

use std::path::Path;

use crate::audit::{AuditConfig, audit};
use crate::extract::extract_bytes;
use crate::model::Report;

/// Plain text in any encoding.
pub fn text(data: &[u8]) {
    check(extract_bytes(Path::new("fuzz.txt"), data));
}

/// An HTML page.
pub fn html(data: &[u8]) {
    check(extract_bytes(Path::new("fuzz.html"), data));
}

/// A .docx file (a zip); [`docx_of`] wraps other inputs into one.
pub fn docx(data: &[u8]) {
    check(extract_bytes(Path::new("fuzz.docx"), data));
}

/// Extraction, the audit and the JSON output of a text report.
pub fn audited(data: &[u8]) {
    let mut report = extract_bytes(Path::new("fuzz.txt"), data);
    audit(&mut report, &AuditConfig::default());
    check(report);
}

/// A .docx whose `word/document.xml` is `xml`.
pub fn docx_of(xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let written = zip
        .start_file("word/document.xml", opts)
        .and_then(|()| zip.write_all(xml).map_err(Into::into))
        .and_then(|()| zip.finish());
    written.expect("a zip in memory").into_inner()
}

fn check(report: Report) {
    let bytes = crate::output::json::report_bytes(&report);
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("a report's JSON parses");
    let text = std::str::from_utf8(&bytes).expect("JSON is UTF-8");
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)),
        "raw control character in the JSON: {text}"
    );
    for table in value["tables"]
        .as_object()
        .into_iter()
        .flat_map(|t| t.values())
    {
        for row in table.as_object().into_iter().flat_map(|r| r.values()) {
            for cell in row.as_object().into_iter().flat_map(|c| c.values()) {
                assert!(
                    cell.is_null() || cell.is_i64() || cell.is_object(),
                    "a count cell that is neither an integer nor null: {cell}"
                );
            }
        }
    }
}
