//! `gouji export` as a user runs it: triage recorded in the inbox's state file (as the TUI does
//! through `gouji::state`), then the rectification list on stdout or in a file.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use gouji::state::{Status, Store, content_hash};

fn gouji(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gouji")
}

/// An inbox holding seed 002 (鄂城区 2020, broken (七)总计), marked 待整改 with a note.
fn triaged_inbox() -> tempfile::TempDir {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/002_4839d2431c749bff.txt");
    let bytes = fs::read(&seed).expect("../shared/seeds must sit beside the project");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("鄂城区.txt");
    fs::write(&report, &bytes).unwrap();
    let mut store = Store::open_inbox(dir.path()).unwrap();
    let hash = content_hash(&bytes);
    store.set_status(&report, &hash, Status::NeedsFix).unwrap();
    store
        .set_note(&report, &hash, "表三（七）总计与分项不符\n请重新报送")
        .unwrap();
    dir
}

#[test]
fn export_md_to_stdout_is_the_notice() {
    let dir = triaged_inbox();
    let out = gouji(&["export", dir.path().to_str().unwrap(), "--format", "md"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"## 1. 鄂城区 2020 年度报告"), "{text}");
    assert!(lines.contains(&"- 文件：鄂城区.txt"));
    assert!(lines.contains(&"- 审核状态：待整改（needs_fix）"));
    assert!(lines.contains(&"> 表三（七）总计与分项不符"));
    assert!(lines.contains(&"> 请重新报送"));
    assert!(lines.iter().any(|l| l.ends_with(
        "表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）"
    )));
}

#[test]
fn export_csv_to_a_file_says_where_it_went() {
    let dir = triaged_inbox();
    let file = dir.path().join("整改清单.csv");
    let out = gouji(&[
        "export",
        dir.path().to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "the list goes to the file only");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 reports") && err.contains("整改清单.csv"),
        "{err}"
    );
    let mut rd = csv::Reader::from_path(&file).unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| &r[4] == "needs_fix"));
    assert!(
        rows.iter()
            .any(|r| &r[8] == "T3-SUM7" && &r[16] == "15" && &r[17] == "0")
    );
}

#[test]
fn export_of_a_missing_directory_fails_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let out = gouji(&["export", missing.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}
