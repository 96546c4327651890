//! The hard 勾稽 relations of 表三 and 表四 (domain.md §6.1–§6.2).
//!
//! Every relation is an equation between two sums of cells. Each failing (rule, row or column)
//! is its own finding, even where the rules overlap, so an inspector sees where it broke.
//! Unreadable, fractional or negative cells are errors of their own (T3-NONNEG / T4-NONNEG) and
//! count as unknown in the sums: a sum with unknown operands is reported as not verifiable
//! (`Info`), unless the known operands already make it impossible.
//!
//! The cells are read from the [`Grid`]s by position; addresses, names and messages are only
//! built for a finding.

use std::sync::OnceLock;

use crate::model::{CellRef, Finding, Message, Severity, SumFailure, TableId, TemplateVersion};
use crate::template::t3_groups;

use super::{Ctx, Grid, Val, cell_finding, cell_name, col_name};
use crate::rules::Rule;

const T3_PARTS: [&str; 6] = ["np", "biz", "res", "ngo", "law", "oth"];
const T3_ALL_COLS: [&str; 7] = ["np", "biz", "res", "ngo", "law", "oth", "tot"];
const T4_PARTS: [&str; 4] = ["keep", "fix", "oth", "pend"];
const T4_ALL_COLS: [&str; 5] = ["keep", "fix", "oth", "pend", "tot"];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(t3) = &ctx.t3 {
        check_t3(t3, ctx.cfg.cout_bound, out);
    }
    if let Some(t4) = &ctx.t4 {
        check_t4(t4, out);
    }
}

/// How many equations [`check`] reads in `grid`: the most findings it can add besides the
/// *-NONNEG ones ([`super::findings_hint`]).
pub(crate) fn equations(grid: &Grid<'_>) -> usize {
    match grid.table.id {
        // T3-SUM7, T3-ID and T3-COUT per column, T3-ROW per row.
        TableId::T3 => 3 * T3_ALL_COLS.len() + grid.rows.len(),
        // T4-SUM per row.
        TableId::T4 => grid.rows.len(),
        TableId::T2 => 0,
    }
}

/// Where the cells the relations read sit in one version's template: row and column positions
/// of a [`Grid`], found by key once per process.
#[derive(Debug)]
struct Layout {
    /// 表三: 一、本年新收, 二、上年结转, （七）总计, 四、结转下年度.
    new: usize,
    cin: usize,
    r7: usize,
    cout: usize,
    /// 表三's result rows (（一）to（六）), in group order.
    results: Vec<usize>,
    /// 表三's columns: the six applicants (`T3_PARTS`), all seven (`T3_ALL_COLS`), 总计.
    t3_parts: [usize; 6],
    t3_cols: [usize; 7],
    t3_tot: usize,
    /// 表四's columns: the four results (`T4_PARTS`), all five (`T4_ALL_COLS`), 总计.
    t4_parts: [usize; 4],
    t4_cols: [usize; 5],
    t4_tot: usize,
}

impl Layout {
    fn get(version: TemplateVersion) -> &'static Layout {
        static LAYOUTS: [OnceLock<Layout>; 2] = [OnceLock::new(), OnceLock::new()];
        let i = match version {
            TemplateVersion::V2019 => 0,
            TemplateVersion::V2021 => 1,
        };
        LAYOUTS[i].get_or_init(|| Layout::new(version))
    }

    fn new(version: TemplateVersion) -> Layout {
        let t = version.get();
        let row = |rows: &[crate::template::RowDef], key: &str| {
            crate::template::find_key(rows, key, |r| r.key)
                .unwrap_or_else(|| panic!("no template row {key}"))
                .0
        };
        // Every row of 表三 (of 表四) has the same columns.
        let col = |rows: &[crate::template::RowDef], key: &str| {
            let (i, _) = rows[0]
                .col(key)
                .unwrap_or_else(|| panic!("no template column {key}"));
            assert!(rows.iter().all(|r| r.col(key).map(|c| c.0) == Some(i)));
            i
        };
        Layout {
            new: row(t.t3, "new"),
            cin: row(t.t3, "cin"),
            r7: row(t.t3, "r7"),
            cout: row(t.t3, "cout"),
            results: t3_groups(version)
                .iter()
                .flat_map(|(_, members)| members.iter().map(|k| row(t.t3, k)))
                .collect(),
            t3_parts: T3_PARTS.map(|c| col(t.t3, c)),
            t3_cols: T3_ALL_COLS.map(|c| col(t.t3, c)),
            t3_tot: col(t.t3, "tot"),
            t4_parts: T4_PARTS.map(|c| col(t.t4, c)),
            t4_cols: T4_ALL_COLS.map(|c| col(t.t4, c)),
            t4_tot: col(t.t4, "tot"),
        }
    }
}

