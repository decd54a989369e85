//! An estimate of the memory a run needs, so that the binary can refuse, before starting,
//! a scenario the machine cannot hold (rather than let it fail hours in, or swap).
//!
//! The estimate counts what grows with the population: the resident columns of
//! [`Residents`](super::residents::Residents) and the network's compressed sparse rows
//! (one `u64` offset per resident, one `u32` per tie end), plus the replicate's recorded
//! metrics. Committees, offices and NGOs are per community and small beside them. It is a
//! lower bound of the peak, not a measurement: it is meant to catch scenarios that are
//! larger than the machine by a wide margin, not to tell 90% from 110%.

use crate::metrics::TickMetrics;
use crate::scenario::{NetworkKind, Scenario};

/// Bytes of the resident columns per resident: `age`, `flags`, `active`, `active_next`
/// and the recorded participation (one byte each), `threshold`, `trust`, `trust_next`,
/// `efficacy`, `satisfaction` (`f32` each), `last_active` and the count of neighbours
/// taking part (`u32` each).
pub const RESIDENT_COLUMN_BYTES: u64 = 5 + 5 * 4 + 2 * 4;
/// Bytes of the network's row offsets per resident.
pub const OFFSET_BYTES: u64 = 8;
/// Bytes per tie end (arc) of the network.
pub const ARC_BYTES: u64 = 4;

/// Tie ends (arcs) of the scenario's network: residents × mean degree, as the network
/// builder makes them (a small-world degree is clamped to the community size).
pub fn tie_ends(s: &Scenario) -> u64 {
    let n = residents(s) as f64;
    let degree = match s.network.kind {
        NetworkKind::None => 0.0,
        NetworkKind::Complete => (n - 1.0).max(0.0),
        NetworkKind::ErdosRenyi => s.network.mean_degree,
        NetworkKind::SmallWorld => s
            .network
            .mean_degree
            .min(f64::from(s.population.residents_per_community)),
    };
    saturating(n * degree.max(0.0))
}

/// Estimated bytes of one replicate of the scenario while it runs.
pub fn estimate_memory(s: &Scenario) -> u64 {
    let residents = residents(s);
    let per_resident = RESIDENT_COLUMN_BYTES + OFFSET_BYTES;
    let metrics =
        (u64::from(s.run.ticks) + 1).saturating_mul(std::mem::size_of::<TickMetrics>() as u64);
    residents
        .saturating_mul(per_resident)
        .saturating_add(tie_ends(s).saturating_mul(ARC_BYTES))
        .saturating_add(metrics)
}

/// How many replicates run at once: one per worker thread, at most.
pub fn concurrent_replicates(replicates: u64, threads: u64) -> u64 {
    replicates.min(threads).max(1)
}

/// Estimated bytes of running `replicates` replicates of the scenario on `threads`
/// worker threads.
pub fn estimate_run_memory(s: &Scenario, replicates: u64, threads: u64) -> u64 {
    estimate_memory(s).saturating_mul(concurrent_replicates(replicates, threads))
}

/// Bytes in words: "512 B", "1.5 KiB", "23.5 GiB", "6.1 TiB".
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Residents, saturating instead of overflowing (for scenarios not yet validated).
fn residents(s: &Scenario) -> u64 {
    let p = &s.population;
    let n = u128::from(p.streets)
        * u128::from(p.communities_per_street)
        * u128::from(p.residents_per_community);
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn saturating(x: f64) -> u64 {
    if x >= u64::MAX as f64 {
        u64::MAX
    } else {
        x as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_with_residents_ties_and_concurrency() {
        let mut s = Scenario::default();
        let base = estimate_memory(&s);
        let n = s.population.residents();
        // 24,000 residents of degree 8: 32 B + 32 B each, plus the metrics.
        assert!(base >= n * (32 + 8 * 4), "{base}");
        assert!(base < n * (32 + 8 * 4) + 1_000_000, "{base}");
        s.network.kind = NetworkKind::None;
        assert_eq!(tie_ends(&s), 0);
        assert!(estimate_memory(&s) < base);
        s.network.kind = NetworkKind::Complete;
        assert_eq!(tie_ends(&s), n * (n - 1));
        assert_eq!(residents(&s), n);
        let s = Scenario::default();
        assert_eq!(estimate_run_memory(&s, 30, 2), 2 * base);
        assert_eq!(estimate_run_memory(&s, 1, 8), base);
        assert_eq!(concurrent_replicates(0, 0), 1);
    }

    #[test]
    fn small_world_degree_is_clamped_to_the_community() {
        let mut s = Scenario::default();
        s.population.residents_per_community = 5;
        s.network.mean_degree = 50.0;
        assert_eq!(tie_ends(&s), s.population.residents() * 5);
    }

    #[test]
    fn never_overflows() {
        let mut s = Scenario::default();
        s.population.streets = u32::MAX;
        s.population.communities_per_street = u32::MAX;
        s.population.residents_per_community = u32::MAX;
        s.network.kind = NetworkKind::Complete;
        assert_eq!(estimate_run_memory(&s, u64::MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn bytes_in_words() {
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(3 << 30), "3.0 GiB");
        assert_eq!(format_bytes(u64::MAX), "16.0 EiB");
    }
}
