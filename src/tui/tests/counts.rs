//! Counts that agree and files that are not reports (issue 15 §6).

use super::walk::{dir_app, samples_dir};
use super::*;

#[test]
fn title_status_bar_err_filter_and_check_count_the_same_reports_and_errors() {
    for dir in [samples_dir(), PathBuf::from("../shared/seeds")] {
        let mut app = dir_app(&dir, 120, 30);
        // What `check` counts: the files read again and linked across years, as it does.
        let mut reports: Vec<Report> = app
            .inbox
            .entries
            .iter()
            .filter(|e| e.is_loaded())
            .map(|e| crate::catalog::load_file(&e.path, &crate::audit::AuditConfig::default()))
            .collect();
        crate::audit::yoy::link(&mut reports);
        let s = crate::output::Summary::of(&reports);
        let buf = render_app(&app, 120, 30);
        let title = row_text(&buf, 0);
        assert!(
            title.contains(&format!(" {} reports", s.reports)),
            "{}: {title} vs check {s:?}",
            dir.display()
        );
        let status = row_text(&buf, 29);
        assert!(
            status.contains(&format!("{} with errors", s.reports_with_errors)),
            "{}: {status} vs check {s:?}",
            dir.display()
        );
        key(&mut app, KeyCode::Char('/'));
        type_str(&mut app, "!err");
        assert_eq!(
            app.list.visible.len(),
            s.reports_with_errors,
            "{}",
            dir.display()
        );
    }
}

#[test]
fn a_file_that_is_not_a_report_opens_a_view_that_says_so_without_counts_or_a_body() {
    let mut app = dir_app(&samples_dir(), 80, 24);
    let path = samples_dir().join("not-a-report.txt");
    app.list.selected = Some(path.clone());
    app.list.user_moved = true;
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenKind::Report);
    let buf = render_app(&app, 80, 24);
    let title = row_text(&buf, 0);
    assert!(
        title.contains("not-a-report.txt  not an annual report"),
        "{title}"
    );
    assert!(!title.contains("failed"), "{title}");
    assert_eq!(buf[(1, 0)].bg, app.theme.title.bg.unwrap());
    let (x, y) = at(&buf, "no statistical tables found");
    assert_eq!(buf[(x, y)].modifier, app.theme.dim.add_modifier);
}

#[test]
fn e_exports_the_filtered_reports_only_and_ctrl_e_the_open_one() {
    let dir = tempfile::tempdir().unwrap();
    for n in [
        "2020-city-gov-clean.txt",
        "2020-county-office-t3-sum7-broken.txt",
        "2024-city-gov-t3-row-broken.txt",
        "not-a-report.txt",
    ] {
        std::fs::copy(samples_dir().join(n), dir.path().join(n)).unwrap();
    }
    let mut app = dir_app(dir.path(), 100, 30);
    app.set_store(crate::state::Store::open_inbox(dir.path()).unwrap(), now());
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!err");
    key(&mut app, KeyCode::Enter);
    assert_eq!(shown_names(&app).len(), 2);
    key(&mut app, KeyCode::Char('E'));
    let out = app.triage.last_export.clone().expect("exported");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("栖云县人民政府办公室"), "{text}");
    assert!(!text.contains("not-a-report"), "{text}");
    let buf = render_app(&app, 100, 30);
    let (x, y) = at(&buf, "exported 2 reports to");
    assert_eq!(buf[(x, y)].fg, app.theme.message.fg.unwrap());
    std::fs::remove_file(&out).unwrap();
    // Ctrl-E in the report view: the open report alone.
    key(&mut app, KeyCode::Enter);
    let now = now();
    app.apply_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)),
        now,
    );
    app.run_io(now);
    let buf = render_app(&app, 100, 30);
    assert!(
        row_text(&buf, 29).contains("exported 1 report to"),
        "{}",
        dump(&buf)
    );
}
