//! `cogov run FILE`: one scenario's replicates, their trajectories and a final table.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use super::guard::{self, Signals};
use super::say;
use super::stream::{self, Keep};
use crate::cli::RunArgs;
use crate::output;
use cogov::export::{self, Manifest, ManifestScenario};
use cogov::run::Job;
use cogov::scenario;

pub fn run(args: &RunArgs) -> Result<()> {
    let scenario = scenario::load_file(&args.file)?;
    let stem = output::stem(&args.file);
    let job = Job {
        name: stem.clone(),
        master_seed: args.seed.unwrap_or(scenario.run.seed),
        replicates: args.replicates.unwrap_or(scenario.run.replicates),
        scenario,
    };
    guard::check_memory(
        &[(&args.file, &job.scenario, job.replicates)],
        stream::thread_count(args.common.threads) as u64,
        0,
        args.common.allow_large,
    )?;
    let signals = Signals::catch()?;
    let (pool, threads) = stream::pool(args.common.threads)?;
    let (dir, _lock) = output::prepare(
        args.common.out.as_deref(),
        &stem,
        args.common.force,
        &outputs(),
    )?;
    let jobs = vec![job];
    write_run(args, &dir, &jobs, threads, &pool, &signals).map_err(stream::unfinished(&dir))
}

/// The files `cogov run` writes in its folder: what `--force` may later remove.
fn outputs() -> Vec<String> {
    vec![stream::TRAJECTORIES.into(), output::MANIFEST.into()]
}

fn write_run(
    args: &RunArgs,
    dir: &Path,
    jobs: &[Job],
    threads: usize,
    pool: &rayon::ThreadPool,
    signals: &Signals,
) -> Result<()> {
    let started = chrono::Local::now();
    let clock = Instant::now();
    let streamed =
        pool.install(|| stream::run_and_write(dir, jobs, Keep::Final, args.quiet, signals))?;
    let kept = streamed.kept;

    let manifest = Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        command: std::env::args().collect(),
        scenarios: vec![ManifestScenario {
            name: jobs[0].name.clone(),
            file: args.file.display().to_string(),
            hash: jobs[0].scenario.hash_hex(),
            resolved: jobs[0].scenario.clone(),
        }],
        master_seed: jobs[0].master_seed,
        replicates: jobs[0].replicates,
        seed_rule: "replicate r runs with seed master_seed + r".into(),
        threads,
        started: started.to_rfc3339(),
        wall_seconds: clock.elapsed().as_secs_f64(),
        complete: streamed.interrupted.is_none(),
    };
    output::write_atomic(
        &dir.join(output::MANIFEST),
        &export::manifest_json(&manifest),
    )?;
    if let Some(signal) = streamed.interrupted {
        let total = u64::from(jobs[0].replicates);
        return Err(stream::interrupted(dir, signal, streamed.written, total)?.into());
    }
    output::mark_complete(dir)?;
    if !args.quiet {
        let finals: Vec<_> = kept[0].iter().filter_map(|t| t.last().cloned()).collect();
        say(&format!(
            "Final tick ({}), mean over {} replicates:\n{}",
            jobs[0].scenario.run.ticks,
            jobs[0].replicates,
            export::final_means_table(&[(jobs[0].name.clone(), finals)])
        ))?;
    }
    say(&format!("{}\n", dir.display()))
}
