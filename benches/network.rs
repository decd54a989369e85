//! Network construction at 1M residents: Erdős–Rényi of mean degree 10 (the graph of the
//! threshold bench) and the default small world of the district preset (42 streets × 8
//! communities × 3,000, mean degree 8), as arcs built per second.
//! Run with `cargo bench --bench network`.

mod common;

use cogov::network::SocialNetwork;
use common::{Rate, full_model, threshold_only};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("network_1m");
    g.sample_size(10);
    let er = threshold_only(1_000_000, 10.0);
    let sw = full_model(42);
    let mut rates = Vec::new();
    for (label, s) in [("erdos_renyi_z10", &er), ("small_world_district", &sw)] {
        let communities = s.population.communities() as usize;
        let m = s.population.residents_per_community as usize;
        let arcs = SocialNetwork::build(&s.network, communities, m, 1).arcs();
        let rate = Rate::default();
        g.throughput(Throughput::Elements(arcs as u64));
        g.bench_function(label, |b| {
            rate.iter(b, || SocialNetwork::build(&s.network, communities, m, 1))
        });
        rates.push((label, communities * m, arcs, rate));
    }
    g.finish();
    for (label, n, arcs, rate) in &rates {
        rate.report(
            &format!("network_1m/{label} ({n} residents, {arcs} arcs)"),
            *arcs as f64,
            "arcs",
        );
        rate.report(
            &format!("network_1m/{label} ({n} residents, {arcs} arcs)"),
            *n as f64,
            "residents",
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
