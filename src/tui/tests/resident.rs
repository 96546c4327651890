//! What a loaded report keeps in memory (issue 13): the list holds summaries; a report is read
//! again from its file when it is opened, and the content hash says whether it changed.

use super::live::{BROKEN_TOTAL, CLEAN, TOTAL, sample_text};
use super::*;

/// `path` as the initial loader sends it: audited in full, then summarised.
fn audited(path: &Path) -> AppEvent {
    let l = event::load(path, &crate::audit::AuditConfig::default());
    AppEvent::ReportAudited(Box::new(app::Audited::of(
        l.report, l.modified, l.hash, l.seq,
    )))
}

/// An app of `files` as the loader fills it: summaries only.
fn summarised(files: &[PathBuf]) -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    for f in files {
        app.handle_event(audited(f), now());
    }
    app
}

fn inbox(texts: &[(&str, String)]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files = texts
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    (dir, files)
}

#[test]
fn a_report_loaded_as_a_summary_opens_read_again_and_looks_as_if_it_had_stayed_in_memory() {
    let (_dir, files) = inbox(&[
        ("broken.txt", sample_text("2024-city-gov-t3-row-broken.txt")),
        ("clean.txt", sample_text(CLEAN)),
    ]);
    let mut app = summarised(&files);
    let broken = &files[0];
    assert!(app.entry(broken).unwrap().failed() > 0);
    assert!(
        app.report_of(broken).is_none(),
        "the list keeps summaries only"
    );

    select_and_open(&mut app, broken);
    assert_eq!(app.screen, ScreenKind::Report);
    assert!(
        app.report_of(broken).is_some(),
        "the open report is a full Report"
    );
    let entry = app.entry(broken).unwrap();
    assert!(!entry.updated);
    assert_eq!(entry.changes, None, "same content: nothing changed");

    // The same report loaded in full from the start draws the same screen, styles included.
    let mut whole = App::new(Theme::builtin(), (80, 24));
    for f in &files {
        let (report, hash) =
            crate::catalog::load_file_hashed(f, &crate::audit::AuditConfig::default());
        whole.handle_event(
            AppEvent::ReportLoaded(Box::new(app::Loaded {
                report,
                modified: app.entry(f).unwrap().modified,
                hash,
                seq: 0,
            })),
            now(),
        );
    }
    select_and_open(&mut whole, broken);
    assert_eq!(render_app(&app, 80, 24), render_app(&whole, 80, 24));
    // The source view too (`v` on the first finding).
    key(&mut app, KeyCode::Char('v'));
    key(&mut whole, KeyCode::Char('v'));
    assert_eq!(app.screen, ScreenKind::Source);
    assert_eq!(render_app(&app, 80, 24), render_app(&whole, 80, 24));
}

fn select_and_open(app: &mut App, path: &Path) {
    while app.list.selected.as_deref() != Some(path) {
        key(app, KeyCode::Char('j'));
    }
    key(app, KeyCode::Enter);
}

#[test]
fn a_report_whose_file_changed_since_it_was_summarised_opens_with_the_new_content_re_audited() {
    let text = sample_text(CLEAN);
    let (_dir, files) = inbox(&[("clean.txt", text.clone())]);
    let mut app = summarised(&files);
    let clean = &files[0];
    assert_eq!(app.entry(clean).unwrap().failed(), 0);
    let old_hash = app.entry(clean).unwrap().hash.clone();

    // The submitter breaks a total; the watcher has not said so yet when the user opens it.
    std::fs::write(clean, text.replace(TOTAL, BROKEN_TOTAL)).unwrap();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenKind::Report);
    let entry = app.entry(clean).unwrap();
    assert_ne!(entry.hash, old_hash, "keyed by the new content");
    assert!(entry.failed() > 0, "re-audited");
    let rv = app.report.as_ref().unwrap();
    assert!(rv.changes.as_deref().unwrap().starts_with("0 fixed, "));
    let buf = render_app(&app, 80, 24);
    assert!(dump(&buf).contains("changed: 0 fixed, "), "{}", dump(&buf));
}

