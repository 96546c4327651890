//! The triage store: per-report status, note and dismissed findings, kept in one JSON file per
//! inbox (`.gouji/state.json`) so that days of review survive restarts, crashes and a second
//! gouji running on the same inbox.
//!
//! # Identity: path AND content
//! An entry is keyed by the report's path (relative to the inbox root) and a hash of the file's
//! bytes ([`content_hash`]). Looking up `(path, hash)`:
//! 1. an entry with that path and hash: it ([`Origin::Exact`]);
//! 2. else an entry with the same hash at another path: the file was moved, renamed or copied and
//!    keeps its status, note and dismissals ([`Origin::Moved`]);
//! 3. else an entry at the same path with another hash: the submitter replaced the file, so the
//!    status is back to unreviewed and the old entry shows as history ([`Origin::Replaced`]);
//! 4. else nothing is known ([`Origin::New`]).
//!
//! Lookups never write. The first change made through a moved or replaced view creates the entry
//! for the new `(path, hash)` (copy on write), so a copied file and its original stay independent.
//! Dismissals belong to one content: new content is reviewed afresh.
//!
//! # Durability and concurrency
//! Every change is written at once: take an exclusive lock on `.gouji/state.lock`, re-read the file,
//! apply the change as an *operation* (set this field), write a temporary file in the same
//! directory, `sync_all`, rename it over the state file, fsync the directory, unlock. Fields are
//! last-writer-wins by the time the user made the change, so two processes interleaving changes
//! lose none of each other's work. A file that does not parse is renamed aside
//! (`state.json.corrupt-<UTC time>`) with its bytes intact and reported as a [`StateWarning`],
//! never silently replaced; a file written by a newer gouji (higher `schema`) is left alone and
//! refused ([`StateError::NewerSchema`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Finding;
use crate::template::TableId;

/// Version of the on-disk format; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;
/// The directory inside an inbox that holds gouji's state.
pub const STATE_DIR: &str = ".gouji";
pub const STATE_FILE: &str = "state.json";
pub const LOCK_FILE: &str = "state.lock";
/// History kept per entry; older items are dropped so the file stays small.
const HISTORY_LIMIT: usize = 50;

/// The triage decision on one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Unreviewed,
    Accepted,
    /// 待整改: the submitting office must correct the report.
    NeedsFix,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Unreviewed,
        Status::Accepted,
        Status::NeedsFix,
        Status::Rejected,
    ];

    /// Stable English name (as in the JSON files and CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Accepted => "accepted",
            Status::NeedsFix => "needs_fix",
            Status::Rejected => "rejected",
        }
    }

    /// The word an inspector uses.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Unreviewed => "未审核",
            Status::Accepted => "通过",
            Status::NeedsFix => "待整改",
            Status::Rejected => "退回",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hash of a report file's bytes, as stored in the state: `sha256:<64 hex digits>`.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// [`content_hash`] of a file on disk.
pub fn hash_file(path: &Path) -> io::Result<String> {
    crate::input::read_regular(path, crate::input::MAX_FILE_BYTES).map(|b| content_hash(&b))
}

/// A stable identifier for a finding within one report content, used to dismiss it.
///
/// A finding that names a cell is `RULE@table.row.column` (`T3-SUM7@t3.r7.np`): a rule checks a
/// cell once, and within one content hash the values cannot change, so the message is left out
/// and a reworded message in a newer gouji keeps the dismissal. Any other finding adds the first
/// 8 hex digits of the SHA-256 of its message (`S-SIX@-.-.-#1a2b3c4d`), which tells apart several
/// findings of one rule. Use [`finding_keys`] for a whole report: it numbers any remaining
/// duplicates in order (`~2`, `~3`), which is stable because the audit is deterministic.
pub fn finding_key(f: &Finding) -> String {
    let table = f.table.map_or("-", TableId::as_str);
    match (f.row, f.column) {
        (Some(row), Some(col)) => format!("{}@{table}.{row}.{col}", f.rule),
        (row, col) => {
            let digest = Sha256::digest(f.message.as_bytes());
            let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            format!(
                "{}@{table}.{}.{}#{short}",
                f.rule,
                row.unwrap_or("-"),
                col.unwrap_or("-")
            )
        }
    }
}

