//! The app driven headless: events and actions in, state and rendered buffers (with styles) out.

use std::path::{Path, PathBuf};

use crate::rules::Rule;
use std::time::{Duration, Instant, SystemTime};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use super::grid::tests::seed_002_like;
use super::keymap::{KEYMAP, keys_label};
use super::*;
use crate::model::{Finding, Report, Severity, Table, TableId, TemplateVersion};

fn now() -> Instant {
    Instant::now()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(
        AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        now(),
    );
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
    Finding::new(Rule::from_id(rule).unwrap(), Severity::Error, "broken")
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

// ---- report list ---------------------------------------------------------------------------

#[test]
fn the_list_is_sorted_worst_first_with_red_error_badges() {
    let app = three();
    let names: Vec<String> = app
        .visible
        .iter()
        .map(|v| app.entries[v.entry].file_name())
        .collect();
    assert_eq!(names, ["failed.txt", "blank.txt", "clean.txt"]);

    let buf = render_app(&app, 80, 24);
    let (_, y_failed) = at(&buf, "failed.txt");
    let (_, y_blank) = at(&buf, "blank.txt");
    let (_, y_clean) = at(&buf, "clean.txt");
    assert!(y_failed < y_blank && y_blank < y_clean);
    let (bx, by) = at(&buf, "ERR");
    assert_eq!(by, y_failed);
    assert_eq!(buf[(bx, by)].bg, Color::Red);
    let (ox, oy) = at(&buf, "OK");
    assert_eq!(oy, y_clean);
    assert_eq!(buf[(ox, oy)].bg, Color::Green);
    // The selected (first) line carries the selection style; the others do not.
    let (nx, _) = at(&buf, "failed.txt");
    assert_eq!(buf[(nx, y_failed)].bg, Color::Blue);
    assert_ne!(buf[(nx, y_clean)].bg, Color::Blue);
    // The status bar counts reports, reports with errors, clean ones.
    assert!(row_text(&buf, 23).contains("3 reports  2 with errors  1 clean"));
}

#[test]
fn s_cycles_the_sort_and_the_selection_stays_on_its_report() {
    let mut app = three();
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected.as_deref(), Some(Path::new("in/blank.txt")));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.sort, SortMode::Name);
    let names: Vec<String> = app
        .visible
        .iter()
        .map(|v| app.entries[v.entry].file_name())
        .collect();
    assert_eq!(names, ["blank.txt", "clean.txt", "failed.txt"]);
    assert_eq!(app.selected.as_deref(), Some(Path::new("in/blank.txt")));
    assert_eq!(app.cursor(), Some(0));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.sort, SortMode::Modified);
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.sort, SortMode::Errors);
}

#[test]
fn reports_arriving_later_do_not_move_the_selection_to_another_report() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    load(&mut app, report("a.txt", "甲", vec![]));
    load(&mut app, report("b.txt", "乙", vec![]));
    // Until the user moves, the cursor stays on the top line as reports pour in.
    load(&mut app, report("c.txt", "丙", vec![err("T3-ID")]));
    assert_eq!(app.selected.as_deref(), Some(Path::new("c.txt")));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected.as_deref(), Some(Path::new("a.txt")));
    load(
        &mut app,
        report("d.txt", "丁", vec![err("T3-ID"), err("T3-ROW")]),
    );
    // d sorts above a; the cursor follows a.
    assert_eq!(app.selected.as_deref(), Some(Path::new("a.txt")));
    assert_eq!(app.cursor(), Some(2));
}

#[test]
fn the_list_shows_discovered_files_at_once_and_fills_in_with_progress() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let buf = render_app(&app, 80, 24);
    assert!(row_text(&buf, 23).contains("discovering"));
    app.handle_event(
        AppEvent::Discovered {
            files: vec!["x/1.txt".into(), "x/2.txt".into()],
            errors: vec![("x/locked.txt".into(), "Permission denied".into())],
        },
        now(),
    );
    load(&mut app, report("x/1.txt", "甲", vec![]));
    app.handle_event(AppEvent::LoadProgress { done: 1, total: 2 }, now());
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("loading 1/2"), "{text}");
    assert!(text.contains("loading..."), "{text}");
    // A file that could not be read is an entry with its error, not a crash.
    let (x, y) = at(&buf, "cannot read: Permissi~");
    assert_eq!(buf[(x, y)].fg, Color::LightRed);
    assert!(row_text(&buf, y).contains("I/O"));
}

