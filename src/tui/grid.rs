//! A report's three tables laid out as one scrollable grid document, with every cell's text and
//! highlight class decided up front.
//!
//! Built once per (re)loaded report, so moving the cursor and drawing are plain lookups. The
//! document is a list of lines: a table title, a column header (one per 表二 sub-table, since
//! their columns differ), data rows, or a note that a table was not found. Column widths are
//! measured per header group so 表三's seven narrow columns are not widened by 表二's amounts.
//!
//! Cell texts follow the width policy of `text.rs`: a failed cell reads `actual!=expected`
//! (`0!=15`), a missing cell `-`, never `≠`/`∅` (ambiguous width in CJK terminals). Amounts
//! keep the unit they were written with (`27.88亿`) and are marked `*` when it is not their
//! heading's; rows outside the format (C-EXTRA-ROW) are lines of their own, as written.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::model::{CellRef, Finding, Report, Severity, Table, TableId};
use crate::template::ColDef;

use super::text;

/// Why a cell is drawn the way it is; the view maps each class to a theme style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CellClass {
    Normal,
    /// The extractor placed the value by inference.
    Inferred,
    /// The inspector corrected the value (`c`); the original shows in the cell readout.
    Corrected,
    /// An operand of a failed check.
    Tinted,
    Missing,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    pub text: String,
    pub class: CellClass,
    /// The finding (index into `Report::findings`) that decided the class, if one did: the
    /// readout names it so that what it says and what the cell shows agree.
    pub finding: Option<usize>,
    /// An amount written in another unit than its column heading's (`39400元` under 万元):
    /// the text ends in [`UNIT_MARK`] and the readout says why.
    pub unit: Option<UnitMismatch>,
}

/// The written unit and the heading's, when they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMismatch {
    pub written: String,
    pub heading: &'static str,
}

/// Appended to an amount whose written unit differs from its heading's (`39400元*`).
pub const UNIT_MARK: char = '*';

/// Text shown for a missing cell.
pub const MISSING: &str = "-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// `表三 收到和处理政府信息公开申请情况`.
    Title(TableId),
    /// The table was not found in the report.
    Absent(TableId),
    /// Column labels of a header group.
    Header { group: usize },
    /// A data row: `row` indexes `Table::rows`.
    Row {
        table: TableId,
        row: usize,
        group: usize,
    },
    /// A row outside the official format (C-EXTRA-ROW), drawn after the row it follows in the
    /// report: `index` indexes `Table::extra`.
    Extra {
        table: TableId,
        index: usize,
        group: usize,
    },
}

impl Line {
    /// A line the cursor can stop on: an official row or an extra one.
    pub fn is_row(&self) -> bool {
        matches!(self, Line::Row { .. } | Line::Extra { .. })
    }
}

/// Rows that share columns (and, in 表二, a `第二十条第(X)项` heading).
#[derive(Debug, Clone)]
pub struct Group {
    pub table: TableId,
    pub cols: &'static [ColDef],
    pub item: Option<&'static str>,
    /// Column widths with the full short labels.
    pub widths: Vec<usize>,
    /// Column widths with labels cut to two CJK characters, for narrow terminals.
    pub narrow_widths: Vec<usize>,
}

/// Columns are cut to this many cells in narrow mode: two CJK characters.
const NARROW_LABEL: usize = 4;
/// The row-label column never grows past this (the longest short label is 18 cells).
const MAX_LABEL: usize = 18;

#[derive(Debug, Clone)]
pub struct Grid {
    pub lines: Vec<Line>,
    pub groups: Vec<Group>,
    /// Cells of each line (empty for non-row lines), by column.
    pub cells: Vec<Vec<GridCell>>,
    /// Row labels (safe text), per line; empty for non-row lines.
    pub labels: Vec<String>,
    pub label_width: usize,
}

impl Grid {
    pub fn build(report: &Report) -> Grid {
        Grid::build_open(report, |_| true)
    }

