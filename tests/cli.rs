//! The real `cogov` binary, driven as a user would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cogov(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A small scenario that changes three levers.
const THREE_LEVERS: &str = r#"
title.en = "Three levers"
[run]
ticks = 20
[population]
communities_per_street = 3
residents_per_community = 400
[office]
access_list = 0.4
split = { own_programs = 0.6, devolved = 0.3, ngo_procurement = 0.05, training = 0.05 }
[online]
enabled = true
start_tick = 5
"#;

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("three.toml");
    fs::write(&file, THREE_LEVERS).unwrap();
    (dir, file)
}

#[test]
fn run_writes_trajectories_and_manifest() {
    let (dir, _) = setup();
    let out = cogov(
        &[
            "run",
            "three.toml",
            "-n",
            "3",
            "--seed",
            "40",
            "--out",
            "res",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let res = dir.path().join("res");
    assert!(!res.join("INCOMPLETE").exists());
    let csv = fs::read_to_string(res.join("trajectories.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "scenario");
    assert_eq!(&header[1], "replicate");
    assert_eq!(&header[2], "seed");
    assert_eq!(&header[3], "tick");
    for col in [
        "participation_rate",
        "mean_trust",
        "admin_share",
        "backlog",
        "money_stock",
    ] {
        assert!(header.iter().any(|h| h == col), "missing column {col}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // 3 replicates × (tick 0 + 20 ticks).
    assert_eq!(rows.len(), 3 * 21);
    for (i, row) in rows.iter().enumerate() {
        let rep = i / 21;
        assert_eq!(&row[0], "three");
        assert_eq!(row[1].parse::<usize>().unwrap(), rep);
        assert_eq!(row[2].parse::<u64>().unwrap(), 40 + rep as u64);
        assert_eq!(row[3].parse::<usize>().unwrap(), i % 21);
        assert_eq!(row.len(), header.len());
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(res.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["master_seed"], 40);
    assert_eq!(manifest["replicates"], 3);
    assert_eq!(manifest["complete"], true);
    assert_eq!(
        manifest["scenarios"][0]["resolved"]["office"]["access_list"],
        0.4
    );
    assert_eq!(manifest["scenarios"][0]["hash"].as_str().unwrap().len(), 16);
    assert!(manifest["wall_seconds"].as_f64().unwrap() >= 0.0);
    // The summary table and the folder are printed.
    let stdout = text(&out.stdout);
    assert!(stdout.contains("participation_rate"), "{stdout}");
    assert!(stdout.trim_end().ends_with("res"), "{stdout}");
}

#[test]
fn same_seed_gives_the_same_bytes_at_any_thread_count() {
    let (dir, _) = setup();
    for t in ["1", "2", "3"] {
        let out = cogov(
            &[
                "run",
                "three.toml",
                "-n",
                "3",
                "-t",
                t,
                "--out",
                &format!("t{t}"),
                "-q",
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let one = fs::read(dir.path().join("t1/trajectories.csv")).unwrap();
    assert_eq!(
        one,
        fs::read(dir.path().join("t2/trajectories.csv")).unwrap()
    );
    assert_eq!(
        one,
        fs::read(dir.path().join("t3/trajectories.csv")).unwrap()
    );
}

#[test]
fn a_replicate_is_reproduced_from_its_seed() {
    let (dir, _) = setup();
    let all = cogov(
        &[
            "run",
            "three.toml",
            "-n",
            "3",
            "--seed",
            "10",
            "--out",
            "all",
            "-q",
        ],
        dir.path(),
    );
    assert!(all.status.success());
    let one = cogov(
        &[
            "run",
            "three.toml",
            "-n",
            "1",
            "--seed",
            "12",
            "--out",
            "one",
            "-q",
        ],
        dir.path(),
    );
    assert!(one.status.success());
    let strip = |csv: String, rep: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .filter(|l| l.split(',').nth(1) == Some(rep))
            .map(|l| l.splitn(3, ',').nth(2).unwrap().to_string())
            .collect()
    };
    let a = strip(
        fs::read_to_string(dir.path().join("all/trajectories.csv")).unwrap(),
        "2",
    );
    let b = strip(
        fs::read_to_string(dir.path().join("one/trajectories.csv")).unwrap(),
        "0",
    );
    assert_eq!(a.len(), 21);
    assert_eq!(a, b);
}

#[test]
fn existing_results_are_never_overwritten_unasked() {
    let (dir, _) = setup();
    let res = dir.path().join("res");
    fs::create_dir(&res).unwrap();
    fs::write(res.join("notes.txt"), "mine").unwrap();
    let out = cogov(
        &["run", "three.toml", "-n", "1", "--out", "res"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_dir(&res).unwrap().count(), 1);
    assert_eq!(fs::read_to_string(res.join("notes.txt")).unwrap(), "mine");
    let out = cogov(
        &["run", "three.toml", "-n", "1", "--out", "res", "--force"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(res.join("trajectories.csv").exists());
    assert_eq!(fs::read_to_string(res.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn default_output_folders_are_new_each_time() {
    let (dir, _) = setup();
    let a = cogov(&["run", "three.toml", "-n", "1", "-q"], dir.path());
    let b = cogov(&["run", "three.toml", "-n", "1", "-q"], dir.path());
    assert!(a.status.success() && b.status.success());
    let (a, b) = (text(&a.stdout), text(&b.stdout));
    assert_ne!(a.trim(), b.trim());
    assert!(a.trim().starts_with("results/three-"), "{a}");
    assert!(dir.path().join(a.trim()).join("trajectories.csv").exists());
    assert!(dir.path().join(b.trim()).join("trajectories.csv").exists());
}

#[test]
fn bad_input_is_exit_status_2_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.toml"), "[office]\naccess_lst = 0.4\n").unwrap();
    let out = cogov(&["run", "bad.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("bad.toml:2:1"), "{err}");
    assert!(err.contains("access_list"), "{err}");
    assert!(
        !dir.path().join("results").exists(),
        "no output for bad input"
    );

    fs::write(
        dir.path().join("nan.toml"),
        "[coordination]\nstrength = nan\n",
    )
    .unwrap();
    let out = cogov(&["check", "nan.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("coordination.strength"),
        "{}",
        text(&out.stderr)
    );

    let out = cogov(&["run", "missing.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.toml"));

    let out = cogov(&["run", "bad.toml", "-n", "0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn defaults_are_a_valid_commented_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let out = cogov(&["defaults"], dir.path());
    assert!(out.status.success());
    let defaults = text(&out.stdout);
    assert!(defaults.lines().filter(|l| l.starts_with('#')).count() > 50);
    fs::write(dir.path().join("d.toml"), &defaults).unwrap();
    let check = cogov(&["check", "d.toml"], dir.path());
    assert!(check.status.success(), "{}", text(&check.stderr));
    // `check` prints the resolved scenario, which is itself valid and resolves the same.
    fs::write(dir.path().join("r.toml"), &check.stdout).unwrap();
    let again = cogov(&["check", "r.toml"], dir.path());
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(again.stdout, check.stdout);
}

#[test]
fn check_resolves_extends() {
    let (dir, _) = setup();
    fs::write(
        dir.path().join("child.toml"),
        "extends = \"three.toml\"\n[office]\naccess_list = 0.7\n",
    )
    .unwrap();
    let out = cogov(&["check", "child.toml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let resolved = text(&out.stdout);
    assert!(resolved.contains("access_list = 0.7"), "{resolved}");
    assert!(resolved.contains("devolved = 0.3"), "{resolved}");
}
