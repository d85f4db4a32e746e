#!/bin/sh
# Benchmark (not a test) of the figure exports (issue: figures for slides,
# papers and videos). Prints markdown tables:
#  1. conv_arithmetic's 8 direct and 7 transposed cases at their reference
#     pixel sizes, 1 s a frame, position granularity: our figure-style GIF
#     beside theirs (read from shared/reference, never copied; its size
#     and frames measured with ffprobe);
#  2. the default scene as MP4 at 1920x1080: `export --mp4` against PNG
#     frames encoded by the ffmpeg command line with the same x264
#     settings, in one run;
#  3. peak RSS of `export --mp4` at 1920x1080, 100 frames against 1000.
# $1 = convanim binary, $2 = source root.

BIN=$1
ROOT=$2
. "$(dirname "$0")/common.sh"
probe() { ffprobe -v error -count_frames -show_entries "$2" -of csv=p=0 "$1" | tr -d '\n' | tr ',' ' '; }

echo "## conv_arithmetic at its sizes: figure-style GIF (ours) and theirs"
echo
echo "| case | pixels | frames ours / theirs | our bytes | their bytes | theirs / ours | our numbers |"
echo "|---|---|---|---|---|---|---|"
# name, then the scene: a file of assets/scenes or flags (the transposed
# layers, as conv_arithmetic draws them: the direct layer's output size in)
while read -r name args; do
    ref=$REF/conv_arithmetic/$name.gif
    [ -f "$ref" ] || continue
    set -- $(probe "$ref" stream=width,height,nb_read_frames)
    w=$1 h=$2 theirs=$3
    case $args in
    file) set -- "$SCENES/conv-arithmetic-${name}.json" ;;
    *) set -- $args --no-bias ;;
    esac
    out=$("$BIN" export "$@" --gif "$tmp/$name.gif" --size "${w}x$h" --granularity position --delay 1000) || continue
    n=${out%% *}
    b=$(size "$tmp/$name.gif")
    rb=$(size "$ref")
    num=on
    case $out in *"numbers off"*) num=off ;; esac
    printf '| %s | %sx%s | %s / %s | %s | %s | %s | %s |\n' "$name" "$w" "$h" "$n" "$theirs" "$b" "$rb" \
        "$(awk -v a="$rb" -v b="$b" 'BEGIN { printf "%.1f", a / b }')" "$num"
done <<'CASES'
no_padding_no_strides file
arbitrary_padding_no_strides file
same_padding_no_strides file
full_padding_no_strides file
no_padding_strides file
padding_strides file
padding_strides_odd file
dilation file
no_padding_no_strides_transposed --type conv_transpose2d --input 2x2 --kernel 3
arbitrary_padding_no_strides_transposed --type conv_transpose2d --input 6x6 --kernel 4 --padding 2
same_padding_no_strides_transposed --type conv_transpose2d --input 5x5 --kernel 3 --padding 1
full_padding_no_strides_transposed --type conv_transpose2d --input 7x7 --kernel 3 --padding 2
no_padding_strides_transposed --type conv_transpose2d --input 2x2 --kernel 3 --stride 2
padding_strides_transposed --type conv_transpose2d --input 3x3 --kernel 3 --stride 2 --padding 1
padding_strides_odd_transposed --type conv_transpose2d --input 3x3 --kernel 3 --stride 2 --padding 1 --output-padding 1
CASES

have ffmpeg || { echo; echo "(no ffmpeg: the video tables are left out)"; exit 0; }
X264="-c:v libx264 -preset veryfast -crf 18 -tune animation -pix_fmt yuv420p"

echo
echo "## the default scene as MP4, 1920x1080, channel granularity, 2 fps (one run)"
echo
echo "| way | seconds | bytes |"
echo "|---|---|---|"
t0=$(now)
"$BIN" export --mp4 "$tmp/a.mp4" --size 1920x1080 --quiet
t1=$(now)
printf '| convanim export --mp4 | %s | %s |\n' "$(secs "$t0" "$t1")" "$(size "$tmp/a.mp4")"
t0=$(now)
"$BIN" export --frames "$tmp/fr" --size 1920x1080 --quiet
t1=$(now)
ffmpeg -v error -y -framerate 2 -i "$tmp/fr/frame_%05d.png" $X264 "$tmp/b.mp4"
t2=$(now)
printf '| convanim export --frames, then ffmpeg (%s s + %s s) | %s | %s |\n' "$(secs "$t0" "$t1")" \
    "$(secs "$t1" "$t2")" "$(secs "$t0" "$t2")" "$(size "$tmp/b.mp4")"
rm -rf "$tmp/fr"

echo
echo "## peak RSS of export --mp4 at 1920x1080 (32x32x3 -> 8 filters, position granularity)"
echo
echo "| frames | seconds | peak RSS (MB) | bytes |"
echo "|---|---|---|---|"
for n in 100 1000; do
    t0=$(now)
    kb=$( { /usr/bin/time -f '%M' "$BIN" export --input 32x32 --channels 3 --filters 8 --kernel 3 --padding 1 \
        --granularity position --to $((n - 1)) --fps 10 --size 1920x1080 --mp4 "$tmp/r$n.mp4" --quiet; } 2>&1 | tail -1)
    t1=$(now)
    printf '| %s | %s | %s | %s |\n' "$n" "$(secs "$t0" "$t1")" "$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')" \
        "$(size "$tmp/r$n.mp4")"
done
