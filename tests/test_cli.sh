#!/bin/sh
# End-to-end tests of the command line. $1 = convanim binary, $2 = source root.
# Each case runs the program and compares stdout, stderr and the exit status
# exactly where the output is a public interface (JSON, summaries, explain).

BIN=$1
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
ROOT=$2
SCENES=$ROOT/assets/scenes
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$1"
    shift
    printf '%s\n' "$@" | sed 's/^/    /'
}

# run ARGS...: sets $out, $err, $status
run() {
    "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect NAME WANT ARGS...: status 0, stdout exactly WANT, stderr empty.
expect() {
    name=$1 want=$2
    shift 2
    run "$@"
    if [ "$status" -eq 0 ] && [ "$out" = "$want" ] && [ -z "$err" ]; then
        ok
    else
        bad "$name" "status $status, stderr: $err" "got:" "$out" "want:" "$want"
    fi
}

# expect_has NAME LINE ARGS...: status 0 and LINE is one whole line of stdout.
expect_has() {
    name=$1 want=$2
    shift 2
    run "$@"
    if [ "$status" -eq 0 ] && printf '%s\n' "$out" | grep -qxF -- "$want"; then
        ok
    else
        bad "$name" "status $status, stderr: $err" "no line:" "$want" "in:" "$out"
    fi
}

# expect_fail NAME STATUS TEXT ARGS...: exit STATUS, nothing on stdout, one
# line "convanim: ..." on stderr containing TEXT.
expect_fail() {
    name=$1 want_status=$2 text=$3
    shift 3
    run "$@"
    lines=$(printf '%s\n' "$err" | wc -l)
    case "$err" in
    "convanim: "*"$text"*) msg_ok=1 ;;
    *) msg_ok=0 ;;
    esac
    if [ "$status" -eq "$want_status" ] && [ -z "$out" ] && [ "$msg_ok" -eq 1 ] &&
        [ "$lines" -eq 1 ]; then
        ok
    else
        bad "$name" "status $status (want $want_status)" "stdout: $out" "stderr: $err" \
            "want stderr with: $text"
    fi
}

# ---- version and help ----

expect version "convanim 0.1.0" --version
run --help
case "$out" in
"usage: convanim"*compute*summary*explain*) [ "$status" -eq 0 ] && ok || bad "help status" "$status" ;;
*) bad help "$out" ;;
esac
for c in compute summary explain render export code; do
    run "$c" --help
    case "$out" in
    "usage: convanim $c"*) [ "$status" -eq 0 ] && [ -z "$err" ] && ok || bad "$c --help" "$status $err" ;;
    *) bad "$c --help" "$out" ;;
    esac
done
run explain -h
case "$out" in *"--at Y,X"*) ok ;; *) bad "explain -h" "$out" ;; esac

# ---- summary: the seed notebook's Keras summaries ----

expect "summary 8x8x1 k2 valid f3" 'Model: "model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #   
=================================================================
 input_1 (InputLayer)        [(None, 8, 8, 1)]         0         
                                                                 
 conv2d (Conv2D)             (None, 7, 7, 3)           15        
                                                                 
=================================================================
Total params: 15
Trainable params: 15
Non-trainable params: 0
_________________________________________________________________' \
    summary --layout hwc --input 8x8 --channels 1 --filters 3 --kernel 2 --padding valid --activation relu

expect "summary CHW" 'Model: "model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #   
=================================================================
 input_1 (InputLayer)        [(None, 1, 8, 8)]         0         
                                                                 
 conv2d (Conv2D)             (None, 3, 7, 7)           15        
                                                                 
=================================================================
Total params: 15
Trainable params: 15
Non-trainable params: 0
_________________________________________________________________' \
    summary --layout chw --input 8x8 --filters 3 --kernel 2

expect_has "summary 8x8x3 k3 f2" \
    ' conv2d (Conv2D)             (None, 6, 6, 2)           56        ' \
    summary --layout hwc --input 8x8 --channels 3 --filters 2 --kernel 3
expect_has "summary same k3 f2" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           20        ' \
    summary --layout hwc --input 8x8 --filters 2 --kernel 3 --padding same
