//! Page furniture: what a page carries besides the report's text (page numbers, a running
//! header or footer, a table's header row repeated at the top of the next page). Inside a table
//! such a line would become a stray cell or a label, so it is dropped before extraction.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;

/// `— 5 —`, `- 5 -`, `-3-`, `第 5 页`, `第5页 共12页`, `5 / 12`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-－—–‒―_~·\s]*\d{1,4}[-－—–‒―_~·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$",
    )
    .expect("page number pattern")
});

/// A line's text with whitespace removed and digits made alike: a running footer
/// `洪泽区人民政府 3` and `洪泽区人民政府 4` is the same furniture.
fn shape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Whether a line is nothing but a page number. A bare number counts only when it stands alone
/// in the top or bottom margin: inside a table a lone number is a value.
fn is_page_number(line: &Line, page_height: f32) -> bool {
    let t = line.text.trim();
    if !PAGE_NUMBER.is_match(t) {
        return false;
    }
    let decorated = !t.chars().all(|c| c.is_ascii_digit());
    let margin = page_height * 0.1;
    decorated || line.y < margin || line.y > page_height - margin
}

/// Drops page furniture from a document's lines (in page order). `heights` gives each page's
/// height by page number.
pub fn strip(lines: Vec<Line>, heights: &HashMap<u32, f32>) -> Vec<Line> {
    let height = |p: u32| heights.get(&p).copied().unwrap_or(842.0);
    let pages: Vec<u32> = {
        let mut v: Vec<u32> = lines.iter().map(|l| l.page).collect();
        v.dedup();
        v
    };
    // Running headers and footers: the first or last line of a page whose shape recurs there
    // on at least two pages and on half of them.
    let mut edge_shapes: HashMap<String, usize> = HashMap::new();
    for &p in &pages {
        let on_page: Vec<&Line> = lines
            .iter()
            .filter(|l| l.page == p && !is_page_number(l, height(p)))
            .collect();
        let mut edges: HashSet<String> = HashSet::new();
        for l in on_page.first().into_iter().chain(on_page.last()) {
            edges.insert(shape(&l.text));
        }
        for s in edges {
            *edge_shapes.entry(s).or_default() += 1;
        }
    }
    let running: HashSet<String> = edge_shapes
        .into_iter()
        .filter(|(s, n)| s.chars().any(|c| c != '#') && *n >= 2 && *n * 2 >= pages.len())
        .map(|(s, _)| s)
        .collect();

    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // Lines without values seen so far: a header row repeated at the top of a page is one.
    let mut seen_headers: HashSet<String> = HashSet::new();
    let mut page = 0;
    let mut at_top = false;
    for line in lines {
        if line.page != page {
            page = line.page;
            at_top = page != pages[0];
        }
        if is_page_number(&line, height(line.page)) {
            continue;
        }
        let s = shape(&line.text);
        if running.contains(&s) {
            continue;
        }
        let header_like = s.chars().count() >= 2 && !s.contains('#');
        if at_top && header_like && seen_headers.contains(&s) {
            continue;
        }
        at_top = false;
        if header_like {
            seen_headers.insert(s);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, y: f32, text: &str) -> Line {
        Line {
            page,
            y,
            text: text.to_string(),
        }
    }

    fn heights() -> HashMap<u32, f32> {
        (1..=4).map(|p| (p, 800.0)).collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn page_numbers_in_any_dress_are_dropped_but_a_lone_value_in_a_table_is_kept() {
        let lines = vec![
            line(1, 100.0, "一、本年新收   21"),
            line(1, 400.0, "4"),
            line(1, 780.0, "— 5 —"),
            line(2, 60.0, "二、上年结转   0"),
            line(2, 770.0, "- 6 -"),
            line(3, 60.0, "（七）总计   21"),
            line(3, 400.0, "第 7 页 共 9 页"),
            line(3, 790.0, "8"),
        ];
        let kept = strip(lines, &heights());
        assert_eq!(
            texts(&kept),
            vec![
                "一、本年新收   21",
                "4",
                "二、上年结转   0",
                "（七）总计   21"
            ]
        );
    }

    #[test]
    fn a_running_header_goes_and_so_does_a_header_row_repeated_on_the_next_page() {
        let lines = vec![
            line(1, 30.0, "某某区人民政府 2023 年报"),
            line(1, 100.0, "申请人情况"),
            line(1, 120.0, "自然人   法人或其他组织   总计"),
            line(1, 140.0, "一、本年新收   21"),
            line(2, 30.0, "某某区人民政府 2023 年报"),
            line(2, 100.0, "自然人   法人或其他组织   总计"),
            line(2, 140.0, "二、上年结转   0"),
            line(2, 160.0, "申请人情况"),
        ];
        let kept = strip(lines, &heights());
        assert_eq!(
            texts(&kept),
            vec![
                "申请人情况",
                "自然人   法人或其他组织   总计",
                "一、本年新收   21",
                "二、上年结转   0",
                "申请人情况",
            ]
        );
    }
}
