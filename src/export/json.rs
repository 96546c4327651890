//! The rectification list as JSON: structured, with keys and labels, dismissals and a per-table
//! blank-cell summary.

use std::io::{self, Write};

use serde::Serialize;

use super::model::Item;

/// Writes `list` as pretty JSON with a trailing newline to `out`.
pub(super) fn write(list: &[Item], out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        kind: &'static str,
        version: u32,
        reports: &'a [Item],
    }
    let doc = Doc {
        kind: "gouji-rectification-list",
        version: 1,
        reports: list,
    };
    // C1 controls (U+0080-U+009F) from report text or file names are escaped as well as C0.
    let json = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
    out.write_all(&crate::sanitize::escape_c1_in_json(json))?;
    out.write_all(b"\n")
}
