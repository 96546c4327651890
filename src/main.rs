//! The `gouji` binary: parse the command line, dispatch, turn the outcome into an exit code.
//! All the work lives in the library so that `check`, `watch` and the TUI share it.

use std::process::ExitCode;

use clap::Parser;
use gouji::check::{self, Outcome};
use gouji::cli::{Cli, Env, ExportOptions, Options, RulesOptions, WatchOptions};
use gouji::rules::{Rule, doc};

// Extraction makes many small short-lived strings per report; mimalloc's thread-local free
// lists serve them faster than the system allocator (see README "Performance"). Built without
// transparent huge pages (Cargo.toml says why).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Workers read untrusted files: give them a stack of known size, well above what the
    // bounded readers need (HTML parses on its own larger stack, see extract::html).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(gouji::input::WORKER_STACK)
        .build_global();
    let env = Env::current();
    let status = match Cli::parse().resolve(&env) {
        Options::Check(opts) => check::run(&opts),
        Options::Tui(opts) => match gouji::tui::run(opts) {
            Ok(()) => Outcome::Clean,
            Err(e) => {
                eprintln!("gouji: {e}");
                Outcome::Trouble
            }
        },
        Options::Watch(opts) => watch(&opts),
        Options::Export(opts) => export(&opts),
        Options::Rules(opts) => rules(&opts),
    };
    ExitCode::from(status.code())
}

/// `gouji watch DIR --format jsonl`: runs until interrupted or until the reader of stdout
/// goes away.
fn watch(opts: &WatchOptions) -> Outcome {
    let watch_opts = gouji::watch::WatchOptions {
        poll: opts.poll,
        ..Default::default()
    };
    // Never sent: the command stops on Ctrl-C (the default signal action) or a closed pipe.
    let (_keep, stop) = std::sync::mpsc::channel::<()>();
    // notify reports absolute paths: a relative root would filter every event out.
    let dir = std::path::absolute(&opts.dir).unwrap_or_else(|_| opts.dir.clone());
    let mut out = std::io::stdout().lock();
    let mut log = std::io::stderr().lock();
    match gouji::watch::run_jsonl(&dir, watch_opts, &mut out, &mut log, &stop) {
        Ok(()) => Outcome::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => {
            eprintln!("gouji watch: {}: {e}", opts.dir.display());
            Outcome::Trouble
        }
    }
}

/// `gouji export`: the list goes to stdout or the file; what happened goes to stderr.
fn export(opts: &ExportOptions) -> Outcome {
    let done = gouji::export::run_with_state(
        &opts.dir,
        opts.state.as_deref(),
        opts.format,
        opts.output.as_deref(),
    );
    match done {
        Ok(done) => {
            for w in &done.warnings {
                eprintln!("gouji export: {w}");
            }
            if let Some(path) = &done.written {
                eprintln!(
                    "gouji export: {} reports, {} open problems written to {}",
                    done.reports,
                    done.open_problems,
                    path.display()
                );
            }
            Outcome::Clean
        }
        Err(e) => {
            eprintln!("gouji export: {e}");
            Outcome::Trouble
        }
    }
}

/// `gouji rules [ID | --markdown]`: an unknown id is a usage error (exit 2).
fn rules(opts: &RulesOptions) -> Outcome {
    let mut out = std::io::stdout().lock();
    let done = match opts {
        RulesOptions::List => doc::list(&mut out),
        RulesOptions::Markdown => doc::markdown(&mut out),
        RulesOptions::Explain(id) => match Rule::from_id(&id.to_ascii_uppercase()) {
            Some(rule) => doc::explain(rule, &mut out),
            None => {
                eprintln!(
                    "gouji rules: no rule {:?}; `gouji rules` lists them all",
                    gouji::sanitize::clean(id)
                );
                return Outcome::Trouble;
            }
        },
    };
    match done.and_then(|()| std::io::Write::flush(&mut out)) {
        Ok(()) => Outcome::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => {
            eprintln!("gouji rules: {e}");
            Outcome::Trouble
        }
    }
}
