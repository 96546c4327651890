//! The triage store: per-report status, note, dismissed findings and the inspector's
//! corrections of cell values, kept in one JSON file per
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
//! Dismissals and corrections belong to one content: new content is reviewed afresh, and the
//! corrections made on the old one are kept in its history item.
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
//!
//! The module in parts: `triage` (the values a user sets and sees), `identity` (hashes and
//! finding keys), `error` (warnings and errors), `merge` (the pure field merge of one change
//! into the file's data), `disk` (reading the file, the lock and the file's stamp) and
//! `store` (the [`Store`] that ties them together).

mod disk;
mod error;
mod identity;
mod merge;
mod store;
mod triage;

pub use crate::atomic::write_atomic;
pub use error::{StateError, StateWarning};
pub use identity::{content_hash, finding_key, finding_keys, hash_file};
pub use store::Store;
pub use triage::{CellCorrection, Dismissal, HistoryItem, Origin, Status, View};

/// Version of the on-disk format; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;
/// The directory inside an inbox that holds gouji's state.
pub const STATE_DIR: &str = ".gouji";
pub const STATE_FILE: &str = "state.json";
pub const LOCK_FILE: &str = "state.lock";
/// History kept per entry; older items are dropped so the file stays small.
pub(crate) const HISTORY_LIMIT: usize = 50;

#[cfg(test)]
mod tests;
