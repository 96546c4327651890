//! The state file on disk: reading and version check, the name a corrupt file is kept aside
//! under, the stamp that notices another process's write, and the lock held while merging.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::SCHEMA_VERSION;
use super::merge::StateFile;

pub(super) enum ReadError {
    Io(io::Error),
    Corrupt(String),
    Newer(u32),
}

/// `Ok(None)` when there is no state file yet.
pub(super) fn read_state(path: &Path) -> Result<Option<StateFile>, ReadError> {
    let bytes = match crate::input::read_state(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    // Read the version first so that a newer format is refused rather than called corrupt.
    #[derive(Deserialize)]
    struct Head {
        schema: u32,
    }
    let head: Head =
        serde_json::from_slice(&bytes).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    if head.schema > SCHEMA_VERSION {
        return Err(ReadError::Newer(head.schema));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| ReadError::Corrupt(e.to_string()))
}

/// `state.json.corrupt-20260123T101112Z`, with `-2`, `-3`… if taken.
pub(super) fn aside_name(path: &Path, now: DateTime<Utc>) -> PathBuf {
    let base = format!(
        "{}.corrupt-{}",
        path.file_name()
            .map_or("state.json".into(), |n| n.to_string_lossy()),
        now.format("%Y%m%dT%H%M%SZ")
    );
    let mut candidate = path.with_file_name(&base);
    let mut n = 2;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Identity of the file last read, to notice another process's write cheaply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DiskStamp {
    pub(super) len: u64,
    pub(super) modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    pub(super) ino: u64,
}

impl DiskStamp {
    pub(super) fn of(path: &Path) -> Option<DiskStamp> {
        let m = fs::metadata(path).ok()?;
        Some(DiskStamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            ino: std::os::unix::fs::MetadataExt::ino(&m),
        })
    }
}

/// Held while reading, merging and writing; dropping it unlocks.
pub(super) struct LockGuard(pub(super) Option<File>);

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = f.unlock();
        }
    }
}
