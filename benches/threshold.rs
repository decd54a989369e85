//! The pure threshold step at 1M residents (Erdős–Rényi, mean degree 10), against a bare
//! reference kernel measured in the same run.
//!
//! * `bare_kernel`: a plain CSR synchronous threshold step (`common::kernel`), rayon over chunks of
//!   4,096 residents, on the same graph, seeds and thresholds: the ceiling the model's
//!   own step is compared with (target: cogov within 80% of it).
//! * `cogov_participate`: cogov's threshold rule (`participation::participate`) alone,
//!   pulling every tie (forced, as the bare kernel does).
//! * `cogov_tick`: one whole tick of the model in pure threshold mode (`Model::step`:
//!   everything a tick does, with only the social term on), every tie pulled every tick
//!   (forced: the path before issue 14); `cogov_tick_push_pull`: the same with the
//!   per-tick choice, which in a settled cascade pushes the few changes.
//!
//! * `cascade` (not a criterion group, it prints `CASCADE` lines): the 20-step cascade at
//!   100k and 1M with the neighbour counts pulled every tick against pushed while few
//!   residents change, interleaved.
//!
//! Edge visits per step = arcs of the non-seed residents (seeds take part without
//! looking at their neighbours, in both kernels). Run with `cargo bench --bench threshold`
//! (and `RAYON_NUM_THREADS=1` for one thread).

mod common;

use cogov::model::Model;
use cogov::model::participation::{self, Context, Traversal};
use cogov::model::residents::{COMMITTED, Residents};
use cogov::network::SocialNetwork;
use common::kernel::bare_step;
use common::{Rate, threshold_only};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const N: u32 = 1_000_000;
const Z: f64 = 10.0;
const SEED: u64 = 1;

fn bench(c: &mut Criterion) {
    let s = threshold_only(N, Z);
    let network = SocialNetwork::build(&s.network, 1, N as usize, SEED);
    let residents = Residents::new(&s.population, &s.online.access, true, SEED);
    let (offsets, nbrs) = network.csr();
    let seeds: Vec<u8> = residents
        .flags
        .iter()
        .map(|&f| (f & COMMITTED != 0) as u8)
        .collect();
    let visits: f64 = (0..N as usize)
        .filter(|&i| seeds[i] == 0)
        .map(|i| network.degree(i) as f64)
        .sum();
    eprintln!(
        "threshold bench: {} residents, {} arcs, {} edge visits per step, {} threads",
        N,
        network.arcs(),
        visits,
        rayon::current_num_threads()
    );

    let mut g = c.benchmark_group("threshold_1m");
    g.sample_size(30);
    g.throughput(Throughput::Elements(visits as u64));

    // Bare kernel, from the same initial state (seeds active).
    let bare = Rate::default();
    let mut active = residents.active.clone();
    let mut next = vec![0u8; N as usize];
    // One kernel step; criterion times it below, `interleaved` after.
    let mut bare_once = || {
        let k = bare_step(
            offsets,
            nbrs,
            &seeds,
            &residents.threshold,
            &active,
            &mut next,
        );
        std::mem::swap(&mut active, &mut next);
        k
    };
    g.bench_function("bare_kernel", |b| bare.iter(b, &mut bare_once));

    // cogov's threshold rule alone, every tie pulled every step (as the bare kernel does).
    let part = Rate::default();
    let mut res = Residents::new(&s.population, &s.online.access, true, SEED);
    res.neighbours_on.traversal = Traversal::Pull;
    let share = vec![0.0f32; 1];
    let recruitment = vec![0.0f32; 1];
    let relief = vec![0.0f64; 1];
    let contact = vec![0.0f64; 1];
    let ctx = Context {
        network: &network,
        community_share: &share,
        recruitment: &recruitment,
        relief: &relief,
        channel_open: false,
        contact: &contact,
        outreach_family: 0,
        tick: 1,
    };
    g.bench_function("cogov_participate", |b| {
        part.iter(b, || participation::participate(&mut res, &s, &ctx))
    });

    // One whole tick of the model in pure threshold mode, pulling every tie every tick;
    // and the same with the per-tick push/pull choice (a settled cascade: few changes).
    let tick = Rate::default();
    let mut model = Model::with_network(&s, SEED, network.clone()).expect("model builds");
    model.set_traversal(Traversal::Pull);
    g.bench_function("cogov_tick", |b| tick.iter(b, || model.step()));
    let tick_auto = Rate::default();
    let mut model_auto = Model::with_network(&s, SEED, network.clone()).expect("model builds");
    g.bench_function("cogov_tick_push_pull", |b| {
        tick_auto.iter(b, || model_auto.step())
    });
    g.finish();

    interleaved(
        visits,
        &mut bare_once,
        &mut || participation::participate(&mut res, &s, &ctx).total(),
        &mut model,
        &mut model_auto,
    );

    report_rates([&bare, &part, &tick, &tick_auto], visits);
}

