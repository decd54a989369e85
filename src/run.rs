//! Running replicates in parallel.
//!
//! A [`Job`] is one scenario with a master seed and a number of replicates. Replicate
//! `r` runs with seed `master + r` (wrapping), so any single replicate can be reproduced
//! with `--seed <its seed> --replicates 1`, and every scenario of a comparison sees the
//! same seeds (common random numbers). Replicates run in parallel on rayon's pool (and
//! each run parallelises over its residents), and each finished replicate is handed to
//! the caller at once, in whatever order they finish; callers that need order (the CSV
//! writer) put them back in order. No I/O happens here.

use rayon::prelude::*;

use crate::metrics::TickMetrics;
use crate::model::{Model, ModelError};
use crate::scenario::Scenario;

/// One scenario to run.
#[derive(Clone, Debug)]
pub struct Job {
    /// The label written in the `scenario` column.
    pub name: String,
    pub scenario: Scenario,
    pub master_seed: u64,
    pub replicates: u32,
}

impl Job {
    pub fn seed_of(&self, replicate: u32) -> u64 {
        replicate_seed(self.master_seed, replicate)
    }
}

/// The seed of replicate `r` under master seed `master`.
pub fn replicate_seed(master: u64, replicate: u32) -> u64 {
    master.wrapping_add(replicate as u64)
}

/// One finished replicate.
#[derive(Clone, Debug)]
pub struct Replicate {
    /// Index of the job in the list given to [`run_jobs`].
    pub job: usize,
    pub replicate: u32,
    pub seed: u64,
    /// Tick 0 (the initial state) to the last tick.
    pub ticks: Vec<TickMetrics>,
}

/// Run one replicate to the end.
pub fn run_one(scenario: &Scenario, seed: u64) -> Result<Vec<TickMetrics>, ModelError> {
    let model = Model::new(scenario, seed)?;
    let mut out = Vec::with_capacity(scenario.run.ticks as usize + 1);
    model.run(|m| out.push(m));
    Ok(out)
}

/// Run every replicate of every job in parallel, calling `done` as each finishes.
/// Stops early (without starting more replicates) when `done` returns false.
pub fn run_jobs(jobs: &[Job], done: impl Fn(Replicate) -> bool + Sync) -> Result<(), ModelError> {
    let work: Vec<(usize, u32)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(j, job)| (0..job.replicates).map(move |r| (j, r)))
        .collect();
    let stop = std::sync::atomic::AtomicBool::new(false);
    work.par_iter().with_max_len(1).try_for_each(|&(j, r)| {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let job = &jobs[j];
        let seed = job.seed_of(r);
        let ticks = run_one(&job.scenario, seed)?;
        if !done(Replicate {
            job: j,
            replicate: r,
            seed,
            ticks,
        }) {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    })
}
