//! The report list: sorting, selection, filtering and the triage keys.

use super::*;

#[test]
fn the_list_is_sorted_worst_first_with_red_error_badges() {
    let app = three();
    let names = shown_names(&app);
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
    assert_eq!(
        app.list.selected.as_deref(),
        Some(Path::new("in/blank.txt"))
    );
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.list.sort, SortMode::Name);
    let names = shown_names(&app);
    assert_eq!(names, ["blank.txt", "clean.txt", "failed.txt"]);
    assert_eq!(
        app.list.selected.as_deref(),
        Some(Path::new("in/blank.txt"))
    );
    assert_eq!(app.cursor(), Some(0));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.list.sort, SortMode::Modified);
    for mode in [
        SortMode::Year,
        SortMode::Body,
        SortMode::Status,
        SortMode::Disclosure,
        SortMode::Correction,
        SortMode::Errors,
    ] {
        key(&mut app, KeyCode::Char('s'));
        assert_eq!(app.list.sort, mode);
    }
    // `r` turns the order around; the title says so and the selection stays.
    key(&mut app, KeyCode::Char('r'));
    let names = shown_names(&app);
    assert_eq!(names, ["clean.txt", "blank.txt", "failed.txt"]);
    assert_eq!(
        app.list.selected.as_deref(),
        Some(Path::new("in/blank.txt"))
    );
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 0).contains("sorted by errors, reversed"),
        "{}",
        dump(&buf)
    );
    assert_eq!(buf[(1, 0)].bg, app.theme.title.bg.unwrap());
}

#[test]
fn reports_arriving_later_do_not_move_the_selection_to_another_report() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    load(&mut app, report("a.txt", "甲", vec![]));
    load(&mut app, report("b.txt", "乙", vec![]));
    // Until the user moves, the cursor stays on the top line as reports pour in.
    load(&mut app, report("c.txt", "丙", vec![err("T3-ID")]));
    assert_eq!(app.list.selected.as_deref(), Some(Path::new("c.txt")));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.list.selected.as_deref(), Some(Path::new("a.txt")));
    load(
        &mut app,
        report("d.txt", "丁", vec![err("T3-ID"), err("T3-ROW")]),
    );
    // d sorts above a; the cursor follows a.
    assert_eq!(app.list.selected.as_deref(), Some(Path::new("a.txt")));
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
    let (x, y) = at(&buf, "cannot read: Permission denied");
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
    app.list.selected = Some("in/clean.txt".into());
    app.update(Action::Open, now());
    assert!(!app.entry(Path::new("in/clean.txt")).unwrap().updated);
    app.handle_event(
        AppEvent::Removed {
            path: "in/clean.txt".into(),
            seq: 0,
        },
        now(),
    );
    // The open report stays on screen (it says the file is gone) until the user leaves.
    assert_eq!(app.screen, ScreenKind::Report);
    assert!(app.report_gone());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenKind::List);
    assert_eq!(app.list.visible.len(), 2);
}

// ---- filter --------------------------------------------------------------------------------

#[test]
fn the_filter_narrows_the_list_and_highlights_matched_characters() {
    let mut app = three();
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode(), keymap::Mode::Filter);
    type_str(&mut app, "鄂城");
    assert_eq!(app.list.visible.len(), 1);
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
    assert_eq!(app.list.visible.len(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.visible.len(), 3);
}

#[test]
fn err_and_blank_prefixes_filter_by_triage_need() {
    let mut app = three();
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!err");
    let names = shown_names(&app);
    // Missing cells are errors too, as `check` counts "reports with errors".
    assert_eq!(names, ["failed.txt", "blank.txt"]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!blank");
    assert_eq!(app.list.visible.len(), 1);
    assert_eq!(
        app.inbox.entries[app.list.visible[0].entry].file_name(),
        "blank.txt"
    );
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
    assert_eq!(e.triage, Status::NeedsFix);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "待整改");
    assert_eq!(y, at(&buf, "failed.txt").1);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.entry(Path::new("in/failed.txt")).unwrap().triage,
        Status::Unreviewed
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

#[test]
fn an_undecided_report_says_unreviewed_in_the_triage_column_and_a_decided_one_its_status() {
    let mut app = three();
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "未审核");
    assert_eq!(y, 2);
    assert_eq!(
        buf[(x, y)].modifier,
        app.theme.dim.add_modifier | app.theme.selection.add_modifier
    );
    let (_, y2) = *find_text(&buf, "未审核").last().unwrap();
    assert_eq!(buf[(x, y2)].fg, app.theme.dim.fg.unwrap_or(Color::Reset));
    key(&mut app, KeyCode::Char('f'));
    let buf = render_app(&app, 80, 24);
    assert_eq!(find_text(&buf, "未审核").len(), 2);
}