/// The keys of a report's findings, index for index, unique within the report.
pub fn finding_keys(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let key = finding_key(f);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { key } else { format!("{key}~{n}") }
        })
        .collect()
}

/// Why a finding was dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    pub reason: String,
    pub at: DateTime<Utc>,
    /// False once undismissed; kept so that a late, older dismissal cannot revive it.
    pub active: bool,
}

/// A previous state of the report at this path, before its content changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub hash: String,
    pub path: String,
    pub status: Status,
    pub note: String,
    /// When that entry was last changed.
    pub when: DateTime<Utc>,
}

/// How a [`View`] was found; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Exact,
    /// Same content seen before at `from`.
    Moved {
        from: String,
    },
    /// The path had other content before; the status starts again.
    Replaced,
    New,
}

/// What the store knows about one report (a copy: it does not change when the store does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The key of the report's path (relative to the inbox root when inside it).
    pub path: String,
    pub hash: String,
    pub status: Status,
    pub note: String,
    /// Active dismissals by finding key ([`finding_key`]).
    pub dismissed: BTreeMap<String, Dismissal>,
    /// Earlier contents of this path, newest first.
    pub history: Vec<HistoryItem>,
    pub origin: Origin,
    /// When anything in this entry was last changed; `None` if never.
    pub updated: Option<DateTime<Utc>>,
}

impl View {
    pub fn is_dismissed(&self, finding_key: &str) -> bool {
        self.dismissed.contains_key(finding_key)
    }

    pub fn dismissal(&self, finding_key: &str) -> Option<&Dismissal> {
        self.dismissed.get(finding_key)
    }
}

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

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StateError + use<> {
    let path = path.to_path_buf();
    move |source| StateError::Io {
        action,
        path,
        source,
    }
}

// ---- on-disk data -----------------------------------------------------------------------------

/// A value with the time the user set it; `at = None` means never set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
struct Stamped<T> {
    value: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<DateTime<Utc>>,
}

impl<T> Stamped<T> {
    /// Last writer wins: a change older than the stored one is dropped.
    fn set(&mut self, value: T, at: DateTime<Utc>) -> bool {
        if self.at.is_some_and(|cur| cur > at) {
            return false;
        }
        self.value = value;
        self.at = Some(at);
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    path: String,
    hash: String,
    #[serde(default)]
    status: Stamped<Status>,
    /// The status before the last change, for undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_before: Option<Status>,
    #[serde(default)]
    note: Stamped<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    dismissed: BTreeMap<String, Dismissal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<HistoryItem>,
    updated: DateTime<Utc>,
}

impl Entry {
    fn fresh(path: &str, hash: &str, at: DateTime<Utc>) -> Entry {
        Entry {
            path: path.to_string(),
            hash: hash.to_string(),
            status: Stamped::default(),
            status_before: None,
            note: Stamped::default(),
            dismissed: BTreeMap::new(),
            history: Vec::new(),
            updated: at,
        }
    }

    fn snapshot(&self) -> HistoryItem {
        HistoryItem {
            hash: self.hash.clone(),
            path: self.path.clone(),
            status: self.status.value,
            note: self.note.value.clone(),
            when: self.updated,
        }
    }

