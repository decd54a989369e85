#!/usr/bin/env bash
# Peak memory of `cogov run` on the presets, against the budget of issue 5: at most
# 120 bytes per resident plus 4.5 bytes per network arc, and the 14M-resident city under
# 4 GiB. One replicate each, measured with GNU time (`/usr/bin/time -v`, Debian package
# `time`). Exits non-zero when a preset is over budget.
#
#   benches/memory.sh                      # district and city (the city takes minutes)
#   benches/memory.sh scenarios/presets/district.toml
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    echo "memory.sh needs GNU time: apt-get install -y time" >&2
    exit 2
fi
cargo build --release --quiet
bin=target/release/cogov
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(scenarios/presets/district.toml scenarios/presets/district_co_governance.toml scenarios/presets/city.toml)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Arcs: 2 × ties. The small world has `mean_degree` rounded to an even k, k/2 ties each
# way, less a few duplicates dropped (≈0.003%); Erdős–Rényi has mean n·z arcs. Computed
# from the resolved scenario (`cogov check`), so the figure is the one the run builds.
field() { "$bin" check "$1" | awk -v sec="$2" -v key="$3" '
    /^\[/ { cur = $0; gsub(/[\[\]]/, "", cur) }
    cur == sec && $1 == key { print $3; exit }'; }

status=0
printf '%-42s %12s %12s %10s %9s %9s %10s %8s\n' preset residents arcs "peak MiB" "B/res" "budget" "seconds" verdict
for f in "${files[@]}"; do
    streets=$(field "$f" population streets)
    per=$(field "$f" population communities_per_street)
    m=$(field "$f" population residents_per_community)
    z=$(field "$f" network mean_degree)
    kind=$(field "$f" network kind | tr -d '"')
    n=$((streets * per * m))
    arcs=$(python3 -c "
import math
n, z, kind = $n, float('$z'), '$kind'
if kind == 'small_world':
    k = 2 * int(math.floor(z / 2 + 0.5))
    print(n * k)
else:
    print(int(n * z))")
    log="$out/time.txt"
    /usr/bin/time -v "$bin" run "$f" --replicates 1 --out "$out/run" --force --quiet 2>"$log" >/dev/null
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    read -r verdict line < <(python3 - "$f" "$n" "$arcs" "$kb" "$secs" <<'PY'
import sys
f, n, arcs, kb, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
peak = kb * 1024
budget = 120 * n + 4.5 * arcs
ok = peak <= budget and (n < 10_000_000 or peak < 4 * 2**30)
per_res = peak / n
# Bytes per resident after the arcs' 4.5 B each, and per arc after 120 B per resident.
print("OK" if ok else "OVER",
      f"{f:<42} {n:>12,} {arcs:>12,} {peak/2**20:>10.1f} {per_res:>9.1f} {budget/2**20:>8.0f}M {secs:>10.1f} {'OK' if ok else 'OVER'}"
      f"   ({(peak - 4.5*arcs)/n:.1f} B/resident beside 4.5 B/arc; {(peak - 120*n)/arcs:+.1f} B/arc beside 120 B/resident)")
PY
)
    echo "$line"
    [ "$verdict" = OK ] || status=1
done
exit $status
