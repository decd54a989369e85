//! Interruptions and write failures, on the real binary: SIGINT and SIGTERM mid-run, a
//! rerun into the same folder, a file system that refuses to take more (a full disk), a
//! folder that cannot be written, a run too large for the machine's memory.
//!
//! What a stopped run leaves: the replicates finished before the signal, in order, in
//! `trajectories.csv.partial` (never `trajectories.csv`), the `INCOMPLETE` marker saying
//! what happened and how to rerun, `manifest.json` with `"complete": false`, and exit
//! status 128 + the signal.

#![cfg(unix)]

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// 200,000 residents: a replicate takes a noticeable fraction of a second, so a run of
/// 30 replicates on one thread takes several seconds.
const BIG: &str = r#"
[run]
ticks = 12
[population]
streets = 1
communities_per_street = 20
residents_per_community = 10000
"#;

const SMALL: &str = r#"
[run]
ticks = 5
[population]
communities_per_street = 2
residents_per_community = 100
"#;

fn cogov() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cogov"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Lines in a file (0 if it does not exist yet).
fn lines(path: &Path) -> usize {
    fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

/// Start `args` in `dir`, wait until at least one replicate is in the partial file, send
/// `signal`, and return the finished process's output.
fn interrupt(dir: &Path, args: &[&str], out: &str, signal: i32) -> Output {
    let child = cogov()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let partial = dir.join(out).join("trajectories.csv.partial");
    let start = Instant::now();
    // The header and at least one replicate (ticks 0..=12).
    while lines(&partial) < 1 + 13 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no replicate finished within a minute"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: kill(2) on the pid of our own child.
    let rc = unsafe { libc::kill(child.id() as i32, signal) };
    assert_eq!(rc, 0);
    let output = child.wait_with_output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(90),
        "the run did not stop soon after the signal"
    );
    output
}

/// Check what an interrupted run left in `out` (scenarios `names`, `per` replicates
/// each); returns the replicates kept.
fn check_interrupted(
    out: &Path,
    output: &Output,
    signal: i32,
    names: &[&str],
    per: usize,
) -> usize {
    let total = names.len() * per;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(128 + signal), "{stderr}");
    let signame = match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGHUP => "SIGHUP",
        _ => "SIGTERM",
    };
    assert!(
        stderr.contains(&format!("interrupted by {signame}")),
        "{stderr}"
    );
    assert!(stderr.contains("To run again"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    // Never anything that looks complete.
    assert!(!out.join("trajectories.csv").exists());
    assert!(!out.join("report.html").exists());
    assert!(!out.join("summary.csv").exists());
    let marker = fs::read_to_string(out.join("INCOMPLETE")).unwrap();
    assert!(
        marker.contains(&format!("interrupted by {signame}")),
        "{marker}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], false);
    // The partial file holds whole replicates, in order.
    let csv = fs::read_to_string(out.join("trajectories.csv.partial")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len() % 13,
        0,
        "a replicate was cut: {} rows",
        rows.len()
    );
    let kept = rows.len() / 13;
    assert!(
        kept >= 1 && kept < total,
        "{kept} of {total} replicates kept"
    );
    for (i, row) in rows.iter().enumerate() {
        let replicate = i / 13;
        assert_eq!(&row[0], names[replicate / per]);
        assert_eq!(row[1].parse::<usize>().unwrap(), replicate % per);
        assert_eq!(row[3].parse::<usize>().unwrap(), i % 13);
    }
    assert!(
        stderr.contains(&format!("{kept} of {total} replicates had finished")),
        "{stderr}"
    );
    kept
}

#[test]
fn sigint_stops_a_run_keeping_finished_replicates_and_a_rerun_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("big.toml"), BIG).unwrap();
    let args = ["run", "big.toml", "-n", "30", "-t", "1", "--out", "res"];
    let output = interrupt(tmp.path(), &args, "res", libc::SIGINT);
    let res = tmp.path().join("res");
    check_interrupted(&res, &output, libc::SIGINT, &["big"], 30);

    // Running again into the same folder is refused without --force …
    let again = cogov()
        .args([
            "run", "big.toml", "-n", "2", "-t", "1", "--out", "res", "-q",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("--force"));
    assert!(res.join("trajectories.csv.partial").exists());
    // … and with --force replaces the earlier results entirely.
    fs::write(res.join("notes.txt"), "mine").unwrap();
    let again = cogov()
        .args([
            "run", "big.toml", "-n", "2", "-t", "1", "--out", "res", "-q", "--force",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(!res.join("trajectories.csv.partial").exists());
    assert!(!res.join("INCOMPLETE").exists());
    assert_eq!(lines(&res.join("trajectories.csv")), 1 + 2 * 13);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(res.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], true);
    // A file the user put there is not cogov's to remove.
    assert_eq!(fs::read_to_string(res.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn sigterm_and_sighup_stop_a_run() {
    // A closed terminal (SIGHUP) is handled as SIGTERM is.
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("big.toml"), BIG).unwrap();
        let args = ["run", "big.toml", "-n", "30", "-t", "2", "--out", "res"];
        let output = interrupt(tmp.path(), &args, "res", signal);
        check_interrupted(&tmp.path().join("res"), &output, signal, &["big"], 30);
    }
}

#[test]
fn sigint_and_sigterm_stop_a_comparison() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("big.toml"), BIG).unwrap();
        fs::write(
            tmp.path().join("other.toml"),
            format!("{BIG}\n[office]\naccess_list = 0.4\n"),
        )
        .unwrap();
        let args = [
            "compare",
            "big.toml",
            "other.toml",
            "-n",
            "15",
            "-t",
            "1",
            "--out",
            "cmp",
        ];
        let output = interrupt(tmp.path(), &args, "cmp", signal);
        let cmp = tmp.path().join("cmp");
        check_interrupted(&cmp, &output, signal, &["big", "other"], 15);
        assert!(!cmp.join("plots").exists());
    }
}

