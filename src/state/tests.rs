//! Tests of the triage store: identity, merge, durability and concurrency.

use crate::rules::Rule;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::merge::{Op, StateFile, apply};
use super::*;
use crate::model::{Finding, Severity};
use crate::template::TableId;

/// An inbox with one report file; returns (dir, path, hash).
fn inbox_with(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    let hash = hash_file(&path).unwrap();
    (dir, path, hash)
}

fn state_path(dir: &Path) -> PathBuf {
    dir.join(STATE_DIR).join(STATE_FILE)
}

#[test]
fn content_hash_is_sha256_of_the_bytes() {
    assert_eq!(
        content_hash(b"abc"),
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn opening_an_inbox_creates_nothing_until_a_change() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let store = Store::open_inbox(dir.path()).unwrap();
    assert_eq!(store.entry(&path, &hash).origin, Origin::New);
    assert!(!dir.path().join(STATE_DIR).exists());
}

#[test]
fn status_and_note_survive_reopening() {
    let (dir, path, hash) = inbox_with("a.txt", "报告一");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&path, &hash, Status::NeedsFix).unwrap();
    store
        .set_note(&path, &hash, "表三（七）总计有误\n请于五日内更正")
        .unwrap();
    drop(store);

    let store = Store::open_inbox(dir.path()).unwrap();
    let v = store.entry(&path, &hash);
    assert_eq!(v.status, Status::NeedsFix);
    assert_eq!(v.note, "表三（七）总计有误\n请于五日内更正");
    assert_eq!(v.origin, Origin::Exact);
    assert_eq!(v.path, "a.txt");
    assert_eq!(store.status(&path, &hash), Status::NeedsFix);

    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(state_path(dir.path())).unwrap()).unwrap();
    assert_eq!(json["schema"], SCHEMA_VERSION);
    assert_eq!(json["entries"][0]["status"]["value"], "needs_fix");
}

#[test]
fn replaced_content_is_unreviewed_again_and_keeps_the_old_entry_as_history() {
    let (dir, path, h1) = inbox_with("a.txt", "第一版");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&path, &h1, Status::Accepted).unwrap();
    store.set_note(&path, &h1, "数据无误").unwrap();

    fs::write(&path, "第二版").unwrap();
    let h2 = hash_file(&path).unwrap();
    let v = store.entry(&path, &h2);
    assert_eq!(v.status, Status::Unreviewed);
    assert_eq!(v.note, "");
    assert_eq!(v.origin, Origin::Replaced);
    assert_eq!(v.history.len(), 1);
    assert_eq!(v.history[0].hash, h1);
    assert_eq!(v.history[0].status, Status::Accepted);
    assert_eq!(v.history[0].note, "数据无误");

    store.set_status(&path, &h2, Status::NeedsFix).unwrap();
    drop(store);
    let store = Store::open_inbox(dir.path()).unwrap();
    let v = store.entry(&path, &h2);
    assert_eq!(v.status, Status::NeedsFix);
    assert_eq!(v.origin, Origin::Exact);
    assert_eq!(v.history[0].status, Status::Accepted);
    // A third version lists both earlier ones, newest first.
    let h3 = content_hash("第三版".as_bytes());
    let v = store.entry(&path, &h3);
    let statuses: Vec<Status> = v.history.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [Status::NeedsFix, Status::Accepted]);
}

#[test]
fn a_renamed_file_keeps_status_note_and_dismissals() {
    let (dir, old, hash) = inbox_with("a.txt", "同一内容");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&old, &hash, Status::Rejected).unwrap();
    store.set_note(&old, &hash, "退回重报").unwrap();
    store
        .dismiss(&old, &hash, "C-BLANK@t4.rv.keep", "当地口径")
        .unwrap();
    let new = dir.path().join("sub").join("renamed.txt");
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::rename(&old, &new).unwrap();

    let store = Store::open_inbox(dir.path()).unwrap();
    let v = store.entry(&new, &hash);
    assert_eq!(v.status, Status::Rejected);
    assert_eq!(v.note, "退回重报");
    assert!(v.is_dismissed("C-BLANK@t4.rv.keep"));
    assert_eq!(
        v.origin,
        Origin::Moved {
            from: "a.txt".into()
        }
    );
    assert_eq!(v.path, "sub/renamed.txt");
}

