//! Writes the shipped `samples/` directory: synthetic reports with known planted defects, a
//! README and a JSON manifest of the expected findings, and one file that is not a report.
//!
//! Usage: `cargo run --example gen_samples [DIR]` (default: the crate's `samples/`). The output
//! is reproducible byte for byte; a unit test in `gouji::synth::samples` checks the committed copy.

use std::path::PathBuf;

use gouji::synth::samples;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"));
    std::fs::create_dir_all(&dir)?;
    let all = samples::all();
    for s in &all {
        std::fs::write(dir.join(&s.file), &s.text)?;
        println!(
            "{:<60} {:>6} bytes  {} defect(s)",
            s.file,
            s.text.len(),
            s.defects.len()
        );
    }
    std::fs::write(dir.join(samples::NOT_A_REPORT_FILE), samples::NOT_A_REPORT)?;
    std::fs::write(dir.join("README.md"), samples::readme(&all))?;
    std::fs::write(dir.join("manifest.json"), samples::manifest(&all))?;
    println!("wrote {} reports to {}", all.len(), dir.display());
    Ok(())
}