#[test]
fn a_reloaded_report_is_marked_updated_until_opened() {
    let mut app = three();
    let mut changed = report("in/clean.txt", "兰州市人民政府", vec![err("T3-ROW")]);
    changed.year = Some(2021);
    app.handle_event(
        AppEvent::ReportLoaded(Box::new(app::Loaded {
            report: changed,
            modified: Some(SystemTime::now()),
            hash: None,
            seq: 0,
        })),
        now(),
    );
    let e = app.entry(Path::new("in/clean.txt")).unwrap();
    assert!(e.updated);
    let buf = render_app(&app, 80, 24);
    let (_, y) = at(&buf, "clean.txt");
    assert_eq!(buffer_row(&buf, y).0.chars().next(), Some('*'));
    app.selected = Some("in/clean.txt".into());
    app.update(Action::Open, now());
    assert!(!app.entry(Path::new("in/clean.txt")).unwrap().updated);
    app.handle_event(
        AppEvent::Removed {
            path: "in/clean.txt".into(),
            seq: 0,
        },
        now(),
    );
    assert_eq!(app.screen, ScreenKind::List);
    assert_eq!(app.visible.len(), 2);
}

// ---- filter --------------------------------------------------------------------------------

#[test]
fn the_filter_narrows_the_list_and_highlights_matched_characters() {
    let mut app = three();
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode(), keymap::Mode::Filter);
    type_str(&mut app, "鄂城");
    assert_eq!(app.visible.len(), 1);
    let buf = render_app(&app, 80, 24);
    assert!(find_text(&buf, "clean.txt").is_empty());
    let (x, y) = at(&buf, "鄂城区人民政府");
    // 鄂 and 城 matched: highlighted; 区 is not.
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buf[(x + 2, y)].fg, Color::Yellow);
    assert!(!buf[(x + 4, y)].modifier.contains(Modifier::UNDERLINED));
    // Enter keeps the filter, Esc clears it.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(app.visible.len(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible.len(), 3);
}

#[test]
fn err_and_blank_prefixes_filter_by_triage_need() {
    let mut app = three();
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!err");
    let names: Vec<String> = app
        .visible
        .iter()
        .map(|v| app.entries[v.entry].file_name())
        .collect();
    assert_eq!(names, ["failed.txt"]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!blank");
    assert_eq!(app.visible.len(), 1);
    assert_eq!(app.entries[app.visible[0].entry].file_name(), "blank.txt");
    // While typing, letters are text, not commands: q did not quit.
    type_str(&mut app, " q");
    assert!(!app.quit);
    app.handle_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        now(),
    );
    assert!(app.quit);
}

// ---- triage --------------------------------------------------------------------------------

#[test]
fn triage_keys_set_the_status_shown_in_the_list() {
    let mut app = three();
    key(&mut app, KeyCode::Char('f'));
    let e = app.entry(Path::new("in/failed.txt")).unwrap();
    assert_eq!(e.triage, Triage::NeedsFix);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "待整改");
    assert_eq!(y, at(&buf, "failed.txt").1);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.entry(Path::new("in/failed.txt")).unwrap().triage,
        Triage::Unreviewed
    );
    // e edits a note: Esc saves it; Ctrl-Q discards.
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode(), keymap::Mode::Note);
    type_str(&mut app, "缺表四");
    let buf = render_app(&app, 80, 24);
    at(&buf, "note: failed.txt");
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.entry(Path::new("in/failed.txt")).unwrap().note,
        "缺表四"
    );
    key(&mut app, KeyCode::Char('e'));
    type_str(&mut app, "xyz");
    app.handle_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
        now(),
    );
    assert_eq!(
        app.entry(Path::new("in/failed.txt")).unwrap().note,
        "缺表四"
    );
}

// ---- report view ---------------------------------------------------------------------------

fn opened_002(w: u16, h: u16) -> App {
    report_app(seed_002_like(), Theme::builtin(), w, h)
}

