//! The watcher against a real temporary directory: what a consumer receives when files are
//! created, rewritten, saved by rename, deleted, dropped in by the hundred, or changed while
//! watching is paused. Outcomes are asserted with generous deadlines, never durations, so a
//! loaded machine makes the tests slower but not flaky.

use super::*;
use std::collections::BTreeMap;
use std::sync::mpsc::Receiver;

const DEBOUNCE: Duration = Duration::from_millis(100);
/// How long to wait for something that should happen.
const DEADLINE: Duration = Duration::from_secs(20);
/// Silence that counts as "nothing more is coming": several debounce windows plus ticks.
const QUIET: Duration = Duration::from_millis(700);

struct Harness {
    dir: tempfile::TempDir,
    watcher: Watcher,
    rx: Receiver<WatchMsg>,
    statuses: Vec<String>,
    rescans: usize,
}

fn harness_with(opts: WatchOptions, setup: impl FnOnce(&Path)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(dir.path(), opts, tx).unwrap();
    Harness {
        dir,
        watcher,
        rx,
        statuses: Vec::new(),
        rescans: 0,
    }
}

fn harness(setup: impl FnOnce(&Path)) -> Harness {
    harness_with(
        WatchOptions {
            poll: None,
            debounce: DEBOUNCE,
        },
        setup,
    )
}

/// A harness that polls every `every` instead of using native events.
fn polling_harness(every: Duration, setup: impl FnOnce(&Path)) -> Harness {
    harness_with(
        WatchOptions {
            poll: Some(every),
            debounce: DEBOUNCE,
        },
        setup,
    )
}

impl Harness {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(p, text).unwrap();
    }

    /// Settled batches until `done` holds for everything received (then until quiet), or
    /// the deadline. Status and rescan messages are kept aside.
    fn collect_until(&mut self, done: impl Fn(&[Settled]) -> bool) -> Vec<Vec<Settled>> {
        let deadline = Instant::now() + DEADLINE;
        let mut batches: Vec<Vec<Settled>> = Vec::new();
        let mut satisfied = false;
        loop {
            let wait = if satisfied {
                QUIET
            } else {
                deadline.saturating_duration_since(Instant::now())
            };
            match self.rx.recv_timeout(wait) {
                Ok(WatchMsg::Settled(b)) => batches.push(b),
                Ok(WatchMsg::Status(s)) => self.statuses.push(s),
                Ok(WatchMsg::Rescan) => self.rescans += 1,
                Err(_) => return batches,
            }
            let all: Vec<Settled> = batches.iter().flatten().cloned().collect();
            satisfied = done(&all);
        }
    }

    /// Everything that settles until `n` changes arrived and the directory went quiet.
    fn changes(&mut self, n: usize) -> Vec<Settled> {
        self.collect_until(|all| all.len() >= n)
            .into_iter()
            .flatten()
            .collect()
    }

    fn rel(&self, s: &Settled) -> String {
        s.path
            .strip_prefix(self.dir.path())
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    fn summary(&self, changes: &[Settled]) -> Vec<(String, Change)> {
        changes.iter().map(|s| (self.rel(s), s.change)).collect()
    }

    /// The first status, sent by `start`.
    fn first_status(&self) -> String {
        match self.rx.recv_timeout(DEADLINE) {
            Ok(WatchMsg::Status(s)) => s,
            other => panic!("expected a status first, got {other:?}"),
        }
    }
}

