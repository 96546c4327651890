//! Cross-year linking for `check` without holding the run's reports: each report is rendered as
//! the streaming run renders it (no `previous`, no X-* findings), its bytes go to an unnamed
//! temporary file, and only a skeleton stays in memory (path, body, year and the table rows the
//! X-* rules read). When every report is in, the skeletons are linked ([`yoy::link_by`]); the
//! X-DUP digest of a report is made only when it is one of a linked pair, by loading its file
//! again (pairs are few in a real inbox, and digesting every report cost ~10 % of a run). The
//! spool is then copied to the output with each report's link spliced in.
//!
//! The JSON object of a report ends with its findings array, and `"previous":null` appears once
//! as a key (a string value holding it would have its quotes escaped), so the splice is exact:
//! the link's path replaces `null` and the X-* findings are appended to the array, in the order
//! `yoy::link` appends them to a loaded report. Text output sorts findings by severity and
//! table, so a text report the link changes is loaded and rendered again (a few reports in a
//! real inbox; X-TWICE on every copy of a pasted corpus makes it many, which is why the JSON
//! formats splice instead).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::audit::yoy::{self, Digest};
use crate::model::{Finding, Report, Severity};
use crate::output::{Summary, json};

/// Reports rendered again at a time (text output), as `check` renders them when streaming.
const RERENDER_CHUNK: usize = 256;

/// The JSON key the splice fills in.
const PREVIOUS_NULL: &[u8] = b"\"previous\":null";

/// What a worker keeps of one report for linking.
pub(super) struct Part {
    skeleton: Report,
    /// Byte of `"previous":null` in the rendered JSON, if the format is JSON.
    previous_at: Option<usize>,
}

impl Part {
    /// The part of `r`, rendered as `bytes`.
    pub(super) fn of(r: &Report, bytes: &[u8], json: bool) -> Part {
        let previous_at = if json {
            memchr::memmem::find(bytes, PREVIOUS_NULL)
        } else {
            None
        };
        Part {
            skeleton: yoy::skeleton(r),
            previous_at,
        }
    }
}

/// One report's place in the spool.
struct Entry {
    file: usize,
    len: usize,
    previous_at: Option<usize>,
    counts: Summary,
    error: Option<(PathBuf, String)>,
}

/// The spooled run: rendered bytes on disk, skeletons in memory.
pub(super) struct Spool {
    bytes: BufWriter<File>,
    written: u64,
    entries: Vec<Entry>,
    skeletons: Vec<Report>,
}

/// Where a linked report's final bytes go, with its counts and, for an unreadable file, its
/// path and why.
pub(super) type Emit<'a> =
    dyn FnMut(Vec<u8>, Summary, Option<(PathBuf, String)>) -> io::Result<()> + 'a;

/// How a spooled report is rendered again when its link changes it (text output).
pub(super) type Rerender<'a> = dyn Fn(usize, Option<&Path>, &[Finding]) -> Vec<u8> + Sync + 'a;

impl Spool {
    pub(super) fn new() -> io::Result<Spool> {
        Ok(Spool {
            bytes: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            written: 0,
            entries: Vec::new(),
            skeletons: Vec::new(),
        })
    }

    /// Adds the report of input file `file`, rendered as `bytes`.
    pub(super) fn push(
        &mut self,
        file: usize,
        bytes: &[u8],
        counts: Summary,
        error: Option<(PathBuf, String)>,
        part: Part,
    ) -> io::Result<()> {
        self.bytes.write_all(bytes)?;
        self.entries.push(Entry {
            file,
            len: bytes.len(),
            previous_at: part.previous_at,
            counts,
            error,
        });
        self.written += bytes.len() as u64;
        self.skeletons.push(part.skeleton);
        Ok(())
    }

    /// Links the run and hands each report's final bytes, counts and error to `emit`, in input
    /// order. `digest` makes the X-DUP digest of input file `i` (loading it again); it is
    /// called for the reports of linked pairs only. `rerender` renders a report again for a
    /// format that cannot be spliced (`None` for JSON); `note` adds a line to a text report
    /// whose previous year was not loaded (`-v`).
    pub(super) fn finish(
        self,
        digest: &(dyn Fn(usize) -> Digest + Sync),
        rerender: Option<&Rerender<'_>>,
        note: bool,
        emit: &mut Emit<'_>,
    ) -> io::Result<()> {
        let Spool {
            bytes,
            entries,
            mut skeletons,
            ..
        } = self;
        yoy::link_by(&mut skeletons, |i| digest(entries[i].file));
        let loaded: std::collections::HashSet<(String, i32)> = if note {
            skeletons
                .iter()
                .filter_map(|s| Some((yoy::body_key(s.body.as_deref()?), s.year?)))
                .collect()
        } else {
            Default::default()
        };
        let mut file = bytes.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut input = BufReader::with_capacity(1 << 16, file);
        // Reports the link changed are rendered again on the worker threads, a chunk at a time
        // (a pasted corpus changes every report: X-TWICE), then written in input order.
        let mut entries = entries.into_iter();
        let mut skeletons = skeletons.into_iter();
        loop {
            let chunk: Vec<(Entry, Report)> = entries
                .by_ref()
                .zip(skeletons.by_ref())
                .take(RERENDER_CHUNK)
                .collect();
            if chunk.is_empty() {
                break;
            }
            let fresh: Vec<Option<Vec<u8>>> = chunk
                .par_iter()
                .map(|(e, s)| {
                    let changed = s.previous.is_some() || !s.findings.is_empty();
                    match rerender {
                        Some(render) if changed => {
                            Some(render(e.file, s.previous.as_deref(), &s.findings))
                        }
                        _ => None,
                    }
                })
                .collect();
            for ((e, s), fresh) in chunk.into_iter().zip(fresh) {
                let mut b = vec![0; e.len];
                input.read_exact(&mut b)?;
                let mut counts = e.counts;
                add_counts(&mut counts, &s.findings);
                let b = match (rerender, fresh) {
                    (Some(_), Some(again)) => again,
                    (Some(_), None) => {
                        let missing = note
                            && s.error.is_none()
                            && s.is_report
                            && s.body.as_deref().zip(s.year).is_some_and(|(body, y)| {
                                !loaded.contains(&(yoy::body_key(body), y - 1))
                            });
                        if missing { with_note(b, &s) } else { b }
                    }
                    (None, _) => splice(b, e.previous_at, s.previous.as_deref(), &s.findings),
                };
                emit(b, counts, e.error)?;
            }
        }
        Ok(())
    }
}

