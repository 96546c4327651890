//! Corrections by the inspector: a cell's value set by hand (`c` in the report view), kept in
//! the triage state, and the report audited again with it.
//!
//! A correction is not a finding and no rule emits it: it changes the data the rules read. The
//! corrected cell is marked [`Placed::Corrected`] and the cell as read is kept in
//! [`Report::corrections`], so every output can show both (JSON `"corrected"`, the grid's
//! `corrected_cell` style, 「经人工更正」 in the rectification list). Applying a new set of
//! corrections first puts every earlier one back, so [`apply`] can be called again whenever the
//! stored set changes, on the same report, without extracting the file again.
//!
//! Cells are named as in JSON's `"inferred"` list: `table.row.column` (`t3.r7.np`).

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use super::{AuditConfig, audit};
use crate::extract::tokens::{is_blank_mark, norm, parse_number};
use crate::model::{Cell, CellRef, ColKind, Corrected, Number, Placed, Report, TableId};
use crate::rules::{Rule, Source};

/// What the inspector typed into the cell editor, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// An empty line: the correction goes, the value as read is back.
    Remove,
    /// The cell's value: a number, or `None` for a blank mark (`/`, `-`, `无`).
    Set(Option<Number>),
}

/// Reads the editor's text for a cell of `kind`. Counts are whole and not negative, 本年增/减
/// (deltas) whole and signed (`减4`, `+2`); amounts may have decimals and a unit (`251000元`,
/// `4068.208万元`). Thousands separators and full-width digits are accepted as the extractor
/// accepts them. The error says what is wrong, in Chinese and English, for the editor line.
pub fn parse_edit(text: &str, kind: ColKind) -> Result<Edit, String> {
    let t = norm(text);
    if t.is_empty() {
        return Ok(Edit::Remove);
    }
    if is_blank_mark(&t) {
        return Ok(Edit::Set(None));
    }
    let shown: String = crate::sanitize::clean(text.trim())
        .chars()
        .take(20)
        .collect();
    let Some(n) = parse_number(&t) else {
        return Err(format!("「{shown}」不是数字 / not a number"));
    };
    let money = n
        .unit
        .as_deref()
        .is_some_and(|u| matches!(u, "元" | "万元" | "亿元" | "万" | "亿"));
    match kind {
        ColKind::Count | ColKind::Delta => {
            if money {
                return Err(format!(
                    "「{shown}」：此列是件数，不带金额单位 / a count has no money unit"
                ));
            }
            if !n.value.fract().is_zero() || n.as_int().is_none() {
                return Err(format!("「{shown}」：应为整数 / must be a whole number"));
            }
            if kind == ColKind::Count && n.value.is_sign_negative() && !n.value.is_zero() {
                return Err(format!(
                    "「{shown}」：件数不能为负 / a count cannot be negative"
                ));
            }
            // A count's unit word (件, 项) says nothing the column does not.
            Ok(Edit::Set(Some(Number::int(n.as_int().unwrap_or(0)))))
        }
        ColKind::Amount => {
            if n.value.is_sign_negative() && !n.value.is_zero() {
                return Err(format!(
                    "「{shown}」：金额不能为负 / an amount cannot be negative"
                ));
            }
            if n.unit.is_some() && !money {
                return Err(format!(
                    "「{shown}」：金额的单位应为元、万元或亿元 / unit must be 元, 万元 or 亿元"
                ));
            }
            Ok(Edit::Set(Some(n)))
        }
    }
}

/// One correction to apply: the cell and the value the inspector gave it (`None`: blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub cell: CellRef,
    pub value: Option<Number>,
}

/// `t3.r7.np`, the name of a cell in JSON and in the triage state.
pub fn cell_id(c: CellRef) -> String {
    format!("{}.{}.{}", c.table.as_str(), c.row, c.column)
}

/// The cell of `report` named `id` ([`cell_id`]), if its table has that row and column.
pub fn find_cell(report: &Report, id: &str) -> Option<CellRef> {
    let mut parts = id.split('.');
    let table = match parts.next()? {
        "t2" => TableId::T2,
        "t3" => TableId::T3,
        "t4" => TableId::T4,
        _ => return None,
    };
    let (row, col) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let r = report.tables.get(table)?.row(row)?;
    let (_, c) = r.def.col(col)?;
    Some(CellRef {
        table,
        row: r.def.key,
        column: c.key,
    })
}

