#!/usr/bin/env bash
# Coverage of cogov calibrate's 90% credible intervals (not CI): for each of R seeds, make
# synthetic data with cogov itself at participation.w_social = TRUTH on the small street
# (sweeps/small_street.toml, one run, seed s), calibrate w_social to it from a flat prior
# (calibrations/w_social_synthetic.toml with that observed value and seed s), and count
# how often TRUTH falls inside the interval in summary.csv. A well-calibrated ABC gives
# about 90%; the issue asks for at least 80%.
#   scripts/calibration_coverage.sh [R=10] [TRUTH=0.45]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-10}
TRUTH=${2:-0.45}
[ -n "${COGOV_NO_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/cogov
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inside=0
for s in $(seq 1 "$R"); do
  printf 'extends = "%s/sweeps/small_street.toml"\n[participation]\nw_social = %s\n[run]\nreplicates = 1\nseed = %s\n' \
    "$PWD" "$TRUTH" "$((1000 + s))" > "$work/truth.toml"
  "$bin" run "$work/truth.toml" --out "$work/truth-$s" -q --force >/dev/null
  observed=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "participation_rate") c = i; next }
                      $4 >= 27 && $4 <= 52 { t += $c; n++ } END { printf "%.10f", t / n }' \
             "$work/truth-$s/trajectories.csv")
  sed -e "s/^observed = .*/observed = $observed/" -e "s/^seed = .*/seed = $s/" \
      -e "s#^base = .*#base = \"$PWD/sweeps/small_street.toml\"#" \
      calibrations/w_social_synthetic.toml > "$work/cal.toml"
  "$bin" calibrate "$work/cal.toml" --out "$work/cal-$s" -q >/dev/null
  read -r lo hi < <(awk -F, 'NR == 2 { print $(NF-5), $(NF-4) }' "$work/cal-$s/summary.csv")
  hit=$(awk -v t="$TRUTH" -v lo="$lo" -v hi="$hi" 'BEGIN { print (lo <= t && t <= hi) ? 1 : 0 }')
  inside=$((inside + hit))
  echo "seed $s: observed $observed, 90% interval [$lo, $hi], truth inside: $hit"
done
echo "coverage: $inside of $R"
