#!/usr/bin/env bash
# How cost grows with the number of residents, and what the second thread buys.
#
# Runs `cogov run` (release build, one replicate, network construction included) on the
# co-governance scenario (every mechanism on) scaled by the number of streets of eight
# communities of 1,250 residents: 10k, 30k, 100k, 300k and 1M residents, on 1 and on 2
# threads, best of REPEATS runs each. Prints the times, the exponent b of the least-squares
# fit time = a·n^b (target: 0.9 ≤ b ≤ 1.1), and the speed-up of 2 threads over 1 (target:
# at least 1.6×). Also times the district preset with every mechanism on (1M residents,
# 104 ticks; target under 10 s on 2 threads).
#
#   benches/scaling.sh                 # REPEATS=3 TICKS=104 by default, a few minutes
#   REPEATS=1 TICKS=52 benches/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
REPEATS=${REPEATS:-3} TICKS=${TICKS:-104} python3 - <<'PY'
import math, os, subprocess, tempfile, time

root = os.getcwd()
bin_ = os.path.join(root, "target/release/cogov")
repeats = int(os.environ["REPEATS"])
ticks = int(os.environ["TICKS"])
tmp = tempfile.mkdtemp()

def run(path, threads):
    best = math.inf
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([bin_, "run", path, "--replicates", "1", "--threads", str(threads),
                        "--out", os.path.join(tmp, "out"), "--force", "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best

def scenario(streets):
    path = os.path.join(tmp, f"s{streets}.toml")
    with open(path, "w") as f:
        f.write(f'extends = "{root}/scenarios/co_governance.toml"\n'
                f'title.en = "scaling {streets}"\ntitle.zh = "scaling {streets}"\n'
                f'[run]\nticks = {ticks}\n'
                f'[population]\nstreets = {streets}\ncommunities_per_street = 8\n'
                f'residents_per_community = 1250\n')
    return path

with open("/proc/loadavg") as f:
    load = f.read().split()[:3]
print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average before: {' '.join(load)}")
print(f"# co-governance scenario, {ticks} ticks, 1 replicate, best of {repeats}, network construction included")
print(f"{'residents':>10} {'1 thread s':>11} {'2 threads s':>12} {'speed-up':>9} {'M res-ticks/s (2 thr)':>22}")
rows = []
for streets in [1, 3, 10, 30, 100]:
    n = streets * 8 * 1250
    p = scenario(streets)
    t1, t2 = run(p, 1), run(p, 2)
    rows.append((n, t1, t2))
    print(f"{n:>10,} {t1:>11.3f} {t2:>12.3f} {t1 / t2:>8.2f}x {n * ticks / t2 / 1e6:>22.1f}")

def fit(ts):
    xs = [math.log(n) for n, *_ in rows]
    ys = [math.log(t) for t in ts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

b1, b2 = fit([r[1] for r in rows]), fit([r[2] for r in rows])
big = rows[-1]
print(f"exponent b of time ∝ n^b, 10k–1M: {b1:.3f} on 1 thread, {b2:.3f} on 2 threads (target 0.9–1.1)")
print(f"speed-up of 2 threads over 1 at {big[0]:,} residents: {big[1] / big[2]:.2f}x (target ≥ 1.6x)")
d = os.path.join(root, "scenarios/presets/district_co_governance.toml")
t = run(d, 2)
print(f"district with every mechanism on (1,008,000 residents, 104 ticks, network included), "
      f"2 threads: {t:.2f} s (target < 10 s); {1_008_000 * 104 / t / 1e6:.1f} M resident-ticks/s")
PY