#[test]
fn a_failed_cell_is_drawn_in_the_error_style_with_actual_and_expected() {
    let mut app = opened_002(80, 24);
    assert!(app.goto_cell(TableId::T3, "r7", "tot"));
    let buf = render_app(&app, 80, 24);
    let (_, row_y) = at(&buf, "(七)总计");
    let cells: Vec<(u16, u16)> = find_text(&buf, "0!=15")
        .into_iter()
        .filter(|(_, y)| *y == row_y)
        .collect();
    assert_eq!(cells.len(), 2, "{}", dump(&buf));
    for (x, y) in &cells {
        for dx in 0..5 {
            let c = &buf[(x + dx, *y)];
            assert_eq!((c.fg, c.bg), (Color::White, Color::Red), "at {}", x + dx);
            assert!(c.modifier.contains(Modifier::BOLD));
        }
    }
    // The cursor sits on 总计 (the second one): reversed over the error style.
    assert!(buf[cells[1]].modifier.contains(Modifier::REVERSED));
    assert!(!buf[cells[0]].modifier.contains(Modifier::REVERSED));
}

#[test]
fn missing_cells_and_operands_of_failed_sums_have_their_own_styles() {
    let mut app = opened_002(80, 24);
    // The first finding is the group of blanks in 表二: the cursor starts on it.
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.item, 0);
    let buf = render_app(&app, 80, 24);
    let (_, y) = at(&buf, "行政处罚");
    let (x, _) = find_text(&buf, "-")
        .into_iter()
        .find(|(_, yy)| *yy == y)
        .expect("missing cell on the 行政处罚 row");
    assert_eq!(buf[(x, y)].fg, Color::Magenta);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));

    assert!(app.goto_cell(TableId::T3, "r1", "oth"));
    let buf = render_app(&app, 80, 24);
    let (_, y) = at(&buf, "(一)予以公开");
    let fifteen: Vec<(u16, u16)> = find_text(&buf, "15")
        .into_iter()
        .filter(|(_, yy)| *yy == y)
        .collect();
    assert_eq!(fifteen.len(), 2, "{}", dump(&buf));
    for p in fifteen {
        assert_eq!(buf[p].fg, Color::LightRed);
        assert!(buf[p].modifier.contains(Modifier::UNDERLINED));
    }
}

#[test]
fn mono_theme_draws_the_failed_cell_reversed_without_colour() {
    let mut app = report_app(seed_002_like(), Theme::shipped("mono").unwrap(), 80, 24);
    app.goto_cell(TableId::T3, "r7", "np");
    app.update(Action::Down, now());
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "0!=15");
    assert_eq!(
        (buf[(x, y)].fg, buf[(x, y)].bg),
        (Color::Reset, Color::Reset)
    );
    assert!(
        buf[(x, y)]
            .modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
}

#[test]
fn grid_columns_line_up_under_their_cjk_headers() {
    let mut app = opened_002(80, 24);
    app.goto_cell(TableId::T3, "r1", "np");
    let buf = render_app(&app, 80, 24);
    let (hx, hy) = at(&buf, "自然人");
    let (_, ry) = at(&buf, "(一)予以公开");
    assert!(ry > hy);
    // Right-aligned: the value ends where the header ends (自然人 is 6 cells).
    let row = buffer_row(&buf, ry);
    let pos = row.0.find("15").unwrap();
    let x15 = row.1[row.0[..pos].chars().count()];
    assert_eq!(x15 + 2, hx + 6);
    // 总计 header right edge = right edge of `0!=15` in (七)总计 / 总计.
    let (tx, _) = find_text(&buf, "总计")
        .into_iter()
        .find(|(_, y)| *y == hy)
        .unwrap();
    app.goto_cell(TableId::T3, "r7", "tot");
    let buf = render_app(&app, 80, 24);
    let (_, y7) = at(&buf, "(七)总计");
    let fx = find_text(&buf, "0!=15")
        .into_iter()
        .filter(|(_, y)| *y == y7)
        .map(|(x, _)| x)
        .max()
        .unwrap();
    assert_eq!(fx + 5, tx + 4);
}

