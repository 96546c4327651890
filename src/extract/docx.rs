//! Word (.docx) files → the line layout the text extractor reads.
//!
//! A .docx is a zip holding `word/document.xml`. Paragraphs become lines; each table row
//! becomes one `| a | b |` line. A cell continuing a vertical merge (`<w:vMerge/>` without
//! `restart`) is left out, like a rowspan in HTML: rows are aligned by their labels.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// Reads the body text of a .docx file.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a Word file: {e}"))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| format!("not a Word document (no word/document.xml): {e}"))?
        .take(64 << 20)
        .read_to_string(&mut xml)
        .map_err(|e| format!("word/document.xml unreadable: {e}"))?;
    document_xml_to_text(&xml)
}

#[derive(Default)]
struct Cell {
    text: String,
    continued: bool,
}

/// Converts WordprocessingML body XML to lines.
pub fn document_xml_to_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    // One entry per open table (nested tables flatten into their cell's text).
    let mut tables: Vec<Vec<Cell>> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut in_text = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("document.xml at byte {}: {e}", reader.buffer_position()))?;
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

    #[test]
    fn a_non_zip_file_is_a_clear_error() {
        let e = to_text(b"plain text").unwrap_err();
        assert!(e.contains("not a Word file"), "{e}");
    }
}
