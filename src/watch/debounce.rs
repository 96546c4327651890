//! The settle logic of the watcher as a pure type: raw file events in, settled changes out.
//!
//! A file is only worth auditing once it is complete. Uploads arrive in many writes, editors
//! save by writing a temporary file and renaming it over the target, unzip creates hundreds of
//! files at once. So events are coalesced per path and a path settles only when (1) no event
//! touched it for the debounce window and (2) its size and modification time were the same in
//! two observations, the first taken no earlier than half a window after the last event. The
//! final state is decided by looking at the file, not by replaying event kinds: whatever
//! sequence of create/rename/delete happened, the file either exists now or it does not, and
//! whether gouji already knew it says if that is an addition, a change or a removal.
//!
//! No clock and no disk here: every call takes `now`, and the caller supplies a `stat` closure,
//! so the tests drive it with explicit timestamps and an in-memory file table.

use std::collections::{BTreeMap, HashMap};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Default quiet period before a path settles.
pub const DEFAULT_WINDOW: Duration = Duration::from_millis(200);

/// What a stat of a regular file says about its content, cheaply: size and write time to the
/// file system's full precision, and on Unix the inode and its change time, so that a rewrite
/// within the same second, or a file replaced by rename, differs from what was there before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// Inode and change time (seconds, nanoseconds); zero where the platform has none.
    pub inode: (u64, i64, i64),
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime(), meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let inode = (0, 0, 0);
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        }
    }
}

/// A raw event on one path, reduced to what the settler needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    /// Created, or renamed to this path.
    Created,
    /// Content written.
    Modified,
    /// Deleted, or renamed away from this path. A removed directory takes every known
    /// file beneath it along (inotify reports only the directory).
    Removed,
}

/// The settled outcome for one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

/// One path whose change has settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub path: PathBuf,
    pub change: Change,
}

#[derive(Debug)]
struct Pending {
    last_event: Instant,
    /// The stat taken since the last event, if any (`Some(None)`: the file was absent).
    observed: Option<Option<FileStamp>>,
}

/// Per-path debouncer and settler. See the module docs.
#[derive(Debug)]
pub struct Debouncer {
    window: Duration,
    pending: HashMap<PathBuf, Pending>,
    /// Files the consumer holds, with the stamp at their last settlement. A `BTreeMap` so
    /// that the files below a directory are one contiguous range.
    known: BTreeMap<PathBuf, FileStamp>,
    skip_unchanged: bool,
}

impl Debouncer {
    pub fn new(window: Duration) -> Debouncer {
        Debouncer {
            window,
            pending: HashMap::new(),
            known: BTreeMap::new(),
            skip_unchanged: false,
        }
    }

    /// When set, a known file whose stamp is the one it settled with last time is not reported
    /// again. Right for polling, which only ever sees a change as a newer write time: its
    /// late report of a write that already settled (it looked mid-write) is then dropped.
    /// Wrong for native events, which also report rewrites that land within the file system's
    /// timestamp granularity (a second on some network mounts), so it is off by default.
    pub fn set_skip_unchanged(&mut self, skip: bool) {
        self.skip_unchanged = skip;
    }

    pub fn window(&self) -> Duration {
        self.window
    }

    /// Replaces the set of files the consumer already holds (its initial listing).
    pub fn set_known(&mut self, files: impl IntoIterator<Item = (PathBuf, FileStamp)>) {
        self.known = files.into_iter().collect();
    }

    pub fn is_known(&self, path: &Path) -> bool {
        self.known.contains_key(path)
    }

    /// Whether `path` has an event waiting to settle.
    pub fn is_pending(&self, path: &Path) -> bool {
        self.pending.contains_key(path)
    }

    pub fn known_len(&self) -> usize {
        self.known.len()
    }

    /// True when nothing is waiting to settle (the caller may sleep until the next event).
    pub fn is_idle(&self) -> bool {
        self.pending.is_empty()
    }

    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Notes a raw event. Any event restarts the path's quiet period and discards earlier
    /// observations of it.
    pub fn record(&mut self, path: PathBuf, kind: RawKind, now: Instant) {
        if kind == RawKind::Removed {
            let below: Vec<PathBuf> = self
                .known
                .range(path.clone()..)
                .map(|(p, _)| p)
                .skip_while(|p| **p == path)
                .take_while(|p| p.starts_with(&path))
                .cloned()
                .collect();
            for p in below {
                self.touch(p, now);
            }
        }
        self.touch(path, now);
    }

    fn touch(&mut self, path: PathBuf, now: Instant) {
        self.pending.insert(
            path,
            Pending {
                last_event: now,
                observed: None,
            },
        );
    }

