//! Cross-year linking in the TUI, the `y` pane, the inbox overview (`o`), the ratio sorts and
//! the source view of a prose finding.

use super::*;
use crate::audit::testkit::{audited, clean_report, t3_consistent, t4_literal};

const BODY: &str = "石澜县人民政府办公室";

/// A report of `BODY` for `year` at `path`: 新收 `new` (自然人), 上年结转 `cin` (自然人), of
/// which `given` 予以公开 and the rest 不掌握 (so 结转下年度 is 0 unless `keep` stay open).
fn year_report(path: &str, year: i32, new: i64, cin: i64, given: i64, keep: i64) -> Report {
    let v = TemplateVersion::V2021;
    let mut r = clean_report(v, year);
    r.path = PathBuf::from(path);
    r.body = Some(BODY.to_string());
    let rest = new + cin - given - keep;
    r.tables.t3 = Some(t3_consistent(
        v,
        [new, 0, 0, 0, 0, 0],
        [cin, 0, 0, 0, 0, 0],
        &[
            ("r1", [given, 0, 0, 0, 0, 0]),
            ("r4_1", [rest, 0, 0, 0, 0, 0]),
        ],
    ));
    audited(r)
}

/// Last year (2020: 2 carried over) and this year (2021) of one body, loaded as the loader
/// delivers them: the file list first, then the reports.
fn pair(cin_2021: i64) -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let files = vec![PathBuf::from("in/2020.txt"), PathBuf::from("in/2021.txt")];
    app.handle_event(
        AppEvent::Discovered {
            files,
            errors: vec![],
        },
        now(),
    );
    load(&mut app, year_report("in/2020.txt", 2020, 10, 0, 6, 2));
    load(
        &mut app,
        year_report("in/2021.txt", 2021, 12, cin_2021, 9, 0),
    );
    app
}

/// Where `needle` starts a line of the pane (x at most 2).
fn left_at(buf: &Buffer, needle: &str) -> (u16, u16) {
    find_text(buf, needle)
        .into_iter()
        .find(|(x, _)| *x <= 2)
        .unwrap_or_else(|| panic!("no line starts with `{needle}`:\n{}", dump(buf)))
}

fn rules_of(app: &App, path: &str) -> Vec<&'static str> {
    app.report_of(Path::new(path))
        .unwrap()
        .findings
        .iter()
        .map(|f| f.rule.id())
        .collect()
}

/// `year_report` of another body.
fn of_body(mut r: Report, body: &str) -> Report {
    r.body = Some(body.to_string());
    r
}

