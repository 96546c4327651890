//! The source view follows the finding (issue 15 §4): `v` opens the selected finding's line
//! and names it; in a one-line layout it scrolls inside the wrapped line to the highlight.

use super::walk::samples_dir;
use super::*;

#[test]
fn v_shows_the_selected_findings_value_deep_inside_a_one_line_layout_and_j_k_move_by_row() {
    let path = samples_dir().join("2021-county-office-t4-sum-broken.txt");
    let report = crate::catalog::load_file(&path, &crate::audit::AuditConfig::default());
    let mut app = report_app(report, Theme::builtin(), 80, 24);
    let rv = app.report.as_ref().unwrap();
    let report = app.report_of(&path).unwrap();
    let f = rv.items[rv.item].first(report).unwrap().clone();
    let line = app::line_of(report, &f).unwrap() as usize;
    // The grid cursor wanders off; `v` still follows the finding selected in the pane.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, ScreenKind::Source);
    let sv = app.source.as_ref().unwrap();
    assert_eq!(sv.focus + 1, line);
    assert!(sv.skip > 0, "the value sits deep inside one long line");
    let buf = render_app(&app, 80, 24);
    let title = row_text(&buf, 0);
    assert!(title.contains(f.rule.id()), "{title}");
    let hl = app.theme.source_highlight.bg.unwrap();
    let lit = |buf: &Buffer| (1..23u16).any(|y| (0..80u16).any(|x| buf[(x, y)].bg == hl));
    assert!(lit(&buf), "highlight not on screen:\n{}", dump(&buf));
    let skip = app.source.as_ref().unwrap().skip;
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.source.as_ref().unwrap().skip, skip + 1);
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.source.as_ref().unwrap().skip, skip - 1);
}