/// Each listed cell that holds something other than a non-negative integer.
fn nonneg(rule: Rule, grid: &Grid<'_>, cols: &[usize], out: &mut Vec<Finding>) {
    for row in 0..grid.rows.len() {
        for &col in cols {
            let i = grid.index(row, col);
            if grid.slot(i).val != Val::Bad {
                continue;
            }
            let a = grid.at(i);
            let raw = a.cell.map_or("", |c| c.raw.as_str());
            let raw: String = raw.chars().take(24).collect();
            let actual = a.cell.and_then(|c| c.int());
            let msg = format!(
                "{}: 「{raw}」不是非负整数，不计入合计 / is not a non-negative integer; left out of the sums",
                cell_name(grid.version, a.r)
            );
            out.push(cell_finding(rule, Severity::Error, &a, msg).values(None, actual));
        }
    }
}

/// The slots of one side of an equation, without allocating: at most every result row of 表三.
#[derive(Clone, Copy)]
struct Cells {
    idx: [u16; Cells::CAP],
    len: u8,
}

impl Cells {
    const CAP: usize = 24;

    fn of(slots: impl IntoIterator<Item = usize>) -> Cells {
        let mut c = Cells {
            idx: [0; Cells::CAP],
            len: 0,
        };
        for i in slots {
            c.idx[usize::from(c.len)] = i as u16;
            c.len += 1;
        }
        c
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.idx[..usize::from(self.len)]
            .iter()
            .map(|&i| usize::from(i))
    }
}

/// One equation: the cells on the `expected` side must add up to the cells on the `actual`
/// side. The finding is attached to `target`, which is one of the `actual` cells.
struct Equation<'g, 'a> {
    rule: Rule,
    grid: &'g Grid<'a>,
    target: usize,
    expected: Cells,
    actual: Cells,
    /// Whether known operands may prove a failure despite blanks. Off where a more specific
    /// rule (T3-COUT) reports that case, so one defect is one error.
    bounds: bool,
}

/// The known sum of one side and how many of its cells could not be read.
struct Side {
    sum: i64,
    unknown: usize,
    /// Some unknown cell holds a value that is not a non-negative integer (a negative
    /// count, say): unlike a blank, it may have made the equation hold, so no bound applies.
    bad: bool,
}

fn side(grid: &Grid<'_>, cells: &Cells) -> Side {
    let mut s = Side {
        sum: 0,
        unknown: 0,
        bad: false,
    };
    for i in cells.iter() {
        match grid.slot(i).val {
            // Values come from untrusted text: saturate rather than overflow.
            Val::Int(v) => s.sum = s.sum.saturating_add(v),
            Val::Missing => s.unknown += 1,
            Val::Bad => {
                s.unknown += 1;
                s.bad = true;
            }
        }
    }
    s
}

impl Equation<'_, '_> {
    /// The finding of this equation at its target: its words are rendered from the rule, the
    /// target cell and `how` when printed ([`Message::Sum`]).
    fn finding(&self, severity: Severity, how: SumFailure) -> Finding {
        let target = self.grid.at(self.target);
        let cells = || self.expected.iter().chain(self.actual.iter());
        // A value whose column was inferred may belong elsewhere: the failure may be the
        // placement's, not the report's, so it is a warning that says so.
        let inferred = cells().any(|i| {
            self.grid
                .slot(i)
                .cell
                .is_some_and(crate::model::Cell::inferred)
        });
        let unsure = inferred && severity == Severity::Error;
        let severity = if unsure { Severity::Warning } else { severity };
        let msg = Message::Sum {
            version: self.grid.version,
            inferred: unsure,
            how,
        };
        // Sized once; the other cells are told apart from the target by slot (one slot is one
        // template cell, so one address): comparing addresses would compare keys as strings.
        let mut operands: Vec<CellRef> =
            Vec::with_capacity(usize::from(self.expected.len + self.actual.len));
        for i in cells() {
            if i != self.target {
                operands.push(self.grid.at(i).r);
            }
        }
        cell_finding(self.rule, severity, &target, msg).operands(operands)
    }

    fn check(&self) -> Option<Finding> {
        let exp = side(self.grid, &self.expected);
        let act = side(self.grid, &self.actual);
        if exp.unknown == 0 && act.unknown == 0 && exp.sum == act.sum {
            return None;
        }
        let (e, a) = (exp.sum, act.sum);
        let finding = match (exp.unknown == 0, act.unknown == 0) {
            (true, true) => self
                .finding(Severity::Error, SumFailure::Unequal)
                .values(Some(e), Some(a)),
            // The blanks can only add (cells are ≥ 0): a known part already above the whole
            // other side fails whatever they hold.
            (false, true) if self.bounds && !exp.bad && e > a => self
                .finding(
                    Severity::Error,
                    SumFailure::ExpectedOver {
                        blank: exp.unknown as u32,
                    },
                )
                .values(Some(e), Some(a)),
            (true, false) if self.bounds && !act.bad && a > e => self
                .finding(
                    Severity::Error,
                    SumFailure::ActualOver {
                        blank: act.unknown as u32,
                    },
                )
                .values(Some(e), Some(a)),
            (exp_known, act_known) => {
                let mut unknown = self
                    .expected
                    .iter()
                    .chain(self.actual.iter())
                    .filter(|&i| !matches!(self.grid.slot(i).val, Val::Int(_)));
                let first: Box<[CellRef]> = unknown
                    .by_ref()
                    .take(SumFailure::NAMED)
                    .map(|i| self.grid.at(i).r)
                    .collect();
                let count = (first.len() + unknown.count()) as u32;
                self.finding(Severity::Info, SumFailure::Unverified { first, count })
                    .values(exp_known.then_some(e), act_known.then_some(a))
            }
        };
        Some(finding)
    }
}

