//! `gouji check`: find report files, load and audit them, print the findings, decide the exit code.
//!
//! The exit code follows ripgrep's convention, so scripts can tell "the reports have defects"
//! from "gouji could not do its job":
//! - 0: no finding at or above the `--fail-on` threshold;
//! - 1: at least one (with `--fail-on never`, never);
//! - 2: trouble, whatever the findings: a path that does not exist or cannot be walked, or a
//!   file that could not be read. The run still goes on and prints everything else; an
//!   unreadable file is listed in its own entry.
//!
//! Usage errors are clap's and also exit 2.

use std::io::{self, BufWriter, Write};

mod spool;

use crate::audit::AuditConfig;
use rayon::prelude::*;
use spool::Part;

use crate::catalog::{Discovered, discover, load_file, load_file_hashed};
use crate::cli::{CheckFormat, CheckOptions, FailOn};
use crate::model::Report;
use crate::output::text::TextOptions;
use crate::output::{Summary, display_path, json, text};

/// The outcome of a run, as an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing at or above the threshold.
    Clean,
    /// 1: findings at or above the threshold.
    Findings,
    /// 2: usage or I/O trouble.
    Trouble,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Trouble => 2,
        }
    }
}

/// Runs `check` on the process's stdout and stderr.
pub fn run(opts: &CheckOptions) -> Outcome {
    // Colour is decided once (cli::resolve_color); the printers emit escapes only when asked,
    // so stdout is written as is.
    let mut stdout = io::stdout().lock();
    let mut file = stdout_file(&mut stdout);
    let sink: &mut dyn Write = match &mut file {
        Some(file) => file,
        None => &mut stdout,
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    // Not locked for the run: a library writing to stderr on a worker thread would wait for
    // the lock forever. Each message takes it for its own write.
    let mut err = io::stderr();
    run_to(opts, &mut out, &mut err)
}

/// Standard output as a file of its own (a copy of its descriptor), for `check`'s buffer to
/// write its blocks to. `io::stdout` buffers by line: it looks for the last newline in every
/// block written to it, which on a real-shaped inbox was ~2.5 % of a JSON check's instructions,
/// and `check` hands it only whole blocks of 64 KiB (and flushes where a line must go out at
/// once). Anything already waiting in its buffer is written first; the lock, held by the
/// caller, keeps other writers out. `None` where there is no descriptor to copy.
fn stdout_file(stdout: &mut io::StdoutLock<'_>) -> Option<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        stdout.flush().ok()?;
        let fd = stdout.as_fd().try_clone_to_owned().ok()?;
        Some(std::fs::File::from(fd))
    }
    #[cfg(not(unix))]
    {
        let _ = stdout;
        None
    }
}

/// Reports rendered at a time: enough to keep every core busy, few enough that the rendered
/// bytes waiting to be written stay bounded.
const CHUNK: usize = 256;

pub fn run_to(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    run_spooling(opts, out, err, spool::MEMORY_BUDGET)
}

