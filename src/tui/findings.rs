//! The findings pane's items: every finding, errors first, with missing cells grouped.
//!
//! A report with a blank 表三 has a C-BLANK finding per cell (161 of them); listing each would
//! bury the arithmetic failures, and `n` would need 161 presses to get past them. C-BLANK findings
//! of one table are therefore one item ("148 missing cells"), placed where the first one was.

use crate::model::{Finding, Report, TableId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingGroup {
    /// Indices into `Report::findings`; the first is the one the cursor jumps to.
    pub findings: Vec<usize>,
}

impl FindingGroup {
    pub fn first<'r>(&self, report: &'r Report) -> Option<&'r Finding> {
        self.findings.first().and_then(|&i| report.findings.get(i))
    }

    pub fn is_group(&self) -> bool {
        self.findings.len() > 1
    }
}

/// Items in display order: by severity (errors first), then in the auditor's order.
pub fn items(report: &Report) -> Vec<FindingGroup> {
    let mut order: Vec<usize> = (0..report.findings.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(report.findings[i].severity));
    let mut items: Vec<FindingGroup> = Vec::new();
    let mut blank_group: Vec<(Option<TableId>, usize)> = Vec::new();
    for i in order {
        let f = &report.findings[i];
        if f.rule == "C-BLANK" {
            if let Some((_, item)) = blank_group.iter().find(|(t, _)| *t == f.table) {
                items[*item].findings.push(i);
                continue;
            }
            blank_group.push((f.table, items.len()));
        }
        items.push(FindingGroup { findings: vec![i] });
    }
    items
}

/// `表三 (七)总计/总计`: where a finding points, with the template's short labels.
pub fn location(report: &Report, f: &Finding) -> String {
    let Some(table) = f.table else {
        return String::new();
    };
    let mut s = table.short().to_string();
    let row = f
        .row
        .and_then(|r| report.tables.get(table).and_then(|t| t.row(r)));
    match (f.row, row) {
        (_, Some(r)) => {
            s.push(' ');
            s.push_str(r.def.short);
            if let Some((_, c)) = f.column.and_then(|c| r.def.col(c)) {
                s.push('/');
                s.push_str(c.short);
            }
        }
        (Some(key), None) => {
            s.push(' ');
            s.push_str(key);
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::Rule;
    use std::path::PathBuf;

    #[test]
    fn errors_come_first_and_blanks_of_a_table_are_one_item() {
        let mut r = Report::empty(PathBuf::from("x"));
        let blank = |row| {
            Finding::new(Rule::CBlank, Severity::Error, "").at(TableId::T3, Some(row), Some("np"))
        };
        r.findings = vec![
            Finding::new(Rule::PUnit, Severity::Warning, ""),
            blank("r1"),
            Finding::new(Rule::T3Id, Severity::Error, ""),
            blank("r2"),
            Finding::new(Rule::CBlank, Severity::Error, "").at(
                TableId::T4,
                Some("rv"),
                Some("fix"),
            ),
            blank("r3_1"),
        ];
        let got: Vec<Vec<usize>> = items(&r).into_iter().map(|i| i.findings).collect();
        assert_eq!(got, vec![vec![1, 3, 5], vec![2], vec![4], vec![0]]);
    }
}