    /// The grid with only the findings `open(i)` keeps (index into `Report::findings`): a
    /// dismissed finding no longer colours its cell.
    pub fn build_open(report: &Report, open: impl Fn(usize) -> bool) -> Grid {
        let mut at_cell: HashMap<CellRef, Vec<(usize, &Finding)>> = HashMap::new();
        let mut operands: HashSet<CellRef> = HashSet::new();
        let mut extra_rows: HashMap<u32, usize> = HashMap::new();
        for (i, f) in report.findings.iter().enumerate().filter(|(i, _)| open(*i)) {
            if let Some(c) = f.cell() {
                at_cell.entry(c).or_default().push((i, f));
            }
            if f.rule == crate::rules::Rule::CExtraRow
                && let Some(l) = f.line
            {
                extra_rows.insert(l, i);
            }
            if f.severity == Severity::Error && f.rule != "C-BLANK" {
                operands.extend(f.operands.iter().copied());
            }
        }
        let mut g = Grid {
            lines: Vec::new(),
            groups: Vec::new(),
            cells: Vec::new(),
            labels: Vec::new(),
            label_width: 0,
        };
        let any_table = report.tables.iter().next().is_some();
        if !any_table && !report.is_report {
            return g;
        }
        for id in [TableId::T2, TableId::T3, TableId::T4] {
            g.push(Line::Title(id), Vec::new(), String::new());
            match report.tables.get(id) {
                None => g.push(Line::Absent(id), Vec::new(), String::new()),
                Some(table) => g.add_table(report, table, &at_cell, &operands, &extra_rows),
            }
        }
        g.label_width = g
            .labels
            .iter()
            .map(|l| text::width(l))
            .chain(
                g.groups
                    .iter()
                    .filter_map(|gr| gr.item.map(|i| text::width(&text::safe(i)))),
            )
            .max()
            .unwrap_or(0)
            .min(MAX_LABEL);
        g
    }

    fn push(&mut self, line: Line, cells: Vec<GridCell>, label: String) {
        self.lines.push(line);
        self.cells.push(cells);
        self.labels.push(label);
    }

    fn add_table(
        &mut self,
        report: &Report,
        table: &Table,
        at_cell: &HashMap<CellRef, Vec<(usize, &Finding)>>,
        operands: &HashSet<CellRef>,
        extra_rows: &HashMap<u32, usize>,
    ) {
        let mut current: Option<usize> = None;
        for (ri, row) in table.rows.iter().enumerate() {
            let item = if table.id == TableId::T2 {
                row.def.item
            } else {
                None
            };
            let same = current.is_some_and(|gi| {
                let gr = &self.groups[gi];
                gr.item == item && same_cols(gr.cols, row.def.cols)
            });
            if !same {
                self.groups.push(Group {
                    table: table.id,
                    cols: row.def.cols,
                    item,
                    widths: Vec::new(),
                    narrow_widths: Vec::new(),
                });
                let gi = self.groups.len() - 1;
                current = Some(gi);
                self.push(Line::Header { group: gi }, Vec::new(), String::new());
            }
            let group = current.unwrap_or_default();
            let cells = row
                .def
                .cols
                .iter()
                .zip(&row.cells)
                .map(|(col, cell)| {
                    let at = CellRef {
                        table: table.id,
                        row: row.def.key,
                        column: col.key,
                    };
                    let unit = unit_mismatch(report, table, col, cell, row.label_line);
                    classify(
                        cell,
                        at_cell.get(&at).map(Vec::as_slice).unwrap_or(&[]),
                        operands.contains(&at),
                        unit,
                    )
                })
                .collect();
            self.push(
                Line::Row {
                    table: table.id,
                    row: ri,
                    group,
                },
                cells,
                text::safe(row.def.short).into_owned(),
            );
            // Rows the format does not have, where the report wrote them: after this row, or
            // (read before any official row) after the first.
            for (xi, extra) in table.extra.iter().enumerate() {
                if extra.after.unwrap_or(0) != ri {
                    continue;
                }
                let finding = extra_rows.get(&extra.line).copied();
                let ncols = self.groups[group].cols.len();
                let cells = (0..ncols)
                    .map(|c| match extra.cells.get(c) {
                        Some(cell) => GridCell {
                            text: value_text(cell),
                            class: if finding.is_some() {
                                CellClass::Warning
                            } else {
                                CellClass::Normal
                            },
                            finding,
                            unit: None,
                        },
                        None => GridCell {
                            text: String::new(),
                            class: CellClass::Normal,
                            finding: None,
                            unit: None,
                        },
                    })
                    .collect();
                self.push(
                    Line::Extra {
                        table: table.id,
                        index: xi,
                        group,
                    },
                    cells,
                    text::safe(&extra.label).into_owned(),
                );
            }
        }
        for gi in 0..self.groups.len() {
            if self.groups[gi].table == table.id && self.groups[gi].widths.is_empty() {
                self.measure(gi);
            }
        }
    }

