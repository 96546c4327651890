//! The report list: filtering, sorting, the cursor, and opening a report from it.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Instant;

use super::super::action::Action;
use super::super::entry::ListEntry;
use super::super::filter::Query;
use super::super::findings;
use super::super::layout;
use super::{App, Overlay, Visible, line_of, single_line_input};

impl App {
    /// Re-filters the list if entries changed, keeping the selection on its path. Before the
    /// user moves (reports still arriving) and when asked ([`ListView::resort`]) it sorts
    /// afresh; otherwise rows keep the order last shown and the ones a fresh sort would move
    /// are marked.
    ///
    /// [`ListView::resort`]: super::ListView::resort
    pub fn settle(&mut self) {
        self.relink();
        if !self.inbox.dirty {
            return;
        }
        self.inbox.dirty = false;
        let mut vis: Vec<(i64, Visible)> = self
            .inbox
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let (score, matched) = self.list.query.matches(e, self.list.matcher.as_ref())?;
                Some((
                    score,
                    Visible {
                        entry: i,
                        matched,
                        moved: false,
                    },
                ))
            })
            .collect();
        let sort = self.list.sort;
        let reverse = self.list.reverse;
        let entries = &self.inbox.entries;
        vis.sort_by(|(sa, a), (sb, b)| {
            let by = sort.compare(&entries[a.entry], &entries[b.entry]);
            sb.cmp(sa).then(if reverse { by.reverse() } else { by })
        });
        let mut visible: Vec<Visible> = vis.into_iter().map(|(_, v)| v).collect();
        let stable = self.list.user_moved && !self.list.resort;
        self.list.resort = false;
        if stable {
            // By the paths' bytes: the order holds clones of the entries' own paths, and
            // hashing a `Path` walks its components.
            let shown: HashMap<&OsStr, usize> = self
                .list
                .order
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_os_str(), i))
                .collect();
            let rank = |v: &Visible| {
                shown
                    .get(entries[v.entry].path.as_os_str())
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            // Rows already shown keep their order among the slots they hold in a fresh sort;
            // new rows take their sorted places between them.
            let fresh: Vec<usize> = visible.iter().map(|v| v.entry).collect();
            let is_known = |v: &Visible| rank(v) != usize::MAX;
            let mut known: Vec<Visible> = visible.iter().filter(|v| is_known(v)).cloned().collect();
            known.sort_by_cached_key(|v| rank(v));
            let mut known = known.into_iter();
            visible = visible
                .into_iter()
                .map(|v| {
                    if is_known(&v) {
                        known.next().unwrap_or(v)
                    } else {
                        v
                    }
                })
                .collect();
            for (i, v) in visible.iter_mut().enumerate() {
                v.moved = fresh[i] != v.entry;
            }
        }
        self.list.order = visible
            .iter()
            .map(|v| self.inbox.entries[v.entry].path.clone())
            .collect();
        self.list.visible = visible;
        if self.cursor().is_none() || !self.list.user_moved {
            self.list.selected = self
                .list
                .visible
                .first()
                .map(|v| self.inbox.entries[v.entry].path.clone());
        }
        self.follow_list();
    }

    /// Sorts the list afresh at the next `settle`.
    pub(super) fn resort(&mut self) {
        self.list.resort = true;
        self.inbox.dirty = true;
        self.settle();
    }

    pub(super) fn list_rows(&self) -> usize {
        let filter_line = self.filtering() || !self.list.query.is_empty();
        layout::list(self.area(), filter_line).rows.height as usize
    }

    pub(super) fn follow_list(&mut self) {
        let rows = self.list_rows().max(1);
        let cur = self.cursor().unwrap_or(0);
        if cur < self.list.offset {
            self.list.offset = cur;
        } else if cur >= self.list.offset + rows {
            self.list.offset = cur + 1 - rows;
        }
        let max_offset = self.list.visible.len().saturating_sub(rows);
        self.list.offset = self.list.offset.min(max_offset);
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        match action {
            Action::FilterKeep => self.overlay = Overlay::None,
            Action::FilterClear => self.clear_filter(),
            Action::Down | Action::Up => self.move_list(action),
            Action::Input(input) => {
                self.list.filter_input.input(input);
                let text = self.list.filter_input.lines().join(" ");
                self.list.query = Query::parse(&text);
                self.resort();
            }
            _ => {}
        }
    }

    pub(super) fn clear_filter(&mut self) {
        self.overlay = Overlay::None;
        self.list.filter_input = single_line_input();
        self.list.query = Query::default();
        self.resort();
    }

    pub(super) fn update_list(&mut self, action: Action, now: Instant) {
        if self.common(&action, now) {
            return;
        }
        match action {
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => self.move_list(action),
            Action::Open => self.open_selected(now),
            Action::Source => {
                if let Some(path) = self.list.selected.clone() {
                    self.source_from_list(path, now);
                }
            }
            Action::Filter => self.overlay = Overlay::Filter,
            Action::Overview => self.open_overview(),
            Action::Resort => {
                self.resort();
                self.flash(format!("re-sorted by {}", self.list.sort_label()), now);
            }
            Action::ReverseSort => {
                self.list.reverse = !self.list.reverse;
                self.resort();
                self.flash(format!("sorted by {}", self.list.sort_label()), now);
            }
            Action::Back if !self.list.query.is_empty() => self.clear_filter(),
            Action::CycleSort => {
                self.list.sort = self.list.sort.next();
                self.resort();
                self.flash(format!("sorted by {}", self.list.sort_label()), now);
            }
            _ => {}
        }
    }

    pub(super) fn move_list(&mut self, action: Action) {
        if self.list.visible.is_empty() {
            return;
        }
        let last = self.list.visible.len() - 1;
        let cur = self.cursor().unwrap_or(0);
        let page = self.list_rows().max(1);
        let next = match action {
            Action::Down => (cur + 1).min(last),
            Action::Up => cur.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (cur + page).min(last),
            Action::PageUp => cur.saturating_sub(page),
            _ => cur,
        };
        self.list.selected = Some(
            self.inbox.entries[self.list.visible[next].entry]
                .path
                .clone(),
        );
        self.list.user_moved = true;
        self.follow_list();
    }

    pub(super) fn open_selected(&mut self, now: Instant) {
        let Some(path) = self.list.selected.clone() else {
            return;
        };
        if !self.entry(&path).is_some_and(ListEntry::is_loaded) {
            self.flash("still loading this report", now);
            return;
        }
        self.open_report(&path);
    }

    /// `v` in the list: the source view of `path` at its first finding (read again first when
    /// only its summary is in memory, see [`App::open_report`]).
    pub(super) fn source_from_list(&mut self, path: PathBuf, now: Instant) {
        if self.report_of(&path).is_none() && self.entry(&path).is_some_and(ListEntry::is_loaded) {
            self.effects.push(super::Effect::Fetch {
                path,
                then: super::AfterFetch::Source,
            });
            return;
        }
        let line = self.report_of(&path).and_then(|r| {
            let items = findings::items(r);
            items
                .first()
                .and_then(|i| i.first(r))
                .and_then(|f| line_of(r, f))
        });
        self.open_source(path, line, None, false, now);
    }
}