#[test]
fn only_a_few_full_reports_stay_in_memory_and_never_the_open_one_leaves() {
    let text = sample_text(CLEAN);
    let names: Vec<(String, String)> = (0..app::KEPT_FULL + 8)
        .map(|i| (format!("r{i:03}.txt"), text.clone()))
        .collect();
    let named: Vec<(&str, String)> = names.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (_dir, files) = inbox(&named);
    let mut app = summarised(&files);
    key(&mut app, KeyCode::Enter);
    let open = app.report.as_ref().unwrap().path.clone();
    key(&mut app, KeyCode::Esc);
    // Walk the whole list open and back: each report is read again as it is opened.
    for _ in 0..files.len() {
        key(&mut app, KeyCode::Char('j'));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, ScreenKind::Report);
        key(&mut app, KeyCode::Esc);
    }
    let full = app
        .inbox
        .entries
        .iter()
        .filter(|e| e.full().is_some())
        .count();
    assert_eq!(full, app::KEPT_FULL);
    // Reopened and left open: the open report stays whatever else is read.
    app.open_report(&open);
    app.run_io(now());
    for f in files
        .iter()
        .filter(|f| **f != open)
        .take(app::KEPT_FULL + 1)
    {
        app.handle_event(event_loaded(f), now());
    }
    assert!(app.report_of(&open).is_some());
    assert!(
        app.inbox
            .entries
            .iter()
            .filter(|e| e.full().is_some())
            .count()
            <= app::KEPT_FULL + 1
    );
}

fn event_loaded(path: &Path) -> AppEvent {
    AppEvent::ReportLoaded(Box::new(event::load(
        path,
        &crate::audit::AuditConfig::default(),
    )))
}

#[test]
fn a_loaded_report_costs_its_summary_not_its_text() {
    let (_dir, files) = inbox(&[("broken.txt", sample_text("2024-city-gov-t3-row-broken.txt"))]);
    let app = summarised(&files);
    let e = app.entry(&files[0]).unwrap();
    let text = std::fs::metadata(&files[0]).unwrap().len() as usize;
    // The text, the findings' messages and most of the tables stay behind; what is kept is
    // mostly the skeleton cross-year linking reads (表二 and four rows of 表三/表四).
    assert!(
        e.resident_bytes() * 2 < text,
        "{} bytes kept for a {text}-byte report",
        e.resident_bytes()
    );
}

#[test]
fn e_exports_the_same_list_from_summaries_as_from_reports_kept_whole() {
    let (dir, files) = inbox(&[
        ("broken.txt", sample_text("2024-city-gov-t3-row-broken.txt")),
        ("clean.txt", sample_text(CLEAN)),
    ]);
    let export = |mut app: App| {
        app.set_store(crate::state::Store::open_inbox(dir.path()).unwrap(), now());
        key(&mut app, KeyCode::Char('E'));
        let out = app.triage.last_export.clone().expect("exported");
        let md = std::fs::read_to_string(&out).unwrap();
        std::fs::remove_file(&out).unwrap();
        // The file name holds the time; the list itself must be the same.
        md
    };
    let from_summaries = export(summarised(&files));
    let mut whole = App::new(Theme::builtin(), (80, 24));
    for f in &files {
        whole.handle_event(event_loaded(f), now());
    }
    let from_reports = export(whole);
    let body = summarised(&files)
        .entry(&files[0])
        .and_then(|e| e.summary()?.body.clone())
        .unwrap();
    assert!(from_summaries.contains(&body), "{from_summaries}");
    assert_eq!(from_summaries, from_reports);
}

/// Two reports of one body in consecutive years (the bureau samples: 2022's carry-over does
/// not match 2021's, X-CARRY), on disk.
fn linked_pair() -> (tempfile::TempDir, Vec<PathBuf>) {
    inbox(&[
        (
            "2021.txt",
            sample_text("2021-bureau-carry-over-to-2022-broken.txt"),
        ),
        ("2022.txt", sample_text("2022-bureau-late-wrong-period.txt")),
    ])
}

/// An app of `files` loaded in full (as the watcher loads), each report kept whole.
fn kept_whole(files: &[PathBuf]) -> App {
    let mut app = App::new(Theme::builtin(), (100, 32));
    for f in files {
        app.handle_event(event_loaded(f), now());
    }
    app
}

/// Both apps get the same key; then they must draw the same screen, styles included.
fn same_after(lean: &mut App, whole: &mut App, code: KeyCode) {
    key(lean, code);
    key(whole, code);
    assert_eq!(render_app(lean, 100, 32), render_app(whole, 100, 32));
}

fn correct_r7_np(app: &mut App, value: &str) {
    assert!(app.goto_cell(TableId::T3, "r7", "np"));
    key(app, KeyCode::Char('c'));
    app.apply_event(
        AppEvent::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        now(),
    );
    type_str(app, value);
    key(app, KeyCode::Enter);
}

