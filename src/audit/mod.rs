//! The consistency rules of domain.md §6 over an extracted [`Report`].
//!
//! [`audit`] appends findings to `report.findings`; it never removes what the extractor put there
//! and never reads files. One file per rule family:
//! - [`arithmetic`]: the hard 勾稽 relations of 表三 and 表四 (T3-ID, T3-SUM7, T3-ROW, T3-COUT,
//!   T4-SUM) and their non-negativity (T3-NONNEG, T4-NONNEG);
//! - [`completeness`]: blank cells and missing tables (C-BLANK, C-TABLE-MISSING);
//! - [`structure`]: the six sections, the template version and the statistics period
//!   (S-SIX, V-FORMAT, Y-PERIOD);
//! - [`plausibility`]: 表二 and 表四 plausibility (P-*, P-REG-AUTHORITY, T4-LR-PLAUS);
//! - [`deadline`]: publication deadlines (D-LATE);
//! - [`narrative`]: the prose against the tables (N-*), reading numbers with [`numerals`];
//! - [`content`]: what sections 五 and 六 say (S-FIVE, P-FEE-CONFUSION);
//! - [`ratios`]: 实质公开率 and 复议纠错率 from the tables (N-PCT, the TUI overview and list sorts);
//! - [`correct`]: the inspector's corrections of cells, applied before a second audit (not a rule);
//! - [`yoy`]: this year against last year, over the reports of one run (X-*), run by the
//!   callers that hold several reports ([`yoy::link`]), not by [`audit`].
//!
//! Conventions every finding follows:
//! - an arithmetic check with a missing or unreadable operand is not a failed sum: it yields one
//!   `Info` finding with the same rule id naming the missing cells (C-BLANK carries the defect),
//!   unless the filled operands alone already break it, which is an error whatever the blanks hold;
//! - a finding about a cell carries its table/row/column keys and the source line of that cell
//!   (falling back to the row label's line, then the table's);
//! - `operands` lists the other cells of the equation, the finding's own cell excluded;
//! - for an equation `expected`/`actual` are the two sides; for a bound they are the bound and the
//!   value, and `expected` is `None` when the bound is just "≥ 0".

pub mod arithmetic;
pub mod completeness;
pub mod content;
pub mod correct;
pub mod deadline;
pub mod narrative;
pub mod numerals;
pub mod plausibility;
pub mod ratios;
pub mod structure;
pub mod units;
pub mod yoy;

pub(crate) mod names;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{Cell, CellRef, Finding, Report, Table, TableId, TemplateVersion};
use crate::rules::Rule;
use crate::template::RowDef;

/// A day of the year (`01-31`), the form deadlines take in the 条例 and in local notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    pub const fn new(month: u32, day: u32) -> MonthDay {
        MonthDay { month, day }
    }

    /// This day in `year`; a day past the month's end (02-29 in a common year) becomes the
    /// month's last day, which is what a notice saying "by the end of February" means.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        (1..=self.day)
            .rev()
            .find_map(|d| NaiveDate::from_ymd_opt(year, self.month, d))
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = String;

    /// Parses `MM-DD` (also `M-D`, `MM/DD`).
    fn from_str(s: &str) -> Result<MonthDay, String> {
        let bad = || format!("expected a day as MM-DD, got {s:?}");
        let (m, d) = s.trim().split_once(['-', '/']).ok_or_else(bad)?;
        let month: u32 = m.trim().parse().map_err(|_| bad())?;
        let day: u32 = d.trim().parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(bad());
        }
        // 2000 is a leap year, so 02-29 is accepted here and clamped in `in_year`.
        NaiveDate::from_ymd_opt(2000, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }
}