#[test]
fn the_initial_listing_holds_report_files_only_and_says_how_it_watches() {
    let h = harness(|d| {
        fs::write(d.join("b.txt"), "x").unwrap();
        fs::create_dir_all(d.join("sub/.hidden")).unwrap();
        fs::write(d.join("sub/a.md"), "x").unwrap();
        fs::write(d.join("sub/.hidden/c.txt"), "x").unwrap();
        fs::write(d.join("sub/a.md.swp"), "x").unwrap();
        fs::write(d.join("image.png"), "x").unwrap();
        // Links to files are taken, links to directories are not followed (as in `check`).
        std::os::unix::fs::symlink(d.join("b.txt"), d.join("linked.txt")).unwrap();
        std::os::unix::fs::symlink(d.join("sub"), d.join("linked-dir")).unwrap();
    });
    let rel: Vec<String> = h
        .watcher
        .initial_files()
        .iter()
        .map(|p| p.strip_prefix(h.dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(rel, ["b.txt", "linked.txt", "sub/a.md"]);
    assert_eq!(h.first_status(), "watching (native)");
}

#[test]
fn create_modify_in_place_and_delete_each_settle_once() {
    let mut h = harness(|d| fs::write(d.join("old.txt"), "v1").unwrap());
    h.write("new.txt", "first draft");
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("new.txt".to_string(), Change::Added)]);

    // In place, in several writes, like an upload arriving in chunks. (No pauses between
    // them: a pause longer than the window would rightly settle twice.)
    {
        use std::io::Write as _;
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(h.path("old.txt"))
            .unwrap();
        for i in 0..5 {
            writeln!(f, "chunk {i}").unwrap();
            f.flush().unwrap();
        }
    }
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("old.txt".to_string(), Change::Changed)]);

    fs::remove_file(h.path("new.txt")).unwrap();
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("new.txt".to_string(), Change::Removed)]);
}

#[test]
fn an_editor_save_by_rename_is_one_change_of_the_target() {
    let mut h = harness(|d| fs::write(d.join("r.md"), "v1").unwrap());
    // vim-style swap file beside it, then write-temp-and-rename over the target.
    h.write(".r.md.swp", "swap");
    h.write("r.md.tmp", "v2, saved atomically");
    fs::rename(h.path("r.md.tmp"), h.path("r.md")).unwrap();
    fs::remove_file(h.path(".r.md.swp")).unwrap();
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("r.md".to_string(), Change::Changed)]);
}

#[test]
fn temporary_swap_hidden_and_state_files_produce_nothing() {
    let mut h = harness(|_| {});
    for rel in [
        "a.txt.swp",
        "a.txt~",
        "#a.txt#",
        ".hidden.txt",
        "~$report.docx",
        "upload.pdf.crdownload",
        "upload.txt.part",
        "x.tmp",
        ".gouji/state.json",
        ".gouji/a.txt",
        "picture.png",
    ] {
        h.write(rel, "noise");
    }
    // A real report written last: once it settles, everything before it has been seen.
    h.write("real.txt", "report");
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("real.txt".to_string(), Change::Added)]);
}

#[test]
fn a_burst_of_200_files_settles_each_exactly_once_then_their_removal_too() {
    let mut h = harness(|_| {});
    for i in 0..200 {
        h.write(&format!("batch/{i:03}.txt"), &format!("report {i}"));
    }
    let got = h.changes(200);
    let mut per_path: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for (p, c) in h.summary(&got) {
        per_path.entry(p).or_default().push(c);
    }
    assert_eq!(per_path.len(), 200);
    assert!(
        per_path.values().all(|c| c == &[Change::Added]),
        "every file added exactly once"
    );

    fs::remove_dir_all(h.path("batch")).unwrap();
    let got = h.changes(200);
    assert_eq!(got.len(), 200);
    assert!(got.iter().all(|s| s.change == Change::Removed));
}

#[test]
fn a_directory_moved_in_is_added_file_by_file() {
    let mut h = harness(|_| {});
    // Prepared inside the root under a hidden name (same file system), then revealed by a
    // rename, as upload tools do.
    for i in 0..3 {
        h.write(&format!(".incoming/d/{i}.txt"), "x");
    }
    fs::rename(h.path(".incoming/d"), h.path("county")).unwrap();
    let got = h.changes(3);
    assert_eq!(
        h.summary(&got),
        [
            ("county/0.txt".to_string(), Change::Added),
            ("county/1.txt".to_string(), Change::Added),
            ("county/2.txt".to_string(), Change::Added),
        ]
    );
}