expect_has "summary stride 2 same" \
    ' conv2d (Conv2D)             (None, 4, 4, 2)           20        ' \
    summary --layout hwc --input 8x8 --filters 2 --kernel 3 --strides 2 --padding SAME
expect_has "summary k1" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           4         ' \
    summary --layout hwc --input 8x8 --filters 2 --kernel 1 --padding same
expect_has "summary 8x8x3 k1" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           8         ' \
    summary --layout hwc --input 8x8 --channels 3 --filters 2 --kernel 1 --padding same
expect_has "summary thousands" 'Total params: 1,792' \
    summary --input 32x32 --channels 3 --filters 64 --kernel 3
expect_has "summary conv1d" \
    ' conv1d (Conv1D)             (None, 2, 6)              8         ' \
    summary --layout chw --input 8 --filters 2 --kernel 3
expect_has "summary conv3d" \
    ' conv3d (Conv3D)             (None, 1, 2, 2, 2)        28        ' \
    summary --layout chw --input 4x5x5 --kernel 3 --stride 1,2,2
expect_has "summary conv_transpose2d wraps the name" \
    ' conv2d_transpose (Conv2DTra  (None, 1, 7, 7)          10        ' \
    summary --layout chw --type conv_transpose2d --input 3x3 --stride 2 --kernel 3

# ---- scene files: the seed notebooks' examples ----

# tf.nn.conv2d on a 5x5x1 image, 2x2x1x2 kernel, VALID: TF prints
# [[10, 1.9000001], [10, 2.2], ...] in float32; doubles are exact sums.
expect "compute tf.nn.conv2d (HWC)" \
'{"shape": [4, 4, 2], "data": [[[10, 1.9000000000000001], [10, 2.2], [6, 1.6], [6, 2]], [[12, 1.4], [15, 2.2], [13, 2.7], [13, 1.7]], [[7, 1.7000000000000002], [11, 1.3], [16, 1.3000000000000003], [7, 1]], [[10, 0.6000000000000001], [7, 1.4000000000000001], [4, 1.5], [7, 1.4000000000000001]]]}' \
    compute "$SCENES/seeds-tf-nn-conv2d.json"
expect "compute tf.nn.conv2d as CHW" \
'{"shape": [2, 4, 4], "data": [[[10, 10, 6, 6], [12, 15, 13, 13], [7, 11, 16, 7], [10, 7, 4, 7]], [[1.9000000000000001, 2.2, 1.6, 2], [1.4, 2.2, 2.7, 1.7], [1.7000000000000002, 1.3, 1.3000000000000003, 1], [0.6000000000000001, 1.4000000000000001, 1.5, 1.4000000000000001]]]}' \
    compute "$SCENES/seeds-tf-nn-conv2d.json" --layout chw

expect "summary two layers" 'Model: "model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #   
=================================================================
 input_1 (InputLayer)        [(None, 8, 8, 3)]         0         
                                                                 
 conv2d (Conv2D)             (None, 6, 6, 2)           56        
                                                                 
 conv2d_1 (Conv2D)           (None, 4, 4, 4)           76        
                                                                 
=================================================================
Total params: 132
Trainable params: 132
Non-trainable params: 0
_________________________________________________________________' \
    summary "$SCENES/keras-8x8x3-two-layers.json"
expect_has "summary file k2 valid" \
    ' conv2d (Conv2D)             (None, 7, 7, 3)           15        ' \
    summary "$SCENES/keras-8x8x1-k2-valid.json"
expect_has "summary file same" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           20        ' \
    summary "$SCENES/keras-8x8x1-same.json"
expect_has "summary file stride 2" \
    ' conv2d (Conv2D)             (None, 4, 4, 2)           20        ' \
    summary "$SCENES/keras-8x8x1-same-stride2.json"
expect_has "summary file k1" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           4         ' \
    summary "$SCENES/keras-8x8x1-k1.json"
expect_has "summary file 8x8x3 k1" \
    ' conv2d (Conv2D)             (None, 8, 8, 2)           8         ' \
    summary "$SCENES/keras-8x8x3-k1.json"
