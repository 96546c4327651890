//! The rectification list as CSV: one row per open finding, the report's fields repeated; a
//! report with nothing open still gets one row, so its status and note are exported.

use std::io::{self, Write};

use super::model::Item;
use super::{clean_lines, opt};
use crate::sanitize::clean;
use crate::template::{TableId, TemplateVersion};

pub(super) const CSV_HEADER: [&str; 22] = [
    "path",
    "body",
    "year",
    "template",
    "status",
    "status_zh",
    "note",
    "finding_key",
    "rule",
    "severity",
    "table",
    "row",
    "column",
    "table_label",
    "row_label",
    "column_label",
    "expected",
    "actual",
    "line",
    "problem",
    "message",
    "corrected",
];

/// Spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a formula; report text and notes
/// are untrusted, so such text cells get a leading `'` (OWASP's advice for CSV injection).
pub(super) fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Writes `list` as CSV to `out`.
pub(super) fn write(list: &[Item], out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for it in list {
        let head = [
            csv_text(&it.path),
            csv_text(&it.body.as_deref().map(clean).unwrap_or_default()),
            opt(it.year),
            opt(it.template.map(TemplateVersion::as_str)),
            it.status.as_str().to_string(),
            it.status_label.to_string(),
            csv_text(&clean_lines(&it.note)),
        ];
        let mut rows: Vec<[String; 14]> = it
            .problems
            .iter()
            .map(|p| {
                [
                    p.key.clone(),
                    p.rule.id().to_string(),
                    p.severity.as_str().to_string(),
                    opt(p.table.map(TableId::as_str)),
                    opt(p.row),
                    opt(p.column),
                    opt(p.table_label),
                    opt(p.row_label.as_deref()),
                    opt(p.column_label),
                    opt(p.expected),
                    opt(p.actual),
                    opt(p.line),
                    csv_text(&p.text),
                    csv_text(&p.message),
                ]
            })
            .collect();
        if let Some(fp) = it.file_problem() {
            let mut r: [String; 14] = Default::default();
            r[1] = fp.rule.id().into();
            r[2] = "error".into();
            r[12] = csv_text(&fp.text);
            r[13] = csv_text(&fp.detail);
            rows.insert(0, r);
        }
        if rows.is_empty() {
            rows.push(Default::default());
        }
        // 「经人工更正」 on every row of the report: the findings are those of the corrected data.
        let corrected = [csv_text(&it.corrected_line().unwrap_or_default())];
        for r in rows {
            w.write_record(head.iter().chain(r.iter()).chain(corrected.iter()))?;
        }
    }
    w.flush()
}
