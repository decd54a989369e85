//! `cogov sweep FILE` and `cogov merge DIR`: parameter sweeps, resumable and sharded.
//!
//! A sweep folder holds `.cogov-files` (the names it may write, first), `manifest.json`
//! (written next, naming the sweep file's and the base scenario's hashes), `INCOMPLETE`
//! until it has finished, and `journal.csv`: one checksummed record per finished run,
//! appended as each run finishes, in any order (see `cogov::sweep::journal`). On a second
//! start with the same sweep file the journal's valid prefix is kept (a torn or damaged
//! record and everything after it is cut off) and only the missing runs are run. When
//! every run is in, `runs.csv` is written from the journal in run-id order, so its bytes
//! never depend on scheduling, interruptions or shards. A folder written by another sweep
//! file is refused; one process at a time writes a folder (`.cogov-lock`).
//!
//! Shards (`--shard I/N`, or a Slurm array task) write `OUT/shard-I-of-N/`; `cogov merge
//! OUT` checks every run is there exactly once and writes `OUT/runs.csv`.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{guard, say, stream};
use crate::cli::SweepArgs;
use crate::lock::FolderLock;
use crate::output::{self, AppendFile, INCOMPLETE, StreamedFile, write_atomic};
use crate::owned;
use cogov::sweep::analysis::report;
use cogov::sweep::{self, Manifest, Sweep, journal};

const JOURNAL: &str = "journal.csv";
const MANIFEST: &str = output::MANIFEST;
const RUNS: &str = "runs.csv";
const TRAJECTORIES: &str = "trajectories.csv";
const TRAJECTORY_DIR: &str = "trajectories";
const SCRIPT: &str = "sweep.sbatch";
/// Exit status when the sweep finished but some runs failed.
pub const FAILED_RUNS_STATUS: i32 = 3;

/// The files a sweep (or its merge) may write in its folder: the one table that
/// `.cogov-files`, and so `--force`, is made from.
fn sweep_files(m: &Manifest) -> Vec<String> {
    let mut names: Vec<String> = vec![MANIFEST.into(), JOURNAL.into(), RUNS.into()];
    if m.trajectories {
        names.push(TRAJECTORIES.into());
        names.push(format!("{TRAJECTORY_DIR}/"));
        names.push(format!("{TRAJECTORY_DIR}/run-*.csv"));
    }
    // A manifest this binary wrote names a design the library knows.
    names.extend(report::file_names(m).unwrap_or_default());
    names.push(INCOMPLETE.into());
    names
}

/// How the journal's records of a sweep are numbered.
fn layout(m: &Manifest) -> journal::Layout {
    journal::Layout {
        runs: m.runs,
        replicates: m.replicates,
        master_seed: m.master_seed,
    }
}

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
    guard_memory(&sweep, threads, args.allow_large)?;
    let (pool, _) = stream::pool(threads)?;
    let manifest = sweep.manifest(shard);
    let (fresh, _lock) = prepare_folder(&dir, &manifest, args.force)?;
    if !fresh {
        return report_complete(&dir);
    }
    let done = run_missing(args, &sweep, &dir, shard, &pool)?;
    finish(&sweep, &dir, &out, shard, manifest, done)
}

/// The same memory guard as `cogov run`, before anything is written: the largest design
/// point's replicate, once per worker that may run at the same time.
fn guard_memory(sweep: &Sweep, threads: Option<u64>, allow_large: bool) -> Result<()> {
    let largest = (0..sweep.points.len())
        .filter_map(|p| sweep.scenario(p).ok())
        .max_by_key(cogov::model::memory::estimate_memory)
        .unwrap_or_else(|| sweep.base.clone());
    let runs = u32::try_from(sweep.runs()).unwrap_or(u32::MAX);
    guard::check_memory(
        &[(&sweep.file, &largest, runs)],
        stream::thread_count(threads) as u64,
        0,
        allow_large,
    )
}

/// A sweep found complete: say so (exit status 3 if some of its runs failed).
fn report_complete(dir: &Path) -> Result<()> {
    let done: Option<Manifest> = fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let failed = done.map_or(0, |m| m.failed_runs);
    say(&format!(
        "{}: the sweep is already complete ({failed} failed runs)\n{}\n",
        dir.display(),
        dir.display()
    ))?;
    if failed > 0 {
        eprintln!(
            "error: {failed} runs failed; their errors are in the `error` column of {}",
            dir.join(RUNS).display()
        );
        std::process::exit(FAILED_RUNS_STATUS);
    }
    Ok(())
}

