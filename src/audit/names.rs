//! The names of rows, columns and cells as an inspector says them, from the template labels.
//!
//! Findings name their cells in their messages; the names are written straight into the
//! printer's buffer ([`crate::model::Message`]), so each has a `write_*` form beside the `String` one.

use std::fmt::{self, Write};

use crate::model::{CellRef, TableId, TemplateVersion};
use crate::template::t3_groups;

/// A row's name as an inspector would say it, from the template labels. 表三 sub-rows are named
/// with their group (`（三）不予公开·1.属于国家秘密`), single-row groups by the group label (which
/// drops the long note of （二）), 表二 rows with their 第二十条 item.
pub(crate) fn write_row_name(
    out: &mut dyn Write,
    table: TableId,
    version: TemplateVersion,
    key: &str,
) -> fmt::Result {
    let def = version.get().row(table, key).map(|(_, d)| d);
    let label = def.map_or(key, |d| d.label);
    match table {
        TableId::T3 => {
            for (group, members) in t3_groups(version) {
                if members.contains(&key) {
                    out.write_str(group)?;
                    if members.len() > 1 {
                        // Pieces, not `write!`: a sparse report names ~150 rows.
                        out.write_str("·")?;
                        out.write_str(label)?;
                    }
                    return Ok(());
                }
            }
            out.write_str(label)
        }
        TableId::T2 => match def.and_then(|d| d.item) {
            Some(item) => {
                out.write_str(item)?;
                out.write_char(' ')?;
                out.write_str(label)
            }
            None => out.write_str(label),
        },
        TableId::T4 => out.write_str(label),
    }
}

/// A column's name from the template label; 表三's ambiguous `其他` says whose.
pub(crate) fn col_name(table: TableId, version: TemplateVersion, row: &str, col: &str) -> String {
    let mut s = String::new();
    write_col_name(&mut s, table, version, row, col).expect("writing to a String");
    s
}

/// [`col_name`], written to `out`.
pub(crate) fn write_col_name(
    out: &mut dyn Write,
    table: TableId,
    version: TemplateVersion,
    row: &str,
    col: &str,
) -> fmt::Result {
    if table == TableId::T3 && col == "oth" {
        return out.write_str("法人或其他组织·其他");
    }
    out.write_str(
        version
            .get()
            .row(table, row)
            .and_then(|(_, d)| d.col(col))
            .map_or(col, |(_, c)| c.label),
    )
}

/// `表三 （一）予以公开 · 自然人`.
pub(crate) fn cell_name(version: TemplateVersion, r: CellRef) -> String {
    let mut s = String::new();
    write_cell_name(&mut s, version, r).expect("writing to a String");
    s
}

/// [`cell_name`], written to `out`.
pub(crate) fn write_cell_name(
    out: &mut dyn Write,
    version: TemplateVersion,
    r: CellRef,
) -> fmt::Result {
    out.write_str(r.table.short())?;
    out.write_char(' ')?;
    write_row_name(out, r.table, version, r.row)?;
    out.write_str(" · ")?;
    write_col_name(out, r.table, version, r.row, r.column)
}
