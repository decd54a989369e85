//! One process per output folder: an exclusive advisory lock (`flock`) on the file
//! `.cogov-lock` inside the folder, held for as long as the command writes there.
//!
//! The operating system releases the lock when the process ends, however it ends (a
//! SIGKILL, a crash), so a stale lock never blocks a rerun. After taking the lock the
//! holder writes its PID and command line into the file, so that a second process is
//! refused at once with a message naming both. The lock file is never removed while held
//! (removing it would let a third process lock a new file beside a locked, unlinked one);
//! a process that took the lock only to refuse the folder removes the file if it created
//! it, so a refused folder is left as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The lock file's name in an output folder.
pub const LOCK: &str = ".cogov-lock";

/// An exclusive lock on an output folder, released when dropped (or when the process
/// ends).
#[derive(Debug)]
pub struct FolderLock {
    // Held open: closing the file releases the lock.
    _file: File,
    path: PathBuf,
    created: bool,
}

impl FolderLock {
    /// Lock `dir` (which must exist), or refuse at once if another process holds it.
    pub fn acquire(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK);
        loop {
            let (mut file, created) = open(&path)?;
            // SAFETY: flock on a file descriptor we own; no memory is involved.
            let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if r != 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() == std::io::ErrorKind::WouldBlock {
                    bail!(
                        "output folder {} is in use by another cogov process ({}); wait for it \
                         to finish, or choose another --out",
                        dir.display(),
                        holder(&mut file)
                    );
                }
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
            // The file may have been removed (by a process that refused the folder)
            // between our open and our lock: then lock the file now at that name.
            let ours = file.metadata()?;
            match fs::metadata(&path) {
                Ok(now) if now.ino() == ours.ino() && now.dev() == ours.dev() => {}
                _ => continue,
            }
            let who = format!(
                "PID {}: {}\n",
                std::process::id(),
                std::env::args().collect::<Vec<_>>().join(" ")
            );
            file.set_len(0)
                .and_then(|_| file.write_all(who.as_bytes()))
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(FolderLock {
                _file: file,
                path,
                created,
            });
        }
    }

    /// Give the lock up, removing the lock file if this process created it (a folder
    /// refused is left as it was found).
    pub fn release_refused(self) {
        if self.created {
            fs::remove_file(&self.path).ok();
        }
    }
}

fn open(path: &Path) -> Result<(File, bool)> {
    let new = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path);
    match new {
        Ok(f) => Ok((f, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map(|f| (f, false))
            .with_context(|| format!("cannot open {}", path.display())),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// What the holder wrote into the lock file: "PID n: command".
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok();
    let text = text.trim();
    if text.is_empty() {
        "it has not yet recorded its PID".into()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        let err = FolderLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(err.contains("in use by another cogov process"), "{err}");
        assert!(
            err.contains(&format!("PID {}", std::process::id())),
            "{err}"
        );
        drop(first);
        let again = FolderLock::acquire(dir.path()).unwrap();
        again.release_refused();
        // Not created by `again`: the file stays.
        assert!(dir.path().join(LOCK).exists());
    }

    #[test]
    fn a_refused_folder_loses_the_lock_file_it_did_not_have() {
        let dir = tempfile::tempdir().unwrap();
        FolderLock::acquire(dir.path()).unwrap().release_refused();
        assert!(!dir.path().join(LOCK).exists());
    }
}
