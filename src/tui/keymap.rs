//! The key map as data: one table from keys to actions, with the help text for each.
//!
//! The `?` overlay is generated from [`KEYMAP`], so help can never disagree with what keys do.
//! Keys are fixed by the TUI issue (users and tests rely on them). Within one input mode a key
//! maps to exactly one action (a test checks it); the app gives the action its meaning on the
//! current screen (`Enter` opens a report in the list and a source line in the report view).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::model::TableId;
use crate::state::Status;

/// What the keyboard is doing right now: browsing, or typing into a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Filter,
    Note,
    /// Typing the reason for a dismissal.
    Reason,
    /// Typing the text to search for (`/` in the report and source views).
    Search,
    /// Typing a cell's corrected value (`c` in the report view).
    Cell,
}

/// Groups of bindings, in the order the help shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every mode, even while typing.
    Always,
    /// Browsing any screen.
    Global,
    Move,
    List,
    Report,
    Status,
    Filter,
    Search,
    Note,
    Reason,
    Cell,
}

impl Scope {
    pub const ALL: [Scope; 11] = [
        Scope::Always,
        Scope::Global,
        Scope::Move,
        Scope::List,
        Scope::Report,
        Scope::Status,
        Scope::Filter,
        Scope::Search,
        Scope::Note,
        Scope::Reason,
        Scope::Cell,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "anywhere",
            Scope::Global => "general",
            Scope::Move => "moving",
            Scope::List => "report list",
            Scope::Report => "report view",
            Scope::Status => "triage (list, report)",
            Scope::Filter => "filter input",
            Scope::Search => "search input (report, source)",
            Scope::Note => "note editor",
            Scope::Reason => "dismissal reason",
            Scope::Cell => "cell correction (c)",
        }
    }

    fn applies(self, mode: Mode) -> bool {
        match self {
            Scope::Always => true,
            Scope::Filter => mode == Mode::Filter,
            Scope::Search => mode == Mode::Search,
            Scope::Note => mode == Mode::Note,
            Scope::Reason => mode == Mode::Reason,
            Scope::Cell => mode == Mode::Cell,
            _ => mode == Mode::Browse,
        }
    }
}

/// One key: a key code, with or without Ctrl. Shift is implied by the character (`G`, `N`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// The name shown in the help: words, not arrows (arrows are ambiguous-width in CJK
    /// terminals, see `text.rs`).
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "Down".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        if ev_ctrl != self.ctrl || ev.modifiers.contains(KeyModifiers::ALT) {
            return false;
        }
        match (self.code, ev.code) {
            // Terminals differ on whether Ctrl-letters arrive upper- or lower-case.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
    }
}

use Scope as S;

