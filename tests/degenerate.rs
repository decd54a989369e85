//! Degenerate but legal scenarios: they load, run to the end, and give finite output in
//! which the model's invariants hold (the checks of `tests/invariants.rs`), the same at
//! one and two threads. One of them also goes through the real binary.

mod common;

use std::path::Path;

use cogov::metrics::TickMetrics;
use cogov::scenario::{Scenario, load_str};

/// Small, so that every case runs in a blink.
const BASE: &str = "[run]\nticks = 30\n[population]\ncommunities_per_street = 3\nresidents_per_community = 200\n[online]\nenabled = true\nstart_tick = 5\n[council]\ninterval = 4\n";

const CASES: &[(&str, &str)] = &[
    (
        "one resident",
        "[population]\nstreets = 1\ncommunities_per_street = 1\nresidents_per_community = 1\n",
    ),
    (
        "one resident, complete network",
        "[population]\nstreets = 1\ncommunities_per_street = 1\nresidents_per_community = 1\n[network]\nkind = \"complete\"\n",
    ),
    (
        "two residents, Erdős–Rényi of degree 0",
        "[population]\nstreets = 1\ncommunities_per_street = 1\nresidents_per_community = 2\n[network]\nkind = \"erdos_renyi\"\nmean_degree = 0\n",
    ),
    ("no ties", "[network]\nkind = \"none\"\n"),
    (
        "no ties across communities",
        "[network]\ncross_community_share = 0.0\nrewiring = 0.0\n",
    ),
    ("zero staff", "[committee]\nstaff = 0\n"),
    (
        "zero budget",
        "[office]\nbudget_per_community = 0.0\n[committee]\ninitial_funds = 0.0\n",
    ),
    (
        "all thresholds 0",
        "[population]\nthreshold = { distribution = \"constant\", value = 0.0 }\n",
    ),
    (
        "all thresholds 1",
        "[population]\nthreshold = { distribution = \"constant\", value = 1.0 }\n",
    ),
    (
        "small-world degree larger than a community",
        "[population]\nresidents_per_community = 5\n[network]\nmean_degree = 50\n",
    ),
    ("no issues", "[issues]\nrate = 0.0\n"),
    (
        "everyone committed",
        "[population]\ncommitted_share = 1.0\n",
    ),
    ("participation off", "[participation]\nenabled = false\n"),
    (
        "everything at once",
        "[population]\nstreets = 1\ncommunities_per_street = 1\nresidents_per_community = 1\nthreshold = { distribution = \"constant\", value = 1.0 }\n[network]\nkind = \"none\"\n[committee]\nstaff = 0\ninitial_funds = 0.0\n[office]\nbudget_per_community = 0.0\n",
    ),
];

fn load(case: &str) -> Scenario {
    let base: toml::Table = toml::from_str(BASE).unwrap();
    let over: toml::Table = toml::from_str(case).unwrap();
    let mut merged = base;
    for (k, v) in over {
        match (merged.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => b.extend(o),
            (_, v) => {
                merged.insert(k, v);
            }
        }
    }
    load_str(&toml::to_string(&merged).unwrap(), Path::new("case.toml"))
        .unwrap_or_else(|e| panic!("{case}: {e}"))
}

fn run(s: &Scenario, threads: usize) -> Vec<TickMetrics> {
    common::run_on(s, 11, threads)
}

#[test]
fn degenerate_scenarios_run_with_finite_output_and_invariants() {
    for (name, case) in CASES {
        let s = load(case);
        let ticks = run(&s, 2);
        common::check_invariants(name, &s, &ticks);
        assert_eq!(ticks, run(&s, 1), "{name}: differs at 1 and 2 threads");
    }
}

#[test]
fn degenerate_scenarios_behave_as_they_should() {
    let last = |case: &str| run(&load(case), 2).last().cloned().unwrap();
    // Nobody takes part when participation is off, and no one is needed for that.
    assert_eq!(
        last("[participation]\nenabled = false\n").participation_rate,
        0.0
    );
    // No staff, no committee hours.
    let m = last("[committee]\nstaff = 0\n");
    assert_eq!(m.committee_hours, 0.0);
    // No issues, nothing raised or waiting.
    let m = last("[issues]\nrate = 0.0\n");
    assert_eq!(m.issues_raised_total, 0);
    assert_eq!(m.backlog, 0);
    // Thresholds of 0 bring in at least as many as thresholds of 1.
    let low = last("[population]\nthreshold = { distribution = \"constant\", value = 0.0 }\n");
    let high = last("[population]\nthreshold = { distribution = \"constant\", value = 1.0 }\n");
    assert!(
        low.participation_rate >= high.participation_rate,
        "{} < {}",
        low.participation_rate,
        high.participation_rate
    );
}

#[test]
fn a_one_resident_street_with_nothing_runs_through_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let case = CASES.last().unwrap().1;
    std::fs::write(
        tmp.path().join("tiny.toml"),
        format!("{BASE}{case}").replace(
            "[population]\ncommunities_per_street = 3\nresidents_per_community = 200\n",
            "",
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(["run", "tiny.toml", "-n", "3", "--out", "res"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(tmp.path().join("res/trajectories.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 31);
    assert!(!csv.contains("NaN") && !csv.contains("inf"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("participation_rate"), "{stdout}");
    assert!(!stdout.contains("NaN"), "{stdout}");
}
