//! What can go wrong with the state file: warnings the store survives and errors it returns.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::SCHEMA_VERSION;

/// Something the user should be told, although the store kept working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateWarning {
    /// The state file did not parse; it was renamed to `kept_at` and gouji started from the
    /// last state it knew (empty at start-up).
    CorruptKeptAside {
        path: PathBuf,
        kept_at: PathBuf,
        reason: String,
    },
    /// The file system refuses locks (some network shares): changes are still merged on write,
    /// but two processes writing at the same instant may race.
    LockUnsupported { path: PathBuf, reason: String },
}

impl fmt::Display for StateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateWarning::CorruptKeptAside {
                path,
                kept_at,
                reason,
            } => write!(
                f,
                "state file {} could not be read ({reason}); it was kept as {} and a new one is started",
                path.display(),
                kept_at.display()
            ),
            StateWarning::LockUnsupported { path, reason } => write!(
                f,
                "cannot lock {} ({reason}); changes are merged but not serialised",
                path.display()
            ),
        }
    }
}

/// Why the store could not read or save.
#[derive(Debug)]
pub enum StateError {
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// The file was written by a newer gouji; it is left untouched.
    NewerSchema { path: PathBuf, found: u32 },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            StateError::NewerSchema { path, found } => write!(
                f,
                "{} uses state format {found}, newer than this gouji understands ({SCHEMA_VERSION}); it was left untouched",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StateError::Io { source, .. } => Some(source),
            StateError::NewerSchema { .. } => None,
        }
    }
}

pub(super) fn io_err(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(io::Error) -> StateError + use<> {
    let path = path.to_path_buf();
    move |source| StateError::Io {
        action,
        path,
        source,
    }
}
