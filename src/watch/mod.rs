//! Live inbox: watch a directory tree and report report files that were added, changed or
//! removed, once each change has settled.
//!
//! Three parts, each in its own thread of control:
//! - notify's native watcher (inotify), or our own poller, calls a small handler that drops
//!   what can never matter at the source — access and attribute-only events, hidden and
//!   temporary paths ([`filter`]) — and forwards the rest to the settle thread;
//! - the settle thread feeds a pure [`debounce::Debouncer`], ticks it every [`TICK`] while
//!   anything is pending (and sleeps otherwise), and sends [`WatchMsg`]s to the consumer;
//!   it owns the notify watcher, so it can swap it for a polling one when the native watcher
//!   hits its limits;
//! - the consumer (the TUI, or [`run_jsonl`] for `gouji watch`) audits off this thread.
//!
//! notify is used directly rather than through `notify-debouncer-full`: that debouncer emits an
//! event once it is older than its timeout without waiting for the file to go quiet (see
//! style.md), so we would still need our own settle window on top of its delay, paying both in
//! latency; and its rename stitching and file-id cache buy nothing when the final state is
//! decided by a stat of the path anyway.
//!
//! Polling is our own ([`Poller`]), not notify's `PollWatcher`: that one compares write times in
//! whole seconds, so a file rewritten within the second it was first written was never audited
//! again. Ours compares full [`FileStamp`]s (size, write time to the nanosecond, inode and change
//! time) of the same listing the watcher starts from.

pub mod debounce;
pub mod filter;
mod jsonl;

pub use debounce::{Change, Settled};
pub use jsonl::run_jsonl;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use notify::event::{MetadataKind, ModifyKind, RenameMode};
use notify::{Config, Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use walkdir::WalkDir;

use crate::sanitize::clean;

use debounce::{Debouncer, FileStamp, Held, RawKind};

/// How often the settle thread looks at pending paths.
pub const TICK: Duration = Duration::from_millis(50);

/// Most inputs handled between two looks at pending paths.
const MAX_DRAIN: usize = 4096;

/// Poll interval used when the native watcher fails and no `--poll` interval was given.
pub const FALLBACK_POLL: Duration = Duration::from_millis(1000);

/// Overflows of the native event queue within [`OVERFLOW_SPAN`] after which the watcher gives
/// up on native events and polls. A single overflow is usually one huge burst (an unzip); a
/// rescan recovers from it and native events stay far quicker than polling. Repeated overflows
/// mean the queue cannot keep up with this directory.
const OVERFLOW_LIMIT: usize = 3;
const OVERFLOW_SPAN: Duration = Duration::from_secs(60);

/// How to watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchOptions {
    /// Poll at this interval instead of using native events (`--poll MS`), e.g. for network
    /// mounts, where inotify reports nothing and raises no error.
    pub poll: Option<Duration>,
    /// Quiet period before a changed file is reported.
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: None,
            debounce: debounce::DEFAULT_WINDOW,
        }
    }
}

/// What the watcher tells its consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchMsg {
    /// Changes that settled, sorted by path, each path at most once.
    Settled(Vec<Settled>),
    /// How the directory is watched, for the status bar: "watching (native)",
    /// "polling every 1000 ms: inotify limit reached ...", or a watch error.
    Status(String),
    /// Events were lost (queue overflow, backend switch). The watcher re-lists the directory
    /// itself and every difference from what it reported so far follows as ordinary `Settled`
    /// changes; consumers only need this to tell the user.
    Rescan,
}

/// Where the watcher sends its messages. Implemented for `mpsc::Sender<WatchMsg>` and for
/// closures, so a consumer with its own event queue can wrap messages without a forwarding
/// thread. Returning `false` (receiver gone) stops the watcher.
pub trait WatchSink: Send + 'static {
    fn send(&self, msg: WatchMsg) -> bool;
}

impl WatchSink for Sender<WatchMsg> {
    fn send(&self, msg: WatchMsg) -> bool {
        Sender::send(self, msg).is_ok()
    }
}

impl<F: Fn(WatchMsg) -> bool + Send + 'static> WatchSink for F {
    fn send(&self, msg: WatchMsg) -> bool {
        self(msg)
    }
}

/// Messages into the settle thread.
enum Input {
    Raw(Vec<(PathBuf, RawKind)>),
    /// The backend says events were lost.
    Overflow,
    Error(notify::Error),
    Pause,
    Resume,
    Stop,
}

