//! The report view (grid and findings, with styles) and the source view.

use super::*;

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
    // q closes the source view (as VisiData), Esc the report view.
    key(&mut app, KeyCode::Char('q'));
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
    // Enter on the grid shows the cell under the cursor (`v` the selected finding's line).
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenKind::Source);
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("（七）总计 0 - 15..."), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn the_source_view_of_a_pdf_shows_each_lines_page_beside_its_number() {
    let mut r = seed_002_like();
    // As a PDF's report has them: the page of every rebuilt line.
    r.pages = (0..r.lines.len() as u32)
        .map(|i| if i < 40 { 3 } else { 4 })
        .collect();
    let mut app = report_app(r, Theme::builtin(), 80, 24);
    app.goto_cell(TableId::T3, "r7", "tot");
    key(&mut app, KeyCode::Enter);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "（七）总计");
    let row = row_text(&buf, y);
    assert!(row.starts_with("p.4     42>"), "{row}");
    // The page label takes the focus line's gutter style; the text starts after the gutter.
    let (px, _) = at(&buf, "p.4");
    assert_eq!(buf[(px, y)].fg, Color::Cyan);
    assert_eq!(x, 12);
    let earlier = find_text(&buf, "p.3");
    assert!(!earlier.is_empty(), "{}", dump(&buf));
    assert_eq!(buf[earlier[0]].fg, Color::DarkGray);
}

#[test]
fn in_mono_the_cursor_a_warning_cell_and_an_error_cell_look_different() {
    let mut r = seed_002_like();
    r.findings.push(
        Finding::new(crate::rules::Rule::PUnit, Severity::Warning, "unit").at(
            TableId::T3,
            Some("r1"),
            Some("np"),
        ),
    );
    let mut app = report_app(r, Theme::shipped("mono").unwrap(), 160, 50);
    // The cursor on a plain cell: (一)予以公开, second column.
    assert!(app.goto_cell(TableId::T3, "r1", "np"));
    app.report.as_mut().unwrap().col = 1;
    let buf = render_app(&app, 160, 50);
    // The grid row (the findings beside the grid name the same rows in their locations).
    let style_of = |needle: &str, row: &str| {
        let y = (0..50)
            .find(|&y| row_text(&buf, y).contains(row) && row_text(&buf, y).contains(needle))
            .unwrap_or_else(|| panic!("{row} {needle}\n{}", dump(&buf)));
        let line = buffer_row(&buf, y);
        let pos = line.0.find(needle).unwrap();
        let x = line.1[line.0[..pos].chars().count()];
        (buf[(x, y)].fg, buf[(x, y)].bg, buf[(x, y)].modifier)
    };
    let error = style_of("0!=15", "(七)总计");
    let rv = app.report.as_ref().unwrap();
    let cursor_text = rv.grid.cells[rv.line][rv.col].text.clone();
    let (_, y) = find_text(&buf, "(一)予以公开")
        .into_iter()
        .find(|&(x, _)| x == 1)
        .expect("the grid row");
    let row = buffer_row(&buf, y);
    // The cursor cell is the only one on its row drawn with the cursor style.
    let cursor = (0..160u16)
        .map(|x| (buf[(x, y)].fg, buf[(x, y)].bg, buf[(x, y)].modifier))
        .find(|s| s.2.contains(Modifier::REVERSED))
        .expect("cursor on screen");
    let warning_x = row.1[row
        .0
        .find("15")
        .map(|p| row.0[..p].chars().count())
        .unwrap()];
    let warning = (
        buf[(warning_x, y)].fg,
        buf[(warning_x, y)].bg,
        buf[(warning_x, y)].modifier,
    );
    assert!(!cursor_text.is_empty());
    for (fg, bg, _) in [error, cursor, warning] {
        assert_eq!((fg, bg), (Color::Reset, Color::Reset), "mono has no colour");
    }
    assert_ne!(error.2, cursor.2);
    assert_ne!(error.2, warning.2);
    assert_ne!(cursor.2, warning.2);
}
