#!/usr/bin/env bash
# The same pure threshold-cascade model in cogov, krABMaga (two peers) and Mesa 3 (two
# variants), on the same graph sizes (Erdős–Rényi, mean degree 10, 1% seeds, threshold
# 0.18) and step counts, in one go; prints one table of times, edge visits per second and
# cogov's speed ratio, headed by the date and the machine's load.
#
#   benches/peers/run.sh                  # sizes 10k and 100k, 20 steps
#   SIZES="10000 100000 1000000" STEPS=20 MESA_MAX=100000 benches/peers/run.sh
#
# Sets up what it needs on first use: a Python virtual environment benches/peers/.venv
# with Mesa 3 and NetworkX from PyPI, and a release build of benches/peers/krabmaga
# (krabmaga 0.6 from crates.io, about two minutes the first time). krABMaga runs as two
# peers: graph and activity in plain Vecs inside its State (hand-optimised), and the
# idiomatic krABMaga way, a `Network` field holding the agents as its nodes (the style of
# its examples); sizes above KRABMAGA_NETWORK_MAX skip the latter. Mesa runs in two
# variants: agents holding their neighbour lists (its quickest) and the idiomatic Mesa 3
# network space (CellAgents on mesa.discrete_space.Network). Sizes above MESA_MAX are
# skipped for Mesa (about 1–10 M edge visits/s: a 1M-node step takes seconds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
SIZES=${SIZES:-"10000 100000"}
STEPS=${STEPS:-20}
MESA_MAX=${MESA_MAX:-100000}
KRABMAGA_NETWORK_MAX=${KRABMAGA_NETWORK_MAX:-1000000}

if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -c "import mesa, networkx" 2>/dev/null ||
    "$here/.venv/bin/pip" install --quiet "mesa>=3,<4" networkx
(cd "$here/krabmaga" && cargo build --release --quiet)
(cd "$root" && cargo bench --bench peer_threshold --no-run --quiet 2>/dev/null)
cogov_bench() {
    (cd "$root" && PEER_N=$1 PEER_STEPS=$2 cargo bench --quiet --bench peer_threshold 2>/dev/null | grep '^RESULT')
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for n in $SIZES; do
    cogov_bench "$n" "$STEPS" | sed 's/peer=cogov/peer=cogov_2threads/' >>"$results"
    RAYON_NUM_THREADS=1 cogov_bench "$n" "$STEPS" | sed 's/peer=cogov/peer=cogov_1thread/' >>"$results"
    "$here/krabmaga/target/release/threshold-krabmaga" "$n" "$STEPS" >>"$results"
    if [ "$n" -le "$KRABMAGA_NETWORK_MAX" ]; then
        "$here/krabmaga/target/release/threshold-krabmaga-network" "$n" "$STEPS" >>"$results"
    fi
    if [ "$n" -le "$MESA_MAX" ]; then
        "$here/.venv/bin/python" "$here/mesa/threshold_mesa.py" "$n" "$STEPS" 10 lists |
            sed 's/peer=mesa/peer=mesa_lists/' >>"$results"
        "$here/.venv/bin/python" "$here/mesa/threshold_mesa.py" "$n" "$STEPS" 10 network |
            sed 's/peer=mesa/peer=mesa_network/' >>"$results"
    fi
done

python3 - "$results" "$STEPS" "$load_before" <<'PY'
import os, sys, time
rows = []
for line in open(sys.argv[1]):
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    rows.append(kv)
load = open("/proc/loadavg").read().split()[:3]
print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, load average before: {sys.argv[3]}, "
      f"after: {' '.join(load)}; "
      f"Erdős–Rényi z = 10, {sys.argv[2]} synchronous steps, graph construction excluded")
print(f"| {'nodes':>9} | {'model':<28} | {'threads':>7} | {'seconds':>9} | {'edge visits/s':>13} | {'cogov (2 thr) faster by':>23} | {'final active':>12} |")
print(f"|{'-'*11}|{'-'*30}|{'-'*9}|{'-'*11}|{'-'*15}|{'-'*25}|{'-'*14}|")
names = {"cogov_2threads": "cogov", "cogov_1thread": "cogov",
         "krabmaga": "krABMaga 0.6 (Vecs in State)", "krabmaga_network": "krABMaga 0.6 (Network field)",
         "mesa_lists": "Mesa 3 (neighbour lists)", "mesa_network": "Mesa 3 (Network space)"}
for n in dict.fromkeys(r["n"] for r in rows):
    group = [r for r in rows if r["n"] == n]
    ref = next(float(r["edge_visits_per_s"]) for r in group if r["peer"] == "cogov_2threads")
    for r in group:
        rate = float(r["edge_visits_per_s"])
        ratio = "—" if r["peer"] == "cogov_2threads" else f"{ref / rate:,.1f}×"
        print(f"| {int(n):>9,} | {names[r['peer']]:<28} | {r['threads']:>7} | {float(r['seconds']):>9.4f} | "
              f"{rate / 1e6:>11.1f} M | {ratio:>23} | {int(r['final_active']):>12,} |")
PY
