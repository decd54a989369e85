//! What cogov wrote in a folder: the list `.cogov-files`, written (and synced) before any
//! file it names, so that `--force` removes exactly cogov's own files and nothing else.
//!
//! One relative path a line. A path ending in `/` is a folder cogov made (removed only
//! once empty); a `*` in a name stands for one or more digits (`trajectories/run-*.csv`);
//! every listed file covers its temporary `NAME.partial` too. Anything else in the folder
//! is the user's: it is never removed, and a file that cogov is about to write but did not
//! record is never replaced, even with `--force`.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::lock::LOCK;

/// The list's name in an output folder.
pub const FILE_LIST: &str = ".cogov-files";

/// The names cogov recorded in `dir`, or `None` if it recorded nothing there.
pub fn recorded(dir: &Path) -> Result<Option<Vec<String>>> {
    let path = dir.join(FILE_LIST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Record `names` (with what was recorded before) as cogov's, before writing them.
pub fn record(dir: &Path, names: &[String]) -> Result<()> {
    let mut all = recorded(dir)?.unwrap_or_default();
    for n in names {
        if !all.contains(n) {
            all.push(n.clone());
        }
    }
    let mut text = String::new();
    for n in &all {
        text.push_str(n);
        text.push('\n');
    }
    crate::durable::write_atomic(&dir.join(FILE_LIST), text.as_bytes())
}

/// Whether the relative path `name` is covered by the list entry `entry`.
pub fn covers(entry: &str, name: &str) -> bool {
    let name = name.strip_suffix(".partial").unwrap_or(name);
    match entry.split_once('*') {
        None => entry == name || entry.strip_suffix('/') == Some(name),
        Some((pre, post)) => name
            .strip_prefix(pre)
            .and_then(|r| r.strip_suffix(post))
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// The entries of `dir` (relative paths, one level into folders cogov lists), except
/// the lock and the list themselves.
fn entries(dir: &Path, list: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let e = e.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name == LOCK || name == FILE_LIST || name == format!("{FILE_LIST}.partial") {
            continue;
        }
        let listed_dir = list.iter().any(|l| l == &format!("{name}/"));
        if listed_dir && e.path().is_dir() {
            for f in fs::read_dir(e.path())
                .with_context(|| format!("cannot read {}", e.path().display()))?
            {
                let f = f?;
                out.push(format!("{name}/{}", f.file_name().to_string_lossy()));
            }
        }
        out.push(if e.path().is_dir() {
            format!("{name}/")
        } else {
            name
        });
    }
    out.sort();
    Ok(out)
}

/// Whether `dir` holds anything but the lock (and an empty list).
pub fn is_empty(dir: &Path) -> Result<bool> {
    Ok(entries(dir, &[])?.is_empty())
}

/// Entries of `dir` that cogov did not record.
pub fn foreign(dir: &Path) -> Result<Vec<String>> {
    let list = recorded(dir)?.unwrap_or_default();
    Ok(entries(dir, &list)?
        .into_iter()
        .filter(|n| !list.iter().any(|l| covers(l, n)))
        .collect())
}

/// Remove every file and folder cogov recorded in `dir` (for `--force`), and the list.
/// Returns what was left: the entries cogov did not write.
pub fn remove_recorded(dir: &Path) -> Result<Vec<String>> {
    let list = recorded(dir)?.unwrap_or_default();
    let all = entries(dir, &list)?;
    // Files first (deepest names first), then the folders cogov made, once empty.
    for name in all.iter().rev() {
        if name.ends_with('/') || !list.iter().any(|l| covers(l, name)) {
            continue;
        }
        let p = dir.join(name);
        fs::remove_file(&p).with_context(|| format!("cannot remove {} (--force)", p.display()))?;
    }
    for name in all.iter().filter(|n| n.ends_with('/')) {
        if list.iter().any(|l| l == name) {
            // Not empty: it holds something cogov did not write, which stays.
            fs::remove_dir(dir.join(name)).ok();
        }
    }
    let left = foreign(dir)?;
    for p in [
        dir.join(FILE_LIST),
        crate::durable::partial_name(&dir.join(FILE_LIST)),
    ] {
        if p.exists() {
            fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
    }
    crate::durable::sync_dir(dir)?;
    Ok(left)
}

/// Refuse to write `names` into `dir` if one of them exists and is not cogov's.
pub fn check_no_collision(dir: &Path, names: &[String]) -> Result<()> {
    let list = recorded(dir)?.unwrap_or_default();
    for name in names {
        if name.contains('*') || name.ends_with('/') {
            continue;
        }
        let p = dir.join(name);
        if p.symlink_metadata().is_ok() && !list.iter().any(|l| covers(l, name)) {
            bail!(
                "{} exists and was not written by cogov (it is not recorded in {}); cogov \
                 never replaces a file it did not write, even with --force: move it away, or \
                 choose another --out",
                p.display(),
                dir.join(FILE_LIST).display()
            );
        }
    }
    Ok(())
}

/// A list of entries for a message: at most `max` shown.
pub fn name_list(names: &[String], max: usize) -> String {
    let mut s = names
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > max {
        s.push_str(&format!(", … ({} in all)", names.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_cover_partials_folders_and_numbered_names() {
        assert!(covers("runs.csv", "runs.csv"));
        assert!(covers("runs.csv", "runs.csv.partial"));
        assert!(!covers("runs.csv", "runs.csv.bak"));
        assert!(covers("plots/", "plots"));
        assert!(covers(
            "trajectories/run-*.csv",
            "trajectories/run-000000012.csv"
        ));
        assert!(!covers("trajectories/run-*.csv", "trajectories/run-.csv"));
        assert!(!covers("trajectories/run-*.csv", "trajectories/run-x1.csv"));
        assert!(!covers("trajectories/run-*.csv", "trajectories/notes.csv"));
    }

    #[test]
    fn force_removes_only_what_was_recorded() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path();
        record(
            dir,
            &["a.csv".into(), "plots/".into(), "plots/x.svg".into()],
        )
        .unwrap();
        fs::write(dir.join("a.csv"), "1").unwrap();
        fs::write(dir.join("a.csv.partial"), "1").unwrap();
        fs::create_dir(dir.join("plots")).unwrap();
        fs::write(dir.join("plots/x.svg"), "1").unwrap();
        fs::write(dir.join("plots/mine.svg"), "1").unwrap();
        fs::write(dir.join("notes.txt"), "1").unwrap();
        assert_eq!(foreign(dir).unwrap(), vec!["notes.txt", "plots/mine.svg"]);
        let left = remove_recorded(dir).unwrap();
        assert_eq!(left, vec!["notes.txt", "plots/mine.svg"]);
        assert!(!dir.join("a.csv").exists() && !dir.join("a.csv.partial").exists());
        assert!(!dir.join("plots/x.svg").exists());
        assert!(dir.join("plots/mine.svg").exists() && dir.join("notes.txt").exists());
        assert!(recorded(dir).unwrap().is_none());
        let err = check_no_collision(dir, &["notes.txt".into()]).unwrap_err();
        assert!(err.to_string().contains("not written by cogov"), "{err}");
        check_no_collision(dir, &["a.csv".into()]).unwrap();
    }
}