#[test]
fn n_and_shift_n_walk_the_findings_and_the_grid_scrolls_to_each() {
    let mut app = opened_002(80, 24);
    let vh = |app: &App| {
        let l = layout::report(app.area(), app.report.as_ref().unwrap().pane_rows());
        l.grid.height as usize - 1
    };
    key(&mut app, KeyCode::Char('n'));
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.item, 1);
    let cell = &rv.grid.cells[rv.line][rv.col];
    assert_eq!(cell.text, "0!=15");
    assert!(rv.line >= rv.scroll_y && rv.line < rv.scroll_y + vh(&app));
    let buf = render_app(&app, 80, 24);
    at(&buf, "(七)总计");
    // The column header is pinned while 表三 is scrolled.
    at(&buf, "自然人");
    // N goes back; from the first finding it wraps to the last.
    app.handle_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT)),
        now(),
    );
    assert_eq!(app.report.as_ref().unwrap().item, 0);
    app.handle_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT)),
        now(),
    );
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.item, rv.items.len() - 1);
    assert!(rv.scroll_y <= rv.line);
}

#[test]
fn the_findings_pane_lists_rule_location_line_and_message() {
    let mut app = opened_002(100, 30);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.report.as_ref().unwrap().focus, Pane::Findings);
    let buf = render_app(&app, 100, 30);
    let (_, y) = at(&buf, "(七)总计 总计 should be 15");
    let line = row_text(&buf, y);
    assert!(line.contains("T3-SUM7"), "{line}");
    assert!(line.contains("表三 (七)总计/总计"), "{line}");
    assert!(line.contains("L42"), "{line}");
    let (ex, ey) = find_text(&buf, "E")
        .into_iter()
        .find(|(_, yy)| *yy == y)
        .unwrap();
    assert_eq!(buf[(ex, ey)].fg, Color::LightRed);
    let (_, gy) = at(&buf, "C-BLANK");
    assert!(row_text(&buf, gy).contains("行政处罚 处理决定数量 is blank"));
    // The selected item (the first) is drawn with the selection style when the pane has focus.
    assert_eq!(buf[(5, gy)].bg, Color::Blue);
}

// ---- source view ---------------------------------------------------------------------------

#[test]
fn enter_on_a_finding_shows_its_line_with_the_value_highlighted() {
    let mut app = opened_002(80, 24);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenKind::Source);
    let sv = app.source.as_ref().unwrap();
    assert_eq!(sv.focus, 41);
    assert_eq!(sv.token.as_deref(), Some("0"));
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "（七）总计");
    assert!(row_text(&buf, y).contains("42>"));
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let zeros: Vec<u16> = find_text(&buf, "0")
        .into_iter()
        .filter(|(xx, yy)| *yy == y && *xx > x)
        .map(|(xx, _)| xx)
        .collect();
    assert_eq!(zeros.len(), 7);
    for zx in zeros {
        assert_eq!(buf[(zx, y)].bg, Color::Yellow);
    }
    // h goes back to the report view, then to the list.
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.screen, ScreenKind::Report);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenKind::List);
}

#[test]
fn the_source_view_strips_escape_sequences_and_ambiguous_characters() {
    let mut r = seed_002_like();
    r.lines.set(41, "（七）总计\u{1b}[31m 0 — 15…");
    let mut app = report_app(r, Theme::builtin(), 80, 24);
    app.goto_cell(TableId::T3, "r7", "tot");
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, ScreenKind::Source);
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("（七）总计 0 - 15..."), "{text}");
    assert!(!text.contains('\u{1b}'));
}

// ---- help, sizes, width policy -------------------------------------------------------------

#[test]
fn help_lists_every_key_of_the_keymap() {
    let mut app = three();
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    // At 80x24 the help may need scrolling (it says so in its title): look at every position.
    let bufs: Vec<Buffer> = (0..KEYMAP.len())
        .map(|_| {
            let b = render_app(&app, 80, 24);
            key(&mut app, KeyCode::Char('j'));
            b
        })
        .collect();
    for b in KEYMAP {
        let label = keys_label(b);
        let found = bufs.iter().any(|buf| {
            find_text(buf, b.help).into_iter().any(|(hx, y)| {
                let row = row_text(buf, y);
                let (_, xs) = buffer_row(buf, y);
                row.find(&label)
                    .is_some_and(|p| xs[row[..p].chars().count()] < hx)
            })
        });
        assert!(found, "help misses {label}: {}\n{}", b.help, dump(&bufs[0]));
    }
    key(&mut app, KeyCode::Esc);
    assert!(!app.help);
}

