#!/usr/bin/env bash
# Makes the test PDFs in this folder from the project's Markdown samples, with two producers:
# headless Chromium printing an HTML rendering, and LibreOffice exporting the same HTML.
# Tests (tests/pdf_generated.rs) check that each PDF gives the same cells and findings as the
# sample it was made from. Needs: python3, chromium, libreoffice-writer-nogui, fonts-noto-cjk
# (Debian: apt-get install -y chromium libreoffice-writer-nogui fonts-noto-cjk).
# Run from anywhere: bash tests/pdf/make.sh (kept out of samples/, whose check output is a
# byte-identical reference)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
samples="$here/../../samples"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Markdown → HTML: headings, paragraphs and pipe tables (the only constructs the samples use).
to_html() {
    python3 - "$1" <<'PY'
import html, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out = ['<!doctype html><html><head><meta charset="utf-8"><style>',
       'body{font-family:"Noto Sans CJK SC",sans-serif;font-size:10pt}',
       'table{border-collapse:collapse;font-size:6.5pt}td{border:1px solid #000;padding:1px 3px}',
       '</style></head><body>']
table = None
for line in lines + [""]:
    s = line.strip()
    if s.startswith("|"):
        cells = [c.strip() for c in s.strip("|").split("|")]
        if all(set(c) <= set("-: ") and c for c in cells):
            continue
        if table is None:
            table = []
            out.append("<table>")
        # Short cells (values, column headings) never wrap: a heading split over two lines is
        # read as two headings, in a PDF as in any text. Long row labels may wrap.
        # The size is set on each cell too: LibreOffice's HTML import ignores the style sheet.
        td = lambda c: ("<td nowrap" if len(c) <= 8 else "<td") + ' style="font-size:6.5pt">'

        out.append("<tr>" + "".join(f"{td(c)}<font size='1'>{html.escape(c)}</font></td>" for c in cells) + "</tr>")
        continue
    if table is not None:
        out.append("</table>")
        table = None
    if not s:
        continue
    if s.startswith("#"):
        level = min(len(s) - len(s.lstrip("#")), 6)
        out.append(f"<h{level}>{html.escape(s.lstrip('#').strip())}</h{level}>")
    else:
        out.append(f"<p>{html.escape(s)}</p>")
out.append("</body></html>")
print("\n".join(out))
PY
}

for sample in 2023-district-gov-clean 2023-bureau-negative-count; do
    to_html "$samples/$sample.md" > "$work/$sample.html" || exit 1
    # Chromium: no header/footer (date and URL would be page furniture of another kind).
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --no-pdf-header-footer \
        --print-to-pdf="$here/$sample.chromium.pdf" "file://$work/$sample.html" 2>/dev/null
    # LibreOffice: the HTML opened as a Writer document, exported to PDF.
    soffice --headless --norestore -env:UserInstallation="file://$work/lo" \
        --infilter=HTML\ \(StarWriter\) --convert-to pdf:writer_pdf_Export \
        --outdir "$work/lo-out" "$work/$sample.html" >/dev/null 2>&1
    mv "$work/lo-out/$sample.pdf" "$here/$sample.libreoffice.pdf"
done
ls -l "$here"/*.pdf
