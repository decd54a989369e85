//! `cogov sweep FILE` and `cogov merge DIR`: parameter sweeps, resumable and sharded.
//!
//! A sweep folder holds `manifest.json` (written first, naming the sweep file's and the
//! base scenario's hashes), `INCOMPLETE` until it has finished, and `journal.csv`: one
//! line per finished run, appended (and flushed) as each run finishes, in any order. On
//! a second start with the same sweep file the journal is read back (a torn last line is
//! cut off) and only the missing runs are run. When every run is in, `runs.csv` is
//! written from the journal in run-id order, so its bytes never depend on scheduling,
//! interruptions or shards. A folder written by another sweep file is refused.
//!
//! Shards (`--shard I/N`, or a Slurm array task) write `OUT/shard-I-of-N/`; `cogov merge
//! OUT` checks every run is there exactly once and writes `OUT/runs.csv`.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::stream;
use crate::cli::SweepArgs;
use crate::output::{self, INCOMPLETE, StreamedFile, write_atomic};
use cogov::sweep::analysis::report;
use cogov::sweep::{self, Manifest, Sweep, journal};

const JOURNAL: &str = "journal.csv";
const MANIFEST: &str = "manifest.json";
const RUNS: &str = "runs.csv";
const TRAJECTORIES: &str = "trajectories.csv";
const TRAJECTORY_DIR: &str = "trajectories";
const SCRIPT: &str = "sweep.sbatch";
/// Exit status when the sweep finished but some runs failed.
pub const FAILED_RUNS_STATUS: i32 = 3;

