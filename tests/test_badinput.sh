#!/bin/sh
# Bad inputs through the real binary, one table row each: the exact exit
# status and stderr line (a row whose message starts with '~' matches a fixed
# substring instead). No row may crash (status >= 128), print to stdout, or
# leave a file behind. $1 = convanim binary, $2 = source root.
#
# Unreadable files: the tests may run as root, for whom chmod 000 blocks
# nothing, and a FIFO would hang, so "cannot be read" is a dangling symlink
# and a path through a regular file (file.json/x.json, ENOTDIR).

BIN=$1
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# Every run is under a timeout: a hang fails its row (status 124) instead
# of the suite. Not a timing assertion: no row comes near it.
T="timeout -k 5 60"

# row NAME STATUS MESSAGE ARGS...: runs convanim ARGS in $tmp.
row() {
    name=$1 want_status=$2 want_err=$3
    shift 3
    $T "$BIN" "$@" >out.txt 2>err.txt
    check "$name" "$?" "$want_status" "$want_err" "$(wc -c <out.txt)"
}

# row_full NAME ARGS...: stdout is /dev/full; the command must fail with 1.
row_full() {
    name=$1
    shift
    $T "$BIN" "$@" >/dev/full 2>err.txt
    check "$name" "$?" 1 "convanim: output: No space left on device" 0
}

check() {
    name=$1 status=$2 want_status=$3 want_err=$4 out_bytes=$5
    err=$(cat err.txt)
    lines=$(wc -l <err.txt)
    case $want_err in
    "~"*) match=0; case $err in *"${want_err#\~}"*) match=1 ;; esac ;;
    *) match=0; [ "$err" = "$want_err" ] && match=1 ;;
    esac
    if [ "$status" -eq "$want_status" ] && [ "$match" -eq 1 ] && [ "$lines" -eq 1 ] &&
       [ "$out_bytes" -eq 0 ] && [ "$status" -lt 128 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n    status %s (want %s), %s bytes on stdout\n    stderr: %s\n    want:   %s\n' \
            "$name" "$status" "$want_status" "$out_bytes" "$err" "$want_err"
    fi
}