    /// The history a new content at this entry's path starts with.
    fn history_after(&self) -> Vec<HistoryItem> {
        let mut h = Vec::with_capacity(self.history.len() + 1);
        h.push(self.snapshot());
        h.extend(self.history.iter().cloned());
        h.truncate(HISTORY_LIMIT);
        h
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StateFile {
    schema: u32,
    #[serde(default)]
    entries: Vec<Entry>,
}

impl StateFile {
    fn empty() -> StateFile {
        StateFile {
            schema: SCHEMA_VERSION,
            entries: Vec::new(),
        }
    }
}

/// Lookups by (path, hash), by hash and by path.
#[derive(Debug, Default)]
struct Index {
    exact: HashMap<(String, String), usize>,
    by_hash: HashMap<String, Vec<usize>>,
    by_path: HashMap<String, Vec<usize>>,
}

impl Index {
    fn build(entries: &[Entry]) -> Index {
        let mut ix = Index::default();
        for (i, e) in entries.iter().enumerate() {
            ix.exact.insert((e.path.clone(), e.hash.clone()), i);
            ix.by_hash.entry(e.hash.clone()).or_default().push(i);
            ix.by_path.entry(e.path.clone()).or_default().push(i);
        }
        ix
    }
}

enum Resolved {
    Exact(usize),
    Moved(usize),
    Replaced(usize),
    New,
}

fn resolve(entries: &[Entry], ix: &Index, path: &str, hash: &str) -> Resolved {
    if let Some(&i) = ix.exact.get(&(path.to_string(), hash.to_string())) {
        return Resolved::Exact(i);
    }
    // Several candidates: the most recently changed one is what the user saw last.
    let newest = |list: Option<&Vec<usize>>, keep: &dyn Fn(&Entry) -> bool| {
        list.into_iter()
            .flatten()
            .copied()
            .filter(|&i| keep(&entries[i]))
            .max_by_key(|&i| entries[i].updated)
    };
    if let Some(i) = newest(ix.by_hash.get(hash), &|_| true) {
        return Resolved::Moved(i);
    }
    if let Some(i) = newest(ix.by_path.get(path), &|e| e.hash != hash) {
        return Resolved::Replaced(i);
    }
    Resolved::New
}

/// One change, applied to whatever the file holds when the lock is taken.
#[derive(Debug, Clone)]
enum Op {
    SetStatus(Status),
    UndoStatus,
    SetNote(String),
    Dismiss { key: String, reason: String },
    Undismiss { key: String },
}

fn apply(data: &mut StateFile, path: &str, hash: &str, op: &Op, at: DateTime<Utc>) {
    let ix = Index::build(&data.entries);
    let i = match resolve(&data.entries, &ix, path, hash) {
        Resolved::Exact(i) => i,
        Resolved::Moved(j) => {
            let mut e = data.entries[j].clone();
            e.path = path.to_string();
            data.entries.push(e);
            data.entries.len() - 1
        }
        Resolved::Replaced(j) => {
            let mut e = Entry::fresh(path, hash, at);
            e.history = data.entries[j].history_after();
            data.entries.push(e);
            data.entries.len() - 1
        }
        Resolved::New => {
            data.entries.push(Entry::fresh(path, hash, at));
            data.entries.len() - 1
        }
    };
    let e = &mut data.entries[i];
    let changed = match op {
        Op::SetStatus(s) => {
            let before = e.status.value;
            let ok = e.status.set(*s, at);
            if ok && before != *s {
                e.status_before = Some(before);
            }
            ok
        }
        Op::UndoStatus => match e.status_before {
            Some(prev) => {
                let cur = e.status.value;
                let ok = e.status.set(prev, at);
                if ok {
                    e.status_before = Some(cur);
                }
                ok
            }
            None => false,
        },
        Op::SetNote(n) => e.note.set(n.clone(), at),
        Op::Dismiss { key, reason } => set_dismissal(&mut e.dismissed, key, reason, at, true),
        Op::Undismiss { key } => {
            let reason = e
                .dismissed
                .get(key)
                .map(|d| d.reason.clone())
                .unwrap_or_default();
            set_dismissal(&mut e.dismissed, key, &reason, at, false)
        }
    };
    if changed && at > e.updated {
        e.updated = at;
    }
}

fn set_dismissal(
    map: &mut BTreeMap<String, Dismissal>,
    key: &str,
    reason: &str,
    at: DateTime<Utc>,
    active: bool,
) -> bool {
    if map.get(key).is_some_and(|d| d.at > at) {
        return false;
    }
    map.insert(
        key.to_string(),
        Dismissal {
            reason: reason.to_string(),
            at,
            active,
        },
    );
    true
}

// ---- reading and writing the file -------------------------------------------------------------

enum ReadError {
    Io(io::Error),
    Corrupt(String),
    Newer(u32),
}

/// `Ok(None)` when there is no state file yet.
fn read_state(path: &Path) -> Result<Option<StateFile>, ReadError> {
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

/// Writes `bytes` to `path` so that the file is always either the old or the new content, even
/// after a crash or power loss: a temporary file in the same directory is written, synced and
/// renamed over `path`, then the directory is synced. Also used for exported lists.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the usual mode (0666 less the umask) rather than tempfile's 0600;
    // a replaced file keeps its own, so that a state file shared by a group stays shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable. Not every platform can open a directory: best effort.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `state.json.corrupt-20260123T101112Z`, with `-2`, `-3`… if taken.
fn aside_name(path: &Path, now: DateTime<Utc>) -> PathBuf {
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
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    ino: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let m = fs::metadata(path).ok()?;
        Some(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            ino: std::os::unix::fs::MetadataExt::ino(&m),
        })
    }
}

/// Held while reading, merging and writing; dropping it unlocks.
struct LockGuard(Option<File>);

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = f.unlock();
        }
    }
}

