//! The list filter: a query (`!err`, `!blank` and fuzzy text) and the fuzzy matcher behind a trait.
//!
//! fuzzy-matcher's repository is archived, so the app only knows the [`TextMatcher`] trait; swapping
//! in another matcher (nucleo, frizbee) touches this file alone. Match positions are *char*
//! indices into the haystack (skim returns char indices, which is what highlighting needs for
//! Chinese text; byte indices would land inside a character).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::entry::ListEntry;

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
    /// `!err`: only reports with failed checks (or unreadable).
    pub errors_only: bool,
    /// `!blank`: only reports with missing cells.
    pub blank_only: bool,
    /// The fuzzy part, trimmed.
    pub text: String,
}

impl Query {
    /// `!err` and `!blank` may appear anywhere as whole words; the rest is the fuzzy text.
    pub fn parse(line: &str) -> Query {
        let mut q = Query::default();
        let mut words = Vec::new();
        for w in line.split_whitespace() {
            match w.to_ascii_lowercase().as_str() {
                "!err" | "!errors" => q.errors_only = true,
                "!blank" => q.blank_only = true,
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
        if self.errors_only && entry.failed() == 0 && entry.report()?.error.is_none() {
            return None;
        }
        if self.blank_only && entry.missing() == 0 {
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
        assert!(err.matches(&blank, &m).is_none());
        assert!(err.matches(&clean, &m).is_none());
        assert!(bl.matches(&blank, &m).is_some());
        assert!(bl.matches(&failed, &m).is_none());
    }
}
