//! How many large files are worked on at once: one memory budget shared by every worker thread.
//!
//! A file's own [`Budget`](super::Budget) bounds what one file may cost; without a shared
//! budget that bound would multiply with the thread count (eight workers each inflating a zip
//! bomb to its limit). Before reading a file, a worker reserves the file's estimated peak cost
//! ([`estimate`]) from one process-wide pool and gives it back when the file is done. A
//! reservation that does not fit waits until enough is given back, except when nothing is
//! reserved at all (so a file larger than the pool still runs, alone). Ordinary reports cost a
//! few MB each and never wait; only large files are serialised.
//!
//! A worker reserves once per file and never while holding a reservation, so waiting cannot
//! deadlock: every holder finishes without waiting.

use std::path::Path;
use std::sync::{Condvar, Mutex};

use super::budget::Limits;
use crate::extract::InputFormat;

/// Bytes of memory the files being worked on may cost together (estimated).
pub const POOL_BYTES: u64 = 384 << 20;

/// Peak memory of extracting and auditing one byte of text, measured on large synthetic
/// reports (a 15 MB text of dense tables peaks at 290 MiB; README "Memory").
pub const PEAK_PER_TEXT_BYTE: u64 = 20;

/// How much a packed format (Word, PDF) may expand into text, for the estimate: a real report's
/// .docx holds ~2 bytes of XML per byte of file and far less text; a bomb is stopped by the
/// inflate limit and the text limit, and is then estimated at those limits.
const PACKED_EXPANSION: u64 = 8;

/// The estimated peak cost of reading, extracting and auditing a file of `len` bytes.
pub fn estimate(path: &Path, len: u64, limits: &Limits) -> u64 {
    let text_cap = limits.text_bytes as u64;
    let text = match InputFormat::of(path) {
        InputFormat::Text | InputFormat::Html | InputFormat::Legacy => len.min(text_cap),
        InputFormat::Docx | InputFormat::Pdf => len.saturating_mul(PACKED_EXPANSION).min(text_cap),
    };
    len.saturating_add(text.saturating_mul(PEAK_PER_TEXT_BYTE))
}

/// The shared pool.
struct Pool {
    in_use: Mutex<u64>,
    freed: Condvar,
}

static POOL: Pool = Pool {
    in_use: Mutex::new(0),
    freed: Condvar::new(),
};

/// A reservation; dropping it gives the bytes back.
#[must_use = "the reservation is given back when this is dropped"]
pub struct Reservation {
    bytes: u64,
}

/// Reserves `bytes` from the shared pool, waiting while it does not fit and others hold some.
pub fn reserve(bytes: u64) -> Reservation {
    let mut in_use = POOL.in_use.lock().unwrap_or_else(|p| p.into_inner());
    while *in_use > 0 && in_use.saturating_add(bytes) > POOL_BYTES {
        in_use = POOL.freed.wait(in_use).unwrap_or_else(|p| p.into_inner());
    }
    *in_use = in_use.saturating_add(bytes);
    Reservation { bytes }
}

/// Bytes reserved right now (for tests and diagnostics).
pub fn in_use() -> u64 {
    *POOL.in_use.lock().unwrap_or_else(|p| p.into_inner())
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut in_use = POOL.in_use.lock().unwrap_or_else(|p| p.into_inner());
        *in_use = in_use.saturating_sub(self.bytes);
        drop(in_use);
        POOL.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    #[test]
    fn large_files_wait_their_turn_and_a_lone_one_larger_than_the_pool_still_runs() {
        // Tests in this binary share the pool: measure the peak of what this test adds.
        let peak = AtomicU64::new(0);
        let held = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    let _r = reserve(POOL_BYTES / 2);
                    let now = held.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    held.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 2);
        let alone = reserve(POOL_BYTES * 3);
        drop(alone);
    }

    #[test]
    fn ordinary_reports_are_estimated_at_a_few_megabytes() {
        let l = Limits::DEFAULT;
        assert!(estimate(Path::new("r.txt"), 60_000, &l) < 2 << 20);
        assert!(estimate(Path::new("r.docx"), 40_000, &l) < 8 << 20);
        // A bomb is estimated at the text limit.
        let bomb = estimate(Path::new("b.docx"), 460_000, &l);
        assert!(bomb <= 460_000 + (16 << 20) * PEAK_PER_TEXT_BYTE);
    }
}
