//! The `cogov` binary: glue between the command line, the library and the file system.

mod cli;
mod output;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command, RunArgs};
use cogov::export::{self, Manifest, ManifestScenario};
use cogov::metrics::TickMetrics;
use cogov::run::{self, Job, Replicate};
use cogov::scenario::{self, ScenarioError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Defaults => {
            print!("{}", scenario::render::defaults_toml());
            Ok(())
        }
        Command::Check { file } => scenario::load_file(&file)
            .map(|s| print!("{}", scenario::render::resolved_toml(&s)))
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Bad input (a scenario the user wrote) is exit status 2; anything else is 1.
            if let Some(se) = e.downcast_ref::<ScenarioError>() {
                eprintln!("error: {se}");
                ExitCode::from(2)
            } else {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}

fn run_command(args: &RunArgs) -> Result<()> {
    let scenario = scenario::load_file(&args.file)?;
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    let job = Job {
        name: stem.clone(),
        master_seed: args.seed.unwrap_or(scenario.run.seed),
        replicates: args.replicates.unwrap_or(scenario.run.replicates),
        scenario,
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .context("cannot start worker threads")?;
    let dir = output::prepare(args.out.as_deref(), &stem, args.force)?;
    let started = chrono::Local::now();
    let clock = Instant::now();
    let jobs = vec![job];
    let finals = pool.install(|| write_trajectories(&dir, &jobs, args.quiet))?;

    let manifest = Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        command: std::env::args().collect(),
        scenarios: jobs
            .iter()
            .map(|j| ManifestScenario {
                name: j.name.clone(),
                file: args.file.display().to_string(),
                hash: j.scenario.hash_hex(),
                resolved: j.scenario.clone(),
            })
            .collect(),
        master_seed: jobs[0].master_seed,
        replicates: jobs[0].replicates,
        seed_rule: "replicate r runs with seed master_seed + r".into(),
        threads,
        started: started.to_rfc3339(),
        wall_seconds: clock.elapsed().as_secs_f64(),
        complete: true,
    };
    output::write_atomic(
        &dir.join("manifest.json"),
        &export::manifest_json(&manifest),
    )?;
    output::mark_complete(&dir)?;
    if !args.quiet {
        println!(
            "Final tick ({}), mean over replicates:",
            jobs[0].scenario.run.ticks
        );
        print!("{}", export::final_means_table(&finals));
    }
    println!("{}", dir.display());
    Ok(())
}

/// Run the jobs, streaming each replicate's rows to `trajectories.csv` in (job,
/// replicate) order as soon as all before it are written. Returns each job's final-tick
/// metrics, one per replicate.
fn write_trajectories(
    dir: &Path,
    jobs: &[Job],
    quiet: bool,
) -> Result<Vec<(String, Vec<TickMetrics>)>> {
    let total: u64 = jobs.iter().map(|j| j.replicates as u64).sum();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} replicates  {elapsed} (ETA {eta})")
                .expect("valid template"),
        );
        b
    };
    let mut file = output::StreamedFile::create(&dir.join("trajectories.csv"))?;
    file.write(&export::trajectories_header())?;
    // Position of each replicate in the output order.
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
        finals: Vec<Vec<TickMetrics>>,
        error: Option<anyhow::Error>,
    }
    let writer = Mutex::new(Writer {
        file,
        next: 0,
        pending: BTreeMap::new(),
        finals: vec![Vec::new(); jobs.len()],
        error: None,
    });
    run::run_jobs(jobs, |rep| {
        bar.inc(1);
        let mut w = writer.lock().expect("writer lock");
        let pos = offsets[rep.job] + rep.replicate as u64;
        w.pending.insert(pos, rep);
        while let Some(rep) = {
            let next = w.next;
            w.pending.remove(&next)
        } {
            let job = &jobs[rep.job];
            let bytes = export::trajectory_rows(&job.name, rep.replicate, rep.seed, &rep.ticks);
            if let Err(e) = w.file.write(&bytes).and_then(|_| w.file.flush()) {
                w.error = Some(e);
                return false;
            }
            if let Some(last) = rep.ticks.last() {
                w.finals[rep.job].push(last.clone());
            }
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
    Ok(jobs.iter().map(|j| j.name.clone()).zip(w.finals).collect())
}
