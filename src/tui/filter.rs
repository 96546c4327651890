//! The list filter: a query (`!err`, `!blank`, triage tokens, `rule:` and fuzzy text) and the fuzzy matcher behind a trait.
//!
//! fuzzy-matcher's repository is archived, so the app only knows the [`TextMatcher`] trait; swapping
//! in another matcher (nucleo, frizbee) touches this file alone. Match positions are *char*
//! indices into the haystack (skim returns char indices, which is what highlighting needs for
//! Chinese text; byte indices would land inside a character).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::entry::ListEntry;
use crate::state::Status;

/// Fuzzy matching: a score (higher is better) and the matched char indices, or `None`.
pub trait TextMatcher {
    fn fuzzy(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)>;
}

/// The skim algorithm (smart case: lower-case queries ignore case).
pub struct Skim(SkimMatcherV2);

impl Default for Skim {
    fn default() -> Self {
        Skim(SkimMatcherV2::default().smart_case())
    }
}

impl TextMatcher for Skim {
    fn fuzzy(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(haystack, needle)
    }
}

/// A parsed filter line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// `!err`: only reports with errors (failed checks or missing cells, as `check` counts).
    pub errors_only: bool,
    /// `!blank`: only reports with missing cells.
    pub blank_only: bool,
    /// `!warn`: only reports with warnings.
    pub warn_only: bool,
    /// `!todo` (unreviewed), `!fix`, `!ok`, `!rej`: only reports with that status.
    pub status: Option<Status>,
    /// `rule:T3-SUM7`: only reports with an open finding of that rule (id, any case).
    pub rule: Option<String>,
    /// What was wrong with the line (an unknown `!` token); the token is ignored, the filter
    /// line shows this.
    pub error: Option<String>,
    /// The fuzzy part, trimmed.
    pub text: String,
}

/// The `!` tokens, for the help and the error message.
pub const TOKENS: &str = "!err !blank !warn !todo !fix !ok !rej rule:ID";

impl Query {
    /// Tokens may appear anywhere as whole words; the rest is the fuzzy text.
    pub fn parse(line: &str) -> Query {
        let mut q = Query::default();
        let mut words = Vec::new();
        for w in line.split_whitespace() {
            let lower = w.to_ascii_lowercase();
            match lower.as_str() {
                "!err" | "!errors" => q.errors_only = true,
                "!blank" => q.blank_only = true,
                "!warn" => q.warn_only = true,
                "!todo" => q.status = Some(Status::Unreviewed),
                "!fix" => q.status = Some(Status::NeedsFix),
                "!ok" => q.status = Some(Status::Accepted),
                "!rej" => q.status = Some(Status::Rejected),
                // A lone `!` is probably still being typed.
                "!" => {}
                _ if lower.starts_with('!') => {
                    q.error = Some(format!("unknown filter {w}: use {TOKENS}"));
                }
                _ if lower.starts_with("rule:") && w.len() > 5 => {
                    q.rule = Some(w[5..].to_ascii_uppercase());
                }
                _ => words.push(w),
            }
        }
        q.text = words.join(" ");
        q
    }

    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// `None` when `entry` is filtered out; otherwise its fuzzy score and the matched char
    /// indices into [`ListEntry::haystack`] (empty when there is no fuzzy text).
    pub fn matches(&self, entry: &ListEntry, m: &dyn TextMatcher) -> Option<(i64, Vec<usize>)> {
        if self.errors_only && !entry.has_errors() {
            return None;
        }
        if self.blank_only && entry.missing() == 0 {
            return None;
        }
        if self.warn_only && entry.warnings() == 0 {
            return None;
        }
        if let Some(s) = self.status
            && (entry.triage != s || !entry.is_report())
        {
            return None;
        }
        if let Some(rule) = &self.rule
            && !entry.has_open(rule)
        {
            return None;
        }
        if self.text.is_empty() {
            return Some((0, Vec::new()));
        }
        m.fuzzy(entry.haystack(), &self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Report, Severity};
    use crate::rules::Rule;
    use std::path::PathBuf;

    fn entry(path: &str, body: &str, findings: Vec<Finding>) -> ListEntry {
        let mut r = Report::empty(PathBuf::from(path));
        r.is_report = true;
        r.body = Some(body.to_string());
        r.year = Some(2020);
        r.findings = findings;
        ListEntry::loaded(r, None)
    }

    #[test]
    fn prefixes_are_flags_and_the_rest_is_fuzzy_text() {
        let q = Query::parse("!err  鄂城 2020");
        assert!(q.errors_only && !q.blank_only);
        assert_eq!(q.text, "鄂城 2020");
        assert!(Query::parse("!blank").blank_only);
        assert!(Query::parse("  ").is_empty());
    }

    #[test]
    fn fuzzy_matches_chinese_and_returns_char_indices() {
        let e = entry("r/002.txt", "鄂州市鄂城区人民政府", vec![]);
        let (_, idx) = Query::parse("鄂城").matches(&e, &Skim::default()).unwrap();
        let hay: Vec<char> = e.haystack().chars().collect();
        let picked: String = idx.iter().map(|&i| hay[i]).collect();
        assert_eq!(picked, "鄂城");
        assert!(Query::parse("兰州").matches(&e, &Skim::default()).is_none());
    }

    #[test]
    fn triage_tokens_filter_by_status_rule_and_warnings_and_unknown_ones_are_errors() {
        let mut fix = entry(
            "a",
            "x",
            vec![Finding::new(Rule::T3Id, Severity::Error, "")],
        );
        fix.triage = Status::NeedsFix;
        let warn = entry(
            "b",
            "x",
            vec![Finding::new(Rule::PUnit, Severity::Warning, "")],
        );
        let m = Skim::default();
        let q = |s: &str| Query::parse(s);
        assert!(q("!fix").matches(&fix, &m).is_some());
        assert!(q("!fix").matches(&warn, &m).is_none());
        assert!(q("!todo").matches(&warn, &m).is_some());
        assert!(q("!todo").matches(&fix, &m).is_none());
        assert!(q("!ok").matches(&fix, &m).is_none());
        assert!(q("!warn").matches(&warn, &m).is_some());
        assert!(q("!warn").matches(&fix, &m).is_none());
        assert!(q("rule:t3-id").matches(&fix, &m).is_some());
        assert!(q("rule:T3-ID").matches(&warn, &m).is_none());
        let bad = q("!nope 2020");
        assert_eq!(
            bad.error.as_deref(),
            Some("unknown filter !nope: use !err !blank !warn !todo !fix !ok !rej rule:ID")
        );
        assert_eq!(bad.text, "2020");
        assert!(q("!").error.is_none());
    }

    #[test]
    fn err_and_blank_keep_only_the_matching_reports() {
        let failed = entry(
            "a",
            "x",
            vec![Finding::new(Rule::T3Id, Severity::Error, "")],
        );
        let blank = entry(
            "b",
            "x",
            vec![Finding::new(Rule::CBlank, Severity::Error, "")],
        );
        let clean = entry("c", "x", vec![]);
        let m = Skim::default();
        let err = Query::parse("!err");
        let bl = Query::parse("!blank");
        assert!(err.matches(&failed, &m).is_some());
        // Missing cells are errors, as `check` counts them.
        assert!(err.matches(&blank, &m).is_some());
        assert!(err.matches(&clean, &m).is_none());
        assert!(bl.matches(&blank, &m).is_some());
        assert!(bl.matches(&failed, &m).is_none());
    }
}