    fn measure(&mut self, gi: usize) {
        let n = self.groups[gi].cols.len();
        let mut values = vec![1usize; n];
        for (li, line) in self.lines.iter().enumerate() {
            if matches!(line, Line::Row { group, .. } | Line::Extra { group, .. } if *group == gi) {
                for (c, cell) in self.cells[li].iter().enumerate().take(n) {
                    values[c] = values[c].max(text::width(&cell.text));
                }
            }
        }
        let gr = &mut self.groups[gi];
        gr.widths = gr
            .cols
            .iter()
            .zip(&values)
            .map(|(c, v)| (*v).max(text::width(&text::safe(c.short))))
            .collect();
        gr.narrow_widths = gr
            .cols
            .iter()
            .zip(&values)
            .map(|(c, v)| {
                (*v).max(text::width(text::truncate(
                    &text::safe(c.short),
                    NARROW_LABEL,
                )))
            })
            .collect();
    }

    /// Line indices the cursor can stop on (data rows), in order.
    pub fn row_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_row())
            .map(|(i, _)| i)
    }

    pub fn group_of(&self, line: usize) -> Option<usize> {
        match self.lines.get(line)? {
            Line::Header { group } | Line::Row { group, .. } | Line::Extra { group, .. } => {
                Some(*group)
            }
            _ => None,
        }
    }

    /// Column widths to draw `group` with when `avail` cells are left after the label column,
    /// and whether the labels must be cut (narrow mode).
    pub fn widths(&self, group: usize, avail: usize) -> (&[usize], bool) {
        let Some(gr) = self.groups.get(group) else {
            return (&[], false);
        };
        let full: usize = gr.widths.iter().map(|w| w + 1).sum();
        if full <= avail {
            (&gr.widths, false)
        } else {
            (&gr.narrow_widths, true)
        }
    }

    /// Where a finding points: (line, column), the column when it names one.
    pub fn locate(&self, report: &Report, f: &Finding) -> Option<(usize, Option<usize>)> {
        let table = f.table?;
        let t = report.tables.get(table)?;
        // An extra row's finding names no row: it sits on the line the report wrote it.
        let extra = |line: u32| {
            self.lines.iter().position(|l| {
                matches!(l, Line::Extra { table: tt, index, .. }
                    if *tt == table && t.extra.get(*index).is_some_and(|x| x.line == line))
            })
        };
        let line = match (f.row, f.line.and_then(extra)) {
            (None, Some(l)) => l,
            (Some(key), _) => {
                let ri = t.rows.iter().position(|r| r.def.key == key)?;
                self.lines.iter().position(
                    |l| matches!(l, Line::Row { table: tt, row, .. } if *tt == table && *row == ri),
                )?
            }
            (None, None) => self
                .lines
                .iter()
                .position(|l| matches!(l, Line::Row { table: tt, .. } if *tt == table))?,
        };
        let col = match (f.row, f.column) {
            (Some(key), Some(col)) => t.row(key).and_then(|r| r.def.col(col)).map(|(i, _)| i),
            _ => None,
        };
        Some((line, col))
    }
}

