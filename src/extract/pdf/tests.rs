//! The reader on the reference PDFs and on damaged bytes.

use super::*;

fn reference(name: &str) -> Vec<u8> {
    std::fs::read(format!("../shared/reports/pdf/{name}")).expect("reference PDF")
}

#[test]
fn the_reference_pdfs_keep_each_table_row_on_one_line() {
    let t = read(&reference("hongze-2023.pdf"), &Limits::default()).expect("readable");
    assert_eq!(t.pages, 5);
    assert_eq!(t.partial, None);
    let text = t.text();
    assert!(
        text.lines()
            .any(|l| l.starts_with("一、本年新收") && l.ends_with("21")),
        "{text}"
    );
}

#[test]
fn bytes_that_are_not_a_pdf_are_a_damaged_pdf_error() {
    let e = read(b"hello, not a pdf", &Limits::default()).unwrap_err();
    assert!(matches!(e, PdfError::Damaged(_)), "{e:?}");
}
