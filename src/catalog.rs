//! Finding report files on disk and loading them: the ONE place that reads report files.
//!
//! Discovery (which files?) is kept apart from loading (what is in them?) and from printing, the
//! way ripgrep keeps walking, searching and reporting apart. A path that cannot be walked or a file
//! that cannot be read never stops the run: discovery collects per-path errors, loading turns an
//! unreadable file into a [`Report`] that carries its error. Nothing here ever writes a report file.
//!
//! Files are opened through [`crate::input`] (regular files only, never blocking, bounded
//! reads), read within a per-file [`Budget`], and only as many large files at once as the
//! shared memory pool ([`admission`]) allows.

use std::collections::HashSet;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::audit::{AuditConfig, audit};
use crate::extract::extract_bytes_within;
use crate::input::{Budget, Limits, admission, open_regular, read_opened, report_error};
use crate::model::Report;
use crate::sanitize::clean;

/// Extensions of files that may hold a report (compared case-insensitively).
const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "docx", "pdf"];

/// Larger files are refused rather than read into memory: real reports are well under 20 MB,
/// and input is untrusted.
pub const MAX_FILE_BYTES: u64 = crate::input::MAX_FILE_BYTES;

/// The outcome of [`discover`]: report files in a stable order, and the paths that failed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// A path that does not exist or a directory that could not be walked, with the reason.
    pub errors: Vec<(PathBuf, String)>,
}

/// Whether a file found while walking a directory may be a report: a known extension, and not a
/// dotfile or an editor's backup/swap/temporary file (those appear and vanish in a live inbox).
pub fn is_report_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    let Some((_, ext)) = name.rsplit_once('.') else {
        return false;
    };
    REPORT_EXTENSIONS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(ext))
}

