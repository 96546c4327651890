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

# Hand-written one-page PDFs (Helvetica, no producer needed): a text page; a scan (an image,
# no text layer); a page whose font maps every code to private-use characters (text that
# means nothing). Then encrypted copies of the text page (qpdf, Debian's `qpdf`): one opens
# with an empty user password (it only restricts printing, as many published reports do), one
# needs a password.
python3 - "$work/plain.pdf" "$here/scanned.pdf" "$here/private-use-font.pdf" <<'PY'
import sys

def write(path, content, resources, extra=()):
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(path, "wb").write(out)

text = b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj 0 -20 Td (Total 21 0 0 21) Tj ET"
helvetica = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
write(sys.argv[1], text, b"<< /Font << /F1 5 0 R >> >>", [helvetica])
pixels = bytes(range(0, 256, 4))
image = b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray " \
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
write(sys.argv[2], b"q 400 0 0 400 100 200 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image])
cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        b"/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfrange <20> <7E> <E020> endbfrange endcmap "
        b"CMapName currentdict /CMap defineresource pop end end")
write(sys.argv[3], text, b"<< /Font << /F1 5 0 R >> >>", [
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
])
PY
qpdf --encrypt "" owner-secret 256 --print=none -- "$work/plain.pdf" "$here/encrypted-empty-password.pdf"
qpdf --encrypt user-secret owner-secret 256 -- "$work/plain.pdf" "$here/encrypted-with-password.pdf"
ls -l "$here"/*.pdf
