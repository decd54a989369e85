//! Snapshot tests of outputs: any change to the model, its randomness or the file
//! formats shows up here as a diff to review (`cargo insta review`, or delete the
//! snapshot and rerun to accept a deliberate change).

use cogov::export::{trajectories_header, trajectory_rows};
use cogov::scenario::load_str;
use std::path::Path;

/// A small street with every mechanism on.
const SMALL: &str = r#"
[run]
ticks = 8
[population]
streets = 2
communities_per_street = 2
residents_per_community = 60
[online]
enabled = true
start_tick = 2
digital_inclusion = 0.05
[council]
interval = 3
[ngo]
entry_barrier = 200.0
[office]
reaction = "resources"
split = { own_programs = 0.6, devolved = 0.2, ngo_procurement = 0.1, training = 0.1 }
[issues]
rate = 0.05
[[interventions]]
tick = 5
set.coordination.strength = 0.9
"#;

#[test]
fn trajectories_of_a_small_street() {
    let s = load_str(SMALL, Path::new("small.toml")).unwrap();
    let ticks = cogov::run::run_one(&s, 42).unwrap();
    let mut bytes = trajectories_header();
    bytes.extend(trajectory_rows("small", 0, 42, &ticks));
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn error_messages() {
    let cases = [
        "[offce]\nstaff = 3\n",
        "[committee]\nstaff = \"six\"\n",
        "[coordination]\nstrength = 1.5\n",
        "[population]\nage_shares = { young = 0.5, middle = 0.5, elderly = 0.5 }\n",
        "[[interventions]]\ntick = 3\nset.population.streets = 2\n",
        "[run\nticks = 3\n",
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|c| load_str(c, Path::new("case.toml")).unwrap_err().to_string())
        .collect();
    insta::assert_snapshot!(out.join("\n---\n"));
}
