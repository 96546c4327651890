//! The app driven headless: events and actions in, state, effects and rendered buffers (with
//! styles) out. The helpers are here; the tests are grouped by screen in the submodules.

mod counts;
mod detail;
mod keys;
mod list;

mod live;
mod report;
mod resident;
mod screen;
mod search;
mod source;
mod store;
mod walk;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use super::grid::tests::seed_002_like;
use super::keymap::{KEYMAP, keys_label};
use super::*;
use crate::model::{Finding, Report, Severity, Table, TableId, TemplateVersion};
use crate::state::Status;

fn now() -> Instant {
    Instant::now()
}

/// A key pressed in the running app: the event, then its disk effects (as the run loop does).
fn key(app: &mut App, code: KeyCode) {
    let now = now();
    app.apply_event(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
    app.run_io(now);
    app.settle();
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn load(app: &mut App, report: Report) {
    app.handle_event(AppEvent::loaded(report), now());
}

fn report(path: &str, body: &str, findings: Vec<Finding>) -> Report {
    let mut r = Report::empty(PathBuf::from(path));
    r.is_report = true;
    r.body = Some(body.into());
    r.year = Some(2020);
    r.template = Some(TemplateVersion::V2019);
    r.findings = findings;
    r
}

fn err(rule: &'static str) -> Finding {
    Finding::new(
        crate::rules::Rule::from_id(rule).unwrap(),
        Severity::Error,
        "broken",
    )
}

/// Three reports: a clean one, one with blanks, one with a failed check (loaded in that order).
fn three() -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    load(&mut app, report("in/clean.txt", "兰州市人民政府", vec![]));
    load(
        &mut app,
        report("in/blank.txt", "太和街道办事处", vec![err("C-BLANK")]),
    );
    load(
        &mut app,
        report("in/failed.txt", "鄂城区人民政府", vec![err("T3-ID")]),
    );
    app
}

fn row_text(buf: &Buffer, y: u16) -> String {
    buffer_row(buf, y).0
}

fn at(buf: &Buffer, needle: &str) -> (u16, u16) {
    *find_text(buf, needle)
        .first()
        .unwrap_or_else(|| panic!("`{needle}` not on screen:\n{}", dump(buf)))
}

fn dump(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row_text(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

fn opened_002(w: u16, h: u16) -> App {
    report_app(seed_002_like(), Theme::builtin(), w, h)
}
