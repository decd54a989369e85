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
    std::fs::create_dir_all(out.join("generations"))
        .with_context(|| format!("cannot create {}", out.display()))?;
    let _lock = FolderLock::acquire(&out)?;
    let mut manifest = Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        calibration_file: args.file.display().to_string(),
        calibration_hash: cal.file_hash.clone(),
        base_file: cal.base_file.display().to_string(),
        base_hash: cal.base.hash_hex(),
        method: "APMC (Lenormand, Jabot & Deffuant 2013)".into(),
        seed: cal.seed,
        complete: false,
        generations: 0,
    };
    claim(&out, &manifest, args.force)?;
    let (pool, _) = stream::pool(args.threads)?;
    let mut apmc = Apmc::new(
        cal.parameters.iter().map(|p| p.prior).collect(),
        cal.settings,
        cal.seed,
    );
    let mut history: Vec<(u32, f64, Vec<Particle>)> = Vec::new();
    while !apmc.done() {
        let g = apmc.generation;
        let proposals = apmc.propose();
        let results = generation(&cal, &out, g, &proposals, &pool, args.quiet)?;
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
    let median = cal
        .scenario(&files::medians(&cal, &apmc))
        .context("the posterior median gives an invalid scenario")?;
    durable::write_atomic(
        &out.join("posterior.csv"),
        &files::posterior_csv(&cal, &history),
    )?;
    let summary = files::summary_csv(&cal, &apmc);
    durable::write_atomic(&out.join("summary.csv"), &summary)?;
    let toml = format!(
        "# The posterior median of {} (cogov calibrate); a complete scenario.\n{}",
        args.file.display(),
        cogov::scenario::render::resolved_toml(&median)
    );
    durable::write_atomic(&out.join("posterior_median.toml"), toml.as_bytes())?;
    let charts = files::charts(&cal, &apmc).context("cannot draw the posterior charts")?;
    for (name, bytes) in &charts {
        durable::write_atomic(&out.join(name), bytes)?;
    }
    manifest.complete = true;
    manifest.generations = apmc.generation;
    write_manifest(&out, &manifest)?;
    if !args.quiet {
        say(&String::from_utf8_lossy(&summary))?;
    }
    say(&format!("{}\n", out.display()))
}

/// The distances of generation `g`: read back from its table if it holds these
/// proposals; else simulated, each particle appended to the generation's journal as it
/// finishes (so a killed generation resumes where it was), then the table written whole
/// and the journal removed.
fn generation(
    cal: &Calibration,
    out: &Path,
    g: u32,
    proposals: &[Vec<f64>],
    pool: &rayon::ThreadPool,
    quiet: bool,
) -> Result<Vec<(f64, Vec<f64>)>> {
    let dir = out.join("generations");
    let path = dir.join(format!("gen-{g}.csv"));
    if let Ok(bytes) = std::fs::read(&path)
        && let Some(r) = files::read_generation(cal, proposals, &bytes)
    {
        if !quiet {
            eprintln!(
                "cogov calibrate: generation {g} read back from {}",
                path.display()
            );
        }
        return Ok(r);
    }
    let journal_path = dir.join(format!("gen-{g}.journal"));
    let mut found = read_journal(&journal_path, proposals, cal.targets.len());
    if found.iter().any(Option::is_some) {
        eprintln!(
            "cogov calibrate: generation {g}: read back {} of {} particles from {}",
            found.iter().filter(|r| r.is_some()).count(),
            proposals.len(),
            journal_path.display()
        );
    }
    // Rewrite the journal with its valid records only (a torn last line is dropped).
    let kept: Vec<u8> = found
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| journal_line(i, &proposals[i], r)))
        .flatten()
        .collect();
    durable::write_atomic(&journal_path, &kept)?;
    let journal = std::sync::Mutex::new(durable::AppendFile::open(&journal_path)?);
    let missing: Vec<usize> = (0..proposals.len())
        .filter(|&i| found[i].is_none())
        .collect();
    let done: Vec<(usize, (f64, Vec<f64>))> = pool.install(|| {
        missing
            .par_iter()
            .map(|&i| {
                let r = cal.distance(g, i, &proposals[i]);
                let line = journal_line(i, &proposals[i], &r);
                journal.lock().expect("journal").append(&line)?;
                Ok((i, r))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    journal.lock().expect("journal").sync()?;
    for (i, r) in done {
        found[i] = Some(r);
    }
    let results: Vec<(f64, Vec<f64>)> = found
        .into_iter()
        .map(|r| r.expect("every particle"))
        .collect();
    if results.iter().all(|r| r.0.is_nan()) {
        bail!("every run of generation {g} failed or gave no value for a target");
    }
    durable::write_atomic(&path, &files::generation_csv(cal, g, proposals, &results))?;
    std::fs::remove_file(&journal_path).ok();
    Ok(results)
}

/// A journal record: particle, parameters, distance, simulated targets, then the CRC-32
/// (hex) of the text before it.
fn journal_line(i: usize, theta: &[f64], r: &(f64, Vec<f64>)) -> Vec<u8> {
    let mut fields = vec![i.to_string()];
    fields.extend(theta.iter().map(|x| x.to_string()));
    fields.push(r.0.to_string());
    fields.extend(r.1.iter().map(|x| x.to_string()));
    let body = fields.join(",");
    format!("{body},{:08x}\n", crc32fast::hash(body.as_bytes())).into_bytes()
}

/// The particles a journal holds: whole lines whose CRC, particle number and parameters
/// match these proposals (anything else is ignored and run again).
fn read_journal(
    path: &Path,
    proposals: &[Vec<f64>],
    targets: usize,
) -> Vec<Option<(f64, Vec<f64>)>> {
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
            std::fs::create_dir_all(&g)?;
        }
    }
    write_manifest(out, manifest)
}
