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
