//! The values of triage: a report's status, a dismissal, an earlier content's history item, and
//! the [`View`] the store hands out for one report.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

/// Why a finding was dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    pub reason: String,
    pub at: DateTime<Utc>,
    /// False once undismissed; kept so that a late, older dismissal cannot revive it.
    pub active: bool,
}

/// A cell value the inspector set (`c` in the report view): the value as text (`15`,
/// `4068.208万元`, `audit::correct::value_text`), `None` for a blank cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellCorrection {
    pub to: Option<String>,
    pub at: DateTime<Utc>,
    /// False once removed; kept so that a late, older correction cannot revive it.
    pub active: bool,
}

/// A previous state of the report at this path, before its content changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub hash: String,
    pub path: String,
    pub status: Status,
    pub note: String,
    /// The corrections made on that content, by cell id (`t3.r7.np`); they do not carry over
    /// to new content, which is read and reviewed afresh.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub corrected: BTreeMap<String, Option<String>>,
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
    /// Active dismissals by finding key ([`finding_key`](super::finding_key)).
    pub dismissed: BTreeMap<String, Dismissal>,
    /// Active corrections: cell id (`t3.r7.np`) → the value set, `None` for blank.
    pub corrected: BTreeMap<String, Option<String>>,
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
