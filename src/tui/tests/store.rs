//! Persistent triage: a real store in a temporary inbox, and the effects that reach it.

use super::live::{BROKEN_TOTAL, CLEAN, TOTAL, sample_text};
use super::*;

/// An inbox with three samples; the app (80x24) has loaded them and opened the inbox's store.
fn triage_inbox() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = [
        CLEAN,
        "2024-city-gov-t3-row-broken.txt",
        "2020-county-office-t3-sum7-broken.txt",
    ]
    .iter()
    .map(|n| {
        let p = dir.path().join(n);
        std::fs::write(&p, sample_text(n)).unwrap();
        p
    })
    .collect();
    (dir, files)
}

fn open_app(dir: &Path, files: &[PathBuf]) -> App {
    let mut app = App::new(Theme::builtin(), (80, 24));
    for f in files {
        load_file(&mut app, f);
    }
    app.set_store(crate::state::Store::open_inbox(dir).unwrap(), now());
    app
}

fn select(app: &mut App, path: &Path) {
    app.list.selected = Some(path.to_path_buf());
    app.list.user_moved = true;
}

#[test]
fn statuses_and_notes_are_saved_at_once_and_survive_a_restart() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    for (f, k) in files.iter().zip(['a', 'f', 'x']) {
        select(&mut app, f);
        key(&mut app, KeyCode::Char(k));
    }
    select(&mut app, &files[1]);
    key(&mut app, KeyCode::Char('e'));
    type_str(&mut app, "表三第七行合计有误");
    key(&mut app, KeyCode::Enter);
    type_str(&mut app, "请更正");
    key(&mut app, KeyCode::Esc);
    assert!(dir.path().join(".gouji/state.json").exists());
    // No orderly exit: the app is simply dropped, as after kill -9.
    drop(app);

    let mut app = open_app(dir.path(), &files);
    let triage: Vec<Status> = files.iter().map(|f| app.entry(f).unwrap().triage).collect();
    assert_eq!(
        triage,
        [Status::Accepted, Status::NeedsFix, Status::Rejected]
    );
    assert_eq!(
        app.entry(&files[1]).unwrap().note,
        "表三第七行合计有误\n请更正"
    );
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "待整改+");
    // The name loses its middle at 80 columns (`2024-city~row-broken.txt`).
    assert_eq!(y, at(&buf, "row-broken.txt").1);
    assert_eq!(buf[(x, y)].fg, app.theme.triage_needs_fix.fg.unwrap());

    // u undoes the last status change (persisted too).
    select(&mut app, &files[2]);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.entry(&files[2]).unwrap().triage, Status::Rejected);
    let app = open_app(dir.path(), &files);
    assert_eq!(app.entry(&files[2]).unwrap().triage, Status::Rejected);
}

#[test]
fn a_dismissed_finding_stays_visible_greyed_and_stops_counting() {
    let (dir, files) = triage_inbox();
    let broken = &files[2];
    let mut app = open_app(dir.path(), &files);
    let failed = app.entry(broken).unwrap().failed();
    assert!(failed > 0);
    app.open_report(broken);
    key(&mut app, KeyCode::Tab);
    // The first item is the first failed check.
    let rv = app.report.as_ref().unwrap();
    let first = rv.items[0]
        .first(app.report_of(broken).unwrap())
        .unwrap()
        .clone();
    assert_eq!(rv.items[0].findings.len(), 1);
    let index = rv.items[0].findings[0];
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.mode(), keymap::Mode::Reason);
    let buf = render_app(&app, 80, 24);
    at(&buf, "Enter dismiss   Esc cancel");
    type_str(&mut app, "跨页误读");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), keymap::Mode::Browse);
    assert_eq!(app.entry(broken).unwrap().failed(), failed - 1);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "dismissed (跨页误读)");
    assert_eq!(buf[(x, y)].fg, app.theme.dim.fg.unwrap());
    let (rx, ry) = at(&buf, first.rule.id());
    assert_eq!(ry, y);
    assert_eq!(buf[(rx, ry)].fg, app.theme.dim.fg.unwrap());
    // Saved: a new process sees the dismissal and the lower count.
    let again = open_app(dir.path(), &files);
    assert_eq!(again.entry(broken).unwrap().failed(), failed - 1);
    assert_eq!(
        again.entry(broken).unwrap().dismissal(index),
        Some("跨页误读")
    );
    // d on a dismissed finding restores it.
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.entry(broken).unwrap().failed(), failed);
    assert_eq!(
        open_app(dir.path(), &files).entry(broken).unwrap().failed(),
        failed
    );
}