/// A value as the triage state stores it: `15`, `-4`, `4068.208万元`; `None` for blank.
pub fn value_text(value: Option<&Number>) -> Option<String> {
    value.map(|n| {
        let v: Decimal = n.value.normalize();
        format!("{v}{}", n.unit.as_deref().unwrap_or(""))
    })
}

/// The corrections stored for a report (cell id → [`value_text`]) that name a cell of it. An
/// id or a value this gouji cannot read is left out rather than guessed at.
pub fn from_stored(report: &Report, stored: &BTreeMap<String, Option<String>>) -> Vec<Correction> {
    stored
        .iter()
        .filter_map(|(id, v)| {
            let cell = find_cell(report, id)?;
            let value = match v {
                None => None,
                Some(text) => Some(parse_number(&norm(text))?),
            };
            Some(Correction { cell, value })
        })
        .collect()
}

/// Rules [`audit`] does not emit and must survive a second audit: the extractor's and the
/// loader's, and the links across years (`yoy::link`, which only a caller holding several
/// reports runs).
fn kept_on_reaudit(rule: Rule) -> bool {
    rule.spec().source != Source::Audit
        || matches!(
            rule,
            Rule::XCarry | Rule::XInforce | Rule::XItems | Rule::XDup | Rule::XSpike | Rule::XTwice
        )
}

/// Makes `corrections` the report's corrections and audits the report again: earlier
/// corrections are put back first, each corrected cell takes its new value (marked
/// [`Placed::Corrected`], keeping its source line), the extractor's findings about a corrected
/// cell are set aside with it (a V-NUMBER on a cell the inspector rewrote says nothing any
/// more), and the audit's findings are made afresh. Nothing happens when the set is the one
/// already applied, so callers may call it on every refresh.
pub fn apply(report: &mut Report, corrections: &[Correction], cfg: &AuditConfig) {
    if same(report, corrections) || report.error.is_some() {
        return;
    }
    let mut restored = Vec::new();
    for c in std::mem::take(&mut report.corrections).into_iter().rev() {
        if let Some(cell) = cell_mut(report, c.cell) {
            *cell = c.original;
        }
        restored.extend(c.dropped);
    }
    let mut findings: Vec<_> = std::mem::take(&mut report.findings)
        .into_iter()
        .filter(|f| kept_on_reaudit(f.rule))
        .collect();
    findings.extend(restored);
    let mut seen = HashSet::new();
    for c in corrections {
        if !seen.insert(c.cell) {
            continue;
        }
        let Some(cell) = cell_mut(report, c.cell) else {
            continue;
        };
        let original = std::mem::replace(
            cell,
            Cell {
                raw: value_text(c.value.as_ref()).unwrap_or_default(),
                value: c.value.clone(),
                line: None,
                placed: Placed::Corrected,
                unreadable: false,
            },
        );
        cell.line = original.line;
        let (dropped, kept) = findings
            .into_iter()
            .partition(|f| f.cell() == Some(c.cell) && f.rule.spec().source == Source::Extract);
        findings = kept;
        report.corrections.push(Corrected {
            cell: c.cell,
            original,
            dropped,
        });
    }
    report.findings = findings;
    audit(report, cfg);
}

/// True when `corrections` are exactly what the report has applied.
fn same(report: &Report, corrections: &[Correction]) -> bool {
    report.corrections.len() == corrections.len()
        && report.corrections.iter().zip(corrections).all(|(a, b)| {
            a.cell == b.cell && find(report, a.cell).is_some_and(|cell| cell.value == b.value)
        })
}

fn find(report: &Report, r: CellRef) -> Option<&Cell> {
    report.tables.get(r.table)?.cell(r.row, r.column)
}

fn cell_mut(report: &mut Report, r: CellRef) -> Option<&mut Cell> {
    let t = match r.table {
        TableId::T2 => report.tables.t2.as_mut(),
        TableId::T3 => report.tables.t3.as_mut(),
        TableId::T4 => report.tables.t4.as_mut(),
    }?;
    let row = t.rows.iter_mut().find(|row| row.def.key == r.row)?;
    let (i, _) = row.def.col(r.column)?;
    row.cells.get_mut(i)
}

#[cfg(test)]
mod tests;
