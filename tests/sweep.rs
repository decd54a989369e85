//! `cogov sweep` and `cogov merge` through the real binary: designs, runs.csv, resuming
//! after SIGKILL, shards and merge, refusing a folder of another sweep, failed runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{ok, text};

fn cogov(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .output()
        .expect("run cogov")
}

const BASE: &str = "[run]\nticks = 10\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 150\n";

const OUTCOMES: &str = r#"
[[outcomes]]
name = "participation"
metric = "participation_rate"
stat = "final"

[[outcomes]]
name = "trust"
metric = "mean_trust"
stat = "mean"
from = 5

[[outcomes]]
name = "backlog_week"
metric = "backlog"
stat = "first_crossing"
level = 3
"#;

fn grid(replicates: u32) -> String {
    format!(
        r#"base = "base.toml"
replicates = {replicates}
seed = 7

[design]
kind = "grid"

[[parameters]]
path = "office.access_list"
values = [0.0, 0.3, 0.6]

[[parameters]]
path = "council.interval"
from = 2
to = 8
steps = 3
{OUTCOMES}"#
    )
}

fn lhs(samples: u32) -> String {
    format!(
        r#"base = "base.toml"
replicates = 2
seed = 3

[design]
kind = "latin_hypercube"
samples = {samples}

[[parameters]]
path = "office.access_list"
from = 0.0
to = 0.8

[[parameters]]
path = "participation.w_social"
from = 0.2
to = 0.8

[[parameters]]
path = "council.interval"
from = 2
to = 12
{OUTCOMES}"#
    )
}

fn setup(sweep: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), BASE).unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, sweep).unwrap();
    (dir, file)
}

/// Whether `path` is a PNG of more than a blank page's bytes.
fn is_png(path: &Path) -> bool {
    let b = std::fs::read(path).unwrap_or_default();
    b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() > 10_000
}

