//! Count cells that hold no whole number: `12.5`, or 2^63 (past what any count can be).
//!
//! Counts are integers and the JSON schema promises one (or `null`); a cell written as a
//! fraction or a number too large for a count would otherwise reach the sums and the output as
//! a float. Such a cell becomes a `V-NUMBER` finding naming the cell and what was written, and
//! the cell is kept as unreadable: left out of the sums, `null` in JSON. Negative counts are
//! integers and stay for the *-NONNEG rules.

use rust_decimal::prelude::ToPrimitive;

use crate::model::{CellRef, Finding, Report, Severity, Table};
use crate::rules::Rule;
use crate::template::{ColKind, TemplateVersion};

/// Checks the count and delta cells of every table of `report`, read with `version`.
pub fn check(report: &mut Report, version: TemplateVersion) {
    let tables = &mut report.tables;
    for table in [&mut tables.t2, &mut tables.t3, &mut tables.t4]
        .into_iter()
        .flatten()
    {
        check_table(table, version, &mut report.findings);
    }
}

fn check_table(table: &mut Table, version: TemplateVersion, out: &mut Vec<Finding>) {
    let id = table.id;
    for row in &mut table.rows {
        for (cell, col) in row.cells.iter_mut().zip(row.def.cols) {
            if col.kind == ColKind::Amount {
                continue;
            }
            let Some(n) = &cell.value else { continue };
            // A value read without decimals (nearly every cell) has scale 0: no fraction to
            // compute.
            let whole =
                (n.value.scale() == 0 || n.value.fract().is_zero()) && n.value.to_i64().is_some();
            if whole {
                continue;
            }
            let name = crate::audit::cell_name(
                version,
                CellRef {
                    table: id,
                    row: row.def.key,
                    column: col.key,
                },
            );
            let raw: String = cell.raw.chars().take(32).collect();
            let msg = format!(
                "{name}: 「{raw}」不是整数或超出范围，不计入合计 / is not a whole number in range; left out of the sums"
            );
            out.push(
                Finding::new(Rule::VNumber, Severity::Error, msg)
                    .at(id, Some(row.def.key), Some(col.key))
                    .line(cell.line),
            );
            cell.value = None;
            cell.unreadable = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::extract_bytes;
    use std::path::Path;

    fn report(name: &str) -> crate::model::Report {
        let p = Path::new("../shared/hostile").join(name);
        extract_bytes(&p, &std::fs::read(&p).unwrap())
    }

    #[test]
    fn a_fraction_in_a_count_cell_is_a_v_number_error_and_the_cell_is_null() {
        for (file, raw) in [
            ("bad-fractional-count.txt", "12.5"),
            ("bad-count-written-as-a-float.txt", "9223372036854775808"),
        ] {
            let r = report(file);
            let f: Vec<_> = r.findings.iter().filter(|f| f.rule == "V-NUMBER").collect();
            assert!(!f.is_empty(), "{file}");
            assert!(f.iter().any(|f| f.message().contains(raw)), "{file}: {f:?}");
            assert!(
                f.iter()
                    .all(|f| f.severity == crate::model::Severity::Error)
            );
            let (row, col) = (f[0].row.unwrap(), f[0].column.unwrap());
            let t = r.tables.get(f[0].table.unwrap()).unwrap();
            let cell = t.cell(row, col).unwrap();
            assert!(cell.value.is_none() && cell.unreadable);
        }
    }
}
