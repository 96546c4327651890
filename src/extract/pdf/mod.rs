//! PDF bytes → text lines in visual row order, which the text extractor then aligns.
//!
//! Published annual reports are PDFs exported from WPS or Word with embedded CID fonts. The
//! glyphs and their positions come from pdf-extract (chosen by measurement: it decodes these
//! fonts' ToUnicode maps right on every reference PDF and compiles in a fraction of
//! oxidize-pdf's time); the rows are rebuilt from the positions ([`lines`]), because the
//! drawing order is the producer's, and page furniture is dropped ([`furniture`]).
//!
//! A PDF is untrusted input and pdf-extract can panic on damaged files (in its CMap parser) or
//! take long on hostile ones, so [`read`] runs it on a worker thread under a deadline, contains
//! its panics, and reads page by page: a page that fails loses that page, not the file.

mod furniture;
mod glyphs;
mod lines;

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;

use std::time::{Duration, Instant};

use pdf_extract::FontCache;

use crate::input::Budget;

pub use lines::Line;

/// The bounds one PDF is read within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for the whole read; past it the read ends with the pages done so far
    /// (or [`PdfError::TimedOut`] when the parser itself does not come back). A file's read
    /// gets what is left of its [`Budget`]'s time ([`Limits::within`]).
    pub time: Duration,
    /// Pages read at most (annual reports have 5–30).
    pub max_pages: u32,
    /// Glyphs kept at most: bounds memory (about 20 bytes each) on a hostile file.
    pub max_glyphs: usize,
}

impl Limits {
    /// The limits of a PDF read as one file of a run: the time left of the file's `budget`
    /// (which began when the file was opened), so one file's time limit covers everything done
    /// with it, whatever its format.
    pub fn within(budget: &Budget) -> Limits {
        Limits {
            time: budget.remaining_time(),
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    /// The limits of a PDF read on its own: a file's whole time limit.
    fn default() -> Limits {
        Limits {
            time: crate::input::Limits::DEFAULT.time,
            max_pages: 1000,
            max_glyphs: 4_000_000,
        }
    }
}

/// Whole seconds, rounded up, for messages: what is left of a 20 s budget reads "20 s".
fn secs(t: Duration) -> u64 {
    t.as_secs_f64().ceil() as u64
}

/// The text of a PDF: its lines in reading order, each with its page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    pub lines: Vec<Line>,
    /// Pages in the document.
    pub pages: u32,
    /// Set when only part of the document could be read, saying which part and why.
    pub partial: Option<String>,
}

impl PdfText {
    /// The lines as one text, one line per `\n`.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }

    /// The page of each line of [`PdfText::text`].
    pub fn line_pages(&self) -> Vec<u32> {
        self.lines.iter().map(|l| l.page).collect()
    }
}

/// Why a PDF gave no text. The messages are shown to the inspector as the file's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Not a PDF, or too damaged to find its pages.
    Damaged(String),
    /// Encrypted with a user password (an empty one is tried and works silently).
    Encrypted,
    /// Pages without any text: a scan.
    Scanned,
    /// Text whose characters mean nothing (fonts without a Unicode map).
    NoUsableText,
    TimedOut(Duration),
    /// The parser panicked before any page was read.
    Panicked,
}

/// The reason a scanned PDF is listed with (also in the README).
pub const SCANNED: &str =
    "扫描件：无可提取的文字，需先OCR (scanned PDF: no text layer; run OCR first)";

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Damaged(why) => write!(f, "damaged or not a PDF: {why}"),
            PdfError::Encrypted => f.write_str(
                "PDF受密码保护：需输入密码才能读取 (password-protected PDF: remove the password, \
                 e.g. print it to a new PDF, then check again)",
            ),
            PdfError::Scanned => f.write_str(SCANNED),
            PdfError::NoUsableText => f.write_str(
                "字体无法转换为文字：无可用的文字，需先OCR (the PDF's fonts map to no usable \
                 characters; run OCR or export the PDF again with embedded Unicode fonts)",
            ),
            PdfError::TimedOut(t) => write!(
                f,
                "reading this PDF took longer than {} s; it was abandoned",
                secs(*t)
            ),
            PdfError::Panicked => f.write_str("damaged PDF: its structure could not be read"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Reads a PDF's text within `limits`. Never panics and returns within about `limits.time`.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    quiet_panics();
    let (tx, rx) = mpsc::channel();
    let owned = bytes.to_vec();
    let limits = *limits;
    let spawned = std::thread::Builder::new()
        .name("gouji-pdf".into())
        // The PDF parser recurses into nested objects; a deep stack keeps a hostile nesting
        // from overflowing (an overflow aborts the process, it cannot be caught).
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            QUIET.set(true);
            let out = catch_unwind(AssertUnwindSafe(|| read_here(&owned, &limits)))
                .unwrap_or(Err(PdfError::Panicked));
            // The reader may have given up waiting; then nobody wants the result.
            let _ = tx.send(out);
        });
    if let Err(e) = spawned {
        return Err(PdfError::Damaged(format!(
            "could not start the PDF reader: {e}"
        )));
    }
    // The reader checks the deadline itself between glyphs; the grace covers a parser that
    // is stuck elsewhere, whose thread is then left to finish on its own.
    match rx.recv_timeout(limits.time + Duration::from_millis(500)) {
        Ok(out) => out,
        Err(_) => Err(PdfError::TimedOut(limits.time)),
    }
}