#[test]
fn a_watched_change_relinks_the_bodies_it_touches_and_leaves_the_others_linked() {
    const OTHER: &str = "澄川市人民政府";
    let mut app = App::new(Theme::builtin(), (80, 24));
    let paths = [
        "in/a2020.txt",
        "in/a2021.txt",
        "in/b2020.txt",
        "in/b2021.txt",
    ];
    app.handle_event(
        AppEvent::Discovered {
            files: paths.iter().map(PathBuf::from).collect(),
            errors: vec![],
        },
        now(),
    );
    load(&mut app, year_report("in/a2020.txt", 2020, 10, 0, 6, 2));
    load(&mut app, year_report("in/a2021.txt", 2021, 12, 1, 9, 0));
    load(
        &mut app,
        of_body(year_report("in/b2020.txt", 2020, 10, 0, 6, 2), OTHER),
    );
    load(
        &mut app,
        of_body(year_report("in/b2021.txt", 2021, 12, 1, 9, 0), OTHER),
    );
    assert!(rules_of(&app, "in/a2021.txt").contains(&"X-CARRY"));
    assert!(rules_of(&app, "in/b2021.txt").contains(&"X-CARRY"));

    // The first body's report is fixed: its link is made again, the other body's stands.
    load(&mut app, year_report("in/a2021.txt", 2021, 12, 2, 9, 0));
    assert!(!rules_of(&app, "in/a2021.txt").contains(&"X-CARRY"));
    assert!(rules_of(&app, "in/b2021.txt").contains(&"X-CARRY"));
    let prev = |app: &App, p: &str| app.report_of(Path::new(p)).unwrap().previous.clone();
    assert_eq!(
        prev(&app, "in/b2021.txt"),
        Some(PathBuf::from("in/b2020.txt"))
    );

    // The file is resubmitted under the other body's name: it leaves its old link and is now a
    // second 2021 report of the other body (X-TWICE on both, neither linked to 2020).
    load(
        &mut app,
        of_body(year_report("in/a2021.txt", 2021, 12, 1, 9, 0), OTHER),
    );
    assert_eq!(prev(&app, "in/a2021.txt"), None);
    assert!(rules_of(&app, "in/a2021.txt").contains(&"X-TWICE"));
    assert!(rules_of(&app, "in/b2021.txt").contains(&"X-TWICE"));
    assert_eq!(prev(&app, "in/b2021.txt"), None);
    assert!(!rules_of(&app, "in/b2021.txt").contains(&"X-CARRY"));

    // Its duplicate removed, the other body's 2021 report is linked to its 2020 again.
    app.handle_event(
        AppEvent::Removed {
            path: PathBuf::from("in/a2021.txt"),
            seq: 0,
        },
        now(),
    );
    assert_eq!(
        prev(&app, "in/b2021.txt"),
        Some(PathBuf::from("in/b2020.txt"))
    );
    assert!(rules_of(&app, "in/b2021.txt").contains(&"X-CARRY"));
    assert!(!rules_of(&app, "in/b2021.txt").contains(&"X-TWICE"));

    // Last year's report turns out to be another body's: this year's loses its link.
    load(
        &mut app,
        of_body(
            year_report("in/b2020.txt", 2020, 10, 0, 6, 2),
            "芦汀镇人民政府",
        ),
    );
    assert_eq!(prev(&app, "in/b2021.txt"), None);
    assert!(!rules_of(&app, "in/b2021.txt").contains(&"X-CARRY"));
}

#[test]
fn reports_of_one_body_in_consecutive_years_are_linked_once_all_are_loaded() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    app.handle_event(
        AppEvent::Discovered {
            files: vec![PathBuf::from("in/2020.txt"), PathBuf::from("in/2021.txt")],
            errors: vec![],
        },
        now(),
    );
    load(&mut app, year_report("in/2021.txt", 2021, 12, 1, 9, 0));
    // Last year's file is still loading: nothing is linked yet.
    assert_eq!(
        app.report_of(Path::new("in/2021.txt")).unwrap().previous,
        None
    );
    load(&mut app, year_report("in/2020.txt", 2020, 10, 0, 6, 2));
    let r = app.report_of(Path::new("in/2021.txt")).unwrap();
    assert_eq!(r.previous.as_deref(), Some(Path::new("in/2020.txt")));
    assert!(rules_of(&app, "in/2021.txt").contains(&"X-CARRY"));
    assert!(
        !rules_of(&app, "in/2020.txt")
            .iter()
            .any(|r| r.starts_with("X-"))
    );
    // The X-CARRY errors count in the list like any other error.
    let e = app.entry(Path::new("in/2021.txt")).unwrap();
    assert!(e.failed() >= 1, "{:?}", rules_of(&app, "in/2021.txt"));
}

#[test]
fn a_watched_change_links_again_and_the_report_view_says_the_carry_over_was_fixed() {
    let mut app = pair(1);
    app.open_report(Path::new("in/2021.txt"));
    assert!(rules_of(&app, "in/2021.txt").contains(&"X-CARRY"));
    // The submitter corrects 上年结转 to last year's 结转下年度 (2); the watcher reloads.
    load(&mut app, year_report("in/2021.txt", 2021, 12, 2, 9, 0));
    let rules = rules_of(&app, "in/2021.txt");
    assert!(!rules.contains(&"X-CARRY"), "{rules:?}");
    let r = app.report_of(Path::new("in/2021.txt")).unwrap();
    assert_eq!(r.previous.as_deref(), Some(Path::new("in/2020.txt")));
    let rv = app.report.as_ref().unwrap();
    assert!(rv.fixed.iter().any(|f| f.rule.id() == "X-CARRY"));
    assert!(rv.changes.as_deref().unwrap().contains("fixed"));

    // And breaking it again brings it back, as new.
    load(&mut app, year_report("in/2021.txt", 2021, 12, 5, 9, 0));
    assert!(rules_of(&app, "in/2021.txt").contains(&"X-CARRY"));
    // Last year's file removed: the link and its findings go.
    app.handle_event(
        AppEvent::Removed {
            path: PathBuf::from("in/2020.txt"),
            seq: 0,
        },
        now(),
    );
    let r = app.report_of(Path::new("in/2021.txt")).unwrap();
    assert_eq!(r.previous, None);
    assert!(!rules_of(&app, "in/2021.txt").contains(&"X-CARRY"));
}

