#!/bin/sh
# `convanim export --mp4 / --webm`: the frame count, size and duration
# asked (ffprobe), a decoded frame against the PNG render of the same step
# (png_diff, within the encoder's tolerance), holds as one held frame, and
# the rules on files. Skipped (77), saying why, without ffmpeg / ffprobe.
# $1 = convanim, $2 = png_diff.

BIN=$1
DIFF=$2
case $DIFF in */*) ;; *) DIFF=./$DIFF ;; esac # a bare name is not looked up in PATH
for tool in ffmpeg ffprobe; do
    command -v $tool >/dev/null || { echo "skip: $tool is not installed (Debian: apt-get install ffmpeg)"; exit 77; }
done
. "$(dirname "$0")/check.sh"

probe() { # FILE ENTRY: one value of the stream or the format
    ffprobe -v error -count_frames -select_streams v:0 -show_entries "$2" -of default=nw=1:nk=1 "$1"
}

# The figure of step 4, and frame 4 of the video (from 0), side by side.
"$BIN" render --style figure --numbers on --step 4 --size 640x360 --out "$tmp/ref.png"
for fmt in mp4 webm; do
    out=$("$BIN" export --$fmt "$tmp/v.$fmt" --size 640x360 --to 9 --fps 5 --hold 1000 --numbers on 2>"$tmp/err")
    check "$fmt: status" [ $? -eq 0 -a ! -s "$tmp/err" ]
    check "$fmt: summary" sh -c "printf '%s\n' '$out' | grep -Eq '^10 frames, [0-9.]+ s, $tmp/v.$fmt [0-9]+ bytes$'"
    check "$fmt: codec" [ "$(probe "$tmp/v.$fmt" stream=codec_name)" = "$([ $fmt = mp4 ] && echo h264 || echo vp9)" ]
    check "$fmt: frames" [ "$(probe "$tmp/v.$fmt" stream=nb_read_frames)" = 10 ]
    check "$fmt: size" [ "$(probe "$tmp/v.$fmt" stream=width,height | tr '\n' x)" = 640x360x ]
    # 10 frames of 200 ms, the last held 1 s longer: 3 s, not 15 copies
    dur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$tmp/v.$fmt")
    check "$fmt: duration with the hold ($dur)" awk "BEGIN { exit !($dur > 2.95 && $dur < 3.05) }"
    ffmpeg -v error -y -i "$tmp/v.$fmt" -vf 'select=eq(n\,4)' -frames:v 1 "$tmp/f4-$fmt.png"
    res=$("$DIFF" "$tmp/ref.png" "$tmp/f4-$fmt.png" 4)
    check "$fmt: frame 4 is the render of step 4 ($res)" [ $? -eq 0 ]
    check "$fmt: no temporary file left" [ -z "$(ls -A "$tmp" | grep tmp-)" ]
done

# An odd size is kept (H.264 goes 4:4:4 for it).
"$BIN" export --mp4 "$tmp/odd.mp4" --size 395x381 --to 2 --quiet
check "odd size" [ "$(probe "$tmp/odd.mp4" stream=width,height | tr '\n' x)" = 395x381x ]

# A failed run keeps the old file and leaves nothing beside it.
printf 'old' >"$tmp/keep.mp4"
"$BIN" export --mp4 "$tmp/keep.mp4" --size 160x100 --to 99 2>"$tmp/err"
check "bad range: status 2" [ $? -eq 2 ]
check "bad range: old file kept" [ "$(cat "$tmp/keep.mp4")" = old ]
"$BIN" export --webm "$tmp/no/such/dir.webm" --size 160x100 --to 1 2>"$tmp/err"
check "missing folder: status 1" [ $? -eq 1 ]
check "missing folder: one line naming it" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "no/such/dir.webm" "$tmp/err"
"$BIN" export --mp4 /dev/null --size 160x100 --to 2 --quiet
check "a device: written in place" [ $? -eq 0 ]
check "nothing left in the folder" [ "$(ls -A "$tmp" | grep -c tmp-)" -eq 0 ]

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
