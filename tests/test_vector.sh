#!/bin/sh
# SVG and PDF through cairo: `render --out F.svg|F.pdf`, `export --svg DIR`
# and `export --pdf FILE`. The SVG parses and rasterises (rsvg-convert)
# to the PNG render within a small tolerance; the PDF has a page a step
# (pdfinfo) and the sum's text in it (pdftotext). Each check that needs an
# outside tool is skipped, saying so, when it is missing.
# $1 = convanim, $2 = png_diff.

BIN=$1
DIFF=$2
case $DIFF in */*) ;; *) DIFF=./$DIFF ;; esac
. "$(dirname "$0")/check.sh"
skipped=0
have() { command -v "$1" >/dev/null || { echo "skip: $1 is not installed ($2)"; skipped=$((skipped + 1)); return 1; }; }

scene=conv-arithmetic-padding_strides
S=$(dirname "$0")/../assets/scenes/$scene.json
"$BIN" render "$S" --style figure --numbers on --step 4 --size 640x360 --out "$tmp/ref.png"
"$BIN" render "$S" --style figure --numbers on --step 4 --size 640x360 --out "$tmp/one.svg"
check "render svg: status" [ $? -eq 0 ]
check "render svg: an svg" grep -q '<svg' "$tmp/one.svg"
if have rsvg-convert "Debian: librsvg2-bin"; then
    rsvg-convert "$tmp/one.svg" -o "$tmp/one.png"
    check "svg parses (rsvg-convert)" [ $? -eq 0 ]
    res=$("$DIFF" "$tmp/ref.png" "$tmp/one.png" 3)
    check "svg rasterised is the PNG render ($res)" [ $? -eq 0 ]
fi
"$BIN" render "$S" --style figure --step 4 --size 640x360 --out "$tmp/one.pdf"
check "render pdf: status" [ $? -eq 0 ]
check "render pdf: a pdf" sh -c "head -c 5 '$tmp/one.pdf' | grep -q '%PDF-'"

# export: a page a step, an SVG a step
out=$("$BIN" export "$S" --pdf "$tmp/all.pdf" --svg "$tmp/svg" --size 640x360 --numbers on)
check "export: status" [ $? -eq 0 ]
check "export: summary" sh -c "printf '%s\n' '$out' | grep -Eq '^9 frames, [0-9.]+ s, $tmp/svg/ [0-9]+ bytes, $tmp/all.pdf [0-9]+ bytes$'"
check "export: 9 svgs" [ "$(ls "$tmp/svg" | grep -c '^frame_0000[1-9].svg$')" -eq 9 ]
if have pdfinfo "Debian: poppler-utils"; then
    check "pdf: a page a step" [ "$(pdfinfo "$tmp/all.pdf" | awk '/^Pages:/ { print $2 }')" = 9 ]
fi
if have pdftotext "Debian: poppler-utils"; then
    # the last page: every output written, the sum box's total among them
    total=$("$BIN" compute "$S" | tr -d '[]} ' | tr ',' '\n' | tail -1)
    pdftotext -f 9 -l 9 "$tmp/all.pdf" "$tmp/p9.txt"
    check "pdf: text is text (output[0][2][2] = $total)" grep -q -- "$total" "$tmp/p9.txt"
    check "pdf: the layer's description" grep -q "nn.Conv2d" "$tmp/p9.txt"
fi
check "no temporary file left" [ -z "$(ls -A "$tmp" "$tmp/svg" | grep -e tmp- -e '\.part')" ]

# A failed run keeps the old PDF.
printf 'old' >"$tmp/keep.pdf"
"$BIN" export "$S" --pdf "$tmp/keep.pdf" --to 99 2>/dev/null
check "bad range: old pdf kept" [ "$(cat "$tmp/keep.pdf")" = old ]

printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
