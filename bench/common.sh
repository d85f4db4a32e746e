# common.sh: what the benchmark scripts share (sourced, with BIN and ROOT
# set): the scenes, the reference folder (shared/reference, read, never
# copied), a temporary folder, and small helpers for timing and sizes.
SCENES=$ROOT/assets/scenes
REF=${CONVANIM_REFERENCE:-$ROOT/../shared/reference}
[ -d "$REF" ] || REF=/work/shared/reference
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
size() { wc -c <"$1" | tr -d ' '; }
have() { command -v "$1" >/dev/null 2>&1; }
