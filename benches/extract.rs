//! Issue 6, benchmark 1: extract + audit throughput on one core, in MB/s and reports/s.
//!
//! The input is 240 generated reports (`gouji::synth::corpus::generate`): both template
//! versions, every text layout, 30 % with a planted defect, 8–20 KB of mostly prose each —
//! the shape of a real inbox. Run with `cargo bench --bench extract`; criterion prints the
//! time per batch and the throughput (bytes and elements = reports).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gouji::audit::{AuditConfig, audit};
use gouji::extract::{extract_bytes, extract_text};
use gouji::synth::corpus::{CorpusOptions, generate};

// The same allocator as the `gouji` binary, so the figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Vec<String> {
    (0..240)
        .map(|i| generate(i, 7, CorpusOptions::default()).0)
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let cfg = AuditConfig::default();
    let path = Path::new("bench.txt");

    let mut g = c.benchmark_group("one core, 240 reports");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("extract+audit (MB/s)", |b| {
        b.iter(|| {
            for t in &texts {
                let mut r = extract_bytes(path, black_box(t.as_bytes()));
                audit(&mut r, &cfg);
                black_box(r.findings.len());
            }
        })
    });
    g.bench_function("extract only (MB/s)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(extract_text(path, black_box(t)).tables.t3.is_some());
            }
        })
    });
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("extract+audit (reports/s)", |b| {
        b.iter(|| {
            for t in &texts {
                let mut r = extract_bytes(path, black_box(t.as_bytes()));
                audit(&mut r, &cfg);
                black_box(r.findings.len());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
