//! What one file may cost while it is read: bytes inflated, text produced, nesting depth, time.
//!
//! Every reader (text, HTML, Word, PDF) takes a [`Budget`] and asks it at its own checkpoints,
//! so a hostile file (a zip bomb, 30,000 nested `<div>`s, a page that is slow to parse) ends as
//! an error naming the limit it tripped, never as a crash, a hang or a machine out of memory.
//! The limits are far above anything a real report needs (a report's text is ~50 KB, its
//! markup nests ~30 deep), so no real file meets them.

use std::fmt;
use std::io::{self, Read};
use std::time::{Duration, Instant};

/// The limits of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes a file may inflate to in total (all zip entries read; PDF streams).
    pub inflated_bytes: u64,
    /// Bytes of text a reader may hand to the extractor.
    pub text_bytes: usize,
    /// Nesting depth of markup (HTML elements, XML elements).
    pub depth: usize,
    /// Wall time a reader may spend on one file.
    pub time: Duration,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        inflated_bytes: 32 << 20,
        text_bytes: 16 << 20,
        depth: 256,
        // An unoptimised build (the test suite's) reads a PDF about twenty times slower than a
        // release build, and tests share the cores: its files get the time that takes.
        time: Duration::from_secs(if cfg!(debug_assertions) { 120 } else { 20 }),
    };
}

impl Limits {
    /// Fails for text longer than the text limit.
    pub fn check_text(&self, len: usize) -> Result<(), Exceeded> {
        if len > self.text_bytes {
            return Err(Exceeded::Text {
                limit: self.text_bytes,
            });
        }
        Ok(())
    }

    /// Fails for markup (`what`) nested deeper than the depth limit.
    pub fn check_depth(&self, what: &'static str, depth: usize) -> Result<(), Exceeded> {
        if depth > self.depth {
            return Err(Exceeded::Depth {
                what,
                limit: self.depth,
            });
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A limit a file tripped; its `Display` is the error shown for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    /// `what` (e.g. "word/document.xml") inflates to more than `limit` bytes.
    Inflated { what: String, limit: u64 },
    /// The text read from the file is longer than `limit` bytes.
    Text { limit: usize },
    /// `what` ("HTML", "word/document.xml") nests elements deeper than `limit`.
    Depth { what: &'static str, limit: usize },
    /// Reading took longer than `limit`.
    Time { limit: Duration },
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = |b: u64| {
            if b.is_multiple_of(1 << 20) {
                format!("{} MiB", b >> 20)
            } else {
                format!("{b} bytes")
            }
        };
        match self {
            Exceeded::Inflated { what, limit } => write!(
                f,
                "{what} inflates to more than {}; not read (a zip bomb?)",
                size(*limit)
            ),
            Exceeded::Text { limit } => write!(
                f,
                "more than {} of text; not read (a report's text is far shorter)",
                size(*limit as u64)
            ),
            Exceeded::Depth { what, limit } => write!(
                f,
                "{what} nested too deeply (more than {limit} levels); not read"
            ),
            Exceeded::Time { limit } => {
                write!(f, "reading took more than {} s; stopped", limit.as_secs())
            }
        }
    }
}

impl std::error::Error for Exceeded {}

impl From<Exceeded> for String {
    fn from(e: Exceeded) -> String {
        e.to_string()
    }
}

/// The budget of one file being read: its limits, the clock started when reading began, and
/// what was inflated so far.
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    started: Instant,
    inflated: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(Limits::DEFAULT)
    }
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            started: Instant::now(),
            inflated: 0,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Fails once the file has taken longer than its time limit. Readers call it every few
    /// thousand steps of their loop.
    pub fn check_time(&self) -> Result<(), Exceeded> {
        if self.started.elapsed() > self.limits.time {
            return Err(Exceeded::Time {
                limit: self.limits.time,
            });
        }
        Ok(())
    }

    /// Time left of the file's time limit, zero once it has passed: what a reader that keeps
    /// its own deadline (the PDF reader, whose parser runs on a thread it can abandon) gets.
    pub fn remaining_time(&self) -> Duration {
        self.limits.time.saturating_sub(self.started.elapsed())
    }

