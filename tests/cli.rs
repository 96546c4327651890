//! The `gouji` binary as a user runs it: exit codes, what is printed for odd files, and the
//! JSON shape scripts rely on. The seed tests at the end check real findings on the five real
//! reports in `../shared/seeds` (domain.md §9).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn gouji(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run gouji")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(o)))
}

fn seeds() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(dir.is_dir(), "the seeds are expected at {}", dir.display());
    dir
}

fn seed(prefix: &str) -> String {
    let found = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    found.to_string_lossy().into_owned()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn dir_with_readme() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "# inbox\n\nDrop the annual reports of 2024 here.\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_path_that_does_not_exist_exits_2_and_is_named() {
    let o = gouji(&["check", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = gouji(&["check", "--format", "xml", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("xml"), "{}", stderr(&o));
}

#[test]
fn a_readme_is_listed_as_not_a_report_and_the_run_succeeds() {
    let dir = dir_with_readme();
    let path = dir.path().to_str().unwrap();
    let o = gouji(&["check", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("README.md: not a report: skipped"), "{out}");

    let o = gouji(&["check", "--format", "json", path]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let entry = &v["reports"][0];
    assert!(entry["path"].as_str().unwrap().ends_with("README.md"));
    assert_eq!(entry["not_report"], true);
    assert_eq!(entry["error"], Value::Null);
    assert_eq!(v["summary"]["reports"], 0);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_in_its_entry_and_the_run_goes_on() {
    let dir = dir_with_readme();
    std::os::unix::fs::symlink(dir.path().join("vanished"), dir.path().join("gone.txt")).unwrap();
    let path = dir.path().to_str().unwrap();

    let o = gouji(&["check", path]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable file is I/O trouble"
    );
    let out = stdout(&o);
    assert!(
        out.contains("gone.txt: error: could not read this file: "),
        "{out}"
    );
    assert!(out.contains("README.md: not a report: skipped"), "{out}");
    assert!(out.contains("1 file could not be read"), "{out}");

    let o = gouji(&["check", "--format", "json", "--fail-on", "never", path]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--fail-on never does not hide I/O trouble"
    );
    let v = json(&o);
    let gone = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("gone.txt"))
        .expect("the unreadable file has an entry");
    assert!(!gone["error"].as_str().unwrap().is_empty());
    assert!(gone.get("not_report").is_none());
    assert!(stderr(&o).contains("gone.txt"), "{}", stderr(&o));
}

#[test]
fn json_output_has_the_documented_shape() {
    let seeds = seeds();
    let o = gouji(&["check", "--format", "json", seeds.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(keys(&v), ["gouji", "reports", "summary"]);
    assert_eq!(v["gouji"], env!("CARGO_PKG_VERSION"));
    assert_eq!(keys(&v["summary"]), ["reports", "errors", "warnings"]);
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 5);
    for r in reports {
        // `inferred` only where some cell's column was inferred (seed 001's lone totals).
        let mut want = vec![
            "path",
            "body",
            "year",
            "template",
            "published",
            "previous",
            "error",
            "tables",
            "findings",
        ];
        if r["path"].as_str().unwrap().contains("001_") {
            want.insert(8, "inferred");
            assert!(
                r["inferred"]
                    .as_array()
                    .unwrap()
                    .contains(&"t3.new.tot".into())
            );
        }
        assert_eq!(keys(r), want, "{}", r["path"]);
        for f in r["findings"].as_array().unwrap() {
            assert_eq!(
                keys(f),
                [
                    "rule", "severity", "table", "row", "column", "expected", "actual", "line",
                    "message"
                ]
            );
        }
    }
}

#[test]
fn colour_only_when_asked_for() {
    let s = seed("002");
    let piped = gouji(&["check", &s]);
    assert!(!stdout(&piped).contains('\u{1b}'));
    let forced = gouji(&["check", "--color", "always", &s]);
    assert!(stdout(&forced).contains("\u{1b}["), "{}", stdout(&forced));
    let json = gouji(&["check", "--color", "always", "--format", "json", &s]);
    assert!(!stdout(&json).contains('\u{1b}'));
}

// ---- Seed findings (domain.md §9). These need the real extractor and audit rules. ----------------

fn findings<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn seed_002_total_row_does_not_add_up() {
    let s = seed("002");
    let o = gouji(&["check", "--format", "json", &s]);
    assert_eq!(o.status.code(), Some(1), "error findings exit 1");
    let v = json(&o);
    let sum7 = findings(&v, "T3-SUM7");
    for col in ["np", "tot"] {
        let f = sum7
            .iter()
            .find(|f| f["row"] == "r7" && f["column"] == col)
            .unwrap_or_else(|| panic!("no T3-SUM7 on r7/{col}: {sum7:?}"));
        assert_eq!(f["severity"], "error");
        assert_eq!(f["table"], "t3");
        assert_eq!(f["expected"], 15);
        assert_eq!(f["actual"], 0);
    }
    assert!(
        findings(&v, "T3-ID")
            .iter()
            .any(|f| f["severity"] == "error"),
        "15 + 0 ≠ 0 + 0 is a T3-ID error"
    );

    let o = gouji(&["check", &s]);
    let out = stdout(&o);
    assert!(
        out.contains("T3-SUM7 表三 (七)总计·自然人 expected 15, actual 0"),
        "{out}"
    );
    assert_eq!(
        gouji(&["check", "--fail-on", "never", &s]).status.code(),
        Some(0)
    );
}

#[test]
fn seed_003_has_no_error_and_its_values_are_in_the_json() {
    let s = seed("003");
    assert_eq!(gouji(&["check", &s]).status.code(), Some(0));
    assert_eq!(
        gouji(&["check", "--fail-on", "warning", &s]).status.code(),
        Some(1),
        "003 has plausibility warnings (P-REGPUB)"
    );
    let v = json(&gouji(&["check", "--format", "json", &s]));
    let r = &v["reports"][0];
    assert_eq!(r["year"], 2020);
    assert_eq!(r["template"], "2019");
    assert_eq!(r["published"], "2021-03-09");
    assert!(
        r["body"].as_str().unwrap().contains("兰州"),
        "{}",
        r["body"]
    );
    let t = &r["tables"];
    assert_eq!(keys(t), ["t3", "t4", "t2"]);
    assert_eq!(t["t3"]["new"]["tot"], 343);
    assert_eq!(t["t3"]["cin"]["tot"], 14);
    assert_eq!(t["t3"]["r7"]["tot"], 357);
    assert_eq!(t["t3"]["cout"]["tot"], 0);
    assert_eq!(
        t["t4"]["rv"],
        serde_json::json!({"keep": 18, "fix": 6, "oth": 30, "pend": 14, "tot": 68})
    );
    assert_eq!(t["t4"]["ld"]["tot"], 41);
    assert_eq!(t["t4"]["lr"]["tot"], 14);
    assert_eq!(
        t["t2"]["procurement"]["amount"],
        serde_json::json!({"value": 27.88, "unit": "亿"})
    );
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn seed_004_has_exactly_one_arithmetic_error_on_lr() {
    let s = seed("004");
    let o = gouji(&["check", "--format", "json", &s]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["reports"][0]["template"], "2021");
    assert_eq!(v["reports"][0]["year"], 2023);
    let arithmetic: Vec<&Value> = v["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter(|f| {
            let rule = f["rule"].as_str().unwrap();
            ["T3-ID", "T3-SUM7", "T3-ROW"].contains(&rule) || rule.starts_with("T4-SUM")
        })
        .collect();
    assert_eq!(arithmetic.len(), 1, "{arithmetic:?}");
    let f = arithmetic[0];
    assert_eq!(f["table"], "t4");
    assert_eq!(f["row"], "lr");
    assert_eq!(f["column"], "tot");
    assert_eq!(f["expected"], 0);
    assert_eq!(f["actual"], 1);
}

#[test]
fn seed_000_missing_cells_are_folded_unless_verbose() {
    let s = seed("000");
    let o = gouji(&["check", &s]);
    assert_eq!(o.status.code(), Some(1), "missing cells are errors");
    let out = stdout(&o);
    let folded: Vec<&str> = out.lines().filter(|l| l.contains("C-BLANK")).collect();
    assert!(
        folded
            .iter()
            .any(|l| l.contains("C-BLANK 表三: ") && l.contains(" missing cells in ")),
        "{out}"
    );
    assert!(folded.len() <= 3, "one line per table: {folded:#?}");

    let verbose = stdout(&gouji(&["check", "-v", &s]));
    let each = verbose
        .lines()
        .filter(|l| l.contains("C-BLANK 表三 "))
        .count();
    assert!(each > 20, "-v lists every missing cell of 表三: {each}");
}

/// `gouji watch DIR --format jsonl`: the initial audit, then a line for a file dropped in,
/// each the report object of `check --format json` plus its event.
#[test]
fn watch_prints_one_json_line_per_audit() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed("002"), dir.path().join("002.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["watch", "--format", "jsonl"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["event"], "added");
    assert_eq!(first["body"], "鄂城区");
    let rules = |v: &Value, rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .count()
    };
    assert_eq!(rules(&first, "T3-SUM7"), 2, "{first}");
    std::fs::copy(seed("004"), dir.path().join("004.txt")).unwrap();
    let next: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(next["event"], "added");
    assert!(next["path"].as_str().unwrap().ends_with("004.txt"));
    assert_eq!(rules(&next, "T4-SUM"), 1);
}

#[test]
fn without_a_terminal_the_bare_command_prints_what_check_prints_and_no_control_codes() {
    let piped = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .arg("samples")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .env_remove("NO_COLOR")
        .output()
        .expect("run gouji");
    let check = gouji(&["check", "samples"]);
    assert!(
        !piped.stdout.contains(&0x1b),
        "terminal control codes written into a pipe: {}",
        stdout(&piped)
    );
    assert_eq!(stdout(&piped), stdout(&check));
    assert_eq!(
        piped.status.code(),
        check.status.code(),
        "{}",
        stderr(&piped)
    );
    assert!(!stderr(&piped).contains("os error"), "{}", stderr(&piped));
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let list = gouji(&["rules"]);
    assert_eq!(list.status.code(), Some(0));
    let text = stdout(&list);
    assert!(
        text.lines()
            .any(|l| l.starts_with("T3-SUM7 ") && l.contains("error"))
    );
    assert!(text.lines().any(|l| l.starts_with("V-ENCODING ")));
    let one = gouji(&["rules", "t3-sum7"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(stdout(&one).starts_with("T3-SUM7: error"));
    assert!(stdout(&one).contains("（七）总计应等于（一）至（六）各项之和"));
}

#[test]
fn an_unknown_rule_is_a_clear_error_with_exit_2() {
    let o = gouji(&["rules", "T9-NOPE"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("no rule \"T9-NOPE\""), "{}", stderr(&o));
}

#[test]
fn check_links_last_years_report_of_the_same_office_and_checks_its_carry_over() {
    // The samples' cross-year pair: 2021's 结转下年度 is not 2022's 上年结转 (自然人, 总计).
    let (y20, y21) = (
        "samples/2021-bureau-carry-over-to-2022-broken.txt",
        "samples/2022-bureau-late-wrong-period.txt",
    );
    let rules_of = |v: &Value, path: &str| -> Vec<String> {
        let r = v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("{path} in the output"));
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let linked = json(&gouji(&["check", "--format", "json", y20, y21]));
    let r21 = &linked["reports"][1];
    assert_eq!(r21["path"], y21);
    assert_eq!(r21["previous"], y20);
    let carry: Vec<&Value> = linked["reports"][1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("X-"))
        .collect();
    let cells: Vec<(&str, &str)> = carry
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["column"].as_str().unwrap()))
        .collect();
    assert_eq!(cells, [("X-CARRY", "np"), ("X-CARRY", "tot")]);
    assert!(!rules_of(&linked, y20).iter().any(|r| r.starts_with("X-")));

    // The old opt-in flag is still accepted and changes nothing.
    let years = json(&gouji(&["check", "--years", "--format", "json", y20, y21]));
    assert_eq!(years, linked);

    // --no-years: no links, no year-over-year findings.
    let plain = json(&gouji(&[
        "check",
        "--no-years",
        "--format",
        "json",
        y20,
        y21,
    ]));
    assert_eq!(plain["reports"][1]["previous"], Value::Null);
    assert!(!rules_of(&plain, y21).iter().any(|r| r.starts_with("X-")));
}

#[test]
fn verbose_text_notes_a_report_whose_previous_year_was_not_loaded() {
    let y21 = "samples/2022-bureau-late-wrong-period.txt";
    let noted = stdout(&gouji(&["check", "-v", y21]));
    assert!(
        noted.contains("note: 2021年报告未载入，未作跨年度核对"),
        "{noted}"
    );
    // A note for -v only.
    assert!(!stdout(&gouji(&["check", y21])).contains("note:"));
    let y20 = "samples/2021-bureau-carry-over-to-2022-broken.txt";
    let both = stdout(&gouji(&["check", "-v", y20, y21]));
    assert!(!both.contains("note: 2021年报告未载入"), "{both}");
}

#[test]
fn jsonl_prints_one_report_object_per_line_the_same_objects_as_json() {
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let doc = gouji(&["check", "--format", "json", seeds]);
    let lines = gouji(&["check", "--format", "jsonl", seeds]);
    // The same outcome: the seeds have errors.
    assert_eq!(lines.status.code(), Some(1));
    assert_eq!(doc.status.code(), lines.status.code());
    let text = stdout(&lines);
    let objects: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(&objects, json(&doc)["reports"].as_array().unwrap());
    assert!(text.ends_with('\n'));
    // No document around them: no summary line for jq to trip over.
    assert!(objects.iter().all(|o| o.get("summary").is_none()));
}

/// An inbox holding seed 002 (whose 表三 (七)总计 reads 0 where 15 belongs), with the inspector's
/// corrections of those two cells in its triage state.
fn corrected_inbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("002.txt");
    std::fs::copy(seed("002"), &file).unwrap();
    let hash = gouji::state::hash_file(&file).unwrap();
    let mut store = gouji::state::Store::open_inbox(dir.path()).unwrap();
    for cell in ["t3.r7.np", "t3.r7.tot"] {
        store
            .set_correction(&file, &hash, cell, Some("15"))
            .unwrap();
    }
    (dir, file)
}

#[test]
fn check_applies_the_inboxs_corrections_and_lists_them_in_json() {
    let (dir, file) = corrected_inbox();
    let d = dir.path().to_str().unwrap();
    let o = gouji(&["check", "--format", "json", d]);
    let v = json(&o);
    let r = &v["reports"][0];
    assert_eq!(
        r["corrected"],
        serde_json::json!({"t3.r7.np": {"from": 0, "to": 15}, "t3.r7.tot": {"from": 0, "to": 15}})
    );
    assert_eq!(r["tables"]["t3"]["r7"]["np"], 15);
    let sums: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "T3-SUM7" || f["rule"] == "T3-ID")
        .collect();
    assert!(sums.is_empty(), "the corrected tables add up: {sums:?}");

    // The same file checked on its own, with the state named: the same corrections.
    let state = dir.path().join(".gouji/state.json");
    let o = gouji(&[
        "check",
        "--format",
        "json",
        "--state",
        state.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(json(&o)["reports"][0]["corrected"]["t3.r7.np"]["to"], 15);

    // Text output names the corrected cell with both values.
    let text = stdout(&gouji(&["check", "--color", "never", d]));
    assert!(
        text.contains("corrected 表三") && text.contains("0 → 15"),
        "{text}"
    );

    // Without a state, the seed reads as it is: no `corrected` key at all.
    let o = gouji(&["check", "--format", "json", &seed("002")]);
    let r = &json(&o)["reports"][0];
    assert!(r.get("corrected").is_none());
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "T3-SUM7")
    );
}

#[test]
fn check_says_when_the_named_state_cannot_be_read_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(&state, r#"{"schema": 99, "entries": []}"#).unwrap();
    let o = gouji(&["check", "--state", state.to_str().unwrap(), &seed("002")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("corrections not applied"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_rectification_list_says_a_report_was_corrected_by_hand() {
    let (dir, _) = corrected_inbox();
    let d = dir.path().to_str().unwrap();
    let md = stdout(&gouji(&["export", d, "--format", "md"]));
    assert!(md.contains("经人工更正"), "{md}");
    assert!(md.contains("原填 0，经人工更正为 15"), "{md}");
    assert!(!md.contains("T3-SUM7"), "{md}");
    let list: Value =
        serde_json::from_slice(&gouji(&["export", d, "--format", "json"]).stdout).unwrap();
    assert_eq!(list["reports"][0]["corrected"][0]["cell"], "t3.r7.np");
    let csv = stdout(&gouji(&["export", d, "--format", "csv"]));
    assert!(csv.lines().next().unwrap().ends_with(",corrected"));
    assert!(csv.contains("经人工更正"));
}
