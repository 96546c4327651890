//! Reading a finding in full and knowing which cell the cursor is on (issue 15 §2).

use super::walk::samples_dir;
use super::*;

fn sample_app(name: &str, w: u16, h: u16) -> App {
    let path = samples_dir().join(name);
    let report = crate::catalog::load_file(&path, &crate::audit::AuditConfig::default());
    report_app(report, Theme::builtin(), w, h)
}

const SUM7: &str = "2020-county-office-t3-sum7-broken.txt";

#[test]
fn the_selected_finding_is_shown_whole_in_chinese_without_its_location() {
    let app = sample_app(SUM7, 80, 24);
    let buf = render_app(&app, 80, 24);
    // Detail lines: rows 20 and 21 for the message, 22 for the cell, 23 the status bar.
    // The pane (rows 18, 19) cuts the message; the detail line below gives it whole.
    assert!(
        find_text(&buf, "应为 3").contains(&(2, 20)),
        "{}",
        dump(&buf)
    );
    let (x, y) = (2, 20);
    assert_eq!(buf[(0, 20)].symbol(), "|");
    assert_eq!(buf[(0, 20)].fg, app.theme.finding_error.fg.unwrap());
    assert_eq!(buf[(x, y)].fg, app.theme.text.fg.unwrap_or(Color::Reset));
    assert!(row_text(&buf, 20).contains("实为 0"));
    // One language, and the location (`（七）总计 · 自然人:`) is left to the pane's columns.
    assert!(!row_text(&buf, 20).contains("should be"));
    assert!(!row_text(&buf, 20).contains("自然人:"));
}

#[test]
fn lang_en_shows_the_english_half_wrapped_to_the_width() {
    let mut app = sample_app(SUM7, 60, 24);
    app.lang = crate::tui::detail::Lang::En;
    let buf = render_app(&app, 60, 24);
    assert!(
        find_text(&buf, "should be 3").contains(&(2, 20)),
        "{}",
        dump(&buf)
    );
    assert!(!dump(&buf).contains("应为 3"));
}

#[test]
fn the_cursor_cell_readout_expands_the_abbreviated_row_label_with_value_line_and_raw_text() {
    let mut app = sample_app(SUM7, 160, 50);
    let col = app
        .report_of(&samples_dir().join(SUM7))
        .unwrap()
        .tables
        .get(TableId::T3)
        .unwrap()
        .rows[0]
        .def
        .cols[0]
        .key;
    assert!(app.goto_cell(TableId::T3, "r5_5", col));
    let buf = render_app(&app, 160, 50);
    // Beside the grid at 160 columns, at the bottom of the right column, wrapped.
    let (x, y) = at(&buf, "@ 表三 (五)5.");
    assert!(y >= 45 && x > 90, "({x},{y})\n{}", dump(&buf));
    assert_eq!(buf[(x, y)].fg, app.theme.header.fg.unwrap());
    assert_eq!(buf[(x + 2, y)].modifier, app.theme.dim.add_modifier);
    let r = readout(&buf);
    assert!(
        r.contains(&squeeze(
            "表三 (五)5.要求行政机关确认或重新出具已获取信息 / 自然人 = 0  第"
        )),
        "{r}"
    );
    assert!(r.contains("行原文`"), "{r}");
    // The grid itself keeps the abbreviation.
    assert!(!find_text(&buf, "(五)5.确认或重出").is_empty());
}

#[test]
fn an_amount_in_the_readout_carries_the_unit_it_was_written_with() {
    let path = samples_dir().join("2020-city-gov-clean.txt");
    let report = crate::catalog::load_file(&path, &crate::audit::AuditConfig::default());
    let t2 = report.tables.get(TableId::T2).expect("表二");
    let (row, col) = t2
        .rows
        .iter()
        .find_map(|r| {
            r.cells
                .iter()
                .position(|c| c.value.as_ref().is_some_and(|n| n.unit.is_some()))
                .map(|i| (r.def.key, r.def.cols[i].key))
        })
        .expect("an amount with a unit");
    let unit = t2
        .rows
        .iter()
        .find(|r| r.def.key == row)
        .and_then(|r| r.def.col(col))
        .and_then(|(i, _)| {
            t2.rows.iter().find(|r| r.def.key == row).unwrap().cells[i]
                .value
                .clone()
        })
        .and_then(|n| n.unit)
        .unwrap();
    let mut app = report_app(report, Theme::builtin(), 160, 50);
    assert!(app.goto_cell(TableId::T2, row, col));
    let buf = render_app(&app, 160, 50);
    let r = readout(&buf);
    assert!(r.contains(&format!("{unit}第")), "{r}");
}

#[test]
fn a_dismissed_findings_cell_is_no_longer_drawn_as_an_error() {
    let mut app = sample_app(SUM7, 80, 24);
    let at_cell = |app: &App| {
        let rv = app.report.as_ref().unwrap();
        rv.grid.cells[rv.line][rv.col].class
    };
    assert_eq!(at_cell(&app), grid::CellClass::Error);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "0!=3");
    assert_eq!(Some(buf[(x, y)].fg), app.theme.error_cell.fg);
    key(&mut app, KeyCode::Char('d'));
    type_str(&mut app, "误报");
    key(&mut app, KeyCode::Enter);
    assert_ne!(at_cell(&app), grid::CellClass::Error);
    let buf = render_app(&app, 80, 24);
    let (x, y) = find_text(&buf, "0")
        .into_iter()
        .find(|&(_, y)| row_text(&buf, y).contains("(七)总计"))
        .unwrap();
    assert_ne!(Some(buf[(x, y)].fg), app.theme.error_cell.fg);
    assert!(find_text(&buf, "0!=3").is_empty(), "{}", dump(&buf));
}