#[test]
fn no_size_panics_and_tiny_terminals_get_a_message() {
    let mut app = opened_002(80, 24);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (10, 3),
        (59, 30),
        (60, 15),
        (80, 24),
        (200, 60),
        (61, 16),
    ] {
        app.update(Action::Resize(w, h), now());
        for screen in 0..3 {
            match screen {
                0 => app.screen = ScreenKind::List,
                1 => app.screen = ScreenKind::Report,
                _ => {
                    key(&mut app, KeyCode::Char('v'));
                }
            }
            app.help = screen == 2;
            let _ = render_app(&app, w, h);
            app.help = false;
            key(&mut app, KeyCode::Char('G'));
            key(&mut app, KeyCode::Right);
            key(&mut app, KeyCode::Right);
            let _ = render_app(&app, w, h);
        }
    }
    let buf = render_app(&app, 40, 10);
    at(&buf, "terminal too small");
}

#[test]
fn a_narrow_grid_scrolls_columns_to_keep_the_cursor_visible() {
    let mut app = opened_002(60, 20);
    app.goto_cell(TableId::T3, "r7", "tot");
    let buf = render_app(&app, 60, 20);
    // The 总计 column is on screen (scrolled right if needed) and the row is visible.
    let (_, y) = at(&buf, "(七)总计");
    assert!(
        find_text(&buf, "0!=15").iter().any(|(_, yy)| *yy == y),
        "{}",
        dump(&buf)
    );
    key(&mut app, KeyCode::Char('g'));
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.scroll_y, 0);
}

#[test]
fn nothing_ambiguous_width_is_ever_drawn() {
    let mut r = seed_002_like();
    r.body = Some("某县—政务公开办公室……①".into());
    r.path = PathBuf::from("in/报告×2“终稿”.txt");
    r.findings[1].message = "总计≠合计 ∅ → 15".into();
    let mut app = App::new(Theme::builtin(), (100, 30));
    load(&mut app, r.clone());
    for screen in 0..2 {
        if screen == 1 {
            app.open_report(&r.path);
            key(&mut app, KeyCode::Char('n'));
        }
        let buf = render_app(&app, 100, 30);
        for cell in buf.content() {
            let s = cell.symbol();
            assert_eq!(s.width(), s.width_cjk(), "`{s}` drawn:\n{}", dump(&buf));
        }
    }
}

#[test]
fn a_report_without_tables_and_an_unreadable_file_open_without_panicking() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let mut note = Report::empty(PathBuf::from("notes.md"));
    note.lines = ["hello"].into_iter().collect();
    load(&mut app, note);
    load(
        &mut app,
        Report::unreadable(PathBuf::from("bad.txt"), "invalid data"),
    );
    for p in ["notes.md", "bad.txt"] {
        app.open_report(Path::new(p));
        assert_eq!(app.screen, ScreenKind::Report);
        let buf = render_app(&app, 80, 24);
        key(&mut app, KeyCode::Char('n'));
        key(&mut app, KeyCode::Enter);
        let _ = render_app(&app, 80, 24);
        if p == "bad.txt" {
            at(&buf, "could not read this file: invalid data");
        } else {
            at(&buf, "no statistical tables found");
        }
        app.screen = ScreenKind::List;
    }
}

#[test]
fn a_missing_table_says_so_in_the_grid() {
    let mut r = seed_002_like();
    r.tables.t4 = None;
    let mut app = report_app(r, Theme::builtin(), 80, 24);
    app.update(Action::Bottom, now());
    let buf = render_app(&app, 80, 24);
    at(&buf, "表四 was not found in the report");
}

#[test]
fn messages_expire_on_ticks() {
    let mut app = three();
    let t0 = Instant::now();
    app.update(Action::CycleSort, t0);
    assert!(app.message.is_some());
    app.handle_event(AppEvent::Tick, t0 + Duration::from_secs(1));
    assert!(app.message.is_some());
    app.handle_event(AppEvent::Tick, t0 + Duration::from_secs(10));
    assert!(app.message.is_none());
}