/// [`run_to`] holding at most `budget` bytes of rendered reports in memory while the run links
/// years (tests set it small to spill to the temporary file).
fn run_spooling(
    opts: &CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    budget: usize,
) -> Outcome {
    let found = discover(&opts.paths);
    for (path, why) in &found.errors {
        let _ = writeln!(err, "gouji: {}: {why}", display_path(path));
    }
    let cfg = AuditConfig::default();
    let (store, state_trouble) = corrections_store(opts, err);
    // Hashing every file is only needed to look its corrections up.
    let load = |f: &std::path::PathBuf| -> Report {
        match &store {
            Some(st) => {
                let (mut r, hash) = load_file_hashed(f, &cfg);
                if let Some(h) = hash {
                    crate::catalog::correct(&mut r, &h, st, &cfg);
                }
                r
            }
            None => load_file(f, &cfg),
        }
    };
    let text_opts = TextOptions {
        color: opts.color,
        verbose: opts.verbose,
    };
    // Each file is loaded, audited and rendered on a worker thread; this thread only writes the
    // rendered bytes, in input order. A text block comes with where its finding lines sit, for
    // the year-over-year link to put its findings in.
    let render = |r: &Report| -> (Vec<u8>, Option<text::Layout>) {
        match opts.format {
            CheckFormat::Json => (json::report_bytes(r), None),
            CheckFormat::Jsonl => {
                let mut b = json::report_bytes(r);
                b.push(b'\n');
                (b, None)
            }
            CheckFormat::Text => text::report_bytes(r, &text_opts),
        }
    };
    let mut summary = Summary::default();
    let written = (|| -> io::Result<()> {
        let mut sink = match opts.format {
            CheckFormat::Json => Sink::Json(json::Stream::begin(out)?),
            CheckFormat::Jsonl => Sink::Lines(out),
            CheckFormat::Text => Sink::Text(out),
        };
        let mut emit = |chunk: Vec<Rendered>| -> io::Result<()> {
            for r in chunk {
                if let Some((path, why)) = &r.error {
                    let _ = writeln!(err, "gouji: {}: {why}", display_path(path));
                }
                summary.merge(&r.counts);
                match &mut sink {
                    Sink::Json(stream) => stream.rendered(&r.bytes, &r.counts)?,
                    Sink::Text(out) => out.write_all(&r.bytes)?,
                    Sink::Lines(out) => {
                        // A line is whole when a pipeline reads it: flushed as it is written.
                        out.write_all(&r.bytes)?;
                        out.flush()?;
                    }
                }
            }
            Ok(())
        };
        // Each file is loaded, audited and rendered on a worker thread; this thread only
        // writes the rendered bytes, in input order, while the workers go on with the next
        // chunk. Reports are dropped where they were made: only their bytes and counts travel
        // (and, when the run links years, a skeleton and a digest), so an inbox of any size
        // holds a bounded number of reports in memory.
        let linking = opts.years;
        let mut spool = linking.then(|| spool::Spool::new(budget, found.files.len()));
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Rendered, Option<Part>)>>(1);
            let (load, files, render) = (&load, &found.files, &render);
            scope.spawn(move || {
                for chunk in files.chunks(CHUNK) {
                    let rendered = chunk
                        .par_iter()
                        .map(|f| {
                            let r = load(f);
                            let (bytes, layout) = render(&r);
                            let part = linking.then(|| match opts.format {
                                CheckFormat::Text => Part::text(&r, layout),
                                CheckFormat::Json | CheckFormat::Jsonl => Part::json(&r, &bytes),
                            });
                            (Rendered::of(&r, bytes), part)
                        })
                        .collect();
                    // A closed channel means the writer stopped (a broken pipe): stop too.
                    if tx.send(rendered).is_err() {
                        break;
                    }
                }
            });
            for chunk in rx {
                match &mut spool {
                    None => emit(chunk.into_iter().map(|(r, _)| r).collect())?,
                    Some(spool) => {
                        for (r, part) in chunk {
                            let part = part.expect("a part for each report when linking");
                            spool.push(&r.bytes, r.counts, r.error, part)?;
                        }
                    }
                }
            }
            io::Result::Ok(())
        })?;
        if let Some(spool) = spool {
            let text = (opts.format == CheckFormat::Text).then_some(&text_opts);
            let note = opts.verbose && text.is_some();
            // A linked pair's reports are loaded again for their X-DUP digests (a file changed
            // since it was read is digested as it is now).
            let digest = |i: usize| crate::audit::yoy::Digest::of(&load(&found.files[i]));
            spool.finish(&digest, text, note, &mut |bytes, counts, error| {
                emit(vec![Rendered {
                    bytes,
                    counts,
                    error,
                }])
            })?;
        }
        match sink {
            Sink::Json(stream) => stream.finish(),
            Sink::Text(out) => text::write_totals(out, &summary, &text_opts),
            // No document, no totals: the exit code carries the outcome.
            Sink::Lines(_) => Ok(()),
        }
    })();
    let written = written.and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let _ = writeln!(err, "gouji: cannot write the output: {e}");
            return Outcome::Trouble;
        }
    }
    match status_of(&found, &summary, opts.fail_on) {
        _ if state_trouble => Outcome::Trouble,
        o => o,
    }
}

/// The triage state whose cell corrections apply: `--state PATH`, else `.gouji/state.json` of
/// the first directory given (or beside the first file) when it exists, found as the TUI finds
/// it. `None` when there is none or it holds no correction (then no file needs hashing). A state
/// that cannot be read is said on `err`; with `--state` it also makes the run trouble (the
/// second value), since the user asked for it.
fn corrections_store(
    opts: &CheckOptions,
    err: &mut dyn Write,
) -> (Option<crate::state::Store>, bool) {
    use crate::state::{STATE_DIR, STATE_FILE, Store};
    let root = opts
        .paths
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .or_else(|| {
            opts.paths
                .first()
                .and_then(|p| p.parent())
                .map(std::path::PathBuf::from)
        })
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let opened = match &opts.state {
        Some(p) => Store::open_at(p, Some(&root)),
        None if root.join(STATE_DIR).join(STATE_FILE).is_file() => Store::open_inbox(&root),
        None => return (None, false),
    };
    match opened {
        Ok(mut st) => {
            for w in st.take_warnings() {
                let _ = writeln!(err, "gouji: {w}");
            }
            (st.has_corrections().then_some(st), false)
        }
        Err(e) => {
            let _ = writeln!(err, "gouji: corrections not applied: {e}");
            (None, opts.state.is_some())
        }
    }
}

pub fn status(found: &Discovered, reports: &[Report], fail_on: FailOn) -> Outcome {
    status_of(found, &Summary::of(reports), fail_on)
}

