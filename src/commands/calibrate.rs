//! `cogov calibrate FILE`: ABC by adaptive population Monte Carlo (`cogov::calibrate`).
//!
//! The output folder is locked while written. Each particle is appended to
//! `generations/gen-G.journal` (with a CRC-32) as its runs finish; when the generation is
//! complete its table `generations/gen-G.csv` is written whole and the journal removed.
//! The proposals are a pure function of the seed and the generations before, so a
//! calibration killed at any point and started again with the same file reads back the
//! generations and particles it has and runs only the rest, giving the same bytes. A
//! folder of another calibration file is refused (unless `--force`). At the end:
//! `posterior.csv`, `summary.csv`, `posterior_median.toml` (a complete scenario that
//! `cogov run` accepts) and `manifest.json` with `complete: true`.
//!
//! **On Slurm** each generation is an array job. `--slurm` never simulates: it accepts
//! every generation whose particles are all in (from its table, its journal, or the
//! journals of its shards, `shards/shard-I-of-N/gen-G.journal`), then writes the next
//! generation's array job `generations/gen-G.sbatch` and prints its path, or, once the
//! calibration has stopped, writes its results as above. Each array task runs
//! `cogov calibrate FILE --out OUT --tasks N`: it replays the accepted generations, runs the
//! particles of the current one with index % N == its task id and appends them to its
//! shard's journal. `calibrate-slurm.sh` (written beside) loops over the two steps with
//! `sbatch --wait`. A particle's runs depend only on the seed, its generation and its
//! index, so the tables and results are the bytes of a calibration on one machine.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use cogov::calibrate::file::{self, Calibration};
use cogov::calibrate::{Apmc, Particle, output as files};

use crate::cli::CalibrateArgs;
use crate::commands::{BadInput, say, stream};
use crate::durable;
use crate::lock::FolderLock;
use crate::output;

#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct Manifest {
    cogov_version: String,
    calibration_file: String,
    calibration_hash: String,
    base_file: String,
    base_hash: String,
    method: String,
    seed: u64,
    complete: bool,
    generations: u32,
}

pub fn run(args: &CalibrateArgs) -> Result<()> {
    let cal = file::load_file(&args.file)?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("results").join(format!("calibrate-{}", output::stem(&args.file)))
    });
    let threads = args.threads.or_else(|| {
        std::env::var("SLURM_CPUS_PER_TASK")
            .ok()
            .and_then(|s| s.parse().ok())
    });
    if let Some(shard) = shard_of(args)? {
        return run_shard(args, &cal, &out, shard, threads);
    }
    std::fs::create_dir_all(out.join("generations"))
        .with_context(|| format!("cannot create {}", out.display()))?;
    let _lock = FolderLock::acquire(&out)?;
    let mut manifest = new_manifest(args, &cal);
    claim(&out, &manifest, args.force)?;
    let (pool, _) = stream::pool(threads)?;
    let mut apmc = Apmc::new(
        cal.parameters.iter().map(|p| p.prior).collect(),
        cal.settings,
        cal.seed,
    );
    let mut history: Vec<(u32, f64, Vec<Particle>)> = Vec::new();
    while !apmc.done() {
        let g = apmc.generation;
        let proposals = apmc.propose();
        let results = if args.slurm {
            match gathered(&cal, &out, g, &proposals, args.quiet)? {
                Some(r) => r,
                None => return slurm::write_generation(args, &out, g, proposals.len()),
            }
        } else {
            generation(&cal, &out, g, &proposals, &pool, args.quiet)?
        };
        let distances: Vec<f64> = results.iter().map(|r| r.0).collect();
        apmc.accept(&distances);
        history.push((g, apmc.epsilon, apmc.kept.clone()));
        if !args.quiet {
            eprintln!(
                "cogov calibrate: generation {g}: ε = {:.4}, acceptance {:.0}%",
                apmc.epsilon,
                100.0 * apmc.p_acc
            );
        }
    }
    finish(args, &cal, &out, &apmc, &history, &mut manifest)
}

