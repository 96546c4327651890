//! The one place where gouji opens a file it did not write: report files, and its own triage
//! state file, which another process (or a hostile submitter) may have replaced.
//!
//! Submissions are untrusted and an inbox is a shared directory, so every open here:
//! - follows a link but then insists on a *regular* file: a FIFO would block `open()` forever,
//!   `/dev/zero` would never end, a directory is not a file. The kind is checked on the path
//!   before opening and on the open descriptor after (the path may be swapped in between);
//! - opens with `O_NONBLOCK`, so that even a FIFO swapped in at that instant cannot block;
//! - reads at most a stated number of bytes (one more, to tell "at the limit" from "over it").
//!
//! What a file may then cost while it is being read (bytes inflated, nesting depth, time) is
//! [`budget`]; how many large files are worked on at once is [`admission`].

pub mod admission;
pub mod budget;

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

pub use budget::{Budget, Exceeded, Limits};

/// Largest report file read into memory. Real reports are well under 20 MB; a PDF with
/// scanned pages may come near this.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest triage state file read. A state of 100,000 reports with notes is about 40 MB.
pub const MAX_STATE_BYTES: u64 = 256 * 1024 * 1024;

/// Stack of the threads that read reports (rayon's default is 2 MiB). The readers bound their
/// depth, so this is a margin, not a requirement.
pub const WORKER_STACK: usize = 16 << 20;

/// Why a file is not a regular file, in the words shown to the user.
fn kind_error(meta: &Metadata) -> Option<io::Error> {
    if meta.is_file() {
        return None;
    }
    let why = if meta.is_dir() {
        "is a directory"
    } else {
        // FIFOs, sockets and devices: reading them blocks or never ends.
        "not a regular file"
    };
    Some(io::Error::new(io::ErrorKind::InvalidInput, why))
}

/// Opens `path` for reading if it is (or links to) a regular file, without ever blocking.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    if let Some(e) = kind_error(&fs::metadata(path)?) {
        return Err(e);
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a FIFO put in place after the check above opens at once instead of
        // waiting for a writer; on a regular file the flag has no effect on reads.
        // O_NOCTTY: a terminal device never becomes our controlling terminal.
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if let Some(e) = kind_error(&meta) {
        return Err(e);
    }
    Ok((file, meta))
}

/// The error for a file of more than `limit` bytes.
pub fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("file larger than {} MiB; not read", limit / (1024 * 1024)),
    )
}

/// Reads a regular file of at most `limit` bytes whole. Larger files, and files that grow past
/// the limit while being read, are refused with [`too_large`].
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    read_opened(file, meta.len(), limit)
}

/// Reads a file [`open_regular`] opened, `len` bytes long when it was opened, refusing it as
/// [`read_regular`] does past `limit`.
///
/// The length is known, so the buffer is made for it and one more byte: the first read fills
/// it and the second sees the end (`read_to_end` through `take` knows no length and reads a
/// file of more than 8 KiB in three calls). That byte is also where a file that grew since
/// it was opened shows: reading then goes on, up to one byte past the limit.
pub fn read_opened(mut file: File, len: u64, limit: u64) -> io::Result<Vec<u8>> {
    if len > limit {
        return Err(too_large(limit));
    }
    let most = usize::try_from(limit)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let mut bytes = vec![0; (len as usize).saturating_add(1).min(most)];
    let mut n = 0;
    loop {
        if n == bytes.len() {
            if n >= most {
                return Err(too_large(limit));
            }
            bytes.resize(n.saturating_mul(2).min(most), 0);
        }
        match file.read(&mut bytes[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(n);
    Ok(bytes)
}

/// An error reading a report file, as the one line shown for that file.
pub fn report_error(e: &io::Error) -> String {
    crate::sanitize::clean(&e.to_string())
}

/// Reads gouji's triage state file ([`MAX_STATE_BYTES`]).
pub fn read_state(path: &Path) -> io::Result<Vec<u8>> {
    read_regular(path, MAX_STATE_BYTES)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a directory entry.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn a_fifo_or_a_link_to_one_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.txt");
        mkfifo(&fifo);
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let t = Instant::now();
        for p in [&fifo, &link] {
            let e = read_regular(p, MAX_FILE_BYTES).unwrap_err();
            assert_eq!(report_error(&e), "not a regular file");
        }
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_link_to_dev_zero_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("state.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_state(&link).unwrap_err();
        assert_eq!(e.to_string(), "not a regular file");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_the_limit_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_regular(&p, 10).unwrap(), b"0123456789");
        let e = read_regular(&p, 9).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn a_file_that_grew_after_it_was_opened_is_read_whole_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        fs::write(&p, b"0123456789").unwrap();
        for (limit, read) in [(100, Some(&b"0123456789abcdefghij"[..])), (15, None)] {
            let (file, meta) = open_regular(&p).unwrap();
            // Another process appends between the open and the read.
            let mut w = OpenOptions::new().append(true).open(&p).unwrap();
            std::io::Write::write_all(&mut w, b"abcdefghij").unwrap();
            match read {
                Some(want) => assert_eq!(read_opened(file, meta.len(), limit).unwrap(), want),
                None => {
                    let e = read_opened(file, meta.len(), limit).unwrap_err();
                    assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
                }
            }
            fs::write(&p, b"0123456789").unwrap();
        }
    }

    #[test]
    fn an_empty_file_is_read_as_no_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        fs::write(&p, b"").unwrap();
        assert_eq!(read_regular(&p, 10).unwrap(), b"");
        assert_eq!(read_regular(&p, 0).unwrap(), b"");
    }

    #[test]
    fn a_directory_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_regular(dir.path(), MAX_FILE_BYTES).unwrap_err();
        assert_eq!(report_error(&e), "is a directory");
    }
}
