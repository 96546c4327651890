//! Which paths under a watched directory matter: report files, never editor or download debris.
//!
//! Inboxes fill by copy, upload, unzip and editor saves, and every one of those leaves transient
//! files beside the real ones (vim swap files, `~` backups, browser `.crdownload`, Word's `~$`
//! owner files, gouji's own `.gouji/` state). Auditing them would only produce noise, so they are
//! dropped before they ever reach the debouncer. Paths are judged *relative to the watched root*:
//! the root itself may sit under a dot directory (temporary directories often do).

use std::ffi::OsStr;
use std::path::{Component, Path};

/// Extensions of the formats gouji reads (compared case-insensitively).
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "docx", "pdf"];

/// Extensions of partial downloads, swap and temporary files.
const TRANSIENT_EXTENSIONS: &[&str] = &[
    "swp",
    "swo",
    "swx",
    "tmp",
    "temp",
    "part",
    "partial",
    "crdownload",
];

/// True when any component of `rel` (a path relative to the watched root) marks it as
/// something to ignore: hidden files and directories (which covers `.gouji/`, `.git/`, emacs
/// `.#` locks), `~` backups, Word `~$` owner files, emacs `#autosave#` files and transient
/// extensions such as `.swp`, `.tmp`, `.part`, `.crdownload`.
pub fn is_ignored(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(name) => is_ignored_name(name),
        _ => false,
    })
}

fn is_ignored_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    if name.starts_with('.') || name.starts_with("~$") || name.ends_with('~') {
        return true;
    }
    if name.len() > 1 && name.starts_with('#') && name.ends_with('#') {
        return true;
    }
    match name.rsplit_once('.') {
        Some((_, ext)) => TRANSIENT_EXTENSIONS
            .iter()
            .any(|t| ext.eq_ignore_ascii_case(t)),
        None => false,
    }
}

/// True when `rel` (relative to the watched root) names a file gouji should audit.
pub fn is_candidate(rel: &Path) -> bool {
    let has_report_ext = rel
        .extension()
        .map(|e| e.to_string_lossy())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)));
    has_report_ext && !is_ignored(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_files_in_any_supported_format_are_candidates() {
        for p in [
            "a.txt",
            "sub/dir/报告.md",
            "x.markdown",
            "x.HTML",
            "x.htm",
            "x.Docx",
            "x.pdf",
        ] {
            assert!(is_candidate(Path::new(p)), "{p} should be audited");
        }
    }

    #[test]
    fn debris_and_hidden_paths_are_not_candidates() {
        for p in [
            "a.doc",
            "a.xlsx",
            "noext",
            ".hidden.txt",
            ".gouji/state.json",
            ".gouji/cache/a.txt",
            "sub/.git/x.md",
            "report.txt~",
            "report.txt.swp",
            ".report.txt.swp",
            "report.txt.swo",
            "upload.txt.part",
            "upload.pdf.crdownload",
            "report.tmp",
            "#report.txt#",
            ".#report.txt",
            "~$report.docx",
            "dir~/a.txt",
        ] {
            assert!(!is_candidate(Path::new(p)), "{p} should be ignored");
        }
    }

    #[test]
    fn a_plain_directory_is_not_ignored_but_a_hidden_one_is() {
        assert!(!is_ignored(Path::new("2024/县区")));
        assert!(is_ignored(Path::new("2024/.trash")));
        // A lone `#` is an ordinary name, not an emacs autosave.
        assert!(!is_ignored(Path::new("#")));
    }
}
