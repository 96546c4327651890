//! Cross-year linking of the inbox and the `y` pane of the report view (last year's report of
//! the same body beside this one).

use std::time::Instant;

use super::super::action::Action;
use super::super::years;
use super::App;

impl App {
    /// Links the reports of the bodies that had a report come, go or change since the last link
    /// across years (`tui::years`), once no file is still loading; rebuilds the open report
    /// view if its findings changed.
    pub(super) fn relink(&mut self) {
        if self.inbox.relink.is_empty() || self.inbox.entries.iter().any(|e| !e.is_loaded()) {
            return;
        }
        let bodies = std::mem::take(&mut self.inbox.relink);
        let changed = years::link_bodies(&mut self.inbox.entries, Some(&bodies));
        if changed.is_empty() {
            return;
        }
        self.inbox.dirty = true;
        let open = self.report.as_ref().is_some_and(|rv| {
            rv.gone.is_none()
                && changed
                    .iter()
                    .any(|&i| self.inbox.entries[i].path == rv.path)
        });
        if open {
            self.rebuild_report_view();
        }
    }

    /// `y` toggles the year-over-year pane; while it shows, the moving keys scroll it.
    pub(super) fn years_key(&mut self, action: &Action, now: Instant) -> bool {
        let lines = self.years_lines();
        let linked = self
            .report
            .as_ref()
            .and_then(|rv| self.report_of(&rv.path))
            .is_some_and(|r| r.previous.is_some());
        let Some(rv) = self.report.as_mut() else {
            return false;
        };
        match (action, rv.years.as_mut()) {
            (Action::YearPane, None) => {
                rv.years = Some(0);
                self.flash(
                    if linked {
                        "last year's report of this body: j/k scroll, y or Esc closes"
                    } else {
                        "no report of last year by this body is loaded"
                    },
                    now,
                );
            }
            (Action::YearPane | Action::Back, Some(_)) => rv.years = None,
            (Action::Down, Some(s)) => *s = (*s + 1).min(lines.saturating_sub(1)),
            (Action::Up, Some(s)) => *s = s.saturating_sub(1),
            (Action::PageDown, Some(s)) => *s = (*s + 10).min(lines.saturating_sub(1)),
            (Action::PageUp, Some(s)) => *s = s.saturating_sub(10),
            (Action::Top, Some(s)) => *s = 0,
            _ => return false,
        }
        true
    }

    /// How many lines the open report's year pane has.
    fn years_lines(&self) -> usize {
        let Some(rv) = self.report.as_ref() else {
            return 0;
        };
        let Some(r) = self.report_of(&rv.path) else {
            return 0;
        };
        let prev = r.previous.as_deref().and_then(|p| self.report_of(p));
        years::pane(r, prev).len()
    }
}
