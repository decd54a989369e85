//! The three measurements of the CI benchmark. Each times a piece of cogov and the bare
//! CSR kernel (`common::kernel`) at the same size, alternately round by round (cogov then
//! kernel, kernel then cogov, …), and reports the median over rounds of the per-round
//! ratio cogov time / kernel time: a load that comes and goes hits both halves of a round
//! alike, so the ratio moves far less than either time.

use std::time::Instant;

use cogov::model::Model;
use cogov::run::{Job, run_jobs};
use cogov::scenario::Scenario;
use rayon::prelude::*;

use crate::common::kernel::Kernel;
use crate::common::{full_model, human, threshold_only};
use crate::compare::{Figure, quantile};

/// The build the figures come from, in their names, so that figures of two builds are
/// never compared: none for the default build, `scripts/bench-ci.sh`'s test profile (the
/// build `cargo test` has just made, with debug assertions), ", release" for a release
/// build (`scripts/bench-ci.sh --release`).
pub const BUILD: &str = if cfg!(debug_assertions) {
    ""
} else {
    ", release"
};

/// Sizes and round counts of one CI run.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub rounds: u32,
    pub threads: usize,
}

/// The threshold cascade: 100,000 residents, Erdős–Rényi z = 10, 1% seeds, threshold
/// 0.18; 20 whole ticks of the model in pure threshold mode from the start, against 20
/// kernel steps from the same seeds (the setting of benches/peers/run.sh). Figure: the
/// 20-tick cascade's time / the 20 kernel steps' time.
pub const CASCADE_N: u32 = 100_000;
pub const CASCADE_STEPS: u32 = 20;
/// The full model (every mechanism on) on 10 streets (240,000 residents), warmed up for
/// 8 ticks, then 4 ticks per round from that same state, against 20 kernel steps on its
/// network (about as long: the halves of a round see the same load). Figure: time per
/// tick / kernel time per step.
pub const FULL_STREETS: u32 = 10;
pub const FULL_WARMUP: u32 = 8;
pub const FULL_TICKS: u32 = 4;
pub const FULL_KERNEL_STEPS: u32 = 20;
/// Sweep throughput: 16 runs of a 3,000-resident community for 104 weeks through
/// `run_jobs`, against 64 kernel runs of 104 steps on that community's network, spread
/// over the same pool the same way (one run per task). Figure: time per run / time per
/// kernel run.
pub const SWEEP_RESIDENTS: u32 = 3_000;
pub const SWEEP_TICKS: u32 = 104;
pub const SWEEP_RUNS: u32 = 16;
pub const SWEEP_KERNEL_RUNS: u32 = 64;

/// Times of each half of every round, in seconds.
struct Rounds {
    cogov: Vec<f64>,
    kernel: Vec<f64>,
}

/// Runs one unrecorded warm-up round, then `rounds` rounds alternating which half goes
/// first. Each closure prepares its own state and returns only the seconds it timed.
fn interleave(
    rounds: u32,
    mut cogov: impl FnMut() -> f64,
    mut kernel: impl FnMut() -> f64,
) -> Rounds {
    cogov();
    kernel();
    let mut r = Rounds {
        cogov: Vec::new(),
        kernel: Vec::new(),
    };
    for i in 0..rounds {
        let (c, k) = if i % 2 == 0 {
            let c = cogov();
            (c, kernel())
        } else {
            let k = kernel();
            (cogov(), k)
        };
        r.cogov.push(c);
        r.kernel.push(k);
    }
    r
}

/// What one half of a round did: `count` of `each` (ticks, steps, runs), worth `amount`
/// of `rate_unit` (edge visits, resident-ticks, runs) in all, to print a rate.
struct Work {
    count: u32,
    each: &'static str,
    amount: f64,
    rate_unit: &'static str,
}

/// The figure: the median over rounds of (cogov's time per `cogov.each`) / (the kernel's
/// time per `kernel.each`); its range is half the interquartile range of those ratios.
fn figure(name: &str, plan: Plan, rounds: &Rounds, cogov: Work, kernel: Work) -> Figure {
    let per = cogov.count as f64 / kernel.count as f64;
    let ratios: Vec<f64> = rounds
        .cogov
        .iter()
        .zip(&rounds.kernel)
        .map(|(c, k)| c / k / per)
        .collect();
    let median = quantile(&ratios, 0.5);
    let half_iqr = (quantile(&ratios, 0.75) - quantile(&ratios, 0.25)) / 2.0;
    let (tc, tk) = (quantile(&rounds.cogov, 0.5), quantile(&rounds.kernel, 0.5));
    let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    let max = ratios.iter().copied().fold(0.0, f64::max);
    Figure {
        name: format!(
            "{name}, {} thread{}{}",
            plan.threads,
            if plan.threads == 1 { "" } else { "s" },
            BUILD
        ),
        unit: format!(
            "cogov time per {} / bare kernel time per {}",
            cogov.each, kernel.each
        ),
        value: round_to(median, 4),
        range: Some(format!("± {half_iqr:.4}")),
        extra: Some(format!(
            "cogov {} {}s in {:.2} ms ({} {}/s); bare kernel {} {}s in {:.2} ms ({} {}/s); \
             median of {} interleaved rounds (per-round ratios {min:.4}–{max:.4})",
            cogov.count,
            cogov.each,
            tc * 1e3,
            human(cogov.amount / tc),
            cogov.rate_unit,
            kernel.count,
            kernel.each,
            tk * 1e3,
            human(kernel.amount / tk),
            kernel.rate_unit,
            plan.rounds,
        )),
    }
}