expect_has "summary file 8x8x3 k1 total" 'Total params: 8' \
    summary "$SCENES/keras-8x8x3-k1.json"

k51=$SCENES/seeds-kernel-51.json
expect "explain 51" '2*1 + 4*2 + 9*3 + 2*(-4) + 1*7 + 4*4 + 1*2 + 1*(-5) + 2*1 = 51' \
    explain "$k51" --at 0,0
expect "explain 66" '4*1 + 9*2 + 1*3 + 1*(-4) + 4*7 + 4*4 + 1*2 + 2*(-5) + 9*1 = 66' \
    explain "$k51" --at 0,1
expect "explain -2" '2*1 + 9*2 + 2*3 + 5*(-4) + 1*7 + 3*4 + 4*2 + 8*(-5) + 5*1 = -2' \
    explain "$k51" --at=2,2 --filter=0 --layer=0
expect_fail "explain file y out of range" 2 "--at: y = 5 is outside the output, 0..2" \
    explain "$k51" --at 5,0
expect_fail "explain file filter out of range" 2 \
    "--filter: 1 is outside the layer's filters, 0..0" explain "$k51" --at 0,0 --filter 1
expect_fail "explain file layer out of range" 2 "--layer: 3 is outside" \
    explain "$k51" --at 0,0 --layer 3
expect "compute 51" '{"shape": [1, 3, 3], "data": [[[51, 66, 20], [31, 49, 101], [15, 53, -2]]]}' \
    compute "$k51"

# ---- errors: status 2, the flag named, nothing on stdout ----

expect_fail "unknown command" 2 "frob: unknown command" frob
expect_fail "unknown flag" 2 "--bogus: unknown option" compute --bogus
expect_fail "flag of another command" 2 "--fps: not an option of compute" compute --fps 3
expect_fail "missing value" 2 "--kernel: needs a value" compute --kernel
expect_fail "bad number" 2 '--stride: "two" is not a whole number' compute --stride two
expect_fail "zero kernel" 2 "--kernel: must be at least 1" compute --kernel=0
expect_fail "per-axis count" 2 "--kernel: conv2d takes 1 or 2 values, got 3" \
    compute --input 5x5 --kernel 3x3x3
expect_fail "bad padding" 2 "--padding" compute --padding wide
expect_fail "bad type" 2 "--type" compute --type conv4d
expect_fail "size limit" 2 "--size: 9000 is too large, at most 8192" \
    render --out x.png --size 9000x100
expect_fail "fps range" 2 "--fps: 0 is outside (0, 100]" export --gif x.gif --fps 0
expect_fail "fps range high" 2 "--fps: 101 is outside (0, 100]" export --gif x.gif --fps 101
expect_fail "explain needs --at" 2 "--at" explain --input 5x5
expect_fail "two scenes" 2 "b.json: unexpected argument" compute a.json b.json
expect_fail "file and flags" 2 "cannot be combined" compute a.json --input 5x5
expect_fail "missing file" 1 "$tmp/none.json" compute "$tmp/none.json"
printf '{ not json' >"$tmp/broken.json"
expect_fail "broken file" 2 "broken.json" summary "$tmp/broken.json"
expect_fail "shape math" 2 "(5 + 2*0 - 1*(7-1) - 1)/1 + 1" compute --input 5x5 --kernel 7
expect_fail "layer out of range" 2 "--layer: 1 is outside the scene's layers, 0..0" \
    compute --input 5x5 --layer 1
expect_fail "explain y out of range" 2 "--at: y = 5 is outside the output, 0..2" \
    explain --input 5x5 --kernel 3 --at 5,0
expect_fail "explain x out of range" 2 "--at: x = 3 is outside the output, 0..2" \
    explain --input 5x5 --kernel 3 --at 0,3
expect_fail "explain coordinate count" 2 "--at: conv2d takes 2 coordinates (Y,X), got 1" \
    explain --input 5x5 --at 1
expect_fail "explain filter" 2 "--filter: 2 is outside the layer's filters, 0..1" \
    explain --input 5x5 --filters 2 --at 0,0 --filter 2
expect_fail "explain conv1d x out of range" 2 "--at: x = 6 is outside the output, 0..5" \
    explain --input 8 --kernel 3 --at 6