#[test]
fn y_shows_last_year_instead_of_the_grid_at_80_columns_with_the_broken_carry_in_the_error_style() {
    let mut app = pair(1);
    app.open_report(Path::new("in/2021.txt"));
    key(&mut app, KeyCode::Char('y'));
    let buf = render_app(&app, 80, 24);
    let (tx, ty) = at(&buf, "2020 beside 2021: 2020.txt");
    assert_eq!(
        buf[(tx, ty)].fg,
        Color::Yellow,
        "title in table_title style"
    );
    // The carry-over rows: 自然人 1 this year against 2 last year, in the error style; the
    // columns that agree in the plain text style.
    let (_, y_now) = left_at(&buf, "2021 上年结转");
    let (_, y_before) = left_at(&buf, "2020 结转下年度");
    let row_now = row_text(&buf, y_now);
    assert!(row_now.contains("        1        0"), "{row_now}");
    let (_, xs) = buffer_row(&buf, y_now);
    let one = row_now.find(" 1 ").unwrap() + 1;
    let x_one = xs[row_now[..one].chars().count()];
    assert_eq!(buf[(x_one, y_now)].bg, Color::Red);
    assert_eq!(buf[(x_one, y_before)].bg, Color::Red);
    assert_eq!(buf[(x_one, y_before)].symbol(), "2");
    let zero = x_one + 9;
    assert_eq!(buf[(zero, y_now)].symbol(), "0");
    assert_eq!(buf[(zero, y_now)].bg, Color::Reset);
    // The grid is not drawn: the pane has its place.
    assert!(find_text(&buf, "表三 总计").len() == 1);
    // Scrolling down reaches the X-* findings, in the error style.
    for _ in 0..40 {
        key(&mut app, KeyCode::Char('j'));
    }
    let buf = render_app(&app, 80, 24);
    let (fx, fy) = find_text(&buf, "X-CARRY")
        .into_iter()
        .find(|(x, _)| *x <= 2)
        .unwrap_or_else(|| panic!("no X-CARRY in the pane:\n{}", dump(&buf)));
    assert_eq!(buf[(fx, fy)].fg, Color::LightRed);
    assert!(row_text(&buf, fy).contains("应为 2"));
    // y again: the grid is back.
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.report.as_ref().unwrap().years, None);
}

#[test]
fn at_160_columns_the_pane_sits_beside_the_grid_and_marks_changed_totals() {
    let mut app = pair(2);
    app.size = (160, 50);
    app.open_report(Path::new("in/2021.txt"));
    key(&mut app, KeyCode::Char('y'));
    let buf = render_app(&app, 160, 50);
    let (px, _) = at(&buf, "2020 beside 2021");
    assert!(px >= 80, "pane on the right half, at {px}");
    // The grid keeps the left half.
    assert!(
        find_text(&buf, "表三").iter().any(|(x, _)| *x < px),
        "{}",
        dump(&buf)
    );
    // 一、本年新收 total: 12 this year, 10 last year: marked changed.
    let (_, y) = find_text(&buf, "一、本年新收")
        .into_iter()
        .find(|(x, _)| *x == px)
        .unwrap();
    let row = row_text(&buf, y);
    assert!(
        row.ends_with("12      10 *") || row.contains("12      10 *"),
        "{row}"
    );
    let (sx, _) = find_text(&buf, "*")
        .into_iter()
        .find(|(_, yy)| *yy == y)
        .unwrap();
    assert_eq!(buf[(sx, y)].fg, Color::LightCyan);
    assert!(buf[(sx, y)].modifier.contains(Modifier::BOLD));
    // A consistent carry: no error style anywhere in the carry rows.
    let (_, yc) = find_text(&buf, "2021 上年结转")
        .into_iter()
        .find(|(x, _)| *x == px)
        .unwrap();
    for x in px..160 {
        assert_ne!(buf[(x, yc)].bg, Color::Red);
    }
    // Further down (j scrolls), no cross-year finding is listed.
    let this = app.report_of(Path::new("in/2021.txt")).unwrap();
    let prev = app.report_of(Path::new("in/2020.txt"));
    let lines = super::super::years::pane(this, prev);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| l.iter().map(|(s, _)| s.as_str()).collect())
        .collect();
    assert!(texts.iter().any(|t| t == "cross-year findings (0)"));
}