#[test]
fn a_replaced_file_is_unreviewed_again_and_shows_its_history() {
    let (dir, files) = triage_inbox();
    let clean = &files[0];
    let mut app = open_app(dir.path(), &files);
    select(&mut app, clean);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('e'));
    type_str(&mut app, "无问题");
    key(&mut app, KeyCode::Esc);
    app.open_report(clean);
    // The submitter sends a new version (a total broken); the watcher's reload arrives.
    std::fs::write(clean, sample_text(CLEAN).replace(TOTAL, BROKEN_TOTAL)).unwrap();
    load_file(&mut app, clean);
    let e = app.entry(clean).unwrap();
    assert_eq!(e.triage, Status::Unreviewed);
    assert_eq!(e.note, "");
    assert_eq!(e.history.len(), 1);
    let buf = render_app(&app, 80, 24);
    let text = dump(&buf);
    assert!(text.contains("[replaced: unreviewed]"), "{text}");
    assert!(text.contains("earlier content ("), "{text}");
    assert!(text.contains("): 通过; note: 无问题"), "{text}");
}

#[test]
fn capital_e_exports_the_rectification_list_and_says_where() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    select(&mut app, &files[2]);
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('E'));
    let out = app.triage.last_export.clone().expect("exported");
    assert_eq!(out.parent().unwrap(), dir.path().join(".gouji"));
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("整改清单-") && name.ends_with(".md"),
        "{name}"
    );
    let md = std::fs::read_to_string(&out).unwrap();
    let body = app.report_of(&files[2]).unwrap().body.clone().unwrap();
    assert!(md.contains(&body), "{md}");
    assert!(md.contains("待整改"), "{md}");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains(&out.display().to_string())
    );
}

#[test]
fn another_process_changes_appear_and_a_corrupt_state_file_is_reported() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    let mut other = crate::state::Store::open_inbox(dir.path()).unwrap();
    let hash = app.entry(&files[1]).unwrap().hash.clone().unwrap();
    other
        .set_status(&files[1], &hash, Status::Rejected)
        .unwrap();
    app.handle_event(AppEvent::Tick, now());
    assert_eq!(app.effects, vec![Effect::ReloadStore]);
    app.run_io(now());
    app.settle();
    assert_eq!(app.entry(&files[1]).unwrap().triage, Status::Rejected);

    std::fs::write(dir.path().join(".gouji/state.json"), "{ truncated").unwrap();
    let app = open_app(dir.path(), &files);
    let w = app.triage.warning.clone().expect("a warning");
    assert!(w.contains("kept as"), "{w}");
    let mut app = app;
    app.message = None;
    let buf = render_app(&app, 160, 50);
    assert!(
        row_text(&buf, 49).contains("could not be read"),
        "{}",
        dump(&buf)
    );
}

#[test]
fn a_status_key_asks_for_a_save_and_writes_nothing_itself() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    select(&mut app, &files[1]);
    let hash = app.entry(&files[1]).unwrap().hash.clone().unwrap();
    app.update(Action::SetTriage(Status::Accepted), now());
    assert_eq!(
        app.effects,
        vec![Effect::Persist {
            path: files[1].clone(),
            hash,
            change: Change::Status(Status::Accepted),
        }]
    );
    let state = dir.path().join(".gouji/state.json");
    assert!(!state.exists(), "update itself wrote the state file");
    assert_eq!(app.entry(&files[1]).unwrap().triage, Status::Unreviewed);

    app.run_io(now());
    assert!(app.effects.is_empty());
    assert!(state.exists());
    assert_eq!(app.entry(&files[1]).unwrap().triage, Status::Accepted);
}

#[test]
fn a_saved_note_and_an_export_are_asked_of_the_loop() {
    let (dir, files) = triage_inbox();
    let mut app = open_app(dir.path(), &files);
    select(&mut app, &files[0]);
    app.update(Action::EditNote, now());
    for c in "缺表四".chars() {
        app.update(
            Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE).into()),
            now(),
        );
    }
    app.update(Action::NoteSave, now());
    app.update(Action::Export, now());
    let kinds: Vec<&Effect> = app.effects.iter().collect();
    assert!(
        matches!(kinds[..], [Effect::Persist { change: Change::Note(n), .. }, Effect::Export { only: None }] if n == "缺表四"),
        "{kinds:?}"
    );
    assert!(
        !dir.path().join(".gouji").exists(),
        "nothing is written by update"
    );
}

#[test]
fn without_a_store_a_status_changes_memory_and_asks_for_nothing() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    load(&mut app, report("in/a.txt", "x", vec![]));
    app.update(Action::SetTriage(Status::Rejected), now());
    assert!(app.effects.is_empty());
    let e = app.entry(Path::new("in/a.txt")).unwrap();
    assert_eq!(e.triage, Status::Rejected);
}