#[test]
fn a_copy_changed_after_renaming_leaves_the_original_alone() {
    let (dir, a, hash) = inbox_with("a.txt", "同一内容");
    let b = dir.path().join("b.txt");
    fs::copy(&a, &b).unwrap();
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&a, &hash, Status::Accepted).unwrap();
    assert_eq!(store.status(&b, &hash), Status::Accepted);
    store.set_status(&b, &hash, Status::Rejected).unwrap();
    assert_eq!(store.status(&a, &hash), Status::Accepted);
    assert_eq!(store.status(&b, &hash), Status::Rejected);
    assert_eq!(store.entry(&b, &hash).origin, Origin::Exact);
}

#[test]
fn a_moved_inbox_keeps_its_triage() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&path, &hash, Status::Accepted).unwrap();
    let parent = tempfile::tempdir().unwrap();
    let moved = parent.path().join("inbox");
    fs::rename(dir.path(), &moved).unwrap();
    let store = Store::open(state_path(&moved)).unwrap();
    let v = store.entry(&moved.join("a.txt"), &hash);
    assert_eq!((v.status, v.origin), (Status::Accepted, Origin::Exact));
}

#[test]
fn paths_are_keyed_relative_to_the_inbox_root() {
    let (dir, _, _) = inbox_with("a.txt", "x");
    let store = Store::open_inbox(dir.path()).unwrap();
    assert_eq!(store.key(&dir.path().join("sub/./x/../b.txt")), "sub/b.txt");
    let outside = Path::new("/elsewhere/c.txt");
    assert_eq!(store.key(outside), "/elsewhere/c.txt");
    // `--state .gouji/state.json` from inside the inbox: the root is the current directory.
    let store = Store::open(Path::new(".gouji/state.json")).unwrap();
    assert_eq!(store.key(Path::new("./sub/a.txt")), "sub/a.txt");
}

#[test]
fn dismissals_carry_a_reason_and_can_be_withdrawn() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store
        .dismiss(&path, &hash, "T3-SUM7@t3.r7.np", "误报：表格跨页")
        .unwrap();
    store
        .dismiss(&path, &hash, "C-BLANK@t3.r1.res", "本地变体")
        .unwrap();
    store.undismiss(&path, &hash, "C-BLANK@t3.r1.res").unwrap();
    let store = Store::open_inbox(dir.path()).unwrap();
    let v = store.entry(&path, &hash);
    assert_eq!(
        v.dismissal("T3-SUM7@t3.r7.np").map(|d| d.reason.as_str()),
        Some("误报：表格跨页")
    );
    assert!(!v.is_dismissed("C-BLANK@t3.r1.res"));
    assert_eq!(v.dismissed.len(), 1);
}

#[test]
fn a_group_of_findings_is_dismissed_and_withdrawn_in_one_write_each() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    let keys: Vec<String> = ["C-BLANK@t3.r1.np", "C-BLANK@t3.r1.biz", "C-BLANK@t3.r2.np"]
        .iter()
        .map(|k| k.to_string())
        .collect();
    store.dismiss_all(&path, &hash, &keys, "未发生").unwrap();
    let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
    assert_eq!(v.dismissed.len(), 3);
    assert!(v.dismissed.values().all(|d| d.reason == "未发生"));
    store.undismiss_all(&path, &hash, &keys[..2]).unwrap();
    let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
    assert_eq!(v.dismissed.keys().collect::<Vec<_>>(), ["C-BLANK@t3.r2.np"]);
}

