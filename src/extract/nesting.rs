//! How deep an HTML page nests its elements, found by a cheap scan before it is parsed.
//!
//! html5ever (under scraper) recurses once per nesting level and is quadratic in the depth:
//! 5,000 unclosed `<b>` or 6,000 nested `<div>` overflow a thread's stack, which aborts the
//! whole process (no unwinding), and 50,000 nested `<li>` take a minute first. So the depth is
//! bounded *before* parsing: this scan follows the tags with a stack of open element names,
//! the way the HTML tree builder does in the cases that matter for depth:
//! - void elements (`<br>`, `<img>`, …) never open; text inside `<script>`, `<style>`,
//!   `<textarea>`, `<title>`, … is not markup; comments and `<!…>`/`<?…>` are skipped;
//! - an element whose end tag is optional (`<p>`, `<li>`, `<td>`, `<tr>`, `<option>`, …) closes
//!   an open one of its kind in the same list, table or paragraph, as the tree builder does;
//! - an end tag closes up to its open element, but never across a table, cell or other scope
//!   boundary (the tree builder ignores such end tags, so must the scan).
//!
//! The result errs high where the two differ (a `<p>` the tree builder would close is kept
//! open), so a page the scan accepts nests no deeper than it says, save for formatting
//! elements the tree builder reopens (at most a few per level), which the parser thread's
//! large stack absorbs (see `html::PARSE_STACK`).

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// End tags never close across these (the tree builder's "scope" boundaries).
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "svg",
    "math", "button", "select",
];

/// The tree builder's formatting elements, which the adoption agency handles.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// The tree builder's "special" elements (the HTML standard's list).
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// HTML elements that end SVG or MathML content when they appear inside it.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "font",
];

/// An element with an optional end tag: opening it closes the outermost open element of one of
/// the `closes` names above the nearest of the `within` elements, and what is inside it; with
/// `top_only`, only an element of those names that is the innermost open one (the tree
/// builder's rules for `<option>` are subtler; closing less errs high).
struct Implied {
    name: &'static str,
    closes: &'static [&'static str],
    within: &'static [&'static str],
    top_only: bool,
}

const IMPLIED: &[Implied] = &[
    // A `<p>` in "button scope" is closed with whatever inline elements are open in it.
    Implied {
        name: "p",
        closes: &["p"],
        within: &[
            "button", "applet", "caption", "html", "table", "td", "th", "marquee", "object",
            "template", "svg", "math",
        ],
        top_only: false,
    },
    Implied {
        name: "li",
        closes: &["li"],
        within: &["ul", "ol", "table", "td", "th", "html"],
        top_only: false,
    },
    Implied {
        name: "dt",
        closes: &["dt", "dd"],
        within: &["dl", "table", "td", "th", "html"],
        top_only: false,
    },
    Implied {
        name: "dd",
        closes: &["dt", "dd"],
        within: &["dl", "table", "td", "th", "html"],
        top_only: false,
    },
    Implied {
        name: "option",
        closes: &["option"],
        within: &["select", "datalist", "optgroup", "html"],
        top_only: true,
    },
    Implied {
        name: "optgroup",
        closes: &["optgroup", "option"],
        within: &["select", "html"],
        top_only: true,
    },
    Implied {
        name: "tr",
        closes: &["tr", "td", "th"],
        within: &["table", "html"],
        top_only: false,
    },
    Implied {
        name: "td",
        closes: &["td", "th"],
        within: &["tr", "table", "html"],
        top_only: false,
    },
    Implied {
        name: "th",
        closes: &["td", "th"],
        within: &["tr", "table", "html"],
        top_only: false,
    },
    Implied {
        name: "tbody",
        closes: &["tbody", "thead", "tfoot", "tr", "td", "th"],
        within: &["table", "html"],
        top_only: false,
    },
    Implied {
        name: "thead",
        closes: &["tbody", "thead", "tfoot", "tr", "td", "th"],
        within: &["table", "html"],
        top_only: false,
    },
    Implied {
        name: "tfoot",
        closes: &["tbody", "thead", "tfoot", "tr", "td", "th"],
        within: &["table", "html"],
        top_only: false,
    },
];

