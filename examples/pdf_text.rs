//! Prints the text gouji reads from a PDF, one line per row with its page: what the extractor
//! sees (`cargo run --example pdf_text -- FILE.pdf`).

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match gouji::extract::pdf::read(&bytes, &gouji::extract::pdf::Limits::default()) {
            Ok(t) => {
                for l in &t.lines {
                    // Report text is untrusted: nothing in it may drive the terminal.
                    println!("p.{:<3} {}", l.page, gouji::sanitize::clean(&l.text));
                }
                if let Some(p) = t.partial {
                    eprintln!("{path}: partial: {p}");
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
