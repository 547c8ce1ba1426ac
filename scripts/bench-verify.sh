#!/usr/bin/env bash
# Benchmarks `voix verify` against `belenios-tool election verify` (Debian's belenios-tool 2.0)
# on the same simulated election; results are recorded in docs/benchmarks.md.
#
# Usage: scripts/bench-verify.sh
# Environment (all optional):
#   VOTERS=1000     ballots in the simulated election (one per voter, no revotes)
#   SEED=42         simulation seed (same seed, same ballots)
#   RUNS=1          timed runs of each verifier (the best wall time is reported)
#   SKIP_BUILD=1    do not run `cargo build` (use an existing target/release/voix)
#   SKIP_BELENIOS=1 time only voix (reuses nothing: the ratio is then not printed)
#   WORK=DIR        where the archive is kept (default target/bench-verify); an existing
#                   archive for the same VOTERS/SEED is reused, since simulating takes minutes
#   CARGO="flock /tmp/voix-cargo.lock cargo"   how to invoke cargo (default: cargo)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VOTERS="${VOTERS:-1000}"
SEED="${SEED:-42}"
RUNS="${RUNS:-1}"
WORK="${WORK:-$ROOT/target/bench-verify}"
CARGO="${CARGO:-cargo}"
BIN="$ROOT/target/release/voix"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building voix (release)"
    $CARGO build -p backend --release --bin voix
fi
[[ -x "$BIN" ]] || { echo "no $BIN: build it first" >&2; exit 1; }
command -v belenios-tool >/dev/null || [[ "${SKIP_BELENIOS:-0}" == 1 ]] ||
    { echo "belenios-tool not found (apt-get install belenios-tool)" >&2; exit 1; }

# ---- the election -------------------------------------------------------------------------
case_dir="$WORK/v${VOTERS}-s${SEED}"
archive="$case_dir/election.bel"
mkdir -p "$case_dir"
if [[ ! -s "$archive" ]]; then
    echo "== simulating $VOTERS ballots (seed $SEED) — slow: every ballot is proved"
    "$BIN" simulate-election --voters "$VOTERS" --seed "$SEED" --out "$archive.tmp" |
        tee "$case_dir/simulate.out"
    mv "$archive.tmp" "$archive"
fi
# belenios-tool wants a directory holding exactly one `.bel`.
bt_dir="$case_dir/belenios"
mkdir -p "$bt_dir"
rm -f "$bt_dir"/*.bel
ln "$archive" "$bt_dir/election.bel" 2>/dev/null || cp "$archive" "$bt_dir/election.bel"

# One ballot record: 3 questions, count its ciphertexts (the sample has 10 per ballot).
first_ballot="$(grep -a -o -P '\{"election_uuid"[^\x00]*' "$archive" | awk 'NR == 1')"
cts="$({ grep -o '"alpha"' <<<"$first_ballot" || true; } | wc -l)"
nballots="$(grep -a -o -P '\{"election_uuid"[^\x00]*' "$archive" | wc -l)"
echo "== archive: $archive"
blank_qs="$({ grep -a -o '"blank":true' "$archive" || true; } | wc -l)"
echo "   $(stat -c %s "$archive") bytes, $nballots ballots, $cts ciphertexts per ballot," \
    "$blank_qs blank-allowed question(s)"
[[ "$cts" == 10 ]] || echo "   note: the Belenios sample's 3-question template has 10 ciphertexts per ballot"

# ---- timing --------------------------------------------------------------------------------
# time_cmd LABEL CMD...: runs CMD $RUNS times, keeps the run with the best wall time and sets
# WALL, CPU (user+sys seconds), RSS (max KiB).
time_cmd() {
    local label="$1"
    shift
    local best_wall="" best_cpu="" best_rss="" t
    t="$(mktemp)"
    for ((i = 1; i <= RUNS; i++)); do
        if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$case_dir/$label.out" 2>&1; then
            echo "$label FAILED:" >&2
            cat "$case_dir/$label.out" >&2
            exit 1
        fi
        read -r wall user sys rss <"$t"
        local cpu
        cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
        printf '   %-14s run %d: wall %6.2f s   cpu %7.2f s   max RSS %s KiB\n' \
            "$label" "$i" "$wall" "$cpu" "$rss"
        if [[ -z "$best_wall" ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall="$wall" best_cpu="$cpu" best_rss="$rss"
        fi
    done
    rm -f "$t"
    WALL="$best_wall" CPU="$best_cpu" RSS="$best_rss"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== voix verify"
time_cmd voix "$BIN" verify "$archive"
v_wall="$WALL" v_cpu="$CPU"
grep -m1 'valid' "$case_dir/voix.out" | sed 's/^/   /'

if [[ "${SKIP_BELENIOS:-0}" == 1 ]]; then
    per="$(awk -v c="$v_cpu" -v n="$nballots" 'BEGIN { printf "%.1f", 1000 * c / n }')"
    echo "== voix: wall $v_wall s, cpu $v_cpu s ($per ms CPU per ballot)"
    exit 0
fi

echo "== belenios-tool election verify"
time_cmd belenios-tool belenios-tool election verify --dir "$bt_dir"
b_wall="$WALL" b_cpu="$CPU"

awk -v vw="$v_wall" -v vc="$v_cpu" -v bw="$b_wall" -v bc="$b_cpu" -v n="$nballots" 'BEGIN {
    printf "== results (%d ballots)\n", n
    printf "   %-24s %9s %9s %14s\n", "", "wall (s)", "CPU (s)", "CPU/ballot (ms)"
    printf "   %-24s %9.2f %9.2f %14.1f\n", "belenios-tool 2.0", bw, bc, 1000 * bc / n
    printf "   %-24s %9.2f %9.2f %14.1f\n", "voix verify", vw, vc, 1000 * vc / n
    printf "   wall-time ratio (belenios / voix):       %.2fx\n", bw / vw
    printf "   per-core ratio (CPU time belenios / voix): %.2fx\n", bc / vc
}'
