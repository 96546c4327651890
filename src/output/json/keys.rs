//! The keys of a template table's rows and cells as JSON, made once per template version.
//!
//! A report's `"tables"` names ~240 rows and cells; escaping each short key on its own (a quote,
//! a padded block, a quote) cost more than the cells' values. Here each row's `"key":{` and
//! each cell's `"key":` (and `"key":null`, most blank cells' whole entry) are written once,
//! commas included, by the same escaping, and copied. A table whose rows are not exactly its
//! template's (none the extractor makes) is written key by key.

use super::escape::push_str;
use crate::model::TemplateVersion;
use crate::template::{PerRow, RowDef};

/// One row's keys as JSON.
pub(super) struct RowKeys {
    /// `"key":{`, after a comma but for the first row.
    pub open: Box<[u8]>,
    /// Each column's `"key":`, after a comma but for the first column.
    pub cols: Vec<Box<[u8]>>,
    /// Each column's `"key":null`, the same way: a blank cell's whole entry.
    pub nulls: Vec<Box<[u8]>>,
}

/// The keys of each template row.
static KEYS: PerRow<RowKeys> = PerRow::new(|_, _, j, row| row_keys(j, row));

/// The keys of `row`, the `j`th of its table.
fn row_keys(j: usize, row: &RowDef) -> RowKeys {
    let comma = |first: bool| if first { Vec::new() } else { vec![b','] };
    let mut open = comma(j == 0);
    push_str(&mut open, row.key);
    open.extend_from_slice(b":{");
    let cols: Vec<Box<[u8]>> = (row.cols.iter().enumerate())
        .map(|(k, col)| {
            let mut key = comma(k == 0);
            push_str(&mut key, col.key);
            key.push(b':');
            key.into()
        })
        .collect();
    let nulls = (cols.iter())
        .map(|key| [key.as_ref(), b"null"].concat().into())
        .collect();
    RowKeys {
        open: open.into(),
        cols,
        nulls,
    }
}

/// The made-once keys of a table whose rows are exactly those of its template (of either
/// version), in order.
pub(super) fn keys_of(t: &crate::model::Table) -> Option<&'static [RowKeys]> {
    [TemplateVersion::V2019, TemplateVersion::V2021]
        .into_iter()
        .find(|v| {
            let defs = v.get().rows(t.id);
            defs.len() == t.rows.len()
                && (defs.iter().zip(&t.rows)).all(|(d, r)| std::ptr::eq(d, r.def))
        })
        .map(|v| KEYS.rows(v, t.id))
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::super::object::{push_tables, push_tables_parts};
    use super::*;
    use crate::audit::testkit::set_raw;
    use crate::model::{Table, TableId, Tables};

    fn both(tables: &Tables) -> (String, String) {
        let (mut made, mut parts) = (Vec::new(), Vec::new());
        push_tables(&mut made, tables);
        push_tables_parts(&mut parts, tables);
        (
            String::from_utf8(made).unwrap(),
            String::from_utf8(parts).unwrap(),
        )
    }

    /// Every table of both templates, its cells blank, numbers (negative, zero, decimal) or
    /// amounts with and without a unit at random, written with the made-once keys as key by
    /// key.
    #[test]
    fn every_template_table_with_random_cells_is_written_as_key_by_key() {
        let mut rng = ChaCha8Rng::seed_from_u64(15);
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for _ in 0..200 {
                let mut tables = Tables::default();
                for id in [TableId::T2, TableId::T3, TableId::T4] {
                    let mut t = Table::blank(version, id);
                    assert!(keys_of(&t).is_some(), "{version:?} {id:?}");
                    let cells: Vec<(&'static str, &'static str)> = (t.rows.iter())
                        .flat_map(|r| r.def.cols.iter().map(|c| (r.def.key, c.key)))
                        .collect();
                    for (row, col) in cells {
                        match rng.random_range(0..4) {
                            0 => {}
                            1 => t.set(row, col, Some(rng.random_range(-5..100_000))),
                            2 => set_raw(&mut t, row, col, "27.880", "27.880", Some("亿")),
                            _ => set_raw(&mut t, row, col, "0.5", "0.5", None),
                        }
                    }
                    match id {
                        TableId::T2 => tables.t2 = Some(t),
                        TableId::T3 => tables.t3 = Some(t),
                        TableId::T4 => tables.t4 = Some(t),
                    }
                }
                let (made, parts) = both(&tables);
                assert_eq!(made, parts);
            }
        }
    }

    #[test]
    fn a_table_whose_rows_are_not_its_templates_is_written_key_by_key() {
        let v = TemplateVersion::V2019;
        let mut t = Table::blank(v, TableId::T2);
        t.rows.pop();
        assert!(keys_of(&t).is_none());
        let mut extra = Table::blank(v, TableId::T2);
        extra.rows.push(crate::model::Row::empty(
            &crate::template::T2_EXTRA_OTHER_DOCS,
        ));
        assert!(keys_of(&extra).is_none());
        let mut swapped = Table::blank(v, TableId::T3);
        swapped.rows.swap(0, 1);
        assert!(keys_of(&swapped).is_none());
        for t in [t, extra, swapped] {
            let tables = Tables {
                t2: Some(t),
                ..Tables::default()
            };
            let (made, parts) = both(&tables);
            assert_eq!(made, parts);
        }
    }
}
