//! Files written so that a crash never leaves half of one: a whole file goes through
//! `NAME.partial`, is synced, renamed into place, and its folder synced; a streamed file
//! the same once it is finished; an appended file (a journal) stops at its first failed
//! write. Every write passes through one function, [`put`], which is also where the
//! test-only fault-injection hook sits, so a fault test reaches every write of a command.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

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