/// Publication deadlines by kind of body (domain.md §6.8), as days of the year after the report
/// year. `None` means no deadline is checked for that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    /// 县级以上人民政府部门: 条例 第四十九条第一款, 01-31.
    pub department: Option<MonthDay>,
    /// 县级以上地方人民政府: 条例 第四十九条第二款, 03-31.
    pub government: Option<MonthDay>,
    /// 乡镇 / 街道: set by local notices only, so unchecked unless configured.
    pub township: Option<MonthDay>,
    /// A body whose kind the extractor could not tell: the latest statutory deadline (03-31), so
    /// a warning means late under any statutory reading.
    pub unknown: Option<MonthDay>,
    /// Reports for 2018 or earlier, any body: 2007 条例 第三十一条, 03-31.
    pub pre_2019: Option<MonthDay>,
}

impl Default for Deadlines {
    fn default() -> Deadlines {
        Deadlines {
            department: Some(MonthDay::new(1, 31)),
            government: Some(MonthDay::new(3, 31)),
            township: None,
            unknown: Some(MonthDay::new(3, 31)),
            pre_2019: Some(MonthDay::new(3, 31)),
        }
    }
}

/// What the audit checks, and with which local settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditConfig {
    pub deadlines: Deadlines,
    /// Check T3-COUT (carried over ≤ new + carried in) for columns whose (七)总计 is blank,
    /// where T3-ID cannot be verified. With (七) filled, T3-ID already implies it.
    pub cout_bound: bool,
    /// P-FEE-UNIT: a 2021-format fee amount at or above this many 万元 (default 100000 万元,
    /// i.e. 10 亿元) is probably written in 元.
    pub fee_max_wan: Decimal,
}

impl Default for AuditConfig {
    fn default() -> AuditConfig {
        AuditConfig {
            deadlines: Deadlines::default(),
            cout_bound: true,
            fee_max_wan: Decimal::from(100_000),
        }
    }
}

/// Runs every rule over `report` and appends the findings. Does nothing for a file that could not
/// be read or is not a report.
pub fn audit(report: &mut Report, cfg: &AuditConfig) {
    if report.error.is_some() || !report.is_report {
        return;
    }
    // The rules append to the report's own list, taken out while they read the report (none
    // reads the findings): the audit's findings are not copied once more at the end.
    let mut out = std::mem::take(&mut report.findings);
    let ctx = Ctx::new(report, cfg);
    // A finding is a large value and a sparse report gets a C-BLANK for each of its ~150 blank
    // cells: a list grown by doubling copied them all again at each step, a tenth of the
    // audit's instructions on real-shaped reports. How many there will be is mostly known from
    // the grids, so the list is sized once.
    out.reserve(findings_hint(&ctx));
    structure::check(&ctx, &mut out);
    completeness::check(&ctx, &mut out);
    arithmetic::check(&ctx, &mut out);
    plausibility::check(&ctx, &mut out);
    deadline::check(&ctx, &mut out);
    narrative::check(&ctx, &mut out);
    content::check(&ctx, &mut out);
    report.findings = out;
}

/// About how many findings the rules add to `ctx`'s report: one C-BLANK or *-NONNEG per cell
/// that holds no count, one at most per equation of a table with such cells (its sums are not
/// verifiable), and a few for the other rules. Only a capacity: a wrong guess costs a copy.
fn findings_hint(ctx: &Ctx<'_>) -> usize {
    const OTHERS: usize = 8;
    [&ctx.t2, &ctx.t3, &ctx.t4]
        .into_iter()
        .flatten()
        .filter(|g| g.unknown > 0)
        .map(|g| g.unknown + arithmetic::equations(g))
        .sum::<usize>()
        + OTHERS
}

