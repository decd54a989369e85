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

use super::guard::Signals;
use crate::output;
use cogov::export;
use cogov::metrics::TickMetrics;
use cogov::run::{self, Job, Replicate};

/// The streamed file's name in the output folder.
pub const TRAJECTORIES: &str = "trajectories.csv";

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

/// What [`run_and_write`] did.
pub struct Streamed {
    /// Per job, per replicate written, the ticks kept.
    pub kept: Kept,
    /// Replicates written (all of them unless interrupted).
    pub written: u64,
    /// The signal that stopped the run, if one did; then the rows are in
    /// `trajectories.csv.partial` (the first `written` replicates, in order).
    pub interrupted: Option<i32>,
}

/// Run `jobs` and stream their rows into `dir/trajectories.csv`, stopping cleanly (and
/// keeping the replicates finished) when `signals` receives SIGINT, SIGTERM or SIGHUP.
pub fn run_and_write(
    dir: &Path,
    jobs: &[Job],
    keep: Keep,
    quiet: bool,
    signals: &Signals,
) -> Result<Streamed> {
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
    let mut file = output::StreamedFile::create(&dir.join(TRAJECTORIES))?;
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
    let interrupted = || signals.received().is_some();
    run::run_jobs_until(jobs, &interrupted, |rep| {
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
    let interrupted = signals.received();
    if interrupted.is_some() {
        w.file.keep_partial()?;
    } else {
        w.file.finish()?;
    }
    Ok(Streamed {
        kept: w.kept,
        written: w.next,
        interrupted,
    })
}

/// A rayon pool with `threads` workers (all cores when not given).
pub fn pool(threads: Option<u64>) -> Result<(rayon::ThreadPool, usize)> {
    let n = thread_count(threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    Ok((pool, n))
}

/// The worker threads `pool` would start.
pub fn thread_count(threads: Option<u64>) -> usize {
    threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    )
}

/// The error of a run stopped by a signal, after its folder has been saved: what was
/// kept, and how to run again. Also written into the `INCOMPLETE` marker.
pub fn interrupted(
    dir: &Path,
    signal: i32,
    written: u64,
    total: u64,
) -> Result<super::Interrupted> {
    let partial = output::partial_name(&dir.join(TRAJECTORIES));
    let message = format!(
        "interrupted by {}: {written} of {total} replicates had finished; they are kept in \
         {} (the folder holds the marker INCOMPLETE, and manifest.json says \
         \"complete\": false).\nTo run again from the start, replacing this folder:\n  {}",
        super::guard::signal_name(signal),
        partial.display(),
        super::rerun_command()
    );
    output::mark_incomplete(dir, &format!("{message}\n"))?;
    Ok(super::Interrupted { signal, message })
}

/// The error of a run stopped by a signal after every replicate was written to
/// `trajectories.csv`, before `missing` (the later outputs) were written.
pub fn interrupted_late(
    dir: &Path,
    signal: i32,
    total: u64,
    missing: &str,
) -> Result<super::Interrupted> {
    let message = format!(
        "interrupted by {}: all {total} replicates had finished and are in {}, but {missing} \
         were not written (the folder holds the marker INCOMPLETE, and manifest.json says \
         \"complete\": false).\nTo run again from the start, replacing this folder:\n  {}",
        super::guard::signal_name(signal),
        dir.join(TRAJECTORIES).display(),
        super::rerun_command()
    );
    output::mark_incomplete(dir, &format!("{message}\n"))?;
    Ok(super::Interrupted { signal, message })
}

/// Name the folder in the error of a run that failed after its folder was made, saying
/// truly whether it is complete (the failure may come after the last step, e.g. a full
/// standard output while printing the table).
pub fn unfinished(dir: &Path) -> impl FnOnce(anyhow::Error) -> anyhow::Error + '_ {
    move |e| {
        if dir.join(output::INCOMPLETE).exists() {
            e.context(format!(
                "the run did not finish; {} is incomplete (it keeps its INCOMPLETE marker)",
                dir.display()
            ))
        } else {
            e.context(format!(
                "the results in {} are complete, but the command failed after writing them",
                dir.display()
            ))
        }
    }
}