#[test]
fn a_2021_report_grid_uses_the_2021_labels() {
    let v = TemplateVersion::V2021;
    let mut r = report("y/2023.txt", "元江县人民政府办公室", vec![]);
    r.template = Some(v);
    r.tables.t2 = Some(Table::blank(v, TableId::T2));
    r.tables.t3 = Some(Table::blank(v, TableId::T3));
    r.tables.t4 = Some(Table::blank(v, TableId::T4));
    let buf = render_report(r, 80, 24);
    at(&buf, "行政规范性文件");
    at(&buf, "现行有效");
}

// ---- live inbox: a real directory, the real watcher and loader, the app's event path -------

/// Applies events from `rx` (as the run loop does) until `done` holds; generous timeout, so
/// only a real failure fails.
fn pump(
    app: &mut App,
    rx: &std::sync::mpsc::Receiver<AppEvent>,
    ctl: &std::sync::mpsc::Sender<event::WatchControl>,
    what: &str,
    done: impl Fn(&App) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(app) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "timed out waiting for: {what}");
        if let Ok(ev) = rx.recv_timeout(left.min(Duration::from_millis(200))) {
            app.handle_event(ev, now());
            run_effects(app, Some(ctl));
        }
    }
}

fn sample_text(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

const CLEAN: &str = "2020-city-gov-clean.txt";
const TOTAL: &str = "(七)总计\n\n167\n";
const BROKEN_TOTAL: &str = "(七)总计\n\n168\n";

#[test]
fn the_live_inbox_updates_the_list_and_the_open_report_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let clean = root.join("clean.txt");
    let other = root.join("other.txt");
    let text = sample_text(CLEAN);
    assert!(text.contains(TOTAL));
    std::fs::write(&clean, &text).unwrap();
    std::fs::write(&other, sample_text("2024-city-gov-t3-row-broken.txt")).unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let mut app = App::new(Theme::builtin(), (80, 24));
    app.watch = Some(app::WatchState::default());
    let ctl = event::spawn_watch(vec![root.clone()], None, tx.clone());
    event::spawn_loader(vec![root.clone()], tx);
    pump(&mut app, &rx, &ctl, "initial load and watcher", |a| {
        a.progress.done == 2 && a.watch.as_ref().is_some_and(|w| !w.status.is_empty())
    });
    assert!(app.watch.as_ref().unwrap().status.contains("watching"));
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 23).contains("watching (native)"),
        "{}",
        dump(&buf)
    );
    assert_eq!(app.entry(&clean).unwrap().failed(), 0);

    // The inspector has the clean report open when its submitter breaks a total.
    app.open_report(&clean);
    std::fs::write(&clean, text.replace(TOTAL, BROKEN_TOTAL)).unwrap();
    pump(&mut app, &rx, &ctl, "the broken total", |a| {
        a.entry(&clean).is_some_and(|e| e.failed() > 0)
    });
    assert_eq!(app.screen, ScreenKind::Report);
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.path, clean);
    let summary = rv.changes.clone().unwrap();
    assert!(summary.starts_with("0 fixed, "), "{summary}");
    assert!(rv.new.iter().any(|&n| n));
    let buf = render_app(&app, 80, 24);
    assert!(
        dump(&buf).contains(&format!("changed: {summary}")),
        "{}",
        dump(&buf)
    );
    let (_, y) = at(&buf, "T3-SUM7");
    assert_eq!(buffer_row(&buf, y).0.chars().nth(2), Some('+'));
    // Open while it changed: not marked updated.
    assert!(!app.entry(&clean).unwrap().updated);

    // Back in the list, on the clean report; the submitter fixes it by an editor's atomic save.
    app.update(Action::Back, now());
    assert_eq!(app.selected.as_deref(), Some(clean.as_path()));
    let tmp = root.join(".clean.txt.swp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &clean).unwrap();
    pump(&mut app, &rx, &ctl, "the fixed total", |a| {
        a.entry(&clean).is_some_and(|e| e.failed() == 0)
    });
    let e = app.entry(&clean).unwrap();
    assert!(e.updated, "changed while not viewed");
    let c = e.changes.as_ref().unwrap();
    assert!(c.new.is_empty() && c.fixed.iter().any(|f| f.rule == "T3-SUM7"));
    // The selection stayed on the same report although it moved in the worst-first order.
    assert_eq!(app.selected.as_deref(), Some(clean.as_path()));

    // Paused: changes wait; resumed: they arrive.
    key(&mut app, KeyCode::Char('p'));
    run_effects(&mut app, Some(&ctl));
    assert!(app.watch.as_ref().unwrap().paused);
    app.message = None;
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 23).contains("PAUSED (p resumes)"),
        "{}",
        dump(&buf)
    );
    std::fs::remove_file(&other).unwrap();
    let until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < until {
        if let Ok(ev) = rx.recv_timeout(Duration::from_millis(100)) {
            app.handle_event(ev, now());
        }
    }
    assert!(app.entry(&other).is_some(), "removed while paused");
    key(&mut app, KeyCode::Char('p'));
    run_effects(&mut app, Some(&ctl));
    pump(&mut app, &rx, &ctl, "the removal after resume", |a| {
        a.entry(&other).is_none()
    });
    assert_eq!(app.entries.len(), 1);
    assert_eq!(app.selected.as_deref(), Some(clean.as_path()));
}

