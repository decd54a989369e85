//! Sweep throughput: many small runs, each a 3,000-resident community for 104 ticks (the
//! baseline policies), 40 replicates per iteration through `cogov::run::run_jobs` on a
//! 2-thread pool, as runs per second (target ≥ 200). Run with `cargo bench --bench sweep`.

mod common;

use cogov::run::{Job, run_jobs};
use cogov::scenario::Scenario;
use common::Rate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const RUNS: u32 = 40;

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
        rate.iter(b, || {
            pool.install(|| {
                run_jobs(&jobs, |r| {
                    std::hint::black_box(r);
                    true
                })
            })
            .expect("runs")
        })
    });
    g.finish();
    rate.report("sweep/community_3000x104_2threads", RUNS as f64, "runs");
    eprintln!("(target: ≥ 200 runs/s on 2 threads)");
}

criterion_group!(benches, bench);
criterion_main!(benches);