#[test]
fn y_without_last_year_loaded_says_so() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    load(&mut app, year_report("in/2021.txt", 2021, 12, 1, 9, 0));
    app.open_report(Path::new("in/2021.txt"));
    key(&mut app, KeyCode::Char('y'));
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "last year (2020) is not loaded");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    assert!(find_text(&buf, BODY).len() >= 2, "{}", dump(&buf));
    assert!(find_text(&buf, "no report of last year by this body is loaded").len() == 1);
}

/// Reports whose ratios are known: 实质公开率 given/(given+rest), 复议纠错率 fix/(tot-pend).
fn rated(path: &str, body: &str, given: i64, rest: i64, fix: i64) -> Report {
    let v = TemplateVersion::V2021;
    let mut r = clean_report(v, 2021);
    r.path = PathBuf::from(path);
    r.body = Some(body.to_string());
    r.tables.t3 = Some(t3_consistent(
        v,
        [given + rest, 0, 0, 0, 0, 0],
        [0; 6],
        &[
            ("r1", [given, 0, 0, 0, 0, 0]),
            ("r4_1", [rest, 0, 0, 0, 0, 0]),
        ],
    ));
    r.tables.t4 = Some(t4_literal([[10 - fix, fix, 0, 0, 10], [0; 5], [0; 5]]));
    r
}

fn rated_inbox(w: u16, h: u16, theme: Theme) -> App {
    let mut app = App::new(theme, (w, h));
    load(&mut app, rated("in/a.txt", "甲市人民政府", 9, 1, 1)); // 90 %, 10 %
    load(&mut app, rated("in/b.txt", "乙县人民政府", 3, 7, 5)); // 30 %, 50 %
    load(&mut app, rated("in/c.txt", "丙区人民政府", 6, 4, 0)); // 60 %, 0 %
    load(&mut app, rated("in/d.txt", "丁镇人民政府", 0, 0, 2)); // none, 20 %
    app
}

