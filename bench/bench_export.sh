#!/bin/sh
# Benchmark (not a test): `convanim export` end to end, frames a second and
# bytes, against PNG frames encoded by ffmpeg (palettegen + paletteuse) and
# that GIF squeezed by `gifsicle -O3` when those tools are installed; then
# the conv_arithmetic layers at their own pixel sizes, 1 s a frame, bytes a
# frame beside the reference GIFs (read from shared/reference, never copied).
# $1 = convanim binary, $2 = source root. Prints markdown tables.

BIN=$1
ROOT=$2
. "$(dirname "$0")/common.sh"

# case NAME FPS ARGS...: one row for ours, and ffmpeg/gifsicle rows.
case_row() {
    name=$1 fps=$2
    shift 2
    t0=$(now)
    out=$("$BIN" export "$@" --gif "$tmp/ours.gif") || return 1
    t1=$(now)
    n=${out%% *}
    b=$(size "$tmp/ours.gif")
    el=$(secs "$t0" "$t1")
    printf '| %s | convanim GIF | %s | %s | %s | %s | %s |\n' "$name" "$n" "$el" "$(ratio "$n" "$el")" "$b" "$((b / n))"
    have ffmpeg || return 0
    rm -rf "$tmp/fr"
    t0=$(now)
    "$BIN" export "$@" --frames "$tmp/fr" --quiet || return 1
    t1=$(now)
    pb=$(cat "$tmp/fr"/*.png | wc -c)
    el=$(secs "$t0" "$t1")
    printf '| %s | convanim PNG frames | %s | %s | %s | %s | %s |\n' "$name" "$n" "$el" "$(ratio "$n" "$el")" "$pb" "$((pb / n))"
    t0=$(now)
    ffmpeg -v error -y -framerate "$fps" -i "$tmp/fr/frame_%05d.png" \
        -filter_complex "[0:v]split[a][b];[a]palettegen[p];[b][p]paletteuse" "$tmp/ff.gif" || return 1
    t1=$(now)
    b=$(size "$tmp/ff.gif")
    el=$(secs "$t0" "$t1")
    printf '| %s | PNGs -> ffmpeg palettegen/paletteuse (encode only) | %s | %s | %s | %s | %s |\n' "$name" "$n" "$el" "$(ratio "$n" "$el")" "$b" "$((b / n))"
    have gifsicle || return 0
    t0=$(now)
    gifsicle -O3 "$tmp/ff.gif" -o "$tmp/ffo.gif" || return 1
    t1=$(now)
    b=$(size "$tmp/ffo.gif")
    el=$(secs "$t0" "$t1")
    printf '| %s | ffmpeg GIF -> gifsicle -O3 (optimise only) | %s | %s | %s | %s | %s |\n' "$name" "$n" "$el" "$(ratio "$n" "$el")" "$b" "$((b / n))"
    rm -rf "$tmp/fr"
}

echo "## convanim export, 1280x720"
echo
echo "| scene | writer | frames | seconds | frames/s | bytes | bytes/frame |"
echo "|---|---|---|---|---|---|---|"
case_row "default 5x5x3 -> 2, channel" 2 --size 1280x720 --granularity channel
case_row "32x32x3 -> 8 filters k3 p1, position, first 1024 steps" 2 \
    --input 32x32 --channels 3 --filters 8 --kernel 3 --padding 1 \
    --size 1280x720 --granularity position --to 1023

echo
echo "## conv_arithmetic layers at their own size, position granularity, 1 s a frame"
echo
echo "| case | pixels | frames (ours/theirs) | our bytes | our bytes/frame | their bytes | their bytes/frame |"
echo "|---|---|---|---|---|---|---|"
# name WxH their_frames (from shared/reference/README.md)
while read -r name px theirs; do
    scene=$SCENES/conv-arithmetic-$name.json
    [ -f "$scene" ] || continue
    out=$("$BIN" export "$scene" --gif "$tmp/$name.gif" --size "$px" --granularity position \
        --delay 1000) || continue
    n=${out%% *}
    b=$(size "$tmp/$name.gif")
    if [ -f "$REF/conv_arithmetic/$name.gif" ]; then
        rb=$(size "$REF/conv_arithmetic/$name.gif")
        printf '| %s | %s | %s/%s | %s | %s | %s | %s |\n' "$name" "$px" "$n" "$theirs" "$b" "$((b / n))" "$rb" "$((rb / theirs))"
    else
        printf '| %s | %s | %s/%s | %s | %s | - | - |\n' "$name" "$px" "$n" "$theirs" "$b" "$((b / n))"
    fi
done <<'EOF'
no_padding_no_strides 244x259 4
arbitrary_padding_no_strides 495x542 36
same_padding_no_strides 395x449 25
full_padding_no_strides 495x576 49
no_padding_strides 294x288 4
padding_strides 395x381 9
padding_strides_odd 445x411 9
dilation 395x381 9
EOF