#[test]
fn undo_restores_the_previous_status() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.undo_status(&path, &hash).unwrap();
    assert_eq!(store.status(&path, &hash), Status::Unreviewed);
    store.set_status(&path, &hash, Status::Accepted).unwrap();
    store.set_status(&path, &hash, Status::NeedsFix).unwrap();
    store.undo_status(&path, &hash).unwrap();
    assert_eq!(store.status(&path, &hash), Status::Accepted);
}

#[test]
fn an_older_change_does_not_overwrite_a_newer_one() {
    let t0: DateTime<Utc> = "2026-01-10T08:00:00Z".parse().unwrap();
    let t1: DateTime<Utc> = "2026-01-10T09:00:00Z".parse().unwrap();
    let mut data = StateFile::empty();
    apply(&mut data, "a.txt", "h", &Op::SetNote("新".into()), t1);
    apply(&mut data, "a.txt", "h", &Op::SetNote("旧".into()), t0);
    apply(
        &mut data,
        "a.txt",
        "h",
        &Op::SetStatus(Status::Accepted),
        t0,
    );
    let dismiss = |reason: &str| Op::Dismiss {
        key: "k".into(),
        reason: reason.into(),
    };
    apply(
        &mut data,
        "a.txt",
        "h",
        &Op::Undismiss { key: "k".into() },
        t1,
    );
    apply(&mut data, "a.txt", "h", &dismiss("late"), t0);
    let e = &data.entries[0];
    assert_eq!(e.note.value, "新");
    assert_eq!(e.status.value, Status::Accepted);
    assert!(!e.dismissed["k"].active);
    assert_eq!(e.updated, t1);
}

#[test]
fn two_stores_interleaving_100_updates_lose_none() {
    let (dir, _, _) = inbox_with("a.txt", "x");
    let mut a = Store::open_inbox(dir.path()).unwrap();
    let mut b = Store::open_inbox(dir.path()).unwrap();
    let shared = dir.path().join("shared.txt");
    for i in 0..50 {
        let p = dir.path().join(format!("r{i}.txt"));
        let h = format!("sha256:{i}");
        // Neither store reloads in between: each write must merge what the other wrote.
        a.set_status(&p, &h, Status::NeedsFix).unwrap();
        b.set_note(&p, &h, &format!("备注{i}")).unwrap();
        a.dismiss(&shared, "sha256:s", &format!("a{i}"), "甲")
            .unwrap();
        b.dismiss(&shared, "sha256:s", &format!("b{i}"), "乙")
            .unwrap();
    }
    let s = Store::open_inbox(dir.path()).unwrap();
    for i in 0..50 {
        let v = s.entry(
            &dir.path().join(format!("r{i}.txt")),
            &format!("sha256:{i}"),
        );
        assert_eq!(v.status, Status::NeedsFix, "status of r{i}");
        assert_eq!(v.note, format!("备注{i}"), "note of r{i}");
    }
    assert_eq!(s.entry(&shared, "sha256:s").dismissed.len(), 100);
}

#[test]
fn concurrent_threads_writing_100_updates_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let root = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut s = Store::open_inbox(&root).unwrap();
                let shared = root.join("shared.txt");
                for i in 0..25 {
                    s.dismiss(&shared, "sha256:s", &format!("t{t}-{i}"), "并发")
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = Store::open_inbox(dir.path()).unwrap();
    assert_eq!(
        s.entry(&dir.path().join("shared.txt"), "sha256:s")
            .dismissed
            .len(),
        100
    );
    assert!(s.warnings().is_empty());
}

/// Run by `two_processes_writing_100_updates_lose_none` in child processes.
#[test]
#[ignore = "helper run in a child process"]
fn child_writer() {
    let (Ok(root), Ok(id)) = (
        std::env::var("GOUJI_TEST_INBOX"),
        std::env::var("GOUJI_TEST_WRITER"),
    ) else {
        return;
    };
    let root = PathBuf::from(root);
    let mut s = Store::open_inbox(&root).unwrap();
    for i in 0..50 {
        s.dismiss(
            &root.join("shared.txt"),
            "sha256:s",
            &format!("{id}-{i}"),
            "进程",
        )
        .unwrap();
    }
}

