//! cargo-fuzz target: see `gouji::fuzz::html`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gouji::fuzz::html(data));
