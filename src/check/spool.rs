//! Cross-year linking for `check` without holding the run's reports: each report is rendered as
//! the streaming run renders it (no `previous`, no X-* findings), its bytes are kept in memory up
//! to a budget and in an unnamed temporary file beyond it, and only a skeleton stays in memory
//! (path, body, year and the table rows the X-* rules read). When every report is in, the
//! skeletons are linked ([`yoy::link_by`]); the X-DUP digest of a report is made only when it is
//! one of a linked pair, by loading its file again (pairs are few in a real inbox, and digesting
//! every report cost ~10 % of a run). The spooled bytes are then written out with each report's
//! link spliced in.
//!
//! The JSON object of a report ends with its findings array, and `"previous":null` appears once
//! as a key (a string value holding it would have its quotes escaped), so the splice is exact:
//! the link's path replaces `null` and the X-* findings are appended to the array, in the order
//! `yoy::link` appends them to a loaded report. Text output sorts findings by severity and
//! table; its printer says where each finding line of a block sits ([`text::Layout`]), so the
//! X-* lines are put in their places ([`text::splice`]) instead of loading and rendering the
//! report again (which, with X-TWICE on every copy of a pasted corpus, doubled a run's time).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::audit::yoy::{self, Digest, Skeleton};
use crate::model::{Finding, Report, Severity};
use crate::output::text::{self, TextOptions};
use crate::output::{Summary, json};

/// Rendered bytes kept in memory before the rest goes to a temporary file: a run of a few
/// hundred reports never touches the disk. Not more: on the 10,000-report real-shaped inbox
/// (280 MB of JSON) holding everything in memory cost more system time (fresh pages, zeroed by
/// the kernel) than the temporary file's page cache, and a 64 MB budget took no less time than
/// 8 MB (three interleaved runs) while raising the peak from ~175 to ~220 MB.
pub(super) const MEMORY_BUDGET: usize = 8 << 20;

/// Reports spliced at a time on the worker threads while this thread writes.
const SPLICE_CHUNK: usize = 256;

/// Bytes of room left after a spooled JSON object read back for its splice.
const SPLICE_ROOM: usize = 1024;

/// The JSON key the splice fills in.
const PREVIOUS_NULL: &[u8] = b"\"previous\":null";

/// What a worker keeps of one report for linking.
pub(super) struct Part {
    skeleton: Skeleton,
    /// Byte of `"previous":null` in the rendered JSON, if the format is JSON.
    previous_at: Option<usize>,
    /// Where the finding lines of a rendered text block sit, if the format is text.
    layout: Option<text::Layout>,
}

impl Part {
    /// The part of `r`, rendered as JSON `bytes`.
    pub(super) fn json(r: &Report, bytes: &[u8]) -> Part {
        Part {
            skeleton: yoy::skeleton(r),
            previous_at: memchr::memmem::find(bytes, PREVIOUS_NULL),
            layout: None,
        }
    }

    /// The part of `r`, rendered as a text block laid out as `layout`.
    pub(super) fn text(r: &Report, layout: Option<text::Layout>) -> Part {
        Part {
            skeleton: yoy::skeleton(r),
            previous_at: None,
            layout,
        }
    }
}

/// One report's place in the spool.
struct Entry {
    place: Place,
    len: usize,
    previous_at: Option<usize>,
    layout: Option<text::Layout>,
    counts: Summary,
    error: Option<(PathBuf, String)>,
}

/// The spooled run: rendered bytes in memory up to a budget, then in a temporary file;
/// skeletons in memory.
pub(super) struct Spool {
    bytes: Store,
    entries: Vec<Entry>,
    skeletons: Vec<Skeleton>,
}

/// A report's final bytes, counts and error.
type Final = (Vec<u8>, Summary, Option<(PathBuf, String)>);

/// Where a linked report's final bytes go, with its counts and, for an unreadable file, its
/// path and why.
pub(super) type Emit<'a> =
    dyn FnMut(Vec<u8>, Summary, Option<(PathBuf, String)>) -> io::Result<()> + 'a;

impl Spool {
    /// A spool for `reports` reports, holding up to `budget` bytes of them in memory. The
    /// lists are made for all of them at once: grown by doubling, each copy of 10,000 entries
    /// and skeletons (~7 MB) went to fresh pages.
    pub(super) fn new(budget: usize, reports: usize) -> Spool {
        Spool {
            bytes: Store::new(budget),
            entries: Vec::with_capacity(reports),
            skeletons: Vec::with_capacity(reports),
        }
    }