pub fn run(args: &SweepArgs) -> Result<()> {
    let sweep = sweep::load_file(&args.file)?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("results").join(format!("sweep-{}", output::stem(&args.file)))
    });
    if args.slurm {
        return write_slurm_script(args, &sweep, &out);
    }
    let shard = shard_of(args)?;
    let dir = match shard {
        Some((i, n)) => out.join(format!("shard-{i}-of-{n}")),
        None => out.clone(),
    };
    let threads = args.threads.or_else(|| {
        std::env::var("SLURM_CPUS_PER_TASK")
            .ok()
            .and_then(|s| s.parse().ok())
    });
    let (pool, _) = stream::pool(threads)?;
    let mut manifest = sweep.manifest(shard);
    if !prepare_folder(&dir, &manifest, args.force)? {
        let done: Option<Manifest> = fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let failed = done.map_or(0, |m| m.failed_runs);
        println!(
            "{}: the sweep is already complete ({failed} failed runs)",
            dir.display()
        );
        println!("{}", dir.display());
        if failed > 0 {
            eprintln!(
                "error: {failed} runs failed; their errors are in the `error` column of {}",
                dir.join(RUNS).display()
            );
            std::process::exit(FAILED_RUNS_STATUS);
        }
        return Ok(());
    }
    let (i, n) = shard.unwrap_or((0, 1));
    let in_shard = |id: u64| id % n == i;
    let shard_runs = (0..sweep.runs()).filter(|&id| in_shard(id)).count() as u64;

    // What is done already.
    let journal_path = dir.join(JOURNAL);
    let (index, mut failed) = read_journal(&journal_path, &sweep.columns(), sweep.runs(), 0, true)?;
    let done_before = (0..sweep.runs())
        .filter(|&id| in_shard(id) && index.get(id).is_some())
        .count() as u64;
    if done_before > 0 && !args.quiet {
        eprintln!(
            "Resuming {}: {done_before} of {shard_runs} runs already done",
            dir.display()
        );
    }
    if sweep.trajectories {
        fs::create_dir_all(dir.join(TRAJECTORY_DIR))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&journal_path)
        .with_context(|| format!("cannot open {}", journal_path.display()))?;
    struct State {
        journal: File,
        progress: Progress,
        failed: u64,
        error: Option<anyhow::Error>,
    }
    let state = Mutex::new(State {
        journal: file,
        progress: Progress::new(shard_runs, done_before, args.quiet),
        failed: 0,
        error: None,
    });
    let clock = Instant::now();
    let stop = std::sync::atomic::AtomicBool::new(false);
    pool.install(|| {
        (0..sweep.runs() as usize)
            .into_par_iter()
            .with_max_len(1)
            .map(|id| id as u64)
            .filter(|&id| in_shard(id) && index.get(id).is_none())
            .for_each(|id| {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                let out = sweep.run(id);
                let traj = match &out.ticks {
                    Some(ticks) => write_atomic(
                        &dir.join(TRAJECTORY_DIR).join(trajectory_name(id)),
                        &sweep.trajectory_rows(id, ticks),
                    ),
                    None => Ok(()),
                };
                let row = sweep.row(&out);
                let mut s = state.lock().expect("sweep state");
                let written = traj.and_then(|_| {
                    s.journal
                        .write_all(&row)
                        .with_context(|| format!("cannot write {}", journal_path.display()))
                });
                if let Err(e) = written {
                    s.error.get_or_insert(e);
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    return;
                }
                if out.result.is_err() {
                    s.failed += 1;
                }
                s.progress.inc();
            })
    });
    let state = state.into_inner().expect("sweep state");
    state.progress.finish();
    if let Some(e) = state.error {
        return Err(e);
    }
    state.journal.sync_all()?;
    drop(state.journal);
    failed += state.failed;
    let new_runs = shard_runs - done_before;
    let seconds = clock.elapsed().as_secs_f64();

    // Every run of this shard is in the journal: write runs.csv in run-id order.
    let (index, _) = read_journal(&journal_path, &sweep.columns(), sweep.runs(), 0, false)?;
    let missing = index.missing((i, n));
    if !missing.is_empty() {
        bail!(
            "{} runs are missing from {} after the sweep: {}",
            missing.len(),
            journal_path.display(),
            journal::id_list(&missing, 20)
        );
    }
    write_runs_csv(
        &dir.join(RUNS),
        &manifest.header(),
        std::slice::from_ref(&journal_path),
        &index,
        (0..sweep.runs()).filter(|&id| in_shard(id)),
    )?;
    if sweep.trajectories && shard.is_none() {
        write_trajectories(
            &dir.join(TRAJECTORIES),
            std::slice::from_ref(&dir),
            sweep.runs(),
        )?;
        fs::remove_dir_all(dir.join(TRAJECTORY_DIR)).ok();
    }
    if shard.is_none() {
        analyse(&dir, &manifest)?;
    }
    manifest.complete = true;
    manifest.finished_runs = shard_runs;
    manifest.failed_runs = failed;
    write_atomic(&dir.join(MANIFEST), &manifest.to_json())?;
    output::mark_complete(&dir)?;
    println!(
        "{shard_runs} runs{}: {new_runs} run now in {seconds:.1} s ({:.1} runs/s), {failed} failed",
        shard.map_or(String::new(), |(i, n)| format!(" of shard {i}/{n}")),
        new_runs as f64 / seconds.max(1e-9)
    );
    if shard.is_some() {
        println!(
            "When every shard is done: cogov merge {}",
            shell_quote(&out.display().to_string())
        );
    }
    println!("{}", dir.display());
    if failed > 0 {
        eprintln!(
            "error: {failed} of {shard_runs} runs failed; their errors are in the `error` column of {}",
            dir.join(RUNS).display()
        );
        std::process::exit(FAILED_RUNS_STATUS);
    }
    Ok(())
}

