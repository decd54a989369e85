//! Guards around a run: refusing a run larger than the machine's memory, and catching
//! SIGINT, SIGTERM and SIGHUP so that a run stops cleanly, keeping what has finished.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::Result;

use super::BadInput;
use cogov::model::memory;
use cogov::scenario::Scenario;

/// The memory this process may use: the machine's `MemTotal` (Linux `/proc/meminfo`),
/// or the control group's limit if that is lower. `None` where neither can be read
/// (other systems): then no run is refused.
pub fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let total = meminfo.lines().find_map(|l| {
        let kb = l.strip_prefix("MemTotal:")?.trim().strip_suffix("kB")?;
        kb.trim().parse::<u64>().ok()?.checked_mul(1024)
    })?;
    // cgroup v2, then v1; "max" or an absurd number means no limit.
    let limit = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok()?.trim().parse::<u64>().ok());
    Some(limit.map_or(total, |l| l.min(total)))
}

/// Refuse (exit status 2) a run whose estimated memory exceeds the machine's, unless
/// `allow_large`. `runs` holds each scenario file with its scenario and replicates;
/// replicates of all of them share `threads` workers; `kept` is what the command keeps
/// of the finished replicates (bytes).
pub fn check_memory(
    runs: &[(&Path, &Scenario, u32)],
    threads: u64,
    kept: u64,
    allow_large: bool,
) -> Result<()> {
    if allow_large {
        return Ok(());
    }
    let Some(available) = available_memory() else {
        return Ok(());
    };
    let total: u64 = runs.iter().map(|(_, _, r)| u64::from(*r)).sum();
    // The largest replicate, once per worker that may run at the same time.
    let Some((file, scenario, _)) = runs
        .iter()
        .max_by_key(|(_, s, _)| memory::estimate_memory(s))
    else {
        return Ok(());
    };
    let one = memory::estimate_memory(scenario);
    let at_once = memory::concurrent_replicates(total, threads);
    let estimate = one.saturating_mul(at_once).saturating_add(kept);
    if estimate <= available {
        return Ok(());
    }
    let kept = if kept > 0 {
        format!(", and {} of trajectories kept", memory::format_bytes(kept))
    } else {
        String::new()
    };
    Err(BadInput(format!(
        "{}: this run needs an estimated {} of memory ({} replicate{} at once × {} each: {} \
         residents, {} tie ends{kept}), more than this machine's {}; lower the population or \
         the network's degree, run fewer replicates at once with --threads, or pass \
         --allow-large to run anyway",
        file.display(),
        memory::format_bytes(estimate),
        at_once,
        if at_once == 1 { "" } else { "s" },
        memory::format_bytes(one),
        scenario.population.residents(),
        memory::tie_ends(scenario),
        memory::format_bytes(available),
    ))
    .into())
}

/// SIGINT, SIGTERM and SIGHUP, caught: the first sets a flag that the run polls (no new
/// replicate starts, running ones stop at their next tick, what has finished is saved);
/// a second one ends the process at once.
pub struct Signals {
    signal: Arc<AtomicUsize>,
}

impl Signals {
    pub fn catch() -> Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let signal = Arc::new(AtomicUsize::new(0));
        let armed = Arc::new(AtomicBool::new(false));
        // A closed terminal (SIGHUP) is handled like SIGTERM.
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Registered first, so that it sees the flag as the previous signal left it.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, armed.clone())?;
            signal_hook::flag::register(sig, armed.clone())?;
            signal_hook::flag::register_usize(sig, signal.clone(), sig as usize)?;
        }
        Ok(Signals { signal })
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s as i32),
        }
    }
}

/// "SIGINT", "SIGTERM" or "SIGHUP".
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGHUP => "SIGHUP",
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}
