//! PLACEHOLDER (drop at merge): the lead owns `extract`. This stand-in only honours the contract's
//! signatures so the `cli` branch builds; it finds no tables and guesses `is_report` from one anchor.

pub mod decode;

use std::path::Path;

use crate::model::Report;
use crate::sanitize::clean;

pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Report {
    extract_text(path, &decode::decode(bytes).text)
}

pub fn extract_text(path: &Path, text: &str) -> Report {
    let mut report = Report::empty(path.to_path_buf());
    report.is_report = text.contains("政府信息公开");
    report.lines = text.lines().map(clean).collect();
    report
}
