//! Writes a benchmark corpus (issue 6): N synthetic reports in both formats and every layout,
//! 8–20 KB each, a known share with one planted defect, and `manifest.json` saying which.
//!
//! Usage: `cargo run --release --example gen_corpus -- N [SEED] [DIR] [DEFECT_PERCENT]`
//! (defaults: seed 1, directory `target/corpus-N`, 30 % defective).

use std::path::PathBuf;
use std::time::Instant;

use gouji::synth::{CorpusOptions, corpus_with};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N [SEED] [DIR] [DEFECT_PERCENT]";
    let n: usize = match args.first().and_then(|a| a.parse().ok()) {
        Some(n) => n,
        None => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let seed: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let dir = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(format!("target/corpus-{n}")));
    let defect_percent = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(30);
    let start = Instant::now();
    let m = corpus_with(
        n,
        seed,
        &dir,
        CorpusOptions {
            defect_percent,
            prose: true,
        },
    )?;
    println!(
        "wrote {} reports ({} with a planted defect, {:.1} MB) to {} in {:.2?}",
        m.count,
        m.defective,
        m.bytes as f64 / 1e6,
        dir.display(),
        start.elapsed()
    );
    Ok(())
}
