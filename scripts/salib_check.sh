#!/usr/bin/env bash
# Compare cogov's Sobol' and Morris estimators with SALib's on the same samples (not CI).
#
# cogov writes its Saltelli design (N = 1024, second order) with Ishigami outputs and its
# Morris trajectories (r = 20, p = 4) with G-function outputs, and its indices of both;
# SALib (in a throw-away venv) analyses the same samples with sobol.analyze and
# morris.analyze, and the point estimates must agree to 1e-9 (the intervals are
# bootstraps with different random numbers and are not compared). It also checks that
# cogov's Sobol' points are scipy's unscrambled Sobol' sequence.
#   scripts/salib_check.sh            (needs python3 -m venv and PyPI)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet SALib scipy numpy
COGOV_SALIB_DIR="$work" cargo test --quiet --lib salib_export -- --nocapture >/dev/null
"$work/venv/bin/python" - "$work" <<'PY'
import sys, numpy as np
from scipy.stats import qmc
from SALib.analyze import sobol, morris
d = sys.argv[1]
ok = True
def check(name, ours, theirs, tol=1e-9):
    global ok
    diff = np.nanmax(np.abs(np.asarray(ours) - np.asarray(theirs)))
    good = diff <= tol
    ok &= bool(good)
    print(f"{'ok  ' if good else 'FAIL'} {name}: max |cogov - SALib| = {diff:.3g}")

s = np.loadtxt(f"{d}/sobol_samples.csv", delimiter=",", skiprows=1)
X, Y = s[:, :3], s[:, 3]
base = qmc.Sobol(d=6, scramble=False).random(1024)
check("Sobol' points are scipy's unscrambled sequence (A rows)", X[0::8], base[:, :3], 1e-15)
check("Sobol' points (B rows)", X[7::8], base[:, 3:], 1e-15)
problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
r = sobol.analyze(problem, Y, calc_second_order=True, num_resamples=100, seed=1)
c = np.loadtxt(f"{d}/sobol_cogov.csv", delimiter=",", skiprows=1)
check("S1 (Saltelli 2010)", c[:3, 0], r["S1"])
check("ST (Jansen)", c[:3, 1], r["ST"])
check("S2", [c[3, 0], c[3, 1], c[4, 0]], [r["S2"][0, 1], r["S2"][0, 2], r["S2"][1, 2]])
print("   Ishigami S1", np.round(r["S1"], 3), "ST", np.round(r["ST"], 3))

m = np.loadtxt(f"{d}/morris_samples.csv", delimiter=",", skiprows=1)
problem = {"num_vars": 6, "names": [f"x{i}" for i in range(6)], "bounds": [[0, 1]] * 6}
r = morris.analyze(problem, m[:, :6], m[:, 6], num_levels=4, num_resamples=100, seed=1)
c = np.loadtxt(f"{d}/morris_cogov.csv", delimiter=",", skiprows=1)
check("Morris mu", c[:, 0], r["mu"])
check("Morris mu*", c[:, 1], r["mu_star"])
check("Morris sigma", c[:, 2], r["sigma"])
sys.exit(0 if ok else 1)
PY