/// `--shard I/N`, or the Slurm array task's.
fn shard_of(args: &SweepArgs) -> Result<Option<(u64, u64)>> {
    if let Some(s) = &args.shard {
        let parsed = s.split_once('/').and_then(|(i, n)| {
            Some((i.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?))
        });
        return match parsed {
            Some((i, n)) if n >= 1 && i < n => Ok(Some((i, n))),
            _ => bail!("--shard {s}: expected I/N with 0 <= I < N, e.g. --shard 0/4"),
        };
    }
    let var = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let Some(id) = var("SLURM_ARRAY_TASK_ID") else {
        return Ok(None);
    };
    let n = args
        .tasks
        .or_else(|| var("SLURM_ARRAY_TASK_COUNT"))
        .context(
            "inside a Slurm array task but SLURM_ARRAY_TASK_COUNT is not set; pass --tasks N",
        )?;
    // Arrays written by --slurm start at 0; `--array=1-N` is shifted by its minimum, unless
    // --tasks says how many shards there are (then the task id is the shard).
    let i = if args.tasks.is_some() {
        id
    } else {
        id - var("SLURM_ARRAY_TASK_MIN").unwrap_or(0).min(id)
    };
    if i >= n {
        bail!(
            "Slurm array task {id} is not one of the {n} shards (0 to {})",
            n - 1
        );
    }
    if !args.quiet {
        eprintln!("Slurm array task {id}: shard {i}/{n}");
    }
    Ok(Some((i, n)))
}

/// Get a folder ready. False if it holds this sweep, complete.
fn prepare_folder(dir: &Path, manifest: &Manifest, force: bool) -> Result<bool> {
    let existing = dir.join(MANIFEST);
    if existing.exists() {
        let old: Option<Manifest> = fs::read(&existing)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match old {
            Some(old) if old.same_sweep(manifest) && old.shard == manifest.shard && !force => {
                if old.complete && dir.join(RUNS).exists() {
                    return Ok(false);
                }
            }
            Some(_) | None if force => clear(dir)?,
            Some(old) => bail!(
                "output folder {} holds a sweep written by a different sweep file or base \
                 scenario (sweep hash {}, base hash {}, {} runs{}; this one: sweep hash {}, \
                 base hash {}, {} runs{}); refusing to mix their runs (choose another --out, \
                 or pass --force to discard its runs)",
                dir.display(),
                old.sweep_hash,
                old.base_hash,
                old.runs,
                old.shard.map_or(String::new(), |s| format!(", shard {s}")),
                manifest.sweep_hash,
                manifest.base_hash,
                manifest.runs,
                manifest
                    .shard
                    .clone()
                    .map_or(String::new(), |s| format!(", shard {s}")),
            ),
            None => bail!(
                "{} is not a readable sweep manifest; refusing to write into {} (pass \
                 --force to discard its runs)",
                existing.display(),
                dir.display()
            ),
        }
    } else if dir.is_dir() && fs::read_dir(dir)?.next().is_some() {
        if !force {
            bail!(
                "output folder {} already exists, is not empty and holds no sweep; refusing \
                 to write into it (choose another --out, or pass --force)",
                dir.display()
            );
        }
        clear(dir)?;
    }
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This sweep has not finished (or was interrupted): run the same command again to continue.\n",
    )?;
    write_atomic(&dir.join(MANIFEST), &manifest.to_json())?;
    Ok(true)
}

/// Remove a sweep's files from a folder (for --force).
fn clear(dir: &Path) -> Result<()> {
    for f in [JOURNAL, RUNS, TRAJECTORIES, MANIFEST, INCOMPLETE, SCRIPT] {
        let p = dir.join(f);
        if p.exists() {
            fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
    }
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let analysis = ["sensitivity", "heatmap-", "outcome-"]
            .iter()
            .any(|p| name.starts_with(p));
        if analysis && (name.ends_with(".svg") || name.ends_with(".csv")) {
            fs::remove_file(entry.path())?;
        }
    }
    let t = dir.join(TRAJECTORY_DIR);
    if t.is_dir() {
        fs::remove_dir_all(&t).with_context(|| format!("cannot remove {}", t.display()))?;
    }
    Ok(())
}

