//! The hostile inputs of `../shared/hostile/README.md`, each run through the real binary: the
//! file is listed with a clear error naming it, every other file is still checked, nothing
//! hangs, memory stays bounded, no report-controlled byte reaches a terminal, and the exit code
//! says what happened. Small inputs are copies in `tests/hostile/`; big or special ones (FIFOs,
//! links to devices, zip bombs, 30,000 nested `<div>`s, names with escape sequences) are made
//! here.

#![cfg(unix)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const GOUJI: &str = env!("CARGO_BIN_EXE_gouji");
const SEED: &str = "../shared/seeds/000_b371c881a2c85658.txt";

fn hostile(name: &str) -> PathBuf {
    Path::new("tests/hostile").join(name)
}

/// Runs gouji with `args`, killing it (and failing) after `limit`.
fn run_within(limit: Duration, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(GOUJI);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    // Collected on another thread, so that a full pipe never stalls the child.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output().unwrap());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out,
        Err(_) => {
            // SAFETY: `pid` is our own child, not yet reaped (its waiter has not returned).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let out = rx.recv().unwrap();
            panic!(
                "gouji {args:?} still running after {limit:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The `error` of the report for the file named `name`.
fn error_of<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let reports = doc["reports"].as_array().unwrap();
    let r = reports
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not listed"));
    &r["error"]
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a directory entry.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

fn seed_copy(dir: &Path, name: &str) {
    fs::copy(SEED, dir.join(name)).unwrap();
}

/// A .docx whose `word/document.xml` is `xml`, deflated.
fn docx(xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn html_nested_too_deeply_is_an_error_for_that_file_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        "patho-crash-nested-div-6k.html",
        "patho-crash-nested-span-10k.html",
        "patho-crash-unclosed-b-5k.html",
    ] {
        fs::copy(hostile(name), d.join(name)).unwrap();
    }
    // The larger shapes of the README: 50,000 nested list items, 30,000 and 100,000 divs.
    fs::write(
        d.join("nested-li-50k.html"),
        "<ul><li>".repeat(50_000) + "x",
    )
    .unwrap();
    for n in [30_000, 100_000] {
        let page = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        fs::write(d.join(format!("nested-div-{n}.html")), page).unwrap();
    }
    seed_copy(d, "report.txt");
    let start = Instant::now();
    let out = run_within(
        Duration::from_secs(60),
        &["check", "--format", "json", d.to_str().unwrap()],
        &[],
    );
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(2), "unreadable files exit with 2");
    let doc = json(&out);
    for name in [
        "patho-crash-nested-div-6k.html",
        "patho-crash-nested-span-10k.html",
        "patho-crash-unclosed-b-5k.html",
        "nested-li-50k.html",
        "nested-div-30000.html",
        "nested-div-100000.html",
    ] {
        assert_eq!(
            error_of(&doc, name),
            "HTML nested too deeply (more than 256 levels); not read",
            "{name}"
        );
    }
    assert_eq!(error_of(&doc, "report.txt"), &Value::Null);
    assert_eq!(doc["summary"]["reports"], 1);
    // A debug build on a loaded machine: far under the 15–53 s the quadratic parse took.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_fifo_or_a_link_to_one_is_not_a_regular_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("x.txt"));
    std::os::unix::fs::symlink(d.join("x.txt"), d.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    seed_copy(d, "report.txt");
    let out = run_within(
        Duration::from_secs(20),
        &["check", "--format", "json", d.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    for name in ["x.txt", "link.txt", "zero.txt"] {
        assert_eq!(error_of(&doc, name), "not a regular file", "{name}");
    }
    assert_eq!(error_of(&doc, "report.txt"), &Value::Null);
    // Named on the command line too.
    let fifo = d.join("x.txt");
    let out = run_within(
        Duration::from_secs(20),
        &["check", fifo.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("x.txt: not a regular file"));
}

#[test]
fn a_state_file_that_is_a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    for make in ["fifo", "zero"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        seed_copy(d, "report.txt");
        fs::create_dir(d.join(".gouji")).unwrap();
        let state = d.join(".gouji/state.json");
        match make {
            "fifo" => mkfifo(&state),
            _ => std::os::unix::fs::symlink("/dev/zero", &state).unwrap(),
        }
        let out = run_within(
            Duration::from_secs(20),
            &["export", d.to_str().unwrap(), "--format", "csv"],
            &[],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{make}: {err}");
        assert!(
            err.contains("state.json") && err.contains("not a regular file"),
            "{make}: {err}"
        );
    }
}

#[test]
fn zip_bombs_and_a_huge_text_cost_bounded_memory_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Each inflates to more text than a file may hold (16 MiB): 17 paragraphs of 1 MiB.
    let para = format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        "政府信息公开".repeat(58_255)
    );
    let xml = format!(
        "<w:document xmlns:w=\"x\"><w:body>{}</w:body></w:document>",
        para.repeat(17)
    );
    let bomb = docx(xml.as_bytes());
    assert!(bomb.len() < 1 << 20);
    for i in 0..8 {
        fs::write(d.join(format!("bomb{i}.docx")), &bomb).unwrap();
    }
    // 51 MB of table rows, the shape that cost 895 MiB at 60 MB.
    let rows = "（七）总计 | 13 | 0 | 1 | 2 | 3 | 4 | 5 | 6 |\n".repeat(1_000_000);
    fs::write(d.join("huge.txt"), &rows).unwrap();
    seed_copy(d, "report.txt");

    // Reaped by `wait4` below, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(GOUJI)
        .args(["check", "--format", "json", d.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "8")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 2);
    // The pool (384 MiB of estimated cost) bounds the sum; the old reader took ~1 GiB here.
    assert!(peak_mib < 450, "peak RSS {peak_mib} MiB");

    let out = run_within(
        Duration::from_secs(120),
        &["check", "--format", "json", d.to_str().unwrap()],
        &[("RAYON_NUM_THREADS", "8")],
    );
    let doc = json(&out);
    let text_limit = "more than 16 MiB of text; not read (a report's text is far shorter)";
    for i in 0..8 {
        assert_eq!(error_of(&doc, &format!("bomb{i}.docx")), text_limit);
    }
    assert_eq!(error_of(&doc, "huge.txt"), text_limit);
    assert_eq!(error_of(&doc, "report.txt"), &Value::Null);
}

fn has_escapes(b: &[u8]) -> bool {
    let s = String::from_utf8_lossy(b);
    s.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn escape_sequences_from_an_xml_error_never_reach_the_terminal() {
    let docx = hostile("esc-text-evil-xml-error.docx");
    let out = run_within(
        Duration::from_secs(20),
        &["check", docx.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    assert!(String::from_utf8_lossy(stdout).contains("ill-formed document"));
    assert!(!has_escapes(stdout), "{}", String::from_utf8_lossy(stdout));
    assert!(!has_escapes(stderr), "{}", String::from_utf8_lossy(stderr));
}

#[test]
fn a_file_name_with_escape_sequences_is_cleaned_in_csv_and_escaped_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let name = "r\u{1b}]0;PWN\u{7}\u{1b}[2J\u{9b}31m.txt";
    seed_copy(dir.path(), name);
    let d = dir.path().to_str().unwrap();
    let csv = run_within(
        Duration::from_secs(20),
        &["export", d, "--format", "csv"],
        &[],
    );
    assert_eq!(csv.status.code(), Some(0));
    assert!(
        !has_escapes(&csv.stdout),
        "{}",
        String::from_utf8_lossy(&csv.stdout)
    );
    // The OSC, the CSI and the C1 CSI with its parameters are gone, the rest of the name kept.
    assert!(String::from_utf8_lossy(&csv.stdout).contains("/r.txt,"));
    let json_out = run_within(
        Duration::from_secs(20),
        &["check", "--format", "json", d],
        &[],
    );
    let raw = String::from_utf8(json_out.stdout.clone()).unwrap();
    assert!(!has_escapes(raw.as_bytes()), "{raw}");
    assert!(
        raw.contains(r"\u001b]0;PWN\u0007\u001b[2J\u009b31m.txt"),
        "{raw}"
    );
    // The text output shows the name cleaned.
    let text = run_within(Duration::from_secs(20), &["check", d], &[]);
    assert!(!has_escapes(&text.stdout) && !has_escapes(&text.stderr));
}

#[test]
fn a_count_that_is_not_a_whole_number_is_v_number_and_null_in_json() {
    for (name, raw) in [
        ("bad-count-written-as-a-float.txt", "9223372036854775808"),
        ("bad-fractional-count.txt", "12.5"),
    ] {
        let p = hostile(name);
        let out = run_within(
            Duration::from_secs(20),
            &["check", "--format", "json", p.to_str().unwrap()],
            &[],
        );
        let doc = json(&out);
        let r = &doc["reports"][0];
        let findings = r["findings"].as_array().unwrap();
        let v: Vec<&Value> = findings
            .iter()
            .filter(|f| f["rule"] == "V-NUMBER")
            .collect();
        assert!(!v.is_empty(), "{name}");
        assert!(
            v.iter()
                .any(|f| f["severity"] == "error" && f["message"].as_str().unwrap().contains(raw))
        );
        // Every count cell of every table is an integer or null.
        for (t, table) in r["tables"].as_object().unwrap() {
            for (row, cells) in table.as_object().unwrap() {
                for (col, cell) in cells.as_object().unwrap() {
                    let ok = cell.is_null() || cell.is_i64() || cell.is_object();
                    assert!(ok, "{name}: {t}.{row}.{col} = {cell}");
                }
            }
        }
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("e+") && !text.contains("12.5,"), "{name}");
    }
}

/// Starts `gouji watch DIR --format jsonl` with `extra` flags; returns once it says on stderr
/// how it watches, with its stdout lines.
fn start_watch(
    dir: &Path,
    extra: &[&str],
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(GOUJI)
        .args(["watch", dir.to_str().unwrap(), "--format", "jsonl"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut status = String::new();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    stderr.read_line(&mut status).unwrap();
    // Drained to the end, so that later messages never meet a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    assert!(
        status.contains("watching") || status.contains("polling"),
        "{status}"
    );
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    (child, rx)
}

#[test]
fn watch_polling_audits_the_last_content_of_a_file_rewritten_within_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let (mut child, rx) = start_watch(&d, &["--poll", "100"]);
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    std::thread::sleep(Duration::from_nanos(
        1_000_000_000 - u64::from(since.subsec_nanos()) + 20_000_000,
    ));
    let seeds = "../shared/seeds";
    let first = fs::read(format!("{seeds}/000_b371c881a2c85658.txt")).unwrap();
    let last = fs::read(format!("{seeds}/002_4839d2431c749bff.txt")).unwrap();
    fs::write(d.join("r.txt"), &first).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    fs::write(d.join("r.txt"), &last).unwrap();
    let want = json(&run_within(
        Duration::from_secs(20),
        &[
            "check",
            "--format",
            "json",
            &format!("{seeds}/002_4839d2431c749bff.txt"),
        ],
        &[],
    ))["reports"][0]["body"]
        .clone();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last_body = Value::Null;
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(3000)) {
            Ok(line) => {
                let v: Value = serde_json::from_str(&line).unwrap();
                if v["path"].as_str().is_some_and(|p| p.ends_with("r.txt")) {
                    last_body = v["body"].clone();
                }
            }
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(last_body, want, "the last content was not audited");
}

/// `tmux` on a private server socket in `dir`.
fn tmux(sock: &Path, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-S")
        .arg(sock)
        .args(args)
        .output()
        .unwrap()
}

fn pane(sock: &Path) -> String {
    String::from_utf8_lossy(&tmux(sock, &["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_tui_on_an_inbox_of_hostile_pages_keeps_running_and_restores_the_terminal_on_quit() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end TUI check needs it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    fs::create_dir(&inbox).unwrap();
    for name in [
        "patho-crash-nested-div-6k.html",
        "patho-crash-unclosed-b-5k.html",
        "esc-text-evil-xml-error.docx",
    ] {
        fs::copy(hostile(name), inbox.join(name)).unwrap();
    }
    seed_copy(&inbox, "report.txt");
    let sock = dir.path().join("tmux.sock");
    let script = format!(
        "'{GOUJI}' '{}'; echo gouji-exited-$?; sleep 60",
        inbox.display()
    );
    let started = tmux(
        &sock,
        &[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "40",
            &script,
        ],
    );
    assert!(started.status.success(), "{started:?}");
    let alternate = |sock: &Path| {
        String::from_utf8_lossy(
            &tmux(
                sock,
                &["display-message", "-p", "-t", "t", "#{alternate_on}"],
            )
            .stdout,
        )
        .trim()
        .to_string()
    };
    // Every file listed, the hostile ones too, while the UI runs on the alternate screen.
    wait_for("the inbox to load", || {
        let p = pane(&sock);
        p.contains("report.txt") && p.contains("patho-crash-nested-div-6k")
    });
    assert_eq!(alternate(&sock), "1");
    let shown = pane(&sock);
    assert!(!shown.contains("gouji-exited"), "{shown}");
    tmux(&sock, &["send-keys", "-t", "t", "q"]);
    wait_for("gouji to exit", || pane(&sock).contains("gouji-exited-0"));
    assert_eq!(alternate(&sock), "0", "the alternate screen was left");
    tmux(&sock, &["kill-server"]);
}

#[test]
fn watch_lists_a_page_nested_too_deeply_with_its_error_and_keeps_watching() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let (mut child, rx) = start_watch(&d, &[]);
    let page = format!(
        "<html><body>{}x{}</body></html>",
        "<div>".repeat(30_000),
        "</div>".repeat(30_000)
    );
    fs::write(d.join("deep.html"), page).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seed_written = false;
    while Instant::now() < deadline && seen.len() < 2 {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(1)) else {
            continue;
        };
        let v: Value = serde_json::from_str(&line).unwrap();
        if let Some(p) = v["path"].as_str() {
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            seen.insert(name, v["error"].clone());
        }
        if !seed_written && seen.contains_key("deep.html") {
            seed_copy(&d, "after.txt");
            seed_written = true;
        }
    }
    let alive = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(alive, "watch died");
    assert_eq!(
        seen.get("deep.html"),
        Some(&Value::from(
            "HTML nested too deeply (more than 256 levels); not read"
        ))
    );
    assert_eq!(seen.get("after.txt"), Some(&Value::Null), "{seen:?}");
}