#[test]
fn the_list_sorts_by_either_ratio_worst_first_and_r_reverses() {
    let mut app = rated_inbox(80, 24, Theme::builtin());
    while app.list.sort != SortMode::Disclosure {
        key(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(shown_names(&app), ["b.txt", "c.txt", "a.txt", "d.txt"]);
    let buf = render_app(&app, 80, 24);
    assert!(dump(&buf).contains("disclosure rate"), "{}", dump(&buf));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.list.sort, SortMode::Correction);
    assert_eq!(shown_names(&app), ["b.txt", "d.txt", "a.txt", "c.txt"]);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(shown_names(&app), ["c.txt", "a.txt", "d.txt", "b.txt"]);
}

#[test]
fn the_overview_at_80x24_counts_the_inbox_and_names_the_worst_with_the_selection_openable() {
    let mut app = rated_inbox(80, 24, Theme::builtin());
    let mut late = rated("in/e.txt", "戊局", 5, 5, 0);
    late.findings.push(Finding::new(
        crate::rules::Rule::DLate,
        Severity::Warning,
        "late",
    ));
    late.findings.push(err("T3-SUM7"));
    load(&mut app, late);
    key(&mut app, KeyCode::Char('o'));
    assert_eq!(app.screen, ScreenKind::Overview);
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("inbox overview  5 reports"), "{text}");
    assert!(row_text(&buf, 1).contains("unreviewed 5"), "{text}");
    assert!(row_text(&buf, 2).contains("2021: 5"), "{text}");
    // The rules failing most as bars, error rules in the error style.
    let (x, y) = at(&buf, "T3-SUM7");
    let row = row_text(&buf, y);
    assert!(row.ends_with("# 1") || row.contains("# 1 "), "{row}");
    let hash = x + 17;
    assert_eq!(buf[(hash, y)].symbol(), "#");
    assert_eq!(buf[(hash, y)].fg, Color::LightRed);
    // Late reports by body.
    let (lx, ly) = at(&buf, "戊局 2021");
    assert_eq!(buf[(lx, ly)].fg, Color::Yellow);
    // Worst by 实质公开率: 乙县 30 %, 戊局 50 %, 丙区 60 %, 甲市 90 %; 乙县 selected; 丁镇 has
    // no rate and is not listed.
    let (_, y1) = at(&buf, "乙县人民政府");
    let y2 = find_text(&buf, "戊局")
        .into_iter()
        .map(|p| p.1)
        .max()
        .unwrap();
    let (_, y3) = at(&buf, "丙区人民政府");
    let (_, y4) = at(&buf, "甲市人民政府");
    assert_eq!((y2, y3, y4), (y1 + 1, y1 + 2, y1 + 3), "{text}");
    assert!(row_text(&buf, y1).contains("30.0%") && row_text(&buf, y1).contains("50.0%"));
    assert_eq!(buf[(1, y1)].bg, Color::Blue, "the selected row");
    assert!(find_text(&buf, "丁镇人民政府").is_empty());
    // Everything fits: the status bar is on the last line, nothing below the worst list.
    assert!(row_text(&buf, 23).contains("Enter open"));
    // Tab ranks by 复议纠错率: 乙县 (50 %) still first, then 丁镇 (20 %).
    key(&mut app, KeyCode::Tab);
    let buf = render_app(&app, 80, 24);
    let (_, yb) = at(&buf, "乙县人民政府");
    let (_, yd) = at(&buf, "丁镇人民政府");
    assert_eq!(yd, yb + 1);
    // Enter opens the selected report; q goes back to the list.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenKind::Report);
    assert_eq!(app.report.as_ref().unwrap().path, PathBuf::from("in/d.txt"));
}

#[test]
fn the_overview_at_160x50_in_every_theme_and_without_colour() {
    for name in ["default", "light", "mono"] {
        let theme = Theme::shipped(name).unwrap();
        let mut app = rated_inbox(160, 50, theme);
        key(&mut app, KeyCode::Char('o'));
        let buf = render_app(&app, 160, 50);
        let text = dump(&buf);
        assert!(text.contains("worst 3 by 实质公开率"), "{name}: {text}");
        assert!(text.contains("late (D-LATE): 0"), "{name}");
        let (_, y) = at(&buf, "乙县人民政府");
        if name == "mono" {
            for yy in 0..50 {
                for x in 0..160 {
                    let c = &buf[(x, yy)];
                    assert!(
                        matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                        "colour at {x},{yy} in mono"
                    );
                }
            }
            assert!(buf[(1, y)].modifier.contains(Modifier::REVERSED));
        } else {
            assert_ne!(buf[(1, y)].bg, Color::Reset, "{name}: the selection shows");
        }
    }
}

#[test]
fn v_on_a_prose_finding_highlights_the_stated_number_and_names_the_cell() {
    let v = TemplateVersion::V2021;
    let mut r = clean_report(v, 2021);
    r.tables.t3 = Some(t3_consistent(
        v,
        [95, 0, 0, 0, 0, 0],
        [0; 6],
        &[("r1", [95, 0, 0, 0, 0, 0])],
    ));
    let line = r.sections[0].line as usize;
    r.lines.set(
        line,
        "2021年，本机关共受理政府信息公开申请十七件，均已按时答复。",
    );
    let r = audited(r);
    assert!(
        r.findings.iter().any(|f| f.rule.id() == "N-NEW"),
        "{:?}",
        r.findings
    );
    let n_new = r
        .findings
        .iter()
        .position(|f| f.rule.id() == "N-NEW")
        .unwrap();
    let mut app = report_app(r, Theme::builtin(), 100, 30);
    let i = app
        .report
        .as_ref()
        .unwrap()
        .items
        .iter()
        .position(|it| it.findings.contains(&n_new))
        .unwrap();
    app.jump_to_item(i);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, ScreenKind::Source);
    let buf = render_app(&app, 100, 30);
    let title = row_text(&buf, 0);
    assert!(
        title.contains("N-NEW 正文 17 / 表三 一、本年新收/总计 95"),
        "{title}"
    );
    let (x, y) = at(&buf, "十七件");
    assert_eq!(
        buf[(x, y)].bg,
        Color::Yellow,
        "the stated number is highlighted"
    );
    assert_eq!(buf[(x + 2, y)].bg, Color::Yellow);
    assert_ne!(buf[(x + 4, y)].bg, Color::Yellow, "件 is not");
    let (bx, by) = at(&buf, "受理");
    assert_eq!(by, y);
    assert_ne!(buf[(bx, by)].bg, Color::Yellow);
}

