//! cogov's side of benches/peers/run.sh: the model in pure threshold mode (only the
//! social term on; see `common::threshold_only`) on an Erdős–Rényi graph, timed over
//! whole ticks (`Model::step`, everything a tick does), network construction excluded
//! as it is for the peers. Not a criterion bench: it prints one `RESULT` line.
//!
//!   PEER_N=100000 PEER_STEPS=20 cargo bench --bench peer_threshold

mod common;

use std::time::Instant;

use cogov::model::Model;
use cogov::model::residents::COMMITTED;

fn env(name: &str, default: f64) -> f64 {
    std::env::var(name).map_or(default, |v| v.parse().expect(name))
}

fn main() {
    let n = env("PEER_N", 100_000.0) as u32;
    let steps = env("PEER_STEPS", 20.0) as u32;
    let z = env("PEER_Z", 10.0);
    let s = common::threshold_only(n, z);
    let mut model = Model::new(&s, 1).expect("model builds");
    let net = model.network();
    let flags = &model.residents().flags;
    let visits: usize = (0..n as usize)
        .filter(|&i| flags[i] & COMMITTED == 0)
        .map(|i| net.degree(i))
        .sum();
    let arcs = net.arcs();
    let t = Instant::now();
    for _ in 0..steps {
        std::hint::black_box(model.step());
    }
    let secs = t.elapsed().as_secs_f64();
    let active: usize = model.residents().active.iter().map(|&a| a as usize).sum();
    println!(
        "RESULT peer=cogov n={n} arcs={arcs} steps={steps} seconds={secs:.6} \
         edge_visits_per_s={:.1} threads={} final_active={active}",
        visits as f64 * steps as f64 / secs,
        rayon::current_num_threads()
    );
}
