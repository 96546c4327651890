//! Money units of 表二's amount cells: the unit written after a number (`60721754元`) and the
//! unit its column heading states (`本年收费金额(单位:万元)`).
//!
//! The audit (P-UNIT, P-FEE-UNIT) and the TUI grid (which marks an amount written in another
//! unit than its heading's) must read units the same way, so both ask this module.

use crate::model::{Cell, Report, Table};
use crate::template::ColDef;

/// The unit written after the number in a cell (`60721754元` → `元`, `27.88亿` → `亿`), as
/// written; `None` when the cell has no text after its last digit.
pub fn written(cell: &Cell) -> Option<&str> {
    let raw = cell.raw.trim();
    // What follows the last digit or point.
    let start = raw
        .rfind(|c: char| c.is_ascii_digit() || c == '.')
        .map_or(0, |i| i + 1);
    let tail = raw[start..]
        .trim()
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    (!tail.is_empty()).then_some(tail)
}

/// The unit a header states (`采购总金额(单位:万元)`) in the lines just above a row label, never
/// before the table's first line (where another sub-table's header could answer).
pub fn stated_above(report: &Report, table: &Table, row_line: Option<u32>) -> Option<&'static str> {
    let end = row_line?;
    let start = table.line.unwrap_or(1).max(end.saturating_sub(12)).max(1);
    let mut found = None;
    for n in start..=end {
        let Some(text) = report.lines.get(n as usize - 1) else {
            break;
        };
        // Nothing before the first 单 can be part of the label.
        let Some(i) = text.find('单') else {
            continue;
        };
        if let Some(unit) = labelled(&text[i..]) {
            found = Some(unit);
        }
    }
    found
}

/// The money unit after the first `单位` of a text, whitespace ignored (`（单位 ：万元）` →
/// `万元`), if it names one.
pub fn labelled(text: &str) -> Option<&'static str> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    let mut prev = None;
    loop {
        let c = chars.next()?;
        if prev == Some('单') && c == '位' {
            break;
        }
        prev = Some(c);
    }
    let mut rest = chars.skip_while(|c| matches!(c, ':' | '：'));
    match (rest.next(), rest.next()) {
        (Some('亿'), Some('元')) => Some("亿元"),
        (Some('万'), Some('元')) => Some("万元"),
        (Some('元'), _) => Some("元"),
        _ => None,
    }
}

/// The unit of an amount column's heading: the official label's (`本年收费金额(单位:万元)`),
/// else the one the report's own heading states above the row.
pub fn heading(
    report: &Report,
    table: &Table,
    col: &ColDef,
    row_line: Option<u32>,
) -> Option<&'static str> {
    labelled(col.label).or_else(|| stated_above(report, table, row_line))
}

/// `万` and `万元` (and `亿`/`亿元`) name the same unit.
pub fn same(a: &str, b: &str) -> bool {
    let money = |u: &str| u.trim_end_matches('元').to_string();
    a == b || (money(a) == money(b) && !money(a).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(raw: &str) -> Cell {
        Cell {
            raw: raw.into(),
            ..Cell::default()
        }
    }

    #[test]
    fn the_written_unit_is_what_follows_the_last_digit() {
        assert_eq!(written(&cell("60721754元")), Some("元"));
        assert_eq!(written(&cell("27.88亿")), Some("亿"));
        assert_eq!(written(&cell("12.5（万元）")), Some("万元"));
        assert_eq!(written(&cell("1285000")), None);
    }

    #[test]
    fn a_heading_states_its_unit_after_danwei() {
        assert_eq!(labelled("本年收费金额(单位:万元)"), Some("万元"));
        assert_eq!(labelled("（单位 ：亿元）"), Some("亿元"));
        assert_eq!(labelled("采购总金额"), None);
        assert!(same("万", "万元"));
        assert!(!same("元", "万元"));
    }
}
