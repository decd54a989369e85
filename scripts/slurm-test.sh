#!/usr/bin/env bash
# A sweep on a real Slurm: install Debian's slurm-wlm and munge, start a single-node
# cluster on this machine (as in ../shared/notes/slurm-single-node.md, with the
# configuration in a scratch folder), write the array job with `cogov sweep --slurm`,
# submit it with `sbatch --wait`, merge the shards with `cogov merge`, and compare the
# merged runs.csv byte for byte with a local, unsharded run of the same sweep.
#
# Needs root (the daemons run as root) and apt-get. Every daemon it starts is stopped by
# its process id at the end, whatever happens. Exit status 0 only if the bytes match.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

say() { echo "slurm-test: $*"; }

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "needs root and apt-get; skipped"
    exit 0
fi

say "installing slurm-wlm and munge (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq slurm-wlm munge >/dev/null
say "installed: $(dpkg-query -W -f '${Package} ${Version}; ' slurm-wlm munge)"

scratch=$(mktemp -d /tmp/cogov-slurm.XXXXXX)
started_munge=""
cleanup() {
    status=$?
    set +e
    for f in "$scratch/slurmd.pid" "$scratch/slurmctld.pid" $started_munge; do
        if [ -s "$f" ]; then
            pid=$(cat "$f")
            say "stopping pid $pid ($(basename "$f" .pid))"
            kill "$pid" 2>/dev/null
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
        fi
    done
    if [ "$status" != 0 ]; then
        say "FAILED (status $status); logs:"
        for log in "$scratch"/*.log "$scratch"/slurm-out/logs/*; do
            [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }
        done
    fi
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT

# munge: a key, its run folder, the daemon as the munge user (unless one already works).
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munge already running"
else
    if [ ! -s /etc/munge/munge.key ]; then
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
    mkdir -p /run/munge
    chown munge:munge /run/munge
    say "starting munged"
    runuser -u munge -- /usr/sbin/munged
    started_munge=/run/munge/munged.pid
    for _ in $(seq 50); do
        munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
        sleep 0.1
    done
fi
munge -n | unmunge | grep -q Success
say "munge works"

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) - 512 ))
mkdir -p "$scratch/state" "$scratch/spool"
export SLURM_CONF="$scratch/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=cogovtest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/slurmctld.pid
SlurmdPidFile=$scratch/slurmd.pid
SlurmctldLogFile=$scratch/slurmctld.log
SlurmdLogFile=$scratch/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
say "starting slurmctld and slurmd (config $SLURM_CONF)"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
    state=$(sinfo -h -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
done
[ "$state" = idle ] || { say "the node did not come up (state '$state')"; exit 1; }
say "node $host idle"

say "building cogov (release)"
cargo build --release --quiet
cogov="$repo/target/release/cogov"

# A small Latin hypercube: 12 points x 2 replicates, 24 runs in 5 array tasks, at most 2 at once.
cat >"$scratch/base.toml" <<'EOF'
[run]
ticks = 20
[population]
streets = 1
communities_per_street = 2
residents_per_community = 300
EOF
cat >"$scratch/sweep.toml" <<'EOF'
base = "base.toml"
replicates = 2
seed = 11
[design]
kind = "latin_hypercube"
samples = 12
[[parameters]]
path = "office.access_list"
from = 0.0
to = 0.8
[[parameters]]
path = "council.interval"
from = 2
to = 12
[[outcomes]]
name = "participation"
metric = "participation_rate"
stat = "final"
[[outcomes]]
name = "trust_late"
metric = "mean_trust"
stat = "mean"
from = 10
EOF
say "writing the array job: cogov sweep --slurm --tasks 5 --throttle 2"
"$cogov" sweep "$scratch/sweep.toml" --out "$scratch/slurm-out" --slurm --tasks 5 --throttle 2
grep '^#SBATCH' "$scratch/slurm-out/sweep.sbatch"
say "sbatch --wait"
sbatch --wait "$scratch/slurm-out/sweep.sbatch"
ls "$scratch/slurm-out/logs"
say "cogov merge"
"$cogov" merge "$scratch/slurm-out"
say "local unsharded run of the same sweep"
"$cogov" sweep "$scratch/sweep.toml" --out "$scratch/local" --quiet
if cmp "$scratch/slurm-out/runs.csv" "$scratch/local/runs.csv"; then
    say "OK: runs.csv from the Slurm array job ($(($(wc -l <"$scratch/local/runs.csv") - 1)) runs) is byte-identical to the local run"
else
    say "runs.csv differs between Slurm and local"
    diff "$scratch/slurm-out/runs.csv" "$scratch/local/runs.csv" | head -20
    exit 1
fi

# --- A calibration as one array job per generation (issue 13) -------------------------
# Two parameters, 24 particles, three generations; each generation is an array of 3
# tasks (at most 2 at once), merged by the next `cogov calibrate --slurm` step, which
# proposes the next generation from the merged table. Compared byte for byte with the same
# calibration run on this machine.
cat >"$scratch/cal.toml" <<'EOF2'
base = "base.toml"
seed = 5
particles = 24
max_generations = 3
[[parameters]]
path = "participation.w_social"
prior = "uniform"
low = 0.3
high = 0.6
[[parameters]]
path = "office.access_list"
prior = "uniform"
low = 0.0
high = 0.6
[[targets]]
metric = "participation_rate"
stat = "mean"
from = 5
to = 20
observed = 0.09
scale = 0.01
[[targets]]
metric = "admin_share"
stat = "mean"
from = 5
to = 20
observed = 0.5
scale = 0.05
EOF2
say "cogov calibrate --slurm --tasks 3 --throttle 2, then its driver (sbatch --wait per generation)"
"$cogov" calibrate "$scratch/cal.toml" --out "$scratch/cal-slurm" --slurm --tasks 3 --throttle 2 --quiet
grep '^#SBATCH' "$scratch/cal-slurm/generations/gen-0.sbatch"
"$scratch/cal-slurm/calibrate-slurm.sh"
ls "$scratch/cal-slurm/logs" | head -3
say "the same calibration on this machine"
"$cogov" calibrate "$scratch/cal.toml" --out "$scratch/cal-local" --quiet >/dev/null
for f in posterior.csv summary.csv posterior_median.toml $(cd "$scratch/cal-local" && ls generations/*.csv); do
    if ! cmp "$scratch/cal-slurm/$f" "$scratch/cal-local/$f"; then
        say "calibration $f differs between Slurm and local"
        diff "$scratch/cal-slurm/$f" "$scratch/cal-local/$f" | head -20
        exit 1
    fi
done
say "OK: the calibration run as $(ls "$scratch/cal-slurm/generations" | grep -c sbatch) array jobs is byte-identical to the local one (posterior, summary, median scenario, every generation)"
