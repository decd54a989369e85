//! Crash consistency through the real binary: fault injection at every write
//! (`COGOV_FAULT_AT=K[:short|:kill]`, the binary's test hook in `output.rs`), two
//! processes on one folder for every command pair, and `--force` removing only what cogov
//! recorded in `.cogov-files`.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{ok, text};

fn command(args: &[&str], cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cogov"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("COGOV_FAULT_AT")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT");
    c
}

fn cogov(args: &[&str], cwd: &Path) -> Output {
    command(args, cwd).output().expect("the binary runs")
}

fn with_fault(args: &[&str], cwd: &Path, fault: &str) -> Output {
    command(args, cwd)
        .env("COGOV_FAULT_AT", fault)
        .output()
        .expect("the binary runs")
}

const SMALL: &str = "[run]\nticks = 6\nreplicates = 2\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 150\n";
const OTHER: &str = "extends = \"small.toml\"\n[office]\naccess_list = 0.6\n";

fn sweep_file(trajectories: bool) -> String {
    format!(
        "base = \"small.toml\"\nreplicates = 2\nseed = 5\ntrajectories = {trajectories}\n\
         [design]\nkind = \"grid\"\n[[parameters]]\npath = \"office.access_list\"\n\
         values = [0.0, 0.5]\n[[outcomes]]\nname = \"participation\"\n\
         metric = \"participation_rate\"\nstat = \"final\"\n"
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("small.toml"), SMALL).unwrap();
    fs::write(dir.path().join("other.toml"), OTHER).unwrap();
    fs::write(dir.path().join("sweep.toml"), sweep_file(true)).unwrap();
    dir
}

/// Whether a folder says it is finished: no `INCOMPLETE`, a manifest saying complete.
fn looks_complete(dir: &Path) -> bool {
    !dir.join("INCOMPLETE").exists()
        && fs::read_to_string(dir.join("manifest.json"))
            .is_ok_and(|m| m.contains("\"complete\": true"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

const ALL: [&str; 3] = ["fail", "short", "kill"];

/// Outcomes of the faults injected into one command.
#[derive(Debug, Default)]
struct Tally {
    faults: u32,
    marked_incomplete: u32,
    complete_and_identical: u32,
}

/// For every K and every mode, run `args` with the K-th write failing, then `again`
/// without a fault: the folder `out` is never complete with less in it, and after the
/// second command `files` are byte-identical to the uninterrupted `reference`.
#[allow(clippy::too_many_arguments)]
fn every_fault(
    modes: &[&str],
    cwd: &Path,
    args: &[&str],
    again: &[&str],
    out: &Path,
    files: &[&str],
    reference: &Path,
    reset: &dyn Fn(),
) -> Tally {
    let mut tally = Tally::default();
    for &mode in modes {
        for k in 1.. {
            reset();
            let o = with_fault(args, cwd, &format!("{k}:{mode}"));
            let hit = !o.status.success();
            if !hit {
                // Fewer than K writes: the command ran to its end.
                assert!(looks_complete(out), "k={k} {mode}");
                break;
            }
            tally.faults += 1;
            assert!(
                !looks_complete(out),
                "k={k} {mode}: a failed command left a folder that looks complete\n{}",
                text(&o.stderr)
            );
            if mode != "kill" {
                assert!(
                    text(&o.stderr).contains("injected fault"),
                    "k={k} {mode}: {}",
                    text(&o.stderr)
                );
            }
            tally.marked_incomplete += 1;
            ok(&cogov(again, cwd));
            assert!(looks_complete(out), "k={k} {mode}");
            for f in files {
                assert_eq!(
                    fs::read(out.join(f)).unwrap(),
                    fs::read(reference.join(f)).unwrap(),
                    "k={k} {mode}: {f} differs after the rerun"
                );
            }
            tally.complete_and_identical += 1;
        }
    }
    eprintln!("{args:?}: {tally:?}");
    tally
}

#[test]
fn a_fault_at_any_write_of_run_and_sweep_never_leaves_a_complete_looking_folder() {
    let dir = setup();
    let cwd = dir.path();
    ok(&cogov(
        &["run", "small.toml", "--out", "ref-run", "-q"],
        cwd,
    ));
    let run = every_fault(
        &ALL,
        cwd,
        &["run", "small.toml", "--out", "run", "-q", "--force"],
        &["run", "small.toml", "--out", "run", "-q", "--force"],
        &cwd.join("run"),
        &["trajectories.csv"],
        &cwd.join("ref-run"),
        &|| (),
    );
    assert!(run.faults >= 5, "{run:?}");

    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "ref-sweep", "-q", "-t", "1"],
        cwd,
    ));
    let sweep_args = ["sweep", "sweep.toml", "--out", "sweep", "-q", "-t", "1"];
    let sweep = every_fault(
        &ALL,
        cwd,
        &sweep_args,
        &sweep_args,
        &cwd.join("sweep"),
        &["runs.csv", "trajectories.csv", "outcome-participation.svg"],
        &cwd.join("ref-sweep"),
        &|| {
            fs::remove_dir_all(cwd.join("sweep")).ok();
        },
    );
    assert!(sweep.faults >= 10, "{sweep:?}");
    assert!(!cwd.join("sweep/trajectories").exists());
}

