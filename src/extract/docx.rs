//! Word (.docx) files → the line layout the text extractor reads.
//!
//! A .docx is a zip holding `word/document.xml`. Paragraphs become lines; each table row
//! becomes one `| a | b |` line. A cell continuing a vertical merge (`<w:vMerge/>` without
//! `restart`) is left out, like a rowspan in HTML: rows are aligned by their labels.
//!
//! A .docx is untrusted and compressed: `word/document.xml` is parsed as it inflates, never
//! held whole, and everything inflated is charged to the file's [`Budget`], so a zip bomb
//! stops at the inflate limit having cost a few buffers. Nesting depth and the text produced
//! are bounded too. Error messages quote the file's XML: they are cleaned of control
//! sequences before they leave this module.

use std::io::{BufRead, BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::input::budget::{Budget, Limits, exceeded_in};
use crate::sanitize::clean;

const DOCUMENT: &str = "word/document.xml";

/// Reads the body text of a .docx file within the file's budget.
pub fn to_text(bytes: &[u8], budget: &mut Budget) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| clean(&format!("not a Word file: {e}")))?;
    let entry = zip
        .by_name(DOCUMENT)
        .map_err(|e| clean(&format!("not a Word document (no {DOCUMENT}): {e}")))?;
    let limits = *budget.limits();
    let xml = BufReader::new(budget.inflate(DOCUMENT, entry));
    body_to_text(Reader::from_reader(xml), &limits).map_err(|e| clean(&e))
}

#[derive(Default)]
struct Cell {
    text: String,
    continued: bool,
}

/// Converts WordprocessingML body XML to lines.
pub fn document_xml_to_text(xml: &str) -> Result<String, String> {
    body_to_text(Reader::from_reader(xml.as_bytes()), &Limits::DEFAULT).map_err(|e| clean(&e))
}

/// The loop of [`document_xml_to_text`] over any XML source, within `limits` (depth, text);
/// the inflate and time limits are enforced by the reader underneath.
fn body_to_text<R: BufRead>(mut reader: Reader<R>, limits: &Limits) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut out = String::new();
    let mut para = String::new();
    // One entry per open table (nested tables flatten into their cell's text).
    let mut tables: Vec<Vec<Cell>> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut in_text = false;
    loop {
        buf.clear();
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(quick_xml::Error::Io(io)) if exceeded_in(&io).is_some() => {
                return Err(exceeded_in(&io)
                    .map(ToString::to_string)
                    .unwrap_or_default());
            }
            Err(e) => {
                return Err(format!(
                    "document.xml at byte {}: {e}",
                    reader.buffer_position()
                ));
            }
        };
        limits
            .check_text(out.len() + para.len())
            .map_err(|e| e.to_string())?;
        match &ev {
            Event::Start(_) => {
                depth += 1;
                limits
                    .check_depth(DOCUMENT, depth)
                    .map_err(|e| e.to_string())?;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "tab" => para.push(' '),
                "br" | "cr" => para.push(' '),
                "tbl" => tables.push(Vec::new()),
                "tc" if tables.len() == 1 => cell = Some(Cell::default()),
                "vMerge" => {
                    let restart = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().into_inner() == "val" && a.value == "restart");
                    if let Some(c) = cell.as_mut() {
                        c.continued = !restart;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(&t.into_inner());
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                    continue;
                }
                para.push_str(match r.into_inner().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => {
                    let p = std::mem::take(&mut para);
                    match cell.as_mut() {
                        Some(c) => {
                            if !c.text.is_empty() {
                                c.text.push(' ');
                            }
                            c.text.push_str(p.trim());
                        }
                        None if tables.is_empty() && !p.trim().is_empty() => {
                            out.push_str(p.trim());
                            out.push('\n');
                        }
                        None => {}
                    }
                }
                "tc" if tables.len() == 1 => {
                    if let (Some(c), Some(row)) = (cell.take(), tables.last_mut()) {
                        row.push(c);
                    }
                }
                "tr" if tables.len() == 1 => {
                    let row = std::mem::take(tables.last_mut().unwrap());
                    let kept: Vec<&Cell> = row.iter().filter(|c| !c.continued).collect();
                    if !kept.is_empty() {
                        out.push('|');
                        for c in kept {
                            out.push(' ');
                            out.push_str(&c.text.replace('|', "｜"));
                            out.push_str(" |");
                        }
                        out.push('\n');
                    }
                }
                "tbl" => {
                    tables.pop();
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_vertical_merges() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
          <w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>
          <w:tbl>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度办理结果</w:t></w:r></w:p></w:tc>
                  <w:tc><w:p><w:r><w:t>（一）予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                  <w:tc><w:p><w:r><w:t>R&amp;D</w:t></w:r></w:p></w:tc></w:tr>
          </w:tbl>
          <w:p><w:r><w:t xml:space="preserve">五、存在 </w:t></w:r><w:r><w:t>问题</w:t></w:r></w:p>
        </w:body></w:document>"#;
        assert_eq!(
            document_xml_to_text(xml).unwrap(),
            "三、收到和处理政府信息公开申请情况\n| 三、本年度办理结果 | （一）予以公开 | 4 |  |\n| R&D |\n五、存在 问题\n"
        );
    }

    fn docx(xml: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(DOCUMENT, opts).unwrap();
        zip.write_all(xml).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_non_zip_file_is_a_clear_error() {
        let e = to_text(b"plain text", &mut Budget::default()).unwrap_err();
        assert!(e.contains("not a Word file"), "{e}");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_inflate_limit() {
        let para = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>";
        let mut xml = b"<w:document><w:body>".to_vec();
        while xml.len() < 8 << 20 {
            xml.extend_from_slice(para);
        }
        let bomb = docx(&xml);
        assert!(bomb.len() < 256 << 10);
        // A smaller limit than the default, for the speed of a debug build.
        let mut budget = Budget::new(Limits {
            inflated_bytes: 2 << 20,
            ..Limits::DEFAULT
        });
        let e = to_text(&bomb, &mut budget).unwrap_err();
        assert_eq!(
            e,
            "word/document.xml inflates to more than 2 MiB; not read (a zip bomb?)"
        );
    }

    #[test]
    fn xml_nested_too_deeply_is_refused() {
        let xml = "<a>".repeat(300) + &"</a>".repeat(300);
        let e = to_text(&docx(xml.as_bytes()), &mut Budget::default()).unwrap_err();
        assert_eq!(
            e,
            "word/document.xml nested too deeply (more than 256 levels); not read"
        );
    }

    #[test]
    fn escape_sequences_quoted_by_an_xml_error_are_removed() {
        let xml = "<w:document><w:body></w:b\u{1b}]0;PWN\u{7}\u{1b}[2Jody></w:document>";
        let e = to_text(&docx(xml.as_bytes()), &mut Budget::default()).unwrap_err();
        assert!(e.starts_with("document.xml at byte"), "{e}");
        assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "{e:?}");
    }
}