/// Index the whole lines of a journal (as journal number `which`). With `repair`, a torn
/// tail is cut off so appends start on a fresh line. Also counts failed runs.
fn read_journal(
    path: &Path,
    columns: &[String],
    runs: u64,
    which: u32,
    repair: bool,
) -> Result<(journal::Index, u64)> {
    let mut index = journal::Index::new(runs);
    let mut failed = 0;
    let Ok(f) = File::open(path) else {
        return Ok((index, 0));
    };
    let mut r = BufReader::new(f);
    let mut offset = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = r
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        match journal::parse_line(&line, columns.len(), runs) {
            Some(id) => {
                if index.get(id).is_none() && journal::is_failure(&line) {
                    failed += 1;
                }
                index.add(id, which, offset, n as u32);
                offset += n as u64;
            }
            None => {
                if repair {
                    eprintln!(
                        "{}: ignoring an incomplete line at byte {offset} (the sweep was \
                         interrupted while writing it); its run will be done again",
                        path.display()
                    );
                    OpenOptions::new()
                        .write(true)
                        .open(path)
                        .and_then(|f| f.set_len(offset))
                        .with_context(|| format!("cannot repair {}", path.display()))?;
                }
                break;
            }
        }
    }
    Ok((index, failed))
}

/// Write `runs.csv`: the header, then each run's journal line in run-id order.
fn write_runs_csv(
    path: &Path,
    header: &[u8],
    journals: &[PathBuf],
    index: &journal::Index,
    ids: impl Iterator<Item = u64>,
) -> Result<()> {
    let mut files: Vec<File> = journals
        .iter()
        .map(|p| File::open(p).with_context(|| format!("cannot read {}", p.display())))
        .collect::<Result<_>>()?;
    let mut out = StreamedFile::create(path)?;
    out.write(header)?;
    let mut buf = Vec::new();
    for id in ids {
        let (j, offset, len) = index.get(id).context("a run is missing")?;
        let f = &mut files[j as usize];
        buf.resize(len as usize, 0);
        f.seek(SeekFrom::Start(offset))
            .and_then(|_| f.read_exact(&mut buf))
            .with_context(|| format!("cannot read {}", journals[j as usize].display()))?;
        out.write(&buf)?;
    }
    out.finish()
}

fn trajectory_name(id: u64) -> String {
    format!("run-{id:09}.csv")
}

/// Concatenate per-run trajectory files (from whichever folder has each) in run order.
fn write_trajectories(path: &Path, dirs: &[PathBuf], runs: u64) -> Result<()> {
    let mut out = StreamedFile::create(path)?;
    out.write(&sweep::trajectories_header())?;
    for id in 0..runs {
        for d in dirs {
            let p = d.join(TRAJECTORY_DIR).join(trajectory_name(id));
            if let Ok(bytes) = fs::read(&p) {
                out.write(&bytes)?;
                break;
            }
        }
    }
    out.finish()
}

/// Progress on stderr: a bar on a terminal, plain lines (every 10 s or 5%) otherwise.
struct Progress {
    bar: ProgressBar,
    plain: bool,
    total: u64,
    done: u64,
    start_done: u64,
    start: Instant,
    last: Instant,
    last_twentieth: u64,
}

impl Progress {
    fn new(total: u64, done: u64, quiet: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let bar = if quiet || !tty {
            ProgressBar::hidden()
        } else {
            let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} runs  {per_sec}  {elapsed} (ETA {eta})",
                )
                .expect("valid template"),
            );
            b.set_position(done);
            b.reset_eta();
            b
        };
        let now = Instant::now();
        Progress {
            bar,
            plain: !quiet && !tty,
            total,
            done,
            start_done: done,
            start: now,
            last: now,
            last_twentieth: done * 20 / total.max(1),
        }
    }

    fn inc(&mut self) {
        self.done += 1;
        self.bar.inc(1);
        let twentieth = self.done * 20 / self.total.max(1);
        if self.plain
            && (self.last.elapsed() >= Duration::from_secs(10)
                || twentieth > self.last_twentieth
                || self.done == self.total)
        {
            self.last = Instant::now();
            self.last_twentieth = twentieth;
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            let rate = (self.done - self.start_done) as f64 / secs;
            let eta = if rate > 0.0 {
                format!("{:.0} s", (self.total - self.done) as f64 / rate)
            } else {
                "?".into()
            };
            eprintln!(
                "cogov sweep: {}/{} runs ({:.0}%), {rate:.2} runs/s, elapsed {secs:.0} s, ETA {eta}",
                self.done,
                self.total,
                100.0 * self.done as f64 / self.total.max(1) as f64
            );
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    })
}