#[test]
fn two_processes_writing_100_updates_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["p", "q"]
        .iter()
        .map(|id| {
            std::process::Command::new(&exe)
                .args([
                    "state::tests::child_writer",
                    "--exact",
                    "--ignored",
                    "--quiet",
                ])
                .env("GOUJI_TEST_INBOX", dir.path())
                .env("GOUJI_TEST_WRITER", id)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let s = Store::open_inbox(dir.path()).unwrap();
    let v = s.entry(&dir.path().join("shared.txt"), "sha256:s");
    assert_eq!(v.dismissed.len(), 100);
    assert!(v.is_dismissed("p-49") && v.is_dismissed("q-0"));
}

/// Run by `a_writer_killed_at_any_moment_leaves_a_readable_file_with_every_acknowledged_change`:
/// changes the note forever, printing each number once it is saved.
#[test]
#[ignore = "helper run in a child process"]
fn child_writer_until_killed() {
    let Ok(root) = std::env::var("GOUJI_TEST_KILL_INBOX") else {
        return;
    };
    let root = PathBuf::from(root);
    let mut s = Store::open_inbox(&root).unwrap();
    let report = root.join("a.txt");
    let mut out = io::stdout();
    for i in 0u64.. {
        s.set_note(&report, "sha256:a", &format!("{i}")).unwrap();
        writeln!(out, "saved {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn a_writer_killed_at_any_moment_leaves_a_readable_file_with_every_acknowledged_change() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "state::tests::child_writer_until_killed",
            "--exact",
            "--ignored",
            "--nocapture",
            "--quiet",
        ])
        .env("GOUJI_TEST_KILL_INBOX", dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut acked = None;
    let lines = io::BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines {
        if let Some(n) = line.unwrap().strip_prefix("saved ") {
            let n: u64 = n.parse().unwrap();
            acked = Some(n);
            if n >= 40 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no flush, mid-write or not
    child.wait().unwrap();
    let acked = acked.expect("the child saved something");

    let s = Store::open_inbox(dir.path()).unwrap();
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    let note: u64 = s
        .entry(&dir.path().join("a.txt"), "sha256:a")
        .note
        .parse()
        .unwrap();
    assert!(note >= acked, "saved {acked} but found {note}");
}

#[test]
fn a_truncated_state_file_is_kept_aside_and_reported() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_status(&path, &hash, Status::Accepted).unwrap();
    store.set_note(&path, &hash, "已核").unwrap();
    drop(store);
    // Simulate a write cut short: half of a valid file.
    let sp = state_path(dir.path());
    let full = fs::read(&sp).unwrap();
    let cut = full[..full.len() / 2].to_vec();
    fs::write(&sp, &cut).unwrap();

    let mut store = Store::open_inbox(dir.path()).unwrap();
    let w = store.take_warnings();
    let [
        StateWarning::CorruptKeptAside {
            kept_at, path: p, ..
        },
    ] = &w[..]
    else {
        panic!("expected one corrupt-file warning, got {w:?}");
    };
    assert_eq!(p, &sp);
    assert!(
        kept_at
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("state.json.corrupt-")
    );
    assert_eq!(
        fs::read(kept_at).unwrap(),
        cut,
        "the bytes are kept as they were"
    );
    assert!(
        !sp.exists(),
        "nothing is written until the user changes something"
    );
    assert!(w[0].to_string().contains("state.json.corrupt-"));
    assert_eq!(store.status(&path, &hash), Status::Unreviewed);

    store.set_status(&path, &hash, Status::NeedsFix).unwrap();
    assert_eq!(fs::read(kept_at).unwrap(), cut);
    let again = Store::open_inbox(dir.path()).unwrap();
    assert_eq!(again.status(&path, &hash), Status::NeedsFix);
    assert!(again.warnings().is_empty());
}

#[test]
fn a_file_corrupted_while_open_is_kept_aside_and_memory_is_kept() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store.set_note(&path, &hash, "第一条备注").unwrap();
    fs::write(state_path(dir.path()), b"{\"schema\": 1, \"entr").unwrap();
    store.set_status(&path, &hash, Status::Rejected).unwrap();
    assert_eq!(store.warnings().len(), 1);
    let s = Store::open_inbox(dir.path()).unwrap();
    let v = s.entry(&path, &hash);
    assert_eq!(
        (v.status, v.note.as_str()),
        (Status::Rejected, "第一条备注")
    );
    let kept: Vec<_> = fs::read_dir(dir.path().join(STATE_DIR))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn a_state_file_from_a_newer_gouji_is_refused_and_untouched() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let sp = state_path(dir.path());
    fs::create_dir_all(sp.parent().unwrap()).unwrap();
    let newer = br#"{"schema": 99, "entries": "something new"}"#;
    fs::write(&sp, newer).unwrap();
    let err = Store::open_inbox(dir.path()).unwrap_err();
    assert!(matches!(err, StateError::NewerSchema { found: 99, .. }));
    assert!(err.to_string().contains("newer"));
    assert_eq!(fs::read(&sp).unwrap(), newer);
    let _ = (path, hash);
}

#[test]
fn reload_if_changed_sees_another_writer() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let mut a = Store::open_inbox(dir.path()).unwrap();
    let mut b = Store::open_inbox(dir.path()).unwrap();
    assert!(!a.reload_if_changed().unwrap());
    b.set_status(&path, &hash, Status::Accepted).unwrap();
    assert_eq!(a.status(&path, &hash), Status::Unreviewed);
    assert!(a.reload_if_changed().unwrap());
    assert_eq!(a.status(&path, &hash), Status::Accepted);
    assert!(!a.reload_if_changed().unwrap());
}

#[test]
fn finding_keys_are_stable_and_unique() {
    let cell = Finding::new(Rule::T3Sum7, Severity::Error, "（七）总计 0 ≠ 15").at(
        TableId::T3,
        Some("r7"),
        Some("np"),
    );
    assert_eq!(finding_key(&cell), "T3-SUM7@t3.r7.np");
    let reworded = Finding {
        message: "sum of (一)–(六) is 15 but (七) says 0".into(),
        ..cell.clone()
    };
    assert_eq!(finding_key(&reworded), finding_key(&cell));

    let s1 = Finding::new(Rule::SSix, Severity::Error, "第五部分缺失");
    let s2 = Finding::new(Rule::SSix, Severity::Error, "第六部分缺失");
    assert!(finding_key(&s1).starts_with("S-SIX@-.-.-#"));
    assert_ne!(finding_key(&s1), finding_key(&s2));

    let all = vec![cell.clone(), s1.clone(), s1.clone(), cell];
    let keys = finding_keys(&all);
    assert_eq!(keys[0], "T3-SUM7@t3.r7.np");
    assert_eq!(keys[2], format!("{}~2", keys[1]));
    assert_eq!(keys[3], "T3-SUM7@t3.r7.np~2");
    assert_eq!(finding_keys(&all), keys, "same findings, same keys");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_lock_file_fails_the_write_at_once_instead_of_blocking() {
    let (dir, path, hash) = inbox_with("a.txt", "报告");
    let gouji = dir.path().join(STATE_DIR);
    fs::create_dir_all(&gouji).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(gouji.join(LOCK_FILE))
        .status()
        .unwrap();
    assert!(made.success());
    let root = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    // On a thread: if the open blocked, the test would hang instead of failing.
    std::thread::spawn(move || {
        let mut store = Store::open_inbox(&root).unwrap();
        let _ = tx.send(store.set_status(&path, &hash, Status::Accepted).is_err());
    });
    let failed = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the triage write returned within 10 s");
    assert!(failed, "a FIFO lock file is refused");
}

#[test]
fn a_correction_survives_reopening_and_can_be_taken_back() {
    let (dir, path, hash) = inbox_with("a.txt", "报告一");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    assert!(!store.has_corrections());
    store
        .set_correction(&path, &hash, "t3.r7.np", Some("15"))
        .unwrap();
    store
        .set_correction(&path, &hash, "t2.fee.amount", None)
        .unwrap();
    drop(store);

    let mut store = Store::open_inbox(dir.path()).unwrap();
    assert!(store.has_corrections());
    let v = store.entry(&path, &hash);
    assert_eq!(v.corrected.get("t3.r7.np"), Some(&Some("15".to_string())));
    assert_eq!(v.corrected.get("t2.fee.amount"), Some(&None));
    store.remove_correction(&path, &hash, "t3.r7.np").unwrap();
    store
        .remove_correction(&path, &hash, "t2.fee.amount")
        .unwrap();
    let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
    assert!(v.corrected.is_empty());
    assert!(!store.has_corrections());
}

#[test]
fn new_content_starts_without_corrections_and_keeps_the_old_ones_in_history() {
    let (dir, path, h1) = inbox_with("a.txt", "第一版");
    let mut store = Store::open_inbox(dir.path()).unwrap();
    store
        .set_correction(&path, &h1, "t3.r1.np", Some("4"))
        .unwrap();
    fs::write(&path, "第二版").unwrap();
    let h2 = hash_file(&path).unwrap();
    let v = store.entry(&path, &h2);
    assert_eq!(v.origin, Origin::Replaced);
    assert!(v.corrected.is_empty());
    assert_eq!(
        v.history[0].corrected.get("t3.r1.np"),
        Some(&Some("4".to_string()))
    );
    // The history stays once the new content gets an entry of its own.
    store.set_status(&path, &h2, Status::Accepted).unwrap();
    let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &h2);
    assert!(v.corrected.is_empty());
    assert_eq!(v.history[0].corrected.len(), 1);
}

#[test]
fn a_state_file_written_before_corrections_existed_still_loads() {
    let (dir, path, hash) = inbox_with("a.txt", "报告一");
    fs::create_dir_all(dir.path().join(STATE_DIR)).unwrap();
    // The exact shape gouji wrote before corrections: no `corrected` anywhere.
    let old = format!(
        r#"{{
  "schema": 1,
  "entries": [
    {{
      "path": "a.txt",
      "hash": "{hash}",
      "status": {{ "value": "needs_fix", "at": "2026-01-02T03:04:05Z" }},
      "note": {{ "value": "请更正", "at": "2026-01-02T03:04:05Z" }},
      "dismissed": {{ "T3-ID@t3.r7.np": {{ "reason": "误报", "at": "2026-01-02T03:04:05Z", "active": true }} }},
      "history": [ {{ "hash": "sha256:00", "path": "a.txt", "status": "accepted", "note": "", "when": "2025-12-01T00:00:00Z" }} ],
      "updated": "2026-01-02T03:04:05Z"
    }}
  ]
}}
"#
    );
    fs::write(state_path(dir.path()), old).unwrap();
    let mut store = Store::open_inbox(dir.path()).unwrap();
    assert!(store.warnings().is_empty());
    let v = store.entry(&path, &hash);
    assert_eq!((v.status, v.note.as_str()), (Status::NeedsFix, "请更正"));
    assert!(v.is_dismissed("T3-ID@t3.r7.np"));
    assert!(v.corrected.is_empty());
    assert!(v.history[0].corrected.is_empty());
    // A correction added to it is kept with everything that was there.
    store
        .set_correction(&path, &hash, "t3.r7.np", Some("15"))
        .unwrap();
    let v = Store::open_inbox(dir.path()).unwrap().entry(&path, &hash);
    assert_eq!(v.status, Status::NeedsFix);
    assert!(v.is_dismissed("T3-ID@t3.r7.np"));
    assert_eq!(v.corrected.len(), 1);
}