#[test]
fn the_tui_links_exactly_as_check_years_does() {
    let mut twice = year_report("in/dup-a.txt", 2021, 4, 0, 4, 0);
    twice.body = Some("望湖区人民政府".into());
    let mut twice_b = twice.clone();
    twice_b.path = PathBuf::from("in/dup-b.txt");
    let mut spike = year_report("in/2022.txt", 2022, 90, 5, 90, 0);
    spike.findings.retain(|f| !f.rule.id().starts_with("X-"));
    let reports = vec![
        year_report("in/2020.txt", 2020, 10, 0, 6, 2),
        year_report("in/2021.txt", 2021, 12, 1, 9, 4),
        spike,
        twice,
        twice_b,
        year_report("in/alone-2018.txt", 2018, 3, 0, 3, 0),
    ];
    let mut by_check = reports.clone();
    crate::audit::yoy::link(&mut by_check);
    // The same inbox as the loader leaves it: summaries only, no report kept whole.
    let mut summarised: Vec<ListEntry> = reports
        .iter()
        .map(|r| {
            let mut e = ListEntry::pending(r.path.clone());
            e.set_summary(crate::tui::summary::Summary::of(r), None);
            e
        })
        .collect();
    let mut entries: Vec<ListEntry> = reports
        .into_iter()
        .map(|r| ListEntry::loaded(r, None))
        .collect();
    super::super::years::link(&mut entries);
    super::super::years::link(&mut summarised);
    for (e, r) in summarised.iter().zip(&by_check) {
        assert!(e.full().is_none());
        assert_eq!(e.previous(), r.previous.as_deref(), "{}", r.path.display());
        let s = e.summary().unwrap();
        let kinds: Vec<_> = r.findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(s.kinds().collect::<Vec<_>>(), kinds, "{}", r.path.display());
        assert_eq!(
            s.keys().collect::<Vec<_>>(),
            crate::state::finding_keys(&r.findings),
            "{}",
            r.path.display()
        );
    }
    let mut rules = Vec::new();
    for (e, r) in entries.iter().zip(&by_check) {
        let got = e.full().unwrap();
        assert_eq!(got.previous, r.previous, "{}", r.path.display());
        assert_eq!(got.findings, r.findings, "{}", r.path.display());
        rules.extend(
            r.findings
                .iter()
                .map(|f| f.rule.id())
                .filter(|id| id.starts_with("X-")),
        );
    }
    // The case covers a broken carry, a spike and a duplicate submission.
    for id in ["X-CARRY", "X-SPIKE", "X-TWICE"] {
        assert!(rules.contains(&id), "{id} not exercised: {rules:?}");
    }
}

#[test]
fn no_size_panics_the_overview_or_the_year_pane() {
    let mut app = rated_inbox(80, 24, Theme::builtin());
    key(&mut app, KeyCode::Char('o'));
    let mut pane = pair(1);
    pane.open_report(Path::new("in/2021.txt"));
    key(&mut pane, KeyCode::Char('y'));
    for (w, h) in [
        (0, 0),
        (1, 1),
        (59, 30),
        (60, 15),
        (61, 16),
        (119, 30),
        (120, 30),
        (250, 80),
    ] {
        let _ = render_app(&app, w, h);
        pane.update(Action::Resize(w, h), now());
        let _ = render_app(&pane, w, h);
    }
    let buf = render_app(&app, 60, 15);
    assert!(row_text(&buf, 14).contains("q back") || row_text(&buf, 14).contains("rates"));
}