fn same_cols(a: &[ColDef], b: &[ColDef]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key == y.key)
}

/// A cell's value as the report wrote it: amounts keep their written unit (`27.88亿`,
/// `60721754元`), unreadable text is shown cut, a missing value is [`MISSING`].
fn value_text(cell: &crate::model::Cell) -> String {
    match &cell.value {
        Some(n) => {
            let number = match n.as_int() {
                Some(i) => i.to_string(),
                None => n.value.normalize().to_string(),
            };
            match crate::audit::units::written(cell) {
                Some(u) => format!("{number}{}", text::safe(u)),
                None => number,
            }
        }
        None if cell.unreadable && !cell.raw.is_empty() => text::fit(&text::safe(&cell.raw), 8),
        None => MISSING.to_string(),
    }
}

/// The written and heading units of an amount cell when they differ.
fn unit_mismatch(
    report: &Report,
    table: &Table,
    col: &ColDef,
    cell: &crate::model::Cell,
    row_line: Option<u32>,
) -> Option<UnitMismatch> {
    if col.kind != crate::template::ColKind::Amount || cell.value.is_none() {
        return None;
    }
    let written = crate::audit::units::written(cell)?;
    let heading = crate::audit::units::heading(report, table, col, row_line.or(cell.line))?;
    (!crate::audit::units::same(written, heading)).then(|| UnitMismatch {
        written: text::safe(written).into_owned(),
        heading,
    })
}

/// The text and class of one cell, from the cell and the findings that point at it.
fn classify(
    cell: &crate::model::Cell,
    findings: &[(usize, &Finding)],
    operand: bool,
    unit: Option<UnitMismatch>,
) -> GridCell {
    let mut value = value_text(cell);
    if unit.is_some() {
        value.push(UNIT_MARK);
    }
    // A cell may fail several rules: its own sum (T3-SUM7: actual = the cell) and an identity
    // whose "actual" is a sum of several cells (T3-ID: r7 + cout). Show the one about the
    // cell's own value.
    let own = cell.value.as_ref().and_then(|n| n.as_int());
    let failed = findings
        .iter()
        .filter(|(_, f)| f.rule != "C-BLANK")
        .max_by_key(|(_, f)| (f.severity, own.is_some() && f.actual == own));
    if let Some(&(i, f)) = failed {
        if f.severity == Severity::Error {
            // `actual!=expected` only when the actual is this cell's value: an identity's
            // actual is a sum of several cells (T3-ID: 25 = (七) 22 + 结转 3), which the cell
            // does not hold. The cell then shows its own value, in red, and the readout gives
            // the check's figures.
            let text = match (f.expected, f.actual) {
                (Some(e), Some(a)) if own.is_none() || own == Some(a) => format!("{a}!={e}"),
                (Some(e), None) if own.is_none() => format!("{value}!={e}"),
                _ => value,
            };
            return GridCell {
                text,
                class: CellClass::Error,
                finding: Some(i),
                unit,
            };
        }
        if f.severity == Severity::Warning {
            return GridCell {
                text: value,
                class: CellClass::Warning,
                finding: Some(i),
                unit,
            };
        }
    }
    // A corrected cell says so before anything but a failure of its own: blank or an operand,
    // it is the inspector's value.
    let class = if cell.corrected() {
        CellClass::Corrected
    } else if cell.is_missing() {
        CellClass::Missing
    } else if unit.is_some() {
        // Not flagged by a rule, but not what the heading says either.
        CellClass::Warning
    } else if operand {
        CellClass::Tinted
    } else if cell.inferred() {
        CellClass::Inferred
    } else {
        CellClass::Normal
    };
    GridCell {
        text: value,
        class,
        finding: None,
        unit,
    }
}