    /// Adds the next report in input order, rendered as `bytes`.
    pub(super) fn push(
        &mut self,
        bytes: &[u8],
        counts: Summary,
        error: Option<(PathBuf, String)>,
        part: Part,
    ) -> io::Result<()> {
        let place = self.bytes.push(bytes)?;
        self.entries.push(Entry {
            place,
            len: bytes.len(),
            previous_at: part.previous_at,
            layout: part.layout,
            counts,
            error,
        });
        self.skeletons.push(part.skeleton);
        Ok(())
    }

    /// Links the run and hands each report's final bytes, counts and error to `emit`, in input
    /// order. `digest` makes the X-DUP digest of the `i`th report pushed (loading it again); it
    /// is called for the reports of linked pairs only. `text` is the text printer's options
    /// when the reports were rendered as text (`None` for JSON); `note` adds a line to a text
    /// report whose previous year was not loaded (`-v`).
    pub(super) fn finish(
        self,
        digest: &(dyn Fn(usize) -> Digest + Sync),
        text: Option<&TextOptions>,
        note: bool,
        emit: &mut Emit<'_>,
    ) -> io::Result<()> {
        let Spool {
            bytes,
            entries,
            mut skeletons,
        } = self;
        yoy::link_by(&mut skeletons, digest);
        let loaded: std::collections::HashSet<(String, i32)> = if note {
            skeletons
                .iter()
                .filter_map(|s| Some((yoy::body_key(s.body.as_deref()?), s.year?)))
                .collect()
        } else {
            Default::default()
        };
        let input = bytes.read()?;
        // A JSON object is spliced in place: room for its X-* findings (X-TWICE's is ~600 bytes)
        // spares copying the whole object into a larger buffer. Text blocks are spliced into a
        // new one.
        let room = if text.is_none() { SPLICE_ROOM } else { 0 };
        let link = |(e, s): (Entry, Skeleton)| -> io::Result<Final> {
            let b = input.at(e.place, e.len, room)?;
            let mut counts = e.counts;
            add_counts(&mut counts, &s.findings);
            let changed = s.previous.is_some() || !s.findings.is_empty();
            let b = match (text, &e.layout) {
                (None, _) => splice(b, e.previous_at, s.previous.as_deref(), &s.findings),
                (Some(opts), Some(layout)) if changed => text::splice(b, layout, &s.findings, opts),
                (Some(_), _) => {
                    let missing = note
                        && !s.error
                        && s.is_report
                        && s.body.as_deref().zip(s.year).is_some_and(|(body, y)| {
                            !loaded.contains(&(yoy::body_key(body), y - 1))
                        });
                    if missing { with_note(b, &s) } else { b }
                }
            };
            Ok((b, counts, e.error))
        };
        // The worker threads read each report back and put its link in, a chunk at a time (a
        // pasted corpus changes every report: X-TWICE), while this thread writes the chunk
        // before it in input order.
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<Final>>>(1);
            let link = &link;
            scope.spawn(move || {
                let mut pairs = entries.into_iter().zip(skeletons);
                loop {
                    let chunk: Vec<(Entry, Skeleton)> = pairs.by_ref().take(SPLICE_CHUNK).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    let done = chunk.into_par_iter().map(link).collect();
                    // A closed channel means the writer stopped (a broken pipe): stop too.
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
            for chunk in rx {
                for (b, counts, error) in chunk? {
                    emit(b, counts, error)?;
                }
            }
            Ok(())
        })
    }
}

/// Where a report's rendered bytes are in the [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In memory block `block`, from byte `at`.
    Memory { block: usize, at: usize },
    /// In the temporary file, from byte `at`.
    File { at: u64 },
}

/// Rendered bytes in input order: in memory blocks up to a budget, then (once one report does
/// not fit) every later report in an unnamed temporary file.
struct Store {
    budget: usize,
    held: usize,
    blocks: Vec<Vec<u8>>,
    file: Option<BufWriter<File>>,
    /// Bytes written to the file so far.
    file_len: u64,
}

/// The size of a memory block: a report's bytes are never split across two.
const BLOCK: usize = 4 << 20;

impl Store {
    fn new(budget: usize) -> Store {
        Store {
            budget,
            held: 0,
            blocks: Vec::new(),
            file: None,
            file_len: 0,
        }
    }

    /// Adds a report's bytes; returns where they are.
    fn push(&mut self, bytes: &[u8]) -> io::Result<Place> {
        if self.file.is_none() && self.held + bytes.len() <= self.budget {
            self.held += bytes.len();
            match self.blocks.last_mut() {
                Some(b) if b.capacity() - b.len() >= bytes.len() => {
                    let at = b.len();
                    b.extend_from_slice(bytes);
                    return Ok(Place::Memory {
                        block: self.blocks.len() - 1,
                        at,
                    });
                }
                _ => {
                    let mut b = Vec::with_capacity(BLOCK.max(bytes.len()));
                    b.extend_from_slice(bytes);
                    self.blocks.push(b);
                    return Ok(Place::Memory {
                        block: self.blocks.len() - 1,
                        at: 0,
                    });
                }
            }
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self
                .file
                .insert(BufWriter::with_capacity(1 << 16, tempfile::tempfile()?)),
        };
        file.write_all(bytes)?;
        let at = self.file_len;
        self.file_len += bytes.len() as u64;
        Ok(Place::File { at })
    }