#[test]
fn a_read_that_began_earlier_never_replaces_a_later_one() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let loaded = |findings, seq| {
        AppEvent::ReportLoaded(Box::new(app::Loaded {
            report: report("x.txt", "甲", findings),
            modified: None,
            hash: None,
            seq,
        }))
    };
    app.handle_event(loaded(vec![err("T3-ID")], 5), now());
    app.handle_event(loaded(vec![], 3), now());
    assert_eq!(app.entry(Path::new("x.txt")).unwrap().failed(), 1);
    app.handle_event(
        AppEvent::Removed {
            path: "x.txt".into(),
            seq: 7,
        },
        now(),
    );
    app.handle_event(loaded(vec![], 6), now());
    assert!(app.entry(Path::new("x.txt")).is_none());
}

// ---- persistent triage: a real store in a temporary inbox ----------------------------------

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

/// An inbox with three samples; the app (80x24) has loaded them and opened the inbox's store.
fn triage_inbox() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = [
        CLEAN,
        "2024-city-gov-t3-row-broken.txt",
        "2020-county-office-t3-sum7-broken.txt",
    ]
    .iter()
    .map(|n| {
        let p = dir.path().join(n);
        std::fs::write(&p, sample_text(n)).unwrap();
        p
    })
    .collect();
    (dir, files)
}

fn open_app(dir: &Path, files: &[PathBuf]) -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    for f in files {
        load_file(&mut app, f);
    }
    app.set_store(crate::state::Store::open_inbox(dir).unwrap(), now());
    app
}

fn select(app: &mut App, path: &Path) {
    app.selected = Some(path.to_path_buf());
    app.user_moved = true;
}

#[test]
fn statuses_and_notes_are_saved_at_once_and_survive_a_restart() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    for (f, k) in files.iter().zip(['a', 'f', 'x']) {
        select(&mut app, f);
        key(&mut app, KeyCode::Char(k));
    }
    select(&mut app, &files[1]);
    key(&mut app, KeyCode::Char('e'));
    type_str(&mut app, "表三第七行合计有误");
    key(&mut app, KeyCode::Enter);
    type_str(&mut app, "请更正");
    key(&mut app, KeyCode::Esc);
    assert!(dir.path().join(".gouji/state.json").exists());
    // No orderly exit: the app is simply dropped, as after kill -9.
    drop(app);

    let mut app = open_app(dir.path(), &files);
    let triage: Vec<Triage> = files.iter().map(|f| app.entry(f).unwrap().triage).collect();
    assert_eq!(
        triage,
        [Triage::Accepted, Triage::NeedsFix, Triage::Rejected]
    );
    assert_eq!(
        app.entry(&files[1]).unwrap().note,
        "表三第七行合计有误\n请更正"
    );
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "待整改+");
    assert_eq!(y, at(&buf, "2024-city-gov-t3-").1);
    assert_eq!(buf[(x, y)].fg, app.theme.triage_needs_fix.fg.unwrap());

    // u undoes the last status change (persisted too).
    select(&mut app, &files[2]);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.entry(&files[2]).unwrap().triage, Triage::Rejected);
    let app = open_app(dir.path(), &files);
    assert_eq!(app.entry(&files[2]).unwrap().triage, Triage::Rejected);
}