#[test]
fn a_fault_at_any_write_of_merge_and_compare_never_leaves_a_complete_looking_folder() {
    let dir = setup();
    let cwd = dir.path();
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "whole", "-q"],
        cwd,
    ));
    for s in ["0/2", "1/2"] {
        ok(&cogov(
            &["sweep", "sweep.toml", "--out", "shards", "-q", "--shard", s],
            cwd,
        ));
    }
    let merge = every_fault(
        &ALL,
        cwd,
        &["merge", "merged"],
        &["merge", "merged"],
        &cwd.join("merged"),
        &["runs.csv", "trajectories.csv"],
        &cwd.join("whole"),
        &|| {
            fs::remove_dir_all(cwd.join("merged")).ok();
            copy_dir(&cwd.join("shards"), &cwd.join("merged"));
        },
    );
    assert!(merge.faults >= 5, "{merge:?}");

    let args = [
        "compare",
        "small.toml",
        "other.toml",
        "-n",
        "2",
        "--out",
        "cmp",
        "-q",
        "--force",
    ];
    let mut reference = args.to_vec();
    reference[6] = "ref-cmp";
    ok(&cogov(&reference, cwd));
    // Charts make a comparison the slowest command: a crash (half a write, then the
    // process ends) at every write; failed and short writes go through the same writer
    // layer as `run`'s, tested above.
    let compare = every_fault(
        &["kill"],
        cwd,
        &args,
        &args,
        &cwd.join("cmp"),
        &["trajectories.csv", "summary.csv", "plots/mean_trust.svg"],
        &cwd.join("ref-cmp"),
        &|| (),
    );
    assert!(compare.faults >= 10, "{compare:?}");
}

