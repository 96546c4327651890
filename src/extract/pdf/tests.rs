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

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/pdf/{name}")).expect("test PDF (tests/pdf/make.sh)")
}

#[test]
fn a_scan_without_a_text_layer_is_named_as_a_scan_to_ocr() {
    let e = read(&fixture("scanned.pdf"), &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::Scanned);
    assert!(e.to_string().starts_with("扫描件：无可提取的文字，需先OCR"));
}

#[test]
fn a_font_that_maps_to_private_use_characters_is_no_usable_text() {
    let e = read(&fixture("private-use-font.pdf"), &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::NoUsableText);
    assert!(e.to_string().contains("需先OCR"), "{e}");
}

#[test]
fn encryption_with_an_empty_user_password_is_read_and_a_real_password_is_a_clear_error() {
    let t = read(&fixture("encrypted-empty-password.pdf"), &Limits::default()).unwrap();
    assert_eq!(t.text(), "Annual report 2023\nTotal 21 0 0 21\n");
    let e = read(&fixture("encrypted-with-password.pdf"), &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::Encrypted);
    assert!(e.to_string().contains("password"), "{e}");
}

#[test]
fn a_read_past_its_deadline_stops_with_what_it_has_or_times_out_promptly() {
    let limits = Limits {
        time: Duration::ZERO,
        ..Limits::default()
    };
    let started = Instant::now();
    let out = read(&reference("huaian-2024.pdf"), &limits);
    assert!(started.elapsed() < Duration::from_secs(2));
    match out {
        Ok(t) => assert!(t.partial.unwrap().contains("reading stopped")),
        Err(e) => assert!(
            matches!(e, PdfError::TimedOut(_) | PdfError::Damaged(_)),
            "{e:?}"
        ),
    }
}

#[test]
fn a_pdf_read_as_a_file_gets_only_the_time_left_of_the_files_budget() {
    let budget = Budget::new(crate::input::Limits {
        time: Duration::from_secs(5),
        ..crate::input::Limits::DEFAULT
    });
    let limits = Limits::within(&budget);
    assert!(limits.time <= Duration::from_secs(5) && limits.time > Duration::from_secs(4));

    // A file whose time is spent before the PDF is parsed (say, behind a slow disk) is not
    // given a fresh allowance: the read ends at once and says so.
    let mut spent = Budget::new(crate::input::Limits {
        time: Duration::from_millis(1),
        ..crate::input::Limits::DEFAULT
    });
    std::thread::sleep(Duration::from_millis(5));
    let started = Instant::now();
    let report = crate::extract::extract_bytes_within(
        std::path::Path::new("huaian-2024.pdf"),
        &reference("huaian-2024.pdf"),
        &mut spent,
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    let error = report.error.expect("a file out of time is unreadable");
    assert_eq!(
        error,
        "reading this PDF took longer than 0 s; it was abandoned"
    );
}

#[test]
fn a_glyph_budget_bounds_memory_and_says_the_read_was_partial() {
    let limits = Limits {
        max_glyphs: 2000,
        ..Limits::default()
    };
    let t = read(&reference("huaian-2024.pdf"), &limits).unwrap();
    assert!(t.partial.unwrap().contains("too much text"));
    assert!(!t.lines.is_empty());
}

#[test]
fn a_pdf_without_pages_is_damaged_not_a_scan() {
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
    let pages_at = pdf.len();
    pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!(
            "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n{pages_at:010} 00000 n \n\
             trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    let e = read(&pdf, &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::Damaged("the document has no pages".into()));
}