/// Write `OUT/sweep.sbatch`: an array job whose tasks each run one shard.
fn write_slurm_script(args: &SweepArgs, sweep: &Sweep, out: &Path) -> Result<()> {
    let runs = sweep.runs();
    let tasks = args.tasks.unwrap_or(runs.min(100)).min(runs).max(1);
    let out = absolute(out)?;
    let file = fs::canonicalize(&args.file)
        .with_context(|| format!("cannot find {}", args.file.display()))?;
    let exe = std::env::current_exe()
        .and_then(fs::canonicalize)
        .context("cannot find the cogov executable")?;
    let logs = out.join("logs");
    fs::create_dir_all(&logs).with_context(|| format!("cannot create {}", logs.display()))?;
    let throttle = args.throttle.map_or(String::new(), |k| format!("%{k}"));
    let cpus = args.threads.unwrap_or(1);
    let q = |p: &Path| shell_quote(&p.display().to_string());
    let script = format!(
        "#!/bin/bash\n\
         # cogov parameter sweep as a Slurm array job, written by `cogov sweep --slurm`.\n\
         # Sweep file: {file} ({runs} runs: {points} points x {reps} replicates)\n\
         # Each of the {tasks} array tasks runs the runs with id % {tasks} == its task id,\n\
         # into {out}/shard-I-of-{tasks}/, resuming whatever that shard already has.\n\
         #\n\
         #   sbatch {script}            # submit (add --wait to block until all tasks end)\n\
         #   squeue -u $USER                       # watch; logs in {logs}/JOBID_TASK.log\n\
         #   cogov merge {out}    # when every task has finished: {out}/runs.csv\n\
         #\n\
         # A task that failed or was killed can be resubmitted alone, e.g.\n\
         #   sbatch --array=3 {script}\n\
         # and continues with its missing runs.\n\
         #SBATCH --job-name=cogov-sweep\n\
         #SBATCH --array=0-{last}{throttle}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --output={logs}/%A_%a.log\n\
         set -euo pipefail\n\
         exec {exe} sweep {file} --out {out} --tasks {tasks}\n",
        file = q(&file),
        points = sweep.points.len(),
        reps = sweep.replicates,
        out = q(&out),
        script = q(&out.join(SCRIPT)),
        logs = q(&logs),
        last = tasks - 1,
        exe = q(&exe),
    );
    let path = out.join(SCRIPT);
    write_atomic(&path, script.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
    }
    println!(
        "Wrote {} ({tasks} array tasks for {runs} runs).",
        path.display()
    );
    println!("Submit it:      sbatch {}", q(&path));
    println!("Then merge:     cogov merge {}", q(&out));
    println!("{}", path.display());
    Ok(())
}