# ---- fixtures ----
I='"input": {"shape": [1, 3, 3], "fill": "ones"}'
L='"layers": [{"type": "conv2d", "kernel_size": 2}]'
scene() { f=$1; shift; printf "$@" >"$f"; }
scene trunc.json '{"input": {"shape": [1, 3'
scene brace.json '{'
: >empty.json
scene word.json 'hello'
scene array.json '[]'
scene trailing.json '{%s, %s} x' "$I" "$L"
scene filters-str.json '{%s, "layers": [{"type": "conv2d", "filters": "two"}]}' "$I"
scene kernel-str.json '{%s, "layers": [{"type": "conv2d", "kernel_size": "3"}]}' "$I"
scene title.json '{"title": 5, %s, %s}' "$I" "$L"
scene shape-num.json '{"input": {"shape": 9, "fill": "ones"}, %s}' "$L"
scene data-str.json '{"input": {"shape": [1, 2, 2], "data": [[[1, "a"], [3, 4]]]}, %s}' "$L"
scene nan.json '{"input": {"shape": [1, 2, 2], "data": [[[1, NaN], [3, 4]]]}, %s}' "$L"
scene inf.json '{"input": {"shape": [1, 2, 2], "data": [[[1, Infinity], [3, 4]]]}, %s}' "$L"
scene big.json '{"input": {"shape": [1, 2, 2], "data": [[[1, 1e308], [3, 4]]]}, %s}' "$L"
scene overflow.json '{"input": {"shape": [1, 2, 2], "data": [[[1, -1e999], [3, 4]]]}, %s}' "$L"
scene fill-range.json '{"input": {"shape": [1, 3, 3], "fill": "random", "min": 1e300, "max": 1}, %s}' "$L"
scene shape-neg.json '{"input": {"shape": [1, -3, 3], "fill": "ones"}, %s}' "$L"
scene shape-zero.json '{"input": {"shape": [1, 0, 3], "fill": "ones"}, %s}' "$L"
scene shape-inf.json '{"input": {"shape": [1, 3, 3e400], "fill": "ones"}, %s}' "$L"
scene filters-zero.json '{%s, "layers": [{"type": "conv2d", "filters": 0}]}' "$I"
scene kernel-neg.json '{%s, "layers": [{"type": "conv2d", "kernel_size": -3}]}' "$I"
scene stride-zero.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 2, "stride": 0}]}' "$I"
scene layers-empty.json '{%s, "layers": []}' "$I"
scene layers-missing.json '{%s}' "$I"
scene dup-key.json '{%s, %s, %s}' "$I" "$I" "$L"
scene dup-key-layer.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 2, "kernel_size": 3}]}' "$I"
scene shape-data.json '{"input": {"shape": [1, 3, 3], "data": [[[1, 2], [3, 4]]]}, %s}' "$L"
scene weights-short.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 2, "weights": [[[[1, 2], [3]]]]}]}' "$I"
scene tensor-huge.json '{"input": {"shape": [1, 5000, 5000], "fill": "ones"}, %s}' "$L"
scene kernel-big.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 5}]}' "$I"
scene kvol.json '{"input": {"shape": [1, 70, 70], "fill": "ones"}, "layers": [{"type": "conv2d", "kernel_size": 65}]}'
scene groups.json '{"input": {"shape": [3, 4, 4], "fill": "ones"}, "layers": [{"type": "conv2d", "kernel_size": 1, "groups": 2, "filters": 2}]}'
scene type.json '{%s, "layers": [{"type": "conv4d"}]}' "$I"
scene unknown-key.json '{%s, %s, "colour": 1}' "$I" "$L"
scene layout.json '{"layout": "WHC", %s, %s}' "$I" "$L"
scene zero-lead.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 02}]}' "$I"
scene point.json '{"input": {"shape": [1, 3., 3], "fill": "ones"}, %s}' "$L"
scene nul-str.json '{%s, "layers": [{"type": "conv2d\\u0000junk", "kernel_size": 2}]}' "$I"
scene nul-key.json '{%s, "layers": [{"type": "conv2d", "kernel_size\\u0000zz": 2}]}' "$I"
scene utf8-key.json '{%s, "layers": [{"type": "conv2d", "kernel_size": 2, "\377\376k\303\251y": 1}]}' "$I"
# 16 layers of 4096 taps, everything 1e15: finite inputs, the sums overflow
big='{"type": "conv2d", "filters": 64, "kernel_size": 8, "padding": "same", "weights": {"fill": "random", "min": 1e15, "max": 1e15}}'
scene overflow16.json '{"input": {"shape": [64, 8, 8], "fill": "random", "min": 1e15, "max": 1e15}, "layers": [%s]}' \
    "$(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do printf '%s, ' "$big"; done)$big"
# every tensor within its limit (16.7M values), the scene not (67.1M in all)
wide='{"type": "conv2d", "kernel_size": 1}'
scene scene-huge.json '{"input": {"shape": [1, 4096, 4096], "fill": "zeros"}, "layers": [%s, %s, %s, %s]}' \
    "$wide" "$wide" "$wide" "$wide"
# 3000 nested lists: deeper than cJSON's nesting limit
nest=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "["; for (i = 0; i < 3000; i++) printf "]" }')
scene nested.json '{"input": {"shape": [1, 1, 1], "data": %s}, %s}' "$nest" "$L"
layer='{"type": "conv2d", "kernel_size": 1}'
scene layers-17.json '{"input": {"shape": [1, 4, 4], "fill": "ones"}, "layers": [%s]}' \
    "$(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do printf '%s, ' "$layer"; done)$layer"
for img in zero trunc text dir missing; do
    scene img-$img.json '{"input": {"shape": [1, 4, 4], "image": "%s.png"}, %s}' "$img" "$L"