/// The criterion runs' `RATE` lines and the `RATIO` of cogov's rule and tick to the bare
/// kernel, in the order bare kernel, rule, pulling tick, push/pull tick.
fn report_rates([bare, part, tick, tick_auto]: [&Rate; 4], visits: f64) {
    let rb = bare.report("threshold_1m/bare_kernel", visits, "edge visits");
    let rp = part.report("threshold_1m/cogov_participate", visits, "edge visits");
    let rt = tick.report("threshold_1m/cogov_tick", visits, "edge visits");
    tick_auto.report(
        "threshold_1m/cogov_tick_push_pull",
        visits,
        "equivalent edge visits",
    );
    eprintln!(
        "RATIO cogov_participate / bare_kernel = {:.3}; cogov_tick / bare_kernel = {:.3} \
         (target ≥ 0.8; cogov ≥ 1.0 G edge visits/s on 2 threads)",
        rp / rb,
        rt / rb
    );
}

/// Interleaved: the bare kernel, cogov's rule, the pulling tick and the push/pull tick
/// alternate step by step, so a load on the machine that comes and goes hits them alike
/// and the ratios stay fair (the `INTERLEAVED` line).
fn interleaved(
    visits: f64,
    bare: &mut dyn FnMut() -> u64,
    rule: &mut dyn FnMut() -> u64,
    model: &mut Model,
    model_auto: &mut Model,
) {
    let timed = |f: &mut dyn FnMut()| {
        let t = std::time::Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    let (mut tb, mut tp, mut tt, mut ta) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let rounds = 60;
    for _ in 0..rounds {
        tb += timed(&mut || {
            std::hint::black_box(bare());
        });
        tp += timed(&mut || {
            std::hint::black_box(rule());
        });
        tt += timed(&mut || {
            std::hint::black_box(model.step());
        });
        ta += timed(&mut || {
            std::hint::black_box(model_auto.step());
        });
    }
    let per = |t: f64| visits * rounds as f64 / t;
    eprintln!(
        "INTERLEAVED ({rounds} rounds): bare_kernel {} edge visits/s, cogov_participate {} \
         ({:.3} of bare), cogov_tick {} ({:.3} of bare), cogov_tick_push_pull {} \
         equivalent ({:.3} of bare, {:.2}x the pulling tick)",
        common::human(per(tb)),
        common::human(per(tp)),
        tb / tp,
        common::human(per(tt)),
        tb / tt,
        common::human(per(ta)),
        tb / ta,
        tt / ta
    );
}

/// The 20-step cascade of `benches/peers/run.sh` (ER z = 10, 1% seeds, threshold 0.18,
/// graph construction excluded) at 100k and 1M, whole ticks, with the counts of
/// neighbours taking part pulled every tick (today's path before issue 14, forced) and
/// chosen per tick (push while few residents change), interleaved round by round in the
/// same process. Equivalent edge visits/s = the pull's visits per step × 20 / time.
fn cascade(_c: &mut Criterion) {
    const STEPS: u32 = 20;
    for n in [100_000u32, 1_000_000] {
        let s = threshold_only(n, Z);
        let network = SocialNetwork::build(&s.network, 1, n as usize, SEED);
        let probe = Model::with_network(&s, SEED, network.clone()).expect("model builds");
        let flags = &probe.residents().flags;
        let visits: f64 = (0..n as usize)
            .filter(|&i| flags[i] & COMMITTED == 0)
            .map(|i| network.degree(i) as f64)
            .sum();
        let rounds = if n >= 1_000_000 { 10 } else { 30 };
        let mut times = [Vec::new(), Vec::new()];
        let mut finals = [0usize; 2];
        for _ in 0..rounds {
            for (k, traversal) in [Traversal::Pull, Traversal::Auto].into_iter().enumerate() {
                let mut model =
                    Model::with_network(&s, SEED, network.clone()).expect("model builds");
                model.set_traversal(traversal);
                let t = std::time::Instant::now();
                for _ in 0..STEPS {
                    std::hint::black_box(model.step());
                }
                times[k].push(t.elapsed().as_secs_f64());
                finals[k] = model.residents().active.iter().map(|&a| a as usize).sum();
            }
        }
        assert_eq!(
            finals[0], finals[1],
            "push and pull end in different states"
        );
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (pull, auto) = (median(&mut times[0]), median(&mut times[1]));
        let rate = |t: f64| common::human(visits * STEPS as f64 / t);
        eprintln!(
            "CASCADE n={n} ({STEPS} steps, {rounds} interleaved rounds, median, {} threads, \
             {} active at the end): pull every tick {:.2} ms ({} edge visits/s), \
             push/pull per tick {:.2} ms ({} equivalent edge visits/s): {:.2}x (target ≥ 5x)",
            rayon::current_num_threads(),
            finals[1],
            pull * 1e3,
            rate(pull),
            auto * 1e3,
            rate(auto),
            pull / auto
        );
    }
}

criterion_group!(benches, bench, cascade);
criterion_main!(benches);