/// Start a command that holds its folder for a while; wait until it has the lock.
fn holder(args: &[&str], cwd: &Path, dir: &Path) -> Child {
    let mut child = command(args, cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !fs::read_to_string(dir.join(".cogov-lock")).is_ok_and(|s| s.contains("PID")) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the first command ended before it could be raced"
        );
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

#[test]
fn a_second_process_on_a_folder_is_refused_for_every_command_pair() {
    let dir = setup();
    let cwd = dir.path();
    let big = "[run]\nticks = 52\nreplicates = 4\n[population]\nstreets = 1\ncommunities_per_street = 3\nresidents_per_community = 1500\n";
    fs::write(cwd.join("big.toml"), big).unwrap();
    fs::write(
        cwd.join("big-sweep.toml"),
        sweep_file(false).replace("small.toml", "big.toml"),
    )
    .unwrap();
    let d = "held";
    let holders: [Vec<&str>; 3] = [
        vec!["run", "big.toml", "--out", d, "-t", "1", "-q"],
        vec![
            "compare", "big.toml", "-n", "3", "--out", d, "-t", "1", "-q",
        ],
        vec!["sweep", "big-sweep.toml", "--out", d, "-t", "1", "-q"],
    ];
    let seconds: [Vec<&str>; 4] = [
        vec!["run", "small.toml", "--out", d, "--force", "-q"],
        vec!["compare", "small.toml", "--out", d, "--force", "-q"],
        vec!["sweep", "sweep.toml", "--out", d, "--force", "-q"],
        vec!["merge", d],
    ];
    for first in &holders {
        fs::remove_dir_all(cwd.join(d)).ok();
        let mut child = holder(first, cwd, &cwd.join(d));
        let pid = child.id();
        for second in &seconds {
            let o = cogov(second, cwd);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{first:?} then {second:?}: {err}");
            assert!(
                err.contains("in use by another cogov process")
                    && err.contains(&format!("PID {pid}: ")),
                "{first:?} then {second:?}: {err}"
            );
        }
        let status = child.wait().unwrap();
        assert!(status.success(), "{first:?} failed after the race");
        assert!(looks_complete(&cwd.join(d)), "{first:?}");
    }
    // The first one's output is intact: a run raced by the others equals one alone.
    ok(&cogov(
        &["run", "big.toml", "--out", "alone", "-t", "1", "-q"],
        cwd,
    ));
    fs::remove_dir_all(cwd.join(d)).unwrap();
    let mut child = holder(&holders[0], cwd, &cwd.join(d));
    for second in &seconds {
        assert!(!cogov(second, cwd).status.success());
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(
        fs::read(cwd.join(d).join("trajectories.csv")).unwrap(),
        fs::read(cwd.join("alone/trajectories.csv")).unwrap()
    );
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn force_removes_only_what_cogov_recorded() {
    let dir = setup();
    let cwd = dir.path();
    // A folder of the user's: their plots/, notes and a report.html of their own.
    let mine = cwd.join("mine");
    fs::create_dir_all(mine.join("plots")).unwrap();
    fs::write(mine.join("plots/figure.png"), "mine").unwrap();
    fs::write(mine.join("notes.txt"), "mine").unwrap();
    let o = cogov(&["run", "small.toml", "--out", "mine", "-q"], cwd);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("holds files cogov did not write (notes.txt, plots/"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(names(&mine), ["notes.txt", "plots"]);
    // With --force, cogov writes beside them and says what it kept.
    let o = cogov(
        &["run", "small.toml", "--out", "mine", "-q", "--force"],
        cwd,
    );
    ok(&o);
    // A file cogov would write but did not: never replaced, even with --force.
    fs::write(mine.join("report.html"), "my report").unwrap();
    let o = cogov(
        &[
            "compare",
            "small.toml",
            "-n",
            "1",
            "--out",
            "mine",
            "-q",
            "--force",
        ],
        cwd,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("report.html exists and was not written by cogov"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        fs::read_to_string(mine.join("report.html")).unwrap(),
        "my report"
    );
    fs::remove_file(mine.join("report.html")).unwrap();
    // A comparison writes into plots/ beside the user's figure; --force again (a run)
    // removes the comparison's files and leaves the figure and the notes.
    ok(&cogov(
        &[
            "compare",
            "small.toml",
            "-n",
            "1",
            "--out",
            "mine",
            "-q",
            "--force",
        ],
        cwd,
    ));
    assert!(mine.join("plots/mean_trust.svg").exists());
    let o = cogov(
        &["run", "small.toml", "--out", "mine", "-q", "--force"],
        cwd,
    );
    ok(&o);
    assert!(
        text(&o.stderr)
            .contains("kept 2 entries that cogov did not write: notes.txt, plots/figure.png"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        names(&mine),
        [
            ".cogov-files",
            ".cogov-lock",
            "manifest.json",
            "notes.txt",
            "plots",
            "trajectories.csv"
        ]
    );
    assert_eq!(names(&mine.join("plots")), ["figure.png"]);
    assert_eq!(fs::read_to_string(mine.join("notes.txt")).unwrap(), "mine");

    // A sweep: its own trajectories/, runs.csv and analysis files go with --force; a
    // user's file in trajectories/ stays.
    ok(&cogov(&["sweep", "sweep.toml", "--out", "sw", "-q"], cwd));
    fs::create_dir_all(cwd.join("sw/trajectories")).unwrap();
    fs::write(cwd.join("sw/trajectories/keep.csv"), "mine").unwrap();
    fs::write(cwd.join("sw/sensitivity-mine.csv"), "mine").unwrap();
    fs::write(cwd.join("sweep.toml"), sweep_file(false)).unwrap();
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "sw", "-q", "--force"],
        cwd,
    ));
    assert!(!cwd.join("sw/trajectories.csv").exists());
    assert_eq!(names(&cwd.join("sw/trajectories")), ["keep.csv"]);
    assert!(cwd.join("sw/sensitivity-mine.csv").exists());
}

#[test]
fn a_sweep_whose_manifest_was_not_written_starts_again() {
    let dir = setup();
    let cwd = dir.path();
    // Write 3 is the manifest (after .cogov-files and INCOMPLETE): as on a full disk.
    let o = with_fault(&["sweep", "sweep.toml", "--out", "sw", "-q"], cwd, "3");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(!cwd.join("sw/manifest.json").exists());
    ok(&cogov(&["sweep", "sweep.toml", "--out", "sw", "-q"], cwd));
    assert!(looks_complete(&cwd.join("sw")));
}

#[test]
fn merge_of_a_split_into_no_shards_is_a_clear_error() {
    let dir = setup();
    let cwd = dir.path();
    fs::create_dir_all(cwd.join("m/shard-0-of-0")).unwrap();
    let o = cogov(&["merge", "m"], cwd);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("is not a shard folder of a split"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_closed_or_full_standard_output_does_not_panic() {
    let dir = setup();
    let cwd = dir.path();
    ok(&cogov(&["sweep", "sweep.toml", "--out", "sw", "-q"], cwd));
    for args in [
        vec!["sweep", "sweep.toml", "--out", "sw", "-q"],
        vec!["defaults"],
    ] {
        // A closed pipe: the end of output, not an error.
        let mut child = command(&args, cwd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        // A full one (/dev/full): an error, exit status 1.
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = command(&args, cwd).stdout(full).output().unwrap();
        assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("standard output"),
            "{}",
            text(&o.stderr)
        );
    }
}
