#!/bin/sh
# End-to-end tests of `convanim export`: files made, the summary line, exit
# statuses and one-line errors, and nothing left behind by a failure.
# $1 = convanim binary.

BIN=$1
. "$(dirname "$0")/check.sh"

run() {
    "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# On a pipe: no progress bar, one summary line on stdout.
run export --gif "$tmp/a.gif" --size 320x180 --granularity position
check "gif: status" [ "$status" -eq 0 ]
check "gif: no stderr" [ -z "$err" ]
check "gif: summary" sh -c "printf '%s\n' '$out' | grep -Eq '^18 frames, [0-9.]+ s, $tmp/a.gif [0-9]+ bytes$'"
check "gif: magic" sh -c "head -c 6 '$tmp/a.gif' | grep -q GIF89a"
bytes=$(wc -c <"$tmp/a.gif")
check "gif: bytes in summary" sh -c "printf '%s\n' '$out' | grep -q ' $bytes bytes'"

# PNG frames into a new directory, quietly.
run export --frames "$tmp/fr" --size 200x120 --granularity position --from 2 --to 5 --quiet
check "frames: status" [ "$status" -eq 0 ]
check "frames: quiet" [ -z "$out$err" ]
check "frames: four files" [ "$(ls "$tmp/fr" | wc -l)" -eq 4 ]
check "frames: names" [ -f "$tmp/fr/frame_00001.png" -a -f "$tmp/fr/frame_00004.png" ]

# /dev/full: one-line error, exit 1, the device still a device.
run export --gif /dev/full --size 160x100 --granularity position
check "full: status" [ "$status" -eq 1 ]
check "full: message" [ "$err" = "convanim: /dev/full: No space left on device" ]
check "full: no stdout" [ -z "$out" ]
check "full: still a device" [ -c /dev/full ]

# A directory that is not there; a file where the directory should be.
run export --gif "$tmp/nodir/a.gif" --size 160x100
check "nodir: status" [ "$status" -eq 1 ]
check "nodir: message" [ "$err" = "convanim: $tmp/nodir/a.gif: cannot create a file there: No such file or directory" ]
check "nodir: nothing made" [ ! -e "$tmp/nodir" ]
echo x >"$tmp/plain"
run export --frames "$tmp/plain" --size 160x100
check "plain: status" [ "$status" -eq 1 ]
check "plain: message" [ "$err" = "convanim: $tmp/plain: not a directory" ]

# An existing GIF stays as it was when the run fails.
printf 'old' >"$tmp/keep.gif"
run export --gif "$tmp/keep.gif" --frames "$tmp/plain" --size 160x100
check "keep: status" [ "$status" -eq 1 ]
check "keep: untouched" [ "$(cat "$tmp/keep.gif")" = old ]
check "keep: no temp file" [ "$(ls "$tmp" | grep -c tmp-)" -eq 0 ]

# A 254-byte file name, valid on its own: the temporary name beside it is
# cut to fit NAME_MAX (255) instead of failing with "File name too long".
long=$(printf '%0250d' 0).gif
run export --gif "$tmp/$long" --size 160x100 --granularity position --quiet
check "long name: status" [ "$status" -eq 0 ]
check "long name: no stderr" [ -z "$err" ]
check "long name: written" [ -s "$tmp/$long" ]
run render --out "$tmp/${long%.gif}.png" --size 160x100
check "long name: render" [ "$status" -eq 0 -a -s "$tmp/${long%.gif}.png" ]
check "long name: no temp file" [ "$(ls "$tmp" | grep -c tmp-)" -eq 0 ]
rm -f "$tmp/$long" "$tmp/${long%.gif}.png"

# Temporary files a killed run left (unlocked) go with the next export to
# the same target; one a live run holds locked stays, and so does another
# target's.
mkdir "$tmp/stale"
printf 'stale' >"$tmp/stale/s.gif.tmp-AbC123"
printf 'stale' >"$tmp/stale/s.png.tmp-AbC123"
printf 'live' >"$tmp/stale/s.gif.tmp-LiVe99"
printf 'other' >"$tmp/stale/t.gif.tmp-AbC123"
mkfifo "$tmp/stale/go"
flock "$tmp/stale/s.gif.tmp-LiVe99" sh -c "echo locked >'$tmp/stale/held'; read x <'$tmp/stale/go'" &
holder=$!
n=0
while [ ! -e "$tmp/stale/held" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
run export --gif "$tmp/stale/s.gif" --size 160x100 --granularity position --quiet
check "stale gif: status" [ "$status" -eq 0 ]
check "stale gif: removed" [ ! -e "$tmp/stale/s.gif.tmp-AbC123" ]
check "stale gif: a live one stays" [ -e "$tmp/stale/s.gif.tmp-LiVe99" ]
check "stale gif: another target's stays" [ -e "$tmp/stale/t.gif.tmp-AbC123" ]
run render --out "$tmp/stale/s.png" --size 160x100
check "stale png: removed" [ "$status" -eq 0 -a ! -e "$tmp/stale/s.png.tmp-AbC123" ]
echo go >"$tmp/stale/go"
wait "$holder"

# A frame folder holds one run: 5 new frames over an earlier 18 replace
# frames 1-5 and remove 6-18; a killed run's parts go; a file that is not
# a frame stays, named in a warning.
run export --frames "$tmp/one" --size 160x100 --granularity position --quiet
check "one run: 18 frames" [ "$(ls "$tmp/one" | wc -l)" -eq 18 ]
printf 'mine' >"$tmp/one/notes.txt"
printf 'part' >"$tmp/one/.frame_00003.png.part"
run export --frames "$tmp/one" --size 160x100 --granularity position --to 4 --quiet
check "one run: status" [ "$status" -eq 0 ]
check "one run: the 5 new frames only" [ "$(ls "$tmp/one" | grep -c '^frame_')" -eq 5 ]
check "one run: frame 5 is there" [ -f "$tmp/one/frame_00005.png" -a ! -e "$tmp/one/frame_00006.png" ]
check "one run: stale part removed" [ ! -e "$tmp/one/.frame_00003.png.part" ]
check "one run: other file kept" [ "$(cat "$tmp/one/notes.txt")" = mine ]
check "one run: warning" [ "$err" = "convanim: warning: $tmp/one: notes.txt is not a frame; left as it is" ]
check "one run: nothing on stdout" [ -z "$out" ]

# A folder another export holds locked: refused at once, untouched.
mkfifo "$tmp/go2"
flock "$tmp/one" sh -c "echo locked >'$tmp/held2'; read x <'$tmp/go2'" &
holder=$!
n=0
while [ ! -e "$tmp/held2" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
run export --frames "$tmp/one" --size 160x100 --granularity position --quiet
check "locked: status" [ "$status" -eq 1 ]
check "locked: message" [ "$err" = "convanim: $tmp/one: another export is writing frames there" ]
check "locked: untouched" [ "$(ls "$tmp/one" | grep -c '^frame_')" -eq 5 ]
echo go >"$tmp/go2"
wait "$holder"

# Two exports into one folder at once: whichever order they run in, the
# folder ends up holding exactly one run's frames, byte for byte.
run export --frames "$tmp/refa" --size 160x100 --granularity position --theme dark --quiet
run export --frames "$tmp/refb" --size 160x100 --granularity position --to 4 --quiet
"$BIN" export --frames "$tmp/both" --size 160x100 --granularity position --theme dark --quiet 2>/dev/null &
pa=$!
"$BIN" export --frames "$tmp/both" --size 160x100 --granularity position --to 4 --quiet 2>/dev/null &
pb=$!
wait $pa; sa=$?
wait $pb; sb=$?
whole=0
if diff -r "$tmp/both" "$tmp/refa" >/dev/null || diff -r "$tmp/both" "$tmp/refb" >/dev/null; then whole=1; fi
check "two at once: one run whole" [ "$whole" -eq 1 ]
check "two at once: a loser fails with 1" [ $((sa + sb)) -le 1 ]
check "two at once: no parts" [ "$(ls -A "$tmp/both" | grep -c '^\.')" -eq 0 ]

# Signals in the middle of an export: waits (without a deadline that
# matters) until the run has its temporary file, then signals it.
# wait_for DIR PATTERN: until ls -A DIR shows a name matching PATTERN.
wait_for() {
    n=0
    while ! ls -A "$1" 2>/dev/null | grep -q -e "$2" && [ $n -lt 1200 ]; do sleep 0.05; n=$((n + 1)); done
}
mkdir "$tmp/sig"
printf 'old' >"$tmp/sig/keep.gif"
"$BIN" export --gif "$tmp/sig/keep.gif" --granularity mac >/dev/null 2>"$tmp/sig-err" &
pid=$!
wait_for "$tmp/sig" 'tmp-'
kill -TERM $pid
wait $pid
status=$?
check "SIGTERM: status 143" [ "$status" -eq 143 ]
check "SIGTERM: message" [ "$(cat "$tmp/sig-err")" = "convanim: export: interrupted by SIGTERM; nothing written" ]
check "SIGTERM: target untouched" [ "$(cat "$tmp/sig/keep.gif")" = old ]
check "SIGTERM: no temp file" [ "$(ls -A "$tmp/sig" | grep -c tmp-)" -eq 0 ]
# A background job of a script starts with SIGINT ignored: perl restores
# the default, as an interactive shell's foreground job has it.
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' "$BIN" export --frames "$tmp/sig/fr" --granularity mac \
    >/dev/null 2>"$tmp/sig-err" &
pid=$!
wait_for "$tmp/sig/fr" 'part'
kill -INT $pid
wait $pid
status=$?
check "SIGINT: status 130" [ "$status" -eq 130 ]
check "SIGINT: message" [ "$(cat "$tmp/sig-err")" = "convanim: export: interrupted by SIGINT; nothing written" ]
check "SIGINT: the folder it made is gone" [ ! -e "$tmp/sig/fr" ]
# SIGKILL cannot be caught: the temporary file stays, and the next export
# to the same target removes it.
"$BIN" export --gif "$tmp/sig/k.gif" --granularity mac >/dev/null 2>&1 &
pid=$!
wait_for "$tmp/sig" 'k.gif.tmp-'
kill -KILL $pid
wait $pid
check "SIGKILL: temp file left" [ "$(ls -A "$tmp/sig" | grep -c 'k.gif.tmp-')" -eq 1 ]
run export --gif "$tmp/sig/k.gif" --size 160x100 --granularity position --quiet
check "SIGKILL: next export removes it" [ "$status" -eq 0 -a "$(ls -A "$tmp/sig" | grep -c tmp-)" -eq 0 ]
mkdir "$tmp/sig/kf"
"$BIN" export --frames "$tmp/sig/kf" --granularity mac >/dev/null 2>&1 &
pid=$!
wait_for "$tmp/sig/kf" 'part'
kill -KILL $pid
wait $pid
run export --frames "$tmp/sig/kf" --size 160x100 --granularity position --quiet
check "SIGKILL: next frames run removes the parts" [ "$status" -eq 0 -a "$(ls -A "$tmp/sig/kf" | grep -c part)" -eq 0 ]

# Bad input: exit 2 naming the flag.
run export --gif "$tmp/b.gif" --granularity position --to 18
check "range: status" [ "$status" -eq 2 ]
check "range: message" [ "$err" = "convanim: --to: step 18 is past the last step 17 (position granularity)" ]
check "range: nothing made" [ ! -e "$tmp/b.gif" ]
run export --gif "$tmp/b.gif" --layer 3
check "layer: status" [ "$status" -eq 2 ]
check "layer: message" [ "$err" = "convanim: --layer: 3 is past the last layer 0" ]

# Figure style (export's default): the summary says when the digits went;
# the full path of what was written.
run export --gif "$tmp/fig.gif" --size 200x150 --granularity position
check "figure: numbers off said" sh -c "printf '%s\n' '$out' | grep -q ', numbers off: digits would be under 10 px at 200x150 (--numbers on draws them)$'"
run export --gif "$tmp/fig2.gif" --size 200x150 --granularity position --numbers on
check "figure: numbers on asked" sh -c "! printf '%s\n' '$out' | grep -q 'numbers off'"
abs=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
(cd "$tmp" && "$abs" export --gif rel.gif --size 160x100 --granularity position --to 1 >out2)
check "figure: full path" grep -q " $(cd "$tmp" && pwd -P)/rel.gif [0-9]* bytes" "$tmp/out2"
run export --gif "$tmp/p.gif" --size 320x180 --granularity position --to 1 --projector --theme dark --style window --caption hi --vocab keras
check "figure: flags taken" [ "$status" -eq 0 -a -s "$tmp/p.gif" ]
run export --gif "$tmp/b.gif" --style poster
check "style: bad" [ "$status" -eq 2 -a "$err" = 'convanim: --style: "poster" is not one of window|figure' ]
run export --gif "$tmp/b.gif" --vocab tfjs
check "vocab: bad" [ "$status" -eq 2 -a "$err" = 'convanim: --vocab: "tfjs" is not one of pytorch|keras' ]
run export --gif "$tmp/b.gif" --numbers some
check "numbers: bad" [ "$status" -eq 2 -a "$err" = 'convanim: --numbers: "some" is not one of auto|on|off' ]

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