/// The watcher in use; held only to keep it alive.
enum Backend {
    Native(#[allow(dead_code)] RecommendedWatcher),
    Poll(#[allow(dead_code)] Poller, Duration),
}

/// Lists the tree every interval and reports every path whose [`FileStamp`] appeared, changed
/// or vanished since the last listing. Dropping it stops the thread at once.
struct Poller {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Poller {
    fn start(root: &Path, every: Duration, input: Sender<Input>) -> std::io::Result<Poller> {
        let (stop, stopped) = mpsc::channel::<()>();
        let root = root.to_path_buf();
        let mut last: BTreeMap<PathBuf, FileStamp> = list(&root, &root).into_iter().collect();
        let thread = thread::Builder::new()
            .name("gouji-poll".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    let now: BTreeMap<PathBuf, FileStamp> =
                        list(&root, &root).into_iter().collect();
                    let raw = differences(&last, &now);
                    last = now;
                    if !raw.is_empty() && input.send(Input::Raw(raw)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Poller {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        // Closing the channel wakes the thread.
        self.stop.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The raw events that turn listing `before` into listing `after`.
fn differences(
    before: &BTreeMap<PathBuf, FileStamp>,
    after: &BTreeMap<PathBuf, FileStamp>,
) -> Vec<(PathBuf, RawKind)> {
    let mut raw: Vec<(PathBuf, RawKind)> = after
        .iter()
        .filter_map(|(p, stamp)| match before.get(p) {
            None => Some((p.clone(), RawKind::Created)),
            Some(old) if old != stamp => Some((p.clone(), RawKind::Modified)),
            Some(_) => None,
        })
        .collect();
    raw.extend(
        before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| (p.clone(), RawKind::Removed)),
    );
    raw
}

impl Backend {
    fn describe(&self) -> String {
        match self {
            Backend::Native(_) => "watching (native)".to_string(),
            Backend::Poll(_, every) => format!("polling every {} ms", every.as_millis()),
        }
    }
}

/// A running watch on one directory tree. Dropping it stops watching.
pub struct Watcher {
    input: Sender<Input>,
    thread: Option<JoinHandle<()>>,
    initial: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` recursively. Native events are used unless `opts.poll` is set or
    /// the native watcher cannot start, in which case it polls (and says why in the first
    /// `Status`). The directory is listed once the watch is in place; that listing is
    /// [`Watcher::initial_files`], and later messages are relative to it.
    pub fn start(
        root: &Path,
        opts: WatchOptions,
        sink: impl WatchSink,
    ) -> Result<Watcher, notify::Error> {
        if !fs::metadata(root).map_err(notify::Error::io)?.is_dir() {
            return Err(notify::Error::generic("not a directory").add_path(root.to_path_buf()));
        }
        let (input, inbox) = mpsc::channel();
        let (backend, status) = match opts.poll {
            Some(every) => {
                let b = start_polling(root, every, &input)?;
                let s = b.describe();
                (b, s)
            }
            None => match start_native(root, &input) {
                Ok(b) => {
                    let s = b.describe();
                    (b, s)
                }
                Err(e) => {
                    let b = start_polling(root, FALLBACK_POLL, &input)?;
                    let s = format!("{}: {}", b.describe(), native_failure(&e));
                    (b, s)
                }
            },
        };
        let listing = list(root, root);
        let initial = listing.iter().map(|(p, _)| p.clone()).collect();
        let mut debouncer = Debouncer::new(opts.debounce);
        debouncer.set_known(listing);
        debouncer.set_skip_unchanged(matches!(backend, Backend::Poll(..)));
        sink.send(WatchMsg::Status(status));
        let settler = Settler {
            root: root.to_path_buf(),
            opts,
            input: input.clone(),
            inbox,
            sink,
            backend,
            debouncer,
            held: Held::default(),
            paused: false,
            overflows: Vec::new(),
            relist: Vec::new(),
        };
        let thread = thread::Builder::new()
            .name("gouji-watch".into())
            .spawn(move || settler.run())
            .map_err(notify::Error::io)?;
        Ok(Watcher {
            input,
            thread: Some(thread),
            initial,
        })
    }

    /// The report files present when watching began, sorted by path.
    pub fn initial_files(&self) -> &[PathBuf] {
        &self.initial
    }

    /// Holds settled changes back until [`Watcher::resume`].
    pub fn pause(&self) {
        let _ = self.input.send(Input::Pause);
    }

    /// Delivers everything that settled while paused as one `Settled` message (the net change
    /// per path), then reports as usual.
    pub fn resume(&self) {
        let _ = self.input.send(Input::Resume);
    }

    /// Feeds the settle thread what the notify backend would (limit errors, overflows), which
    /// a test cannot provoke without changing kernel settings.
    #[cfg(test)]
    fn inject(&self, input: Input) {
        let _ = self.input.send(input);
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.input.send(Input::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn native_failure(e: &notify::Error) -> String {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => limit_message(),
        _ => format!("native watcher failed: {}", clean(&e.to_string())),
    }
}

fn limit_message() -> String {
    "inotify limit reached (raise fs.inotify.max_user_watches)".to_string()
}

fn start_native(root: &Path, input: &Sender<Input>) -> notify::Result<Backend> {
    let config = Config::default().with_follow_symlinks(false);
    let mut w = RecommendedWatcher::new(handler(root, input.clone()), config)?;
    w.watch(root, RecursiveMode::Recursive)?;
    Ok(Backend::Native(w))
}

fn start_polling(root: &Path, every: Duration, input: &Sender<Input>) -> notify::Result<Backend> {
    let p = Poller::start(root, every, input.clone()).map_err(notify::Error::io)?;
    Ok(Backend::Poll(p, every))
}

/// The notify callback: filter at the source, forward the rest. Runs on notify's thread, so it
/// does no I/O.
fn handler(root: &Path, input: Sender<Input>) -> impl Fn(notify::Result<Event>) + Send + 'static {
    let root = root.to_path_buf();
    move |res| match res {
        Ok(event) => {
            if event.need_rescan() {
                let _ = input.send(Input::Overflow);
            }
            let raw: Vec<(PathBuf, RawKind)> = classify(&event)
                .into_iter()
                .filter(|(p, _)| p.strip_prefix(&root).is_ok_and(|r| !filter::is_ignored(r)))
                .collect();
            if !raw.is_empty() {
                let _ = input.send(Input::Raw(raw));
            }
        }
        Err(e) => {
            let _ = input.send(Input::Error(e));
        }
    }
}

/// Reduces a notify event to raw kinds per path; `None`-like (empty) for events that never
/// change content: reads, opens, closes, permission and ownership changes.
fn classify(event: &Event) -> Vec<(PathBuf, RawKind)> {
    let kind = match event.kind {
        EventKind::Access(_) => return Vec::new(),
        // The poll backend reports a content change as a newer write time: keep that one.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => RawKind::Modified,
        EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            let mut out = Vec::new();
            if let Some(from) = event.paths.first() {
                out.push((from.clone(), RawKind::Removed));
            }
            if let Some(to) = event.paths.get(1) {
                out.push((to.clone(), RawKind::Created));
            }
            return out;
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => RawKind::Removed,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => RawKind::Created,
        EventKind::Create(_) => RawKind::Created,
        EventKind::Remove(_) => RawKind::Removed,
        EventKind::Modify(_) | EventKind::Any | EventKind::Other => RawKind::Modified,
    };
    event.paths.iter().map(|p| (p.clone(), kind)).collect()
}

/// A regular file's stamp, or `None` when absent or not a regular file.
fn stat(path: &Path) -> Option<FileStamp> {
    let meta = fs::metadata(path).ok()?;
    meta.is_file().then(|| FileStamp::of(&meta))
}

/// Report files under `start` (inside `root`), sorted by path, skipping ignored directories.
/// Like `gouji check`'s discovery, links to files are taken and links to directories are not
/// followed (no cycles; the notify watch does not follow them either).
fn list(root: &Path, start: &Path) -> Vec<(PathBuf, FileStamp)> {
    let rel_ok = |p: &Path| p.strip_prefix(root).is_ok_and(|r| !filter::is_ignored(r));
    let mut out: Vec<(PathBuf, FileStamp)> = WalkDir::new(start)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || rel_ok(e.path()))
        .filter_map(Result::ok)
        .filter(|e| {
            !e.file_type().is_dir() && e.path().strip_prefix(root).is_ok_and(filter::is_candidate)
        })
        .filter_map(|e| {
            let stamp = stat(e.path())?;
            Some((e.into_path(), stamp))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// State of the settle thread.
struct Settler<S: WatchSink> {
    root: PathBuf,
    opts: WatchOptions,
    input: Sender<Input>,
    inbox: Receiver<Input>,
    sink: S,
    backend: Backend,
    debouncer: Debouncer,
    held: Held,
    paused: bool,
    overflows: Vec<Instant>,
    /// Directories that appeared, to be listed again once notify has watched them (when due).
    relist: Vec<(PathBuf, Instant)>,
}

impl<S: WatchSink> Settler<S> {
    fn run(mut self) {
        let mut last_due = Instant::now();
        loop {
            let first = if self.debouncer.is_idle() && self.relist.is_empty() {
                match self.inbox.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return,
                }
            } else {
                match self.inbox.recv_timeout(TICK) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            // Drain what else is queued so a burst is handled in one pass, but boundedly:
            // a file written without pause must not keep other paths from settling.
            let mut next = first;
            let mut drained = 0;
            while let Some(msg) = next {
                if !self.handle(msg) {
                    return;
                }
                drained += 1;
                next = if drained < MAX_DRAIN {
                    self.inbox.try_recv().ok()
                } else {
                    None
                };
            }
            let now = Instant::now();
            if now.duration_since(last_due) >= TICK || self.debouncer.is_idle() {
                last_due = now;
                self.relist_due(now);
                let settled = self.debouncer.due(now, stat);
                if !settled.is_empty() && !self.deliver(settled) {
                    return;
                }
            }
        }
    }

    /// Handles one input; `false` means stop.
    fn handle(&mut self, msg: Input) -> bool {
        let now = Instant::now();
        match msg {
            Input::Raw(raw) => {
                for (path, kind) in raw {
                    self.raw(path, kind, now);
                }
                true
            }
            Input::Overflow => {
                self.overflows
                    .retain(|t| now.duration_since(*t) < OVERFLOW_SPAN);
                self.overflows.push(now);
                if matches!(self.backend, Backend::Native(_))
                    && self.overflows.len() >= OVERFLOW_LIMIT
                {
                    return self.switch_to_polling("native event queue keeps overflowing");
                }
                self.rescan()
            }
            Input::Error(e) => match e.kind {
                notify::ErrorKind::MaxFilesWatch if matches!(self.backend, Backend::Native(_)) => {
                    self.switch_to_polling(&limit_message())
                }
                _ => self.sink.send(WatchMsg::Status(format!(
                    "watch error: {}",
                    clean(&e.to_string())
                ))),
            },
            Input::Pause => {
                self.paused = true;
                true
            }
            Input::Resume => {
                self.paused = false;
                let held = self.held.take();
                held.is_empty() || self.sink.send(WatchMsg::Settled(held))
            }
            Input::Stop => false,
        }
    }

    fn raw(&mut self, path: PathBuf, kind: RawKind, now: Instant) {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return;
        };
        if filter::is_candidate(rel) {
            self.debouncer.record(path, kind, now);
            return;
        }
        match kind {
            // Perhaps a directory deleted or moved away: its known files go with it.
            RawKind::Removed => self.debouncer.record(path, kind, now),
            // A directory created or moved in: inotify reports only the directory, and files
            // written before notify added its watch produce no events of their own.
            RawKind::Created if path.is_dir() => {
                for (file, _) in list(&self.root, &path) {
                    self.debouncer.record(file, RawKind::Created, now);
                }
                // notify adds its watch on the directory only after passing this event on: a
                // file written in between has no event and was not there for this listing.
                self.relist.push((path, now + self.debouncer.window()));
            }
            // A directory's own write time changes whenever an entry does: the entries
            // report themselves.
            RawKind::Created | RawKind::Modified => {}
        }
    }

    /// Lists again the directories that appeared a window ago, by now watched: files there that
    /// are neither known nor waiting to settle were written before the watch and are added.
    fn relist_due(&mut self, now: Instant) {
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.relist)
            .into_iter()
            .partition(|(_, at)| *at <= now);
        self.relist = later;
        for (dir, _) in due {
            for (file, _) in list(&self.root, &dir) {
                if !self.debouncer.is_known(&file) && !self.debouncer.is_pending(&file) {
                    self.debouncer.record(file, RawKind::Created, now);
                }
            }
        }
    }

    fn deliver(&mut self, settled: Vec<Settled>) -> bool {
        if self.paused {
            for s in settled {
                self.held.push(s);
            }
            true
        } else {
            self.sink.send(WatchMsg::Settled(settled))
        }
    }

    fn rescan(&mut self) -> bool {
        if !self.sink.send(WatchMsg::Rescan) {
            return false;
        }
        let listing = list(&self.root, &self.root);
        self.debouncer.rescan(listing, Instant::now());
        true
    }

    fn switch_to_polling(&mut self, why: &str) -> bool {
        let every = self.opts.poll.unwrap_or(FALLBACK_POLL);
        let status = match start_polling(&self.root, every, &self.input) {
            Ok(b) => {
                // The native watcher is dropped here, after its replacement is in place.
                self.backend = b;
                self.debouncer.set_skip_unchanged(true);
                format!("{}: {why}", self.backend.describe())
            }
            Err(e) => format!(
                "{why}; polling failed too ({}); changes may be missed",
                clean(&e.to_string())
            ),
        };
        self.sink.send(WatchMsg::Status(status)) && self.rescan()
    }
}

#[cfg(test)]
mod tests;
