//! The file's data and the pure merge of one change into it: each field carries the time the user
//! set it, and the later change wins, so two processes interleaving changes lose none.
//! Nothing here touches the disk or the clock: the time of a change is an argument.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::triage::{CellCorrection, Dismissal, HistoryItem, Status};
use super::{HISTORY_LIMIT, SCHEMA_VERSION};

/// A value with the time the user set it; `at = None` means never set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(super) struct Stamped<T> {
    pub(super) value: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at: Option<DateTime<Utc>>,
}

impl<T> Stamped<T> {
    /// Last writer wins: a change older than the stored one is dropped.
    pub(super) fn set(&mut self, value: T, at: DateTime<Utc>) -> bool {
        if self.at.is_some_and(|cur| cur > at) {
            return false;
        }
        self.value = value;
        self.at = Some(at);
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Record {
    pub(super) path: String,
    pub(super) hash: String,
    #[serde(default)]
    pub(super) status: Stamped<Status>,
    /// The status before the last change, for undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) status_before: Option<Status>,
    #[serde(default)]
    pub(super) note: Stamped<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) dismissed: BTreeMap<String, Dismissal>,
    /// Cell corrections by cell id (`t3.r7.np`); a file written before corrections existed
    /// has none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) corrected: BTreeMap<String, CellCorrection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) history: Vec<HistoryItem>,
    pub(super) updated: DateTime<Utc>,
}

impl Record {
    pub(super) fn fresh(path: &str, hash: &str, at: DateTime<Utc>) -> Record {
        Record {
            path: path.to_string(),
            hash: hash.to_string(),
            status: Stamped::default(),
            status_before: None,
            note: Stamped::default(),
            dismissed: BTreeMap::new(),
            corrected: BTreeMap::new(),
            history: Vec::new(),
            updated: at,
        }
    }

    pub(super) fn snapshot(&self) -> HistoryItem {
        HistoryItem {
            hash: self.hash.clone(),
            path: self.path.clone(),
            status: self.status.value,
            note: self.note.value.clone(),
            corrected: self.active_corrections(),
            when: self.updated,
        }
    }

    /// The corrections in force: cell id → value (`None`: blank).
    pub(super) fn active_corrections(&self) -> BTreeMap<String, Option<String>> {
        self.corrected
            .iter()
            .filter(|(_, c)| c.active)
            .map(|(k, c)| (k.clone(), c.to.clone()))
            .collect()
    }

    /// The history a new content at this entry's path starts with.
    pub(super) fn history_after(&self) -> Vec<HistoryItem> {
        let mut h = Vec::with_capacity(self.history.len() + 1);
        h.push(self.snapshot());
        h.extend(self.history.iter().cloned());
        h.truncate(HISTORY_LIMIT);
        h
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct StateFile {
    pub(super) schema: u32,
    #[serde(default)]
    pub(super) entries: Vec<Record>,
}

impl StateFile {
    pub(super) fn empty() -> StateFile {
        StateFile {
            schema: SCHEMA_VERSION,
            entries: Vec::new(),
        }
    }
}

/// Lookups by (path, hash), by hash and by path.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub(super) exact: HashMap<(String, String), usize>,
    pub(super) by_hash: HashMap<String, Vec<usize>>,
    pub(super) by_path: HashMap<String, Vec<usize>>,
}

impl Index {
    pub(super) fn build(entries: &[Record]) -> Index {
        let mut ix = Index::default();
        for (i, e) in entries.iter().enumerate() {
            ix.exact.insert((e.path.clone(), e.hash.clone()), i);
            ix.by_hash.entry(e.hash.clone()).or_default().push(i);
            ix.by_path.entry(e.path.clone()).or_default().push(i);
        }
        ix
    }
}

pub(super) enum Resolved {
    Exact(usize),
    Moved(usize),
    Replaced(usize),
    New,
}

pub(super) fn resolve(entries: &[Record], ix: &Index, path: &str, hash: &str) -> Resolved {
    if let Some(&i) = ix.exact.get(&(path.to_string(), hash.to_string())) {
        return Resolved::Exact(i);
    }
    // Several candidates: the most recently changed one is what the user saw last.
    let newest = |list: Option<&Vec<usize>>, keep: &dyn Fn(&Record) -> bool| {
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
pub(super) enum Op {
    SetStatus(Status),
    UndoStatus,
    SetNote(String),
    Dismiss {
        key: String,
        reason: String,
    },
    Undismiss {
        key: String,
    },
    /// Set a cell's value (`None`: blank), or with `remove`, take the correction back.
    Correct {
        cell: String,
        to: Option<String>,
        remove: bool,
    },
}

pub(super) fn apply(data: &mut StateFile, path: &str, hash: &str, op: &Op, at: DateTime<Utc>) {
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
            let mut e = Record::fresh(path, hash, at);
            e.history = data.entries[j].history_after();
            data.entries.push(e);
            data.entries.len() - 1
        }
        Resolved::New => {
            data.entries.push(Record::fresh(path, hash, at));
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
        Op::Correct { cell, to, remove } => {
            if e.corrected.get(cell).is_some_and(|c| c.at > at) {
                false
            } else {
                e.corrected.insert(
                    cell.clone(),
                    CellCorrection {
                        to: to.clone(),
                        at,
                        active: !remove,
                    },
                );
                true
            }
        }
    };
    if changed && at > e.updated {
        e.updated = at;
    }
}

pub(super) fn set_dismissal(
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