fn read_runs(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

#[test]
fn grid_sweep_writes_runs_csv_and_manifest() {
    let (dir, _) = setup(&grid(2));
    let o = cogov(
        &["sweep", "sweep.toml", "--out", "out", "--threads", "2"],
        dir.path(),
    );
    ok(&o);
    let out = dir.path().join("out");
    assert!(!out.join("INCOMPLETE").exists());
    // stderr is not a terminal here: plain progress lines, ending at 100%.
    let progress = text(&o.stderr);
    assert!(
        progress.contains("cogov sweep: 18/18 runs (100%)"),
        "{progress}"
    );
    assert!(
        progress.contains("runs/s") && progress.contains("ETA"),
        "{progress}"
    );
    let (header, rows) = read_runs(&out.join("runs.csv"));
    assert_eq!(
        header,
        [
            "run_id",
            "point",
            "replicate",
            "seed",
            "office.access_list",
            "council.interval",
            "participation",
            "trust",
            "backlog_week",
            "error"
        ]
    );
    assert_eq!(rows.len(), 18);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], i.to_string());
        assert_eq!(row[1], (i / 2).to_string());
        assert_eq!(row[2], (i % 2).to_string());
        assert_eq!(row[3], (7 + i).to_string());
        let p: f64 = row[6].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert_eq!(&row[9], "");
    }
    assert_eq!(&rows[6][4], "0.3");
    assert_eq!(&rows[6][5], "2");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["runs"], 18);
    assert_eq!(m["complete"], true);
    assert_eq!(m["sweep_hash"].as_str().unwrap().len(), 16);
    // Two-parameter grid: a heatmap per outcome, as SVG and PNG, in English and Chinese.
    for o in ["participation", "trust", "backlog_week"] {
        let svg = std::fs::read_to_string(out.join(format!("heatmap-{o}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("mean over 2 replicates"), "{svg}");
        let zh = std::fs::read_to_string(out.join(format!("heatmap-{o}.zh.svg"))).unwrap();
        assert!(zh.contains("准入清单减负比例") && zh.contains("2次重复运行的均值"));
        for name in [format!("heatmap-{o}.png"), format!("heatmap-{o}.zh.png")] {
            assert!(is_png(&out.join(name)));
        }
    }
    // The same sweep at another thread count gives the same bytes.
    let o = cogov(
        &["sweep", "sweep.toml", "--out", "one", "--threads", "1"],
        dir.path(),
    );
    ok(&o);
    assert_eq!(
        std::fs::read(out.join("runs.csv")).unwrap(),
        std::fs::read(dir.path().join("one/runs.csv")).unwrap()
    );
    // Run again: already complete, nothing changes.
    let o = cogov(&["sweep", "sweep.toml", "--out", "out"], dir.path());
    ok(&o);
    assert!(
        text(&o.stdout).contains("already complete"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn latin_hypercube_sweep_with_trajectories() {
    let (dir, file) = setup(&lhs(10).replace("seed = 3\n", "seed = 3\ntrajectories = true\n"));
    let o = cogov(
        &["sweep", "sweep.toml", "--out", "out", "--quiet"],
        dir.path(),
    );
    ok(&o);
    let (header, rows) = read_runs(&dir.path().join("out/runs.csv"));
    assert_eq!(header.len(), 4 + 3 + 3 + 1);
    assert_eq!(rows.len(), 20);
    // Each of the 10 strata of each parameter holds exactly one point.
    let mut strata = [0; 10];
    for row in rows.iter().step_by(2) {
        let x: f64 = row[4].parse().unwrap();
        strata[((x / 0.8) * 10.0).floor() as usize] += 1;
    }
    assert_eq!(strata, [1; 10]);
    // Sensitivity: a row per outcome and parameter, and a chart per outcome.
    let (header, sens) = read_runs(&dir.path().join("out/sensitivity.csv"));
    assert_eq!(
        header,
        [
            "outcome",
            "parameter",
            "n",
            "prcc",
            "prcc_low",
            "prcc_high",
            "src",
            "r2"
        ]
    );
    assert_eq!(sens.len(), 9);
    assert_eq!(&sens[0][0], "participation");
    assert_eq!(&sens[0][2], "20");
    // One bar per parameter, labelled in the chart's language; a PNG beside each SVG.
    let zh = std::fs::read_to_string(dir.path().join("out/sensitivity-trust.zh.svg")).unwrap();
    assert_eq!(zh.matches("准入清单减负比例").count(), 1, "{zh}");
    assert!(zh.contains("偏秩相关系数"), "{zh}");
    let en = std::fs::read_to_string(dir.path().join("out/sensitivity-trust.svg")).unwrap();
    assert!(en.contains("trust: partial rank correlation (95% CI), n = "));
    for o in ["participation", "trust", "backlog_week"] {
        for name in [
            format!("sensitivity-{o}.png"),
            format!("sensitivity-{o}.zh.png"),
        ] {
            assert!(is_png(&dir.path().join("out").join(name)));
        }
    }
    let mut t = csv::Reader::from_path(dir.path().join("out/trajectories.csv")).unwrap();
    assert_eq!(&t.headers().unwrap()[0], "run_id");
    assert_eq!(t.records().count(), 20 * 11);
    drop(file);
}

/// The journal's lines, once it has at least `n`.
fn wait_for_lines(journal: &Path, n: usize, child: &mut std::process::Child) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(s) = std::fs::read_to_string(journal)
            && s.lines().count() >= n
        {
            return true;
        }
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn resumes_after_sigkill_with_identical_bytes() {
    // Bigger runs so the sweep is still going when it is killed.
    let (dir, _) = setup(&grid(6));
    std::fs::write(
        dir.path().join("base.toml"),
        BASE.replace("ticks = 10", "ticks = 40").replace(
            "residents_per_community = 150",
            "residents_per_community = 2000",
        ),
    )
    .unwrap();
    let o = cogov(&["sweep", "sweep.toml", "--out", "whole", "-q"], dir.path());
    ok(&o);
    let whole = std::fs::read(dir.path().join("whole/runs.csv")).unwrap();

    let mut killed_midway = false;
    for _attempt in 0..3 {
        let _ = std::fs::remove_dir_all(dir.path().join("killed"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
            .args([
                "sweep",
                "sweep.toml",
                "--out",
                "killed",
                "-q",
                "--threads",
                "2",
            ])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let journal = dir.path().join("killed/journal.csv");
        let running = wait_for_lines(&journal, 5, &mut child);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let lines = std::fs::read_to_string(&journal).unwrap_or_default();
        if running && lines.lines().count() < 54 {
            killed_midway = true;
            assert!(dir.path().join("killed/INCOMPLETE").exists());
            assert!(!dir.path().join("killed/runs.csv").exists());
            break;
        }
    }
    assert!(
        killed_midway,
        "the sweep always finished before it could be killed"
    );
    // A torn last line, as a kill in the middle of a write would leave.
    let journal = dir.path().join("killed/journal.csv");
    let mut j = std::fs::read(&journal).unwrap();
    j.extend_from_slice(b"53,17,5,60,0.6,8,0.1");
    std::fs::write(&journal, j).unwrap();

    let o = cogov(
        &["sweep", "sweep.toml", "--out", "killed", "--threads", "2"],
        dir.path(),
    );
    ok(&o);
    assert!(text(&o.stderr).contains("Resuming"), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("incomplete line"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("killed/runs.csv")).unwrap(),
        whole
    );
    assert!(!dir.path().join("killed/INCOMPLETE").exists());
}

#[test]
fn shards_merge_into_the_same_runs_csv() {
    let (dir, _) = setup(&lhs(7));
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "whole", "-q"],
        dir.path(),
    ));
    let whole = std::fs::read(dir.path().join("whole/runs.csv")).unwrap();
    // Merging before every shard is there names what is missing.
    ok(&cogov(
        &[
            "sweep",
            "sweep.toml",
            "--out",
            "sharded",
            "--shard",
            "0/3",
            "-q",
        ],
        dir.path(),
    ));
    ok(&cogov(
        &[
            "sweep",
            "sweep.toml",
            "--out",
            "sharded",
            "--shard",
            "2/3",
            "-q",
        ],
        dir.path(),
    ));
    let o = cogov(&["merge", "sharded"], dir.path());
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("missing shard folders 1 of 3"),
        "{}",
        text(&o.stderr)
    );
    // A shard from the Slurm environment.
    let o = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(["sweep", "sweep.toml", "--out", "sharded", "-q"])
        .current_dir(dir.path())
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    ok(&o);
    assert!(dir.path().join("sharded/shard-1-of-3/runs.csv").exists());
    let (_, rows) = read_runs(&dir.path().join("sharded/shard-1-of-3/runs.csv"));
    assert!(rows.iter().all(|r| r[0].parse::<u64>().unwrap() % 3 == 1));
    ok(&cogov(&["merge", "sharded"], dir.path()));
    assert_eq!(
        std::fs::read(dir.path().join("sharded/runs.csv")).unwrap(),
        whole
    );
    // The merged analysis is the whole sweep's, byte for byte.
    let analysis = |d: &str| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path().join(d))
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| cogov::sweep::analysis::report::is_analysis_file(n))
            .map(|n| {
                (
                    n.clone(),
                    std::fs::read(dir.path().join(d).join(n)).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let merged = analysis("sharded");
    assert_eq!(merged.len(), 3 * 4 + 1);
    assert!(merged == analysis("whole"));

    // A run missing from a shard's journal is named.
    let j = dir.path().join("sharded/shard-1-of-3/journal.csv");
    let s = std::fs::read_to_string(&j).unwrap();
    let kept: String = s
        .lines()
        .filter(|l| !l[9..].starts_with("4,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&j, kept).unwrap();
    let o = cogov(&["merge", "sharded"], dir.path());
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("1 of 14 runs are missing: run ids 4"),
        "{}",
        text(&o.stderr)
    );
    // ... and one in two shards.
    std::fs::write(&j, &s).unwrap();
    let j0 = dir.path().join("sharded/shard-0-of-3/journal.csv");
    let extra = s.lines().find(|l| l[9..].starts_with("4,")).unwrap();
    let mut s0 = std::fs::read_to_string(&j0).unwrap();
    s0.push_str(&format!("{extra}\n"));
    std::fs::write(&j0, s0).unwrap();
    let o = cogov(&["merge", "sharded"], dir.path());
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("1 runs are in more than one shard: run ids 4"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_folder_of_another_sweep_is_refused() {
    let (dir, file) = setup(&grid(1));
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "out", "-q"],
        dir.path(),
    ));
    std::fs::write(&file, grid(1).replace("seed = 7", "seed = 8")).unwrap();
    let o = cogov(&["sweep", "sweep.toml", "--out", "out", "-q"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("holds a sweep written by a different sweep file"),
        "{}",
        text(&o.stderr)
    );
    // --force discards it.
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "out", "-q", "--force"],
        dir.path(),
    ));
    let (_, rows) = read_runs(&dir.path().join("out/runs.csv"));
    assert_eq!(&rows[0][3], "8");
    // A folder that holds something else is refused too.
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/notes.txt"), "mine").unwrap();
    let o = cogov(&["sweep", "sweep.toml", "--out", "mine", "-q"], dir.path());
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn bad_sweep_files_are_exit_status_2_with_line_and_key() {
    let (dir, file) = setup(&grid(1).replace("council.interval", "council.intervall"));
    let o = cogov(&["sweep", "sweep.toml", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(
        e.starts_with(&format!(
            "error: {}:13:8: key `parameters[1].path`: no parameter `council.intervall`",
            "sweep.toml"
        )),
        "{e}"
    );
    assert!(e.contains("did you mean `council.interval`"), "{e}");
    assert!(!dir.path().join("out").exists());
    std::fs::write(&file, grid(1).replace("[0.0, 0.3, 0.6]", "[0.0, 0.3, 1.6]")).unwrap();
    let o = cogov(&["sweep", "sweep.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains(
            "point 6 (office.access_list = 1.6, council.interval = 2) gives an invalid scenario"
        ),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn failed_runs_are_recorded_and_the_status_says_so() {
    // The base scenario's intervention replaces two shares of the budget split; with the
    // second point's split the shares then sum to 1.3, which only shows when the run
    // applies the intervention: the run fails, the sweep goes on.
    let (dir, _) = setup(&format!(
        r#"base = "base.toml"
replicates = 2
[design]
kind = "grid"
[[parameters]]
path = "office.split"
values = [
  {{ own_programs = 0.8, devolved = 0.1, ngo_procurement = 0.05, training = 0.05 }},
  {{ own_programs = 0.5, devolved = 0.1, ngo_procurement = 0.3, training = 0.1 }},
]
{OUTCOMES}"#
    ));
    std::fs::write(
        dir.path().join("base.toml"),
        format!(
            "{BASE}[[interventions]]\ntick = 3\nset.office.split.own_programs = 0.6\nset.office.split.devolved = 0.3\n"
        ),
    )
    .unwrap();
    let o = cogov(&["sweep", "sweep.toml", "--out", "out", "-q"], dir.path());
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("2 of 4 runs failed"),
        "{}",
        text(&o.stderr)
    );
    let (_, rows) = read_runs(&dir.path().join("out/runs.csv"));
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][8], "");
    assert!(
        rows[2][8].contains("intervention at tick 3"),
        "{:?}",
        &rows[2]
    );
    assert_eq!(&rows[2][5], "", "a failed run has no outcomes");
    assert!(rows[2][4].starts_with("{ "), "{:?}", &rows[2]);
    // Running the finished sweep again changes nothing and still says so.
    let o = cogov(&["sweep", "sweep.toml", "--out", "out", "-q"], dir.path());
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o.stdout).contains("already complete (2 failed runs)"));
}

#[test]
fn slurm_script_is_an_array_job_that_shards_itself() {
    let (dir, _) = setup(&grid(2));
    let o = cogov(
        &[
            "sweep",
            "sweep.toml",
            "--out",
            "out",
            "--slurm",
            "--tasks",
            "4",
            "--throttle",
            "2",
        ],
        dir.path(),
    );
    ok(&o);
    let script = std::fs::read_to_string(dir.path().join("out/sweep.sbatch")).unwrap();
    assert!(script.starts_with("#!/bin/bash\n"));
    assert!(script.contains("#SBATCH --array=0-3%2\n"), "{script}");
    assert!(script.contains("/logs/%A_%a.log\n"), "{script}");
    assert!(script.contains(" sweep "), "{script}");
    assert!(script.contains("--tasks 4\n"), "{script}");
    assert!(text(&o.stdout).contains("cogov merge"));
    assert!(!dir.path().join("out/runs.csv").exists());
}

#[test]
fn a_one_parameter_grid_gets_outcome_charts() {
    let (dir, _) = setup(&format!(
        "base = \"base.toml\"\nreplicates = 3\n[design]\nkind = \"grid\"\n\
         [[parameters]]\npath = \"participation.w_social\"\nfrom = 0.2\nto = 0.6\nsteps = 3\n{OUTCOMES}"
    ));
    ok(&cogov(
        &["sweep", "sweep.toml", "--out", "out", "-q"],
        dir.path(),
    ));
    let svg = std::fs::read_to_string(dir.path().join("out/outcome-participation.svg")).unwrap();
    assert!(svg.contains("<polyline") && svg.contains("95% interval over 3 replicates"));
    let zh = std::fs::read_to_string(dir.path().join("out/outcome-participation.zh.svg")).unwrap();
    assert!(zh.contains("<polyline") && zh.contains("3次重复运行的均值及95%置信区间"));
    assert!(is_png(&dir.path().join("out/outcome-participation.png")));
    assert!(is_png(&dir.path().join("out/outcome-participation.zh.png")));
    let (_, rows) = read_runs(&dir.path().join("out/runs.csv"));
    let values: Vec<&str> = rows.iter().map(|r| r.get(4).unwrap()).collect();
    assert_eq!(
        values,
        [
            "0.2", "0.2", "0.2", "0.4", "0.4", "0.4", "0.6", "0.6", "0.6"
        ]
    );
}
