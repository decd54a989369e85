//! Running jobs while streaming their rows to `trajectories.csv`.
//!
//! Replicates finish in any order; each is written as soon as every replicate before it
//! (in job, then replicate order) is written, so the file's bytes do not depend on
//! scheduling and a crash loses only what had not finished.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output;
use cogov::export;
use cogov::metrics::TickMetrics;
use cogov::run::{self, Job, Replicate};

/// What the caller wants back from each replicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Only the last tick (for the final table).
    Final,
    /// Every tick (for bands and plots).
    All,
}

/// Per job, per replicate (in replicate order), the ticks kept.
pub type Kept = Vec<Vec<Vec<TickMetrics>>>;

/// Run `jobs` and stream their rows into `dir/trajectories.csv`.
pub fn run_and_write(dir: &Path, jobs: &[Job], keep: Keep, quiet: bool) -> Result<Kept> {
    let total: u64 = jobs.iter().map(|j| j.replicates as u64).sum();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        // Drawn only when stderr is a terminal.
        let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} replicates  {elapsed} (ETA {eta})")
                .expect("valid template"),
        );
        b
    };
    let mut file = output::StreamedFile::create(&dir.join("trajectories.csv"))?;
    file.write(&export::trajectories_header())?;
    let offsets: Vec<u64> = jobs
        .iter()
        .scan(0u64, |acc, j| {
            let o = *acc;
            *acc += j.replicates as u64;
            Some(o)
        })
        .collect();
    struct Writer {
        file: output::StreamedFile,
        next: u64,
        pending: BTreeMap<u64, Replicate>,
        kept: Kept,
        error: Option<anyhow::Error>,
    }
    let writer = Mutex::new(Writer {
        file,
        next: 0,
        pending: BTreeMap::new(),
        kept: vec![Vec::new(); jobs.len()],
        error: None,
    });
    run::run_jobs(jobs, |rep| {
        bar.inc(1);
        let mut w = writer.lock().expect("writer lock");
        let pos = offsets[rep.job] + rep.replicate as u64;
        w.pending.insert(pos, rep);
        loop {
            let next = w.next;
            let Some(rep) = w.pending.remove(&next) else {
                break;
            };
            let job = &jobs[rep.job];
            let bytes = export::trajectory_rows(&job.name, rep.replicate, rep.seed, &rep.ticks);
            if let Err(e) = w.file.write(&bytes).and_then(|_| w.file.flush()) {
                w.error = Some(e);
                return false;
            }
            let ticks = match keep {
                Keep::All => rep.ticks,
                Keep::Final => rep.ticks.last().cloned().into_iter().collect(),
            };
            w.kept[rep.job].push(ticks);
            w.next += 1;
        }
        true
    })?;
    bar.finish_and_clear();
    let w = writer.into_inner().expect("writer lock");
    if let Some(e) = w.error {
        return Err(e);
    }
    w.file.finish()?;
    Ok(w.kept)
}

/// A rayon pool with `threads` workers (all cores when not given).
pub fn pool(threads: Option<u64>) -> Result<(rayon::ThreadPool, usize)> {
    let n = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    Ok((pool, n))
}