/// What [`run_missing`] did: runs of the shard, done before, failed, seconds taken.
struct Done {
    shard_runs: u64,
    done_before: u64,
    failed: u64,
    seconds: f64,
}

/// Run the runs of the shard that the journal does not hold, appending each one's record.
/// The first failed write stops every worker; nothing is appended after it.
fn run_missing(
    args: &SweepArgs,
    sweep: &Sweep,
    dir: &Path,
    shard: Option<(u64, u64)>,
    pool: &rayon::ThreadPool,
) -> Result<Done> {
    let (i, n) = shard.unwrap_or((0, 1));
    let in_shard = |id: u64| id % n == i;
    let shard_runs = (0..sweep.runs()).filter(|&id| in_shard(id)).count() as u64;
    let journal_path = dir.join(JOURNAL);
    let layout = layout(&sweep.manifest(shard));
    let read = read_journal(&journal_path, &sweep.columns(), &layout, 0, true)?;
    // A successful run of a trajectories sweep is done only if its trajectory is there.
    let has_trajectory = |id: u64| {
        !sweep.trajectories
            || read.failed_ids.contains(&id)
            || dir.join(TRAJECTORY_DIR).join(trajectory_name(id)).exists()
    };
    let done = |id: u64| read.index.get(id).is_some() && has_trajectory(id);
    let done_before = (0..sweep.runs())
        .filter(|&id| in_shard(id) && done(id))
        .count() as u64;
    if done_before > 0 && !args.quiet {
        eprintln!(
            "Resuming {}: {done_before} of {shard_runs} runs already done",
            dir.display()
        );
    }
    if sweep.trajectories {
        let t = dir.join(TRAJECTORY_DIR);
        fs::create_dir_all(&t).with_context(|| format!("cannot create {}", t.display()))?;
    }
    struct State {
        journal: AppendFile,
        progress: Progress,
        failed: u64,
        error: Option<anyhow::Error>,
    }
    let state = Mutex::new(State {
        journal: AppendFile::open(&journal_path)?,
        progress: Progress::new(shard_runs, done_before, args.quiet),
        failed: 0,
        error: None,
    });
    let clock = Instant::now();
    pool.install(|| {
        (0..sweep.runs() as usize)
            .into_par_iter()
            .with_max_len(1)
            .map(|id| id as u64)
            .filter(|&id| in_shard(id) && !done(id))
            .for_each(|id| {
                if state.lock().expect("sweep state").error.is_some() {
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
                let record = journal::record(&sweep.row(&out));
                let mut s = state.lock().expect("sweep state");
                if s.error.is_some() {
                    return;
                }
                if let Err(e) = traj.and_then(|_| s.journal.append(&record)) {
                    s.error = Some(e);
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
        return Err(e.context(format!(
            "the sweep stopped at its first failed write and wrote nothing after it; {} is \
             incomplete: the runs recorded before it are kept, and the same command resumes \
             the rest",
            dir.display()
        )));
    }
    state.journal.sync()?;
    Ok(Done {
        shard_runs,
        done_before,
        failed: read.failed + state.failed,
        seconds: clock.elapsed().as_secs_f64(),
    })
}

/// Every run of the shard is in the journal: write `runs.csv` (and the trajectories and
/// analysis of a whole sweep), then the manifest saying complete, then remove the marker;
/// only then is the per-run trajectory folder tidied away.
fn finish(
    sweep: &Sweep,
    dir: &Path,
    out: &Path,
    shard: Option<(u64, u64)>,
    mut manifest: Manifest,
    done: Done,
) -> Result<()> {
    let (i, n) = shard.unwrap_or((0, 1));
    let in_shard = |id: u64| id % n == i;
    let journal_path = dir.join(JOURNAL);
    let read = read_journal(
        &journal_path,
        &sweep.columns(),
        &layout(&manifest),
        0,
        false,
    )?;
    let missing = read.index.missing((i, n));
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
        &read.index,
        (0..sweep.runs()).filter(|&id| in_shard(id)),
    )?;
    if sweep.trajectories && shard.is_none() {
        write_trajectories(
            &dir.join(TRAJECTORIES),
            std::slice::from_ref(&dir.to_path_buf()),
            sweep.runs(),
            &read.failed_ids,
        )?;
    }
    if shard.is_none() {
        analyse(dir, &manifest)?;
    }
    manifest.complete = true;
    manifest.finished_runs = done.shard_runs;
    manifest.failed_runs = done.failed;
    write_atomic(&dir.join(MANIFEST), &manifest.to_json())?;
    output::mark_complete(dir)?;
    if sweep.trajectories && shard.is_none() {
        remove_trajectory_dir(dir)?;
    }
    print_summary(dir, out, shard, &done)
}

fn print_summary(dir: &Path, out: &Path, shard: Option<(u64, u64)>, d: &Done) -> Result<()> {
    let new_runs = d.shard_runs - d.done_before;
    let mut text = format!(
        "{} runs{}: {new_runs} run now in {:.1} s ({:.1} runs/s), {} failed\n",
        d.shard_runs,
        shard.map_or(String::new(), |(i, n)| format!(" of shard {i}/{n}")),
        d.seconds,
        new_runs as f64 / d.seconds.max(1e-9),
        d.failed
    );
    if shard.is_some() {
        text.push_str(&format!(
            "When every shard is done: cogov merge {}\n",
            shell_quote(&out.display().to_string())
        ));
    }
    text.push_str(&format!("{}\n", dir.display()));
    say(&text)?;
    if d.failed > 0 {
        eprintln!(
            "error: {} of {} runs failed; their errors are in the `error` column of {}",
            d.failed,
            d.shard_runs,
            dir.join(RUNS).display()
        );
        std::process::exit(FAILED_RUNS_STATUS);
    }
    Ok(())
}

/// Remove the per-run trajectory files of a complete whole sweep (they are all in
/// `trajectories.csv`), and their folder once empty.
fn remove_trajectory_dir(dir: &Path) -> Result<()> {
    let t = dir.join(TRAJECTORY_DIR);
    let Ok(entries) = fs::read_dir(&t) else {
        return Ok(());
    };
    let pattern = format!("{TRAJECTORY_DIR}/run-*.csv");
    for e in entries.flatten() {
        let name = format!("{TRAJECTORY_DIR}/{}", e.file_name().to_string_lossy());
        if owned::covers(&pattern, &name) {
            fs::remove_file(e.path())
                .with_context(|| format!("cannot remove {}", e.path().display()))?;
        }
    }
    fs::remove_dir(&t).ok();
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

/// Lock a sweep's folder and get it ready. False if it holds this sweep, complete.
fn prepare_folder(dir: &Path, manifest: &Manifest, force: bool) -> Result<(bool, FolderLock)> {
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let lock = FolderLock::acquire(dir)?;
    match claim_folder(dir, manifest, force) {
        Ok(fresh) => Ok((fresh, lock)),
        Err(e) => {
            lock.release_refused();
            Err(e)
        }
    }
}

/// Decide what the locked folder holds: this sweep (resume, or complete), another sweep
/// (refused; with --force its recorded files are removed), a sweep stopped before its
/// manifest was written (started again), or something else (refused, see `output::claim`).
fn claim_folder(dir: &Path, manifest: &Manifest, force: bool) -> Result<bool> {
    let names = sweep_files(manifest);
    let existing = dir.join(MANIFEST);
    if existing.exists() {
        let old: Option<Manifest> = fs::read(&existing)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match old {
            Some(old) if old.same_sweep(manifest) && old.shard == manifest.shard && !force => {
                if old.complete && dir.join(RUNS).exists() {
                    // Finished; a kill may have come before its trajectory folder went.
                    remove_trajectory_dir(dir)?;
                    return Ok(false);
                }
                // Resume (a folder of an older cogov is recorded now).
                owned::record(dir, &names)?;
                write_marker(dir)?;
                write_atomic(&existing, &manifest.to_json())?;
                return Ok(true);
            }
            // A folder cogov wrote before it recorded its files: the manifest says which.
            Some(old) if force && owned::recorded(dir)?.is_none() => {
                owned::record(dir, &sweep_files(&old))?
            }
            Some(_) | None if force => {}
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
                "{} is not a readable sweep manifest; refusing to write into {} (if cogov \
                 wrote it, pass --force to discard its runs; cogov removes only files it \
                 recorded in .cogov-files)",
                existing.display(),
                dir.display()
            ),
        }
    } else if owned::recorded(dir)?.is_some() && owned::foreign(dir)?.is_empty() {
        // A sweep stopped before its manifest was written (a full disk): start again.
        owned::remove_recorded(dir)?;
    }
    output::claim(dir, force, &names)?;
    write_marker(dir)?;
    write_atomic(&existing, &manifest.to_json())?;
    Ok(true)
}

fn write_marker(dir: &Path) -> Result<()> {
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This sweep has not finished (or was interrupted): run the same command again to continue.\n",
    )
}

/// A journal read back: where each run's row is, and which runs failed.
struct Journal {
    index: journal::Index,
    failed: u64,
    failed_ids: std::collections::BTreeSet<u64>,
}

/// Index the valid prefix of a journal (as journal number `which`): every whole,
/// checksummed record up to the first that is not. With `repair`, the file is cut there
/// so appends start after the last valid record (the runs after it are run again).
fn read_journal(
    path: &Path,
    columns: &[String],
    layout: &journal::Layout,
    which: u32,
    repair: bool,
) -> Result<Journal> {
    let mut j = Journal {
        index: journal::Index::new(layout.runs),
        failed: 0,
        failed_ids: Default::default(),
    };
    let Ok(f) = File::open(path) else {
        return Ok(j);
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
        let Some(id) = journal::parse_record(&line, columns.len(), layout) else {
            if repair {
                repair_journal(path, offset)?;
            }
            break;
        };
        let row = &line[journal::PREFIX..];
        if j.index.get(id).is_none() && journal::is_failure(row) {
            j.failed += 1;
            j.failed_ids.insert(id);
        }
        let start = offset + journal::PREFIX as u64;
        j.index.add(id, which, start, row.len() as u32);
        offset += n as u64;
    }
    Ok(j)
}

/// Cut a journal at `offset`, the end of its valid prefix.
fn repair_journal(path: &Path, offset: u64) -> Result<()> {
    eprintln!(
        "{}: ignoring an incomplete line at byte {offset} and everything after it (the \
         sweep was interrupted while writing it, or the record is damaged); those runs will \
         be done again",
        path.display()
    );
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.set_len(offset).and_then(|_| f.sync_all()))
        .with_context(|| format!("cannot repair {}", path.display()))
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
/// Every run that did not fail must have its file: a missing one is an error, never a
/// `trajectories.csv` with rows left out.
fn write_trajectories(
    path: &Path,
    dirs: &[PathBuf],
    runs: u64,
    failed: &std::collections::BTreeSet<u64>,
) -> Result<()> {
    let mut out = StreamedFile::create(path)?;
    out.write(&sweep::trajectories_header())?;
    let mut missing = Vec::new();
    for id in 0..runs {
        let found = dirs
            .iter()
            .find_map(|d| fs::read(d.join(TRAJECTORY_DIR).join(trajectory_name(id))).ok());
        match found {
            Some(bytes) => out.write(&bytes)?,
            None if failed.contains(&id) => {}
            None => missing.push(id),
        }
    }
    if !missing.is_empty() {
        bail!(
            "the trajectories of {} runs are missing from {}: run ids {}; {} was not written \
             (run the same command again: it reruns them)",
            missing.len(),
            dirs.iter()
                .map(|d| d.join(TRAJECTORY_DIR).display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            journal::id_list(&missing, 20),
            path.display()
        );
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

pub(crate) fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub(crate) fn absolute(p: &Path) -> Result<PathBuf> {
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
    fs::create_dir_all(&out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let _lock = FolderLock::acquire(&out)?;
    let names = vec![SCRIPT.to_string(), "logs/".to_string()];
    owned::check_no_collision(&out, &names)?;
    owned::record(&out, &names)?;
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
    say(&format!(
        "Wrote {} ({tasks} array tasks for {runs} runs).\nSubmit it:      sbatch {}\nThen \
         merge:     cogov merge {}\n{}\n",
        path.display(),
        q(&path),
        q(&out),
        path.display()
    ))
}

/// `cogov merge DIR`: combine `DIR/shard-I-of-N/` into `DIR/runs.csv`.
///
/// The folder and every shard are locked while it runs (a shard still being written is
/// refused), and `DIR` holds `INCOMPLETE` from the first file it writes until the last.
pub fn merge(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        bail!("{} is not a folder; nothing to merge", dir.display());
    }
    let lock = FolderLock::acquire(dir)?;
    let shards = match find_shards(dir) {
        Ok(s) => s,
        Err(e) => {
            lock.release_refused();
            return Err(e);
        }
    };
    let n = shards[0].1;
    let _locks = shards
        .iter()
        .map(|(_, _, p)| FolderLock::acquire(p))
        .collect::<Result<Vec<_>>>()?;
    let first = shard_manifests(&shards)?;
    let columns = first.columns();
    let mut index = journal::Index::new(first.runs);
    let mut journals = Vec::new();
    let mut failed = 0;
    let mut failed_ids = std::collections::BTreeSet::new();
    for (k, (_, _, p)) in shards.iter().enumerate() {
        let path = p.join(JOURNAL);
        let j = read_journal(&path, &columns, &layout(&first), 0, false)?;
        failed += j.failed;
        failed_ids.extend(j.failed_ids);
        for id in 0..first.runs {
            if let Some((_, offset, len)) = j.index.get(id) {
                index.add(id, k as u32, offset, len);
            }
        }
        journals.push(path);
    }
    merge_problems(dir, &first, &index, n)?;
    let names = sweep_files(&first);
    if let Err(e) = owned::check_no_collision(dir, &names) {
        lock.release_refused();
        return Err(e);
    }
    owned::record(dir, &names)?;
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This merge has not finished: run cogov merge again.\n",
    )?;
    write_runs_csv(
        &dir.join(RUNS),
        &first.header(),
        &journals,
        &index,
        0..first.runs,
    )?;
    if first.trajectories {
        let dirs: Vec<PathBuf> = shards.iter().map(|(_, _, p)| p.clone()).collect();
        write_trajectories(&dir.join(TRAJECTORIES), &dirs, first.runs, &failed_ids)?;
    }
    analyse(dir, &first)?;
    let mut manifest = first;
    manifest.shard = None;
    manifest.complete = true;
    manifest.finished_runs = manifest.runs;
    manifest.failed_runs = failed;
    write_atomic(&dir.join(MANIFEST), &manifest.to_json())?;
    output::mark_complete(dir)?;
    say(&format!(
        "Merged {n} shards: {} runs, {failed} failed\n{}\n",
        manifest.runs,
        dir.join(RUNS).display()
    ))
}

/// The shard folders of `dir`, sorted: all of one split, none missing.
fn find_shards(dir: &Path) -> Result<Vec<(u64, u64, PathBuf)>> {
    let mut shards: Vec<(u64, u64, PathBuf)> = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let parsed = name.strip_prefix("shard-").and_then(|r| {
            let (i, n) = r.split_once("-of-")?;
            Some((i.parse::<u64>().ok()?, n.parse::<u64>().ok()?))
        });
        if let Some((i, n)) = parsed
            && entry.path().is_dir()
        {
            if n == 0 || i >= n {
                bail!(
                    "{} is not a shard folder of a split: shard-I-of-N needs N >= 1 and \
                     I < N (cogov sweep --shard I/N writes them); remove or rename it",
                    entry.path().display()
                );
            }
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
    Ok(shards)
}

/// The shards' manifests, checked to be of one sweep; the first one.
fn shard_manifests(shards: &[(u64, u64, PathBuf)]) -> Result<Manifest> {
    let mut manifests = Vec::new();
    for (_, _, p) in shards {
        let m = p.join(MANIFEST);
        let manifest: Manifest = serde_json::from_slice(
            &fs::read(&m).with_context(|| format!("cannot read {}", m.display()))?,
        )
        .with_context(|| format!("{} is not a sweep manifest", m.display()))?;
        manifests.push(manifest);
    }
    let first = manifests[0].clone();
    for (m, (_, _, p)) in manifests.iter().zip(shards) {
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
    Ok(first)
}

/// Refuse a merge with runs missing or in two shards.
fn merge_problems(dir: &Path, first: &Manifest, index: &journal::Index, n: u64) -> Result<()> {
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
