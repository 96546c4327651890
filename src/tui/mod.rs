//! The interactive auditor: report list, report view (tables as grids + findings), source view,
//! help, themes.
//!
//! Shape (ratatui's event-driven pattern, synchronous): input, ticker and loader threads feed one
//! `mpsc` queue of [`AppEvent`]s (`event.rs`); the UI thread drains what is queued, applies it
//! to the [`App`] (`app/`, pure and headless-testable), and draws once (`view/`, read-only).
//! Keys are data (`keymap.rs`); the width policy for CJK terminals is in `text.rs`.
//!
//! - `app/`: state, `AppEvent`, `App::update(action, now)` (one file per mode) and the `Effect`s
//!   the loop carries out (triage saves, export, pausing the watcher)
//! - `action.rs`, `keymap.rs`: what keys do, as data
//! - `entry.rs`: a list entry (report + triage), sorting; `summary.rs`: what the list keeps of
//!   a report (the full report is read again when opened)
//! - `filter.rs`: `!err` / `!blank` / fuzzy filter behind the `TextMatcher` trait
//! - `grid.rs`, `findings.rs`: a report prepared for drawing; `detail.rs`: a finding in full
//!   and the cursor cell's readout
//! - `layout.rs`: pane rectangles shared by update and draw
//! - `years.rs`: linking the loaded reports across years (X-* findings, the `y` pane)
//! - `event.rs`: the threads; `view/`: drawing

pub mod action;
pub mod app;
pub mod detail;
pub mod entry;
pub mod event;
pub mod filter;
pub mod findings;
pub mod grid;
pub mod keymap;
pub mod layout;
pub mod summary;
pub mod text;
mod view;
pub mod years;

use std::io;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::model::Report;
use crate::theme::Theme;

pub use action::Action;
pub use app::{App, AppEvent, Change, Effect, Overlay, Pane, ScreenKind};
pub use entry::{ListEntry, SortMode};

pub use crate::cli::TuiOptions;

/// Runs the TUI until the user quits. The terminal is restored on every exit path: normal
/// return, error, and panic (ratatui's hook, narrowed to the UI thread below).
pub fn run(opts: TuiOptions) -> io::Result<()> {
    let (theme, theme_warning) = Theme::resolve(&opts.theme, crate::cli::Env::current().no_color());
    let paths: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    // Absolute from the start: notify reports absolute paths for a relative root, and entries
    // are keyed by path, so the loader's and the watcher's paths must agree.
    let paths: Vec<PathBuf> = paths
        .into_iter()
        .map(|p| std::path::absolute(&p).unwrap_or(p))
        .collect();
    let dirs: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();

    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            // Raw mode may already be on when entering the alternate screen failed.
            ratatui::restore();
            let _ = std::panic::take_hook();
            return Err(e);
        }
    };
    narrow_panic_hook();
    let size = terminal.size().unwrap_or_default();
    let mut app = App::new(theme, (size.width, size.height));
    app.lang = opts.lang;
    app.auto_advance = opts.auto_advance;
    if let Some(w) = &theme_warning {
        app.flash(
            w.clone(),
            Instant::now() + std::time::Duration::from_secs(6),
        );
    }

    open_store(&mut app, &paths, opts.state.as_deref());

    let (tx, rx) = mpsc::channel();
    event::spawn_input(tx.clone());
    event::spawn_ticker(tx.clone(), event::TICK);
    // The watcher first: a file changed while the loader reads it is then reloaded again.
    let watch_ctl = if dirs.is_empty() {
        None
    } else {
        app.watch = Some(app::WatchState {
            status: "starting watcher...".into(),
            paused: false,
        });
        Some(event::spawn_watch(dirs, opts.poll, tx.clone()))
    };
    event::spawn_loader(paths, tx);

    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|f| f.render_widget(&app, f.area()))?;
            let drawn = Instant::now();
            let Ok(first) = rx.recv() else {
                return Ok(());
            };
            apply_batch(&mut app, &rx, first, drawn);
            run_effects(&mut app, watch_ctl.as_ref());
            if app.quit {
                return Ok(());
            }
        }
    })();
    ratatui::restore();
    // Back to the default hook: the narrowed one silences panics off the UI thread, which is
    // only right while the TUI owns the terminal.
    let _ = std::panic::take_hook();
    if let Some(w) = theme_warning {
        eprintln!("gouji: {w}");
    }
    result
}

/// While the initial load runs, the screen is redrawn at most this often (keys are answered at
/// once): each frame re-sorts and draws the list, and the UI thread shares two cores with the
/// loader's workers.
pub const LOADING_FRAME: std::time::Duration = std::time::Duration::from_millis(50);

/// True for the events the user is waiting to see answered (a key, a new terminal size).
fn answers_user(ev: &AppEvent) -> bool {
    matches!(ev, AppEvent::Key(_) | AppEvent::Resize(..))
}

