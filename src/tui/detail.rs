//! What the detail lines under the findings pane say: the selected finding in full and a
//! readout of the cell under the grid cursor.
//!
//! A finding's message carries both languages (`中文 / English`) and starts with its location;
//! the findings pane has room for neither in full. The detail shows one language (Chinese
//! unless `--lang en`), without the location the pane's columns already show, wrapped to the
//! width. The cell readout names what the grid abbreviates: the official row label, the
//! column, the value with the unit it was written with, and where it was read from.

use crate::model::{Finding, Report};

use super::grid::{Grid, Line};
use super::text;

/// The language of the detail lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (the `--lang` values); `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The finding's message in `lang`, without its leading location, safe for the terminal.
pub fn message(f: &Finding, lang: Lang) -> String {
    let text = f.message();
    let (zh, en) = match text.split_once(" / ") {
        Some((zh, en)) => (zh, en),
        None => (&*text, &*text),
    };
    let m = match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    // The location ends at the first ": " of a cell finding (`（七）总计 · 自然人: 应为 3…`).
    let m = match (f.row.is_some() || f.column.is_some(), m.split_once(": ")) {
        (true, Some((_, rest))) if !rest.trim().is_empty() => rest,
        _ => m,
    };
    text::safe(m.trim()).into_owned()
}

/// The readout of grid line `line`, column `col`: official row label, column, value with its
/// written unit, why it is marked (a unit other than the heading's, the failed check's
/// figures), source line and raw text. `None` off a data row.
pub fn cell_readout(
    report: &Report,
    grid: &Grid,
    line: usize,
    col: usize,
    lang: Lang,
) -> Option<String> {
    let zh = lang == Lang::Zh;
    // The cell's reference, for a row of the official format (corrections are kept by it).
    let (table, row_label, c, cell, cref) = match grid.lines.get(line)? {
        Line::Row { table, row, .. } => {
            let r = report.tables.get(*table)?.rows.get(*row)?;
            let c = r.def.cols.get(col)?;
            let cref = crate::model::CellRef {
                table: *table,
                row: r.def.key,
                column: c.key,
            };
            (*table, full_label(r.def), c, r.cells.get(col), Some(cref))
        }
        Line::Extra {
            table,
            index,
            group,
        } => {
            let x = report.tables.get(*table)?.extra.get(*index)?;
            let c = grid.groups.get(*group)?.cols.get(col)?;
            let what = if zh {
                "（模板以外的行）"
            } else {
                " (not a row of the official format)"
            };
            (
                *table,
                format!("{}{what}", x.label),
                c,
                x.cells.get(col),
                None,
            )
        }
        _ => return None,
    };
    let (none, unit_none, raw_w) = if zh {
        ("空", "未写单位", "原文")
    } else {
        ("blank", "no unit written", "raw")
    };
    let value = match cell.and_then(|c| c.value.as_ref()) {
        Some(n) => match &n.unit {
            Some(u) => format!("{}{}", n.value.normalize(), u),
            None => match c.kind {
                crate::template::ColKind::Amount => {
                    format!("{} ({unit_none})", n.value.normalize())
                }
                _ => n.value.normalize().to_string(),
            },
        },
        None => none.to_string(),
    };
    let mut s = format!("{} {} / {} = {}", table.short(), row_label, c.label, value);
    let shown = grid.cells.get(line).and_then(|cs| cs.get(col));
    if let Some(u) = shown.and_then(|g| g.unit.as_ref()) {
        let mark = super::grid::UNIT_MARK;
        if zh {
            s.push_str(&format!(
                "  {mark}写作{}，表头单位为{}",
                u.written, u.heading
            ));
        } else {
            s.push_str(&format!(
                "  {mark}written in {}, the heading says {}",
                u.written, u.heading
            ));
        }
    }
    if let Some(f) = shown
        .and_then(|g| g.finding)
        .and_then(|i| report.findings.get(i))
    {
        s.push_str(&format!("  {}", check_figures(f, cell, lang)));
    }
    // The inspector's correction: the value above is theirs. `->`, not an arrow: arrows
    // are ambiguous-width in CJK terminals (`text.rs`).
    if let Some(corr) = cref.and_then(|cref| report.correction(cref)) {
        let was = crate::audit::correct::value_text(corr.original.value.as_ref())
            .unwrap_or_else(|| none.to_string());
        let now = crate::audit::correct::value_text(cell.and_then(|c| c.value.as_ref()))
            .unwrap_or_else(|| none.to_string());
        match lang {
            Lang::Zh => s.push_str(&format!("  已更正：原值 {was} -> {now}")),
            Lang::En => s.push_str(&format!("  corrected: was {was} -> {now}")),
        }
    }
    if let Some(l) = cell.and_then(|c| c.line) {
        if zh {
            s.push_str(&format!("  第{l}行"));
        } else {
            s.push_str(&format!("  line {l}"));
        }
    }
    if let Some(raw) = cell.map(|c| c.raw.as_str()).filter(|r| !r.is_empty()) {
        s.push_str(&format!("  {raw_w} `{raw}`"));
    }
    Some(text::safe(&s).into_owned())
}

