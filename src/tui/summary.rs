//! What the report list keeps of a loaded report: enough to draw, count, sort, filter and
//! triage its row, and a small fraction of the report itself.
//!
//! With 10,000 reports loaded the list must not hold 10,000 source texts, tables and finding
//! messages (issue 13: 1 GB resident). A [`Summary`] is made from a full [`Report`] in the
//! loader's worker thread, so only the summary crosses the channel and stays; the full report
//! is read again from its file when the user opens it (`App::report_of`, `Effect::Fetch`),
//! the content hash telling whether the file still holds what was summarised.
//!
//! It also carries what the inbox views made from every report need: the two ratios (sorts,
//! overview), and for cross-year linking the link key and the report's skeleton
//! (`yoy::skeleton`: body, year, 表二 and the few 表三/表四 rows the X-* rules read, no text),
//! so linking X-TWICE, X-CARRY, X-INFORCE/X-ITEMS and X-SPIKE reads no file.

use crate::audit::{ratios, yoy};
use crate::model::{Finding, Report, Severity, TableId, TemplateVersion};
use crate::rules::Rule;

/// A loaded report as the list needs it.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    pub is_report: bool,
    pub body: Option<String>,
    pub year: Option<i32>,
    pub template: Option<TemplateVersion>,
    /// The report's findings, index for index.
    findings: Vec<Brief>,
    /// The findings' keys (`state::finding_keys`), index for index.
    keys: Keys,
    /// How many findings come before the cross-year ones (X-*, always last: see
    /// [`Summary::set_cross`]).
    base: usize,
    /// 实质公开率 and 复议纠错率 (`audit::ratios`).
    pub ratios: (Option<f64>, Option<f64>),
    /// What reports are linked across years on: the normalised body name and the year, for a
    /// readable annual report that names both (`yoy::body_key`).
    link_key: Option<(String, i32)>,
    /// What linking compares (`yoy::skeleton`), for a report with a link key only.
    skeleton: Option<Box<yoy::Skeleton>>,
}

/// A finding as the list needs it: what it counts as, its rule (the `rule:` filter), and the
/// cell it names (a reload lists the findings that went away by rule and cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Brief {
    rule: Rule,
    severity: Severity,
    table: Option<TableId>,
    row: Option<&'static str>,
    column: Option<&'static str>,
}

/// Many short strings stored end to end: 150 keys of a report full of blank cells are two
/// allocations, not 150.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Keys {
    text: String,
    ends: Vec<u32>,
}

impl Brief {
    fn of(f: &Finding) -> Brief {
        Brief {
            rule: f.rule,
            severity: f.severity,
            table: f.table,
            row: f.row,
            column: f.column,
        }
    }
}

impl Keys {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|i| self.get(i))
    }
}

impl Summary {
    /// The summary of `report`.
    pub fn of(report: &Report) -> Summary {
        let keys = crate::state::finding_keys(&report.findings);
        let mut packed = Keys {
            text: String::with_capacity(keys.iter().map(String::len).sum()),
            ends: Vec::with_capacity(keys.len()),
        };
        for k in &keys {
            packed.text.push_str(k);
            packed.ends.push(packed.text.len() as u32);
        }
        let link_key = match (&report.body, report.year) {
            (Some(body), Some(year)) if report.error.is_none() && report.is_report => {
                Some((yoy::body_key(body), year)).filter(|(k, _)| !k.is_empty())
            }
            _ => None,
        };
        Summary {
            error: report.error.clone(),
            is_report: report.is_report,
            body: report.body.clone(),
            year: report.year,
            template: report.template,
            findings: report.findings.iter().map(Brief::of).collect(),
            keys: packed,
            base: report
                .findings
                .iter()
                .position(super::entry::is_cross_year)
                .unwrap_or(report.findings.len()),
            ratios: (
                ratios::disclosure_rate(report),
                ratios::correction_rate(report),
            ),
            skeleton: link_key.is_some().then(|| Box::new(yoy::skeleton(report))),
            link_key,
        }
    }

