//! Output folders: where results go, written so that a crash or a refusal never leaves
//! something that looks finished, and nothing a user made is overwritten unasked (the
//! design, per command, is ARCHITECTURE.md's "Crash consistency").
//!
//! A command locks its folder (`lock.rs`), records the names it will write in
//! `.cogov-files` (`owned.rs`), writes the marker file `INCOMPLETE`, streams trajectories
//! into `trajectories.csv.partial`, and only when every replicate is in renames it to
//! `trajectories.csv`, writes `manifest.json` (through a temporary name) and removes the
//! marker. Every whole file is written under `NAME.partial`, synced, renamed, and its
//! folder synced, so it is either complete or absent.
//!
//! A run stopped by SIGINT, SIGTERM or SIGHUP keeps `trajectories.csv.partial` (the
//! replicates finished, in order), writes `manifest.json` with `"complete": false`, and
//! rewrites the marker to say what happened and how to rerun. A run that fails (a full
//! disk, an unwritable folder) leaves the marker, and never a `trajectories.csv` that is
//! not whole. `--force` on an existing folder first removes the files cogov recorded
//! there, and only those, so that results of two runs are never mixed and a user's files
//! are never lost.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

use crate::lock::FolderLock;
use crate::owned;

pub const INCOMPLETE: &str = "INCOMPLETE";
/// The manifest of a run, comparison or sweep.
pub const MANIFEST: &str = "manifest.json";

/// Choose the output folder, lock it, and claim it for `names` (the files the command
/// will write there, from the command's one list of its outputs).
///
/// With `requested`, an existing non-empty folder is refused unless `force`. Without it,
/// a new folder `results/<stem>-<timestamp>` is made (with a numeric suffix if taken).
/// The lock is held until the returned [`FolderLock`] is dropped.
pub fn prepare(
    requested: Option<&Path>,
    stem: &str,
    force: bool,
    names: &[String],
) -> Result<(PathBuf, FolderLock)> {
    let dir = match requested {
        Some(d) => {
            if d.exists() && !d.is_dir() {
                bail!("output path {} exists and is not a folder", d.display());
            }
            d.to_path_buf()
        }
        None => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let base = PathBuf::from("results").join(format!("{stem}-{stamp}"));
            let mut dir = base.clone();
            let mut k = 2;
            while dir.exists() {
                dir = PathBuf::from(format!("{}-{k}", base.display()));
                k += 1;
            }
            dir
        }
    };
    fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let lock = FolderLock::acquire(&dir)?;
    let mut all = names.to_vec();
    all.push(INCOMPLETE.into());
    if let Err(e) = claim(&dir, force, &all) {
        lock.release_refused();
        return Err(e);
    }
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This run has not finished (or was interrupted): its results are partial.\n",
    )?;
    Ok((dir, lock))
}

/// Make the locked folder `dir` ready for `names`: refuse a non-empty folder unless
/// `force`; with it, remove what cogov recorded there (and nothing else, saying what was
/// kept); refuse to replace a file cogov did not write; record `names` before any of them
/// is written.
pub fn claim(dir: &Path, force: bool, names: &[String]) -> Result<()> {
    // Before anything is removed: a name that is neither free nor cogov's is refused.
    owned::check_no_collision(dir, names)?;
    if !owned::is_empty(dir)? {
        let foreign = owned::foreign(dir)?;
        if !force {
            if foreign.is_empty() {
                bail!(
                    "output folder {} already exists and holds the results of an earlier cogov \
                     run; refusing to overwrite it (pass --force to replace its results, or \
                     choose another --out)",
                    dir.display()
                );
            }
            bail!(
                "output folder {} already exists and holds files cogov did not write ({}); \
                 refusing to write into it: choose another --out (with --force, cogov writes \
                 beside them and removes only files it wrote itself)",
                dir.display(),
                owned::name_list(&foreign, 5)
            );
        }
        let left = owned::remove_recorded(dir)?;
        if !left.is_empty() {
            eprintln!(
                "--force: removed cogov's earlier results from {}; kept {} entr{} that cogov \
                 did not write: {}",
                dir.display(),
                left.len(),
                if left.len() == 1 { "y" } else { "ies" },
                owned::name_list(&left, 10)
            );
        }
    }
    owned::record(dir, names)
}

/// The fault-injection hook for tests: `COGOV_FAULT_AT=K[:short|:kill]` makes the K-th
/// write of this process (counted over every file write in this module) fail, write only
/// half of its bytes and then fail (`short`), or write half and end the process at once
/// with status 99 (`kill`, as a crash would). Read once; unset, it costs one load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    Fail,
    Short,
    Kill,
}