    /// Compares a fresh listing of the directory with the known files after events were lost:
    /// every difference is recorded as if an event had reported it, so it settles as usual.
    pub fn rescan(
        &mut self,
        listing: impl IntoIterator<Item = (PathBuf, FileStamp)>,
        now: Instant,
    ) {
        let listing: BTreeMap<PathBuf, FileStamp> = listing.into_iter().collect();
        let gone: Vec<PathBuf> = self
            .known
            .keys()
            .filter(|p| !listing.contains_key(*p))
            .cloned()
            .collect();
        for p in gone {
            self.touch(p, now);
        }
        for (p, stamp) in listing {
            if self.known.get(&p) != Some(&stamp) {
                self.touch(p, now);
            }
        }
    }

    /// Returns the paths that settled by `now`, sorted by path. `stat` reports a regular file's
    /// stamp, or `None` when the path is absent or not a regular file; it is only asked about
    /// paths that have been quiet for at least half the window. Call it every tick (~50 ms):
    /// a path needs two calls after its last event to settle.
    pub fn due(
        &mut self,
        now: Instant,
        mut stat: impl FnMut(&Path) -> Option<FileStamp>,
    ) -> Vec<Settled> {
        let window = self.window;
        let first_look = window / 2;
        let known = &mut self.known;
        let skip_unchanged = self.skip_unchanged;
        let mut out = Vec::new();
        self.pending.retain(|path, p| {
            let quiet = now.saturating_duration_since(p.last_event);
            if quiet < first_look {
                return true;
            }
            let seen = stat(path);
            if quiet >= window && p.observed == Some(seen) {
                let change = match (seen, known.contains_key(path)) {
                    (Some(stamp), true) if skip_unchanged && known.get(path) == Some(&stamp) => {
                        None
                    }
                    (Some(stamp), was_known) => {
                        known.insert(path.clone(), stamp);
                        Some(if was_known {
                            Change::Changed
                        } else {
                            Change::Added
                        })
                    }
                    (None, true) => {
                        known.remove(path);
                        Some(Change::Removed)
                    }
                    (None, false) => None,
                };
                if let Some(change) = change {
                    out.push(Settled {
                        path: path.clone(),
                        change,
                    });
                }
                return false;
            }
            p.observed = Some(seen);
            true
        });
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

/// Settled changes held back while watching is paused, coalesced per path so that resuming
/// delivers each path once, as the net change since the pause.
#[derive(Debug, Default)]
pub struct Held {
    changes: BTreeMap<PathBuf, Change>,
}

impl Held {
    pub fn push(&mut self, settled: Settled) {
        let merged = match self.changes.remove(&settled.path) {
            None => Some(settled.change),
            Some(earlier) => merge(earlier, settled.change),
        };
        if let Some(change) = merged {
            self.changes.insert(settled.path, change);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Everything held, sorted by path; leaves the holder empty.
    pub fn take(&mut self) -> Vec<Settled> {
        std::mem::take(&mut self.changes)
            .into_iter()
            .map(|(path, change)| Settled { path, change })
            .collect()
    }
}

/// The net effect of two successive settled changes of one path.
fn merge(earlier: Change, later: Change) -> Option<Change> {
    use Change::*;
    match (earlier, later) {
        (Added, Removed) => None,
        (Added, _) => Some(Added),
        (Removed, Added | Changed) => Some(Changed),
        (_, later) => Some(later),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Duration = DEFAULT_WINDOW;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn stamp(len: u64, secs: u64) -> FileStamp {
        FileStamp {
            len,
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
            inode: (0, 0, 0),
        }
    }

    /// An in-memory directory: what `stat` would say about each path.
    #[derive(Default)]
    struct Fs(HashMap<PathBuf, FileStamp>);

    impl Fs {
        fn put(&mut self, p: &str, s: FileStamp) {
            self.0.insert(p.into(), s);
        }
        fn del(&mut self, p: &str) {
            self.0.remove(Path::new(p));
        }
        fn stat(&self) -> impl FnMut(&Path) -> Option<FileStamp> + '_ {
            |p| self.0.get(p).copied()
        }
    }

    /// Calls `due` every 50 ms from `from` to `to` (inclusive), collecting what settles.
    fn tick(d: &mut Debouncer, fs: &Fs, t0: Instant, from: u64, to: u64) -> Vec<(u64, Settled)> {
        let mut out = Vec::new();
        let mut t = from;
        while t <= to {
            for s in d.due(t0 + ms(t), fs.stat()) {
                out.push((t, s));
            }
            t += 50;
        }
        out
    }

    fn settled(p: &str, change: Change) -> Settled {
        Settled {
            path: p.into(),
            change,
        }
    }

    #[test]
    fn a_new_file_settles_once_after_the_quiet_window() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        let mut fs = Fs::default();
        fs.put("in/a.txt", stamp(10, 1));
        d.record("in/a.txt".into(), RawKind::Created, t0);
        let got = tick(&mut d, &fs, t0, 0, 1000);
        assert_eq!(got, vec![(200, settled("in/a.txt", Change::Added))]);
        assert!(d.is_known(Path::new("in/a.txt")));
        assert!(d.is_idle());
    }

    #[test]
    fn a_burst_of_writes_to_one_file_yields_one_change_after_the_last_write() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        d.set_known([("a.txt".into(), stamp(1, 1))]);
        let mut fs = Fs::default();
        let mut out = Vec::new();
        // Ten writes, 50 ms apart: never quiet for 200 ms until the last.
        for i in 0..10u64 {
            fs.put("a.txt", stamp(100 + i, 2 + i));
            d.record("a.txt".into(), RawKind::Modified, t0 + ms(i * 50));
            out.extend(d.due(t0 + ms(i * 50 + 25), fs.stat()));
        }
        assert!(out.is_empty(), "settled while still being written: {out:?}");
        let got = tick(&mut d, &fs, t0, 475, 2000);
        assert_eq!(got, vec![(675, settled("a.txt", Change::Changed))]);
    }

    #[test]
    fn a_file_still_growing_without_events_waits_until_its_stamp_is_stable() {
        // Polling backends and lost events: the stat, not the events, shows the writes.
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        let mut fs = Fs::default();
        fs.put("up.pdf", stamp(1000, 1));
        d.record("up.pdf".into(), RawKind::Created, t0);
        assert!(tick(&mut d, &fs, t0, 0, 150).is_empty());
        fs.put("up.pdf", stamp(2000, 2));
        assert!(tick(&mut d, &fs, t0, 200, 200).is_empty());
        fs.put("up.pdf", stamp(3000, 3));
        let got = tick(&mut d, &fs, t0, 250, 1000);
        assert_eq!(got, vec![(300, settled("up.pdf", Change::Added))]);
    }

    #[test]
    fn an_atomic_save_is_one_change_of_the_target_and_nothing_for_the_temp_file() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        d.set_known([("r.md".into(), stamp(5, 1))]);
        let mut fs = Fs::default();
        fs.put("r.md", stamp(5, 1));
        fs.put("r.md.tmp123", stamp(6, 2));
        d.record("r.md.tmp123".into(), RawKind::Created, t0);
        d.record("r.md.tmp123".into(), RawKind::Modified, t0 + ms(5));
        // rename(tmp, target): the temp name goes away, the target is "created".
        fs.0.remove(Path::new("r.md.tmp123"));
        fs.put("r.md", stamp(6, 2));
        d.record("r.md.tmp123".into(), RawKind::Removed, t0 + ms(10));
        d.record("r.md".into(), RawKind::Created, t0 + ms(10));
        let got = tick(&mut d, &fs, t0, 0, 1000);
        assert_eq!(got, vec![(250, settled("r.md", Change::Changed))]);
        assert!(!d.is_known(Path::new("r.md.tmp123")));
    }

    #[test]
    fn created_then_deleted_within_the_window_is_nothing_unless_it_was_known() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        d.set_known([("old.txt".into(), stamp(5, 1))]);
        let fs = Fs::default();
        for p in ["new.txt", "old.txt"] {
            d.record(p.into(), RawKind::Created, t0);
            d.record(p.into(), RawKind::Removed, t0 + ms(30));
        }
        let got = tick(&mut d, &fs, t0, 0, 1000);
        assert_eq!(got, vec![(250, settled("old.txt", Change::Removed))]);
        assert_eq!(d.known_len(), 0);
    }