/// Run `args` with the file size limit at `bytes` (SIGXFSZ ignored, so writing past the
/// limit fails with EFBIG as writing to a full disk fails with ENOSPC). This works as
/// root too, where a read-only folder would not stop anything.
fn with_file_size_limit(dir: &Path, args: &[&str], bytes: u64) -> Output {
    let mut cmd = cogov();
    cmd.args(args).current_dir(dir);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[test]
fn a_full_disk_mid_run_is_a_clear_error_and_nothing_looks_complete() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("small.toml"), SMALL).unwrap();
    // Each replicate is some kilobytes of CSV: the limit is hit a few replicates in.
    let output = with_file_size_limit(
        tmp.path(),
        &["run", "small.toml", "-n", "50", "--out", "res", "-q"],
        16 * 1024,
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("trajectories.csv.partial"), "{stderr}");
    assert!(stderr.contains("too large"), "{stderr}");
    assert!(stderr.contains("INCOMPLETE"), "{stderr}");
    let res = tmp.path().join("res");
    assert!(res.join("INCOMPLETE").exists());
    assert!(!res.join("trajectories.csv").exists());
    assert!(!res.join("manifest.json").exists());

    // The same for a comparison, whose report is never written.
    let output = with_file_size_limit(
        tmp.path(),
        &[
            "compare",
            "small.toml",
            "small.toml",
            "-n",
            "50",
            "--out",
            "cmp",
            "-q",
        ],
        16 * 1024,
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let cmp = tmp.path().join("cmp");
    assert!(cmp.join("INCOMPLETE").exists());
    assert!(!cmp.join("trajectories.csv").exists());
    assert!(!cmp.join("report.html").exists());
}

#[test]
fn a_full_stdout_is_a_clear_error() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full here
    };
    let output = cogov().args(["defaults"]).stdout(full).output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output: No space left"),
        "{stderr}"
    );
}

#[test]
fn an_unwritable_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("small.toml"), SMALL).unwrap();
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: then there is nothing to test here (the full-disk test
    // covers write failures for root).
    if fs::write(locked.join("probe"), "x").is_ok() {
        eprintln!("skipped: running as root, a read-only folder is writable");
        return;
    }
    let output = cogov()
        .args(["run", "small.toml", "-n", "2", "--out", "locked/res", "-q"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot create output folder locked/res"),
        "{stderr}"
    );
    assert!(!locked.join("res").exists());
}

#[test]
fn a_run_larger_than_memory_is_refused_before_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    // 100 million residents (the most a scenario may have): about 6 GiB per replicate,
    // and 1,024 of them at once on 1,024 threads.
    let huge = "[population]\nstreets = 10\ncommunities_per_street = 100\nresidents_per_community = 100000\n";
    fs::write(tmp.path().join("huge.toml"), huge).unwrap();
    let output = cogov()
        .args([
            "run",
            "huge.toml",
            "-n",
            "1024",
            "-t",
            "1024",
            "--out",
            "res",
            "-q",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    if !Path::new("/proc/meminfo").exists() {
        return; // no estimate of the machine's memory here: nothing is refused
    }
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: huge.toml: this run needs an estimated "),
        "{stderr}"
    );
    assert!(stderr.contains("1024 replicates at once"), "{stderr}");
    assert!(stderr.contains("100000000 residents"), "{stderr}");
    assert!(stderr.contains("more than this machine's"), "{stderr}");
    assert!(stderr.contains("--allow-large"), "{stderr}");
    assert!(!tmp.path().join("res").exists());

    // compare refuses it the same way.
    let output = cogov()
        .args([
            "compare",
            "huge.toml",
            "-n",
            "1024",
            "-t",
            "1024",
            "--out",
            "cmp",
            "-q",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(!tmp.path().join("cmp").exists());

    // --allow-large skips the check: shown here with an invalid --out (a file), which
    // is reached only after the check, so that nothing large ever runs.
    fs::write(tmp.path().join("a-file"), "").unwrap();
    let output = cogov()
        .args([
            "run",
            "huge.toml",
            "-n",
            "1024",
            "-t",
            "1024",
            "--out",
            "a-file",
            "-q",
            "--allow-large",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("output path a-file exists and is not a folder"),
        "{stderr}"
    );
}
