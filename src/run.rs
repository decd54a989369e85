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
    Ok(run_one_until(scenario, seed, &|| false)?.expect("never interrupted"))
}

/// Run one replicate to the end, or until `interrupted()` returns true (checked before
/// every tick), in which case the unfinished replicate is dropped and `None` returned.
pub fn run_one_until(
    scenario: &Scenario,
    seed: u64,
    interrupted: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<TickMetrics>>, ModelError> {
    let mut model = Model::new(scenario, seed)?;
    let mut out = Vec::with_capacity(scenario.run.ticks as usize + 1);
    // The same sequence as `Model::run`: the initial state, then every tick.
    out.push(model.initial_metrics());
    for _ in 0..scenario.run.ticks {
        if interrupted() {
            return Ok(None);
        }
        out.push(model.step());
    }
    Ok(Some(out))
}

/// Run every replicate of every job in parallel, calling `done` as each finishes.
/// Stops early (without starting more replicates) when `done` returns false.
pub fn run_jobs(jobs: &[Job], done: impl Fn(Replicate) -> bool + Sync) -> Result<(), ModelError> {
    run_jobs_until(jobs, &|| false, done).map(|_| ())
}

/// As [`run_jobs`], but also stops when `interrupted()` returns true (a user's Ctrl-C, say):
/// no further replicate starts, and the replicates running stop at their next tick and
/// are not handed to `done`. Returns whether it was interrupted.
pub fn run_jobs_until(
    jobs: &[Job],
    interrupted: &(dyn Fn() -> bool + Sync),
    done: impl Fn(Replicate) -> bool + Sync,
) -> Result<bool, ModelError> {
    let work: Vec<(usize, u32)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(j, job)| (0..job.replicates).map(move |r| (j, r)))
        .collect();
    let stop = std::sync::atomic::AtomicBool::new(false);
    work.par_iter().with_max_len(1).try_for_each(|&(j, r)| {
        if stop.load(std::sync::atomic::Ordering::Relaxed) || interrupted() {
            return Ok(());
        }
        let job = &jobs[j];
        let seed = job.seed_of(r);
        let Some(ticks) = run_one_until(&job.scenario, seed, interrupted)? else {
            return Ok(());
        };
        if !done(Replicate {
            job: j,
            replicate: r,
            seed,
            ticks,
        }) {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    })?;
    Ok(interrupted())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn small() -> Scenario {
        let mut s = Scenario::default();
        s.run.ticks = 5;
        s.population.communities_per_street = 2;
        s.population.residents_per_community = 50;
        s
    }

    #[test]
    fn run_one_until_matches_model_run() {
        let s = small();
        let mut via_model = Vec::new();
        Model::new(&s, 3).unwrap().run(|m| via_model.push(m));
        assert_eq!(run_one(&s, 3).unwrap(), via_model);
        assert_eq!(run_one_until(&s, 3, &|| true).unwrap(), None);
    }

    #[test]
    fn an_interrupt_stops_new_replicates() {
        let job = Job {
            name: "s".into(),
            scenario: small(),
            master_seed: 1,
            replicates: 6,
        };
        let finished = AtomicUsize::new(0);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let interrupted = pool
            .install(|| {
                run_jobs_until(
                    std::slice::from_ref(&job),
                    &|| finished.load(Ordering::SeqCst) >= 2,
                    |_| {
                        finished.fetch_add(1, Ordering::SeqCst);
                        true
                    },
                )
            })
            .unwrap();
        assert!(interrupted);
        assert_eq!(finished.load(Ordering::SeqCst), 2);
        let all = run_jobs_until(std::slice::from_ref(&job), &|| false, |_| true).unwrap();
        assert!(!all);
    }
}