/// What every rule family needs: the report, the settings, the template version to read the
/// tables with, and the tables' cells looked up once.
pub(crate) struct Ctx<'a> {
    pub report: &'a Report,
    pub cfg: &'a AuditConfig,
    /// `report.template`, else the format the year requires, else 2019.
    pub version: TemplateVersion,
    /// Each table found, indexed on the version it was built with ([`Ctx::table_version`]).
    pub t2: Option<Grid<'a>>,
    pub t3: Option<Grid<'a>>,
    pub t4: Option<Grid<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(report: &'a Report, cfg: &'a AuditConfig) -> Ctx<'a> {
        let version = report
            .template
            .or_else(|| report.year.map(TemplateVersion::expected_for_year))
            .unwrap_or(TemplateVersion::V2019);
        let mut ctx = Ctx {
            report,
            cfg,
            version,
            t2: None,
            t3: None,
            t4: None,
        };
        let tables = &report.tables;
        let grid = |t: &'a Option<Table>| t.as_ref().map(|t| Grid::new(t, ctx.table_version(t)));
        let (t2, t3, t4) = (grid(&tables.t2), grid(&tables.t3), grid(&tables.t4));
        (ctx.t2, ctx.t3, ctx.t4) = (t2, t3, t4);
        ctx
    }

    /// The grid of table `id`, if the report has that table.
    pub fn grid(&self, id: TableId) -> Option<&Grid<'a>> {
        match id {
            TableId::T2 => self.t2.as_ref(),
            TableId::T3 => self.t3.as_ref(),
            TableId::T4 => self.t4.as_ref(),
        }
    }

    /// Reports before 2019 predate the unified format: there are no six sections or three
    /// tables to require.
    pub fn pre_2019(&self) -> bool {
        self.report.year.is_some_and(|y| y < 2019)
    }

    /// The version a table was built with. The rows say it unambiguously (表三 has `r6` or
    /// `r6_1`, 表二 `new_made` or `issued`); `self.version` only when they do not.
    pub fn table_version(&self, table: &Table) -> TemplateVersion {
        let has = |k: &str| table.row(k).is_some();
        match table.id {
            TableId::T3 if has("r6_1") => TemplateVersion::V2021,
            TableId::T3 if has("r6") => TemplateVersion::V2019,
            TableId::T2 => match table.row("rules").map(|r| r.def.cols[0].key) {
                Some("new_made") => TemplateVersion::V2019,
                Some("issued") => TemplateVersion::V2021,
                _ => self.version,
            },
            _ => self.version,
        }
    }
}

/// A cell's address, value and source line, looked up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub r: CellRef,
    pub cell: Option<&'a Cell>,
    pub line: Option<u32>,
}

/// Looks a template cell up in `table`; an absent row reads as missing cells at the table's line.
pub(crate) fn at<'a>(table: &'a Table, row: &'static str, column: &'static str) -> At<'a> {
    let r = table.row(row);
    let cell = r.and_then(|r| r.cell(column));
    At {
        r: CellRef {
            table: table.id,
            row,
            column,
        },
        cell,
        line: cell
            .and_then(|c| c.line)
            .or_else(|| r.and_then(|r| r.label_line))
            .or(table.line),
    }
}

/// A count cell as the sums see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Val {
    Int(i64),
    Missing,
    /// Present but not a non-negative integer: reported by *-NONNEG, unknown to the sums.
    Bad,
}

impl Val {
    pub fn of(cell: Option<&Cell>) -> Val {
        let Some(cell) = cell else {
            return Val::Missing;
        };
        if cell.unreadable {
            return Val::Bad;
        }
        match &cell.value {
            None => Val::Missing,
            Some(_) => match cell.int() {
                Some(v) if v >= 0 => Val::Int(v),
                _ => Val::Bad,
            },
        }
    }
}

/// One template cell of a [`Grid`]: what [`at`] finds for it, and its value as the sums read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot<'a> {
    pub cell: Option<&'a Cell>,
    pub line: Option<u32>,
    pub val: Val,
}

/// Most template rows of a table (表三 2021 has 25).
const MAX_ROWS: usize = 31;

/// A table's template cells, looked up once per audit: the rules index them by position instead
/// of searching rows and columns by key for every read. Slots are in template order, row by row,
/// each row's columns in order; [`Grid::at`] gives a slot's [`At`], the same as [`at`] with the
/// template keys.
pub(crate) struct Grid<'a> {
    pub table: &'a Table,
    /// The version the table is read with.
    pub version: TemplateVersion,
    /// The template rows of `table` in that version.
    pub rows: &'static [RowDef],
    /// Where each template row's slots begin.
    starts: [u16; MAX_ROWS],
    /// Each slot's address ([`cell_refs`]).
    refs: &'static [CellRef],
    slots: Vec<Slot<'a>>,
    /// How many slots hold no count ([`Val::Missing`] or [`Val::Bad`]).
    pub unknown: usize,
}