expect_fail "explain conv3d coordinate count" 2 \
    "--at: conv3d takes 3 coordinates (Z,Y,X), got 2" explain --input 4x5x5 --at 0,0
expect_fail "explain conv3d z out of range" 2 "--at: z = 2 is outside the output, 0..1" \
    explain --input 4x5x5 --at 2,0,0
# ---- render ----
# PNG width and height from the IHDR chunk, big-endian at bytes 16..23.
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $3*256+$4, $7*256+$8 }'
}
run render --input 5x5 --channels 3 --filters 2 --step 3 --size 640x360 --out "$tmp/r.png"
if [ "$status" -eq 0 ] && [ "$(png_size "$tmp/r.png")" = "640x360" ]; then ok; else bad "render 640x360" "status $status $err"; fi
run render "$SCENES/default.json" --step 53 --theme dark --out "$tmp/d.png"
if [ "$status" -eq 0 ] && [ "$(png_size "$tmp/d.png")" = "1280x720" ]; then ok; else bad "render default size" "status $status $err"; fi
expect_fail "render step past the end" 2 "--step: 54 is past the last step 53 at channel granularity" \
    render "$SCENES/default.json" --step 54 --out "$tmp/x.png"
# a layer of more than 10,000 steps at channel granularity opens at position
# granularity (224x224 cells of one filter: 50,176 steps); --granularity wins
expect_fail "render big layer: position by default" 2 "--step: 50176 is past the last step 50175 at position granularity" \
    render "$SCENES/photo-sobel-x.json" --step 50176 --out "$tmp/x.png"
run render "$SCENES/photo-sobel-x.json" --granularity channel --step 150527 --size 640x360 --out "$tmp/p.png"
if [ "$status" -eq 0 ] && [ -s "$tmp/p.png" ]; then ok; else bad "render big layer --granularity channel" "status $status $err"; fi
expect_fail "render unknown theme" 2 '--theme: "pink" is not one of light|dark|cb' \
    render --theme pink --out "$tmp/x.png"
# a transposed layer's two views step in their own orders: 9 input cells x 2
# channels in the scatter view (the default), 25 output cells x 2 inserted
expect_fail "render scatter step past the end" 2 "--step: 18 is past the last step 17 at channel granularity" \
    render "$SCENES/transposed-stride2.json" --step 18 --out "$tmp/x.png"
run render "$SCENES/transposed-stride2.json" --step 49 --transposed-view inserted --out "$tmp/t.png"
if [ "$status" -eq 0 ] && [ -s "$tmp/t.png" ]; then ok; else bad "render the inserted view" "status $status $err"; fi
expect_fail "render unknown transposed view" 2 '--transposed-view: "sideways" is not one of scatter|inserted' \
    render --transposed-view sideways --out "$tmp/x.png"
[ ! -e "$tmp/x.png" ] && ok || bad "failed render left a file"
expect_fail "render into a missing directory" 1 "" render --out "$tmp/no/such/dir/x.png"

# ---- compute ----

# ---- compute and explain on generated scenes ----

run compute --input 5x5 --channels 3 --filters 2 --kernel 3 --stride 2 --padding 1 --seed 7 \
    --layout chw
case "$out" in
'{"shape": [2, 3, 3], "data": [[['*']]]}') [ "$status" -eq 0 ] && ok || bad "compute chw" "$err" ;;
*) bad "compute chw shape" "$out" ;;
esac
run compute --input=5x5 --channels=3 --filters=2 --kernel=3 --stride=2 --padding=1 --seed=7 \
    --layout=hwc
case "$out" in
'{"shape": [3, 3, 2], "data": [[['*']]]}') [ "$status" -eq 0 ] && ok || bad "compute hwc" "$err" ;;
*) bad "compute hwc shape" "$out" ;;
esac
# The JSON's values, in order, must be the values explain derives cell by
# cell (conv1d without bias: one line ending "= value").
scene="--input 8 --filters 2 --kernel 3 --layout chw --seed 3 --no-bias"
run compute $scene
case "$out" in
'{"shape": [2, 6], "data": [['*']]}') ok ;;
*) bad "compute conv1d shape" "$out" ;;
esac
got=$(printf '%s' "$out" | sed 's/.*"data": //; s/[][,}]/ /g')
want=""
for f in 0 1; do
    for x in 0 1 2 3 4 5; do
        run explain $scene --filter $f --at $x
        want="$want ${out##*= }"
    done
