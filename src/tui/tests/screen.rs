//! Help, terminal sizes, the width policy and messages.

use super::*;

#[test]
fn help_lists_every_key_of_the_keymap() {
    let mut app = three();
    key(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.overlay, Overlay::Help { .. }));
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
    assert!(matches!(app.overlay, Overlay::None));
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
            app.overlay = if screen == 2 {
                Overlay::Help { scroll: 0 }
            } else {
                Overlay::None
            };
            let _ = render_app(&app, w, h);
            app.overlay = Overlay::None;
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

#[test]
fn a_message_answers_one_key_and_the_next_key_clears_it() {
    let mut app = three();
    key(&mut app, KeyCode::Char('s'));
    let buf = render_app(&app, 80, 24);
    assert!(row_text(&buf, 23).contains("sorted by name"));
    assert_eq!(buf[(1, 23)].fg, app.theme.message.fg.unwrap());
    key(&mut app, KeyCode::Char('j'));
    let buf = render_app(&app, 80, 24);
    assert!(!row_text(&buf, 23).contains("sorted by name"));
    assert!(
        row_text(&buf, 23).contains("reviewed 0/3"),
        "{}",
        dump(&buf)
    );
}
