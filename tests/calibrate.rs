//! `cogov calibrate` through the real binary: it recovers a parameter from data the model
//! made itself, gives the same bytes at any thread count and after a kill and a resume,
//! its median scenario runs, and bad files are refused with file, line and key.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{ok, text};

fn cogov(args: &[&str], cwd: &Path, fault: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cogov"));
    c.args(args).current_dir(cwd).env_remove("COGOV_FAULT_AT");
    if let Some(f) = fault {
        c.env("COGOV_FAULT_AT", f);
    }
    c.output().expect("run cogov")
}

const BASE: &str = "[run]\nticks = 20\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 300\n";

/// The target's mean over weeks 5..=20 in `trajectories.csv` of a one-run folder.
fn window_mean(dir: &Path, metric: &str) -> f64 {
    let mut r = csv::Reader::from_path(dir.join("trajectories.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = h.iter().position(|c| c == metric).unwrap();
    let tick = h.iter().position(|c| c == "tick").unwrap();
    let v: Vec<f64> = r
        .records()
        .map(|r| r.unwrap())
        .filter(|r| (5..=20).contains(&r[tick].parse::<u32>().unwrap()))
        .map(|r| r[col].parse().unwrap())
        .collect();
    v.iter().sum::<f64>() / v.len() as f64
}

fn calibration(observed: f64) -> String {
    format!(
        r#"base = "base.toml"
seed = 2
particles = 60
p_acc_min = 0.15
max_generations = 5

[[parameters]]
path = "participation.w_social"
prior = "uniform"
low = 0.3
high = 0.6

[[targets]]
metric = "participation_rate"
stat = "mean"
from = 5
to = 20
observed = {observed}
scale = 0.01
"#
    )
}

fn summary(dir: &Path) -> (f64, f64, f64) {
    let mut r = csv::Reader::from_path(dir.join("summary.csv")).unwrap();
    let rec = r.records().next().unwrap().unwrap();
    let f = |i: usize| rec[i].parse::<f64>().unwrap();
    (f(3), f(4), f(5))
}

#[test]
fn recovers_its_own_parameter_with_the_same_bytes_every_way() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("base.toml"), BASE).unwrap();
    // Synthetic data: the model at w_social = 0.5, seed 99.
    let truth = "extends = \"base.toml\"\n[participation]\nw_social = 0.5\n[run]\nreplicates = 1\nseed = 99\n";
    std::fs::write(d.join("truth.toml"), truth).unwrap();
    ok(&cogov(
        &["run", "truth.toml", "--out", "truth", "-q"],
        d,
        None,
    ));
    let observed = window_mean(&d.join("truth"), "participation_rate");
    std::fs::write(d.join("cal.toml"), calibration(observed)).unwrap();

    let o = cogov(
        &[
            "calibrate",
            "cal.toml",
            "--out",
            "one",
            "-q",
            "--threads",
            "1",
        ],
        d,
        None,
    );
    ok(&o);
    let (median, lo, hi) = summary(&d.join("one"));
    assert!(
        lo <= 0.5 && 0.5 <= hi,
        "0.5 outside the 90% interval [{lo}, {hi}]"
    );
    assert!(
        hi - lo < 0.25,
        "the posterior is no narrower than the prior: [{lo}, {hi}]"
    );
    assert!((lo..=hi).contains(&median));
    let read = |out: &str, name: &str| std::fs::read(d.join(out).join(name)).unwrap();
    let names = ["posterior.csv", "summary.csv", "posterior_median.toml"];

    ok(&cogov(
        &[
            "calibrate",
            "cal.toml",
            "--out",
            "two",
            "-q",
            "--threads",
            "2",
        ],
        d,
        None,
    ));
    for n in names {
        assert_eq!(read("one", n), read("two", n), "{n} differs with 2 threads");
    }
    // Killed at its 80th write (half-way through generation 1's particles, leaving a torn
    // journal line), then started again: generation 0 is read back whole, generation 1's
    // finished particles from its journal.
    let o = cogov(
        &["calibrate", "cal.toml", "--out", "killed", "-q"],
        d,
        Some("80:kill"),
    );
    assert!(!o.status.success());
    assert!(!d.join("killed/summary.csv").exists());
    let o = cogov(&["calibrate", "cal.toml", "--out", "killed"], d, None);
    ok(&o);
    let e = text(&o.stderr);
    assert!(e.contains("generation 0 read back"), "{e}");
    assert!(
        e.contains("generation 1: read back 15 of 30 particles"),
        "{e}"
    );
    for n in names {
        assert_eq!(
            read("one", n),
            read("killed", n),
            "{n} differs after a resume"
        );
    }
    // The median scenario runs.
    ok(&cogov(
        &["run", "one/posterior_median.toml", "--out", "median", "-q"],
        d,
        None,
    ));
    for chart in [
        "marginal-participation_w_social.svg",
        "marginal-participation_w_social.zh.png",
    ] {
        assert!(d.join("one").join(chart).exists(), "{chart}");
    }
    // Two parameters: a pairwise chart of the particles.
    let two = calibration(observed)
        .replace("particles = 60", "particles = 20")
        .replace("max_generations = 5", "max_generations = 2")
        + "\n[[parameters]]\npath = \"committee.skill\"\nprior = \"truncated_normal\"\nmean = 0.5\nsd = 0.2\nlow = 0.2\nhigh = 0.8\n";
    std::fs::write(d.join("two.toml"), two).unwrap();
    ok(&cogov(
        &["calibrate", "two.toml", "--out", "pair", "-q"],
        d,
        None,
    ));
    let svg =
        std::fs::read_to_string(d.join("pair/pair-participation_w_social-committee_skill.svg"))
            .unwrap();
    assert!(
        svg.contains("Posterior particles after 2 generations"),
        "{svg}"
    );
    let (_, recs) = {
        let mut r = csv::Reader::from_path(d.join("pair/posterior.csv")).unwrap();
        let h = r.headers().unwrap().clone();
        (h, r.records().map(|r| r.unwrap()).collect::<Vec<_>>())
    };
    assert_eq!(recs.len(), 2 * 10, "α N kept in each of 2 generations");
    for r in &recs {
        let skill: f64 = r[4].parse().unwrap();
        assert!(
            (0.2..=0.8).contains(&skill),
            "inside the truncated prior: {skill}"
        );
    }
    // Another calibration in the same folder is refused.
    std::fs::write(d.join("other.toml"), calibration(observed + 0.01)).unwrap();
    let o = cogov(&["calibrate", "other.toml", "--out", "one", "-q"], d, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("holds another calibration"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn bad_calibration_files_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("base.toml"), BASE).unwrap();
    let good = calibration(0.1);
    let cases = [
        (
            "particles = 60",
            "particles = 0",
            "cal.toml:3:13: key `particles`: 0 is out of range",
        ),
        (
            "high = 0.6",
            "high = 0.2",
            "key `parameters[0].low`: the support low = 0.3 to high = 0.2",
        ),
        (
            "path = \"participation.w_social\"",
            "path = \"participation.w_socail\"",
            "did you mean `participation.w_social`?",
        ),
        (
            "metric = \"participation_rate\"",
            "metric = \"participation\"",
            "key `targets[0].metric`: unknown metric",
        ),
        (
            "to = 20",
            "to = 30",
            "key `targets[0].to`: tick 30 is after the end of the run",
        ),
        (
            "scale = 0.01",
            "scale = 0",
            "key `targets[0].scale`: 0 is out of range",
        ),
        (
            "prior = \"uniform\"",
            "prior = \"log_uniform\"\nmean = 0.4",
            "key `parameters[0].mean`: `mean` is for prior = \"truncated_normal\"",
        ),
        (
            "prior = \"uniform\"",
            "prior = \"uniform\"\nlow = 0.3",
            "duplicate key",
        ),
        ("low = 0.3", "low = -0.5", "invalid scenario"),
    ];
    let mut messages = String::new();
    for (from, to, expect) in cases {
        std::fs::write(d.join("cal.toml"), good.replace(from, to)).unwrap();
        let o = cogov(&["calibrate", "cal.toml", "--out", "x", "-q"], d, None);
        let e = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{to}: {e}");
        assert!(e.starts_with("error: cal.toml:"), "{to}: {e}");
        assert!(e.contains(expect), "{to}: expected {expect:?} in {e}");
        assert!(!d.join("x").exists(), "{to}: made its folder");
        messages.push_str(&format!("== {to}\n{e}"));
    }
    insta::assert_snapshot!("bad_calibration_messages", messages);
}

/// The window mean of `metric` over weeks `from..=to` in a one-run folder.
fn mean_over(dir: &Path, metric: &str, from: u32, to: u32) -> f64 {
    let mut r = csv::Reader::from_path(dir.join("trajectories.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = h.iter().position(|c| c == metric).unwrap();
    let tick = h.iter().position(|c| c == "tick").unwrap();
    let v: Vec<f64> = r
        .records()
        .map(|r| r.unwrap())
        .filter(|r| (from..=to).contains(&r[tick].parse::<u32>().unwrap()))
        .map(|r| r[col].parse().unwrap())
        .collect();
    v.iter().sum::<f64>() / v.len() as f64
}

/// Per parameter of a finished calibration: (path, median, 90% low, 90% high).
fn intervals(dir: &Path) -> Vec<(String, f64, f64, f64)> {
    let mut r = csv::Reader::from_path(dir.join("summary.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let f = |i: usize| rec[i].parse::<f64>().unwrap();
            (rec[0].to_string(), f(3), f(4), f(5))
        })
        .collect()
}

/// Coverage with two parameters, the small version of `scripts/calibration_coverage.sh`:
/// five synthetic data sets made by cogov at w_social = 0.45 and access_list = 0.3 (seeds
/// 1001–1005), each calibrated from flat priors with its own seed. Each parameter moves
/// its own target (participation and the committees' administrative share). With ten
/// intervals at a nominal 90%, at least 8 covering the truth happens with probability 0.93
/// if the intervals are honest, so that is what this asserts; and that each posterior is
/// narrower than the prior (a flat prior's own 90% interval is 0.9 of its width), since a
/// posterior as wide as the prior would cover the truth trivially. At this size (600
/// residents, 20 weeks, one run per particle) w_social is only weakly identified: its
/// intervals are about 0.6 of the prior, the access list's (a deterministic target) about
/// 0.2; the full check with three parameters is scripts/calibration_coverage.sh.
#[test]
fn two_parameters_are_recovered_inside_their_intervals_across_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("base.toml"), BASE).unwrap();
    let (w_true, a_true) = (0.45, 0.3);
    let (mut inside, mut all) = (0, 0);
    let mut widths = [0.0, 0.0];
    let mut report = String::new();
    for s in 1..=5u32 {
        let truth = format!(
            "extends = \"base.toml\"\n[participation]\nw_social = {w_true}\n[office]\naccess_list = {a_true}\n[run]\nreplicates = 1\nseed = {}\n",
            1000 + s
        );
        std::fs::write(d.join("truth.toml"), truth).unwrap();
        let t = format!("truth-{s}");
        ok(&cogov(&["run", "truth.toml", "--out", &t, "-q"], d, None));
        let part = mean_over(&d.join(&t), "participation_rate", 5, 20);
        let admin = mean_over(&d.join(&t), "admin_share", 5, 20);
        let cal = format!(
            r#"base = "base.toml"
seed = {s}
particles = 60
p_acc_min = 0.15
max_generations = 5

[[parameters]]
path = "participation.w_social"
prior = "uniform"
low = 0.3
high = 0.6

[[parameters]]
path = "office.access_list"
prior = "uniform"
low = 0.0
high = 0.6

[[targets]]
metric = "participation_rate"
stat = "mean"
from = 5
to = 20
observed = {part}
scale = 0.01

[[targets]]
metric = "admin_share"
stat = "mean"
from = 5
to = 20
observed = {admin}
scale = 0.02
"#
        );
        std::fs::write(d.join("cover.toml"), cal).unwrap();
        let c = format!("cover-{s}");
        ok(&cogov(
            &["calibrate", "cover.toml", "--out", &c, "-q"],
            d,
            None,
        ));
        for (k, (path, median, lo, hi)) in intervals(&d.join(&c)).into_iter().enumerate() {
            let (truth, prior) = if k == 0 { (w_true, 0.3) } else { (a_true, 0.6) };
            inside += usize::from(lo <= truth && truth <= hi);
            all += 1;
            widths[k] += (hi - lo) / prior / 5.0;
            report.push_str(&format!(
                "seed {s} {path}: median {median:.3}, [{lo:.3}, {hi:.3}]\n"
            ));
        }
    }
    assert_eq!(all, 10);
    assert!(
        inside >= 8,
        "only {inside} of 10 intervals cover the truth:\n{report}"
    );
    for (k, w) in widths.iter().enumerate() {
        let bound = if k == 0 { 0.75 } else { 0.4 };
        assert!(
            *w < bound,
            "parameter {k}: mean interval {w:.2} of the prior:\n{report}"
        );
    }
}

/// `--slurm` and its array tasks without a cluster: each step writes the generation's
/// array job, the tasks (as Slurm would start them: SLURM_ARRAY_TASK_ID with --tasks, or
/// --shard) fill their shards, and the next step merges them and proposes the next
/// generation; the results are the bytes of the calibration run on one machine.
#[test]
fn generations_as_array_jobs_give_the_bytes_of_a_local_calibration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("base.toml"), BASE).unwrap();
    let cal = calibration(0.09)
        .replace("particles = 60", "particles = 20")
        .replace("max_generations = 5", "max_generations = 3");
    std::fs::write(d.join("cal.toml"), cal).unwrap();
    // A shard before any --slurm step is refused: there is no generation prepared.
    let o = cogov(
        &["calibrate", "cal.toml", "--out", "s", "--shard", "0/2"],
        d,
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("holds no calibration"),
        "{}",
        text(&o.stderr)
    );
    let mut steps = 0;
    loop {
        let o = cogov(
            &[
                "calibrate",
                "cal.toml",
                "--out",
                "s",
                "--slurm",
                "--tasks",
                "3",
                "-q",
            ],
            d,
            None,
        );
        ok(&o);
        let last = text(&o.stdout).lines().last().unwrap().to_string();
        if !last.ends_with(".sbatch") {
            break;
        }
        let script = std::fs::read_to_string(&last).unwrap();
        assert!(script.contains("#SBATCH --array=0-2\n"), "{script}");
        assert!(script.contains("--tasks 3"), "{script}");
        for task in 0..3 {
            let mut c = Command::new(env!("CARGO_BIN_EXE_cogov"));
            c.args(["calibrate", "cal.toml", "--out", "s", "--tasks", "3", "-q"])
                .current_dir(d)
                .env("SLURM_ARRAY_TASK_ID", task.to_string())
                .env_remove("COGOV_FAULT_AT");
            ok(&c.output().unwrap());
        }
        steps += 1;
        assert!(steps <= 3, "more array jobs than generations");
    }
    assert!(steps >= 2, "{steps} generations");
    assert!(d.join("s/calibrate-slurm.sh").exists());
    assert!(
        !d.join("s/shards/shard-0-of-3/gen-0.journal").exists(),
        "merged journals removed"
    );
    ok(&cogov(
        &["calibrate", "cal.toml", "--out", "local", "-q"],
        d,
        None,
    ));
    for n in [
        "posterior.csv",
        "summary.csv",
        "posterior_median.toml",
        "generations/gen-1.csv",
    ] {
        assert_eq!(
            std::fs::read(d.join("s").join(n)).unwrap(),
            std::fs::read(d.join("local").join(n)).unwrap(),
            "{n} differs between the array jobs and one machine"
        );
    }
}