/// Applies `first` and the events queued behind it, as the run loop does between two frames
/// (drawn at `drawn`): each event's disk effects right after it, then one `settle`. While the
/// initial load runs and no key waits for an answer, it gathers events until
/// [`LOADING_FRAME`] has passed since the last frame.
pub fn apply_batch(app: &mut App, rx: &mpsc::Receiver<AppEvent>, first: AppEvent, drawn: Instant) {
    let mut answer = answers_user(&first);
    let now = Instant::now();
    app.apply_event(first, now);
    app.run_io(now);
    while !app.quit {
        let ev = match rx.try_recv() {
            Ok(ev) => ev,
            Err(mpsc::TryRecvError::Disconnected) => break,
            Err(mpsc::TryRecvError::Empty) => {
                // While reports stream in, gather them for a frame's time: a redraw per
                // report would re-sort and draw the list thousands of times.
                let wait = LOADING_FRAME.saturating_sub(drawn.elapsed());
                if answer || !app.loading() || wait.is_zero() {
                    break;
                }
                match rx.recv_timeout(wait) {
                    Ok(ev) => ev,
                    Err(_) => break,
                }
            }
        };
        answer |= answers_user(&ev);
        let now = Instant::now();
        app.apply_event(ev, now);
        app.run_io(now);
    }
    app.settle();
    // Settling links the inbox again, which can ask for a report to be read (the open report
    // linked to a last year not in memory): carried out before the frame, as a key's are.
    if app
        .effects
        .iter()
        .any(|e| matches!(e, app::Effect::Fetch { .. }))
    {
        app.run_io(Instant::now());
        app.settle();
    }
}

/// The triage store of the inbox: `--state PATH`, else `.gouji/state.json` in the first
/// directory given (or beside the first file). Without one, triage lives in memory and the
/// status bar says so.
fn open_store(app: &mut App, paths: &[PathBuf], state: Option<&std::path::Path>) {
    let root = paths
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .or_else(|| paths.first().and_then(|p| p.parent()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let opened = match state {
        Some(p) => crate::state::Store::open_at(p, Some(&root)),
        None => crate::state::Store::open_inbox(&root),
    };
    match opened {
        Ok(store) => app.set_store(store, Instant::now()),
        Err(e) => {
            app.triage.warning = Some(format!(
                "triage is NOT saved: {}",
                crate::sanitize::clean(&e.to_string())
            ));
        }
    }
}

/// Carries out what the app asked for during the last batch of events: the disk effects
/// ([`App::run_io`], normally run after each event already), then the watcher's.
fn run_effects(app: &mut App, watch_ctl: Option<&mpsc::Sender<event::WatchControl>>) {
    app.run_io(Instant::now());
    for effect in app.effects.drain(..) {
        let c = match effect {
            app::Effect::PauseWatch => event::WatchControl::Pause,
            app::Effect::ResumeWatch => event::WatchControl::Resume,
            // Carried out by `run_io` above.
            app::Effect::Persist { .. }
            | app::Effect::Export { .. }
            | app::Effect::ReloadStore
            | app::Effect::Fetch { .. } => {
                continue;
            }
        };
        if let Some(ctl) = watch_ctl {
            let _ = ctl.send(c);
        }
    }
}

/// ratatui's panic hook restores the terminal on *any* panic; a panic caught inside a loader
/// thread (see `event::load_guarded`) would then tear the screen down under a running UI. Only
/// a panic on the UI thread restores the terminal and reports; worker panics are silenced here
/// because the loader turns them into an entry with the error.
fn narrow_panic_hook() {
    let ui = std::thread::current().id();
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui {
            restore_and_report(info);
        }
    }));
}

/// Draws `app` into a fresh buffer of `width` x `height` (headless: tests, snapshots).
pub fn render_app(app: &App, width: u16, height: u16) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}

/// An app of the given size and theme showing `report` in the report view, cursor on its
/// first finding. Tests on real reports call this with an extracted and audited report.
pub fn report_app(report: Report, theme: Theme, width: u16, height: u16) -> App {
    let mut app = App::new(theme, (width, height));
    let path = report.path.clone();
    let now = Instant::now();
    app.handle_event(AppEvent::loaded(report), now);
    app.open_report(&path);
    app
}

/// `report` drawn in the report view with the default theme at `width` x `height`.
pub fn render_report(report: Report, width: u16, height: u16) -> Buffer {
    let app = report_app(report, Theme::builtin(), width, height);
    render_app(&app, width, height)
}

/// The text of row `y` of `buf`, with the cells hidden under wide characters left out, and
/// for each char of the result the x where it is drawn.
pub fn buffer_row(buf: &Buffer, y: u16) -> (String, Vec<u16>) {
    let mut s = String::new();
    let mut xs = Vec::new();
    let mut x = buf.area.left();
    while x < buf.area.right() {
        let sym = buf[(x, y)].symbol();
        let w = unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        for c in sym.chars() {
            s.push(c);
            xs.push(x);
        }
        x += w;
    }
    (s, xs)
}

/// Every (x, y) where `needle` starts in `buf`.
pub fn find_text(buf: &Buffer, needle: &str) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in buf.area.top()..buf.area.bottom() {
        let (row, xs) = buffer_row(buf, y);
        let chars: Vec<char> = row.chars().collect();
        let n: Vec<char> = needle.chars().collect();
        if n.is_empty() || n.len() > chars.len() {
            continue;
        }
        for i in 0..=chars.len() - n.len() {
            if chars[i..i + n.len()] == n[..] {
                out.push((xs[i], y));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
