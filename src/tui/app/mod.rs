//! The TUI's whole state and the one place it changes: [`App::update`].
//!
//! `update` is pure: no terminal, no clock (the caller passes `now`) and no file I/O, with two
//! rare exceptions that read (never write) a report's file: the X-DUP digest of a
//! consecutive-year pair whose report is not in memory, and a correction applied to a report
//! not in memory (see `entry.rs`). What must happen outside (save a status or note, export the
//! list, pause the watcher, read a report again) is returned as an [`Effect`] in `App::effects`;
//! the run loop carries the effects out after every event ([`App::run_io`] for the triage
//! store, the export and [`Effect::Fetch`]), so a status or note is on disk before the next key
//! is handled and a kill -9 loses nothing entered. Loading the inbox happens in the worker
//! threads; the list keeps each report's summary only, and opening a report reads it again
//! (`Effect::Fetch`, see [`App::report_of`]). Events from the input thread, the ticker and the
//! loader arrive as [`AppEvent`]s; keys become [`Action`]s through the keymap. Tests build an
//! `App`, feed it events and actions, and look at the state, the effects or a rendered buffer.
//!
//! Reports are kept by path: the list selection, the open report and the source view all refer
//! to a path, so reports arriving (or being reloaded by the watcher) never move the cursor to
//! another report.
//!
//! The update code is split by mode: `inbox` (events that change the set of reports), `list`,
//! `report`, `source`, `search` (`/` in the report and source views), `triage` (status and dismissals), `note` (the note and reason editors),
//! `overview` (the inbox at a glance, `o`), `yoy` (cross-year linking and the `y` pane),
//! `correct` (the cell editor, `c`)
//! and `effect` (carrying out the effects).

mod correct;
mod effect;
mod inbox;
mod list;
mod note;
mod overview;
mod report;
mod search;
mod source;
mod triage;
mod yoy;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use tui_textarea::TextArea;

use crate::model::Report;
use crate::state::Store;
use crate::theme::Theme;

use super::action::Action;
use super::entry::{ListEntry, SortMode};
use super::filter::{Query, Skim, TextMatcher};
use super::keymap::Mode;

pub use correct::CellEditor;
pub use effect::{AfterFetch, Change, Effect};
pub use inbox::{AppEvent, Audited, Loaded};
pub use note::{NoteEditor, ReasonEditor};
pub use overview::{Late, OverviewView, Ranked, RateKind, Summary, WORST, summarize};
pub use report::{Gone, Pane, ReportView};
pub use search::find_all;
pub use source::{
    SOURCE_GUTTER, SOURCE_PAGE_GUTTER, SourceView, line_of, row_starts, text_width, token_of,
};

/// The live-inbox state shown in the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchState {
    pub status: String,
    pub paused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    List,
    Report,
    Source,
    /// The inbox overview (`o`).
    Overview,
}

/// What sits over the screen and takes the keys first. One at a time, so which one wins is
/// never in question.
#[derive(Default)]
pub enum Overlay {
    #[default]
    None,
    /// Typing a filter query (the query itself stays in [`ListView`] after Enter).
    Filter,
    /// Typing a search in the report or source view (the text is in `App::search_input`).
    Search,
    /// The key help, scrolled by `scroll` lines.
    Help {
        scroll: usize,
    },
    Note(NoteEditor),
    Reason(ReasonEditor),
    /// Correcting a grid cell's value (`c`).
    Cell(CellEditor),
}

/// One visible line of the report list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    /// Index into `Inbox::entries`.
    pub entry: usize,
    /// Fuzzy-matched char indices into the entry's haystack.
    pub matched: Vec<usize>,
    /// A fresh sort would put this row elsewhere (the list keeps its order while the user
    /// works through it; `R` or `s` re-sorts).
    pub moved: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Discovery has finished (total is known).
    pub discovered: bool,
}

#[derive(Debug, Clone)]
pub struct Flash {
    pub text: String,
    pub until: Instant,
}

/// The reports known, loaded or not, keyed by path.
pub struct Inbox {
    pub entries: Vec<ListEntry>,
    index: HashMap<PathBuf, usize>,
    pub progress: Progress,
    /// The `seq` of the last load or removal applied per path (see [`Loaded::seq`]).
    seqs: HashMap<PathBuf, u64>,
    /// Set by events that change entries; `settle` re-sorts and re-filters once per batch.
    dirty: bool,
    /// The bodies (normalised names, as in `ListEntry::link_key`) of the reports loaded,
    /// reloaded or removed since the inbox was last linked across years (`tui::years`);
    /// `settle` links the reports of those bodies again once every file is loaded. Only a
    /// body's own reports can change its links, so one watched change relinks one body, not
    /// the inbox (60 ms with 10,000 reports loaded).
    relink: HashSet<String>,
    /// Entries holding their full report, least recently used first (see [`KEPT_FULL`]).
    kept: VecDeque<PathBuf>,
}

/// How many full reports the inbox keeps besides the open one: going back and forth between a
/// few reports reads none of them again, and 10,000 loaded reports cost their summaries only.
pub const KEPT_FULL: usize = 32;