done
: >zero.png
printf 'hello, not a picture\n' >text.png
# a PNG signature and the start of its header, then nothing
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\004\000\000\000\004\010\000\000\000\000' >trunc.png
mkdir dir.png dir.json
ln -s nowhere.json dangling.json
# sparse files over the size limits: refused from their size, never read
truncate -s 70M huge.json
truncate -s 300M huge.png
scene img-huge.json '{"input": {"shape": [1, 4, 4], "image": "huge.png"}, %s}' "$L"
: >file.json
# FIFOs with no writer: opening one for reading the usual way waits forever
mkfifo fifo.json fifo.png
scene img-fifo.json '{"input": {"shape": [1, 4, 4], "image": "fifo.png"}, %s}' "$L"
scene img-zero-dev.json '{"input": {"shape": [1, 4, 4], "image": "/dev/zero"}, %s}' "$L"
scene good.json '{%s, %s}' "$I" "$L"
# outputs that would replace an input: the same file by name, by a hard
# link, as the scene's image, as --image; and FIFOs as outputs
scene victim.json '{%s, %s}' "$I" "$L"
ln victim.json victim-link.json
cp "$2/assets/images/shapes.png" pic.png
scene img-pic.json '{"input": {"shape": [1, 4, 4], "image": "pic.png"}, %s}' "$L"
mkdir frames-in
scene frames-in/frame_00002.png '{%s, %s}' "$I" "$L"
mkfifo out-fifo.gif
# code --data's side files: a FIFO or a folder in the way, or the scene
mkdir side-fifo side-dir side-scene
mkfifo side-fifo/pytorch_input.npy
mkdir side-dir/pytorch_input.npy
scene side-scene/tfjs_input.json '{%s, %s}' "$I" "$L"
cksum victim.json pic.png frames-in/frame_00002.png side-scene/tfjs_input.json >sums.before

