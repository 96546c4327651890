//! Cell placement: the cells that follow a row label are placed by position; when a row has
//! fewer cells than columns and the layout does not show the gaps, the placement is inferred and
//! marked. Cells after a missing label are spread over the rows in between.

use super::super::tokens::{Kind, TokenView};
use super::keywords::Anchor;
use crate::model::{Cell, Finding, Placed, Severity, Table};
use crate::rules::Rule;

/// Where the cells of a row (or of several rows whose labels are missing) go.
pub(super) struct Placement {
    /// Row after row, per column: the token index of the cell, or None.
    pub(super) cells: Vec<Option<usize>>,
    pub(super) ncols: usize,
    /// The row whose placement was inferred, if any (only the last row with cells can be).
    pub(super) inferred: Option<usize>,
}

impl Placement {
    /// The columns of row `j`.
    pub(super) fn row(&self, j: usize) -> &[Option<usize>] {
        &self.cells[j * self.ncols..(j + 1) * self.ncols]
    }

    pub(super) fn inferred(&self, j: usize) -> bool {
        self.inferred == Some(j)
    }

    /// How the cells of row `j` were placed, when its own label was read (`labelled`).
    pub(super) fn placed(&self, j: usize, labelled: bool) -> Placed {
        match (self.inferred(j), labelled) {
            (true, _) => Placed::Inferred,
            (false, true) => Placed::Read,
            (false, false) => Placed::Position,
        }
    }
}

/// Columns for a short row of bare values whose layout does not show the gaps.
pub(super) type LoneRule = fn(n_values: usize) -> Option<&'static [usize]>;

pub(super) fn t3_lone(n: usize) -> Option<&'static [usize]> {
    // Reports written this way fill 总计, or 自然人 and 总计 (seed 000's style): domain.md §8.
    match n {
        1 => Some(&[6]),
        2 => Some(&[0, 6]),
        _ => None,
    }
}

pub(super) fn t4_lone(n: usize) -> Option<&'static [usize]> {
    match n {
        3 => Some(&[4, 9, 14]),
        _ => None,
    }
}

pub(super) fn no_lone(_: usize) -> Option<&'static [usize]> {
    None
}

/// Places `cells` in `k` rows of `ncols` columns.
pub(super) fn place(
    tokens: &TokenView,
    cells: &[usize],
    ncols: usize,
    k: usize,
    lone: LoneRule,
) -> Placement {
    let need = ncols * k;
    let mut p = Placement {
        cells: vec![None; need],
        ncols,
        inferred: None,
    };
    let is_value = |i: &usize| matches!(tokens[*i].kind, Kind::Value(_));
    if cells.len() >= need {
        // Extra cells are row terminators, spanned header cells or trailing notes: take the
        // window holding the most values, the earliest on a tie.
        let mut best = (0usize, 0usize);
        for s in 0..=(cells.len() - need) {
            let v = cells[s..s + need].iter().filter(|i| is_value(i)).count();
            if v > best.1 {
                best = (s, v);
            }
        }
        for (slot, &c) in p.cells.iter_mut().zip(&cells[best.0..best.0 + need]) {
            *slot = Some(c);
        }
        return p;
    }
    let full = cells.len() / ncols;
    for (slot, &c) in p.cells.iter_mut().zip(&cells[..full * ncols]) {
        *slot = Some(c);
    }
    let rest = &cells[full * ncols..];
    if !rest.is_empty() {
        let r = full;
        p.inferred = Some(r);
        let row = &mut p.cells[r * ncols..(r + 1) * ncols];
        let all_values = rest.iter().all(is_value);
        match lone(rest.len()).filter(|_| all_values) {
            Some(cols) => {
                for (&c, &col) in rest.iter().zip(cols) {
                    row[col] = Some(c);
                }
            }
            None => {
                for (j, &c) in rest.iter().enumerate() {
                    row[j] = Some(c);
                }
            }
        }
    }
    p
}

pub(super) fn cell_from(tokens: &TokenView, idx: Option<usize>, placed: Placed) -> Cell {
    let Some(i) = idx else {
        return Cell::default();
    };
    let t = &tokens[i];
    Cell {
        // Copied directly: `to_string` would go through the formatter.
        raw: String::from(tokens.raw(t)),
        value: match &t.kind {
            Kind::Value(n) => Some(n.number()),
            _ => None,
        },
        line: Some(t.line),
        placed,
        unreadable: false,
    }
}

pub(super) fn distribute(
    tokens: &TokenView,
    anchors: &[Anchor],
    cells: &[usize],
    table: &mut Table,
    n_rows: usize,
    lone: LoneRule,
    findings: &mut Vec<Finding>,
) {
    let id = table.id;
    for (ai, a) in anchors.iter().enumerate() {
        let end = anchors.get(ai + 1).map_or(n_rows, |n| n.row).max(a.row + 1);
        // After the last label, take as many rows as there are full rows of cells (a missing
        // `四、结转下年度` label), never fewer than one.
        let k = if ai + 1 == anchors.len() {
            (a.cells.len() / table.rows[a.row].def.cols.len()).clamp(1, n_rows - a.row)
        } else {
            end - a.row
        };
        let anchor_label = table.rows[a.row].def.label;
        let ncols = table.rows[a.row].def.cols.len();
        let p = place(tokens, &cells[a.cells.clone()], ncols, k, lone);
        for j in 0..k {
            let cols = p.row(j);
            let row = &mut table.rows[a.row + j];
            let got_any = cols.iter().any(Option::is_some);
            if j == 0 {
                row.label_line = Some(a.line);
            } else if got_any {
                row.label_line = cols.iter().flatten().next().map(|i| tokens[*i].line);
                findings.push(
                    Finding::new(
                        Rule::CInferred,
                        Severity::Warning,
                        format!(
                            "{} {}: row label not found; its values were taken by position after {}",
                            id.short(),
                            row.def.label,
                            anchor_label
                        ),
                    )
                    .at(id, Some(row.def.key), None)
                    .line(row.label_line),
                );
            }
            let row = &mut table.rows[a.row + j];
            for (c, idx) in cols.iter().enumerate() {
                row.cells[c] = cell_from(tokens, *idx, p.placed(j, j == 0));
            }
            if p.inferred(j) {
                let n = cols.iter().flatten().count();
                let placed: Vec<&str> = cols
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_some())
                    .map(|(i, _)| row.def.cols[i].label)
                    .collect();
                findings.push(
                    Finding::new(
                        Rule::CInferred,
                        Severity::Warning,
                        format!(
                            "{} {}: {} value(s) for {} columns and the layout does not show which; placed in {} (inferred)",
                            id.short(),
                            row.def.label,
                            n,
                            ncols,
                            placed.join("、")
                        ),
                    )
                    .at(id, Some(row.def.key), None)
                    .line(row.label_line),
                );
            }
        }
    }
}