/// [`read`] on the calling thread: no deadline thread, panics not contained.
fn read_here(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    let deadline = Instant::now() + limits.time;
    let mut doc = load(bytes)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    let n_pages = pages.len() as u32;
    if n_pages == 0 {
        // Not a scan: there is nothing at all to look at.
        return Err(PdfError::Damaged("the document has no pages".into()));
    }
    let numbers: Vec<u32> = pages
        .keys()
        .copied()
        .take_while(|&n| n <= limits.max_pages)
        .collect();
    let mut stop_note = (numbers.len() < pages.len())
        .then(|| format!("only the first {} pages were read", limits.max_pages));
    let count = AtomicUsize::new(0);
    let read = read_pages(&numbers, |number, fonts| {
        read_page(&doc, number, fonts, deadline, limits.max_glyphs, &count)
    });
    let mut collected: Vec<glyphs::Page> = Vec::with_capacity(read.len());
    let mut failed: Vec<u32> = Vec::new();
    let mut stopped = None;
    for r in read {
        if let Some(stop) = r.stopped {
            // The first page (in order) that stopped ends the document there.
            stop_note = Some(match stop {
                glyphs::Stop::Deadline => format!(
                    "reading stopped at page {} after {} s",
                    r.number,
                    secs(limits.time)
                ),
                glyphs::Stop::TooManyGlyphs => {
                    format!("reading stopped at page {}: too much text", r.number)
                }
            });
            stopped = Some(stop);
            collected.extend(r.page);
            break;
        }
        if !r.ok {
            failed.push(r.number);
        }
        // A page that failed part way keeps what it drew: a partial page is still text.
        collected.extend(r.page);
    }
    let partial = partial_note(&failed, stop_note);
    if collected.is_empty() && n_pages > 0 {
        return Err(PdfError::Damaged(
            partial.unwrap_or_else(|| "no page could be read".into()),
        ));
    }
    let no_glyphs = collected.iter().all(|p| p.glyphs.is_empty());
    match stopped {
        // Stopped before any text: that says nothing about the file having text.
        Some(glyphs::Stop::Deadline) if no_glyphs => return Err(PdfError::TimedOut(limits.time)),
        _ => judge_text(&collected)?,
    }
    let heights: HashMap<u32, f32> = collected.iter().map(|p| (p.number, p.height)).collect();
    let rebuilt: Vec<Line> = collected.iter().flat_map(lines::page_lines).collect();
    Ok(PdfText {
        lines: furniture::strip(rebuilt, &heights),
        pages: n_pages,
        partial,
    })
}

/// Pages are independent: they are read on up to one thread per core and come back in order.
/// Each thread keeps the fonts it parsed for its next pages (parsing a font's ToUnicode CMap
/// costs more than drawing a page). Plain scoped threads, not the shared rayon pool: a page
/// stuck in the parser must hold up only this document's reader (abandoned at its deadline),
/// never the pool that reads the other files.
fn read_pages<'d>(
    numbers: &[u32],
    read: impl Fn(u32, &mut FontCache<'d>) -> PageRead + Sync,
) -> Vec<PageRead> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(numbers.len());
    if threads <= 1 {
        let mut fonts = FontCache::new();
        return numbers.iter().map(|&n| read(n, &mut fonts)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, PageRead)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    QUIET.set(true);
                    let mut fonts = FontCache::new();
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&n) = numbers.get(i) else { break };
                        mine.push((i, read(n, &mut fonts)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            // read_page contains its panics: a worker always comes back.
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// One page's outcome.
struct PageRead {
    number: u32,
    page: Option<glyphs::Page>,
    /// Read to the end without an error or a panic.
    ok: bool,
    stopped: Option<glyphs::Stop>,
}

/// Reads one page, its panics contained. A panic leaves `fonts` usable: a font enters it only
/// once fully parsed.
fn read_page<'d>(
    doc: &'d pdf_extract::Document,
    number: u32,
    fonts: &mut FontCache<'d>,
    deadline: Instant,
    max_glyphs: usize,
    count: &AtomicUsize,
) -> PageRead {
    let mut collector = glyphs::Collector::new(deadline, max_glyphs, count);
    let done = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page_with(doc, &mut collector, number, fonts)
    }));
    PageRead {
        number,
        ok: matches!(done, Ok(Ok(()))),
        stopped: collector.stopped,
        page: collector.pages.pop(),
    }
}

fn load(bytes: &[u8]) -> Result<pdf_extract::Document, PdfError> {
    match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => Ok(doc),
        Err(pdf_extract::Error::Decryption(_)) => Err(PdfError::Encrypted),
        Err(e) => Err(PdfError::Damaged(e.to_string())),
    }
}

fn partial_note(failed: &[u32], stop: Option<String>) -> Option<String> {
    let mut parts = Vec::new();
    if !failed.is_empty() {
        let list: Vec<String> = failed.iter().map(u32::to_string).collect();
        parts.push(format!(
            "page(s) {} could not be read fully",
            list.join(", ")
        ));
    }
    parts.extend(stop);
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A scan draws no text; a font without a Unicode map draws private-use or replacement
/// characters. Either way there is nothing to audit, and saying why beats an empty report.
fn judge_text(pages: &[glyphs::Page]) -> Result<(), PdfError> {
    let mut visible = 0usize;
    let mut usable = 0usize;
    for g in pages.iter().flat_map(|p| &p.glyphs) {
        if g.ch.is_whitespace() || g.ch.is_control() {
            continue;
        }
        visible += 1;
        if !is_unusable(g.ch) {
            usable += 1;
        }
    }
    if visible == 0 {
        Err(PdfError::Scanned)
    } else if usable * 2 < visible {
        Err(PdfError::NoUsableText)
    } else {
        Ok(())
    }
}

fn is_unusable(c: char) -> bool {
    matches!(c, '\u{FFFD}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
}

thread_local! {
    /// Set on the reader's threads: their panics are expected (damaged input) and reported as
    /// the file's error, so the panic message is not printed over the user's output.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wraps the panic hook once so that panics on quiet threads print nothing.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests;
