//! One tick of the full model (every mechanism on: the co-governance scenario) at 24k,
//! 240k and 1M residents, as resident-ticks per second. Each size is warmed up for a few
//! ticks first, so the state measured is a running model, not the initial one.
//! Then `INTERLEAVED`: at 1M, a model that pulls every neighbour count every tick (the
//! path before issue 14, forced) and one that chooses push or pull per tick, stepped
//! alternately from the same warmed-up state, so that the machine's load hits both alike.
//! Run with `cargo bench --bench model`.

mod common;

use cogov::model::Model;
use cogov::model::participation::Traversal;
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
    eprintln!("(target at 1M: ≥ 100 M resident-ticks/s on 2 threads; issue 5's was 30 M)");
    interleaved();
}

/// Pull every tick against the per-tick choice at 1M, alternating tick by tick.
fn interleaved() {
    let s = full_model(42);
    let n = s.population.residents() as f64;
    let mut pull = Model::new(&s, 1).expect("model builds");
    pull.set_traversal(Traversal::Pull);
    for _ in 0..8 {
        pull.step();
    }
    let mut auto = pull.clone();
    auto.set_traversal(Traversal::Auto);
    let (mut tp, mut ta) = (0.0f64, 0.0f64);
    let ticks = 40;
    for _ in 0..ticks {
        let t = std::time::Instant::now();
        let a = std::hint::black_box(pull.step());
        tp += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let b = std::hint::black_box(auto.step());
        ta += t.elapsed().as_secs_f64();
        assert_eq!(
            serde_json::to_string(&a).expect("metrics serialise"),
            serde_json::to_string(&b).expect("metrics serialise"),
            "push and pull differ at tick {}",
            a.tick
        );
    }
    let rate = |t: f64| common::human(n * ticks as f64 / t);
    eprintln!(
        "INTERLEAVED full_tick/1M ({ticks} ticks each, {} threads): pull every tick {} \
         resident-ticks/s, push/pull per tick {} resident-ticks/s ({:.2}x)",
        rayon::current_num_threads(),
        rate(tp),
        rate(ta),
        tp / ta
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