# ---- scene files: JSON ----
row "truncated JSON" 2 "convanim: trunc.json: line 1, column 26: invalid JSON at the end" compute trunc.json
row "lone brace" 2 "convanim: brace.json: line 1, column 2: invalid JSON at the end" compute brace.json
row "empty file" 2 "convanim: empty.json: line 1, column 1: invalid JSON at the end" summary empty.json
row "not JSON" 2 'convanim: word.json: line 1, column 1: invalid JSON near "hello"' compute word.json
row "top level list" 2 "convanim: array.json: scene: must be a JSON object {...}" compute array.json
row "trailing garbage" 2 'convanim: trailing.json: line 1, column 99: invalid JSON near "x"' compute trailing.json
row "deep nesting" 2 'convanim: nested.json: line 1, column 1038: invalid JSON near "[[[[[[[[[[[[[[[["' explain nested.json --at 0,0
row "NaN" 2 'convanim: nan.json: line 1, column 46: invalid JSON near "NaN], [3, 4]]]},"' compute nan.json
row "Infinity" 2 'convanim: inf.json: line 1, column 46: invalid JSON near "Infinity], [3, 4"' compute inf.json
# cJSON is lenient: JSON has no leading zeros and "1." is no number;
# \u0000 would cut a string or key short ("conv2d\u0000junk" read as conv2d)
row "leading zero" 2 "convanim: zero-lead.json: layers[0].kernel_size: 02 is not a JSON number (leading zero)" compute zero-lead.json
row "number ending in a point" 2 "convanim: point.json: input.shape[1]: 3. is not a JSON number" compute point.json
row "NUL in a string" 2 'convanim: nul-str.json: layers[0].type: \u0000 (a NUL character) in a string' compute nul-str.json
row "NUL in a key" 2 'convanim: nul-key.json: layers[0].kernel_size\u0000zz: \u0000 (a NUL character) in a key' compute nul-key.json
row "invalid UTF-8 key" 2 "convanim: utf8-key.json: layers[0].\\xFF\\xFEk$(printf '\303\251')y: unknown key (known: type, filters, out_channels, in_channels, kernel_size, stride, strides, padding, padding_mode, dilation, dilation_rate, groups, bias, use_bias, activation, output_padding, weights, bias_values)" compute utf8-key.json
# ---- scene files: types and values ----
row "filters a string" 2 "convanim: filters-str.json: layers[0].filters: must be a positive integer" compute filters-str.json
row "kernel a string" 2 "convanim: kernel-str.json: layers[0].kernel_size: must be a positive integer or a list of 2 of them" compute kernel-str.json
row "title a number" 2 "convanim: title.json: title: must be a string" summary title.json
row "shape a number" 2 "convanim: shape-num.json: input.shape: must be a list of positive integers" compute shape-num.json
row "data with a string" 2 "convanim: data-str.json: input.data[0][0][1]: expected a number, got a string" compute data-str.json
row "1e308 in data" 2 "convanim: big.json: input.data[0][0][1]: must be a finite number of magnitude at most 1e15" compute big.json
row "-1e999 in data" 2 "convanim: overflow.json: input.data[0][0][1]: must be a finite number of magnitude at most 1e15" compute overflow.json
row "1e300 fill bound" 2 "convanim: fill-range.json: input.min: must be a finite number of magnitude at most 1e15" compute fill-range.json
row "negative size" 2 "convanim: shape-neg.json: input.shape: must be a list of positive integers" compute shape-neg.json
row "zero size" 2 "convanim: shape-zero.json: input.shape: must be a list of positive integers" compute shape-zero.json
row "3e400 size" 2 "convanim: shape-inf.json: input.shape: too large (at most 16777216)" compute shape-inf.json
row "zero filters" 2 "convanim: filters-zero.json: layers[0].filters: must be a positive integer" compute filters-zero.json
row "negative kernel" 2 "convanim: kernel-neg.json: layers[0].kernel_size: must be a positive integer or a list of 2 of them" compute kernel-neg.json
row "zero stride" 2 "convanim: stride-zero.json: layers[0].stride: must be a positive integer or a list of 2 of them" compute stride-zero.json
row "empty layer list" 2 "convanim: layers-empty.json: layers: must be a list of 1 to 16 layers" summary layers-empty.json
row "no layers" 2 "convanim: layers-missing.json: layers: missing" compute layers-missing.json
row "17 layers" 2 "convanim: layers-17.json: layers: must be a list of 1 to 16 layers" summary layers-17.json
row "duplicate key" 2 "convanim: dup-key.json: input: duplicate key" compute dup-key.json
row "duplicate layer key" 2 "convanim: dup-key-layer.json: layers[0].kernel_size: duplicate key" compute dup-key-layer.json
row "shape disagrees with data" 2 "convanim: shape-data.json: input.data[0]: expected a list of 3 lists, got 2" compute shape-data.json
row "weights too short" 2 "convanim: weights-short.json: layers[0].weights[0][0][1]: expected a list of 2 numbers, got 1" compute weights-short.json
row "tensor over the limit" 2 "convanim: tensor-huge.json: input.shape: more than 16777216 values, the limit on a tensor" compute tensor-huge.json
row "kernel over the input" 2 "convanim: kernel-big.json: layers[0].kernel_size: output H = (3 + 2*0 - 1*(5-1) - 1)/1 + 1 = -1, must be at least 1: the kernel spans 5 cells (dilation 1), the padded input only 3" compute kernel-big.json
row "outputs overflow to inf" 2 "convanim: overflow16.json: layers[15].output: filter 0, y 0, x 0 is inf: the values overflow a double; keep the inputs and weights smaller" compute overflow16.json
row "scene over the value limit" 2 "convanim: scene-huge.json: layers[2]: more than 67108864 values in the scene up to this layer (input, weights, biases, outputs), the limit on a scene" summary scene-huge.json
row "kernel volume over the limit" 2 "convanim: kvol.json: layers[0].kernel_size: kernel volume is more than 4096 taps, the limit" compute kvol.json
row "groups do not divide" 2 "convanim: groups.json: layers[0].groups: in_channels 3 is not divisible by groups 2" compute groups.json
row "unknown layer type" 2 'convanim: type.json: layers[0].type: must be "conv1d", "conv2d", "conv3d" or "conv_transpose2d"' compute type.json
row "unknown key" 2 "convanim: unknown-key.json: colour: unknown key (known: title, layout, data_format, input, layers)" compute unknown-key.json
row "unknown layout" 2 'convanim: layout.json: layout: must be "CHW" or "HWC"' compute layout.json
# ---- scene files: images ----
row "zero-byte image" 2 "convanim: img-zero.json: input.image: zero.png: not a picture stb_image can read (empty file)" compute img-zero.json
row "truncated image" 2 "convanim: img-trunc.json: input.image: trunc.png: cannot decode (corrupt or truncated)" compute img-trunc.json
row "mislabelled image" 2 "convanim: img-text.json: input.image: text.png: not a picture stb_image can read (unknown image type)" compute img-text.json
row "image is a directory" 2 "convanim: img-dir.json: input.image: dir.png: is a directory, not a picture" compute img-dir.json
row "image missing" 2 "convanim: img-missing.json: input.image: missing.png: cannot open: No such file or directory" compute img-missing.json
row "image over the file limit" 2 "convanim: img-huge.json: input.image: huge.png: more than 268435456 bytes, the limit on a picture file" compute img-huge.json
row "--image over the file limit" 2 "convanim: huge.png: more than 268435456 bytes, the limit on a picture file" compute --image huge.png
row "scene over the file limit" 2 "convanim: huge.json: larger than 67108864 bytes" compute huge.json
# ---- files that cannot be read ----
row "scene is a directory" 2 "convanim: dir.json: is a directory, not a scene file" summary dir.json
row "dangling symlink" 1 "convanim: dangling.json: No such file or directory" compute dangling.json
row "path through a file" 1 "convanim: file.json/x.json: Not a directory" compute file.json/x.json
row "missing scene" 1 "convanim: missing.json: No such file or directory" explain missing.json --at 0,0
# ---- files that are not files: never read, or read only up to a limit ----
row "scene is a FIFO" 2 "convanim: fifo.json: is a FIFO, not a regular file" compute fifo.json
row "scene is /dev/zero" 2 "convanim: /dev/zero: is a character device, not a regular file" summary /dev/zero
row "scene image is a FIFO" 2 "convanim: img-fifo.json: input.image: fifo.png: is a FIFO, not a regular file" compute img-fifo.json
row "scene image is /dev/zero" 2 "convanim: img-zero-dev.json: input.image: /dev/zero: is a character device, not a regular file" compute img-zero-dev.json
row "--image is a FIFO" 2 "convanim: fifo.png: is a FIFO, not a regular file" compute --image fifo.png
row "--image is /dev/zero" 2 "convanim: /dev/zero: is a character device, not a regular file" compute --image /dev/zero
# /proc/self/mem opens as a regular file of size 0, and reading it fails (EIO)
row "scene read fails (EIO)" 1 "convanim: /proc/self/mem: cannot read: Input/output error" compute /proc/self/mem
row "--image read fails (EIO)" 1 "convanim: /proc/self/mem: cannot read: Input/output error" compute --image /proc/self/mem
# ---- outputs that must not be written ----
row "--gif is the scene" 2 "convanim: --gif: victim.json would replace the scene file victim.json" export victim.json --gif victim.json
row "--out is the scene" 2 "convanim: --out: victim.json would replace the scene file victim.json" render victim.json --out victim.json
row "--gif is the scene by a hard link" 2 "convanim: --gif: victim-link.json would replace the scene file victim.json" export victim.json --gif victim-link.json
row "--out is the scene's image" 2 "convanim: --out: pic.png would replace the input image pic.png" render img-pic.json --out pic.png
row "--gif is --image" 2 "convanim: --gif: ./pic.png would replace the input image pic.png" export --image pic.png --input 8x8 --gif ./pic.png
row "--frames holds the scene" 2 "convanim: --frames: frames-in holds the scene file frames-in/frame_00002.png, which the frames would replace" export frames-in/frame_00002.png --frames frames-in
row "--gif is a FIFO" 2 "convanim: --gif: out-fifo.gif: is a FIFO, not a regular file" export good.json --gif out-fifo.gif
row "--out is a FIFO" 2 "convanim: --out: out-fifo.gif: is a FIFO, not a regular file" render good.json --out out-fifo.gif
row "--out is a folder" 2 "convanim: --out: dir.png: is a directory, not a regular file" render good.json --out dir.png
row "--describe is the scene" 2 "convanim: --describe: victim.json would replace the scene file victim.json" render victim.json --out victim.png --describe victim.json
# the network strip's cells
row "--hover tensor, one layer" 2 "convanim: --hover: tensor cells are in the network strip of a scene of several layers" render good.json --out x.png --hover tensor:0,0,0,0
row "--hover tensor out of range" 2 "convanim: --hover: tensor 3 is outside 0..2" render "$2/assets/scenes/keras-8x8x3-two-layers.json" --out x.png --hover tensor:3,0,0,0
row "--hover tensor channel" 2 "convanim: --hover: channel 2 of tensor 1 is outside 0..1" render "$2/assets/scenes/keras-8x8x3-two-layers.json" --out x.png --hover tensor:1,2,0,0
row "--hover tensor position" 2 "convanim: --hover: tensor 2's W = 4 is outside 0..3" render "$2/assets/scenes/keras-8x8x3-two-layers.json" --out x.png --hover tensor:2,0,0,4
row "--hover tensor numbers" 2 "convanim: --hover: a tensor cell needs 4 numbers (tensor, channel, position), got 3" render "$2/assets/scenes/keras-8x8x3-two-layers.json" --out x.png --hover tensor:1,0,0
row "--hover kind" 2 "convanim: --hover: \"cell:1,2\" is not input:C,Y,X, output:F,Y,X or tensor:T,C,Y,X" render good.json --out x.png --hover cell:1,2
row "--describe is a FIFO" 2 "convanim: --describe: out-fifo.gif: is a FIFO, not a regular file" render good.json --out good.png --describe out-fifo.gif
row "--screenshot is a FIFO" 2 "convanim: --screenshot: out-fifo.gif: is a FIFO, not a regular file" good.json --screenshot out-fifo.gif
row "--data side file is a FIFO" 2 "convanim: --data: side-fifo/pytorch_input.npy: is a FIFO, not a regular file" code good.json --framework pytorch --data side-fifo
row "--data side file is a folder" 2 "convanim: --data: side-dir/pytorch_input.npy: is a directory, not a regular file" code good.json --framework pytorch --data side-dir
row "--data side file is the scene" 2 "convanim: --data: side-scene/tfjs_input.json would replace the scene file side-scene/tfjs_input.json" code side-scene/tfjs_input.json --framework tfjs --data side-scene
cksum victim.json pic.png frames-in/frame_00002.png side-scene/tfjs_input.json >sums.after
# each side folder holds its fixture alone: no side file was written
for d in side-fifo side-dir side-scene; do
    if [ "$(ls -A "$d" | wc -l)" -ne 1 ]; then
        failed=$((failed + 1)); echo "FAIL $d: $(ls -A "$d" | tr '\n' ' ')"
    fi