    #[test]
    fn known_files_decide_added_versus_changed_and_removal_forgets() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        let mut fs = Fs::default();
        fs.put("a.txt", stamp(1, 1));
        d.record("a.txt".into(), RawKind::Created, t0);
        assert_eq!(tick(&mut d, &fs, t0, 0, 300).len(), 1);
        fs.put("a.txt", stamp(2, 2));
        d.record("a.txt".into(), RawKind::Modified, t0 + ms(400));
        let got = tick(&mut d, &fs, t0, 400, 700);
        assert_eq!(got, vec![(600, settled("a.txt", Change::Changed))]);
        fs.del("a.txt");
        d.record("a.txt".into(), RawKind::Removed, t0 + ms(800));
        let got = tick(&mut d, &fs, t0, 800, 1100);
        assert_eq!(got, vec![(1000, settled("a.txt", Change::Removed))]);
        fs.put("a.txt", stamp(3, 3));
        d.record("a.txt".into(), RawKind::Created, t0 + ms(1200));
        let got = tick(&mut d, &fs, t0, 1200, 1500);
        assert_eq!(got, vec![(1400, settled("a.txt", Change::Added))]);
    }

    #[test]
    fn when_polling_a_late_report_of_an_already_settled_write_is_dropped() {
        let t0 = Instant::now();
        let mut fs = Fs::default();
        fs.put("a.txt", stamp(7, 2));
        for (skip, expected) in [(false, 1), (true, 0)] {
            let mut d = Debouncer::new(W);
            d.set_skip_unchanged(skip);
            d.set_known([("a.txt".into(), stamp(7, 2))]);
            d.record("a.txt".into(), RawKind::Modified, t0);
            assert_eq!(tick(&mut d, &fs, t0, 0, 500).len(), expected, "skip={skip}");
            assert!(d.is_idle());
        }
        // A real change is still reported.
        let mut d = Debouncer::new(W);
        d.set_skip_unchanged(true);
        d.set_known([("a.txt".into(), stamp(6, 1))]);
        d.record("a.txt".into(), RawKind::Modified, t0);
        let got = tick(&mut d, &fs, t0, 0, 500);
        assert_eq!(got, vec![(200, settled("a.txt", Change::Changed))]);
    }

    #[test]
    fn a_late_caller_still_needs_two_observations() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        let mut fs = Fs::default();
        fs.put("a.txt", stamp(1, 1));
        d.record("a.txt".into(), RawKind::Created, t0);
        assert!(d.due(t0 + ms(5000), fs.stat()).is_empty());
        assert_eq!(
            d.due(t0 + ms(5050), fs.stat()),
            vec![settled("a.txt", Change::Added)]
        );
    }

    #[test]
    fn removing_a_directory_removes_the_known_files_beneath_it_only() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        d.set_known([
            ("in/2024/a.txt".into(), stamp(1, 1)),
            ("in/2024/sub/b.txt".into(), stamp(1, 1)),
            ("in/2024.txt".into(), stamp(1, 1)),
            ("in/20240/c.txt".into(), stamp(1, 1)),
        ]);
        let mut fs = Fs::default();
        fs.put("in/2024.txt", stamp(1, 1));
        fs.put("in/20240/c.txt", stamp(1, 1));
        d.record("in/2024".into(), RawKind::Removed, t0);
        let got: Vec<Settled> = tick(&mut d, &fs, t0, 0, 500)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            got,
            vec![
                settled("in/2024/a.txt", Change::Removed),
                settled("in/2024/sub/b.txt", Change::Removed),
            ]
        );
    }

    #[test]
    fn a_rescan_settles_exactly_the_differences() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(W);
        d.set_known([
            ("same.txt".into(), stamp(1, 1)),
            ("edited.txt".into(), stamp(1, 1)),
            ("gone.txt".into(), stamp(1, 1)),
        ]);
        let mut fs = Fs::default();
        fs.put("same.txt", stamp(1, 1));
        fs.put("edited.txt", stamp(2, 5));
        fs.put("new.txt", stamp(3, 5));
        d.rescan(fs.0.clone(), t0);
        assert_eq!(d.pending_len(), 3);
        let got: Vec<Settled> = tick(&mut d, &fs, t0, 0, 500)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            got,
            vec![
                settled("edited.txt", Change::Changed),
                settled("gone.txt", Change::Removed),
                settled("new.txt", Change::Added),
            ]
        );
    }

    #[test]
    fn held_changes_coalesce_to_the_net_change_per_path() {
        let mut h = Held::default();
        let seq = [
            ("added-then-changed", Change::Added),
            ("added-then-changed", Change::Changed),
            ("added-then-removed", Change::Added),
            ("added-then-removed", Change::Removed),
            ("changed-twice", Change::Changed),
            ("changed-twice", Change::Changed),
            ("changed-then-removed", Change::Changed),
            ("changed-then-removed", Change::Removed),
            ("removed-then-added", Change::Removed),
            ("removed-then-added", Change::Added),
        ];
        for (p, c) in seq {
            h.push(settled(p, c));
        }
        assert_eq!(h.len(), 4);
        assert_eq!(
            h.take(),
            vec![
                settled("added-then-changed", Change::Added),
                settled("changed-then-removed", Change::Removed),
                settled("changed-twice", Change::Changed),
                settled("removed-then-added", Change::Changed),
            ]
        );
        assert!(h.is_empty());
    }
}