// ---- the store --------------------------------------------------------------------------------

/// The triage state of one inbox. Reads are from memory; every change is saved before it returns.
#[derive(Debug)]
pub struct Store {
    state_path: PathBuf,
    lock_path: PathBuf,
    root: Option<PathBuf>,
    data: StateFile,
    index: Index,
    stamp: Option<FileStamp>,
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
        let view_of = |e: &Entry, origin: Origin| View {
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

    /// Dismisses a finding (by [`finding_key`]) with a reason; it stays visible but stops counting.
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

    /// Re-reads the file (another process may have written). A corrupt file is kept aside and
    /// reported; the store then keeps what it knew.
    pub fn reload(&mut self) -> Result<(), StateError> {
        let stamp = FileStamp::of(&self.state_path);
        match read_state(&self.state_path) {
            Ok(data) => self.install(data.unwrap_or_else(StateFile::empty), stamp),
            Err(ReadError::Corrupt(_)) => {
                // Decide under the lock: a writer may be replacing the file right now.
                let _lock = self.lock()?;
                let stamp = FileStamp::of(&self.state_path);
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
        if FileStamp::of(&self.state_path) == self.stamp {
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    fn install(&mut self, data: StateFile, stamp: Option<FileStamp>) {
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
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)
            .map_err(io_err("open", &self.lock_path))?;
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
        let stamp = FileStamp::of(&self.state_path);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    /// An inbox with one report file; returns (dir, path, hash).
    fn inbox_with(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let hash = hash_file(&path).unwrap();
        (dir, path, hash)
    }

    fn state_path(dir: &Path) -> PathBuf {
        dir.join(STATE_DIR).join(STATE_FILE)
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_keeps_the_mode_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("list.md");
        write_atomic(&p, b"one").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode(&p) & 0o044,
            0,
            "a new file is readable by others as usual (umask 022)"
        );
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o640);
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn content_hash_is_sha256_of_the_bytes() {
        assert_eq!(
            content_hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn opening_an_inbox_creates_nothing_until_a_change() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let store = Store::open_inbox(dir.path()).unwrap();
        assert_eq!(store.entry(&path, &hash).origin, Origin::New);
        assert!(!dir.path().join(STATE_DIR).exists());
    }

    #[test]
    fn status_and_note_survive_reopening() {
        let (dir, path, hash) = inbox_with("a.txt", "报告一");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&path, &hash, Status::NeedsFix).unwrap();
        store
            .set_note(&path, &hash, "表三（七）总计有误\n请于五日内更正")
            .unwrap();
        drop(store);

        let store = Store::open_inbox(dir.path()).unwrap();
        let v = store.entry(&path, &hash);
        assert_eq!(v.status, Status::NeedsFix);
        assert_eq!(v.note, "表三（七）总计有误\n请于五日内更正");
        assert_eq!(v.origin, Origin::Exact);
        assert_eq!(v.path, "a.txt");
        assert_eq!(store.status(&path, &hash), Status::NeedsFix);

        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(state_path(dir.path())).unwrap()).unwrap();
        assert_eq!(json["schema"], SCHEMA_VERSION);
        assert_eq!(json["entries"][0]["status"]["value"], "needs_fix");
    }

    #[test]
    fn replaced_content_is_unreviewed_again_and_keeps_the_old_entry_as_history() {
        let (dir, path, h1) = inbox_with("a.txt", "第一版");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&path, &h1, Status::Accepted).unwrap();
        store.set_note(&path, &h1, "数据无误").unwrap();

        fs::write(&path, "第二版").unwrap();
        let h2 = hash_file(&path).unwrap();
        let v = store.entry(&path, &h2);
        assert_eq!(v.status, Status::Unreviewed);
        assert_eq!(v.note, "");
        assert_eq!(v.origin, Origin::Replaced);
        assert_eq!(v.history.len(), 1);
        assert_eq!(v.history[0].hash, h1);
        assert_eq!(v.history[0].status, Status::Accepted);
        assert_eq!(v.history[0].note, "数据无误");

        store.set_status(&path, &h2, Status::NeedsFix).unwrap();
        drop(store);
        let store = Store::open_inbox(dir.path()).unwrap();
        let v = store.entry(&path, &h2);
        assert_eq!(v.status, Status::NeedsFix);
        assert_eq!(v.origin, Origin::Exact);
        assert_eq!(v.history[0].status, Status::Accepted);
        // A third version lists both earlier ones, newest first.
        let h3 = content_hash("第三版".as_bytes());
        let v = store.entry(&path, &h3);
        let statuses: Vec<Status> = v.history.iter().map(|h| h.status).collect();
        assert_eq!(statuses, [Status::NeedsFix, Status::Accepted]);
    }

    #[test]
    fn a_renamed_file_keeps_status_note_and_dismissals() {
        let (dir, old, hash) = inbox_with("a.txt", "同一内容");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&old, &hash, Status::Rejected).unwrap();
        store.set_note(&old, &hash, "退回重报").unwrap();
        store
            .dismiss(&old, &hash, "C-BLANK@t4.rv.keep", "当地口径")
            .unwrap();
        let new = dir.path().join("sub").join("renamed.txt");
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::rename(&old, &new).unwrap();

        let store = Store::open_inbox(dir.path()).unwrap();
        let v = store.entry(&new, &hash);
        assert_eq!(v.status, Status::Rejected);
        assert_eq!(v.note, "退回重报");
        assert!(v.is_dismissed("C-BLANK@t4.rv.keep"));
        assert_eq!(
            v.origin,
            Origin::Moved {
                from: "a.txt".into()
            }
        );
        assert_eq!(v.path, "sub/renamed.txt");
    }

    #[test]
    fn a_copy_changed_after_renaming_leaves_the_original_alone() {
        let (dir, a, hash) = inbox_with("a.txt", "同一内容");
        let b = dir.path().join("b.txt");
        fs::copy(&a, &b).unwrap();
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&a, &hash, Status::Accepted).unwrap();
        assert_eq!(store.status(&b, &hash), Status::Accepted);
        store.set_status(&b, &hash, Status::Rejected).unwrap();
        assert_eq!(store.status(&a, &hash), Status::Accepted);
        assert_eq!(store.status(&b, &hash), Status::Rejected);
        assert_eq!(store.entry(&b, &hash).origin, Origin::Exact);
    }

