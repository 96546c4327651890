//! The fuzz targets of `gouji::fuzz` on a stable toolchain: deterministic random mutations of
//! the seed corpus (samples, `../shared` seeds and reports, the hostile inputs) for a fixed
//! count per target, so CI runs the same targets as cargo-fuzz (`fuzz/`) without a nightly
//! compiler. A failing input is written to `target/fuzz-smoke-failures/` and named in the panic.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Mutated inputs per target.
const CASES: usize = 150;

/// Fragments worth splicing in: markup that nests, numbers that are not counts, escapes,
/// table labels, encodings' lead bytes.
const DICT: &[&[u8]] = &[
    b"<div>",
    b"<b>",
    b"</td>",
    b"<table><tr><td>",
    b"<!--",
    b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>",
    b"</w:t></w:r></w:p></w:tc>",
    b"<w:vMerge/>",
    b" | ",
    b"12.5",
    b"9223372036854775808",
    b"1e+20",
    b"-3",
    b"\x1b]0;x\x07",
    b"\x1b[2J",
    "\u{9b}".as_bytes(),
    "（七）总计".as_bytes(),
    "三、收到和处理政府信息公开申请情况".as_bytes(),
    "行政复议".as_bytes(),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x81\x30\x81\x30",
    b"\r\n",
];

fn corpus() -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [
        "samples",
        "../shared/seeds",
        "../shared/reports",
        "tests/hostile",
    ] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        let mut here: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.metadata().is_ok_and(|m| m.len() < 400_000))
            .collect();
        here.sort();
        // A few of each: variety, not volume.
        files.extend(here.into_iter().step_by(4).take(6));
    }
    let seeds: Vec<Vec<u8>> = files.iter().filter_map(|p| fs::read(p).ok()).collect();
    assert!(
        seeds.len() >= 4,
        "seed corpus not found (run from the crate root)"
    );
    seeds
}

fn mutate(rng: &mut ChaCha8Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut d = seed.to_vec();
    for _ in 0..rng.random_range(1..=8) {
        let at = if d.is_empty() {
            0
        } else {
            rng.random_range(0..d.len())
        };
        match rng.random_range(0..7) {
            0 if !d.is_empty() => d[at] ^= 1 << rng.random_range(0..8),
            1 if !d.is_empty() => d[at] = rng.random(),
            2 => {
                let end = (at + rng.random_range(1..64)).min(d.len());
                d.drain(at..end);
            }
            3 => {
                let frag = DICT[rng.random_range(0..DICT.len())];
                let times = if rng.random_bool(0.2) {
                    rng.random_range(1..400)
                } else {
                    1
                };
                let ins = frag.repeat(times);
                d.splice(at..at, ins);
            }
            4 if !other.is_empty() => {
                let from = rng.random_range(0..other.len());
                let end = (from + rng.random_range(1..2048)).min(other.len());
                d.splice(at..at, other[from..end].iter().copied());
            }
            5 => d.truncate(at),
            _ => {
                let end = (at + rng.random_range(1..256)).min(d.len());
                let copy = d[at..end].to_vec();
                d.splice(end..end, copy);
            }
        }
    }
    d
}

/// Wraps a text input for a target: as is, in a page, or as a Word document.
fn wrap(target: &str, data: Vec<u8>) -> Vec<u8> {
    match target {
        "html" => {
            let mut page = b"<html><body><table><tr><td>".to_vec();
            page.extend(data);
            page
        }
        "docx" => {
            let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
            xml.extend(data);
            xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
            gouji::fuzz::docx_of(&xml)
        }
        _ => data,
    }
}

fn run(target: &str, f: fn(&[u8])) {
    let seeds = corpus();
    let mut rng = ChaCha8Rng::seed_from_u64(0x6f75_6a69 ^ target.len() as u64);
    let start = Instant::now();
    for case in 0..CASES {
        let seed = &seeds[rng.random_range(0..seeds.len())];
        let other = &seeds[rng.random_range(0..seeds.len())];
        let input = wrap(target, mutate(&mut rng, seed, other));
        if catch_unwind(AssertUnwindSafe(|| f(&input))).is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-smoke-failures");
            fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{target}-{case}"));
            fs::write(&path, &input).unwrap();
            panic!(
                "{target}: case {case} failed; input kept at {}",
                path.display()
            );
        }
    }
    eprintln!("{target}: {CASES} cases in {:?}", start.elapsed());
}

#[test]
fn mutated_text_reports_never_panic_and_stay_within_the_output_promises() {
    run("text", gouji::fuzz::text);
}

#[test]
fn mutated_html_pages_never_panic_and_stay_within_the_output_promises() {
    run("html", gouji::fuzz::html);
}

#[test]
fn mutated_word_documents_never_panic_and_stay_within_the_output_promises() {
    run("docx", gouji::fuzz::docx);
}

#[test]
fn mutated_reports_audit_without_panic_and_stay_within_the_output_promises() {
    run("audit", gouji::fuzz::audited);
}