/// The deepest nesting of elements in `html`, counting the `<html>` and `<body>` the parser
/// adds; the scan stops as soon as it passes `stop_after` (the caller's limit), so a hostile
/// page costs no more than a linear pass over its first part.
pub fn html_depth(html: &str, stop_after: usize) -> usize {
    let b = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // <html> and <body>, which the parser adds when the page does not.
    const IMPLICIT: usize = 2;
    let mut deepest = IMPLICIT;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        let rest = &b[i..];
        if rest.starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            i = find(b, i, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let start = i + usize::from(closing);
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            // `<` as text, or `</` + junk (a bogus comment).
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let tag_end = tag_end(b, start + name_len);
        let self_closing = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        i = (tag_end + 1).min(b.len());
        if closing {
            close(&mut open, &name);
            continue;
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let foreign = open.iter().position(|n| n == "svg" || n == "math");
        // An HTML element inside SVG or MathML ends it, and is then an HTML element.
        let foreign = match foreign {
            Some(at) if BREAKOUT.contains(&name.as_str()) => {
                open.truncate(at);
                None
            }
            other => other,
        };
        // `<x/>` closes itself only inside SVG or MathML; in HTML it opens `<x>`.
        if self_closing && foreign.is_some() {
            continue;
        }
        if name == "html" || name == "body" || name == "head" {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Its text runs to `</name`; the element itself is one level, for that moment.
            deepest = deepest.max(open.len() + IMPLICIT + 1);
            i = find_end_tag(b, i, &name).unwrap_or(b.len());
            continue;
        }
        if let Some(rule) = IMPLIED.iter().find(|r| r.name == name) {
            let is = |set: &[&str], n: &String| set.contains(&n.as_str());
            if rule.top_only {
                if open.last().is_some_and(|n| is(rule.closes, n)) {
                    open.pop();
                }
            } else {
                let floor = open
                    .iter()
                    .rposition(|n| is(rule.within, n))
                    .map_or(0, |k| k + 1);
                if let Some(k) = open[floor..].iter().position(|n| is(rule.closes, n)) {
                    open.truncate(floor + k);
                }
            }
        }
        // A row or cell written straight into a table gets the body (and row) the parser adds.
        let section = ["table", "tbody", "thead", "tfoot", "tr"];
        let context = open.iter().rev().find(|n| section.contains(&n.as_str()));
        if context.is_some_and(|n| n == "table") && matches!(name.as_str(), "tr" | "td" | "th") {
            open.push("tbody".to_string());
            if name != "tr" {
                open.push("tr".to_string());
            }
        }
        open.push(name);
        deepest = deepest.max(open.len() + IMPLICIT);
        if deepest > stop_after {
            return deepest;
        }
    }
    deepest
}

/// An end tag closes its open element and everything inside it, as far as the tree builder
/// would, and never further (closing less errs high):
/// - a formatting element's end tag (`</b>`) only when nothing but formatting elements is open
///   inside it (otherwise the adoption agency moves elements about rather than closing them);
/// - another non-special element's end tag (`</span>`) only when no special element (`<div>`,
///   `<p>`, …) is open inside it; the tree builder ignores it otherwise;
/// - a special element's end tag not across a scope boundary (a table, a cell, …); the end tag
///   of a table part closes the cells inside it, so only the table bounds it.
fn close(open: &mut Vec<String>, name: &str) {
    const TABLE_PARTS: &[&str] = &[
        "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
    ];
    let table_part = TABLE_PARTS.contains(&name);
    let formatting = FORMATTING.contains(&name);
    let special = SPECIAL.contains(&name);
    for at in (0..open.len()).rev() {
        if open[at] == name {
            open.truncate(at);
            return;
        }
        let n = open[at].as_str();
        let stop = if formatting {
            !FORMATTING.contains(&n)
        } else if !special {
            SPECIAL.contains(&n)
        } else if table_part {
            matches!(n, "table" | "html" | "template")
        } else {
            SCOPE.contains(&n)
        };
        if stop {
            return;
        }
    }
}

/// The index of the `>` ending a tag whose name ends at `from`, skipping quoted attribute
/// values; `b.len()` when there is none.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return from + k,
            _ => {}
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], needle).map(|k| from + k)
}

/// Where the end tag `</name` (any case) starts, from `from` on.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(k) = find(b, i, b"</") {
        let after = &b[k + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(k);
        }
        i = k + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::html_depth;

    #[test]
    fn an_ordinary_page_is_shallow() {
        let page = "<!DOCTYPE html><html><head><title>x<div></title><script>if (a<b) '<div>'</script></head>\
            <body><div class=\"a>b\"><p>一<p>二<br><img src=x><table><tr><td>1<td>2<tr><td>3</table>\
            <ul><li>a<li>b<li>c</ul><!-- <div><div> --></div></body></html>";
        // html, body, div, p (kept open: errs high), table, tbody, tr, td
        assert_eq!(html_depth(page, 100), 8);
    }

    #[test]
    fn unclosed_and_nested_elements_count_every_level() {
        assert_eq!(html_depth(&"<b>".repeat(5000), 10_000), 5002);
        assert_eq!(html_depth(&"<div/>".repeat(300), 10_000), 302);
        assert_eq!(html_depth(&"<ul><li>".repeat(100), 10_000), 202);
        let closed = "<div>".repeat(50) + &"</div>".repeat(50);
        assert_eq!(html_depth(&closed.repeat(20), 10_000), 52);
    }

    #[test]
    fn end_tags_do_not_close_across_a_table_cell() {
        // The tree builder ignores the `</div>`: each round nests five levels deeper.
        let page = "<div><table><tr><td></div>".repeat(40);
        assert!(html_depth(&page, 10_000) >= 160);
    }

    #[test]
    fn a_paragraph_closes_the_one_before_with_its_inline_elements() {
        let page = "<p><span><font>text".repeat(500);
        assert_eq!(html_depth(&page, 10_000), 5);
    }

    #[test]
    fn end_tags_the_tree_builder_ignores_close_nothing() {
        // The adoption agency keeps both levels of each round; so must the scan.
        assert!(html_depth(&"<b><div></b>".repeat(200), 10_000) >= 400);
        assert!(html_depth(&"<span><div></span>".repeat(200), 10_000) >= 400);
        // A formatting element closed over formatting elements only is closed, with them.
        assert_eq!(html_depth(&"<b><i></b>".repeat(200), 10_000), 4);
        assert_eq!(html_depth(&"<b><i></i></b>".repeat(200), 10_000), 4);
    }

    #[test]
    fn html_inside_svg_ends_it_and_nests_as_html() {
        let page = format!("<svg>{}", "<div/>".repeat(1000));
        assert!(html_depth(&page, 10_000) >= 1000);
    }

    #[test]
    fn the_scan_stops_once_past_the_limit() {
        assert_eq!(html_depth(&"<div>".repeat(100_000), 256), 257);
    }

    #[test]
    fn svg_self_closing_elements_do_not_nest() {
        let svg = format!("<svg>{}</svg>", "<path d=\"M0 0\"/>".repeat(1000));
        assert_eq!(html_depth(&svg, 10_000), 3);
    }
}
