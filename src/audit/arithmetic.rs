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

/// Where the cells the relations read sit in one version's template, and the relations
/// themselves as [`Grid`] slots, found once per process: a grid's slots follow the template
/// ([`Grid::index`]), so every report of a version reads the same slots and only the values
/// differ.
#[derive(Debug)]
struct Layout {
    /// 表三's columns: all seven (`T3_ALL_COLS`), for T3-NONNEG.
    t3_cols: [usize; 7],
    /// 表四's columns: all five (`T4_ALL_COLS`), for T4-NONNEG.
    t4_cols: [usize; 5],
    /// Per column of `T3_ALL_COLS`: T3-SUM7 (the result rows (一) to (六) = （七）总计).
    sum7: [Sides; 7],
    /// Per column of `T3_ALL_COLS`: T3-ID (本年新收 + 上年结转 = （七）总计 + 结转下年度).
    id: [Sides; 7],
    /// Per column of `T3_ALL_COLS`: the 本年新收, 上年结转 and 结转下年度 slots (T3-COUT).
    balance: [[usize; 3]; 7],
    /// Per row of 表三: T3-ROW (the six applicants = 总计).
    t3_rows: Vec<Sides>,
    /// Per row of 表四: T4-SUM (the four results = 总计).
    t4_rows: Vec<Sides>,
}

/// The two sides of one equation as slots; `actual`'s first slot is the finding's target.
#[derive(Debug, Clone, Copy)]
struct Sides {
    expected: Cells,
    actual: Cells,
}

impl Sides {
    fn target(&self) -> usize {
        self.actual.iter().next().expect("a side with a target")
    }
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
        use crate::template::RowDef;
        let t = version.get();
        let row = |rows: &[RowDef], key: &str| {
            crate::template::find_key(rows, key, |r| r.key)
                .unwrap_or_else(|| panic!("no template row {key}"))
                .0
        };
        // Every row of 表三 (of 表四) has the same columns.
        let col = |rows: &[RowDef], key: &str| {
            let (i, _) = rows[0]
                .col(key)
                .unwrap_or_else(|| panic!("no template column {key}"));
            assert!(rows.iter().all(|r| r.col(key).map(|c| c.0) == Some(i)));
            i
        };
        // The slot of template row `r`, column `c`, as `Grid::new` lays slots out.
        let slot = |rows: &[RowDef], r: usize, c: usize| {
            rows[..r].iter().map(|d| d.cols.len()).sum::<usize>() + c
        };
        let (t3, t4) = (t.t3, t.t4);
        let (new, cin, r7, cout) = (
            row(t3, "new"),
            row(t3, "cin"),
            row(t3, "r7"),
            row(t3, "cout"),
        );
        let results: Vec<usize> = t3_groups(version)
            .iter()
            .flat_map(|(_, members)| members.iter().map(|k| row(t3, k)))
            .collect();
        let t3_cols = T3_ALL_COLS.map(|c| col(t3, c));
        let t3_parts = T3_PARTS.map(|c| col(t3, c));
        let t3_tot = col(t3, "tot");
        let t4_parts = T4_PARTS.map(|c| col(t4, c));
        let t4_tot = col(t4, "tot");
        Layout {
            t3_cols,
            t4_cols: T4_ALL_COLS.map(|c| col(t4, c)),
            sum7: t3_cols.map(|c| Sides {
                expected: Cells::of(results.iter().map(|&r| slot(t3, r, c))),
                actual: Cells::of([slot(t3, r7, c)]),
            }),
            id: t3_cols.map(|c| Sides {
                expected: Cells::of([slot(t3, new, c), slot(t3, cin, c)]),
                actual: Cells::of([slot(t3, r7, c), slot(t3, cout, c)]),
            }),
            balance: t3_cols.map(|c| [slot(t3, new, c), slot(t3, cin, c), slot(t3, cout, c)]),
            t3_rows: (0..t3.len())
                .map(|r| Sides {
                    expected: Cells::of(t3_parts.iter().map(|&c| slot(t3, r, c))),
                    actual: Cells::of([slot(t3, r, t3_tot)]),
                })
                .collect(),
            t4_rows: (0..t4.len())
                .map(|r| Sides {
                    expected: Cells::of(t4_parts.iter().map(|&c| slot(t4, r, c))),
                    actual: Cells::of([slot(t4, r, t4_tot)]),
                })
                .collect(),
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
#[derive(Debug, Clone, Copy)]
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
/// side. The finding is attached to the target, the first of the `actual` cells.
struct Equation<'g, 'a> {
    rule: Rule,
    grid: &'g Grid<'a>,
    sides: &'static Sides,
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
        let Sides { expected, actual } = self.sides;
        let target = self.sides.target();
        let cells = || expected.iter().chain(actual.iter());
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
        let mut operands: Vec<CellRef> = Vec::with_capacity(usize::from(expected.len + actual.len));
        for i in cells() {
            if i != target {
                operands.push(self.grid.at(i).r);
            }
        }
        cell_finding(self.rule, severity, &self.grid.at(target), msg).operands(operands)
    }

    fn check(&self) -> Option<Finding> {
        let exp = side(self.grid, &self.sides.expected);
        let act = side(self.grid, &self.sides.actual);
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
                let mut unknown = (self.sides.expected.iter())
                    .chain(self.sides.actual.iter())
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
    for (((sum7, id), balance), col_key) in
        l.sum7.iter().zip(&l.id).zip(&l.balance).zip(T3_ALL_COLS)
    {
        let r7 = sum7.target();
        let eq = Equation {
            rule: Rule::T3Sum7,
            grid: t3,
            sides: sum7,
            bounds: true,
        };
        out.extend(eq.check());

        // Attached to r7 so the TUI can jump to the (七) row; cout is an operand. With (七)
        // blank, the only failure T3-ID could still prove is cout > new + cin: T3-COUT says so.
        let r7_unknown = !matches!(t3.slot(r7).val, Val::Int(_));
        let eq = Equation {
            rule: Rule::T3Id,
            grid: t3,
            sides: id,
            bounds: !(cout_bound && r7_unknown),
        };
        out.extend(eq.check());
        if cout_bound && r7_unknown {
            out.extend(cout_le(t3, col_key, *balance));
        }
    }

    // T3-ROW, per row.
    for row in &l.t3_rows {
        let eq = Equation {
            rule: Rule::T3Row,
            grid: t3,
            sides: row,
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
    for row in &l.t4_rows {
        let eq = Equation {
            rule: Rule::T4Sum,
            grid: t4,
            sides: row,
            bounds: true,
        };
        out.extend(eq.check());
    }
}

#[cfg(test)]
mod tests;
