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

/// A small comparison: a baseline and two remedies, few residents and weeks.
fn small_library(dir: &Path) {
    let base = "title.en = \"Base <&>\"\ntitle.zh = \"基线\"\n[run]\nticks = 12\n\
                [population]\ncommunities_per_street = 2\nresidents_per_community = 300\n";
    fs::write(dir.join("base.toml"), base).unwrap();
    fs::write(
        dir.join("devolve.toml"),
        "extends = \"base.toml\"\ntitle.en = \"Devolve\"\ntitle.zh = \"下放\"\n\
         [office]\naccess_list = 0.5\n",
    )
    .unwrap();
    fs::write(
        dir.join("talk.toml"),
        "extends = \"base.toml\"\ntitle.en = \"Talk\"\n[council]\ninterval = 2\n",
    )
    .unwrap();
}

#[test]
fn compare_writes_report_summary_plots_and_trajectories() {
    let dir = tempfile::tempdir().unwrap();
    small_library(dir.path());
    let args = [
        "compare",
        "base.toml",
        "devolve.toml",
        "talk.toml",
        "-n",
        "3",
        "--out",
        "cmp",
        "-q",
    ];
    let out = cogov(&args, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cmp = dir.path().join("cmp");
    assert_eq!(
        text(&out.stdout).trim(),
        cmp.join("report.html")
            .display()
            .to_string()
            .replace(&format!("{}/", dir.path().display()), "")
    );
    assert!(!cmp.join("INCOMPLETE").exists());
    // All trajectories in one file: 3 scenarios × 3 replicates × 13 weeks.
    let traj = fs::read_to_string(cmp.join("trajectories.csv")).unwrap();
    assert_eq!(traj.lines().count(), 1 + 3 * 3 * 13);
    // The summary: one row per scenario and key metric, the baseline's difference 0.
    let mut summary = csv::Reader::from_path(cmp.join("summary.csv")).unwrap();
    let header = summary.headers().unwrap().clone();
    for col in [
        "scenario",
        "metric",
        "final_mean",
        "final_ci_low",
        "diff",
        "diff_ci_high",
        "effect_size",
    ] {
        assert!(header.iter().any(|h| h == col), "missing {col}");
    }
    let rows: Vec<csv::StringRecord> = summary.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3 * cogov::compare::KEY_METRICS.len());
    let diff = header.iter().position(|h| h == "diff").unwrap();
    for r in rows.iter().filter(|r| &r[0] == "base") {
        assert_eq!(r[diff].parse::<f64>().unwrap(), 0.0);
    }
    // The access list lowers the administrative share.
    let admin: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[1] == "admin_share").collect();
    let devolve = admin.iter().find(|r| &r[0] == "devolve").unwrap();
    assert!(devolve[diff].parse::<f64>().unwrap() < 0.0);
    // Charts as PNG and SVG.
    for m in cogov::compare::KEY_METRICS {
        let png = fs::read(cmp.join("plots").join(format!("{m}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(
            fs::read_to_string(cmp.join("plots").join(format!("{m}.svg")))
                .unwrap()
                .contains("<svg")
        );
    }
    assert!(cmp.join("overview.png").exists() && cmp.join("overview.svg").exists());
    // The report is one self-contained page naming every scenario, titles escaped.
    let html = fs::read_to_string(cmp.join("report.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("data:image/png;base64,"));
    assert!(html.contains("Base &lt;&amp;&gt;"));
    assert!(html.contains("Devolve") && html.contains("Talk"));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(cmp.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenarios"].as_array().unwrap().len(), 3);
}

#[test]
fn compare_window_is_used_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    small_library(dir.path());
    let window_of = |out: &str| -> Vec<(String, String, String)> {
        let mut r = csv::Reader::from_path(dir.path().join(out).join("summary.csv")).unwrap();
        let h = r.headers().unwrap().clone();
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        let (a, b, v) = (col("window_first"), col("window_last"), col("verdict"));
        r.records()
            .map(|x| x.unwrap())
            .map(|x| (x[a].to_string(), x[b].to_string(), x[v].to_string()))
            .collect()
    };
    let args = ["compare", "base.toml", "devolve.toml", "-n", "2", "-q"];
    let run = |extra: &[&str], out: &str| {
        let mut a = args.to_vec();
        a.extend_from_slice(extra);
        a.extend_from_slice(&["--out", out]);
        cogov(&a, dir.path())
    };
    let out = run(&["--window", "2-10"], "w");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = window_of("w");
    assert!(!rows.is_empty());
    for (a, b, v) in &rows {
        assert_eq!((a.as_str(), b.as_str()), ("2", "10"));
        assert!(
            ["baseline", "meaningful", "negligible", "unclear"].contains(&v.as_str()),
            "{v}"
        );
    }
    let html = fs::read_to_string(dir.path().join("w/report.html")).unwrap();
    assert!(html.contains("Weeks 2–10: mean [95% CI]"));
    // Without --window, a 12-week run averages over its second half.
    let out = run(&[], "d");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        window_of("d")
            .iter()
            .all(|(a, b, _)| (a.as_str(), b.as_str()) == ("7", "12"))
    );
    // Outside the run, or not a window: exit status 2, a clear message, nothing written.
    let out = run(&["--window", "53-104"], "x");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--window: the window 53-104 lies outside the run")
            && err.contains("weeks 0 to 12"),
        "{err}"
    );
    assert!(!dir.path().join("x").exists());
    for bad in ["53", "9-3"] {
        let out = run(&["--window", bad], "y");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains("--window"),
            "{}",
            text(&out.stderr)
        );
        assert!(!dir.path().join("y").exists());
    }
}

#[test]
fn compare_speaks_chinese() {
    let dir = tempfile::tempdir().unwrap();
    small_library(dir.path());
    let out = cogov(
        &[
            "compare",
            "base.toml",
            "devolve.toml",
            "-n",
            "2",
            "--out",
            "zh",
            "--lang",
            "zh",
            "-q",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = fs::read_to_string(dir.path().join("zh/report.html")).unwrap();
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(html.contains("基线") && html.contains("下放"));
    let svg = fs::read_to_string(dir.path().join("zh/plots/participation_rate.svg")).unwrap();
    assert!(svg.contains("参与率"), "chart title in Chinese");
}

#[test]
fn compare_bad_input_is_exit_status_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    small_library(dir.path());
    fs::write(dir.path().join("bad.toml"), "[council]\nintervl = 2\n").unwrap();
    fs::write(dir.path().join("bad2.toml"), "[run]\nticks = -1\n").unwrap();
    let out = cogov(
        &["compare", "base.toml", "bad.toml", "bad2.toml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:2:1") && err.contains("interval"),
        "{err}"
    );
    assert!(
        err.contains("bad2.toml:2:1") && err.contains("run.ticks"),
        "both files' problems at once: {err}"
    );
    assert!(!dir.path().join("results").exists());
}

// `cogov compare` with no files runs the built-in library: tests/scenarios_cmd.rs.
