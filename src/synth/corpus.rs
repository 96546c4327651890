//! A directory of N generated reports with a known fraction of planted defects, and a JSON
//! manifest saying what was planted where (issue 6's benchmark corpus).
//!
//! Reports cycle through both template versions and every layout so throughput figures cover
//! every extraction path; which reports carry a defect is spread evenly (not random), so the
//! defective count is exactly `n * percent / 100` for any `n`.

use std::io;
use std::path::Path;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::defect::{Defect, Planted};
use super::render::{Layout, render};
use super::spec::{BODIES, ReportSpec};
use crate::template::TemplateVersion;

#[derive(Debug, Clone, Copy)]
pub struct CorpusOptions {
    /// Percentage of reports that carry one planted defect (0–100).
    pub defect_percent: u32,
    /// Long prose (8–20 KB reports); off gives 3–8 KB texts.
    pub prose: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            defect_percent: 30,
            prose: true,
        }
    }
}

/// One generated report as recorded in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusEntry {
    pub file: String,
    pub seed: u64,
    pub body: String,
    pub year: i32,
    /// The template the tables are printed in (may differ from the year's for `old-format`).
    pub template: TemplateVersion,
    pub layout: Layout,
    pub bytes: usize,
    pub defects: Vec<Planted>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub seed: u64,
    pub count: usize,
    pub defect_percent: u32,
    pub defective: usize,
    pub bytes: usize,
    pub entries: Vec<CorpusEntry>,
}

/// Writes `n` reports and `manifest.json` into `dir` (created if needed), 30 % defective.
pub fn corpus(n: usize, seed: u64, dir: &Path) -> io::Result<Manifest> {
    corpus_with(n, seed, dir, CorpusOptions::default())
}

pub fn corpus_with(n: usize, seed: u64, dir: &Path, opts: CorpusOptions) -> io::Result<Manifest> {
    std::fs::create_dir_all(dir)?;
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let (text, entry) = generate(i, seed, opts);
        std::fs::write(dir.join(&entry.file), text)?;
        entries.push(entry);
    }
    let manifest = Manifest {
        seed,
        count: n,
        defect_percent: opts.defect_percent,
        defective: entries.iter().filter(|e| !e.defects.is_empty()).count(),
        bytes: entries.iter().map(|e| e.bytes).sum(),
        entries,
    };
    let json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    std::fs::write(dir.join("manifest.json"), json)?;
    Ok(manifest)
}

/// Whether report `i` carries a defect: spread evenly, exactly ⌊n·p/100⌋ of the first n.
fn defective(i: usize, percent: u32) -> bool {
    let p = percent.min(100) as usize;
    (i + 1) * p / 100 > i * p / 100
}

/// The text and manifest entry of report `i` of the corpus `seed` (pure; no I/O).
pub fn generate(i: usize, seed: u64, opts: CorpusOptions) -> (String, CorpusEntry) {
    let sub = seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
    let mut rng = ChaCha8Rng::seed_from_u64(sub);
    let version = if i.is_multiple_of(2) {
        TemplateVersion::V2019
    } else {
        TemplateVersion::V2021
    };
    let layout = Layout::ALL[(i / 2) % Layout::ALL.len()];
    let year = match version {
        TemplateVersion::V2019 => rng.random_range(2019..=2020),
        TemplateVersion::V2021 => rng.random_range(2021..=2025),
    };
    let mut spec = ReportSpec::consistent(sub, version, year);
    spec.prose = opts.prose;
    let mut defects = Vec::new();
    if defective(i, opts.defect_percent) {
        let pool: Vec<Defect> = Defect::all()
            .into_iter()
            .filter(|d| d.applies_to(&spec))
            .collect();
        if let Some(d) = pool.choose(&mut rng) {
            defects.push(d.plant(&mut spec));
        }
    }
    let text = render(&spec, layout);
    let tag = BODIES
        .iter()
        .find(|b| b.name == spec.body)
        .map_or("body", |b| b.tag);
    let file = format!(
        "{i:05}-{year}-{tag}-{}.{}",
        layout.name(),
        layout.extension()
    );
    let entry = CorpusEntry {
        file,
        seed: sub,
        body: spec.body.clone(),
        year,
        template: spec.version,
        layout,
        bytes: text.len(),
        defects,
    };
    (text, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defect_fraction_is_exact() {
        for (n, p) in [(10, 30), (100, 25), (7, 0), (9, 100), (1000, 30)] {
            let k = (0..n).filter(|i| defective(*i, p)).count();
            assert_eq!(k, n * p as usize / 100, "n={n} p={p}");
        }
    }

    #[test]
    fn corpus_reports_weigh_8_to_20_kb_and_cover_both_formats() {
        let opts = CorpusOptions::default();
        let mut versions = std::collections::BTreeSet::new();
        for i in 0..48 {
            let (text, e) = generate(i, 3, opts);
            assert!(
                (8_000..=20_000).contains(&text.len()),
                "{} is {} bytes",
                e.file,
                text.len()
            );
            versions.insert(e.template);
        }
        assert_eq!(versions.len(), 2);
    }

    #[test]
    fn corpus_writes_files_and_a_manifest_that_match() {
        let dir = tempfile::tempdir().unwrap();
        let opts = CorpusOptions {
            defect_percent: 50,
            prose: false,
        };
        let m = corpus_with(12, 42, dir.path(), opts).unwrap();
        assert_eq!(m.entries.len(), 12);
        assert_eq!(m.defective, 6);
        for e in &m.entries {
            let text = std::fs::read_to_string(dir.path().join(&e.file)).unwrap();
            assert_eq!(text.len(), e.bytes);
        }
        let layouts: std::collections::HashSet<_> = m.entries.iter().map(|e| e.layout).collect();
        assert_eq!(layouts.len(), Layout::ALL.len());
        let json = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["entries"].as_array().unwrap().len(), 12);
        // Same seed, same corpus.
        let again = generate(5, 42, opts);
        let text = std::fs::read_to_string(dir.path().join(&again.1.file)).unwrap();
        assert_eq!(again.0, text);
    }
}