    #[test]
    fn a_moved_inbox_keeps_its_triage() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&path, &hash, Status::Accepted).unwrap();
        let parent = tempfile::tempdir().unwrap();
        let moved = parent.path().join("inbox");
        fs::rename(dir.path(), &moved).unwrap();
        let store = Store::open(state_path(&moved)).unwrap();
        let v = store.entry(&moved.join("a.txt"), &hash);
        assert_eq!((v.status, v.origin), (Status::Accepted, Origin::Exact));
    }

    #[test]
    fn paths_are_keyed_relative_to_the_inbox_root() {
        let (dir, _, _) = inbox_with("a.txt", "x");
        let store = Store::open_inbox(dir.path()).unwrap();
        assert_eq!(store.key(&dir.path().join("sub/./x/../b.txt")), "sub/b.txt");
        let outside = Path::new("/elsewhere/c.txt");
        assert_eq!(store.key(outside), "/elsewhere/c.txt");
        // `--state .gouji/state.json` from inside the inbox: the root is the current directory.
        let store = Store::open(Path::new(".gouji/state.json")).unwrap();
        assert_eq!(store.key(Path::new("./sub/a.txt")), "sub/a.txt");
    }

    #[test]
    fn dismissals_carry_a_reason_and_can_be_withdrawn() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store
            .dismiss(&path, &hash, "T3-SUM7@t3.r7.np", "误报：表格跨页")
            .unwrap();
        store
            .dismiss(&path, &hash, "C-BLANK@t3.r1.res", "本地变体")
            .unwrap();
        store.undismiss(&path, &hash, "C-BLANK@t3.r1.res").unwrap();
        let store = Store::open_inbox(dir.path()).unwrap();
        let v = store.entry(&path, &hash);
        assert_eq!(
            v.dismissal("T3-SUM7@t3.r7.np").map(|d| d.reason.as_str()),
            Some("误报：表格跨页")
        );
        assert!(!v.is_dismissed("C-BLANK@t3.r1.res"));
        assert_eq!(v.dismissed.len(), 1);
    }

    #[test]
    fn a_group_of_findings_is_dismissed_and_withdrawn_in_one_write_each() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        let keys: Vec<String> = ["C-BLANK@t3.r1.np", "C-BLANK@t3.r1.biz", "C-BLANK@t3.r2.np"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        store.dismiss_all(&path, &hash, &keys, "未发生").unwrap();
        let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
        assert_eq!(v.dismissed.len(), 3);
        assert!(v.dismissed.values().all(|d| d.reason == "未发生"));
        store.undismiss_all(&path, &hash, &keys[..2]).unwrap();
        let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
        assert_eq!(v.dismissed.keys().collect::<Vec<_>>(), ["C-BLANK@t3.r2.np"]);
    }

    #[test]
    fn undo_restores_the_previous_status() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.undo_status(&path, &hash).unwrap();
        assert_eq!(store.status(&path, &hash), Status::Unreviewed);
        store.set_status(&path, &hash, Status::Accepted).unwrap();
        store.set_status(&path, &hash, Status::NeedsFix).unwrap();
        store.undo_status(&path, &hash).unwrap();
        assert_eq!(store.status(&path, &hash), Status::Accepted);
    }

    #[test]
    fn an_older_change_does_not_overwrite_a_newer_one() {
        let t0: DateTime<Utc> = "2026-01-10T08:00:00Z".parse().unwrap();
        let t1: DateTime<Utc> = "2026-01-10T09:00:00Z".parse().unwrap();
        let mut data = StateFile::empty();
        apply(&mut data, "a.txt", "h", &Op::SetNote("新".into()), t1);
        apply(&mut data, "a.txt", "h", &Op::SetNote("旧".into()), t0);
        apply(
            &mut data,
            "a.txt",
            "h",
            &Op::SetStatus(Status::Accepted),
            t0,
        );
        let dismiss = |reason: &str| Op::Dismiss {
            key: "k".into(),
            reason: reason.into(),
        };
        apply(
            &mut data,
            "a.txt",
            "h",
            &Op::Undismiss { key: "k".into() },
            t1,
        );
        apply(&mut data, "a.txt", "h", &dismiss("late"), t0);
        let e = &data.entries[0];
        assert_eq!(e.note.value, "新");
        assert_eq!(e.status.value, Status::Accepted);
        assert!(!e.dismissed["k"].active);
        assert_eq!(e.updated, t1);
    }

    #[test]
    fn two_stores_interleaving_100_updates_lose_none() {
        let (dir, _, _) = inbox_with("a.txt", "x");
        let mut a = Store::open_inbox(dir.path()).unwrap();
        let mut b = Store::open_inbox(dir.path()).unwrap();
        let shared = dir.path().join("shared.txt");
        for i in 0..50 {
            let p = dir.path().join(format!("r{i}.txt"));
            let h = format!("sha256:{i}");
            // Neither store reloads in between: each write must merge what the other wrote.
            a.set_status(&p, &h, Status::NeedsFix).unwrap();
            b.set_note(&p, &h, &format!("备注{i}")).unwrap();
            a.dismiss(&shared, "sha256:s", &format!("a{i}"), "甲")
                .unwrap();
            b.dismiss(&shared, "sha256:s", &format!("b{i}"), "乙")
                .unwrap();
        }
        let s = Store::open_inbox(dir.path()).unwrap();
        for i in 0..50 {
            let v = s.entry(
                &dir.path().join(format!("r{i}.txt")),
                &format!("sha256:{i}"),
            );
            assert_eq!(v.status, Status::NeedsFix, "status of r{i}");
            assert_eq!(v.note, format!("备注{i}"), "note of r{i}");
        }
        assert_eq!(s.entry(&shared, "sha256:s").dismissed.len(), 100);
    }

    #[test]
    fn concurrent_threads_writing_100_updates_lose_none() {
        let dir = tempfile::tempdir().unwrap();
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let root = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let mut s = Store::open_inbox(&root).unwrap();
                    let shared = root.join("shared.txt");
                    for i in 0..25 {
                        s.dismiss(&shared, "sha256:s", &format!("t{t}-{i}"), "并发")
                            .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let s = Store::open_inbox(dir.path()).unwrap();
        assert_eq!(
            s.entry(&dir.path().join("shared.txt"), "sha256:s")
                .dismissed
                .len(),
            100
        );
        assert!(s.warnings().is_empty());
    }

    /// Run by `two_processes_writing_100_updates_lose_none` in child processes.
    #[test]
    #[ignore = "helper run in a child process"]
    fn child_writer() {
        let (Ok(root), Ok(id)) = (
            std::env::var("GOUJI_TEST_INBOX"),
            std::env::var("GOUJI_TEST_WRITER"),
        ) else {
            return;
        };
        let root = PathBuf::from(root);
        let mut s = Store::open_inbox(&root).unwrap();
        for i in 0..50 {
            s.dismiss(
                &root.join("shared.txt"),
                "sha256:s",
                &format!("{id}-{i}"),
                "进程",
            )
            .unwrap();
        }
    }

    #[test]
    fn two_processes_writing_100_updates_lose_none() {
        let dir = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let children: Vec<_> = ["p", "q"]
            .iter()
            .map(|id| {
                std::process::Command::new(&exe)
                    .args([
                        "state::tests::child_writer",
                        "--exact",
                        "--ignored",
                        "--quiet",
                    ])
                    .env("GOUJI_TEST_INBOX", dir.path())
                    .env("GOUJI_TEST_WRITER", id)
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let s = Store::open_inbox(dir.path()).unwrap();
        let v = s.entry(&dir.path().join("shared.txt"), "sha256:s");
        assert_eq!(v.dismissed.len(), 100);
        assert!(v.is_dismissed("p-49") && v.is_dismissed("q-0"));
    }

    /// Run by `a_writer_killed_at_any_moment_leaves_a_readable_file_with_every_acknowledged_change`:
    /// changes the note forever, printing each number once it is saved.
    #[test]
    #[ignore = "helper run in a child process"]
    fn child_writer_until_killed() {
        let Ok(root) = std::env::var("GOUJI_TEST_KILL_INBOX") else {
            return;
        };
        let root = PathBuf::from(root);
        let mut s = Store::open_inbox(&root).unwrap();
        let report = root.join("a.txt");
        let mut out = io::stdout();
        for i in 0u64.. {
            s.set_note(&report, "sha256:a", &format!("{i}")).unwrap();
            writeln!(out, "saved {i}").unwrap();
            out.flush().unwrap();
        }
    }

    #[test]
    fn a_writer_killed_at_any_moment_leaves_a_readable_file_with_every_acknowledged_change() {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "state::tests::child_writer_until_killed",
                "--exact",
                "--ignored",
                "--nocapture",
                "--quiet",
            ])
            .env("GOUJI_TEST_KILL_INBOX", dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut acked = None;
        let lines = io::BufReader::new(child.stdout.take().unwrap()).lines();
        for line in lines {
            if let Some(n) = line.unwrap().strip_prefix("saved ") {
                let n: u64 = n.parse().unwrap();
                acked = Some(n);
                if n >= 40 {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, mid-write or not
        child.wait().unwrap();
        let acked = acked.expect("the child saved something");

        let s = Store::open_inbox(dir.path()).unwrap();
        assert!(s.warnings().is_empty(), "{:?}", s.warnings());
        let note: u64 = s
            .entry(&dir.path().join("a.txt"), "sha256:a")
            .note
            .parse()
            .unwrap();
        assert!(note >= acked, "saved {acked} but found {note}");
    }

    #[test]
    fn a_truncated_state_file_is_kept_aside_and_reported() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_status(&path, &hash, Status::Accepted).unwrap();
        store.set_note(&path, &hash, "已核").unwrap();
        drop(store);
        // Simulate a write cut short: half of a valid file.
        let sp = state_path(dir.path());
        let full = fs::read(&sp).unwrap();
        let cut = full[..full.len() / 2].to_vec();
        fs::write(&sp, &cut).unwrap();

        let mut store = Store::open_inbox(dir.path()).unwrap();
        let w = store.take_warnings();
        let [
            StateWarning::CorruptKeptAside {
                kept_at, path: p, ..
            },
        ] = &w[..]
        else {
            panic!("expected one corrupt-file warning, got {w:?}");
        };
        assert_eq!(p, &sp);
        assert!(
            kept_at
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        );
        assert_eq!(
            fs::read(kept_at).unwrap(),
            cut,
            "the bytes are kept as they were"
        );
        assert!(
            !sp.exists(),
            "nothing is written until the user changes something"
        );
        assert!(w[0].to_string().contains("state.json.corrupt-"));
        assert_eq!(store.status(&path, &hash), Status::Unreviewed);

        store.set_status(&path, &hash, Status::NeedsFix).unwrap();
        assert_eq!(fs::read(kept_at).unwrap(), cut);
        let again = Store::open_inbox(dir.path()).unwrap();
        assert_eq!(again.status(&path, &hash), Status::NeedsFix);
        assert!(again.warnings().is_empty());
    }

    #[test]
    fn a_file_corrupted_while_open_is_kept_aside_and_memory_is_kept() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut store = Store::open_inbox(dir.path()).unwrap();
        store.set_note(&path, &hash, "第一条备注").unwrap();
        fs::write(state_path(dir.path()), b"{\"schema\": 1, \"entr").unwrap();
        store.set_status(&path, &hash, Status::Rejected).unwrap();
        assert_eq!(store.warnings().len(), 1);
        let s = Store::open_inbox(dir.path()).unwrap();
        let v = s.entry(&path, &hash);
        assert_eq!(
            (v.status, v.note.as_str()),
            (Status::Rejected, "第一条备注")
        );
        let kept: Vec<_> = fs::read_dir(dir.path().join(STATE_DIR))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn a_state_file_from_a_newer_gouji_is_refused_and_untouched() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let sp = state_path(dir.path());
        fs::create_dir_all(sp.parent().unwrap()).unwrap();
        let newer = br#"{"schema": 99, "entries": "something new"}"#;
        fs::write(&sp, newer).unwrap();
        let err = Store::open_inbox(dir.path()).unwrap_err();
        assert!(matches!(err, StateError::NewerSchema { found: 99, .. }));
        assert!(err.to_string().contains("newer"));
        assert_eq!(fs::read(&sp).unwrap(), newer);
        let _ = (path, hash);
    }

    #[test]
    fn reload_if_changed_sees_another_writer() {
        let (dir, path, hash) = inbox_with("a.txt", "报告");
        let mut a = Store::open_inbox(dir.path()).unwrap();
        let mut b = Store::open_inbox(dir.path()).unwrap();
        assert!(!a.reload_if_changed().unwrap());
        b.set_status(&path, &hash, Status::Accepted).unwrap();
        assert_eq!(a.status(&path, &hash), Status::Unreviewed);
        assert!(a.reload_if_changed().unwrap());
        assert_eq!(a.status(&path, &hash), Status::Accepted);
        assert!(!a.reload_if_changed().unwrap());
    }

    #[test]
    fn finding_keys_are_stable_and_unique() {
        let cell = Finding::new("T3-SUM7", Severity::Error, "（七）总计 0 ≠ 15").at(
            TableId::T3,
            Some("r7"),
            Some("np"),
        );
        assert_eq!(finding_key(&cell), "T3-SUM7@t3.r7.np");
        let reworded = Finding {
            message: "sum of (一)–(六) is 15 but (七) says 0".into(),
            ..cell.clone()
        };
        assert_eq!(finding_key(&reworded), finding_key(&cell));

        let s1 = Finding::new("S-SIX", Severity::Error, "第五部分缺失");
        let s2 = Finding::new("S-SIX", Severity::Error, "第六部分缺失");
        assert!(finding_key(&s1).starts_with("S-SIX@-.-.-#"));
        assert_ne!(finding_key(&s1), finding_key(&s2));

        let all = vec![cell.clone(), s1.clone(), s1.clone(), cell];
        let keys = finding_keys(&all);
        assert_eq!(keys[0], "T3-SUM7@t3.r7.np");
        assert_eq!(keys[2], format!("{}~2", keys[1]));
        assert_eq!(keys[3], "T3-SUM7@t3.r7.np~2");
        assert_eq!(finding_keys(&all), keys, "same findings, same keys");
    }
}