done
if ! cmp -s sums.before sums.after; then
    failed=$((failed + 1)); echo "FAIL an input was changed by a refused output"
fi
[ -p out-fifo.gif ] || { failed=$((failed + 1)); echo "FAIL out-fifo.gif is no longer a FIFO"; }
rm -rf sums.before sums.after out-fifo.gif frames-in side-fifo side-dir side-scene
# ---- window scripts: input like a scene (checked before any window opens) ----
printf 'wait 99999999999\n' >wait-big.txt
printf 'key Right\nwait 10 20\n' >wait-two.txt
printf 'mouse 1 99999999999\n' >mouse-big.txt
printf 'resize 0 600\n' >resize-zero.txt
printf 'bogus\n' >bogus.txt
{ printf '# '; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "x" }'; printf ' quit\n'; } >long-comment.txt
mkdir script-dir.txt
mkfifo script-fifo.txt
row "script: wait overflows" 2 "convanim: script: wait-big.txt:1: cannot read 'wait 99999999999': wait takes milliseconds, 0..600000" good.json --script wait-big.txt
row "script: wait with two numbers" 2 "convanim: script: wait-two.txt:2: cannot read 'wait 10 20': wait takes milliseconds, 0..600000" good.json --script wait-two.txt
row "script: mouse overflows" 2 "convanim: script: mouse-big.txt:1: cannot read 'mouse 1 99999999999': mouse takes X Y, each in -100000..100000" good.json --script mouse-big.txt
row "script: resize to zero" 2 "convanim: script: resize-zero.txt:1: cannot read 'resize 0 600': resize takes W H, each in 1..16384" good.json --script resize-zero.txt
row "script: unknown command" 2 "convanim: script: bogus.txt:1: cannot read 'bogus'" good.json --script bogus.txt
row "script: a comment past the line limit" 2 "convanim: script: long-comment.txt:1: longer than 4095 bytes" good.json --script long-comment.txt
row "script is a directory" 2 "convanim: script: script-dir.txt: is a directory, not a script" good.json --script script-dir.txt
row "script is a FIFO" 2 "convanim: script: script-fifo.txt: is a FIFO, not a regular file" good.json --script script-fifo.txt
row "script is /dev/zero" 2 "convanim: script: /dev/zero: is a character device, not a regular file" good.json --script /dev/zero
row "script missing" 1 "convanim: script: missing.txt: No such file or directory" good.json --script missing.txt
rm -rf wait-big.txt wait-two.txt mouse-big.txt resize-zero.txt bogus.txt long-comment.txt script-dir.txt script-fifo.txt
# ---- flags ----
row "--fps 1e-300" 2 "convanim: --fps: 1e-300 makes a frame longer than 600000 ms, the longest --delay" export --gif x.gif --fps 1e-300
row "--fps 4.6e-7" 2 "convanim: --fps: 4.6e-7 makes a frame longer than 600000 ms, the longest --delay" export --gif x.gif --fps 4.6e-7
# a 5,000-byte path: the middle of the path gives way, the reason stays
longpath=$(awk 'BEGIN { for (i = 0; i < 4990; i++) printf "a" }').png
row "5000-byte image path" 1 "~aaaa...aaaa" compute --image "$longpath"
row "5000-byte image path keeps the reason" 1 "~aaaa.png: cannot open: File name too long" compute --image "$longpath"
row "--input 0x5" 2 "convanim: --input: must be at least 1, got 0" compute --input 0x5
row "--input -3x5" 2 "convanim: --input: must be at least 1, got -3" compute --input -3x5
row "--input 5x" 2 'convanim: --input: "5x" is not a number or a list like 3x3' compute --input 5x
row "--input too large" 2 "convanim: --input: 99999999999 is too large, at most 1048576" compute --input 99999999999x5
row "--input over the tensor limit" 2 "convanim: input.shape: more than 16777216 values, the limit on a tensor" compute --input 5000x5000
row "--kernel 0" 2 "convanim: --kernel: must be at least 1, got 0" compute --kernel 0
row "--kernel 65" 2 "convanim: layers[0].kernel_size: kernel volume is more than 4096 taps, the limit" compute --kernel 65 --input 70x70
row "--filters abc" 2 'convanim: --filters: "abc" is not a whole number' compute --filters abc
row "--stride without value" 2 "convanim: --stride: needs a value" compute --stride
row "--padding -1" 2 'convanim: --padding: "-1" is not valid|same|full|causal, N or NxM' compute --padding -1
row "--padding causal on conv2d" 2 "convanim: layers[0].padding: 'causal' is for conv1d only, this layer is conv2d" compute --padding causal --input 5x5
row "causal in a 2-D scene" 2 "convanim: layers[0].padding: 'causal' is for conv1d only, this layer is conv3d" compute --padding causal --input 4x5x5
row "--groups 2 of 3 channels" 2 "convanim: layers[0].groups: in_channels 3 is not divisible by groups 2" compute --groups 2 --channels 3
row "--seed -1" 2 'convanim: --seed: "-1" is not a whole number >= 0' compute --seed -1
row "unknown flag" 2 "convanim: --bogus: unknown option (see convanim compute --help)" compute --bogus
row "unknown command" 2 "convanim: frobnicate: unknown command (window, compute, summary, explain, render, export, code, lesson)" frobnicate
row "two scenes" 2 "convanim: b.json: unexpected argument, the scene is already a.json" compute a.json b.json
row "file and flags" 2 "convanim: good.json: scene flags (--input, --kernel, ...) cannot be combined with a scene file" compute good.json --input 5x5
row "explain without --at" 2 "convanim: --at: explain needs the output cell, e.g. --at 0,0" explain
row "--at outside" 2 "convanim: --at: y = 9 is outside the output, 0..2" explain --at 9,9
row "--at three numbers" 2 "convanim: --at: conv2d takes 2 coordinates (Y,X), got 3" explain --at 1,2,3
row "--at letters" 2 'convanim: --at: "a" is not a whole number' explain --at a,b
row "--filter outside" 2 "convanim: --filter: 3 is outside the layer's filters, 0..1" explain --at 0,0 --filter 3
row "--layer outside" 2 "convanim: --layer: 5 is outside the scene's layers, 0..0" compute --layer 5
row "--image zero bytes" 2 "convanim: zero.png: not a picture stb_image can read (empty file)" compute --image zero.png
row "--image mislabelled" 2 "convanim: text.png: not a picture stb_image can read (unknown image type)" compute --image text.png --input 4x4
row "--image directory" 2 "convanim: dir.png: is a directory, not a picture" compute --image dir.png
row "--image dangling" 1 "convanim: dangling.json: cannot open: No such file or directory" compute --image dangling.json
row "--image 2 channels" 2 "convanim: --image: the input must be 2D with 1 or 3 channels, not 2" compute --image zero.png --channels 2
# ---- lessons: the same one line, with the slide's path ----
scene lesson-stride.json '{"slides": [{"scene": {%s, %s}}, {"scene": {%s, "layers": [{"type": "conv2d", "kernel_size": 2, "stride": 0}]}}]}' "$I" "$L" "$I"
scene lesson-empty.json '{"slides": []}'
scene lesson-step.json '{"slides": [{"scene": {%s, %s}, "step": 4}]}' "$I" "$L"
scene lesson-key.json '{"slides": [{"scene": {%s, %s}, "colour": 1}]}' "$I" "$L"
scene lesson-path.json '{"slides": [{"scene": "trunc.json"}]}'
scene lesson-missing.json '{"slides": [{"scene": "no-such.json"}]}'
row "lesson bad inline scene" 2 "convanim: lesson-stride.json: slides[1].scene.layers[0].stride: must be a positive integer or a list of 2 of them" lesson lesson-stride.json --check
row "lesson no slides" 2 "convanim: lesson-empty.json: slides: must be a list of 1 to 256 slides" lesson lesson-empty.json --check
row "lesson step past the end" 2 "convanim: lesson-step.json: slides[0].step: 4 is past the last, 3" lesson lesson-step.json --check
row "lesson unknown key" 2 "~convanim: lesson-key.json: slides[0].colour: unknown key (known: scene, layer," lesson lesson-key.json --check
row "lesson scene file bad" 2 "convanim: lesson-path.json: slides[0].scene: trunc.json: line 1, column 26: invalid JSON at the end" lesson lesson-path.json --check
row "lesson scene file missing" 1 "convanim: lesson-missing.json: slides[0].scene: no-such.json: No such file or directory" lesson lesson-missing.json --check
row "lesson file missing" 1 "convanim: nothing.json: No such file or directory" lesson nothing.json --check
row "lesson without a file" 2 "convanim: lesson: needs the lesson file, e.g. convanim lesson assets/lessons/convolution.json" lesson --check
row "lesson scene flags" 2 "convanim: --kernel: not an option of lesson" lesson lesson-step.json --kernel 3
row "lesson a directory" 2 "convanim: dir.png: is a directory, not a lesson file" lesson dir.png --check
# ---- output that cannot be written ----
row_full "compute to /dev/full" compute good.json
row_full "summary to /dev/full" summary good.json
row_full "explain to /dev/full" explain good.json --at 0,0
row_full "--help to /dev/full" compute --help
row_full "--version to /dev/full" --version
# /proc takes no new files, even from root; render is not built yet, and
# whatever it becomes it must fail cleanly and leave nothing behind.
row "render into /proc" 1 "~convanim: " render good.json --out /proc/convanim-test.png
if [ -e /proc/convanim-test.png ]; then
    failed=$((failed + 1)); echo "FAIL render left /proc/convanim-test.png"
fi
# Nothing but the fixtures and the two capture files in the folder.
left=$(ls -A | grep -v -e '\.json$' -e '\.png$' -e '^out\.txt$' -e '^err\.txt$')
if [ -n "$left" ]; then
    failed=$((failed + 1)); echo "FAIL files left behind: $left"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