/// What the finding that colours a cell says in figures: `T3-SUM7 应为 15`, and for a check
/// whose actual is not the cell's own value (an identity over several cells) that actual too,
/// named as the check's: `T3-ID 应为 28，检查合计 25`.
fn check_figures(f: &Finding, cell: Option<&crate::model::Cell>, lang: Lang) -> String {
    let own = cell.and_then(|c| c.int());
    let rule = f.rule.id();
    let zh = lang == Lang::Zh;
    match (f.expected, f.actual) {
        (Some(e), Some(a)) if own.is_some() && own != Some(a) => {
            if zh {
                format!("{rule} 不符：应为 {e}，检查合计 {a}（非本格值）")
            } else {
                format!("{rule} fails: expected {e}, the check's total is {a} (not this cell)")
            }
        }
        (Some(e), _) => {
            if zh {
                format!("{rule} 不符：应为 {e}")
            } else {
                format!("{rule} fails: expected {e}")
            }
        }
        _ => rule.to_string(),
    }
}

/// The official label with the heading it sits under: 表三's `5.要求行政机关确认或重新出具已获取
/// 信息` is item 5 of `(五)`, which the short label `(五)5.确认或重出` says and the label does not.
pub fn full_label(def: &crate::template::RowDef) -> String {
    let own_heading = def.label.starts_with(['(', '（']);
    match def.short.split_once(')') {
        Some((head, _)) if def.short.starts_with('(') && !own_heading => {
            format!("{head}){}", def.label)
        }
        _ => def.label.to_string(),
    }
}

/// `s` cut into lines of at most `width` cells (CJK counts two), at most `rows` of them; the
/// last shows `...` when text was left out. Breaks after a space when one is near.
pub fn wrap(s: &str, width: usize, rows: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = text::width(ch.encode_utf8(&mut [0; 4]));
        if w + cw > width && !cur.is_empty() {
            let mut next = String::new();
            // Carry a partial English word to the next line.
            if let Some(sp) = cur.rfind(' ')
                && text::width(&cur[sp..]) < width / 3
                && !ch.is_whitespace()
            {
                next = cur[sp + 1..].to_string();
                cur.truncate(sp);
            }
            out.push(std::mem::take(&mut cur));
            cur = next;
            w = text::width(&cur);
            if ch == ' ' && cur.is_empty() {
                continue;
            }
        }
        cur.push(ch);
        w += cw;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > rows && rows > 0 {
        out.truncate(rows);
        let last = out.last_mut().expect("rows > 0");
        let keep = width.saturating_sub(3);
        *last = format!("{}...", text::fit(last, keep).trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::Rule;

    fn sum7() -> Finding {
        Finding::new(
            Rule::from_id("T3-SUM7").unwrap(),
            Severity::Error,
            "（七）总计 · 自然人: 应为 3（= （一）至（六）各项之和），实为 0 / (七) total, column 自然人: should be 3 (= sum of (一)–(六)), is 0",
        )
        .at(crate::model::TableId::T3, Some("total"), Some("natural"))
    }

    #[test]
    fn a_finding_reads_in_one_language_without_its_location() {
        let f = sum7();
        assert_eq!(
            message(&f, Lang::Zh),
            "应为 3（= （一）至（六）各项之和），实为 0"
        );
        let en = message(&f, Lang::En);
        assert!(en.starts_with("should be 3"), "{en}");
        assert!(!en.contains('–'), "ambiguous dash made safe: {en}");
    }

    #[test]
    fn wrapping_counts_cjk_as_two_cells_and_marks_what_was_left_out() {
        let lines = wrap("应为三（一）至（六）各项之和实为零", 10, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text::width(l) <= 10), "{lines:?}");
        assert!(lines[1].ends_with("..."));
        let en = wrap("should be three but is zero", 12, 3);
        assert_eq!(en, vec!["should be", "three but is", "zero"]);
    }

    #[test]
    fn lang_takes_the_flag_values() {
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("ZH"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }
}
