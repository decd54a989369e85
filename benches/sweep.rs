//! Sweep throughput: many small runs, each a 3,000-resident community for 104 ticks (the
//! baseline policies), 40 replicates per iteration through `cogov::run::run_jobs` on a
//! 2-thread pool, as runs per second (target ≥ 800; issue 5's was 200). Then
//! `INTERLEAVED`: the same 40 runs with every neighbour count pulled every tick (the path
//! before issue 14, forced for every model built) and with the per-tick push/pull choice,
//! alternating batch by batch. Run with `cargo bench --bench sweep`.

mod common;

use cogov::model::participation::{Traversal, set_default_traversal};
use cogov::run::{Job, run_jobs};
use cogov::scenario::Scenario;
use common::Rate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const RUNS: u32 = 40;

fn batch(pool: &rayon::ThreadPool, jobs: &[Job]) {
    pool.install(|| {
        run_jobs(jobs, |r| {
            std::hint::black_box(r);
            true
        })
    })
    .expect("runs");
}

fn bench(c: &mut Criterion) {
    let mut s = Scenario::default();
    s.population.streets = 1;
    s.population.communities_per_street = 1;
    s.population.residents_per_community = 3000;
    s.run.ticks = 104;
    let jobs = vec![Job {
        name: "community".into(),
        scenario: s,
        master_seed: 1,
        replicates: RUNS,
    }];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    g.throughput(Throughput::Elements(RUNS as u64));
    let rate = Rate::default();
    g.bench_function("community_3000x104_2threads", |b| {
        rate.iter(b, || batch(&pool, &jobs))
    });
    g.finish();
    rate.report("sweep/community_3000x104_2threads", RUNS as f64, "runs");
    eprintln!("(target: ≥ 800 runs/s on 2 threads)");

    let (mut tp, mut ta) = (0.0f64, 0.0f64);
    let batches = 20;
    for _ in 0..batches {
        for (traversal, total) in [(Traversal::Pull, &mut tp), (Traversal::Auto, &mut ta)] {
            set_default_traversal(traversal);
            let t = std::time::Instant::now();
            batch(&pool, &jobs);
            *total += t.elapsed().as_secs_f64();
        }
    }
    set_default_traversal(Traversal::Auto);
    let runs = (RUNS * batches) as f64;
    eprintln!(
        "INTERLEAVED sweep ({batches} batches of {RUNS} runs each): pull every tick {:.1} \
         runs/s, push/pull per tick {:.1} runs/s ({:.2}x)",
        runs / tp,
        runs / ta,
        tp / ta
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