/// `cogov merge DIR`: combine `DIR/shard-I-of-N/` into `DIR/runs.csv`.
pub fn merge(dir: &Path) -> Result<()> {
    let mut shards: Vec<(u64, u64, PathBuf)> = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let parsed = name.strip_prefix("shard-").and_then(|r| {
            let (i, n) = r.split_once("-of-")?;
            Some((i.parse::<u64>().ok()?, n.parse::<u64>().ok()?))
        });
        if let Some((i, n)) = parsed
            && entry.path().is_dir()
        {
            shards.push((i, n, entry.path()));
        }
    }
    shards.sort();
    let Some(&(_, n, _)) = shards.first() else {
        bail!(
            "{} holds no shard folders (shard-I-of-N/); nothing to merge",
            dir.display()
        );
    };
    if let Some((_, other, p)) = shards.iter().find(|(_, m, _)| *m != n) {
        bail!(
            "{} holds shards of different splits (of {n} and of {other}, e.g. {}); remove \
             the folders of the split you do not want",
            dir.display(),
            p.display()
        );
    }
    let absent: Vec<u64> = (0..n)
        .filter(|i| !shards.iter().any(|(j, _, _)| j == i))
        .collect();
    if !absent.is_empty() {
        bail!(
            "{} is missing shard folders {} of {n}; run those shards (cogov sweep FILE --out {} --shard I/{n}), then merge again",
            dir.display(),
            journal::id_list(&absent, 20),
            dir.display()
        );
    }
    let mut manifests = Vec::new();
    for (_, _, p) in &shards {
        let m = p.join(MANIFEST);
        let manifest: Manifest = serde_json::from_slice(
            &fs::read(&m).with_context(|| format!("cannot read {}", m.display()))?,
        )
        .with_context(|| format!("{} is not a sweep manifest", m.display()))?;
        manifests.push(manifest);
    }
    let first = manifests[0].clone();
    for (m, (_, _, p)) in manifests.iter().zip(&shards) {
        if !m.same_sweep(&first) {
            bail!(
                "{} was written by a different sweep (sweep hash {}, base hash {}) than {} \
                 (sweep hash {}, base hash {}); shards of different sweeps cannot be merged",
                p.display(),
                m.sweep_hash,
                m.base_hash,
                shards[0].2.display(),
                first.sweep_hash,
                first.base_hash
            );
        }
    }
    let columns = first.columns();
    let mut index = journal::Index::new(first.runs);
    let mut journals = Vec::new();
    let mut failed = 0;
    for (k, (_, _, p)) in shards.iter().enumerate() {
        let path = p.join(JOURNAL);
        let (ix, f) = read_journal(&path, &columns, first.runs, 0, false)?;
        failed += f;
        for id in 0..first.runs {
            if let Some((_, offset, len)) = ix.get(id) {
                index.add(id, k as u32, offset, len);
            }
        }
        journals.push(path);
    }
    let missing = index.missing((0, 1));
    let duplicates = index.duplicates();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        let shards_with: Vec<u64> = {
            let mut s: Vec<u64> = missing.iter().map(|id| id % n).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        problems.push(format!(
            "{} of {} runs are missing: run ids {} (in shards {} of {n}: rerun them with the \
             same command, they resume)",
            missing.len(),
            first.runs,
            journal::id_list(&missing, 20),
            journal::id_list(&shards_with, 20)
        ));
    }
    if !duplicates.is_empty() {
        problems.push(format!(
            "{} runs are in more than one shard: run ids {}",
            duplicates.len(),
            journal::id_list(&duplicates, 20)
        ));
    }
    if !problems.is_empty() {
        bail!("cannot merge {}: {}", dir.display(), problems.join("; "));
    }
    write_runs_csv(
        &dir.join(RUNS),
        &first.header(),
        &journals,
        &index,
        0..first.runs,
    )?;
    if first.trajectories {
        let dirs: Vec<PathBuf> = shards.iter().map(|(_, _, p)| p.clone()).collect();
        write_trajectories(&dir.join(TRAJECTORIES), &dirs, first.runs)?;
    }
    analyse(dir, &first)?;
    let mut manifest = first;
    manifest.shard = None;
    manifest.complete = true;
    manifest.finished_runs = manifest.runs;
    manifest.failed_runs = failed;
    write_atomic(&dir.join(MANIFEST), &manifest.to_json())?;
    println!("Merged {n} shards: {} runs, {failed} failed", manifest.runs);
    println!("{}", dir.join(RUNS).display());
    Ok(())
}

/// The analysis files of a finished sweep, from its `runs.csv`: what
/// `sweep::analysis::report::analyse` returns, written into `dir`.
fn analyse(dir: &Path, m: &Manifest) -> Result<()> {
    let path = dir.join(RUNS);
    let file = File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let runs = report::read_runs(m, BufReader::new(file))
        .with_context(|| format!("cannot analyse {}", path.display()))?;
    for (name, bytes) in
        report::analyse(m, &runs).with_context(|| format!("cannot analyse {}", path.display()))?
    {
        write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}