    /// Fails for text longer than the text limit.
    pub fn check_text(&self, len: usize) -> Result<(), Exceeded> {
        self.limits.check_text(len)
    }

    /// Fails for markup (`what`) nested deeper than the depth limit.
    pub fn check_depth(&self, what: &'static str, depth: usize) -> Result<(), Exceeded> {
        self.limits.check_depth(what, depth)
    }

    /// Records `n` more inflated bytes of `what`; fails once the file's total passes the limit.
    pub fn charge_inflated(&mut self, what: &str, n: u64) -> Result<(), Exceeded> {
        self.inflated = self.inflated.saturating_add(n);
        if self.inflated > self.limits.inflated_bytes {
            return Err(Exceeded::Inflated {
                what: what.to_string(),
                limit: self.limits.inflated_bytes,
            });
        }
        Ok(())
    }

    /// Wraps a decompressing reader (a zip entry, a PDF stream) so that everything read through
    /// it is charged to this budget: past the limit, or past the time limit, a read fails with
    /// an `io::Error` holding the [`Exceeded`] (see [`exceeded_in`]).
    pub fn inflate<'b, R: Read>(&'b mut self, what: &str, inner: R) -> Inflating<'b, R> {
        Inflating {
            budget: self,
            what: what.to_string(),
            inner,
        }
    }
}

/// A reader charged to a [`Budget`]; see [`Budget::inflate`].
pub struct Inflating<'b, R> {
    budget: &'b mut Budget,
    what: String,
    inner: R,
}

impl<R: Read> Read for Inflating<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.budget.check_time().map_err(io::Error::other)?;
        // Never ask for more than one byte past what is left: a bomb then inflates no further
        // than the limit, however large `buf` is.
        let left = self
            .budget
            .limits
            .inflated_bytes
            .saturating_sub(self.budget.inflated);
        let want = buf
            .len()
            .min(usize::try_from(left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget
            .charge_inflated(&self.what, n as u64)
            .map_err(io::Error::other)?;
        Ok(n)
    }
}

/// The [`Exceeded`] inside an `io::Error` from an [`Inflating`] reader, if that is what it is.
pub fn exceeded_in(e: &io::Error) -> Option<&Exceeded> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Exceeded>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inflating_reader_stops_one_byte_past_the_limit() {
        let mut budget = Budget::new(Limits {
            inflated_bytes: 1000,
            ..Limits::DEFAULT
        });
        let mut out = Vec::new();
        let e = budget
            .inflate("word/document.xml", io::repeat(b'x'))
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(out.len() <= 1000);
        assert_eq!(
            exceeded_in(&e).unwrap().to_string(),
            "word/document.xml inflates to more than 1000 bytes; not read (a zip bomb?)"
        );
    }

    #[test]
    fn what_fits_is_read_whole() {
        let mut budget = Budget::default();
        let mut out = String::new();
        budget
            .inflate("a", &b"hello"[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "hello");
    }

    #[test]
    fn depth_text_and_time_limits_name_what_was_exceeded() {
        let budget = Budget::new(Limits {
            time: Duration::ZERO,
            ..Limits::DEFAULT
        });
        assert!(budget.check_depth("HTML", 256).is_ok());
        assert_eq!(
            budget.check_depth("HTML", 257).unwrap_err().to_string(),
            "HTML nested too deeply (more than 256 levels); not read"
        );
        assert!(budget.check_text(16 << 20).is_ok());
        assert!(budget.check_text((16 << 20) + 1).is_err());
        std::thread::sleep(Duration::from_millis(2));
        assert!(matches!(budget.check_time(), Err(Exceeded::Time { .. })));
    }

    #[test]
    fn the_time_left_shrinks_while_a_file_is_read_and_stops_at_zero() {
        let budget = Budget::new(Limits {
            time: Duration::from_millis(50),
            ..Limits::DEFAULT
        });
        let first = budget.remaining_time();
        assert!(first <= Duration::from_millis(50) && first > Duration::ZERO);
        std::thread::sleep(Duration::from_millis(5));
        assert!(budget.remaining_time() < first);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(budget.remaining_time(), Duration::ZERO);
    }
}
