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

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use crate::durable::{AppendFile, StreamedFile, partial_name, sync_dir, write_atomic};
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

/// Rewrite the `INCOMPLETE` marker with what happened (an interrupted run).
pub fn mark_incomplete(dir: &Path, why: &str) -> Result<()> {
    write_atomic(&dir.join(INCOMPLETE), why.as_bytes())
}

/// Mark a folder complete.
pub fn mark_complete(dir: &Path) -> Result<()> {
    let marker = dir.join(INCOMPLETE);
    fs::remove_file(&marker).with_context(|| format!("cannot remove {}", marker.display()))?;
    sync_dir(dir)
}

/// A file's name without its extension, for labels and folder names.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into())
}