/// Where rendered reports go: the JSON document's stream, or text lines as they are.
enum Sink<'w> {
    Json(json::Stream<'w>),
    Text(&'w mut dyn Write),
    /// `--format jsonl`: one report object per line, no document around them.
    Lines(&'w mut dyn Write),
}

/// One file's share of the output, made on a worker thread.
struct Rendered {
    bytes: Vec<u8>,
    counts: Summary,
    /// For an unreadable file: its path and why, for stderr.
    error: Option<(std::path::PathBuf, String)>,
}

impl Rendered {
    fn of(r: &Report, bytes: Vec<u8>) -> Rendered {
        Rendered {
            bytes,
            counts: Summary::of(std::slice::from_ref(r)),
            error: r.error.clone().map(|why| (r.path.clone(), why)),
        }
    }
}

/// The exit status for totals already counted.
pub fn status_of(found: &Discovered, s: &Summary, fail_on: FailOn) -> Outcome {
    if !found.errors.is_empty() || s.unreadable > 0 {
        return Outcome::Trouble;
    }
    let failing = match fail_on {
        FailOn::Error => s.errors,
        FailOn::Warning => s.errors + s.warnings,
        FailOn::Never => 0,
    };
    if failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use std::path::PathBuf;

    use super::*;
    use crate::model::{Finding, Severity};

    fn report(severities: &[Severity]) -> Report {
        let mut r = Report::empty(PathBuf::from("r.txt"));
        r.is_report = true;
        r.findings = severities
            .iter()
            .map(|&s| Finding::new(Rule::SSix, s, "x"))
            .collect();
        r
    }

    #[test]
    fn thresholds() {
        use Severity::*;
        let none = Discovered::default();
        let cases = [
            (&[][..], FailOn::Error, Outcome::Clean),
            (&[Info], FailOn::Warning, Outcome::Clean),
            (&[Warning], FailOn::Error, Outcome::Clean),
            (&[Warning], FailOn::Warning, Outcome::Findings),
            (&[Error], FailOn::Error, Outcome::Findings),
            (&[Error], FailOn::Warning, Outcome::Findings),
            (&[Error, Warning], FailOn::Never, Outcome::Clean),
        ];
        for (sev, fail_on, expected) in cases {
            assert_eq!(
                status(&none, &[report(sev)], fail_on),
                expected,
                "{sev:?} {fail_on:?}"
            );
        }
    }

    #[test]
    fn io_trouble_wins_over_findings_and_never() {
        let missing = Discovered {
            files: vec![],
            errors: vec![(PathBuf::from("nope"), "No such file".into())],
        };
        assert_eq!(status(&missing, &[], FailOn::Never), Outcome::Trouble);
        let gone = Report::unreadable(PathBuf::from("gone.txt"), "No such file");
        let reports = [report(&[Severity::Error]), gone];
        assert_eq!(
            status(&Discovered::default(), &reports, FailOn::Never),
            Outcome::Trouble
        );
        assert_eq!(Outcome::Trouble.code(), 2);
    }

    #[test]
    fn a_missing_path_is_named_on_stderr_and_the_rest_is_still_printed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "# a readme\n").unwrap();
        let missing = dir.path().join("nope");
        let opts = CheckOptions {
            paths: vec![missing.clone(), dir.path().to_path_buf()],
            format: CheckFormat::Text,
            fail_on: FailOn::Error,
            color: false,
            verbose: false,
            years: false,
            state: None,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run_to(&opts, &mut out, &mut err), Outcome::Trouble);
        let out = String::from_utf8(out).unwrap();
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with(&format!("gouji: {}: ", missing.display())),
            "{err}"
        );
        assert!(out.contains("README.md: not a report: skipped"), "{out}");
    }

    #[test]
    fn a_run_whose_rendered_reports_exceed_the_memory_budget_prints_the_same() {
        // samples/ has a linked pair (X-CARRY) and files of every kind; the same report under
        // two names gives X-TWICE.
        let twice = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt"] {
            std::fs::copy("../shared/reports/huaian-2024.txt", twice.path().join(name)).unwrap();
        }
        let formats = [
            (CheckFormat::Json, false),
            (CheckFormat::Jsonl, false),
            (CheckFormat::Text, false),
            (CheckFormat::Text, true),
        ];
        for (format, verbose) in formats {
            let opts = CheckOptions {
                paths: vec![PathBuf::from("samples"), twice.path().to_path_buf()],
                format,
                fail_on: FailOn::Error,
                color: false,
                verbose,
                years: true,
                state: None,
            };
            let run = |budget| {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                let outcome = run_spooling(&opts, &mut out, &mut err, budget);
                (outcome, String::from_utf8(out).unwrap(), err)
            };
            let held = run(spool::MEMORY_BUDGET);
            assert!(held.1.contains("X-CARRY"), "{format:?}");
            assert!(held.1.contains("X-TWICE"), "{format:?}");
            for budget in [0, 20_000] {
                assert!(
                    run(budget) == held,
                    "{format:?} verbose {verbose}: budget {budget}"
                );
            }
        }
    }

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_not_trouble() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "# a readme\n").unwrap();
        let opts = CheckOptions {
            paths: vec![dir.path().to_path_buf()],
            format: CheckFormat::Json,
            fail_on: FailOn::Error,
            color: false,
            verbose: false,
            years: false,
            state: None,
        };
        let mut err = Vec::new();
        assert_eq!(run_to(&opts, &mut Closed, &mut err), Outcome::Clean);
        assert!(err.is_empty());
    }
}