/// Expands `paths` into report files.
///
/// A file named explicitly is always taken, whatever its name (the user asked for it; the
/// extractor decides whether it is a report). A directory is walked recursively, skipping hidden
/// directories (`.git`, gouji's own `.gouji`) and keeping files that pass [`is_report_file`],
/// sorted by path. Symbolic links to files are taken (and FIFOs, devices: loading refuses them by name); links to directories are not followed
/// (no cycles). A dangling link is kept so that loading reports it as unreadable, by name.
/// Each file appears once, in the order of the arguments.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    // A walk finds each file once: only a second argument can repeat one.
    let mut seen = HashSet::new();
    let mut push = |out: &mut Discovered, file: PathBuf| {
        if paths.len() == 1 || seen.insert(file.clone()) {
            out.files.push(file);
        }
    };
    for path in paths {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                out.errors.push((path.clone(), clean(&e.to_string())));
                continue;
            }
        };
        if !meta.is_dir() {
            push(&mut out, path.clone());
            continue;
        }
        // Siblings by file name. They share their directory's path, so comparing whole paths
        // as bytes orders them the same, without taking each path apart to find its name.
        let walker = WalkDir::new(path)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let kind = entry.file_type();
                    // FIFOs and devices are taken too, so that loading names them as "not a
                    // regular file" instead of leaving them out without a word.
                    let dir_like =
                        kind.is_dir() || (kind.is_symlink() && points_to_dir(entry.path()));
                    let candidate = !dir_like;
                    if candidate && is_report_file(entry.path()) {
                        push(&mut out, entry.into_path());
                    }
                }
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_path_buf();
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    out.errors.push((at, clean(&why)));
                }
            }
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn points_to_dir(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// Reads, extracts and audits one file. Never fails: an I/O problem, an oversized file or a
/// panic inside extraction becomes a report whose `error` says why, so one bad file cannot end a
/// run over thousands.
pub fn load_file(path: &Path, cfg: &AuditConfig) -> Report {
    load(path, cfg, false).0
}

/// [`load_file`], with the content hash of the bytes it read (`state::content_hash`), so a
/// caller that keys triage state by content reads each file once. The hash is `None` when the
/// file could not be read.
pub fn load_file_hashed(path: &Path, cfg: &AuditConfig) -> (Report, Option<String>) {
    load(path, cfg, true)
}

fn load(path: &Path, cfg: &AuditConfig, hashed: bool) -> (Report, Option<String>) {
    let limits = Limits::DEFAULT;
    let unreadable = |e: &std::io::Error| Report::unreadable(path.to_path_buf(), report_error(e));
    let (file, meta) = match open_regular(path) {
        Ok(opened) => opened,
        Err(e) => return (unreadable(&e), None),
    };
    // Reserve before reading: the bytes themselves are part of what the file costs. The
    // length comes from the open file, which is what is read.
    let len = meta.len().min(MAX_FILE_BYTES);
    let _turn = admission::reserve(admission::estimate(path, len, &limits));
    let bytes = match read_opened(file, meta.len(), MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => return (unreadable(&e), None),
    };
    let hash = hashed.then(|| crate::state::content_hash(&bytes));
    (analyse(path, &bytes, cfg, Budget::new(limits)), hash)
}

fn analyse(path: &Path, bytes: &[u8], cfg: &AuditConfig, mut budget: Budget) -> Report {
    let analysed = catch_unwind(AssertUnwindSafe(|| {
        let mut report = extract_bytes_within(path, bytes, &mut budget);
        audit(&mut report, cfg);
        report
    }));
    analysed.unwrap_or_else(|_| {
        Report::unreadable(
            path.to_path_buf(),
            "internal error while analysing this file (please report it with the file)",
        )
    })
}

/// Applies the inspector's corrections recorded in `store` for `report`'s content (`hash`, as
/// [`load_file_hashed`] gives it) and audits it again (`audit::correct`). A report without
/// corrections is left as it is.
pub fn correct(report: &mut Report, hash: &str, store: &crate::state::Store, cfg: &AuditConfig) {
    let stored = store.entry(&report.path, hash).corrected;
    if stored.is_empty() && report.corrections.is_empty() {
        return;
    }
    let corrections = crate::audit::correct::from_stored(report, &stored);
    crate::audit::correct::apply(report, &corrections, cfg);
}

/// Loads every file in parallel; the result is in the order of `files`. Linking across years
/// is the caller's choice (`audit::yoy::link`, as `check --years` does).
pub fn load_all(files: &[PathBuf], cfg: &AuditConfig) -> Vec<Report> {
    files.par_iter().map(|f| load_file(f, cfg)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn load_file_hashed_hashes_the_bytes_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = touch(dir.path(), "r.txt", "政府信息公开工作年度报告");
        let (report, hash) = load_file_hashed(&p, &AuditConfig::default());
        assert_eq!(report.path, p);
        assert_eq!(hash, Some(crate::state::hash_file(&p).unwrap()));
        let (gone, none) = load_file_hashed(&dir.path().join("gone.txt"), &AuditConfig::default());
        assert!(gone.error.is_some());
        assert_eq!(none, None);
    }

    #[test]
    fn report_file_names() {
        for yes in [
            "a.txt",
            "b.MD",
            "c.markdown",
            "d.html",
            "e.HTM",
            "f.docx",
            "g.pdf",
            "报告.txt",
        ] {
            assert!(is_report_file(Path::new(yes)), "{yes}");
        }
        for no in [
            ".hidden.txt",
            "a.txt~",
            "a.txt.swp",
            ".a.txt.swp",
            "a.tmp",
            "a.txt.tmp",
            "Makefile",
            "a.json",
            "txt",
        ] {
            assert!(!is_report_file(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn directories_are_walked_sorted_skipping_hidden_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        touch(d, "b.txt", "");
        touch(d, "a.md", "");
        touch(d, "sub/c.txt", "");
        touch(d, "sub/notes.json", "");
        touch(d, ".gouji/state.txt", "");
        touch(d, ".x.txt", "");
        touch(d, "a.md~", "");
        let found = discover(&[d.to_path_buf()]);
        assert_eq!(
            found.files,
            vec![d.join("a.md"), d.join("b.txt"), d.join("sub/c.txt")]
        );
        assert!(found.errors.is_empty());
    }

    #[test]
    fn a_directory_comes_where_its_name_sorts_among_its_siblings() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // As whole strings `a/x.txt` would sort after `a-b.txt` and `a.txt`; by name, the
        // directory `a` comes first. Upper case sorts before lower (bytes), `é` after both.
        for f in [
            "ab/y.txt",
            "a0.txt",
            "a.txt",
            "a-b.txt",
            "a/x.txt",
            "a/b/z.txt",
            "B.txt",
            "é.txt",
        ] {
            touch(d, f, "");
        }
        let found = discover(&[d.to_path_buf()]);
        let want = [
            "B.txt",
            "a/b/z.txt",
            "a/x.txt",
            "a-b.txt",
            "a.txt",
            "a0.txt",
            "ab/y.txt",
            "é.txt",
        ];
        assert_eq!(found.files, want.map(|f| d.join(f)));
        // The same directory twice and a directory inside it: every file once.
        let again = discover(&[d.to_path_buf(), d.join("a"), d.to_path_buf()]);
        assert_eq!(again.files, found.files);
    }

    #[test]
    fn explicit_files_are_kept_whatever_their_name_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let readme = touch(dir.path(), "README", "");
        let a = touch(dir.path(), "a.txt", "");
        let found = discover(&[readme.clone(), a.clone(), dir.path().to_path_buf()]);
        assert_eq!(found.files, vec![readme, a]);
    }

    #[test]
    fn a_missing_path_is_an_error_and_the_rest_is_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let a = touch(dir.path(), "a.txt", "");
        let missing = dir.path().join("nope");
        let found = discover(&[missing.clone(), a.clone()]);
        assert_eq!(found.files, vec![a]);
        assert_eq!(found.errors.len(), 1);
        assert_eq!(found.errors[0].0, missing);
        assert!(!found.errors[0].1.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_found_and_loads_as_an_unreadable_report() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("gone.txt");
        std::os::unix::fs::symlink(dir.path().join("missing-target"), &link).unwrap();
        let found = discover(&[dir.path().to_path_buf()]);
        assert_eq!(found.files, vec![link.clone()]);
        let report = load_file(&link, &AuditConfig::default());
        assert_eq!(report.path, link);
        assert!(report.error.is_some());
        assert!(!report.is_report);
    }

    #[test]
    fn a_directory_given_as_a_file_is_unreadable_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let report = load_file(dir.path(), &AuditConfig::default());
        assert_eq!(report.error.as_deref(), Some("is a directory"));
    }

    #[test]
    fn load_all_keeps_the_order_of_its_input() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..40)
            .map(|i| touch(dir.path(), &format!("r{i:02}.txt"), "政府信息公开"))
            .collect();
        let mut files_rev = files.clone();
        files_rev.reverse();
        let reports = load_all(&files_rev, &AuditConfig::default());
        let paths: Vec<&Path> = reports.iter().map(|r| r.path.as_path()).collect();
        let expected: Vec<&Path> = files_rev.iter().map(PathBuf::as_path).collect();
        assert_eq!(paths, expected);
        assert!(reports.iter().all(|r| r.error.is_none()));
    }
}