done
if [ -n "$(echo $got)" ] && [ "$(echo $got)" = "$(echo $want)" ]; then ok; else bad "compute = explain" "$got" "$want"; fi

# ---- code ----
expect_has "code pytorch default" \
    '    nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1),  # -> (1, 2, 3, 3)' \
    code --framework pytorch
expect_has "code pytorch TF same stride 2" '    nn.ZeroPad2d((0, 1, 0, 1)),' \
    code --input 8x8 --stride 2 --padding same --framework pytorch
expect_has "code keras shape = summary" '# output shape: (None, 4, 4, 2)' \
    code "$SCENES/keras-8x8x1-same-stride2.json" --framework keras
expect_has "code tfjs" "import * as tf from '@tensorflow/tfjs';" code --framework tfjs
expect_fail "code without framework" 2 "--framework" code
expect_has "code sets the bias" \
    '    model[0].bias.copy_(torch.tensor([1, 0], dtype=torch.float64))' code --framework pytorch
expect_has "code prints the output last" 'console.log(JSON.stringify(y.arraySync()[0]));' \
    code "$SCENES/keras-8x8x1-same-stride2.json" --framework tfjs
expect_has "code --shape-only: random input" 'x = torch.randn(1, 3, 5, 5)' \
    code --framework pytorch --shape-only
expect_fail "code --shape-only --data" 2 "--data" code --framework pytorch --shape-only --data "$tmp/d"
expect_fail "code too many numbers" 2 "data: the scene has 5019 numbers" \
    code --input 50x50 --channels 2 --framework keras
# Side files: the program loads them, each written whole.
expect_has "code --data" 'data = "'"$tmp/side"'"' \
    code --input 50x50 --channels 2 --framework pytorch --data "$tmp/side"
if [ "$(head -c 6 "$tmp/side/pytorch_input.npy" | tail -c 5)" = "NUMPY" ] &&
    [ "$(ls "$tmp/side" | tr '\n' ' ')" = "pytorch_input.npy pytorch_layer0_bias.npy pytorch_layer0_weight.npy " ] &&
    [ $(( $(stat -c %s "$tmp/side/pytorch_input.npy") )) -eq $(( 128 + 2 * 50 * 50 * 8 )) ]; then
    ok
else
    bad "code --data files" "$(ls -l "$tmp/side")"
fi
run code --input 4x4 --framework tfjs --data "$tmp/side"
if grep -qF "load('tfjs_layer0_kernel.json', [3, 3, 1, 1])" "$tmp/out" &&
    grep -qxE '\[-?[0-9.e+-]+\]' "$tmp/side/tfjs_layer0_bias.json" &&
    [ "$(tr -cd ',' < "$tmp/side/tfjs_input.json" | wc -c)" -eq 15 ]; then
    ok
else
    bad "code --data tfjs" "$out"
fi
expect_fail "code --data unwritable" 1 "$tmp/none/side" \
    code --input 4x4 --framework tfjs --data "$tmp/none/side"

# A dead display (DISPLAY names no server, no XDG_RUNTIME_DIR): one line of
# ours on stderr, none of libwayland's or X's, and the fallback picture.
mkdir "$tmp/dead"
(cd "$tmp/dead" && env -u XDG_RUNTIME_DIR -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=:97 \
    timeout 60 "$BIN" >"$tmp/out" 2>"$tmp/err")
status=$?
if [ "$status" -eq 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q '^convanim: no display (.*); rendering the scene to convanim-default.png instead$' "$tmp/err" &&
   [ "$(cat "$tmp/out")" = convanim-default.png ] && [ -s "$tmp/dead/convanim-default.png" ]; then
    ok
else
    bad "dead display" "status $status, stdout: $(cat "$tmp/out")" "stderr:" "$(cat "$tmp/err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
