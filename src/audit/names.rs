//! The names of rows, columns and cells as an inspector says them, from the template labels.
//!
//! Findings name their cells in their messages; the names are written straight into the
//! printer's buffer ([`crate::model::Message`]), so each has a `write_*` form beside the `String` one.

use std::fmt::{self, Write};

use crate::model::{CellRef, TableId, TemplateVersion};
use crate::template::{PerRow, t3_groups};

/// A row's name as an inspector would say it, from the template labels. 表三 sub-rows are named
/// with their group (`（三）不予公开·1.属于国家秘密`), single-row groups by the group label (which
/// drops the long note of （二）), 表二 rows with their 第二十条 item.
pub(crate) fn write_row_name(
    out: &mut dyn Write,
    table: TableId,
    version: TemplateVersion,
    key: &str,
) -> fmt::Result {
    match version.get().row(table, key) {
        Some((i, _)) => out.write_str(&NAMES.rows(version, table)[i].name),
        None => write_row_name_from_labels(out, table, version, key),
    }
}

/// The name of every row and cell of a template, made once: a sparse report names ~150 cells
/// in its messages, and finding a 表三 row's group by comparing keys, then writing the name in
/// five pieces, cost more than the rest of the message.
static NAMES: PerRow<RowNames> = PerRow::new(|version, table, _, row| {
    let text = |write: &dyn Fn(&mut String) -> fmt::Result| {
        let mut s = String::new();
        write(&mut s).expect("writing to a String");
        s
    };
    RowNames {
        name: text(&|s| write_row_name_from_labels(s, table, version, row.key)),
        cells: (row.cols.iter())
            .map(|col| {
                let r = CellRef {
                    table,
                    row: row.key,
                    column: col.key,
                };
                text(&|s| write_cell_name_from_labels(s, version, r))
            })
            .collect(),
    }
});

/// A row's name and the names of its cells, in the template's column order.
struct RowNames {
    name: String,
    cells: Vec<String>,
}

/// [`write_row_name`], worked out from the template's labels and 表三's groups.
fn write_row_name_from_labels(
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
    let named = version.get().row(r.table, r.row).and_then(|(i, def)| {
        let (j, _) = def.col(r.column)?;
        Some(&NAMES.rows(version, r.table)[i].cells[j])
    });
    match named {
        Some(name) => out.write_str(name),
        None => write_cell_name_from_labels(out, version, r),
    }
}

/// [`write_cell_name`], worked out from the template's labels.
fn write_cell_name_from_labels(
    out: &mut dyn Write,
    version: TemplateVersion,
    r: CellRef,
) -> fmt::Result {
    out.write_str(r.table.short())?;
    out.write_char(' ')?;
    // From the labels too: [`Names`] is made with this, and asking it here would wait for itself.
    write_row_name_from_labels(out, r.table, version, r.row)?;
    out.write_str(" · ")?;
    write_col_name(out, r.table, version, r.row, r.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_labels(table: TableId, version: TemplateVersion, key: &str) -> String {
        let mut s = String::new();
        write_row_name_from_labels(&mut s, table, version, key).unwrap();
        s
    }

    fn named(table: TableId, version: TemplateVersion, key: &str) -> String {
        let mut s = String::new();
        write_row_name(&mut s, table, version, key).unwrap();
        s
    }

    #[test]
    fn every_row_and_cell_is_named_as_its_labels_say_also_when_its_key_is_a_copy() {
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for table in [TableId::T2, TableId::T3, TableId::T4] {
                for row in version.get().rows(table) {
                    let want = by_labels(table, version, row.key);
                    assert_eq!(named(table, version, row.key), want);
                    // A key that is not the template's own string (read from a state file).
                    let copy = String::from(row.key);
                    assert_eq!(named(table, version, copy.as_str()), want);
                    for col in row.cols {
                        let r = CellRef {
                            table,
                            row: row.key,
                            column: col.key,
                        };
                        let mut by_labels = String::new();
                        write_cell_name_from_labels(&mut by_labels, version, r).unwrap();
                        assert_eq!(cell_name(version, r), by_labels);
                    }
                }
            }
        }
    }

    #[test]
    fn a_grouped_row_is_named_with_its_group_and_an_unknown_row_by_its_key() {
        let v = TemplateVersion::V2019;
        assert_eq!(
            named(TableId::T3, v, "r3_1"),
            "（三）不予公开·1.属于国家秘密"
        );
        assert_eq!(named(TableId::T3, v, "r1"), "（一）予以公开");
        assert_eq!(named(TableId::T3, v, "zz"), "zz");
        assert_eq!(named(TableId::T4, v, "zz"), "zz");
        let unknown = CellRef {
            table: TableId::T3,
            row: "r1",
            column: "zz",
        };
        assert_eq!(cell_name(v, unknown), "表三 （一）予以公开 · zz");
    }
}
