//! The `gouji` binary: parse the command line, dispatch, turn the outcome into an exit code.
//! All the work lives in the library so that `check`, `watch` and the TUI share it.

use std::process::ExitCode;

use clap::Parser;
use gouji::check::{self, Status};
use gouji::cli::{Cli, Env, Options};

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
        Options::Export(_) => not_available("export", "triage and the rectification list"),
    };
    ExitCode::from(status.code())
}

fn not_available(command: &str, feature: &str) -> Status {
    eprintln!(
        "gouji {command}: not available yet: it arrives with {feature}; `gouji check` works now"
    );
    Status::Trouble
}