#[test]
fn a_report_not_kept_whole_shows_the_same_links_year_pane_overview_and_corrections_as_one_kept() {
    let (_dir, files) = linked_pair();
    let (y2021, y2022) = (&files[0], &files[1]);
    let mut lean = summarised(&files);
    lean.size = (100, 32);
    let mut whole = kept_whole(&files);

    // Linked from the summaries alone: no report was read whole for it.
    assert_eq!(lean.entry(y2022).unwrap().previous(), Some(y2021.as_path()));
    assert!(lean.report_of(y2021).is_none() && lean.report_of(y2022).is_none());
    assert!(lean.entry(y2022).unwrap().has_open("X-CARRY"));
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
    // The overview counts, rules and ratios from the summaries.
    same_after(&mut lean, &mut whole, KeyCode::Char('o'));
    same_after(&mut lean, &mut whole, KeyCode::Esc);

    // Opened: read again, with its links; `y` shows last year's report beside it.
    select_and_open(&mut lean, y2022);
    select_and_open(&mut whole, y2022);
    assert_eq!(lean.screen, ScreenKind::Report);
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
    same_after(&mut lean, &mut whole, KeyCode::Char('y'));
    let pane = dump(&render_app(&lean, 100, 32));
    assert!(pane.contains("2021 beside 2022"), "{pane}");
    same_after(&mut lean, &mut whole, KeyCode::Char('y'));

    // A correction: audited again with it, in the report and in the list's counts.
    let failed = lean.entry(y2022).unwrap().failed();
    correct_r7_np(&mut lean, "15");
    correct_r7_np(&mut whole, "15");
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
    assert!(
        lean.report_of(y2022)
            .unwrap()
            .correction(crate::model::CellRef {
                table: TableId::T3,
                row: "r7",
                column: "np",
            })
            .is_some()
    );
    same_after(&mut lean, &mut whole, KeyCode::Esc);

    // Every full report let go: the list, the overview and the reopened report (read again,
    // corrected again, linked again) are what the app that kept them shows.
    for e in &mut lean.inbox.entries {
        e.drop_full();
    }
    assert!(lean.report_of(y2022).is_none());
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
    assert_ne!(
        lean.entry(y2022).unwrap().failed(),
        failed,
        "the correction changed the counts"
    );
    same_after(&mut lean, &mut whole, KeyCode::Char('o'));
    same_after(&mut lean, &mut whole, KeyCode::Esc);
    same_after(&mut lean, &mut whole, KeyCode::Enter);
    assert_eq!(lean.report.as_ref().unwrap().path, *y2022);
    same_after(&mut lean, &mut whole, KeyCode::Char('y'));
}

/// `app` with the triage store of the inbox at `dir`, as a new session opens it.
fn with_store(mut app: App, dir: &Path) -> App {
    app.set_store(crate::state::Store::open_inbox(dir).unwrap(), now());
    app.settle();
    app
}

#[test]
fn a_correction_in_the_store_counts_for_a_report_loaded_as_a_summary_as_for_one_kept_whole() {
    let (dir, files) = linked_pair();
    let y2022 = &files[1];
    let with_store = |app| with_store(app, dir.path());
    // A first session corrects a cell; the correction is saved in the inbox's store.
    let mut first = with_store(kept_whole(&files));
    let before = first.entry(y2022).unwrap().failed();
    select_and_open(&mut first, y2022);
    correct_r7_np(&mut first, "15");
    assert_ne!(first.entry(y2022).unwrap().failed(), before);
    drop(first);

    // After a restart the loader sends summaries; the store's view brings the correction, and
    // the report is read again to be audited with it (then let go).
    let mut lean = with_store(summarised(&files));
    lean.size = (100, 32);
    let mut whole = with_store(kept_whole(&files));
    assert!(lean.report_of(y2022).is_none());
    assert_eq!(
        lean.entry(y2022).unwrap().failed(),
        whole.entry(y2022).unwrap().failed()
    );
    assert_ne!(lean.entry(y2022).unwrap().failed(), before);
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
    same_after(&mut lean, &mut whole, KeyCode::Char('o'));
    same_after(&mut lean, &mut whole, KeyCode::Esc);
    select_and_open(&mut lean, y2022);
    select_and_open(&mut whole, y2022);
    assert_eq!(render_app(&lean, 100, 32), render_app(&whole, 100, 32));
}

#[test]
fn e_exports_a_linked_and_corrected_report_the_same_from_a_summary_as_kept_whole() {
    let (dir, files) = linked_pair();
    let y2022 = &files[1];
    let with_store = |app| with_store(app, dir.path());
    let mut first = with_store(kept_whole(&files));
    select_and_open(&mut first, y2022);
    correct_r7_np(&mut first, "15");
    drop(first);
    let export = |mut app: App| {
        key(&mut app, KeyCode::Char('E'));
        let out = app.triage.last_export.clone().expect("exported");
        let md = std::fs::read_to_string(&out).unwrap();
        std::fs::remove_file(&out).unwrap();
        md
    };
    let lean = with_store(summarised(&files));
    assert!(lean.report_of(y2022).is_none());
    let from_summaries = export(lean);
    let from_reports = export(with_store(kept_whole(&files)));
    assert!(from_summaries.contains("X-CARRY"), "{from_summaries}");
    assert!(from_summaries.contains("经人工更正"), "{from_summaries}");
    assert_eq!(from_summaries, from_reports);
}
