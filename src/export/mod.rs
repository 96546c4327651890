//! The rectification list (整改清单): what is still wrong with each report, in words an inspector
//! can send back to the submitting office.
//!
//! Per report: issuing body, year, file, triage status and note (from the [`Store`]), then every
//! open finding: not dismissed and not `Info`. Each finding is named by the template's table, row
//! and column *labels* (`表三（七）总计·自然人`), never by keys, with expected against actual
//! values, in the rule registry's Chinese wording. The parts:
//! - `model`: the list as data, built once from the reports and the store;
//! - `labels`: the template's names for a finding's place; `wording`: every Chinese sentence;
//! - one printer per format, each writing to a [`Write`] like the `check` printers in
//!   [`crate::output`]: `csv`, `json` and `md`.
//!
//! A report the inspector corrected cells of (triage state, `c` in the TUI) is audited with the
//! corrections, and the list says so: 「经人工更正」 with each cell's value as read and as corrected.
//!
//! [`run`] is `gouji export DIR --format csv|json|md [-o FILE]`.

mod csv;
mod json;
mod labels;
mod md;
mod model;
mod wording;

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::audit::AuditConfig;
use crate::catalog;
use crate::model::Report;
use crate::sanitize::clean;
use crate::state::{self, Store};

/// Output form of the rectification list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Csv,
    Json,
    Md,
}

impl ListFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ListFormat::Csv => "csv",
            ListFormat::Json => "json",
            ListFormat::Md => "md",
        }
    }
}

/// The rectification list of `reports` in `format`. The triage status of each report is looked
/// up by its path and the hash of the file as it is on disk now.
pub fn export(reports: &[Report], store: &Store, format: ListFormat) -> String {
    export_with(reports, |r| state::hash_file(&r.path).ok(), store, format)
}

/// [`export`] with the content hashes supplied by the caller (the TUI keeps them), so nothing is
/// read from disk. `hash_of` returns `None` for a file that could not be read.
pub fn export_with(
    reports: &[Report],
    hash_of: impl Fn(&Report) -> Option<String>,
    store: &Store,
    format: ListFormat,
) -> String {
    let mut out = Vec::new();
    let list = model::items(reports.iter().map(|r| (r, hash_of(r))), store);
    write(&list, format, &mut out).expect("writing into memory does not fail");
    String::from_utf8(out).expect("the list is UTF-8 text")
}

/// Prints `list` in `format` to `out`.
fn write(list: &[model::Item], format: ListFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ListFormat::Csv => csv::write(list, out),
        ListFormat::Json => json::write(list, out),
        ListFormat::Md => md::write(list, out),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn clean_lines(s: &str) -> String {
    s.lines().map(clean).collect::<Vec<_>>().join("\n")
}

// ---- `gouji export` ---------------------------------------------------------------------------

/// Why `gouji export` failed.
#[derive(Debug)]
pub enum ExportError {
    State(state::StateError),
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::State(e) => write!(f, "{e}"),
            ExportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::State(e) => Some(e),
            ExportError::Io { source, .. } => Some(source),
        }
    }
}

impl From<state::StateError> for ExportError {
    fn from(e: state::StateError) -> Self {
        ExportError::State(e)
    }
}

/// What `gouji export` did, for the caller to print on stderr.
#[derive(Debug, Default)]
pub struct Exported {
    pub reports: usize,
    pub open_problems: usize,
    /// Files that could not be listed, and state-file warnings.
    pub warnings: Vec<String>,
    /// The file written, if not stdout.
    pub written: Option<PathBuf>,
}

/// `gouji export DIR --format csv|json|md [-o FILE]`, with the state in `DIR/.gouji/state.json`.
pub fn run(
    dir: &Path,
    format: ListFormat,
    out_path: Option<&Path>,
) -> Result<Exported, ExportError> {
    run_with_state(dir, None, format, out_path)
}

/// [`run`] with an explicit state file (`--state PATH`). `dir` may also be a single report file.
/// Nothing is written to the state; the list goes to `out_path` (atomically) or stdout.
pub fn run_with_state(
    dir: &Path,
    state_path: Option<&Path>,
    format: ListFormat,
    out_path: Option<&Path>,
) -> Result<Exported, ExportError> {
    let meta = std::fs::metadata(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let root = if !meta.is_dir() {
        dir.parent().unwrap_or(Path::new("."))
    } else {
        dir
    };
    let mut store = match state_path {
        Some(p) => Store::open_at(p, Some(root))?,
        None => Store::open_inbox(root)?,
    };
    let found = catalog::discover(&[dir.to_path_buf()]);
    // Each file is read once: the triage state is keyed by the hash of the bytes just audited.
    let cfg = AuditConfig::default();
    let (reports, hashes): (Vec<Report>, Vec<Option<String>>) = found
        .files
        .par_iter()
        .map(|f| {
            let (mut r, hash) = catalog::load_file_hashed(f, &cfg);
            if let Some(h) = &hash {
                catalog::correct(&mut r, h, &store, &cfg);
            }
            (r, hash)
        })
        .unzip();
    let list = model::items(reports.iter().zip(hashes), &store);
    let mut done = Exported {
        reports: list.len(),
        open_problems: list.iter().map(|i| i.problems.len()).sum(),
        warnings: found
            .errors
            .into_iter()
            .map(|(p, e)| format!("{}: {e}", p.display()))
            .collect(),
        written: None,
    };
    done.warnings
        .extend(store.take_warnings().iter().map(ToString::to_string));
    match out_path {
        Some(p) => {
            let mut text = Vec::new();
            write(&list, format, &mut text).expect("writing into memory does not fail");
            state::write_atomic(p, &text).map_err(|source| ExportError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            done.written = Some(p.to_path_buf());
        }
        None => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            write(&list, format, &mut out)
                .and_then(|()| out.flush())
                .map_err(|source| ExportError::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests;
