//! A report's JSON object written straight into its buffer: the bytes of [`super::ReportJson`]
//! as serde_json writes them, without its per-value calls.
//!
//! On a real-shaped inbox a report's object is ~75 kB, nearly all of it findings (a sparse
//! report has ~150 C-BLANK ones), and going through serde's serializer, then the C1 pass over
//! the whole output, cost check a quarter of its time. Here each key is a literal, every string
//! goes through [`super::escape`] once (C1 controls included, so no second pass), and numbers
//! through serde_json's own formatter. The serde types stay the definition of the schema
//! (`watch` and `export` serialise them; `check` and its year-over-year splice write with
//! this); the tests hold these bytes equal to theirs on every report of `../shared/seeds`,
//! `../shared/reports` and `samples/` (also once linked across years) and on reports made to
//! hold awkward strings.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::ser::{CompactFormatter, Formatter};

use super::blank::fixed_of;
use super::escape::{Contents, candidate, push_contents, push_str};
use super::keys::{RowKeys, keys_of};
use super::{CorrectedJson, DecimalJson, inferred_cells, with_message};
use crate::model::{Cell, ColKind, Finding, Message, Report, SumFailure, Table, TableId, Tables};
use crate::output::Bytes;
use crate::output::{EntryKind, kind};

/// Appends report `r`'s object (as [`super::ReportJson`] serialises).
pub(super) fn push_report(out: &mut Vec<u8>, r: &Report) {
    out.extend_from_slice(b"{\"path\":");
    push_str(out, &r.path.to_string_lossy());
    out.extend_from_slice(b",\"body\":");
    push_opt_str(out, r.body.as_deref());
    out.extend_from_slice(b",\"year\":");
    match r.year {
        Some(y) => push_i64(out, y.into()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"template\":");
    push_opt_str(out, r.template.map(|t| t.as_str()));
    out.extend_from_slice(b",\"published\":");
    match r.published {
        Some(d) => {
            out.push(b'"');
            write!(Contents(out), "{}", d.format("%Y-%m-%d")).expect("writing to memory");
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"previous\":");
    match &r.previous {
        Some(p) => push_str(out, &p.to_string_lossy()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"error\":");
    push_opt_str(out, r.error.as_deref());
    if matches!(kind(r), EntryKind::NotReport) {
        out.extend_from_slice(b",\"not_report\":true");
    }
    out.extend_from_slice(b",\"tables\":");
    push_tables(out, &r.tables);
    let inferred = inferred_cells(&r.tables);
    if !inferred.is_empty() {
        out.extend_from_slice(b",\"inferred\":");
        push_list(out, &inferred, |out, id| push_str(out, id));
    }
    let corrected = CorrectedJson(r);
    if !corrected.is_empty() {
        out.extend_from_slice(b",\"corrected\":{");
        for (i, (id, kind, from, to)) in corrected.entries().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_str(out, &id);
            out.extend_from_slice(b":{\"from\":");
            push_cell(out, kind, from);
            out.extend_from_slice(b",\"to\":");
            push_cell(out, kind, to);
            out.push(b'}');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b",\"findings\":");
    push_list(out, &r.findings, push_finding);
    out.push(b'}');
}

/// Appends finding `f`'s object (as [`super::FindingJson`] serialises): a plain C-BLANK
/// finding's made once ([`super::blank`]), any other's by [`push_finding_parts`].
pub(crate) fn push_finding(out: &mut Vec<u8>, f: &Finding) {
    match fixed_of(f) {
        Some(fixed) => {
            out.extend_from_slice(&fixed.head);
            push_opt_i64(out, f.line.map(i64::from));
            out.extend_from_slice(&fixed.tail);
        }
        None => push_finding_parts(out, f),
    }
}

/// Appends finding `f`'s object key by key, its message rendered straight into `out`.
pub(super) fn push_finding_parts(out: &mut Vec<u8>, f: &Finding) {
    // The rule's id and the severity's and table's names are the program's own words, which
    // need no escaping (a test holds every one to serde_json's bytes), so they are copied as
    // they are, each with the keys around it in one piece.
    out.extend_from_slice(b"{\"rule\":\"");
    out.extend_from_slice(f.rule.id().as_bytes());
    out.extend_from_slice(b"\",\"severity\":\"");
    out.extend_from_slice(f.severity.as_str().as_bytes());
    let table: &[u8] = match f.table {
        None => b"\",\"table\":null,\"row\":",
        Some(TableId::T2) => b"\",\"table\":\"t2\",\"row\":",
        Some(TableId::T3) => b"\",\"table\":\"t3\",\"row\":",
        Some(TableId::T4) => b"\",\"table\":\"t4\",\"row\":",
    };
    out.extend_from_slice(table);
    push_opt_str(out, f.row);
    out.extend_from_slice(b",\"column\":");
    push_opt_str(out, f.column);
    // Most findings but the sums have neither value.
    if f.expected.is_none() && f.actual.is_none() {
        out.extend_from_slice(b",\"expected\":null,\"actual\":null,\"line\":");
    } else {
        out.extend_from_slice(b",\"expected\":");
        push_opt_i64(out, f.expected);
        out.extend_from_slice(b",\"actual\":");
        push_opt_i64(out, f.actual);
        out.extend_from_slice(b",\"line\":");
    }
    push_opt_i64(out, f.line.map(i64::from));
    out.extend_from_slice(b",\"message\":\"");
    if words_need_no_escaping(f) {
        f.write_message(&mut Bytes(out)).expect("writing to memory");
    } else {
        // Rendered whole first, in pieces of a few bytes, then escaped in one go: the pieces
        // cost less to append to a plain string than to escape one by one.
        with_message(f, |words| push_contents(out, words));
    }
    out.extend_from_slice(b"\"}");
}

/// Whether finding `f`'s message is made of words that JSON takes as they are, so they can be
/// written straight into the output. A sum's words are the program's own and the template's
/// labels (a test holds every label free of anything JSON escapes), its numbers, and the keys
/// of the cells it names, which are the template's short ASCII keys but are looked at here, as
/// a key the template does not know is written as it is: one without a byte the escaper looks
/// at ([`candidate`]) is copied as it is. On a real-shaped inbox a report has ~20 sums that
/// cannot be verified, ~500 bytes of words each, and rendering them into a buffer to escape
/// them cost a sixth of writing a report's JSON.
fn words_need_no_escaping(f: &Finding) -> bool {
    let plain = |key: Option<&str>| key.is_none_or(|k| !k.bytes().any(candidate));
    match &f.message {
        Message::Sum { how, .. } => {
            plain(f.row)
                && plain(f.column)
                && match how {
                    SumFailure::Unverified { first, .. } => first
                        .iter()
                        .all(|c| plain(Some(c.row)) && plain(Some(c.column))),
                    _ => true,
                }
        }
        Message::Text(_) | Message::Blank { .. } => false,
    }
}

/// `{"t3": {row: {col: cell}}, "t4": …, "t2": …}`, absent tables left out; a template table's
/// keys made once ([`super::keys`]).
pub(super) fn push_tables(out: &mut Vec<u8>, tables: &Tables) {
    push_tables_with(out, tables, keys_of)
}

/// [`push_tables`], every key escaped on its own.
#[cfg(test)]
pub(super) fn push_tables_parts(out: &mut Vec<u8>, tables: &Tables) {
    push_tables_with(out, tables, |_| None)
}

fn push_tables_with(
    out: &mut Vec<u8>,
    tables: &Tables,
    keys_of: impl Fn(&Table) -> Option<&'static [RowKeys]>,
) {
    out.push(b'{');
    let present = [&tables.t3, &tables.t4, &tables.t2].into_iter().flatten();
    for (i, t) in present.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, t.id.as_str());
        out.extend_from_slice(b":{");
        match keys_of(t) {
            Some(keys) => {
                for (row, keys) in t.rows.iter().zip(keys) {
                    out.extend_from_slice(&keys.open);
                    let cols = row.def.cols.iter().zip(&row.cells);
                    for ((col, cell), (key, null)) in cols.zip(keys.cols.iter().zip(&keys.nulls)) {
                        if cell.value.is_none() {
                            out.extend_from_slice(null);
                        } else {
                            out.extend_from_slice(key);
                            push_cell(out, col.kind, cell);
                        }
                    }
                    out.push(b'}');
                }
            }
            None => {
                for (j, row) in t.rows.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    push_str(out, row.def.key);
                    out.extend_from_slice(b":{");
                    for (k, (col, cell)) in row.def.cols.iter().zip(&row.cells).enumerate() {
                        if k > 0 {
                            out.push(b',');
                        }
                        push_str(out, col.key);
                        out.push(b':');
                        push_cell(out, col.kind, cell);
                    }
                    out.push(b'}');
                }
            }
        }
        out.push(b'}');
    }
    out.push(b'}');
}

