//! Identity of what the store keys by: a report's content hash and a finding's stable key.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::Finding;
use crate::template::TableId;

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
            let digest = Sha256::digest(f.message().as_bytes());
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