/// The report list as shown: filtered, sorted, with its cursor.
pub struct ListView {
    pub visible: Vec<Visible>,
    pub selected: Option<PathBuf>,
    pub offset: usize,
    /// Until the user moves the cursor, it stays on the top line while reports arrive.
    pub user_moved: bool,
    /// The paths in the order last shown. Once the user has moved, the list keeps this order
    /// when a status, a dismissal or a watched file changes a rank: rows do not jump under the
    /// cursor while the user walks through them. New reports go below the known ones.
    pub order: Vec<PathBuf>,
    /// The next `settle` sorts afresh (asked by `R`, `s`, or a new filter).
    pub resort: bool,
    pub sort: SortMode,
    /// The sort order turned around (`r`).
    pub reverse: bool,
    pub query: Query,
    pub filter_input: TextArea<'static>,
    matcher: Box<dyn TextMatcher>,
}

/// The triage store of the inbox and what the user must know about it.
#[derive(Default)]
pub struct TriageState {
    /// Without a store, triage lives in memory only.
    store: Option<Store>,
    /// A problem with the store that the user must keep seeing (status bar).
    pub warning: Option<String>,
    /// The last file `E` wrote.
    pub last_export: Option<PathBuf>,
}

pub struct App {
    pub theme: Theme,
    pub size: (u16, u16),
    pub inbox: Inbox,
    pub list: ListView,
    pub screen: ScreenKind,
    pub report: Option<ReportView>,
    pub source: Option<SourceView>,
    pub overlay: Overlay,
    pub triage: TriageState,
    pub message: Option<Flash>,
    pub quit: bool,
    /// `Some` once a directory is being watched.
    pub watch: Option<WatchState>,
    /// Requests for the event loop, carried out by it after each event.
    pub effects: Vec<Effect>,
    /// After `a`/`f`/`x` in the report view, open the next unreviewed report (`A` toggles).
    pub auto_advance: bool,
    /// The language of the detail lines (`--lang`).
    pub lang: super::detail::Lang,
    /// The search being typed after `/` in the report or source view.
    pub search_input: TextArea<'static>,
    /// The inbox overview, once opened (`o`); kept so it reopens as left.
    pub overview: Option<OverviewView>,
}

const FLASH: Duration = Duration::from_secs(4);

impl ListView {
    /// `errors`, or `errors, reversed`.
    pub fn sort_label(&self) -> String {
        if self.reverse {
            format!("{}, reversed", self.sort.label())
        } else {
            self.sort.label().to_string()
        }
    }
}

impl App {
    pub fn new(theme: Theme, size: (u16, u16)) -> App {
        App {
            theme,
            size,
            inbox: Inbox {
                entries: Vec::new(),
                index: HashMap::new(),
                progress: Progress::default(),
                seqs: HashMap::new(),
                dirty: false,
                relink: HashSet::new(),
                kept: VecDeque::new(),
            },
            list: ListView {
                visible: Vec::new(),
                selected: None,
                offset: 0,
                user_moved: false,
                order: Vec::new(),
                resort: false,
                sort: SortMode::default(),
                reverse: false,
                query: Query::default(),
                filter_input: single_line_input(),
                matcher: Box::new(Skim::default()),
            },
            screen: ScreenKind::List,
            report: None,
            source: None,
            overlay: Overlay::None,
            triage: TriageState::default(),
            message: None,
            quit: false,
            watch: None,
            effects: Vec::new(),
            auto_advance: false,
            lang: super::detail::Lang::default(),
            search_input: TextArea::default(),
            overview: None,
        }
    }

