//! The app driven headless: events and actions in, state, effects and rendered buffers (with
//! styles) out. The helpers are here; the tests are grouped by screen in the submodules.

mod correct;
mod counts;
mod detail;
mod fit;
mod keys;
mod list;

mod live;
mod report;
mod resident;
mod screen;
mod search;
mod source;
mod store;
mod units;
mod walk;
mod years;

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

/// The file names of the list's shown rows, top to bottom.
fn shown_names(app: &App) -> Vec<String> {
    app.list
        .visible
        .iter()
        .map(|v| app.inbox.entries[v.entry].file_name())
        .collect()
}

/// Reads `path` as the loader does (report and content hash) and gives it to the app.
fn load_file(app: &mut App, path: &Path) {
    let (report, hash) =
        crate::catalog::load_file_hashed(path, &crate::audit::AuditConfig::default());
    app.handle_event(
        AppEvent::ReportLoaded(Box::new(app::Loaded {
            report,
            modified: None,
            hash,
            seq: 0,
        })),
        now(),
    );
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

/// The cell readout (after its `@`, over the lines it is wrapped on, up to the status bar),
/// with every space taken out so that where it wraps does not matter.
fn readout(buf: &Buffer) -> String {
    let h = buf.area.height;
    let Some((x, y)) = (0..h).rev().find_map(|y| {
        (0..buf.area.width)
            .find(|&x| buf[(x, y)].symbol() == "@")
            .map(|x| (x, y))
    }) else {
        return String::new();
    };
    (y..h.saturating_sub(1))
        .flat_map(|yy| (x + 2..buf.area.width).map(move |xx| (xx, yy)))
        .map(|p| buf[p].symbol().to_string())
        .collect::<String>()
        .split_whitespace()
        .collect()
}

/// `s` without spaces, to compare with [`readout`].
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn opened_002(w: u16, h: u16) -> App {
    report_app(seed_002_like(), Theme::builtin(), w, h)
}