fn new_manifest(args: &CalibrateArgs, cal: &Calibration) -> Manifest {
    Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        calibration_file: args.file.display().to_string(),
        calibration_hash: cal.file_hash.clone(),
        base_file: cal.base_file.display().to_string(),
        base_hash: cal.base.hash_hex(),
        method: "APMC (Lenormand, Jabot & Deffuant 2013)".into(),
        seed: cal.seed,
        complete: false,
        generations: 0,
    }
}

/// The calibration has stopped: the posterior, summary, median scenario, charts, and the
/// manifest saying complete.
fn finish(
    args: &CalibrateArgs,
    cal: &Calibration,
    out: &Path,
    apmc: &Apmc,
    history: &[(u32, f64, Vec<Particle>)],
    manifest: &mut Manifest,
) -> Result<()> {
    let median = cal
        .scenario(&files::medians(cal, apmc))
        .context("the posterior median gives an invalid scenario")?;
    durable::write_atomic(
        &out.join("posterior.csv"),
        &files::posterior_csv(cal, history),
    )?;
    let summary = files::summary_csv(cal, apmc);
    durable::write_atomic(&out.join("summary.csv"), &summary)?;
    let toml = format!(
        "# The posterior median of {} (cogov calibrate); a complete scenario.\n{}",
        args.file.display(),
        cogov::scenario::render::resolved_toml(&median)
    );
    durable::write_atomic(&out.join("posterior_median.toml"), toml.as_bytes())?;
    let charts = files::charts(cal, apmc).context("cannot draw the posterior charts")?;
    for (name, bytes) in &charts {
        durable::write_atomic(&out.join(name), bytes)?;
    }
    manifest.complete = true;
    manifest.generations = apmc.generation;
    write_manifest(out, manifest)?;
    if !args.quiet {
        say(&String::from_utf8_lossy(&summary))?;
    }
    say(&format!("{}\n", out.display()))
}

/// The distances of generation `g`: read back from its table if it holds these
/// proposals; else simulated, each particle appended to the generation's journal as it
/// finishes (so a killed generation resumes where it was; particles its Slurm shards ran
/// are read back too), then the table written whole and the journals removed.
fn generation(
    cal: &Calibration,
    out: &Path,
    g: u32,
    proposals: &[Vec<f64>],
    pool: &rayon::ThreadPool,
    quiet: bool,
) -> Result<Vec<Simulated>> {
    if let Some(r) = read_table(cal, out, g, proposals, quiet) {
        return Ok(r);
    }
    let shards = ShardJournals::lock(out, g)?;
    let journal_path = out.join("generations").join(format!("gen-{g}.journal"));
    let (mut found, journal) = open_journal(&journal_path, proposals, cal.targets.len())?;
    shards.fill(&mut found, proposals, cal.targets.len());
    if found.iter().any(Option::is_some) {
        eprintln!(
            "cogov calibrate: generation {g}: read back {} of {} particles from {}",
            found.iter().filter(|r| r.is_some()).count(),
            proposals.len(),
            journal_path.display()
        );
    }
    let missing: Vec<usize> = (0..proposals.len())
        .filter(|&i| found[i].is_none())
        .collect();
    for (i, r) in simulate(cal, g, proposals, &missing, journal, pool)? {
        found[i] = Some(r);
    }
    let results: Vec<Simulated> = found
        .into_iter()
        .map(|r| r.expect("every particle"))
        .collect();
    write_table(cal, out, g, proposals, &results)?;
    std::fs::remove_file(&journal_path).ok();
    shards.remove();
    Ok(results)
}

/// Generation `g`'s table, if it holds exactly these proposals.
fn read_table(
    cal: &Calibration,
    out: &Path,
    g: u32,
    proposals: &[Vec<f64>],
    quiet: bool,
) -> Option<Vec<Simulated>> {
    let path = out.join("generations").join(format!("gen-{g}.csv"));
    let bytes = std::fs::read(&path).ok()?;
    let r = files::read_generation(cal, proposals, &bytes)?;
    if !quiet {
        eprintln!(
            "cogov calibrate: generation {g} read back from {}",
            path.display()
        );
    }
    Some(r)
}

