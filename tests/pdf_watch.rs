//! `gouji watch` on an inbox of PDFs (a real temporary directory): a PDF dropped in is audited,
//! and a PDF replaced by another is audited again, with the new file's findings.

use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use gouji::watch::{WatchOptions, run_jsonl};
use serde_json::Value;

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn lines(&self) -> Vec<Value> {
        let bytes = self.0.lock().unwrap().clone();
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        String::from_utf8(bytes[..complete].to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let lines = self.lines();
            if lines.len() >= n || Instant::now() > deadline {
                return lines;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

fn pdf(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn rules(line: &Value) -> Vec<String> {
    line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_pdf_replaced_in_the_inbox_is_audited_again() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("report.pdf");
    std::fs::write(
        &inbox,
        pdf("tests/pdf/2023-district-gov-clean.chromium.pdf"),
    )
    .unwrap();
    let out = Shared::default();
    let (stop_tx, stop_rx) = mpsc::channel();
    let root = dir.path().to_path_buf();
    let o = out.clone();
    let runner = thread::spawn(move || {
        let opts = WatchOptions {
            debounce: Duration::from_millis(100),
            ..WatchOptions::default()
        };
        run_jsonl(&root, opts, &mut o.clone(), &mut io::sink(), &stop_rx)
    });

    let first = out.wait_for(1);
    assert_eq!(first[0]["event"], "added");
    assert_eq!(first[0]["body"], "望湖区人民政府");
    assert_eq!(rules(&first[0]), Vec::<String>::new());

    // Replaced the way a browser or a file manager does it: written aside, then renamed over.
    let aside = dir.path().join(".incoming.tmp");
    std::fs::write(&aside, pdf("../shared/reports/pdf/hongze-2023.pdf")).unwrap();
    std::fs::rename(&aside, &inbox).unwrap();
    let lines = out.wait_for(2);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1]["event"], "changed");
    assert_eq!(lines[1]["body"], "洪泽区人民政府");
    assert!(
        rules(&lines[1]).iter().filter(|r| *r == "T4-SUM").count() == 2,
        "{:?}",
        rules(&lines[1])
    );

    stop_tx.send(()).unwrap();
    runner.join().unwrap().unwrap();
}