    /// Puts `cross` in place of the cross-year findings (X-*) this summary had: what linking
    /// the inbox found for the report (see `ListEntry::set_links`).
    pub fn set_cross(&mut self, cross: &[Finding]) {
        self.findings.truncate(self.base);
        let end = self.base.checked_sub(1).map_or(0, |i| self.keys.ends[i]);
        self.keys.ends.truncate(self.base);
        self.keys.text.truncate(end as usize);
        // Keys are numbered per rule and cell; no X-* rule is among the others, so the
        // cross-year findings' keys are those of the findings alone.
        for k in crate::state::finding_keys(cross) {
            self.keys.text.push_str(&k);
            self.keys.ends.push(self.keys.text.len() as u32);
        }
        self.findings.extend(cross.iter().map(Brief::of));
    }

    /// The normalised body and year the report is linked on, if it can be linked.
    pub fn link_key(&self) -> Option<(&str, i32)> {
        self.link_key.as_ref().map(|(k, y)| (k.as_str(), *y))
    }

    /// What linking compares of the report (`yoy::skeleton`), when it has a link key.
    pub fn skeleton(&self) -> Option<&yoy::Skeleton> {
        self.skeleton.as_deref()
    }

    /// How many findings the report has.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// The key of finding `i` (`state::finding_keys`).
    pub fn key(&self, i: usize) -> Option<&str> {
        self.keys.get(i)
    }

    /// Every finding's key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter()
    }

    /// The rule of finding `i`.
    pub fn rule(&self, i: usize) -> Option<Rule> {
        self.findings.get(i).map(|b| b.rule)
    }

    /// Rule and severity of every finding, in order.
    pub fn kinds(&self) -> impl Iterator<Item = (Rule, Severity)> + '_ {
        self.findings.iter().map(|b| (b.rule, b.severity))
    }

    /// Finding `i` as far as the summary knows it: rule, severity and cell, no message or
    /// values (what the report view shows of a finding that went away).
    pub fn finding(&self, i: usize) -> Option<Finding> {
        let b = self.findings.get(i)?;
        let f = Finding::new(b.rule, b.severity, "");
        Some(match b.table {
            Some(t) => f.at(t, b.row, b.column),
            None => f,
        })
    }

    /// Bytes this summary holds, its own size included (an estimate: the allocator's rounding
    /// and bookkeeping come on top).
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Summary>()
            + self.error.as_ref().map_or(0, String::capacity)
            + self.body.as_ref().map_or(0, String::capacity)
            + self.findings.capacity() * std::mem::size_of::<Brief>()
            + self.keys.text.capacity()
            + self.keys.ends.capacity() * std::mem::size_of::<u32>()
            + self.link_key.as_ref().map_or(0, |(k, _)| k.capacity())
            + self.skeleton.as_deref().map_or(0, yoy::Skeleton::bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_summary_keeps_each_findings_key_rule_and_cell_and_nothing_of_the_text() {
        let mut r = Report::empty(PathBuf::from("r.txt"));
        r.is_report = true;
        r.body = Some("兰州市人民政府".into());
        r.year = Some(2020);
        r.lines = ["第一行", "第二行"].into_iter().collect();
        r.findings = vec![
            Finding::new(Rule::CBlank, Severity::Error, "表三 空白").at(
                TableId::T3,
                Some("r7"),
                Some("np"),
            ),
            Finding::new(Rule::PUnit, Severity::Warning, "单位"),
        ];
        let s = Summary::of(&r);
        let keys = crate::state::finding_keys(&r.findings);
        assert_eq!(s.keys().collect::<Vec<_>>(), keys);
        assert_eq!(s.key(1), Some(keys[1].as_str()));
        assert_eq!(s.key(2), None);
        assert_eq!(s.rule(0), Some(Rule::CBlank));
        let gone = s.finding(0).unwrap();
        assert_eq!(gone.cell(), r.findings[0].cell());
        assert_eq!(gone.severity, Severity::Error);
        assert_eq!(s.body.as_deref(), Some("兰州市人民政府"));
        // The text, the tables and the messages stay behind: what is left is under a kilobyte,
        // most of it the empty shell of the skeleton linking reads (`yoy::skeleton`).
        assert_eq!(s.link_key(), Some(("兰州市人民政府", 2020)));
        // The skeleton (which has no place for text) is kept for linking.
        assert!(s.skeleton().is_some_and(|k| k.year == Some(2020)));
        assert!(s.bytes() < 1024, "{}", s.bytes());
    }
}
