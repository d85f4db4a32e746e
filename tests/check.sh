# check.sh: what the shell tests share (sourced): a temporary folder
# $tmp removed at exit, and check NAME CONDITION... counting into
# $passed and $failed, printing "FAIL NAME" for a condition that fails.
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # NAME CONDITION...
    name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); printf 'FAIL %s\n' "$name"; fi
}
