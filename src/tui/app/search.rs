//! `/` in the report and source views: search text, then `n`/`N` to the next or previous
//! match, as in less.
//!
//! The source view searches the report's lines; the report view searches the grid's row labels
//! and the findings' messages, and moves the grid cursor or the findings selection to the
//! match. Both search the sanitised text (what is on screen), case-sensitively, wrapping round
//! the end with a "search wrapped" message. While a search is active `n`/`N` go to matches
//! instead of findings, and Esc ends the search first (the next Esc leaves the view), so the
//! keys a user knows from less keep their meaning without taking a finding key away.

use std::time::Instant;

use tui_textarea::TextArea;

use super::super::action::Action;
use super::super::layout;
use super::{App, Overlay, Pane, ScreenKind, row_starts, text_width};

/// The char indices of `line` covered by occurrences of `needle` (non-overlapping).
pub fn find_all(line: &str, needle: &str) -> Vec<usize> {
    let hay: Vec<char> = line.chars().collect();
    let needle: Vec<char> = needle.chars().collect();
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            out.extend(i..i + needle.len());
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The first index matching `hit` from `start` going `forward` (or back) through `0..n`,
/// wrapping round; true when it wrapped.
fn next_from(
    n: usize,
    start: usize,
    forward: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<(usize, bool)> {
    (0..n)
        .map(|k| {
            if forward {
                ((start + k) % n, start + k >= n)
            } else {
                ((start + n - k % n) % n, k > start)
            }
        })
        .find(|&(i, _)| hit(i))
}

/// Where the search starts for Enter (this target), `n` (the one after) and `N` (before).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Here,
    Next,
    Prev,
}

impl App {
    /// `/`, `n`/`N` and Esc while a search is active, in the report and source views. True when
    /// the action was a search key.
    pub(super) fn search_key(&mut self, action: &Action, now: Instant) -> bool {
        let active = self.search_text().is_some();
        match action {
            Action::Filter => {
                self.search_input = TextArea::default();
                self.overlay = Overlay::Search;
            }
            Action::NextFinding if active => self.search_step(Step::Next, now),
            Action::PrevFinding if active => self.search_step(Step::Prev, now),
            Action::Back if active => self.set_search(None),
            _ => return false,
        }
        true
    }

    /// Keys while the search is being typed.
    pub(super) fn update_search_input(&mut self, action: Action, now: Instant) {
        match action {
            Action::SearchGo => {
                self.overlay = Overlay::None;
                let text = self.search_input.lines().join(" ");
                if text.is_empty() {
                    self.set_search(None);
                    return;
                }
                self.set_search(Some(text));
                self.search_step(Step::Here, now);
            }
            Action::SearchCancel => self.overlay = Overlay::None,
            Action::Input(input) => {
                self.search_input.input(input);
            }
            _ => {}
        }
    }

    /// The active search of the current screen.
    pub fn search_text(&self) -> Option<&str> {
        match self.screen {
            ScreenKind::Source => self.source.as_ref()?.search.as_deref(),
            ScreenKind::Report => self.report.as_ref()?.search.as_deref(),
            ScreenKind::List | ScreenKind::Overview => None,
        }
    }

    fn set_search(&mut self, text: Option<String>) {
        match self.screen {
            ScreenKind::Source => {
                if let Some(sv) = self.source.as_mut() {
                    sv.search = text;
                    sv.hit = None;
                }
            }
            ScreenKind::Report => {
                if let Some(rv) = self.report.as_mut() {
                    rv.search = text;
                }
            }
            ScreenKind::List | ScreenKind::Overview => {}
        }
    }

    fn search_step(&mut self, step: Step, now: Instant) {
        let Some(text) = self.search_text().map(str::to_string) else {
            return;
        };
        let found = match self.screen {
            ScreenKind::Source => self.search_source(&text, step),
            ScreenKind::Report => self.search_report(&text, step),
            ScreenKind::List | ScreenKind::Overview => return,
        };
        match found {
            None => self.flash(format!("not found: {text}"), now),
            Some(true) => self.flash("search wrapped", now),
            Some(false) => self.message = None,
        }
    }

    /// Moves the source view to the next line holding `text`; `Some(wrapped)` when found.
    fn search_source(&mut self, text: &str, step: Step) -> Option<bool> {
        let area = self.area();
        let sv = self.source.as_ref()?;
        let report = self.report_of(&sv.path)?;
        let lines: Vec<String> = report.lines.iter().map(crate::sanitize::clean).collect();
        let n = lines.len();
        if n == 0 {
            return None;
        }
        let cur = sv.hit.unwrap_or(sv.focus).min(n - 1);
        let (start, forward) = match step {
            Step::Here => (cur, true),
            Step::Next => ((cur + 1) % n, true),
            Step::Prev => ((cur + n - 1) % n, false),
        };
        let (line, wrapped) = next_from(n, start, forward, |i| lines[i].contains(text))?;
        // Passing the end of the text while stepping from the last line counts as wrapping.
        let wrapped = wrapped || (step == Step::Next && cur + 1 == n && line <= cur);
        let wrapped = wrapped || (step == Step::Prev && cur == 0 && line >= cur);
        let body = layout::source(area).body;
        let body_h = body.height as usize;
        let starts = row_starts(
            &lines[line],
            text_width(body.width, !report.pages.is_empty()),
        );
        let first = find_all(&lines[line], text).first().copied().unwrap_or(0);
        let row = starts.iter().rposition(|&s| s <= first).unwrap_or(0);
        let (top, skip) = if starts.len() > body_h / 2 && row > body_h / 3 {
            (line, row - body_h / 3)
        } else {
            (line.saturating_sub(body_h / 3), 0)
        };
        let sv = self.source.as_mut()?;
        sv.hit = Some(line);
        sv.top = top;
        sv.skip = skip;
        Some(wrapped)
    }

    /// Moves the report view's grid cursor or findings selection to the next row label or
    /// finding message holding `text`; `Some(wrapped)` when found.
    fn search_report(&mut self, text: &str, step: Step) -> Option<bool> {
        let rv = self.report.as_ref()?;
        let report = self.report_of(&rv.path)?;
        // Every place a search can land, in screen order: grid rows, then findings.
        let mut places: Vec<(Pane, usize, bool)> = rv
            .grid
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_row())
            .map(|(i, _)| {
                let label = rv.grid.labels.get(i).map_or("", String::as_str);
                (Pane::Grid, i, label.contains(text))
            })
            .collect();
        places.extend(rv.items.iter().enumerate().map(|(i, item)| {
            let hit = item
                .findings
                .iter()
                .filter_map(|&f| report.findings.get(f))
                .any(|f| crate::sanitize::clean(&f.message()).contains(text));
            (Pane::Findings, i, hit)
        }));
        let n = places.len();
        if n == 0 {
            return None;
        }
        let here = match rv.focus {
            Pane::Grid => rv.line,
            Pane::Findings => rv.item,
        };
        let cur = places
            .iter()
            .position(|&(p, i, _)| p == rv.focus && i == here)
            .unwrap_or(0);
        let (start, forward) = match step {
            Step::Here => (cur, true),
            Step::Next => ((cur + 1) % n, true),
            Step::Prev => ((cur + n - 1) % n, false),
        };
        let (at, wrapped) = next_from(n, start, forward, |i| places[i].2)?;
        let wrapped = wrapped || (step == Step::Next && cur + 1 == n && at <= cur);
        let wrapped = wrapped || (step == Step::Prev && cur == 0 && at >= cur);
        let (pane, i, _) = places[at];
        match pane {
            Pane::Grid => {
                let rv = self.report.as_mut()?;
                rv.line = i;
                rv.focus = Pane::Grid;
                self.clamp_col();
                self.follow_report();
            }
            Pane::Findings => {
                self.jump_to_item(i);
                self.report.as_mut()?.focus = Pane::Findings;
            }
        }
        Some(wrapped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_cover_every_char_of_each_match() {
        assert_eq!(find_all("申请 申请人", "申请"), vec![0, 1, 3, 4]);
        assert_eq!(find_all("aaa", "aa"), vec![0, 1]);
        assert_eq!(find_all("无", "有"), Vec::<usize>::new());
        assert_eq!(find_all("abc", ""), Vec::<usize>::new());
    }

    #[test]
    fn stepping_wraps_round_and_says_so() {
        let hits = [false, true, false, true];
        assert_eq!(next_from(4, 2, true, |i| hits[i]), Some((3, false)));
        assert_eq!(next_from(4, 0, true, |i| hits[i]), Some((1, false)));
        assert_eq!(next_from(4, 2, false, |i| hits[i]), Some((1, false)));
        assert_eq!(next_from(4, 0, false, |i| hits[i]), Some((3, true)));
        assert_eq!(next_from(4, 0, true, |_| false), None);
        // From the last place forward, the first match is found by wrapping.
        assert_eq!(next_from(4, 3, true, |i| i == 1), Some((1, true)));
    }
}
