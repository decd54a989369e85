//! Output folders: where results go, written so that a crash or a refusal never leaves
//! something that looks finished, and nothing a user made is overwritten unasked.
//!
//! A run writes into its folder a marker file `INCOMPLETE` first, streams trajectories
//! into `trajectories.csv.partial`, and only when every replicate is in renames it to
//! `trajectories.csv`, writes `manifest.json` (through a temporary name) and removes the
//! marker.
//!
//! A run stopped by SIGINT or SIGTERM keeps `trajectories.csv.partial` (the replicates
//! finished, in order), writes `manifest.json` with `"complete": false`, and rewrites the
//! marker to say what happened and how to rerun. A run that fails (a full disk, an
//! unwritable folder) leaves the marker, and never a `trajectories.csv` that is not
//! whole. `--force` on an existing folder first removes the files a cogov run writes, so
//! that results of two runs are never mixed.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub const INCOMPLETE: &str = "INCOMPLETE";

/// Choose the output folder and create it.
///
/// With `requested`, an existing non-empty folder is refused unless `force`. Without it,
/// a new folder `results/<stem>-<timestamp>` is made (with a numeric suffix if taken).
pub fn prepare(requested: Option<&Path>, stem: &str, force: bool) -> Result<PathBuf> {
    let dir = match requested {
        Some(d) => {
            if d.exists() {
                if !d.is_dir() {
                    bail!("output path {} exists and is not a folder", d.display());
                }
                let non_empty = fs::read_dir(d)
                    .with_context(|| format!("cannot read output folder {}", d.display()))?
                    .next()
                    .is_some();
                if non_empty && !force {
                    bail!(
                        "output folder {} already exists and is not empty; refusing to overwrite it \
                         (pass --force to replace its results, or choose another --out)",
                        d.display()
                    );
                }
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
    if force {
        clear_outputs(&dir)?;
    }
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This run has not finished (or was interrupted): its results are partial.\n",
    )?;
    Ok(dir)
}

/// Files and folders a cogov run writes into its output folder.
const OUTPUTS: &[&str] = &[
    "trajectories.csv",
    "manifest.json",
    "summary.csv",
    "report.html",
    "overview.png",
    "overview.svg",
    INCOMPLETE,
];

/// Remove what an earlier run left in `dir` (its outputs, their temporary `.partial`
/// files and the `plots` folder), and nothing else.
fn clear_outputs(dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read output folder {}", dir.display()))?;
    for entry in entries {
        let entry =
            entry.with_context(|| format!("cannot read output folder {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = name.strip_suffix(".partial").unwrap_or(&name);
        let path = entry.path();
        if name == "plots" && path.is_dir() {
            fs::remove_dir_all(&path)
                .with_context(|| format!("cannot remove {} (--force)", path.display()))?;
        } else if OUTPUTS.contains(&base) {
            fs::remove_file(&path)
                .with_context(|| format!("cannot remove {} (--force)", path.display()))?;
        }
    }
    Ok(())
}

/// Rewrite the `INCOMPLETE` marker with what happened (an interrupted run).
pub fn mark_incomplete(dir: &Path, why: &str) -> Result<()> {
    write_atomic(&dir.join(INCOMPLETE), why.as_bytes())
}

/// Write a whole file through a temporary name, so it is either complete or absent.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = partial_name(path);
    let mut f = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} into place", tmp.display()))
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
        self.out
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", self.tmp.display()))
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
            .with_context(|| format!("cannot rename {} into place", self.tmp.display()))
    }
}

/// Mark a folder complete.
pub fn mark_complete(dir: &Path) -> Result<()> {
    let marker = dir.join(INCOMPLETE);
    fs::remove_file(&marker).with_context(|| format!("cannot remove {}", marker.display()))
}

/// A file's name without its extension, for labels and folder names.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into())
}
