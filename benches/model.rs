//! One tick of the full model (every mechanism on: the co-governance scenario) at 24k,
//! 240k and 1M residents, as resident-ticks per second. Each size is warmed up for a few
//! ticks first, so the state measured is a running model, not the initial one.
//! Run with `cargo bench --bench model`.

mod common;

use cogov::model::Model;
use common::{Rate, full_model};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("full_tick");
    g.sample_size(10);
    let mut rates = Vec::new();
    for (label, streets) in [("24k", 1u32), ("240k", 10), ("1M", 42)] {
        let s = full_model(streets);
        let n = s.population.residents();
        let mut model = Model::new(&s, 1).expect("model builds");
        for _ in 0..8 {
            model.step();
        }
        let rate = Rate::default();
        g.throughput(Throughput::Elements(n));
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            rate.iter(b, || model.step())
        });
        rates.push((label, n, rate));
    }
    g.finish();
    for (label, n, rate) in &rates {
        rate.report(
            &format!("full_tick/{label} ({n} residents)"),
            *n as f64,
            "resident-ticks",
        );
    }
    eprintln!("(target at 1M: ≥ 30 M resident-ticks/s on 2 threads)");
}

criterion_group!(benches, bench);
criterion_main!(benches);