fn check_t3(t3: &Grid<'_>, cout_bound: bool, out: &mut Vec<Finding>) {
    let l = Layout::get(t3.version);

    nonneg(Rule::T3Nonneg, t3, &l.t3_cols, out);

    // T3-SUM7 and T3-ID, per column.
    for (&col, col_key) in l.t3_cols.iter().zip(T3_ALL_COLS) {
        let r7 = t3.index(l.r7, col);
        let sum7 = Equation {
            rule: Rule::T3Sum7,
            grid: t3,
            target: r7,
            expected: Cells::of(l.results.iter().map(|&r| t3.index(r, col))),
            actual: Cells::of([r7]),
            bounds: true,
        };
        out.extend(sum7.check());

        // Attached to r7 so the TUI can jump to the (七) row; cout is an operand. With (七)
        // blank, the only failure T3-ID could still prove is cout > new + cin: T3-COUT says so.
        let r7_unknown = !matches!(t3.slot(r7).val, Val::Int(_));
        let (new, cin, cout) = (
            t3.index(l.new, col),
            t3.index(l.cin, col),
            t3.index(l.cout, col),
        );
        let id = Equation {
            rule: Rule::T3Id,
            grid: t3,
            target: r7,
            expected: Cells::of([new, cin]),
            actual: Cells::of([r7, cout]),
            bounds: !(cout_bound && r7_unknown),
        };
        out.extend(id.check());
        if cout_bound && r7_unknown {
            out.extend(cout_le(t3, col_key, [new, cin, cout]));
        }
    }

    // T3-ROW, per row.
    for row in 0..t3.rows.len() {
        let tot = t3.index(row, l.t3_tot);
        let eq = Equation {
            rule: Rule::T3Row,
            grid: t3,
            target: tot,
            expected: Cells::of(l.t3_parts.iter().map(|&c| t3.index(row, c))),
            actual: Cells::of([tot]),
            bounds: true,
        };
        out.extend(eq.check());
    }
}

/// T3-COUT for a column whose (七) is blank: carried over cannot exceed what there was to handle.
/// Only a definite failure is reported; T3-ID already says the column could not be verified.
/// `cells` are the column's new, carried-in and carried-over slots.
fn cout_le(t3: &Grid<'_>, col: &'static str, cells: [usize; 3]) -> Option<Finding> {
    let [new, cin, cout] = cells;
    let Val::Int(c) = t3.slot(cout).val else {
        return None;
    };
    let (Val::Int(n), Val::Int(i)) = (t3.slot(new).val, t3.slot(cin).val) else {
        return None;
    };
    let bound = n.saturating_add(i);
    if c <= bound {
        return None;
    }
    let cname = col_name(TableId::T3, t3.version, "r7", col);
    // As for the sums: a bound broken by a value whose column was inferred is not verified.
    let inferred = [cout, new, cin]
        .iter()
        .any(|&i| t3.slot(i).cell.is_some_and(crate::model::Cell::inferred));
    let (severity, unsure) = if inferred {
        (
            Severity::Warning,
            "placement inferred, could not verify (位置系推断，无法核实): ",
        )
    } else {
        (Severity::Error, "")
    };
    Some(
        cell_finding(
            Rule::T3Cout,
            severity,
            &t3.at(cout),
            format!(
                "{unsure}四、结转下年度 · {cname}: {c} 超过 本年新收+上年结转 = {bound} / carried over {c} exceeds new + carried in = {bound}"
            ),
        )
        .values(Some(bound), Some(c))
        .operands(vec![t3.at(new).r, t3.at(cin).r]),
    )
}

fn check_t4(t4: &Grid<'_>, out: &mut Vec<Finding>) {
    let l = Layout::get(t4.version);
    nonneg(Rule::T4Nonneg, t4, &l.t4_cols, out);
    for g in 0..t4.rows.len() {
        let tot = t4.index(g, l.t4_tot);
        let eq = Equation {
            rule: Rule::T4Sum,
            grid: t4,
            target: tot,
            expected: Cells::of(l.t4_parts.iter().map(|&c| t4.index(g, c))),
            actual: Cells::of([tot]),
            bounds: true,
        };
        out.extend(eq.check());
    }
}

#[cfg(test)]
mod tests;