/// The counts of a report with its X-* findings added.
fn add_counts(counts: &mut Summary, x: &[Finding]) {
    if counts.reports == 0 {
        return;
    }
    let errors = x.iter().filter(|f| f.severity == Severity::Error).count();
    if counts.errors == 0 && errors > 0 {
        counts.reports_with_errors += 1;
    }
    counts.errors += errors;
    counts.warnings += x.iter().filter(|f| f.severity == Severity::Warning).count();
}

/// A report's JSON object with its link: `previous` filled in, the X-* findings appended.
fn splice(
    mut b: Vec<u8>,
    previous_at: Option<usize>,
    previous: Option<&Path>,
    x: &[Finding],
) -> Vec<u8> {
    // jsonl lines end in a newline, kept after the object.
    let newline = b.last() == Some(&b'\n');
    if newline {
        b.pop();
    }
    if !x.is_empty() && b.ends_with(b"]}") {
        let at = b.len() - 2;
        let mut add = Vec::new();
        for (i, f) in x.iter().enumerate() {
            if i > 0 || b[at - 1] != b'[' {
                add.push(b',');
            }
            let f = serde_json::to_vec(&json::FindingJson::new(f)).expect("a finding serialises");
            add.extend(crate::sanitize::escape_c1_in_json(f));
        }
        b.splice(at..at, add);
    }
    if let (Some(p), Some(at)) = (previous, previous_at) {
        let value = serde_json::to_vec(&p.to_string_lossy()).expect("a string serialises");
        let value = crate::sanitize::escape_c1_in_json(value);
        let null = at + PREVIOUS_NULL.len() - b"null".len();
        b.splice(null..null + 4, value);
    }
    if newline {
        b.push(b'\n');
    }
    b
}

/// A text report block with a line saying its previous year was not loaded, before the blank
/// line that ends the block.
fn with_note(mut b: Vec<u8>, s: &Report) -> Vec<u8> {
    let (Some(body), Some(year)) = (&s.body, s.year) else {
        return b;
    };
    let line = format!(
        "  note: {}年报告未载入，未作跨年度核对 / {body}'s report for {} was not loaded: no year-over-year checks\n",
        year - 1,
        year - 1
    );
    let at = if b.ends_with(b"\n\n") {
        b.len() - 1
    } else {
        b.len()
    };
    b.splice(at..at, line.into_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;

    fn carry() -> Finding {
        Finding::new(Rule::XCarry, Severity::Error, "应为 3，实为 2")
    }

    #[test]
    fn a_spliced_object_is_the_object_rendered_with_its_link() {
        let mut r = Report::empty("2021.txt".into());
        r.is_report = true;
        r.findings
            .push(Finding::new(Rule::SSix, Severity::Warning, "x"));
        let before = json::report_bytes(&r);
        let at = memchr::memmem::find(&before, PREVIOUS_NULL);
        r.previous = Some("a/2020 \"old\".txt".into());
        r.findings.push(carry());
        r.findings.push(carry());
        let x = &r.findings[1..];
        assert_eq!(
            splice(before, at, r.previous.as_deref(), x),
            json::report_bytes(&r)
        );
    }

    #[test]
    fn a_finding_spliced_into_an_empty_list_and_a_jsonl_line_keep_their_shape() {
        let mut r = Report::empty("2021.txt".into());
        r.is_report = true;
        let mut line = json::report_bytes(&r);
        line.push(b'\n');
        r.findings.push(carry());
        let mut expected = json::report_bytes(&r);
        expected.push(b'\n');
        assert_eq!(splice(line, None, None, &r.findings), expected);
    }

    #[test]
    fn linked_findings_are_added_to_the_counts() {
        let mut counts = Summary {
            reports: 1,
            warnings: 2,
            ..Summary::default()
        };
        add_counts(&mut counts, &[carry(), carry()]);
        assert_eq!(
            (counts.errors, counts.warnings, counts.reports_with_errors),
            (2, 2, 1)
        );
    }
}
