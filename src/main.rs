//! The `gouji` binary: parse the command line, dispatch, turn the outcome into an exit code.
//! All the work lives in the library so that `check`, `watch` and the TUI share it.

use std::process::ExitCode;

use clap::Parser;
use gouji::check::{self, Status};
use gouji::cli::{Cli, Env, ExportOptions, Options};

fn main() -> ExitCode {
    let env = Env::current();
    let status = match Cli::parse().resolve(&env) {
        Options::Check(opts) => check::run(&opts),
        Options::Tui(opts) => match gouji::tui::run(opts) {
            Ok(()) => Status::Clean,
            Err(e) => {
                eprintln!("gouji: {e}");
                Status::Trouble
            }
        },
        Options::Watch(_) => not_available("watch", "live directory watching"),
        Options::Export(opts) => export(&opts),
    };
    ExitCode::from(status.code())
}

fn not_available(command: &str, feature: &str) -> Status {
    eprintln!(
        "gouji {command}: not available yet: it arrives with {feature}; `gouji check` works now"
    );
    Status::Trouble
}

/// `gouji export`: the list goes to stdout or the file; what happened goes to stderr.
fn export(opts: &ExportOptions) -> Status {
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
            Status::Clean
        }
        Err(e) => {
            eprintln!("gouji export: {e}");
            Status::Trouble
        }
    }
}