#[test]
fn changes_while_paused_are_delivered_once_on_resume() {
    let mut h = harness(|d| {
        fs::write(d.join("keep.txt"), "v1").unwrap();
        fs::write(d.join("drop.txt"), "v1").unwrap();
    });
    assert_eq!(h.first_status(), "watching (native)");
    h.watcher.pause();
    h.write("keep.txt", "v2");
    h.write("keep.txt", "v3");
    h.write("new.txt", "v1");
    h.write("brief.txt", "created and deleted while paused");
    fs::remove_file(h.path("drop.txt")).unwrap();
    thread::sleep(Duration::from_millis(300));
    fs::remove_file(h.path("brief.txt")).unwrap();
    // Well past the settle window: nothing may arrive while paused.
    match h.rx.recv_timeout(QUIET) {
        Err(RecvTimeoutError::Timeout) => {}
        other => panic!("received while paused: {other:?}"),
    }
    h.watcher.resume();
    let batches = h.collect_until(|all| all.len() >= 3);
    assert_eq!(batches.len(), 1, "one delivery on resume: {batches:?}");
    assert_eq!(
        h.summary(&batches[0]),
        [
            ("drop.txt".to_string(), Change::Removed),
            ("keep.txt".to_string(), Change::Changed),
            ("new.txt".to_string(), Change::Added),
        ]
    );
}

#[test]
fn polling_when_asked_still_sees_changes() {
    let mut h = polling_harness(Duration::from_millis(100), |d| {
        fs::write(d.join("a.txt"), "v1").unwrap()
    });
    assert_eq!(h.first_status(), "polling every 100 ms");
    h.write("b.txt", "new");
    fs::remove_file(h.path("a.txt")).unwrap();
    let got = h.changes(2);
    // A poll may fall between the two steps, so they can arrive in either order.
    let mut seen = h.summary(&got);
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [
            ("a.txt".to_string(), Change::Removed),
            ("b.txt".to_string(), Change::Added),
        ]
    );
}

#[test]
fn files_written_in_a_new_directory_before_it_is_watched_are_found_by_a_second_look() {
    // Polling once an hour: the backend stays silent during the test, as inotify is for a file
    // written in a new directory before notify has added its watch there.
    let mut h = polling_harness(Duration::from_secs(3600), |_| {});
    assert_eq!(h.first_status(), "polling every 3600000 ms");
    fs::create_dir(h.path("county")).unwrap();
    h.watcher
        .inject(Input::Raw(vec![(h.path("county"), RawKind::Created)]));
    // After the directory's own event was handled (its listing found it empty), before the
    // second look a window later.
    thread::sleep(DEBOUNCE / 2);
    h.write("county/a.txt", "report");
    h.write("county/b.txt", "report");
    let got = h.changes(2);
    assert_eq!(
        h.summary(&got),
        [
            ("county/a.txt".to_string(), Change::Added),
            ("county/b.txt".to_string(), Change::Added),
        ]
    );
}

#[test]
fn hitting_the_inotify_limit_switches_to_polling_says_so_and_keeps_working() {
    let mut h = harness(|_| {});
    assert_eq!(h.first_status(), "watching (native)");
    h.watcher.inject(Input::Error(notify::Error::new(
        notify::ErrorKind::MaxFilesWatch,
    )));
    h.write("after.txt", "written once polling");
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("after.txt".to_string(), Change::Added)]);
    assert_eq!(
        h.statuses,
        ["polling every 1000 ms: inotify limit reached (raise fs.inotify.max_user_watches)"]
    );
    assert_eq!(h.rescans, 1);
}

#[test]
fn lost_events_rescan_without_re_reporting_unchanged_files_and_repeated_loss_polls() {
    let mut h = harness(|d| {
        for i in 0..20 {
            fs::write(d.join(format!("{i}.txt")), "unchanged").unwrap();
        }
    });
    assert_eq!(h.first_status(), "watching (native)");
    h.watcher.inject(Input::Overflow);
    h.write("0.txt", "edited");
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("0.txt".to_string(), Change::Changed)]);
    assert_eq!(h.rescans, 1);
    assert!(h.statuses.is_empty(), "one overflow keeps native events");

    h.watcher.inject(Input::Overflow);
    h.watcher.inject(Input::Overflow);
    h.write("1.txt", "edited");
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("1.txt".to_string(), Change::Changed)]);
    assert_eq!(
        h.statuses,
        ["polling every 1000 ms: native event queue keeps overflowing"]
    );
}