#[test]
fn a_dismissed_finding_stays_visible_greyed_and_stops_counting() {
    let (dir, files) = triage_inbox();
    let broken = &files[2];
    let mut app = open_app(dir.path(), &files);
    let failed = app.entry(broken).unwrap().failed();
    assert!(failed > 0);
    app.open_report(broken);
    key(&mut app, KeyCode::Tab);
    // The first item is the first failed check.
    let rv = app.report.as_ref().unwrap();
    let first = rv.items[0]
        .first(app.report_of(broken).unwrap())
        .unwrap()
        .clone();
    assert_eq!(rv.items[0].findings.len(), 1);
    let index = rv.items[0].findings[0];
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.mode(), keymap::Mode::Reason);
    let buf = render_app(&app, 80, 24);
    at(&buf, "Enter dismiss   Esc cancel");
    type_str(&mut app, "跨页误读");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(app.entry(broken).unwrap().failed(), failed - 1);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "dismissed (跨页误读)");
    assert_eq!(buf[(x, y)].fg, app.theme.dim.fg.unwrap());
    let (rx, ry) = at(&buf, first.rule.id());
    assert_eq!(ry, y);
    assert_eq!(buf[(rx, ry)].fg, app.theme.dim.fg.unwrap());
    // Saved: a new process sees the dismissal and the lower count.
    let again = open_app(dir.path(), &files);
    assert_eq!(again.entry(broken).unwrap().failed(), failed - 1);
    assert_eq!(
        again.entry(broken).unwrap().dismissal(index),
        Some("跨页误读")
    );
    // d on a dismissed finding restores it.
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.entry(broken).unwrap().failed(), failed);
    assert_eq!(
        open_app(dir.path(), &files).entry(broken).unwrap().failed(),
        failed
    );
}

#[test]
fn a_replaced_file_is_unreviewed_again_and_shows_its_history() {
    let (dir, files) = triage_inbox();
    let clean = &files[0];
    let mut app = open_app(dir.path(), &files);
    select(&mut app, clean);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('e'));
    type_str(&mut app, "无问题");
    key(&mut app, KeyCode::Esc);
    app.open_report(clean);
    // The submitter sends a new version (a total broken); the watcher's reload arrives.
    std::fs::write(clean, sample_text(CLEAN).replace(TOTAL, BROKEN_TOTAL)).unwrap();
    load_file(&mut app, clean);
    let e = app.entry(clean).unwrap();
    assert_eq!(e.triage, Triage::Unreviewed);
    assert_eq!(e.note, "");
    assert_eq!(e.history.len(), 1);
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("[replaced: unreviewed]"), "{text}");
    assert!(text.contains("earlier content ("), "{text}");
    assert!(text.contains("): 通过; note: 无问题"), "{text}");
}

#[test]
fn capital_e_exports_the_rectification_list_and_says_where() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    select(&mut app, &files[2]);
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('E'));
    let out = app.last_export.clone().expect("exported");
    assert_eq!(out.parent().unwrap(), dir.path().join(".gouji"));
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("整改清单-") && name.ends_with(".md"),
        "{name}"
    );
    let md = std::fs::read_to_string(&out).unwrap();
    let body = app.report_of(&files[2]).unwrap().body.clone().unwrap();
    assert!(md.contains(&body), "{md}");
    assert!(md.contains("待整改"), "{md}");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains(&out.display().to_string())
    );
}

#[test]
fn another_process_changes_appear_and_a_corrupt_state_file_is_reported() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    let mut other = crate::state::Store::open_inbox(dir.path()).unwrap();
    let hash = app.entry(&files[1]).unwrap().hash.clone().unwrap();
    other
        .set_status(&files[1], &hash, crate::state::Status::Rejected)
        .unwrap();
    app.handle_event(AppEvent::Tick, now());
    assert_eq!(app.entry(&files[1]).unwrap().triage, Triage::Rejected);

    std::fs::write(dir.path().join(".gouji/state.json"), "{ truncated").unwrap();
    let app = open_app(dir.path(), &files);
    let w = app.state_warning.clone().expect("a warning");
    assert!(w.contains("kept as"), "{w}");
    let mut app = app;
    app.message = None;
    let buf = render_app(&app, 160, 50);
    assert!(
        row_text(&buf, 49).contains("could not be read"),
        "{}",
        dump(&buf)
    );
}