    /// The bytes for reading back, each report from any thread.
    fn read(self) -> io::Result<StoreReader> {
        let file = match self.file {
            Some(f) => Some(f.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        Ok(StoreReader {
            blocks: self.blocks,
            file,
        })
    }
}

struct StoreReader {
    blocks: Vec<Vec<u8>>,
    file: Option<File>,
}

impl StoreReader {
    /// `len` bytes at `place`, in a buffer with room for `room` more.
    fn at(&self, place: Place, len: usize, room: usize) -> io::Result<Vec<u8>> {
        let mut b = Vec::with_capacity(len + room);
        match place {
            Place::Memory { block, at } => b.extend_from_slice(&self.blocks[block][at..at + len]),
            Place::File { at } => {
                let file = self
                    .file
                    .as_ref()
                    .ok_or_else(|| io::Error::other("the spool has no file"))?;
                b.resize(len, 0);
                read_exact_at(file, &mut b, at)?;
            }
        }
        Ok(b)
    }
}

/// Fills `buf` from `file` at byte `at`, without moving a shared cursor: the worker threads
/// read the spool side by side.
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
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

/// A report's JSON object with its link: `previous` filled in, the X-* findings appended (by
/// the writer that wrote the object).
fn splice(
    mut b: Vec<u8>,
    previous_at: Option<usize>,
    previous: Option<&Path>,
    x: &[Finding],
) -> Vec<u8> {
    if !x.is_empty() {
        // The object ends with its findings array: `]}`, and a newline in jsonl.
        let newline = b.last() == Some(&b'\n');
        let close = b.len().saturating_sub(2 + usize::from(newline));
        if b[close..].starts_with(b"]}") {
            let tail = b.split_off(close);
            for (i, f) in x.iter().enumerate() {
                if i > 0 || b.last() != Some(&b'[') {
                    b.push(b',');
                }
                json::push_finding(&mut b, f);
            }
            b.extend_from_slice(&tail);
        }
    }
    if let (Some(p), Some(at)) = (previous, previous_at) {
        let mut value = Vec::new();
        json::push_str(&mut value, &p.to_string_lossy());
        let null = at + PREVIOUS_NULL.len() - b"null".len();
        b.splice(null..null + 4, value);
    }
    b
}

/// A text report block with a line saying its previous year was not loaded, before the blank
/// line that ends the block.
fn with_note(mut b: Vec<u8>, s: &Skeleton) -> Vec<u8> {
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
    fn bytes_beyond_the_memory_budget_are_read_back_from_the_file() {
        let reports: Vec<Vec<u8>> = (0..200u32)
            .map(|i| {
                let len = (i as usize * 7919) % 3000;
                (0..len).map(|j| (i as usize + j) as u8).collect()
            })
            .collect();
        for budget in [0, 1, 2999, 50_000, usize::MAX] {
            let mut store = Store::new(budget);
            let places: Vec<Place> = reports.iter().map(|r| store.push(r).unwrap()).collect();
            assert_eq!(store.file.is_some(), budget < 300_000, "budget {budget}");
            let back = store.read().unwrap();
            // Read back in any order (the worker threads take them side by side).
            for (i, r) in reports.iter().enumerate().rev() {
                let b = back.at(places[i], r.len(), 7).unwrap();
                assert_eq!(&b, r, "report {i}, budget {budget}");
                assert!(b.capacity() >= r.len() + 7);
            }
        }
    }

    #[test]
    fn a_report_larger_than_a_block_stays_in_memory_whole() {
        let big = vec![b'x'; BLOCK + 10];
        let mut store = Store::new(usize::MAX);
        let places: Vec<Place> = [&b"first"[..], &big, b"last"]
            .iter()
            .map(|r| store.push(r).unwrap())
            .collect();
        assert!(store.file.is_none());
        assert_eq!(
            places,
            [
                Place::Memory { block: 0, at: 0 },
                Place::Memory { block: 1, at: 0 },
                Place::Memory { block: 2, at: 0 }
            ]
        );
        let back = store.read().unwrap();
        assert_eq!(back.at(places[0], 5, 0).unwrap(), b"first");
        assert_eq!(back.at(places[1], big.len(), 8).unwrap(), big);
        assert_eq!(back.at(places[2], 4, 0).unwrap(), b"last");
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