#[test]
fn a_closure_sink_lets_a_consumer_wrap_messages_into_its_own_queue() {
    #[derive(Debug)]
    enum AppEvent {
        Watch(WatchMsg),
    }
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = mpsc::channel();
    let opts = WatchOptions {
        poll: None,
        debounce: DEBOUNCE,
    };
    let _watcher = Watcher::start(dir.path(), opts, move |m| {
        tx.send(AppEvent::Watch(m)).is_ok()
    })
    .unwrap();
    fs::write(dir.path().join("a.txt"), "x").unwrap();
    let deadline = Instant::now() + DEADLINE;
    let settled = loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(AppEvent::Watch(WatchMsg::Settled(b))) => break b,
            Ok(_) => {}
            Err(e) => panic!("nothing settled: {e}"),
        }
    };
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0].change, Change::Added);
}

#[test]
fn starting_on_a_file_or_a_missing_path_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, "x").unwrap();
    let (tx, _rx) = mpsc::channel();
    assert!(Watcher::start(&file, WatchOptions::default(), tx.clone()).is_err());
    assert!(Watcher::start(&dir.path().join("missing"), WatchOptions::default(), tx).is_err());
}

#[test]
fn notify_events_are_filtered_at_the_source() {
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange};
    let ev = |k| Event::new(k).add_path("/r/a.txt".into());
    assert!(classify(&ev(EventKind::Access(AccessKind::Close(AccessMode::Write)))).is_empty());
    assert!(
        classify(&ev(EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Permissions
        ))))
        .is_empty()
    );
    assert_eq!(
        classify(&ev(EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        )))),
        [("/r/a.txt".into(), RawKind::Modified)]
    );
    assert_eq!(
        classify(&ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)))),
        [("/r/a.txt".into(), RawKind::Modified)]
    );
    assert_eq!(
        classify(&ev(EventKind::Create(CreateKind::File))),
        [("/r/a.txt".into(), RawKind::Created)]
    );
    let both = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
        .add_path("/r/a.tmp".into())
        .add_path("/r/a.txt".into());
    assert_eq!(
        classify(&both),
        [
            ("/r/a.tmp".into(), RawKind::Removed),
            ("/r/a.txt".into(), RawKind::Created)
        ]
    );
}

#[test]
fn polling_sees_a_rewrite_within_the_same_second_even_at_the_same_size() {
    let mut h = polling_harness(Duration::from_millis(50), |_| {});
    assert_eq!(h.first_status(), "polling every 50 ms");
    // Just after a second boundary, so that both writes share their whole-second write time.
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    thread::sleep(Duration::from_nanos(
        1_000_000_000 - u64::from(since_epoch.subsec_nanos()) + 10_000_000,
    ));
    h.write("r.txt", "first content");
    // Straight from the queue (not `changes`, which waits for quiet): the rewrite must come
    // within the second of the first write.
    let first = loop {
        match h.rx.recv_timeout(DEADLINE) {
            Ok(WatchMsg::Settled(b)) => break b,
            Ok(_) => continue,
            Err(e) => panic!("nothing settled: {e}"),
        }
    };
    h.write("r.txt", "final content");
    assert_eq!(h.summary(&first), [("r.txt".to_string(), Change::Added)]);
    let got = h.changes(1);
    assert_eq!(h.summary(&got), [("r.txt".to_string(), Change::Changed)]);
}

#[test]
fn the_poller_reports_what_appeared_changed_and_vanished_between_two_listings() {
    let stamp = |len| FileStamp {
        len,
        ..FileStamp::default()
    };
    let before: BTreeMap<PathBuf, FileStamp> = [("a", 1), ("b", 2), ("c", 3)]
        .map(|(p, n)| (PathBuf::from(p), stamp(n)))
        .into();
    let after: BTreeMap<PathBuf, FileStamp> = [("b", 2), ("c", 4), ("d", 1)]
        .map(|(p, n)| (PathBuf::from(p), stamp(n)))
        .into();
    assert_eq!(
        differences(&before, &after),
        [
            (PathBuf::from("c"), RawKind::Modified),
            (PathBuf::from("d"), RawKind::Created),
            (PathBuf::from("a"), RawKind::Removed),
        ]
    );
}
