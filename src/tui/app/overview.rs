//! The inbox overview (`o` in the list): what the whole inbox looks like at a glance, and the
//! reports worst on either ratio, openable from here.
//!
//! The figures are computed from the entries whenever asked ([`App::overview_summary`]), never
//! cached: the inbox changes under a live watcher, and one pass over the entries costs less
//! than drawing a frame.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use crate::model::{Severity, TemplateVersion};
use crate::rules::Rule;
use crate::state::Status;

use super::super::action::Action;
use super::super::entry::ListEntry;
use super::{App, Overlay, ScreenKind};

/// How many reports the worst list names.
pub const WORST: usize = 10;

/// Which ratio ranks the worst list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateKind {
    /// 实质公开率, lowest first.
    #[default]
    Disclosure,
    /// 复议纠错率, highest first.
    Correction,
}

impl RateKind {
    pub fn label(self) -> &'static str {
        match self {
            RateKind::Disclosure => "实质公开率",
            RateKind::Correction => "复议纠错率",
        }
    }

    fn other(self) -> RateKind {
        match self {
            RateKind::Disclosure => RateKind::Correction,
            RateKind::Correction => RateKind::Disclosure,
        }
    }
}

/// The overview's state: which ratio ranks, and the selected row of the worst list.
#[derive(Debug, Clone, Default)]
pub struct OverviewView {
    pub rank: RateKind,
    pub selected: usize,
}

/// One report of the worst list.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub path: PathBuf,
    pub body: String,
    pub year: Option<i32>,
    pub disclosure: Option<f64>,
    pub correction: Option<f64>,
}

/// A late report (D-LATE).
#[derive(Debug, Clone, PartialEq)]
pub struct Late {
    pub path: PathBuf,
    pub body: String,
    pub year: Option<i32>,
}

/// Everything the overview shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Annual reports (as `check` counts them).
    pub reports: usize,
    /// Files still loading, unreadable, or not annual reports.
    pub other: usize,
    /// Reports by triage status, in `Status` order (unreviewed, accepted, needs-fix, rejected).
    pub by_status: [(Status, usize); 4],
    /// Reports by format: 2021, 2019, not recognised.
    pub by_template: [(&'static str, usize); 3],
    pub by_year: BTreeMap<i32, usize>,
    /// Rules with open error or warning findings, by the number of reports they fail in,
    /// most first.
    pub rules: Vec<(Rule, usize)>,
    pub late: Vec<Late>,
    /// The reports worst on the ranking ratio, at most [`WORST`].
    pub worst: Vec<Ranked>,
}

/// The summary of `entries`, the worst list ranked by `rank`.
pub fn summarize(entries: &[ListEntry], rank: RateKind) -> Summary {
    let mut s = Summary {
        by_status: [
            (Status::Unreviewed, 0),
            (Status::Accepted, 0),
            (Status::NeedsFix, 0),
            (Status::Rejected, 0),
        ],
        by_template: [("2021", 0), ("2019", 0), ("?", 0)],
        ..Summary::default()
    };
    let mut rules: HashMap<Rule, usize> = HashMap::new();
    let mut ranked = Vec::new();
    for e in entries {
        let Some(r) = e.summary().filter(|_| e.is_report()) else {
            s.other += 1;
            continue;
        };
        s.reports += 1;
        if let Some(slot) = s.by_status.iter_mut().find(|(st, _)| *st == e.triage) {
            slot.1 += 1;
        }
        let t = match r.template {
            Some(TemplateVersion::V2021) => 0,
            Some(TemplateVersion::V2019) => 1,
            None => 2,
        };
        s.by_template[t].1 += 1;
        if let Some(y) = r.year {
            *s.by_year.entry(y).or_default() += 1;
        }
        let mut seen: Vec<Rule> = Vec::new();
        let mut late = false;
        for (i, (rule, severity)) in r.kinds().enumerate() {
            if severity == Severity::Info || e.dismissal(i).is_some() {
                continue;
            }
            late |= rule == Rule::DLate;
            if !seen.contains(&rule) {
                seen.push(rule);
                *rules.entry(rule).or_default() += 1;
            }
        }
        let body = r.body.clone().unwrap_or_else(|| e.file_name());
        if late {
            s.late.push(Late {
                path: e.path.clone(),
                body: body.clone(),
                year: r.year,
            });
        }
        let (disclosure, correction) = (e.disclosure_rate(), e.correction_rate());
        let key = match rank {
            RateKind::Disclosure => disclosure,
            RateKind::Correction => correction,
        };
        if key.is_some() {
            ranked.push(Ranked {
                path: e.path.clone(),
                body,
                year: r.year,
                disclosure,
                correction,
            });
        }
    }
    s.rules = rules.into_iter().collect();
    s.rules
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id().cmp(b.0.id())));
    s.late.sort_by(|a, b| a.path.cmp(&b.path));
    let value = |r: &Ranked| match rank {
        RateKind::Disclosure => r.disclosure.unwrap_or_default(),
        RateKind::Correction => -r.correction.unwrap_or_default(),
    };
    ranked.sort_by(|a, b| {
        value(a)
            .total_cmp(&value(b))
            .then_with(|| a.path.cmp(&b.path))
    });
    ranked.truncate(WORST);
    s.worst = ranked;
    s
}

impl App {
    /// The summary of the inbox as the overview shows it now.
    pub fn overview_summary(&self) -> Summary {
        summarize(
            &self.inbox.entries,
            self.overview.as_ref().map(|o| o.rank).unwrap_or_default(),
        )
    }

    pub(super) fn open_overview(&mut self) {
        self.overview.get_or_insert_with(OverviewView::default);
        self.screen = ScreenKind::Overview;
    }

    pub(super) fn update_overview(&mut self, action: Action, now: Instant) {
        let worst = self.overview_summary().worst;
        let Some(ov) = self.overview.as_mut() else {
            self.screen = ScreenKind::List;
            return;
        };
        let last = worst.len().saturating_sub(1);
        match action {
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Back => self.screen = ScreenKind::List,
            Action::Down => ov.selected = (ov.selected + 1).min(last),
            Action::Up => ov.selected = ov.selected.saturating_sub(1),
            Action::Top => ov.selected = 0,
            Action::Bottom => ov.selected = last,
            Action::SwitchPane => {
                ov.rank = ov.rank.other();
                ov.selected = 0;
                let label = ov.rank.label();
                self.flash(format!("worst ten by {label}"), now);
            }
            Action::Open => match worst.get(ov.selected) {
                Some(r) => {
                    let path = r.path.clone();
                    self.open_report(&path);
                }
                None => self.flash("no report has this ratio", now),
            },
            _ => {}
        }
    }
}
