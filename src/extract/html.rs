//! HTML pages → the line layout the text extractor reads.
//!
//! Paragraphs and headings become lines; every table row becomes one `| a | b |` line, an
//! empty cell an explicit blank between pipes. Cells covered by another cell's rowspan or
//! colspan are not repeated: rows are aligned by their labels, not by grid position, so a
//! repeated group label would only add noise.
//!
//! Pages are untrusted: their nesting depth is bounded before parsing ([`super::nesting`]),
//! and the parser runs on a thread with a large stack of known size, so no page can overflow
//! the stack of the worker that reads it.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use crate::input::{Budget, Exceeded};

/// Stack of the thread that parses and walks a page. html5ever takes about 1.6 KB of stack per
/// nesting level; pages are refused above [`crate::input::Limits::depth`] levels (256), so this
/// leaves a margin of ~100x for what the depth scan cannot foresee. Only the pages touched are
/// ever resident.
const PARSE_STACK: usize = 256 << 20;

const SKIP: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "form",
    "center",
    "title",
    "body",
    "tr",
    "caption",
];

/// Converts an HTML document to text lines, within the file's budget: a page nested deeper
/// than its depth limit is refused before it is parsed ("HTML nested too deeply").
pub fn to_text(html: &str, budget: &Budget) -> Result<String, Exceeded> {
    let limit = budget.limits().depth;
    budget.check_depth("HTML", super::nesting::html_depth(html, limit))?;
    budget.check_time()?;
    let text = on_parse_stack(|| {
        let doc = Html::parse_document(html);
        let mut out = Out::default();
        walk(*doc.root_element(), &mut out);
        out.flush();
        out.text
    });
    budget.check_time()?;
    Ok(text)
}

/// Runs `f` on a thread with a [`PARSE_STACK`] stack; a panic in it is passed on to the caller
/// (whose `catch_unwind` turns it into an error for the file). Where no thread can be started,
/// `f` runs here.
fn on_parse_stack<T: Send, F: FnOnce() -> T + Send>(f: F) -> T {
    // Shared with the thread, so that `f` is still here when the thread cannot be started.
    let job = std::sync::Mutex::new(Some(f));
    let take = || job.lock().ok().and_then(|mut j| j.take());
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("gouji-html".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(s, || take().map(|f| f()));
        let ran = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        ran.unwrap_or_else(|| take().expect("the job runs once")())
    })
}

#[derive(Default)]
struct Out {
    text: String,
    line: String,
}

impl Out {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }

    fn flush(&mut self) {
        let l = self.line.trim();
        if !l.is_empty() {
            self.text.push_str(l);
            self.text.push('\n');
        }
        self.line.clear();
    }
}

fn walk(node: NodeRef<'_, Node>, out: &mut Out) {
    match node.value() {
        Node::Text(t) => out.push(t),
        Node::Element(e) => {
            let name = e.name();
            if SKIP.contains(&name) {
                return;
            }
            if name == "br" {
                out.flush();
                return;
            }
            if name == "table" {
                out.flush();
                table(node, out);
                return;
            }
            let block = BLOCK.contains(&name);
            if block {
                out.flush();
            }
            for child in node.children() {
                walk(child, out);
            }
            if block {
                out.flush();
            }
        }
        _ => {
            for child in node.children() {
                walk(child, out);
            }
        }
    }
}

/// Collects the text of a cell on one line (nested tables included, flattened).
fn cell_text(node: NodeRef<'_, Node>) -> String {
    let mut inner = Out::default();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            let skipped = d.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| SKIP.contains(&e.name()))
            });
            if !skipped {
                inner.push(t);
            }
        }
        if let Some(e) = d.value().as_element()
            && (e.name() == "br" || e.name() == "p")
        {
            inner.push(" ");
        }
    }
    inner.line.trim().replace('|', "｜")
}

fn table(node: NodeRef<'_, Node>, out: &mut Out) {
    let rows = node.descendants().filter(|d| {
        d.value().as_element().is_some_and(|e| e.name() == "tr")
            // rows of this table, not of a table nested in one of its cells
            && d.ancestors()
                .find(|a| a.value().as_element().is_some_and(|e| e.name() == "table"))
                .map(|a| a.id())
                == Some(node.id())
    });
    for tr in rows {
        let mut line = String::from("|");
        let mut any = false;
        for td in tr.children() {
            let Some(el) = ElementRef::wrap(td) else {
                continue;
            };
            if !matches!(el.value().name(), "td" | "th") {
                continue;
            }
            let text = cell_text(td);
            any = true;
            line.push(' ');
            line.push_str(&text);
            line.push_str(" |");
        }
        if any {
            out.text.push_str(&line);
            out.text.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::Budget;

    fn to_text(html: &str) -> String {
        super::to_text(html, &Budget::default()).unwrap()
    }

    #[test]
    fn pages_nested_too_deeply_are_refused_before_parsing() {
        for page in [
            "<b>".repeat(5000),
            "<div>".repeat(6000),
            format!("<ul>{}", "<li><ul>".repeat(50_000)),
        ] {
            let e = super::to_text(&page, &Budget::default()).unwrap_err();
            assert_eq!(
                e.to_string(),
                "HTML nested too deeply (more than 256 levels); not read"
            );
        }
    }

    #[test]
    fn a_page_at_the_depth_limit_is_read_on_a_small_worker_stack() {
        // The worst shape the scan accepts, on a thread with rayon's default 2 MiB stack.
        let page = format!("{}x", "<div><table><tr><td>".repeat(50));
        let text = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || super::to_text(&page, &Budget::default()))
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(text, "| x |\n");
    }

    #[test]
    fn paragraphs_and_table_rows_become_lines() {
        let html = r#"<html><head><style>p{}</style></head><body>
            <h2>三、收到和处理政府信息公开申请情况</h2>
            <table><tr><td rowspan="2">（七）总计</td><td>13</td><td></td><td>1&nbsp;</td></tr>
            <tr><td>x<br>y</td></tr></table><p>五、存在的主要问题</p></body></html>"#;
        assert_eq!(
            to_text(html),
            "三、收到和处理政府信息公开申请情况\n| （七）总计 | 13 |  | 1 |\n| x y |\n五、存在的主要问题\n"
        );
    }

    #[test]
    fn scripts_are_dropped_and_pipes_in_cells_escaped() {
        let html = "<p>a<script>alert(1)</script>b</p><table><tr><td>a|b</td></tr></table>";
        assert_eq!(to_text(html), "ab\n| a｜b |\n");
    }
}