/// `s` (a cell's text) in at most `w` cells. An amount keeps its unit and gives up precision
/// instead, marked approximate with a leading `~`: decimals go first (`~27亿`), then the
/// number moves up a unit (`60721754元` → `~6072万元`). Anything else is cut as
/// [`text::fit`] does.
pub fn fit_value(s: &str, w: usize) -> String {
    use rust_decimal::Decimal;
    if text::width(s) <= w {
        return s.to_string();
    }
    let (body, mark) = match s.strip_suffix(UNIT_MARK) {
        Some(b) => (b, UNIT_MARK.to_string()),
        None => (s, String::new()),
    };
    let split = body
        .rfind(|c: char| c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let (num, unit) = body.split_at(split);
    let Ok(mut value) = num.parse::<Decimal>() else {
        return text::fit(s, w);
    };
    if unit.is_empty() || num.contains("!=") {
        return text::fit(s, w);
    }
    let mut unit = unit.to_string();
    loop {
        let whole = format!("~{}{unit}{mark}", value.round());
        if text::width(&whole) <= w {
            return whole;
        }
        let up = match unit.as_str() {
            "元" => "万元",
            "万" | "万元" => "亿元",
            _ => return text::fit(s, w),
        };
        value /= Decimal::from(10_000);
        unit = up.to_string();
    }
}

/// The columns of a group that fit in `avail` cells starting at column `first` (each column
/// takes its width plus one gap). Always at least one column, so a very narrow grid still
/// shows the cursor.
pub fn visible_cols(widths: &[usize], first: usize, avail: usize) -> Range<usize> {
    let first = first.min(widths.len().saturating_sub(1));
    let mut used = 0;
    let mut end = first;
    for w in widths.iter().skip(first) {
        if end > first && used + w + 1 > avail {
            break;
        }
        used += w + 1;
        end += 1;
    }
    first..end
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Finding, Report, Severity, Table, TemplateVersion};
    use crate::rules::Rule;
    use std::path::PathBuf;

    /// A 2019-format report in the shape of seed 002: (一)予以公开 15 but (七)总计 0, so
    /// T3-SUM7 fails for 自然人 and 总计; 表四 complete; 行政处罚 处理决定数量 blank.
    pub(crate) fn seed_002_like() -> Report {
        let v = TemplateVersion::V2019;
        let mut r = Report::empty(PathBuf::from("samples/002-echeng.txt"));
        r.is_report = true;
        r.body = Some("鄂州市鄂城区人民政府".into());
        r.year = Some(2020);
        r.template = Some(v);
        let mut t2 = Table::blank(v, TableId::T2);
        for row in ["rules", "normative_docs"] {
            for col in ["new_made", "new_published", "total_published"] {
                t2.set(row, col, Some(3));
            }
        }
        for row in ["licensing", "other_services", "enforcement"] {
            for col in ["prev_items", "delta", "decisions"] {
                t2.set(row, col, Some(1));
            }
        }
        for col in ["prev_items", "delta"] {
            t2.set("penalty", col, Some(2));
        }
        t2.set("fees", "prev_items", Some(0));
        t2.set("fees", "delta", Some(0));
        t2.set("procurement", "items", Some(0));
        t2.set("procurement", "amount", Some(0));
        let mut t3 = Table::blank(v, TableId::T3);
        for row in v.get().t3 {
            for col in row.cols {
                t3.set(row.key, col.key, Some(0));
            }
        }
        t3.set("new", "np", Some(15));
        t3.set("new", "tot", Some(15));
        t3.set("r1", "np", Some(15));
        t3.set("r1", "tot", Some(15));
        let mut t4 = Table::blank(v, TableId::T4);
        for (row, vals) in [
            ("rv", [10, 0, 2, 2, 14]),
            ("ld", [0, 0, 0, 1, 1]),
            ("lr", [0, 0, 0, 3, 3]),
        ] {
            for (col, val) in ["keep", "fix", "oth", "pend", "tot"].iter().zip(vals) {
                t4.set(row, col, Some(val));
            }
        }
        r.tables.t2 = Some(t2);
        r.tables.t3 = Some(t3);
        r.tables.t4 = Some(t4);
        r.lines = (1..=80).map(|i| format!("line {i}")).collect();
        r.lines.set(41, "（七）总计 0 0 0 0 0 0 0");
        let ops = |col| {
            ["r1", "r2"]
                .iter()
                .map(|row| CellRef {
                    table: TableId::T3,
                    row,
                    column: col,
                })
                .collect::<Vec<_>>()
        };
        r.findings = vec![
            Finding::new(
                Rule::CBlank,
                Severity::Error,
                "行政处罚 处理决定数量 is blank",
            )
            .at(TableId::T2, Some("penalty"), Some("decisions"))
            .line(Some(12)),
            Finding::new(
                Rule::T3Sum7,
                Severity::Error,
                "(七)总计 自然人 should be 15",
            )
            .at(TableId::T3, Some("r7"), Some("np"))
            .values(Some(15), Some(0))
            .line(Some(42))
            .operands(ops("np")),
            Finding::new(Rule::T3Sum7, Severity::Error, "(七)总计 总计 should be 15")
                .at(TableId::T3, Some("r7"), Some("tot"))
                .values(Some(15), Some(0))
                .line(Some(42))
                .operands(ops("tot")),
            Finding::new(
                Rule::CExtraRow,
                Severity::Warning,
                "extra row 其他主动公开文件",
            )
            .line(Some(9)),
        ];
        r
    }

    fn cell_at<'g>(
        g: &'g Grid,
        r: &Report,
        table: TableId,
        row: &'static str,
        col: &'static str,
    ) -> &'g GridCell {
        let f = Finding::new(Rule::T3Sum7, Severity::Info, "").at(table, Some(row), Some(col));
        let (line, c) = g.locate(r, &f).unwrap();
        &g.cells[line][c.unwrap()]
    }

    #[test]
    fn failed_missing_and_operand_cells_are_classified() {
        let r = seed_002_like();
        let g = Grid::build(&r);
        let failed = cell_at(&g, &r, TableId::T3, "r7", "tot");
        assert_eq!(failed.text, "0!=15");
        assert_eq!(failed.class, CellClass::Error);
        let blank = cell_at(&g, &r, TableId::T2, "penalty", "decisions");
        assert_eq!(
            (blank.text.as_str(), blank.class),
            (MISSING, CellClass::Missing)
        );
        let operand = cell_at(&g, &r, TableId::T3, "r1", "np");
        assert_eq!(
            (operand.text.as_str(), operand.class),
            ("15", CellClass::Tinted)
        );
        let plain = cell_at(&g, &r, TableId::T4, "rv", "tot");
        assert_eq!(
            (plain.text.as_str(), plain.class),
            ("14", CellClass::Normal)
        );
    }

    #[test]
    fn t2_gets_one_header_per_sub_table_and_t3_one_header() {
        let r = seed_002_like();
        let g = Grid::build(&r);
        let headers: Vec<(TableId, Option<&str>)> = g
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Header { group } => Some((g.groups[*group].table, g.groups[*group].item)),
                _ => None,
            })
            .collect();
        assert_eq!(
            headers,
            vec![
                (TableId::T2, Some("第二十条第(一)项")),
                (TableId::T2, Some("第二十条第(五)项")),
                (TableId::T2, Some("第二十条第(六)项")),
                (TableId::T2, Some("第二十条第(八)项")),
                (TableId::T2, Some("第二十条第(九)项")),
                (TableId::T3, None),
                (TableId::T4, None),
            ]
        );
        assert_eq!(g.row_lines().count(), 8 + 23 + 3);
        assert_eq!(g.label_width, 18);
    }

    #[test]
    fn a_missing_table_is_a_line_saying_so() {
        let mut r = seed_002_like();
        r.tables.t4 = None;
        let g = Grid::build(&r);
        assert!(g.lines.contains(&Line::Absent(TableId::T4)));
    }

    #[test]
    fn narrow_widths_cut_labels_and_visible_cols_scrolls() {
        let r = seed_002_like();
        let g = Grid::build(&r);
        let t3 = g
            .groups
            .iter()
            .position(|gr| gr.table == TableId::T3)
            .unwrap();
        // 自然人 商业企业 科研机构 公益组织 法律服务 其他 总计; 总计 holds `0!=15`.
        assert_eq!(g.groups[t3].widths, vec![6, 8, 8, 8, 8, 4, 5]);
        // 自然人 also holds `0!=15` in (七)总计.
        assert_eq!(g.groups[t3].narrow_widths, vec![5, 4, 4, 4, 4, 4, 5]);
        assert!(!g.widths(t3, 60).1);
        assert!(g.widths(t3, 40).1);
        let w = [4, 4, 4, 4, 4, 4, 5];
        assert_eq!(visible_cols(&w, 0, 40), 0..7);
        assert_eq!(visible_cols(&w, 0, 20), 0..4);
        assert_eq!(visible_cols(&w, 5, 20), 5..7);
        assert_eq!(visible_cols(&w, 0, 2), 0..1);
        assert_eq!(visible_cols(&[], 3, 20), 0..0);
    }

    #[test]
    fn a_cell_failing_two_rules_shows_the_one_about_its_own_value() {
        let cell = crate::model::Cell {
            raw: "168".into(),
            value: Some(crate::model::Number::int(168)),
            ..Default::default()
        };
        let own = Finding::new(Rule::T3Sum7, Severity::Error, "").values(Some(167), Some(168));
        let identity = Finding::new(Rule::T3Id, Severity::Error, "").values(Some(184), Some(185));
        for order in [
            vec![(0, &own), (1, &identity)],
            vec![(1, &identity), (0, &own)],
        ] {
            let c = classify(&cell, &order, false, None);
            assert_eq!((c.text.as_str(), c.class), ("168!=167", CellClass::Error));
            assert_eq!(c.finding, Some(0), "the readout names the finding shown");
        }
    }

    #[test]
    fn a_cell_failing_only_an_identity_over_several_cells_shows_its_own_value() {
        // T3-ID on (七)总计: (七) 22 + 结转 3 = 25, should be 28. The cell holds 22, not 25.
        let cell = crate::model::Cell {
            raw: "22".into(),
            value: Some(crate::model::Number::int(22)),
            ..Default::default()
        };
        let identity = Finding::new(Rule::T3Id, Severity::Error, "").values(Some(28), Some(25));
        let c = classify(&cell, &[(4, &identity)], false, None);
        assert_eq!(
            (c.text.as_str(), c.class, c.finding),
            ("22", CellClass::Error, Some(4))
        );
    }

    #[test]
    fn amounts_keep_their_written_unit_and_give_up_precision_before_the_unit() {
        let cell = |raw: &str, v: rust_decimal::Decimal| crate::model::Cell {
            raw: raw.into(),
            value: Some(crate::model::Number {
                value: v,
                unit: None,
            }),
            ..Default::default()
        };
        let c = classify(&cell("27.88亿", "27.88".parse().unwrap()), &[], false, None);
        assert_eq!((c.text.as_str(), c.class), ("27.88亿", CellClass::Normal));
        let c = classify(&cell("60721754元", 60721754.into()), &[], false, None);
        assert_eq!(c.text, "60721754元");
        assert_eq!(fit_value("60721754元", 10), "60721754元");
        assert_eq!(fit_value("60721754元", 9), "~6072万元");
        assert_eq!(fit_value("27.88亿", 5), "~28亿");
        assert_eq!(fit_value("39400元*", 7), "~4万元*");
        assert_eq!(fit_value("0!=15", 4), "0!=~");
        assert!(text::width(&fit_value("60721754元", 3)) <= 3);
        let unit = UnitMismatch {
            written: "元".into(),
            heading: "万元",
        };
        let c = classify(&cell("39400元", 39400.into()), &[], false, Some(unit));
        assert_eq!((c.text.as_str(), c.class), ("39400元*", CellClass::Warning));
    }
}
