//! Shared set-up for the criterion benches: the scenarios measured and a way to print
//! the derived rate (edge visits/s, resident-ticks/s, runs/s) beside criterion's time.
#![allow(dead_code)]

// The bare CSR threshold kernel the benches divide by (benches/ci, benchci helper).
pub mod kernel;

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

use cogov::scenario::{Distribution, NetworkKind, Scenario, load_file};
use criterion::Bencher;

/// The co-governance scenario (every mechanism on: online channel with inclusion, NGOs,
/// councils, training, coordination, devolution), on `streets` streets of eight
/// communities of 3,000 residents: 1 street = 24k, 10 = 240k, 42 = 1,008,000 residents.
pub fn full_model(streets: u32) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/co_governance.toml");
    let mut s = load_file(&path).expect("scenarios/co_governance.toml loads");
    s.population.streets = streets;
    s
}

/// Pure threshold mode: only the social term of the threshold rule is on (the set-up of
/// `threshold_only` in tests/reductions.rs), and the other per-resident dynamics that
/// would otherwise run beside it are off too (word of mouth, satisfaction's recovery,
/// internet adoption), on an Erdős–Rényi graph of `n` residents and mean degree `z`.
/// Seeds (committed residents) are 1% of residents, the threshold 0.18 (Watts 2002).
pub fn threshold_only(n: u32, z: f64) -> Scenario {
    let mut s = Scenario::default();
    s.population.streets = 1;
    s.population.communities_per_street = 1;
    s.population.residents_per_community = n;
    s.population.committed_share = 0.01;
    s.population.threshold = Distribution::Constant { value: 0.18 };
    s.network.kind = NetworkKind::ErdosRenyi;
    s.network.mean_degree = z;
    s.threshold_cascade()
}

/// Accumulates the time and iterations criterion measured, to print a rate afterwards.
#[derive(Default)]
pub struct Rate {
    time: Cell<Duration>,
    iters: Cell<u64>,
}

impl Rate {
    /// Times `f` the way criterion's `iter` does, and remembers the total.
    pub fn iter<O>(&self, b: &mut Bencher, mut f: impl FnMut() -> O) {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                std::hint::black_box(f());
            }
            let t = start.elapsed();
            self.time.set(self.time.get() + t);
            self.iters.set(self.iters.get() + iters);
            t
        });
    }

    /// Seconds per iteration over everything measured (warm-up excluded by criterion's
    /// own warm-up being separate calls; these include every sample).
    pub fn seconds_per_iter(&self) -> f64 {
        self.time.get().as_secs_f64() / self.iters.get().max(1) as f64
    }

    /// Prints `elements` per iteration as a rate, e.g. "edge visits/s", and returns it.
    pub fn report(&self, name: &str, elements: f64, unit: &str) -> f64 {
        let per_s = elements / self.seconds_per_iter();
        eprintln!(
            "RATE {name}: {} {unit}/s ({:.3} ms per iteration, {} iterations, {} threads)",
            human(per_s),
            self.seconds_per_iter() * 1e3,
            self.iters.get(),
            rayon::current_num_threads()
        );
        per_s
    }
}

/// 1.23 G, 45.6 M, 789 k.
pub fn human(x: f64) -> String {
    if x >= 1e9 {
        format!("{:.3} G", x / 1e9)
    } else if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.1}")
    }
}
