//! Keys that fit habits (issue 15 §5): vim columns, q closes a view, readline editing, table
//! jumps, triage filter tokens.

use super::walk::{dir_app, samples_dir};
use super::*;

fn ctrl_key(app: &mut App, c: char) {
    let now = now();
    app.apply_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        now,
    );
    app.settle();
}

#[test]
fn h_and_l_move_between_grid_columns_and_backspace_and_q_go_back() {
    let mut app = opened_002(80, 24);
    app.update(Action::SwitchPane, now());
    app.report.as_mut().unwrap().focus = Pane::Grid;
    key(&mut app, KeyCode::Char('0'));
    app.report.as_mut().unwrap().col = 0;
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(app.report.as_ref().unwrap().col, 1);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.report.as_ref().unwrap().col, 2);
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.report.as_ref().unwrap().col, 1);
    assert_eq!(app.screen, ScreenKind::Report);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.screen, ScreenKind::List);
    key(&mut app, KeyCode::Enter);
    // `q` in a view closes it (the status bar says so); in the list it quits.
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "q back");
    assert_eq!(y, 23);
    assert_eq!(buf[(x, y)].bg, app.theme.status_bar.bg.unwrap());
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, ScreenKind::List);
    assert!(!app.quit);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn ctrl_u_clears_the_filter_line_and_ctrl_w_deletes_a_word() {
    let mut app = three();
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "鄂城 2020");
    ctrl_key(&mut app, 'w');
    assert_eq!(app.list.filter_input.lines(), ["鄂城 "]);
    assert_eq!(app.list.visible.len(), 1);
    ctrl_key(&mut app, 'u');
    assert_eq!(app.list.filter_input.lines(), [""]);
    assert_eq!(app.list.visible.len(), 3);
}

#[test]
fn number_keys_jump_to_a_table_and_the_header_names_the_missing_ones() {
    let path = samples_dir().join("2019-district-gov-missing-t4-missing-section-6.txt");
    let report = crate::catalog::load_file(&path, &crate::audit::AuditConfig::default());
    assert!(report.tables.get(TableId::T4).is_none());
    let mut app = report_app(report, Theme::builtin(), 100, 30);
    let buf = render_app(&app, 100, 30);
    let (x, y) = at(&buf, "no 表四");
    assert_eq!(y, 0);
    assert_eq!(buf[(x, y)].bg, app.theme.title.bg.unwrap());
    key(&mut app, KeyCode::Char('3'));
    let rv = app.report.as_ref().unwrap();
    assert!(matches!(
        rv.grid.lines[rv.line],
        grid::Line::Row {
            table: TableId::T3,
            row: 0,
            ..
        }
    ));
    key(&mut app, KeyCode::Char('4'));
    let buf = render_app(&app, 100, 30);
    assert!(
        row_text(&buf, 29).contains("表四 was not found in this report"),
        "{}",
        dump(&buf)
    );
    key(&mut app, KeyCode::Char('2'));
    let rv = app.report.as_ref().unwrap();
    assert!(matches!(
        rv.grid.lines[rv.line],
        grid::Line::Row {
            table: TableId::T2,
            ..
        }
    ));
}

#[test]
fn triage_tokens_filter_the_samples_and_an_unknown_token_is_an_error_in_the_filter_line() {
    let mut app = dir_app(&samples_dir(), 100, 30);
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "rule:T3-SUM7");
    let names = shown_names(&app);
    assert!(names.contains(&"2020-county-office-t3-sum7-broken.txt".to_string()));
    assert!(!names.contains(&"2020-city-gov-clean.txt".to_string()));
    for v in &app.list.visible {
        let r = app.inbox.entries[v.entry].summary().unwrap();
        assert!(r.kinds().any(|(rule, _)| rule == "T3-SUM7"), "{names:?}");
    }
    ctrl_key(&mut app, 'u');
    type_str(&mut app, "!todo");
    let reports = app.inbox.entries.iter().filter(|e| e.is_report()).count();
    assert_eq!(app.list.visible.len(), reports);
    type_str(&mut app, " !nope");
    // The bad token is ignored (the list is not emptied) and the line says what is wrong.
    assert_eq!(app.list.visible.len(), reports);
    let buf = render_app(&app, 100, 30);
    let (x, y) = at(&buf, "unknown filter !nope");
    assert_eq!(y, 28, "{}", dump(&buf));
    assert_eq!(buf[(x, y)].fg, app.theme.finding_error.fg.unwrap());
}