/// `x` to `digits` significant decimals (stable, short JSON).
fn round_to(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

fn timed(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// `ticks` ticks of a clone of `template` (the clone and its drop untimed).
fn ticks_of(template: &Model, ticks: u32) -> f64 {
    let mut m = template.clone();
    let t = timed(|| {
        for _ in 0..ticks {
            std::hint::black_box(m.step());
        }
    });
    drop(m);
    t
}

/// `steps` kernel steps from the seeds.
fn kernel_steps(kernel: &mut Kernel, steps: u32) -> f64 {
    kernel.reset();
    timed(|| {
        for _ in 0..steps {
            std::hint::black_box(kernel.step());
        }
    })
}

/// The 20-tick threshold cascade against 20 kernel steps.
pub fn cascade(plan: Plan) -> Figure {
    let s = threshold_only(CASCADE_N, 10.0);
    let template = Model::new(&s, 1).expect("the pure threshold scenario builds");
    let mut kernel = Kernel::of(&template);
    let visits = kernel.visits_per_step() as f64;
    let rounds = interleave(
        plan.rounds,
        || ticks_of(&template, CASCADE_STEPS),
        || kernel_steps(&mut kernel, CASCADE_STEPS),
    );
    figure(
        &format!("cascade {}k, {CASCADE_STEPS} ticks", CASCADE_N / 1000),
        plan,
        &rounds,
        Work {
            count: CASCADE_STEPS,
            each: "tick",
            amount: visits * CASCADE_STEPS as f64,
            rate_unit: "edge visits",
        },
        Work {
            count: CASCADE_STEPS,
            each: "step",
            amount: visits * CASCADE_STEPS as f64,
            rate_unit: "edge visits",
        },
    )
}

/// Ticks of the full model (warmed up) against kernel steps on its network.
pub fn full_tick(plan: Plan) -> Figure {
    let s = full_model(FULL_STREETS);
    let n = s.population.residents() as f64;
    let mut template = Model::new(&s, 1).expect("scenarios/co_governance.toml builds");
    for _ in 0..FULL_WARMUP {
        template.step();
    }
    let mut kernel = Kernel::of(&template);
    let visits = kernel.visits_per_step() as f64;
    let rounds = interleave(
        plan.rounds,
        || ticks_of(&template, FULL_TICKS),
        || kernel_steps(&mut kernel, FULL_KERNEL_STEPS),
    );
    figure(
        &format!("full model {}k, tick", n as u64 / 1000),
        plan,
        &rounds,
        Work {
            count: FULL_TICKS,
            each: "tick",
            amount: n * FULL_TICKS as f64,
            rate_unit: "resident-ticks",
        },
        Work {
            count: FULL_KERNEL_STEPS,
            each: "step",
            amount: visits * FULL_KERNEL_STEPS as f64,
            rate_unit: "edge visits",
        },
    )
}

/// The sweep bench's community: one street of one community of 3,000, 104 weeks.
fn sweep_community() -> Scenario {
    let mut s = Scenario::default();
    s.population.streets = 1;
    s.population.communities_per_street = 1;
    s.population.residents_per_community = SWEEP_RESIDENTS;
    s.run.ticks = SWEEP_TICKS;
    s
}

/// Sweep runs against kernel runs of as many steps, one per task on the same pool.
pub fn sweep(plan: Plan) -> Figure {
    let jobs = vec![Job {
        name: "community".into(),
        scenario: sweep_community(),
        master_seed: 1,
        replicates: SWEEP_RUNS,
    }];
    let template = Model::new(&jobs[0].scenario, jobs[0].seed_of(0)).expect("community builds");
    let kernel = Kernel::of(&template);
    let rounds = interleave(
        plan.rounds,
        || {
            timed(|| {
                run_jobs(&jobs, |r| {
                    std::hint::black_box(r);
                    true
                })
                .expect("the sweep runs")
            })
        },
        || {
            let mut kernels = vec![kernel.clone(); SWEEP_KERNEL_RUNS as usize];
            timed(|| {
                kernels.par_iter_mut().with_max_len(1).for_each(|k| {
                    k.reset();
                    for _ in 0..SWEEP_TICKS {
                        std::hint::black_box(k.step());
                    }
                })
            })
        },
    );
    figure(
        &format!(
            "sweep {}k x {SWEEP_TICKS} weeks, run",
            SWEEP_RESIDENTS / 1000
        ),
        plan,
        &rounds,
        Work {
            count: SWEEP_RUNS,
            each: "run",
            amount: SWEEP_RUNS as f64,
            rate_unit: "runs",
        },
        Work {
            count: SWEEP_KERNEL_RUNS,
            each: "kernel run",
            amount: SWEEP_KERNEL_RUNS as f64,
            rate_unit: "kernel runs",
        },
    )
}