    /// What the keyboard does now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::Note(_) => Mode::Note,
            Overlay::Reason(_) => Mode::Reason,
            Overlay::Cell(_) => Mode::Cell,
            Overlay::Filter => Mode::Filter,
            Overlay::Search => Mode::Search,
            Overlay::Help { .. } | Overlay::None => Mode::Browse,
        }
    }

    /// True while a filter query is being typed.
    pub fn filtering(&self) -> bool {
        matches!(self.overlay, Overlay::Filter)
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub fn flash(&mut self, text: impl Into<String>, now: Instant) {
        self.message = Some(Flash {
            text: text.into(),
            until: now + FLASH,
        });
    }

    /// The entry of `path`; for the open report after the watcher removed its file, the entry
    /// as it was (kept by the view until the user leaves it).
    pub fn entry(&self, path: &Path) -> Option<&ListEntry> {
        if let Some(gone) = self.report.as_ref().and_then(|r| r.gone.as_ref())
            && gone.entry.path == path
        {
            return Some(&gone.entry);
        }
        self.inbox.index.get(path).map(|&i| &self.inbox.entries[i])
    }

    /// True while the open report's file has been deleted or renamed (see [`Gone`]).
    pub fn report_gone(&self) -> bool {
        self.report.as_ref().is_some_and(|r| r.gone.is_some())
    }

    pub(super) fn entry_mut(&mut self, path: &Path) -> Option<&mut ListEntry> {
        if self.report_gone() && self.report.as_ref().is_some_and(|r| r.path == path) {
            // A removed file's entry is shown, never changed: no key may reach another report.
            return None;
        }
        self.inbox
            .index
            .get(path)
            .map(|&i| &mut self.inbox.entries[i])
    }

    /// The full report of `path` (text, tables, findings with their messages): the one way
    /// the report view, the source view, the editors and the export get a report.
    ///
    /// The open report's is always in memory (opening reads it, see [`App::open_report`]);
    /// another entry's only while the inbox keeps it ([`KEPT_FULL`] recent ones, and reports
    /// that cannot be read again). `None` otherwise, or while the file is still loading: ask
    /// for it with [`Effect::Fetch`].
    pub fn report_of(&self, path: &Path) -> Option<&Report> {
        self.entry(path).and_then(ListEntry::full)
    }

    /// Index of the selection within `visible`.
    pub fn cursor(&self) -> Option<usize> {
        let sel = self.list.selected.as_ref()?;
        self.list
            .visible
            .iter()
            .position(|v| &self.inbox.entries[v.entry].path == sel)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action, now: Instant) {
        self.settle();
        match action {
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.follow_list();
                self.follow_report();
                return;
            }
            Action::Close => {
                // As VisiData: `q` closes what is on top; only the list quits.
                match (&self.overlay, self.screen) {
                    (Overlay::Help { .. }, _) => self.overlay = Overlay::None,
                    (_, ScreenKind::List) => self.quit = true,
                    _ => self.update(Action::Back, now),
                }
                return;
            }
            Action::ClearLine | Action::DeleteWord => {
                self.edit_line(&action);
                return;
            }
            _ => {}
        }
        match self.overlay {
            Overlay::Note(_) => self.update_note(action, now),
            Overlay::Reason(_) => self.update_reason(action, now),
            Overlay::Cell(_) => self.update_cell(action, now),
            Overlay::Filter => self.update_filter(action),
            Overlay::Search => self.update_search_input(action, now),
            Overlay::Help { .. } => self.update_help(action),
            Overlay::None => match self.screen {
                ScreenKind::List => self.update_list(action, now),
                ScreenKind::Report => self.update_report(action, now),
                ScreenKind::Source => self.update_source(action, now),
                ScreenKind::Overview => self.update_overview(action, now),
            },
        }
    }

    /// Readline's Ctrl-U (the line before the cursor) and Ctrl-W (the word before it) in the
    /// text field being typed into.
    fn edit_line(&mut self, action: &Action) {
        let area = match &mut self.overlay {
            Overlay::Filter => &mut self.list.filter_input,
            Overlay::Search => &mut self.search_input,
            Overlay::Note(ed) => &mut ed.area,
            Overlay::Reason(ed) => &mut ed.area,
            Overlay::Cell(ed) => {
                ed.error = None;
                &mut ed.area
            }
            Overlay::Help { .. } | Overlay::None => return,
        };
        match action {
            Action::ClearLine => area.delete_line_by_head(),
            _ => area.delete_word(),
        };
        if matches!(self.overlay, Overlay::Filter) {
            let text = self.list.filter_input.lines().join(" ");
            self.list.query = super::filter::Query::parse(&text);
            self.resort();
        }
    }

    fn update_help(&mut self, action: Action) {
        let Overlay::Help { scroll } = &mut self.overlay else {
            return;
        };
        match action {
            Action::Help | Action::Back => self.overlay = Overlay::None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Top => *scroll = 0,
            _ => {}
        }
    }

    /// Actions every browsing screen shares.
    pub(super) fn common(&mut self, action: &Action, now: Instant) -> bool {
        let triage_key = matches!(
            action,
            Action::SetTriage(_)
                | Action::ExportOpen
                | Action::EditNote
                | Action::UndoStatus
                | Action::Dismiss
                | Action::Undismiss
                | Action::EditCell
        );
        if triage_key && self.screen != ScreenKind::List && self.report_gone() {
            self.flash(
                "this file was deleted or renamed: nothing changed (h goes back to the list)",
                now,
            );
            return true;
        }
        match action {
            Action::Help => {
                self.overlay = Overlay::Help { scroll: 0 };
            }
            Action::SetTriage(t) => self.set_triage(*t, now),
            Action::EditNote => self.edit_note(),
            Action::TogglePause => self.toggle_pause(now),
            Action::UndoStatus => self.undo_status(now),
            Action::ToggleAutoAdvance => {
                self.auto_advance = !self.auto_advance;
                let on = if self.auto_advance { "on" } else { "off" };
                self.flash(
                    format!("auto-advance {on}: a/f/x then opens the next unreviewed report"),
                    now,
                );
            }
            Action::Export | Action::ExportOpen => match self.triage.store {
                Some(_) => {
                    let only = match action {
                        Action::ExportOpen => match self.triage_target() {
                            Some(p) => Some(p),
                            None => return true,
                        },
                        _ => None,
                    };
                    self.effects.push(Effect::Export { only });
                }
                None => self.flash("no triage state for this inbox: nothing to export to", now),
            },
            _ => return false,
        }
        true
    }
}

fn single_line_input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text("fuzzy text, !err, !blank");
    t
}