fn fault_plan() -> Option<(u64, Fault)> {
    static PLAN: OnceLock<Option<(u64, Fault)>> = OnceLock::new();
    *PLAN.get_or_init(|| {
        let v = std::env::var("COGOV_FAULT_AT").ok()?;
        let (k, mode) = v.split_once(':').unwrap_or((&v, "fail"));
        let mode = match mode {
            "fail" => Fault::Fail,
            "short" => Fault::Short,
            "kill" => Fault::Kill,
            _ => return None,
        };
        Some((k.parse().ok()?, mode))
    })
}

/// Write all of `bytes` to `w`, through the fault-injection hook.
fn put(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    if let Some((k, mode)) = fault_plan()
        && WRITES.fetch_add(1, Ordering::SeqCst) + 1 == k
    {
        if mode != Fault::Fail {
            w.write_all(&bytes[..bytes.len() / 2])?;
            w.flush()?;
        }
        if mode == Fault::Kill {
            std::process::exit(99);
        }
        return Err(std::io::Error::other(format!(
            "injected fault at write {k} (COGOV_FAULT_AT)"
        )));
    }
    w.write_all(bytes)
}

/// Flush a folder's entries (a rename, a removal) to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    let d = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    File::open(d)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync folder {}", d.display()))
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Rewrite the `INCOMPLETE` marker with what happened (an interrupted run).
pub fn mark_incomplete(dir: &Path, why: &str) -> Result<()> {
    write_atomic(&dir.join(INCOMPLETE), why.as_bytes())
}

/// Write a whole file through a temporary name, so it is either complete or absent.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = partial_name(path);
    let mut f = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    put(&mut f, bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path)
        .with_context(|| format!("cannot rename {} into place", tmp.display()))?;
    sync_dir(parent(path))
}

pub fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// A file written in pieces under a temporary name and renamed when complete.
pub struct StreamedFile {
    path: PathBuf,
    tmp: PathBuf,
    out: BufWriter<File>,
}

impl StreamedFile {
    pub fn create(path: &Path) -> Result<Self> {
        let tmp = partial_name(path);
        let f = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(StreamedFile {
            path: path.to_path_buf(),
            tmp,
            out: BufWriter::new(f),
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        put(&mut self.out, bytes).with_context(|| format!("cannot write {}", self.tmp.display()))
    }

    /// Flush what has been written so far, so a crash loses little.
    pub fn flush(&mut self) -> Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.tmp.display()))
    }

    /// Flush and sync what has been written, and leave it under its temporary name (an
    /// interrupted run: the file is not complete).
    pub fn keep_partial(mut self) -> Result<PathBuf> {
        self.flush()?;
        self.out
            .get_ref()
            .sync_all()
            .with_context(|| format!("cannot write {}", self.tmp.display()))?;
        Ok(self.tmp)
    }

    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.out
            .get_ref()
            .sync_all()
            .with_context(|| format!("cannot write {}", self.tmp.display()))?;
        fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot rename {} into place", self.tmp.display()))?;
        sync_dir(parent(&self.path))
    }
}

/// Mark a folder complete.
pub fn mark_complete(dir: &Path) -> Result<()> {
    let marker = dir.join(INCOMPLETE);
    fs::remove_file(&marker).with_context(|| format!("cannot remove {}", marker.display()))?;
    sync_dir(dir)
}

/// A file that lines are appended to (a sweep's journal), each line through one write,
/// synced on [`AppendFile::sync`]. After one failed write it refuses every later one, so
/// nothing is appended after a torn line.
pub struct AppendFile {
    path: PathBuf,
    file: File,
    failed: bool,
}

impl AppendFile {
    pub fn open(path: &Path) -> Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(AppendFile {
            path: path.to_path_buf(),
            file,
            failed: false,
        })
    }

    pub fn append(&mut self, bytes: &[u8]) -> Result<()> {
        if self.failed {
            bail!(
                "not writing to {}: an earlier write to it failed",
                self.path.display()
            );
        }
        put(&mut self.file, bytes).map_err(|e| {
            self.failed = true;
            anyhow::Error::new(e).context(format!("cannot write {}", self.path.display()))
        })
    }

    pub fn sync(&self) -> Result<()> {
        self.file
            .sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// A file's name without its extension, for labels and folder names.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into())
}