/// Every key gouji understands.
pub static KEYMAP: &[Binding] = &[
    bind(S::Always, &[ctrl('c')], Action::Quit, "quit at once"),
    bind(S::Global, &[k('q')], Action::Close, "close view / quit"),
    bind(S::Global, &[k('?')], Action::Help, "this help"),
    bind(
        S::Global,
        &[k('p')],
        Action::TogglePause,
        "pause/resume watching",
    ),
    bind(S::Global, &[k('E')], Action::Export, "export list shown"),
    bind(
        S::Global,
        &[ctrl('e')],
        Action::ExportOpen,
        "export this report",
    ),
    bind(
        S::Global,
        &[code(KeyCode::Enter)],
        Action::Open,
        "open report / source",
    ),
    bind(
        S::Global,
        &[code(KeyCode::Esc), code(KeyCode::Backspace)],
        Action::Back,
        "back, close",
    ),
    bind(
        S::Move,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "down",
    ),
    bind(S::Move, &[k('k'), code(KeyCode::Up)], Action::Up, "up"),
    bind(S::Move, &[k('g'), code(KeyCode::Home)], Action::Top, "top"),
    bind(
        S::Move,
        &[k('G'), code(KeyCode::End)],
        Action::Bottom,
        "bottom",
    ),
    bind(
        S::Move,
        &[code(KeyCode::PageDown), ctrl('d')],
        Action::PageDown,
        "page down",
    ),
    bind(
        S::Move,
        &[code(KeyCode::PageUp), ctrl('u')],
        Action::PageUp,
        "page up",
    ),
    bind(
        S::Move,
        &[code(KeyCode::Left), k('h')],
        Action::Left,
        "column left",
    ),
    bind(
        S::Move,
        &[code(KeyCode::Right), k('l')],
        Action::Right,
        "column right",
    ),
    bind(S::Global, &[k('/')], Action::Filter, "filter list / search"),
    bind(
        S::List,
        &[k('s')],
        Action::CycleSort,
        "cycle the sort order",
    ),
    bind(S::List, &[k('r')], Action::ReverseSort, "reverse sort"),
    bind(S::List, &[k('o')], Action::Overview, "inbox overview"),
    bind(S::List, &[k('R')], Action::Resort, "re-sort (~ = moved)"),
    bind(
        S::Report,
        &[code(KeyCode::Tab)],
        Action::SwitchPane,
        "grid <-> findings",
    ),
    bind(
        S::Report,
        &[k('n')],
        Action::NextFinding,
        "next finding / match",
    ),
    bind(
        S::Report,
        &[k('N')],
        Action::PrevFinding,
        "prev finding / match",
    ),
    bind(
        S::Report,
        &[k(']'), k('J')],
        Action::NextReport,
        "next report",
    ),
    bind(
        S::Report,
        &[k('['), k('K')],
        Action::PrevReport,
        "previous report",
    ),
    bind(S::Report, &[k('v')], Action::Source, "source text"),
    bind(S::Report, &[k('y')], Action::YearPane, "last year beside"),
    bind(
        S::Report,
        &[k('2')],
        Action::JumpTable(TableId::T2),
        "go to 表二",
    ),
    bind(
        S::Report,
        &[k('3')],
        Action::JumpTable(TableId::T3),
        "go to 表三",
    ),
    bind(
        S::Report,
        &[k('4')],
        Action::JumpTable(TableId::T4),
        "go to 表四",
    ),
    bind(S::Report, &[k('d')], Action::Dismiss, "dismiss finding"),
    bind(S::Report, &[k('D')], Action::Undismiss, "restore finding"),
    bind(S::Report, &[k('c')], Action::EditCell, "correct cell value"),
    bind(
        S::Status,
        &[k('a')],
        Action::SetTriage(Status::Accepted),
        "mark accepted",
    ),
    bind(
        S::Status,
        &[k('f')],
        Action::SetTriage(Status::NeedsFix),
        "mark needs-fix 待整改",
    ),
    bind(
        S::Status,
        &[k('x')],
        Action::SetTriage(Status::Rejected),
        "mark rejected",
    ),
    bind(S::Status, &[k('u')], Action::UndoStatus, "undo status"),
    bind(
        S::Status,
        &[k('A')],
        Action::ToggleAutoAdvance,
        "auto-advance on/off",
    ),
    bind(S::Status, &[k('e')], Action::EditNote, "edit note"),
    bind(
        S::Filter,
        &[code(KeyCode::Enter)],
        Action::FilterKeep,
        "keep filter",
    ),
    bind(
        S::Filter,
        &[code(KeyCode::Esc)],
        Action::FilterClear,
        "clear filter",
    ),
    bind(S::Filter, &[code(KeyCode::Down)], Action::Down, "down"),
    bind(S::Filter, &[code(KeyCode::Up)], Action::Up, "up"),
    bind(S::Filter, &[ctrl('u')], Action::ClearLine, "clear line"),
    bind(S::Filter, &[ctrl('w')], Action::DeleteWord, "delete word"),
    bind(
        S::Search,
        &[code(KeyCode::Enter)],
        Action::SearchGo,
        "search forward",
    ),
    bind(
        S::Search,
        &[code(KeyCode::Esc)],
        Action::SearchCancel,
        "cancel",
    ),
    bind(S::Search, &[ctrl('u')], Action::ClearLine, "clear line"),
    bind(S::Search, &[ctrl('w')], Action::DeleteWord, "delete word"),
    bind(
        S::Note,
        &[code(KeyCode::Esc), ctrl('s')],
        Action::NoteSave,
        "save note",
    ),
    bind(S::Note, &[ctrl('q')], Action::NoteCancel, "discard changes"),
    bind(S::Note, &[ctrl('u')], Action::ClearLine, "clear line"),
    bind(S::Note, &[ctrl('w')], Action::DeleteWord, "delete word"),
    bind(
        S::Reason,
        &[code(KeyCode::Enter)],
        Action::ReasonSave,
        "dismiss with reason",
    ),
    bind(
        S::Reason,
        &[code(KeyCode::Esc)],
        Action::ReasonCancel,
        "cancel",
    ),
    bind(S::Reason, &[ctrl('u')], Action::ClearLine, "clear line"),
    bind(S::Reason, &[ctrl('w')], Action::DeleteWord, "delete word"),
    bind(
        S::Cell,
        &[code(KeyCode::Enter)],
        Action::CellSave,
        "save; empty: remove",
    ),
    bind(S::Cell, &[code(KeyCode::Esc)], Action::CellCancel, "cancel"),
    bind(S::Cell, &[ctrl('u')], Action::ClearLine, "clear line"),
    bind(S::Cell, &[ctrl('w')], Action::DeleteWord, "delete word"),
];

/// The action bound to `ev` in `mode`, if any. Keys not bound while typing go to the text field.
pub fn lookup(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.scope.applies(mode))
        .find(|b| b.keys.iter().any(|key| key.matches(ev)))
        .map(|b| b.action.clone())
}

