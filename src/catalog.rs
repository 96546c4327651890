//! PLACEHOLDER (drop at merge): the real catalog is written by the "cli" helper.
//!
//! Only the contract signatures from notes/common.md, with just enough behaviour for the TUI
//! branch to compile and be tried by hand.

use std::path::{Path, PathBuf};

use crate::audit::AuditConfig;
use crate::model::Report;

pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
}

pub fn is_report_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown" | "html" | "htm" | "docx" | "pdf")
    )
}

pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        for e in walkdir::WalkDir::new(p).sort_by_file_name() {
            match e {
                Ok(e) if e.file_type().is_file() && is_report_file(e.path()) => {
                    files.push(e.path().to_path_buf())
                }
                Ok(_) => {}
                Err(err) => errors.push((p.clone(), err.to_string())),
            }
        }
    }
    Discovered { files, errors }
}

pub fn load_file(path: &Path, _cfg: &AuditConfig) -> Report {
    match std::fs::read(path) {
        Err(e) => Report::unreadable(path.to_path_buf(), e.to_string()),
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let mut r = Report::empty(path.to_path_buf());
            r.lines = text.lines().map(crate::sanitize::clean).collect();
            r
        }
    }
}
