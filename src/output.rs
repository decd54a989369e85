//! Output folders: where results go, written so that a crash or a refusal never leaves
//! something that looks finished, and nothing a user made is overwritten unasked.
//!
//! A run writes into its folder a marker file `INCOMPLETE` first, streams trajectories
//! into `trajectories.csv.partial`, and only when every replicate is in renames it to
//! `trajectories.csv`, writes `manifest.json` (through a temporary name) and removes the
//! marker.

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
    write_atomic(
        &dir.join(INCOMPLETE),
        b"This run has not finished (or was interrupted): its results are partial.\n",
    )?;
    Ok(dir)
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
