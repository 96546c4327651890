//! The live inbox: a real directory, the real watcher and loader, the app's event path.

use super::*;

/// Applies events from `rx` (as the run loop does) until `done` holds; generous timeout, so
/// only a real failure fails.
fn pump(
    app: &mut App,
    rx: &std::sync::mpsc::Receiver<AppEvent>,
    ctl: &std::sync::mpsc::Sender<event::WatchControl>,
    what: &str,
    done: impl Fn(&App) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(app) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "timed out waiting for: {what}");
        if let Ok(ev) = rx.recv_timeout(left.min(Duration::from_millis(200))) {
            app.handle_event(ev, now());
            run_effects(app, Some(ctl));
        }
    }
}

pub(super) fn sample_text(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

pub(super) const CLEAN: &str = "2020-city-gov-clean.txt";
pub(super) const TOTAL: &str = "(七)总计\n\n167\n";
pub(super) const BROKEN_TOTAL: &str = "(七)总计\n\n168\n";

#[test]
fn the_live_inbox_updates_the_list_and_the_open_report_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let clean = root.join("clean.txt");
    let other = root.join("other.txt");
    let text = sample_text(CLEAN);
    assert!(text.contains(TOTAL));
    std::fs::write(&clean, &text).unwrap();
    std::fs::write(&other, sample_text("2024-city-gov-t3-row-broken.txt")).unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let mut app = App::new(Theme::builtin(), (80, 24));
    app.watch = Some(app::WatchState::default());
    let ctl = event::spawn_watch(vec![root.clone()], None, tx.clone());
    event::spawn_loader(vec![root.clone()], tx);
    pump(&mut app, &rx, &ctl, "initial load and watcher", |a| {
        a.inbox.progress.done == 2 && a.watch.as_ref().is_some_and(|w| !w.status.is_empty())
    });
    assert!(app.watch.as_ref().unwrap().status.contains("watching"));
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 23).contains("watching (native)"),
        "{}",
        dump(&buf)
    );
    assert_eq!(app.entry(&clean).unwrap().failed(), 0);

    // The inspector has the clean report open when its submitter breaks a total.
    app.open_report(&clean);
    std::fs::write(&clean, text.replace(TOTAL, BROKEN_TOTAL)).unwrap();
    pump(&mut app, &rx, &ctl, "the broken total", |a| {
        a.entry(&clean).is_some_and(|e| e.failed() > 0)
    });
    assert_eq!(app.screen, ScreenKind::Report);
    let rv = app.report.as_ref().unwrap();
    assert_eq!(rv.path, clean);
    let summary = rv.changes.clone().unwrap();
    assert!(summary.starts_with("0 fixed, "), "{summary}");
    assert!(rv.new.iter().any(|&n| n));
    let buf = render_app(&app, 80, 24);
    assert!(
        dump(&buf).contains(&format!("changed: {summary}")),
        "{}",
        dump(&buf)
    );
    let (_, y) = at(&buf, "T3-SUM7");
    assert_eq!(buffer_row(&buf, y).0.chars().nth(2), Some('+'));
    // Open while it changed: not marked updated.
    assert!(!app.entry(&clean).unwrap().updated);

    // Back in the list, on the clean report; the submitter fixes it by an editor's atomic save.
    app.update(Action::Back, now());
    assert_eq!(app.list.selected.as_deref(), Some(clean.as_path()));
    let tmp = root.join(".clean.txt.swp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &clean).unwrap();
    pump(&mut app, &rx, &ctl, "the fixed total", |a| {
        a.entry(&clean).is_some_and(|e| e.failed() == 0)
    });
    let e = app.entry(&clean).unwrap();
    assert!(e.updated, "changed while not viewed");
    let c = e.changes.as_ref().unwrap();
    assert!(c.new.is_empty() && c.fixed.iter().any(|f| f.rule == "T3-SUM7"));
    // The selection stayed on the same report although it moved in the worst-first order.
    assert_eq!(app.list.selected.as_deref(), Some(clean.as_path()));

    // Paused: changes wait; resumed: they arrive.
    key(&mut app, KeyCode::Char('p'));
    run_effects(&mut app, Some(&ctl));
    assert!(app.watch.as_ref().unwrap().paused);
    app.message = None;
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 23).contains("PAUSED (p resumes)"),
        "{}",
        dump(&buf)
    );
    std::fs::remove_file(&other).unwrap();
    let until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < until {
        if let Ok(ev) = rx.recv_timeout(Duration::from_millis(100)) {
            app.handle_event(ev, now());
        }
    }
    assert!(app.entry(&other).is_some(), "removed while paused");
    key(&mut app, KeyCode::Char('p'));
    run_effects(&mut app, Some(&ctl));
    pump(&mut app, &rx, &ctl, "the removal after resume", |a| {
        a.entry(&other).is_none()
    });
    assert_eq!(app.inbox.entries.len(), 1);
    assert_eq!(app.list.selected.as_deref(), Some(clean.as_path()));
}

#[test]
fn a_read_that_began_earlier_never_replaces_a_later_one() {
    let mut app = App::new(Theme::builtin(), (80, 24));
    let loaded = |findings, seq| {
        AppEvent::ReportLoaded(Box::new(app::Loaded {
            report: report("x.txt", "甲", findings),
            modified: None,
            hash: None,
            seq,
        }))
    };
    app.handle_event(loaded(vec![err("T3-ID")], 5), now());
    app.handle_event(loaded(vec![], 3), now());
    assert_eq!(app.entry(Path::new("x.txt")).unwrap().failed(), 1);
    app.handle_event(
        AppEvent::Removed {
            path: "x.txt".into(),
            seq: 7,
        },
        now(),
    );
    app.handle_event(loaded(vec![], 6), now());
    assert!(app.entry(Path::new("x.txt")).is_none());
}
