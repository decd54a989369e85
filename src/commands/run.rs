//! `cogov run FILE`: one scenario's replicates, their trajectories and a final table.

use std::time::Instant;

use anyhow::Result;

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
    let (pool, threads) = stream::pool(args.threads)?;
    let dir = output::prepare(args.out.as_deref(), &stem, args.force)?;
    let started = chrono::Local::now();
    let clock = Instant::now();
    let jobs = vec![job];
    let kept = pool.install(|| stream::run_and_write(&dir, &jobs, Keep::Final, args.quiet))?;

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
        complete: true,
    };
    output::write_atomic(
        &dir.join("manifest.json"),
        &export::manifest_json(&manifest),
    )?;
    output::mark_complete(&dir)?;
    if !args.quiet {
        let finals: Vec<_> = kept[0].iter().filter_map(|t| t.last().cloned()).collect();
        println!(
            "Final tick ({}), mean over {} replicates:",
            jobs[0].scenario.run.ticks, jobs[0].replicates
        );
        print!(
            "{}",
            export::final_means_table(&[(jobs[0].name.clone(), finals)])
        );
    }
    println!("{}", dir.display());
    Ok(())
}