/// A cell as [`super::CellJson`] serialises it.
fn push_cell(out: &mut Vec<u8>, kind: ColKind, cell: &Cell) {
    let Some(n) = &cell.value else {
        out.extend_from_slice(b"null");
        return;
    };
    match kind {
        ColKind::Count | ColKind::Delta => push_decimal(out, n.value),
        ColKind::Amount => {
            out.extend_from_slice(b"{\"value\":");
            push_decimal(out, n.value);
            out.extend_from_slice(b",\"unit\":");
            push_opt_str(out, n.unit.as_deref());
            out.push(b'}');
        }
    }
}

/// A decimal as [`DecimalJson`] serialises it.
fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    // A count, nearly every cell: a whole number already.
    if d.scale() == 0
        && let Ok(i) = i64::try_from(d.mantissa())
    {
        push_i64(out, i);
        return;
    }
    // Anything rarer is serde's (a number: no string to escape).
    serde_json::to_writer(&mut *out, &DecimalJson(d)).expect("writing to memory");
}

fn push_list<T>(out: &mut Vec<u8>, items: &[T], push: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push(out, item);
    }
    out.push(b']');
}

fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn push_i64(out: &mut Vec<u8>, v: i64) {
    CompactFormatter
        .write_i64(out, v)
        .expect("writing to memory");
}