/// Write generation `g`'s table (refused if every run failed).
fn write_table(
    cal: &Calibration,
    out: &Path,
    g: u32,
    proposals: &[Vec<f64>],
    results: &[Simulated],
) -> Result<()> {
    if results.iter().all(|r| r.0.is_nan()) {
        bail!("every run of generation {g} failed or gave no value for a target");
    }
    let path = out.join("generations").join(format!("gen-{g}.csv"));
    durable::write_atomic(&path, &files::generation_csv(cal, g, proposals, results))
}

/// The particles a journal holds, and the journal open for appending: rewritten first
/// with its valid records only (a torn last line is dropped).
fn open_journal(
    path: &Path,
    proposals: &[Vec<f64>],
    targets: usize,
) -> Result<(Found, durable::AppendFile)> {
    let found = read_journal(path, proposals, targets);
    let kept: Vec<u8> = found
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| journal_line(i, &proposals[i], r)))
        .flatten()
        .collect();
    durable::write_atomic(path, &kept)?;
    Ok((found, durable::AppendFile::open(path)?))
}

/// Simulate the particles `todo` of generation `g` in parallel, appending each to the
/// journal as it finishes; the journal is synced before returning.
fn simulate(
    cal: &Calibration,
    g: u32,
    proposals: &[Vec<f64>],
    todo: &[usize],
    journal: durable::AppendFile,
    pool: &rayon::ThreadPool,
) -> Result<Vec<(usize, Simulated)>> {
    let journal = std::sync::Mutex::new(journal);
    let done: Vec<(usize, Simulated)> = pool.install(|| {
        todo.par_iter()
            .map(|&i| {
                let r = cal.distance(g, i, &proposals[i]);
                let line = journal_line(i, &proposals[i], &r);
                journal.lock().expect("journal").append(&line)?;
                Ok((i, r))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    journal.lock().expect("journal").sync()?;
    Ok(done)
}

/// A particle's distance and simulated targets.
type Simulated = (f64, Vec<f64>);

/// Per particle: its distance and simulated targets, if known.
type Found = Vec<Option<Simulated>>;

/// The shard folders of a calibration (`OUT/shards/shard-I-of-N/`), locked (a shard
/// still being written is refused), with their journals of one generation.
struct ShardJournals {
    journals: Vec<PathBuf>,
    _locks: Vec<FolderLock>,
}

impl ShardJournals {
    fn lock(out: &Path, g: u32) -> Result<ShardJournals> {
        let mut dirs: Vec<PathBuf> = match std::fs::read_dir(out.join(SHARDS)) {
            Ok(entries) => entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("shard-"))
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(_) => Vec::new(),
        };
        dirs.sort();
        let locks = dirs
            .iter()
            .map(|d| FolderLock::acquire(d))
            .collect::<Result<Vec<_>>>()?;
        Ok(ShardJournals {
            journals: dirs
                .iter()
                .map(|d| d.join(format!("gen-{g}.journal")))
                .collect(),
            _locks: locks,
        })
    }

    /// Add the particles the shards' journals hold.
    fn fill(&self, found: &mut Found, proposals: &[Vec<f64>], targets: usize) {
        for j in &self.journals {
            for (i, r) in read_journal(j, proposals, targets).into_iter().enumerate() {
                if found[i].is_none() {
                    found[i] = r;
                }
            }
        }
    }

    /// Remove the generation's shard journals (its table holds them now).
    fn remove(&self) {
        for j in &self.journals {
            std::fs::remove_file(j).ok();
        }
    }
}

/// Where the Slurm array tasks write, inside the output folder.
const SHARDS: &str = "shards";

/// With `--slurm`: generation `g`'s results if every particle is in (its table, or its
/// journal and its shards' journals, then written as its table); None if some are
/// missing (their array job is to run).
fn gathered(
    cal: &Calibration,
    out: &Path,
    g: u32,
    proposals: &[Vec<f64>],
    quiet: bool,
) -> Result<Option<Vec<Simulated>>> {
    if let Some(r) = read_table(cal, out, g, proposals, quiet) {
        return Ok(Some(r));
    }
    let shards = ShardJournals::lock(out, g)?;
    let journal_path = out.join("generations").join(format!("gen-{g}.journal"));
    let mut found = read_journal(&journal_path, proposals, cal.targets.len());
    shards.fill(&mut found, proposals, cal.targets.len());
    let have = found.iter().filter(|r| r.is_some()).count();
    if have < proposals.len() {
        if !quiet {
            eprintln!(
                "cogov calibrate: generation {g}: {have} of {} particles in",
                proposals.len()
            );
        }
        return Ok(None);
    }
    let results: Vec<Simulated> = found.into_iter().flatten().collect();
    write_table(cal, out, g, proposals, &results)?;
    if !quiet {
        eprintln!(
            "cogov calibrate: generation {g}: merged {} particles from {}",
            proposals.len(),
            out.join(SHARDS).display()
        );
    }
    std::fs::remove_file(&journal_path).ok();
    shards.remove();
    Ok(Some(results))
}

/// `--shard I/N`, or with `--tasks N` inside a Slurm array task, I from
/// SLURM_ARRAY_TASK_ID. None: the whole calibration.
fn shard_of(args: &CalibrateArgs) -> Result<Option<(u64, u64)>> {
    if let Some(s) = &args.shard {
        let parsed = s.split_once('/').and_then(|(i, n)| {
            Some((i.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?))
        });
        return match parsed {
            Some((i, n)) if n >= 1 && i < n => Ok(Some((i, n))),
            _ => Err(BadInput(format!(
                "--shard {s}: expected I/N with 0 <= I < N, e.g. --shard 0/4"
            ))
            .into()),
        };
    }
    if args.slurm {
        return Ok(None);
    }
    let (Some(n), Ok(id)) = (args.tasks, std::env::var("SLURM_ARRAY_TASK_ID")) else {
        return Ok(None);
    };
    let i: u64 = id
        .parse()
        .with_context(|| format!("SLURM_ARRAY_TASK_ID = {id:?} is not a task number"))?;
    if i >= n {
        bail!(
            "Slurm array task {i} is not one of the {n} shards (0 to {})",
            n - 1
        );
    }
    Ok(Some((i, n)))
}

/// One shard of the current generation: replay the accepted generations from their
/// tables, then run this shard's particles of the first one without a table into
/// `OUT/shards/shard-I-of-N/gen-G.journal`.
fn run_shard(
    args: &CalibrateArgs,
    cal: &Calibration,
    out: &Path,
    (i, n): (u64, u64),
    threads: Option<u64>,
) -> Result<()> {
    let m: Option<Manifest> = std::fs::read(out.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let Some(m) =
        m.filter(|m| m.calibration_hash == cal.file_hash && m.base_hash == cal.base.hash_hex())
    else {
        return Err(BadInput(format!(
            "{} holds no calibration of {}: a shard runs a generation that `cogov calibrate \
             {} --out {} --slurm` has prepared",
            out.display(),
            args.file.display(),
            args.file.display(),
            out.display()
        ))
        .into());
    };
    if m.complete {
        return say(&format!("{}: the calibration is complete\n", out.display()));
    }
    let dir = out.join(SHARDS).join(format!("shard-{i}-of-{n}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let _lock = FolderLock::acquire(&dir)?;
    let mut apmc = Apmc::new(
        cal.parameters.iter().map(|p| p.prior).collect(),
        cal.settings,
        cal.seed,
    );
    while !apmc.done() {
        let g = apmc.generation;
        let proposals = apmc.propose();
        if let Some(r) = read_table(cal, out, g, &proposals, true) {
            apmc.accept(&r.iter().map(|r| r.0).collect::<Vec<_>>());
            continue;
        }
        let path = dir.join(format!("gen-{g}.journal"));
        let (found, journal) = open_journal(&path, &proposals, cal.targets.len())?;
        let todo: Vec<usize> = (0..proposals.len())
            .filter(|&p| p as u64 % n == i && found[p].is_none())
            .collect();
        let before = (0..proposals.len())
            .filter(|&p| p as u64 % n == i && found[p].is_some())
            .count();
        let (pool, _) = stream::pool(threads)?;
        let done = simulate(cal, g, &proposals, &todo, journal, &pool)?;
        return say(&format!(
            "generation {g}, shard {i}/{n}: {} particles run now, {before} read back\n{}\n",
            done.len(),
            dir.display()
        ));
    }
    say(&format!(
        "{}: every generation has its table; `cogov calibrate {} --out {} --slurm` writes the results\n",
        out.display(),
        args.file.display(),
        out.display()
    ))
}

/// A journal record: particle, parameters, distance, simulated targets, then the CRC-32
/// (hex) of the text before it.
fn journal_line(i: usize, theta: &[f64], r: &Simulated) -> Vec<u8> {
    let mut fields = vec![i.to_string()];
    fields.extend(theta.iter().map(|x| x.to_string()));
    fields.push(r.0.to_string());
    fields.extend(r.1.iter().map(|x| x.to_string()));
    let body = fields.join(",");
    format!("{body},{:08x}\n", crc32fast::hash(body.as_bytes())).into_bytes()
}

/// The particles a journal holds: whole lines whose CRC, particle number and parameters
/// match these proposals (anything else is ignored and run again).
fn read_journal(path: &Path, proposals: &[Vec<f64>], targets: usize) -> Vec<Option<Simulated>> {
    let mut found = vec![None; proposals.len()];
    let Ok(text) = std::fs::read_to_string(path) else {
        return found;
    };
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        let line = line.trim_end_matches('\n');
        let Some((body, crc)) = line.rsplit_once(',') else {
            continue;
        };
        if format!("{:08x}", crc32fast::hash(body.as_bytes())) != crc {
            continue;
        }
        let f: Vec<&str> = body.split(',').collect();
        let Some(i) = f.first().and_then(|t| t.parse::<usize>().ok()) else {
            continue;
        };
        let Some(theta) = proposals.get(i) else {
            continue;
        };
        let k = theta.len();
        if f.len() != 2 + k + targets || (0..k).any(|j| f[1 + j] != theta[j].to_string()) {
            continue;
        }
        let nums: Option<Vec<f64>> = f[1 + k..].iter().map(|t| t.parse().ok()).collect();
        if let Some(v) = nums {
            found[i] = Some((v[0], v[1..].to_vec()));
        }
    }
    found
}

fn write_manifest(out: &Path, m: &Manifest) -> Result<()> {
    let mut b = serde_json::to_vec_pretty(m)?;
    b.push(b'\n');
    durable::write_atomic(&out.join("manifest.json"), &b)
}

/// Refuse a folder of another calibration; with `--force` start it again.
fn claim(out: &Path, manifest: &Manifest, force: bool) -> Result<()> {
    let path = out.join("manifest.json");
    if let Ok(bytes) = std::fs::read(&path) {
        let old: Option<Manifest> = serde_json::from_slice(&bytes).ok();
        let same = old.as_ref().is_some_and(|o| {
            o.calibration_hash == manifest.calibration_hash && o.base_hash == manifest.base_hash
        });
        if !same && !force {
            return Err(BadInput(format!(
                "{} holds another calibration (a different file or base scenario); choose \
                 another --out, or add --force to start again",
                out.display()
            ))
            .into());
        }
        if !same || force {
            for name in ["posterior.csv", "summary.csv", "posterior_median.toml"] {
                let _ = std::fs::remove_file(out.join(name));
            }
            // The charts of an earlier calibration (marginal-*, pair-*).
            for e in std::fs::read_dir(out)?.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                let chart = n.ends_with(".svg") || n.ends_with(".png");
                if chart && (n.starts_with("marginal-") || n.starts_with("pair-")) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
            let g = out.join("generations");
            std::fs::remove_dir_all(&g).ok();
            std::fs::remove_dir_all(out.join(SHARDS)).ok();
            std::fs::create_dir_all(&g)?;
        }
    }
    write_manifest(out, manifest)
}

/// The Slurm scripts of `cogov calibrate --slurm`.
mod slurm {
    use std::path::Path;

    use anyhow::{Context, Result};

    use super::SHARDS;
    use crate::cli::CalibrateArgs;
    use crate::commands::say;
    use crate::commands::sweep::{absolute, shell_quote};
    use crate::durable;

    /// The driver that loops over `--slurm` and `sbatch --wait`.
    pub const DRIVER: &str = "calibrate-slurm.sh";

    /// Write generation `g`'s array job (`generations/gen-G.sbatch`, `proposals` particles
    /// in `--tasks` shards) and the driver; print the job's path last on stdout.
    pub fn write_generation(
        args: &CalibrateArgs,
        out: &Path,
        g: u32,
        proposals: usize,
    ) -> Result<()> {
        let out = absolute(out)?;
        let file = std::fs::canonicalize(&args.file)
            .with_context(|| format!("cannot find {}", args.file.display()))?;
        let exe = std::env::current_exe()
            .and_then(std::fs::canonicalize)
            .context("cannot find the cogov executable")?;
        let q = |p: &Path| shell_quote(&p.display().to_string());
        let tasks = args.tasks.unwrap_or(100).min(proposals as u64).max(1);
        let logs = out.join("logs");
        std::fs::create_dir_all(&logs)
            .with_context(|| format!("cannot create {}", logs.display()))?;
        let throttle = args.throttle.map_or(String::new(), |k| format!("%{k}"));
        let script = out.join("generations").join(format!("gen-{g}.sbatch"));
        let text = format!(
            "#!/bin/bash\n\
             # Generation {g} of the calibration {file} as a Slurm array job, written by\n\
             # `cogov calibrate --slurm`: {proposals} particles in {tasks} tasks. Task I runs the\n\
             # particles with index % {tasks} == I into {shards}/shard-I-of-{tasks}/, resuming\n\
             # what that shard already has. When every task has ended,\n\
             #   cogov calibrate {file} --out {out} --slurm\n\
             # merges the shards and writes the next generation's job ({driver} loops).\n\
             #SBATCH --job-name=cogov-calibrate-g{g}\n\
             #SBATCH --array=0-{last}{throttle}\n\
             #SBATCH --ntasks=1\n\
             #SBATCH --cpus-per-task={cpus}\n\
             #SBATCH --output={logs}/gen-{g}_%A_%a.log\n\
             set -euo pipefail\n\
             exec {exe} calibrate {file} --out {out} --tasks {tasks} --quiet\n",
            file = q(&file),
            out = q(&out),
            shards = q(&out.join(SHARDS)),
            driver = q(&out.join(DRIVER)),
            last = tasks - 1,
            cpus = args.threads.unwrap_or(1),
            logs = q(&logs),
            exe = q(&exe),
        );
        write_script(&script, &text)?;
        write_driver(args, &out, &file, &exe)?;
        say(&format!("{}\n", script.display()))
    }

    fn write_driver(args: &CalibrateArgs, out: &Path, file: &Path, exe: &Path) -> Result<()> {
        let q = |p: &Path| shell_quote(&p.display().to_string());
        let mut options = String::new();
        for (flag, v) in [
            ("--tasks", args.tasks),
            ("--throttle", args.throttle),
            ("--threads", args.threads),
        ] {
            if let Some(v) = v {
                options.push_str(&format!(" {flag} {v}"));
            }
        }
        let text = format!(
            "#!/bin/bash\n\
             # The calibration {file} on Slurm, one array job per generation, written by\n\
             # `cogov calibrate --slurm`. Run it where sbatch works (a login node, inside tmux or\n\
             # screen), or submit it as a one-CPU job where jobs may submit jobs. Each turn\n\
             # merges the finished generation's shards, proposes the next generation from them\n\
             # and waits for its array job. Stopped or killed, run it again: it resumes.\n\
             set -euo pipefail\n\
             while :; do\n\
             \x20   next=$({exe} calibrate {file} --out {out} --slurm{options} --quiet | tail -n 1)\n\
             \x20   case \"$next\" in\n\
             \x20       *.sbatch) sbatch --wait \"$next\" ;;\n\
             \x20       *) echo \"$next\"; break ;;\n\
             \x20   esac\n\
             done\n",
            file = q(file),
            out = q(out),
            exe = q(exe),
        );
        write_script(&out.join(DRIVER), &text)
    }

    fn write_script(path: &Path, text: &str) -> Result<()> {
        durable::write_atomic(path, text.as_bytes())?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))
    }
}
