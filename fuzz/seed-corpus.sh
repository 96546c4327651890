#!/bin/sh
# Seeds fuzz/corpus/<target>/ from samples/ and ../shared (seeds, reports, hostile inputs).
# Run from the crate root; then e.g. `cargo +nightly fuzz run html -- -max_total_time=600`.
set -eu
for t in text html docx audit; do mkdir -p "fuzz/corpus/$t"; done
for f in samples/* ../shared/seeds/* ../shared/reports/* ../shared/hostile/*; do
    [ -f "$f" ] || continue
    case "$f" in
        *.html | *.htm) dest=html ;;
        *.docx) dest=docx ;;
        *.md | *.txt) dest=text ;;
        *) continue ;;
    esac
    cp "$f" "fuzz/corpus/$dest/"
    [ "$dest" = text ] && cp "$f" fuzz/corpus/audit/
done
# Pages made from the text seeds: one paragraph per line, table rows as table rows.
for f in ../shared/seeds/*.txt; do
    [ -f "$f" ] || continue
    sed -e 's/^|\(.*\)|$/<tr><td>\1<\/td><\/tr>/' -e 's/ | /<\/td><td>/g' -e 's/^\([^<].*\)$/<p>\1<\/p>/' "$f" \
        > "fuzz/corpus/html/$(basename "$f" .txt).html"
done
echo "corpus: $(ls fuzz/corpus/text | wc -l) text, $(ls fuzz/corpus/html | wc -l) html, $(ls fuzz/corpus/docx | wc -l) docx"