fn push_opt_i64(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        Some(v) => push_i64(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::Rule;

    /// `f` written by [`push_finding_parts`] is what serde_json writes for the schema type (C1
    /// controls escaped, as the JSON printers do).
    fn assert_written_as_serde_json_writes_it(f: &Finding) {
        let mut ours = Vec::new();
        push_finding_parts(&mut ours, f);
        let serde = serde_json::to_vec(&super::super::FindingJson::new(f));
        let serde = crate::sanitize::escape_c1_in_json(serde.unwrap());
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(serde).unwrap()
        );
    }

    /// Every rule, severity and table (or none), with and without values, line and place,
    /// written as serde_json writes the schema type.
    #[test]
    fn every_rule_severity_and_table_is_written_as_serde_json_writes_it() {
        let tables = [
            None,
            Some(TableId::T2),
            Some(TableId::T3),
            Some(TableId::T4),
        ];
        let values = [
            (None, None),
            (Some(-3), None),
            (None, Some(0)),
            (Some(i64::MIN), Some(7)),
        ];
        let mut seen = 0;
        for &rule in Rule::ALL {
            for severity in [Severity::Info, Severity::Warning, Severity::Error] {
                for table in tables {
                    for (expected, actual) in values {
                        for (row, column, line) in
                            [(None, None, None), (Some("r7"), Some("\"np"), Some(412))]
                        {
                            let mut f = Finding::new(rule, severity, "「\u{85}」 \"x\"")
                                .values(expected, actual)
                                .line(line);
                            (f.table, f.row, f.column) = (table, row, column);
                            assert_written_as_serde_json_writes_it(&f);
                            seen += 1;
                        }
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    /// A sum's words go into the JSON unescaped; random sums of every rule, failure and place
    /// (also where a key the template does not know, or a quote in one, sends them through the
    /// escaping path) read as serde_json writes them.
    #[test]
    fn sums_written_unescaped_are_written_as_serde_json_writes_them() {
        use rand::{Rng, SeedableRng};
        use rand_chacha::ChaCha8Rng;

        let mut rng = ChaCha8Rng::seed_from_u64(16);
        let mut direct = 0;
        for _ in 0..20_000 {
            let mut f = crate::model::random_sum(&mut rng);
            if rng.random_bool(0.05) {
                f.column = Some(["\"np", "a\\b", "\u{1}", "\u{85}"][rng.random_range(0..4)]);
            }
            direct += usize::from(words_need_no_escaping(&f));
            assert_written_as_serde_json_writes_it(&f);
        }
        assert!((15_000..20_000).contains(&direct), "{direct}");
    }

    /// What a sum names without escaping, every row and cell of both templates, is free of
    /// anything JSON escapes.
    #[test]
    fn every_template_name_is_free_of_what_json_escapes() {
        use crate::model::{CellRef, TemplateVersion};
        let plain = |s: &str| {
            let mut escaped = Vec::new();
            push_contents(&mut escaped, s);
            assert_eq!(escaped, s.as_bytes(), "{s}");
        };
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for table in [TableId::T2, TableId::T3, TableId::T4] {
                for row in version.get().rows(table) {
                    let mut name = String::new();
                    crate::audit::names::write_row_name(&mut name, table, version, row.key)
                        .unwrap();
                    plain(&name);
                    for col in row.cols {
                        let r = CellRef {
                            table,
                            row: row.key,
                            column: col.key,
                        };
                        plain(&crate::audit::cell_name(version, r));
                        plain(&crate::audit::col_name(table, version, row.key, col.key));
                    }
                }
            }
        }
    }
}
