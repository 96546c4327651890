//! `/` searches the text of the source and report views, `n`/`N` step through the matches as in
//! less (issue 15 §4).

use super::*;

/// A report of 40 source lines; "依申请公开" is on lines 5 and 20 (1-based).
fn source_app() -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let mut r = report("in/text.txt", "兰州市人民政府", vec![]);
    r.lines = (1..=40)
        .map(|i| match i {
            5 | 20 => format!("第{i}行 本年度依申请公开 12 件"),
            _ => format!("第{i}行 主动公开"),
        })
        .collect();
    load(&mut app, r);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, ScreenKind::Source);
    app
}

fn search(app: &mut App, text: &str) {
    key(app, KeyCode::Char('/'));
    assert_eq!(app.mode(), keymap::Mode::Search);
    type_str(app, text);
    key(app, KeyCode::Enter);
}

fn status(app: &App) -> String {
    row_text(&render_app(app, 80, 24), 23)
}

#[test]
fn a_match_in_the_source_view_is_highlighted_in_the_search_style_and_n_goes_to_the_next() {
    let mut app = source_app();
    search(&mut app, "依申请公开");
    assert_eq!(app.source.as_ref().unwrap().hit, Some(4));
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "依申请公开");
    assert!(row_text(&buf, y).contains("第5行"), "{}", dump(&buf));
    let m = app.theme.search_match;
    assert_eq!(buf[(x, y)].bg, m.bg.unwrap());
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // The text around the match keeps the plain style.
    let (px, py) = at(&buf, "本年度");
    assert_ne!(buf[(px, py)].bg, m.bg.unwrap());
    assert!(
        status(&app).contains("search: 依申请公开"),
        "{}",
        status(&app)
    );

    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.source.as_ref().unwrap().hit, Some(19));
    let buf = render_app(&app, 80, 24);
    let lit: Vec<u16> = find_text(&buf, "依申请公开")
        .into_iter()
        .filter(|&(x, y)| buf[(x, y)].bg == m.bg.unwrap())
        .map(|(_, y)| y)
        .collect();
    assert!(
        lit.iter().any(|&y| row_text(&buf, y).contains("第20行")),
        "{}",
        dump(&buf)
    );

    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.source.as_ref().unwrap().hit, Some(4));
    assert!(status(&app).contains("search wrapped"), "{}", status(&app));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.source.as_ref().unwrap().hit, Some(19));
    assert!(status(&app).contains("search wrapped"));

    // Esc ends the search first; the next Esc leaves the view.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenKind::Source);
    assert!(app.source.as_ref().unwrap().search.is_none());
    let buf = render_app(&app, 80, 24);
    assert!(
        find_text(&buf, "依申请公开")
            .iter()
            .all(|&(x, y)| buf[(x, y)].bg != m.bg.unwrap())
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenKind::List);
}

#[test]
fn a_search_with_no_match_says_not_found_and_esc_in_the_input_cancels() {
    let mut app = source_app();
    search(&mut app, "说明不全");
    assert!(
        status(&app).contains("not found: 说明不全"),
        "{}",
        status(&app)
    );
    let top = app.source.as_ref().unwrap().top;
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "依申请");
    let buf = render_app(&app, 80, 24);
    assert!(row_text(&buf, 23).starts_with("/依申请"), "{}", dump(&buf));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(app.screen, ScreenKind::Source);
    assert_eq!(app.source.as_ref().unwrap().top, top);
}

#[test]
fn ctrl_u_and_ctrl_w_edit_the_search_as_in_the_filter() {
    let mut app = source_app();
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "主动 依申请");
    let ctrl = |app: &mut App, c| {
        app.apply_event(
            AppEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            now(),
        )
    };
    ctrl(&mut app, 'w');
    assert_eq!(app.search_input.lines().join(""), "主动 ");
    ctrl(&mut app, 'u');
    assert_eq!(app.search_input.lines().join(""), "");
}

#[test]
fn a_search_in_the_mono_theme_is_reversed_and_underlined() {
    let mut app = source_app();
    app.theme = Theme::shipped("mono").unwrap();
    search(&mut app, "依申请公开");
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "依申请公开");
    let m = buf[(x, y)].modifier;
    assert!(m.contains(Modifier::REVERSED) && m.contains(Modifier::UNDERLINED));
}

#[test]
fn the_report_view_search_moves_the_grid_cursor_to_a_row_label_and_then_to_a_finding() {
    let mut r = seed_002_like();
    r.findings = vec![
        err("T3-ID"),
        Finding::new(
            crate::rules::Rule::from_id("C-BLANK").unwrap(),
            Severity::Warning,
            "空白单元格: 说明不全\x1b[31m",
        ),
    ];
    let mut app = report_app(r, Theme::builtin(), 100, 40);
    let rv = app.report.as_ref().unwrap();
    // A row label further down the grid than the cursor.
    let (line, label) = rv
        .grid
        .row_lines()
        .filter(|&l| l > rv.line)
        .map(|l| (l, rv.grid.labels[l].clone()))
        .find(|(_, l)| l.chars().count() >= 4)
        .unwrap();
    let query: String = label.trim().chars().take(4).collect();
    let first = rv
        .grid
        .row_lines()
        .find(|&l| l > rv.line && rv.grid.labels[l].contains(&query))
        .unwrap();
    assert!(first <= line);
    search(&mut app, &query);
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.line, first);
    assert_eq!(rv.focus, Pane::Grid);
    let buf = render_app(&app, 100, 40);
    let shown = rv.grid.labels[first].trim().to_string();
    let (x, y) = at(&buf, &shown);
    assert_eq!(
        Some(buf[(x, y)].bg),
        app.theme.selection.bg,
        "{}",
        dump(&buf)
    );
    assert!(row_text(&buf, 39).contains(&format!("search: {query}")));

    // A finding's message (sanitised: the escape never reaches the search or the screen).
    search(&mut app, "说明不全");
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.focus, Pane::Findings);
    let report = app.report_of(&rv.path).unwrap();
    let f = rv.items[rv.item].first(report).unwrap();
    assert!(f.message().contains("说明不全"));
    // n/N mean matches while the search is active, findings again after Esc.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenKind::Report);
    let item = app.report.as_ref().unwrap().item;
    key(&mut app, KeyCode::Char('n'));
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.item, (item + 1) % rv.items.len());
}