/// Every template cell's address in table `id` of `version`, in slot order, built once per
/// process: a finding's address and its operands' are copied from here instead of being read
/// from the row and column definitions for each (a sum's finding lists up to a dozen).
fn cell_refs(version: TemplateVersion, id: TableId) -> &'static [CellRef] {
    static REFS: [[OnceLock<Vec<CellRef>>; 3]; 2] = [const { [const { OnceLock::new() }; 3] }; 2];
    let v = match version {
        TemplateVersion::V2019 => 0,
        TemplateVersion::V2021 => 1,
    };
    let t = match id {
        TableId::T2 => 0,
        TableId::T3 => 1,
        TableId::T4 => 2,
    };
    REFS[v][t].get_or_init(|| {
        version
            .get()
            .rows(id)
            .iter()
            .flat_map(|d| {
                d.cols.iter().map(move |c| CellRef {
                    table: id,
                    row: d.key,
                    column: c.key,
                })
            })
            .collect()
    })
}

impl<'a> Grid<'a> {
    pub fn new(table: &'a Table, version: TemplateVersion) -> Grid<'a> {
        let rows = version.get().rows(table.id);
        assert!(rows.len() <= MAX_ROWS, "template rows beyond MAX_ROWS");
        let mut starts = [0; MAX_ROWS];
        let mut slots = Vec::with_capacity(rows.iter().map(|r| r.cols.len()).sum());
        // A table is normally built from the template's own rows, in order: then row i is
        // template row i (template keys are unique) and no key needs comparing.
        let aligned = table.rows.len() == rows.len()
            && table
                .rows
                .iter()
                .zip(rows)
                .all(|(r, d)| std::ptr::eq(r.def, d));
        for (ri, def) in rows.iter().enumerate() {
            starts[ri] = slots.len() as u16;
            let row = if aligned {
                Some(&table.rows[ri])
            } else {
                table.row(def.key)
            };
            // A row built on this very definition has its cells in the template's column order.
            let same_cols = row.is_some_and(|r| std::ptr::eq(r.def, def));
            for (ci, col) in def.cols.iter().enumerate() {
                let cell = match row {
                    Some(r) if same_cols => Some(&r.cells[ci]),
                    Some(r) => r.cell(col.key),
                    None => None,
                };
                slots.push(Slot {
                    cell,
                    line: cell
                        .and_then(|c| c.line)
                        .or_else(|| row.and_then(|r| r.label_line))
                        .or(table.line),
                    val: Val::of(cell),
                });
            }
        }
        let unknown = slots
            .iter()
            .filter(|s| !matches!(s.val, Val::Int(_)))
            .count();
        Grid {
            table,
            version,
            rows,
            starts,
            refs: cell_refs(version, table.id),
            slots,
            unknown,
        }
    }

    /// The slot index of template row `row`, column `col` (positions, not keys).
    pub fn index(&self, row: usize, col: usize) -> usize {
        debug_assert!(col < self.rows[row].cols.len());
        usize::from(self.starts[row]) + col
    }

    pub fn slot(&self, i: usize) -> &Slot<'a> {
        &self.slots[i]
    }

    pub fn slots(&self) -> &[Slot<'a>] {
        &self.slots
    }

    /// Slot `i`'s address, cell and line, as [`at`] gives them.
    pub fn at(&self, i: usize) -> At<'a> {
        let s = &self.slots[i];
        At {
            r: self.refs[i],
            cell: s.cell,
            line: s.line,
        }
    }
}

pub(crate) use names::{cell_name, col_name};

/// Builds a finding about one cell: keys and line filled in.
pub(crate) fn cell_finding(
    rule: Rule,
    severity: crate::model::Severity,
    a: &At<'_>,
    message: impl Into<crate::model::Message>,
) -> Finding {
    Finding::new(rule, severity, message)
        .at(a.r.table, Some(a.r.row), Some(a.r.column))
        .line(a.line)
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests;
