//! `c` in the report view: correcting a cell, saved in the triage store, drawn in its own style,
//! with the report audited again; and what happens to a correction on restart and new content.

use super::*;
use crate::model::CellRef;
use crate::tui::grid::CellClass;

/// An inbox with seed 002, whose 表三 (七)总计 自然人 reads 0 where the rows add up to 15.
fn inbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("002.txt");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let seed = std::fs::read_dir(seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("002"))
        .unwrap();
    std::fs::copy(seed, &file).unwrap();
    (dir, file)
}

/// A new app (as after a restart) on the inbox's store, `file` loaded and open, cursor on
/// 表三 (七)总计 · 自然人.
fn open(dir: &Path, file: &Path, theme: Theme) -> App {
    let mut app = App::new(theme, (100, 32));
    load_file(&mut app, file);
    app.set_store(crate::state::Store::open_inbox(dir).unwrap(), now());
    app.settle();
    app.open_report(file);
    assert!(app.goto_cell(TableId::T3, "r7", "np"));
    app
}

fn ctrl_u(app: &mut App) {
    app.apply_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        now(),
    );
}

const R7_NP: CellRef = CellRef {
    table: TableId::T3,
    row: "r7",
    column: "np",
};

fn class_under_cursor(app: &App) -> CellClass {
    let rv = app.report.as_ref().unwrap();
    rv.grid.cells[rv.line][rv.col].class
}

fn sum7_on_np(app: &App, file: &Path) -> usize {
    app.report_of(file)
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.rule == "T3-SUM7" && f.column == Some("np"))
        .count()
}

#[test]
fn c_opens_an_editor_on_the_cell_refuses_a_bad_value_saves_a_good_one_and_removes_it_again() {
    let (dir, file) = inbox();
    let mut app = open(dir.path(), &file, Theme::builtin());
    assert_eq!(sum7_on_np(&app, &file), 1);
    let failed_before = app.entry(&file).unwrap().failed();

    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.mode(), keymap::Mode::Cell);
    let Overlay::Cell(ed) = &app.overlay else {
        panic!("no cell editor")
    };
    assert_eq!(ed.area.lines(), ["0"], "prefilled with the value as read");
    let buf = render_app(&app, 100, 32);
    at(&buf, "更正 表三");

    // Not a number: said in the editor, nothing saved.
    ctrl_u(&mut app);
    type_str(&mut app, "约15");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Cell);
    let buf = render_app(&app, 100, 32);
    let (x, y) = at(&buf, "不是数字");
    assert_eq!(buf[(x, y)].fg, app.theme.finding_error.fg.unwrap());
    assert!(!dir.path().join(".gouji/state.json").exists());

    ctrl_u(&mut app);
    type_str(&mut app, "15");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    let state = std::fs::read_to_string(dir.path().join(".gouji/state.json")).unwrap();
    assert!(state.contains("\"t3.r7.np\""), "{state}");

    // The report was audited with 15: the sum on 自然人 holds now, and fewer checks fail.
    assert_eq!(sum7_on_np(&app, &file), 0);
    assert!(app.entry(&file).unwrap().failed() < failed_before);
    assert_eq!(class_under_cursor(&app), CellClass::Corrected);
    let buf = render_app(&app, 100, 32);
    at(&buf, "已更正：原值 0 -> 15");
    // Off the cursor, the cell is drawn in `corrected_cell` alone.
    key(&mut app, KeyCode::Char('l'));
    let buf = render_app(&app, 100, 32);
    let t = &app.theme;
    let styled: String = find_styled(&buf, t.corrected_cell);
    assert_eq!(styled.trim(), "15");

    // c, Ctrl-U, Enter: the correction goes and the value as read counts again.
    key(&mut app, KeyCode::Char('h'));
    key(&mut app, KeyCode::Char('c'));
    ctrl_u(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(sum7_on_np(&app, &file), 1);
    assert_eq!(app.entry(&file).unwrap().failed(), failed_before);
    assert_ne!(class_under_cursor(&app), CellClass::Corrected);
    let v = crate::state::Store::open_inbox(dir.path())
        .unwrap()
        .entry(&file, &crate::state::hash_file(&file).unwrap());
    assert!(v.corrected.is_empty());

    // Esc leaves the editor without a change.
    key(&mut app, KeyCode::Char('c'));
    type_str(&mut app, "9");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(sum7_on_np(&app, &file), 1);
}

/// The text of the cells drawn exactly in `style`.
fn find_styled(buf: &Buffer, style: ratatui::style::Style) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if Some(c.fg) == style.fg.or(Some(Color::Reset))
                && c.modifier == style.add_modifier
                && c.bg == Color::Reset
            {
                s.push_str(c.symbol());
            }
        }
    }
    s
}

#[test]
fn every_shipped_theme_draws_a_corrected_cell_in_its_own_style_even_without_colour() {
    for name in ["default", "light", "mono"] {
        let (dir, file) = inbox();
        let mut app = open(dir.path(), &file, Theme::shipped(name).unwrap());
        key(&mut app, KeyCode::Char('c'));
        ctrl_u(&mut app);
        type_str(&mut app, "15");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('l'));
        let t = &app.theme;
        let buf = render_app(&app, 100, 32);
        assert_eq!(find_styled(&buf, t.corrected_cell).trim(), "15", "{name}");
        // Readable without colour: its modifiers differ from every other cell style's.
        for other in [
            t.text,
            t.inferred_cell,
            t.tinted_cell,
            t.missing_cell,
            t.warning_cell,
            t.error_cell,
        ] {
            assert_ne!(
                other.add_modifier, t.corrected_cell.add_modifier,
                "{name}: corrected_cell must not look like another cell style"
            );
        }
    }
}

#[test]
fn a_correction_survives_a_restart_and_goes_to_history_when_the_file_changes() {
    let (dir, file) = inbox();
    let mut app = open(dir.path(), &file, Theme::builtin());
    key(&mut app, KeyCode::Char('c'));
    ctrl_u(&mut app);
    type_str(&mut app, "15");
    key(&mut app, KeyCode::Enter);
    drop(app);

    let app = open(dir.path(), &file, Theme::builtin());
    assert_eq!(class_under_cursor(&app), CellClass::Corrected);
    let r = app.report_of(&file).unwrap();
    assert_eq!(r.correction(R7_NP).unwrap().original.int(), Some(0));
    assert_eq!(sum7_on_np(&app, &file), 0);
    drop(app);

    // The submitter sends a new version: read afresh, the old correction kept in history.
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n（修订版）\n");
    std::fs::write(&file, text).unwrap();
    let app = open(dir.path(), &file, Theme::builtin());
    assert_ne!(class_under_cursor(&app), CellClass::Corrected);
    assert_eq!(sum7_on_np(&app, &file), 1);
    let e = app.entry(&file).unwrap();
    assert_eq!(
        e.history[0].corrected.get("t3.r7.np"),
        Some(&Some("15".to_string()))
    );
}