/// "j/Down" for the help.
pub fn keys_label(b: &Binding) -> String {
    b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_keys_fixed_by_the_issue_are_bound() {
        let b = Mode::Browse;
        let none = KeyModifiers::NONE;
        let shift = KeyModifiers::SHIFT;
        let cases = [
            (KeyCode::Char('j'), none, Action::Down),
            (KeyCode::Down, none, Action::Down),
            (KeyCode::Char('k'), none, Action::Up),
            (KeyCode::Up, none, Action::Up),
            (KeyCode::Char('g'), none, Action::Top),
            (KeyCode::Char('G'), shift, Action::Bottom),
            (KeyCode::Enter, none, Action::Open),
            (KeyCode::Esc, none, Action::Back),
            (KeyCode::Backspace, none, Action::Back),
            (KeyCode::Char('h'), none, Action::Left),
            (KeyCode::Left, none, Action::Left),
            (KeyCode::Char('l'), none, Action::Right),
            (KeyCode::Right, none, Action::Right),
            (KeyCode::Char('r'), none, Action::ReverseSort),
            (KeyCode::Char('2'), none, Action::JumpTable(TableId::T2)),
            (KeyCode::Char('4'), none, Action::JumpTable(TableId::T4)),
            (KeyCode::Tab, none, Action::SwitchPane),
            (KeyCode::Char('/'), none, Action::Filter),
            (KeyCode::Char('n'), none, Action::NextFinding),
            (KeyCode::Char('N'), shift, Action::PrevFinding),
            (KeyCode::Char('v'), none, Action::Source),
            (KeyCode::Char('s'), none, Action::CycleSort),
            (KeyCode::Char('?'), shift, Action::Help),
            (KeyCode::Char('q'), none, Action::Close),
            (KeyCode::Char('c'), KeyModifiers::CONTROL, Action::Quit),
            (
                KeyCode::Char('a'),
                none,
                Action::SetTriage(Status::Accepted),
            ),
            (
                KeyCode::Char('f'),
                none,
                Action::SetTriage(Status::NeedsFix),
            ),
            (
                KeyCode::Char('x'),
                none,
                Action::SetTriage(Status::Rejected),
            ),
            (KeyCode::Char('u'), none, Action::UndoStatus),
            (KeyCode::Char('e'), none, Action::EditNote),
            (KeyCode::Char('p'), none, Action::TogglePause),
            (KeyCode::Char('d'), none, Action::Dismiss),
            (KeyCode::Char('D'), shift, Action::Undismiss),
            (KeyCode::Char('E'), shift, Action::Export),
            (KeyCode::Char(']'), none, Action::NextReport),
            (KeyCode::Char('J'), shift, Action::NextReport),
            (KeyCode::Char('['), none, Action::PrevReport),
            (KeyCode::Char('K'), shift, Action::PrevReport),
            (KeyCode::Char('R'), shift, Action::Resort),
            (KeyCode::Char('A'), shift, Action::ToggleAutoAdvance),
            (KeyCode::Char('y'), none, Action::YearPane),
            (KeyCode::Char('o'), none, Action::Overview),
            (KeyCode::Char('c'), none, Action::EditCell),
        ];
        for (code, mods, action) in cases {
            assert_eq!(lookup(b, &ev(code, mods)), Some(action), "{code:?}");
        }
    }

    #[test]
    fn typing_modes_leave_letters_to_the_text_field_but_ctrl_c_still_quits() {
        for mode in [
            Mode::Filter,
            Mode::Search,
            Mode::Note,
            Mode::Reason,
            Mode::Cell,
        ] {
            for c in ['q', 'j', 'k', 'h', 'a', '/', '?'] {
                assert_eq!(
                    lookup(mode, &ev(KeyCode::Char(c), KeyModifiers::NONE)),
                    None
                );
            }
            assert_eq!(
                lookup(mode, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Some(Action::Quit)
            );
        }
        let c = KeyModifiers::CONTROL;
        for mode in [Mode::Filter, Mode::Search, Mode::Note, Mode::Reason] {
            assert_eq!(
                lookup(mode, &ev(KeyCode::Char('u'), c)),
                Some(Action::ClearLine)
            );
            assert_eq!(
                lookup(mode, &ev(KeyCode::Char('w'), c)),
                Some(Action::DeleteWord)
            );
        }
        let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(lookup(Mode::Filter, &esc), Some(Action::FilterClear));
        assert_eq!(lookup(Mode::Note, &esc), Some(Action::NoteSave));
        assert_eq!(lookup(Mode::Search, &esc), Some(Action::SearchCancel));
    }

    #[test]
    fn no_key_has_two_meanings_in_one_mode() {
        for mode in [
            Mode::Browse,
            Mode::Filter,
            Mode::Search,
            Mode::Note,
            Mode::Reason,
            Mode::Cell,
        ] {
            let keys: Vec<Key> = KEYMAP
                .iter()
                .filter(|b| b.scope.applies(mode))
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{} bound twice", a.label());
            }
        }
    }

    #[test]
    fn key_labels_are_ascii_words() {
        for b in KEYMAP {
            let l = keys_label(b);
            assert!(l.is_ascii(), "{l}");
        }
        assert_eq!(keys_label(&KEYMAP[0]), "Ctrl-C");
    }
}
