//! The [`Store`]: the triage state of one inbox, read from memory and saved on every change
//! under the lock (re-read, merge, atomic write).

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};

use chrono::Utc;

use super::disk::{DiskStamp, LockGuard, ReadError, aside_name, read_state};
use super::error::{StateError, StateWarning, io_err};
use super::merge::{Index, Op, Record, Resolved, StateFile, apply, resolve};
use super::triage::{Origin, Status, View};
use super::{LOCK_FILE, STATE_DIR, STATE_FILE};
use crate::atomic::write_atomic;

/// The triage state of one inbox. Reads are from memory; every change is saved before it returns.
#[derive(Debug)]
pub struct Store {
    state_path: PathBuf,
    lock_path: PathBuf,
    root: Option<PathBuf>,
    data: StateFile,
    index: Index,
    stamp: Option<DiskStamp>,
    warnings: Vec<StateWarning>,
}

impl Store {
    /// Opens the store of an inbox directory: `DIR/.gouji/state.json`, paths relative to `DIR`.
    /// Nothing is created until the first change.
    pub fn open_inbox(dir: &Path) -> Result<Store, StateError> {
        Store::open_at(dir.join(STATE_DIR).join(STATE_FILE), Some(dir))
    }

    /// Opens a state file at an explicit path (`--state PATH`). If it sits in a `.gouji`
    /// directory, report paths are keyed relative to that directory's parent; otherwise call
    /// [`Store::open_at`] with the inbox root so that the keys survive moving the inbox.
    pub fn open(path: impl Into<PathBuf>) -> Result<Store, StateError> {
        let path = path.into();
        let root = path
            .parent()
            .filter(|p| p.file_name().is_some_and(|n| n == STATE_DIR))
            .and_then(Path::parent)
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            });
        Store::open_at(path, root.as_deref())
    }

    /// Opens `state_path`, keying report paths relative to `root` when they are inside it.
    pub fn open_at(
        state_path: impl Into<PathBuf>,
        root: Option<&Path>,
    ) -> Result<Store, StateError> {
        let state_path = state_path.into();
        let lock_path = state_path.with_file_name(LOCK_FILE);
        let mut store = Store {
            state_path,
            lock_path,
            root: root.map(normalize),
            data: StateFile::empty(),
            index: Index::default(),
            stamp: None,
            warnings: Vec::new(),
        };
        store.reload()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.state_path
    }

    /// Problems met so far that did not stop the store (shown by the UI).
    pub fn warnings(&self) -> &[StateWarning] {
        &self.warnings
    }

    /// Returns and forgets the warnings, for a UI that shows each once.
    pub fn take_warnings(&mut self) -> Vec<StateWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Number of stored entries (one per path and content ever changed).
    pub fn len(&self) -> usize {
        self.data.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.entries.is_empty()
    }

    /// The key under which `path` is stored: relative to the root with `/` separators when
    /// inside it, else the absolute path.
    pub fn key(&self, path: &Path) -> String {
        let abs = normalize(path);
        if let Some(rel) = self.root.as_ref().and_then(|r| abs.strip_prefix(r).ok()) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if !parts.is_empty() {
                return parts.join("/");
            }
        }
        abs.to_string_lossy().into_owned()
    }

    /// What is known about the report at `path` whose bytes hash to `hash`.
    pub fn entry(&self, path: &Path, hash: &str) -> View {
        let key = self.key(path);
        let entries = &self.data.entries;
        let view_of = |e: &Record, origin: Origin| View {
            path: key.clone(),
            hash: hash.to_string(),
            status: e.status.value,
            note: e.note.value.clone(),
            dismissed: e
                .dismissed
                .iter()
                .filter(|(_, d)| d.active)
                .map(|(k, d)| (k.clone(), d.clone()))
                .collect(),
            corrected: e.active_corrections(),
            history: e.history.clone(),
            origin,
            updated: Some(e.updated),
        };
        match resolve(entries, &self.index, &key, hash) {
            Resolved::Exact(i) => view_of(&entries[i], Origin::Exact),
            Resolved::Moved(i) => view_of(
                &entries[i],
                Origin::Moved {
                    from: entries[i].path.clone(),
                },
            ),
            Resolved::Replaced(i) => View {
                path: key.clone(),
                hash: hash.to_string(),
                status: Status::Unreviewed,
                note: String::new(),
                dismissed: BTreeMap::new(),
                corrected: BTreeMap::new(),
                history: entries[i].history_after(),
                origin: Origin::Replaced,
                updated: None,
            },
            Resolved::New => View {
                path: key.clone(),
                hash: hash.to_string(),
                status: Status::Unreviewed,
                note: String::new(),
                dismissed: BTreeMap::new(),
                corrected: BTreeMap::new(),
                history: Vec::new(),
                origin: Origin::New,
                updated: None,
            },
        }
    }

    /// The status alone (cheap enough for every line of a list).
    pub fn status(&self, path: &Path, hash: &str) -> Status {
        match resolve(&self.data.entries, &self.index, &self.key(path), hash) {
            Resolved::Exact(i) | Resolved::Moved(i) => self.data.entries[i].status.value,
            Resolved::Replaced(_) | Resolved::New => Status::Unreviewed,
        }
    }

    pub fn set_status(
        &mut self,
        path: &Path,
        hash: &str,
        status: Status,
    ) -> Result<(), StateError> {
        self.commit(path, hash, Op::SetStatus(status))
    }

    /// Restores the status before the last status change (pressing it again redoes).
    pub fn undo_status(&mut self, path: &Path, hash: &str) -> Result<(), StateError> {
        self.commit(path, hash, Op::UndoStatus)
    }

    /// Replaces the note (free text, may span lines; an empty note clears it).
    pub fn set_note(&mut self, path: &Path, hash: &str, note: &str) -> Result<(), StateError> {
        self.commit(path, hash, Op::SetNote(note.to_string()))
    }

    /// Dismisses a finding (by [`finding_key`](super::finding_key)) with a reason; it stays visible but stops counting.
    pub fn dismiss(
        &mut self,
        path: &Path,
        hash: &str,
        finding_key: &str,
        reason: &str,
    ) -> Result<(), StateError> {
        self.commit(
            path,
            hash,
            Op::Dismiss {
                key: finding_key.to_string(),
                reason: reason.to_string(),
            },
        )
    }

    pub fn undismiss(
        &mut self,
        path: &Path,
        hash: &str,
        finding_key: &str,
    ) -> Result<(), StateError> {
        self.commit(
            path,
            hash,
            Op::Undismiss {
                key: finding_key.to_string(),
            },
        )
    }

    /// Dismisses several findings of one report with one reason, in one write (a group of
    /// 138 blank cells must not cost 138 fsyncs).
    pub fn dismiss_all(
        &mut self,
        path: &Path,
        hash: &str,
        finding_keys: &[String],
        reason: &str,
    ) -> Result<(), StateError> {
        let ops: Vec<Op> = finding_keys
            .iter()
            .map(|k| Op::Dismiss {
                key: k.clone(),
                reason: reason.to_string(),
            })
            .collect();
        self.commit_all(path, hash, &ops)
    }

    /// Undismisses several findings of one report in one write.
    pub fn undismiss_all(
        &mut self,
        path: &Path,
        hash: &str,
        finding_keys: &[String],
    ) -> Result<(), StateError> {
        let ops: Vec<Op> = finding_keys
            .iter()
            .map(|k| Op::Undismiss { key: k.clone() })
            .collect();
        self.commit_all(path, hash, &ops)
    }

    /// Sets the value of one cell of the report (`cell` as `t3.r7.np`, `to` as
    /// `audit::correct::value_text` writes it, `None` for blank): the report is audited with it.
    pub fn set_correction(
        &mut self,
        path: &Path,
        hash: &str,
        cell: &str,
        to: Option<&str>,
    ) -> Result<(), StateError> {
        self.commit(
            path,
            hash,
            Op::Correct {
                cell: cell.to_string(),
                to: to.map(str::to_string),
                remove: false,
            },
        )
    }

    /// Takes a cell's correction back: the value as read counts again.
    pub fn remove_correction(
        &mut self,
        path: &Path,
        hash: &str,
        cell: &str,
    ) -> Result<(), StateError> {
        self.commit(
            path,
            hash,
            Op::Correct {
                cell: cell.to_string(),
                to: None,
                remove: true,
            },
        )
    }

    /// True when some entry holds a correction in force: `check` and `export` need the content
    /// hash of every file only then.
    pub fn has_corrections(&self) -> bool {
        self.data
            .entries
            .iter()
            .any(|e| e.corrected.values().any(|c| c.active))
    }

    /// Re-reads the file (another process may have written). A corrupt file is kept aside and
    /// reported; the store then keeps what it knew.
    pub fn reload(&mut self) -> Result<(), StateError> {
        let stamp = DiskStamp::of(&self.state_path);
        match read_state(&self.state_path) {
            Ok(data) => self.install(data.unwrap_or_else(StateFile::empty), stamp),
            Err(ReadError::Corrupt(_)) => {
                // Decide under the lock: a writer may be replacing the file right now.
                let _lock = self.lock()?;
                let stamp = DiskStamp::of(&self.state_path);
                let data = self
                    .read_or_set_aside()?
                    .unwrap_or_else(|| self.data.clone());
                self.install(data, stamp);
            }
            Err(e) => return Err(self.read_error(e)),
        }
        Ok(())
    }

    /// Reloads only when the file changed since it was last read or written; returns whether it did.
    pub fn reload_if_changed(&mut self) -> Result<bool, StateError> {
        if DiskStamp::of(&self.state_path) == self.stamp {
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    fn install(&mut self, data: StateFile, stamp: Option<DiskStamp>) {
        self.index = Index::build(&data.entries);
        self.data = data;
        self.stamp = stamp;
    }

    fn read_error(&self, e: ReadError) -> StateError {
        match e {
            ReadError::Io(source) => StateError::Io {
                action: "read",
                path: self.state_path.clone(),
                source,
            },
            ReadError::Newer(found) => StateError::NewerSchema {
                path: self.state_path.clone(),
                found,
            },
            ReadError::Corrupt(reason) => StateError::Io {
                action: "parse",
                path: self.state_path.clone(),
                source: io::Error::new(io::ErrorKind::InvalidData, reason),
            },
        }
    }

    /// Reads the file under the lock; a corrupt one is renamed aside and `None` returned so
    /// that the caller continues from its last good state. A missing file is an empty state.
    fn read_or_set_aside(&mut self) -> Result<Option<StateFile>, StateError> {
        match read_state(&self.state_path) {
            Ok(data) => Ok(Some(data.unwrap_or_else(StateFile::empty))),
            Err(ReadError::Corrupt(reason)) => {
                let kept_at = aside_name(&self.state_path, Utc::now());
                fs::rename(&self.state_path, &kept_at)
                    .map_err(io_err("set aside", &self.state_path))?;
                self.warnings.push(StateWarning::CorruptKeptAside {
                    path: self.state_path.clone(),
                    kept_at,
                    reason,
                });
                Ok(None)
            }
            Err(e) => Err(self.read_error(e)),
        }
    }

    fn lock(&mut self) -> Result<LockGuard, StateError> {
        if let Some(dir) = self
            .lock_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            fs::create_dir_all(dir).map_err(io_err("create", dir))?;
        }
        let mut opts = OpenOptions::new();
        opts.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A FIFO put where the lock file belongs must not block the writer (it fails with
            // ENXIO instead); a device must not become the controlling terminal.
            opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        }
        let file = opts
            .open(&self.lock_path)
            .map_err(io_err("open", &self.lock_path))?;
        if !file
            .metadata()
            .map_err(io_err("open", &self.lock_path))?
            .is_file()
        {
            let e = io::Error::new(io::ErrorKind::InvalidInput, "not a regular file");
            return Err(io_err("open", &self.lock_path)(e));
        }
        match file.lock() {
            Ok(()) => Ok(LockGuard(Some(file))),
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                let w = StateWarning::LockUnsupported {
                    path: self.lock_path.clone(),
                    reason: e.to_string(),
                };
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
                Ok(LockGuard(None))
            }
            Err(e) => Err(io_err("lock", &self.lock_path)(e)),
        }
    }

    /// Lock, re-read, apply `op`, write, unlock. On error nothing in memory changes.
    fn commit(&mut self, path: &Path, hash: &str, op: Op) -> Result<(), StateError> {
        self.commit_all(path, hash, &[op])
    }

    /// Applies `ops` in order under one lock and one write.
    fn commit_all(&mut self, path: &Path, hash: &str, ops: &[Op]) -> Result<(), StateError> {
        // The time the user acted, not the time the lock was obtained: last writer wins by intent.
        let at = Utc::now();
        let key = self.key(path);
        let _lock = self.lock()?;
        let mut data = match self.read_or_set_aside()? {
            Some(d) => d,
            None => self.data.clone(),
        };
        for op in ops {
            apply(&mut data, &key, hash, op, at);
        }
        data.entries
            .sort_by(|a, b| (&a.path, &a.hash).cmp(&(&b.path, &b.hash)));
        let mut bytes = serde_json::to_vec_pretty(&data).expect("state serialises");
        bytes.push(b'\n');
        write_atomic(&self.state_path, &bytes).map_err(io_err("write", &self.state_path))?;
        let stamp = DiskStamp::of(&self.state_path);
        self.install(data, stamp);
        Ok(())
    }
}

/// Absolute and lexically normalised (`.` and `..` folded) without touching the disk, so that a
/// file that no longer exists still gets the key it had.
fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
