//! A live session's numbers are `cogov run`'s: the session's trajectories equal the real
//! binary's `trajectories.csv` byte for byte for the same scenario and seed, at one and two
//! threads, and a fork's exported scenario file reproduces the fork exactly.

use std::fs;
use std::path::Path;
use std::process::Command;

use cogov::library;
use cogov::live::{LiveSession, SessionSpec};

/// `cogov run FILE` with `threads`, in `dir`; its trajectories.csv.
fn cogov_run(dir: &Path, file: &str, threads: &str, extra: &[&str]) -> Vec<u8> {
    let out_dir = format!("out-{file}-{threads}");
    let mut args = vec!["run", file, "-q", "-t", threads, "--out", &out_dir];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(&args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read(dir.join(out_dir).join("trajectories.csv")).unwrap()
}

/// The header and the rows of one series of a session's CSV.
fn rows_of(csv: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || line.starts_with(&format!("{name},")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn run_to_end(session: &mut LiveSession) {
    while session.week() < session.weeks() {
        session.step().unwrap();
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn a_session_s_numbers_are_cogov_run_s_at_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = library::load("devolution").unwrap();
    fs::write(
        dir.path().join("devolution.toml"),
        library::text_of("devolution.toml").unwrap(),
    )
    .unwrap();
    fs::write(
        dir.path().join("baseline.toml"),
        library::text_of("baseline.toml").unwrap(),
    )
    .unwrap();
    let spec = SessionSpec {
        scenarios: vec![("devolution".into(), scenario)],
        replicates: 2,
        seed: 7,
    };
    for threads in [1, 2] {
        let csv = in_pool(threads, || {
            let mut session = LiveSession::new(spec.clone()).unwrap();
            run_to_end(&mut session);
            session.trajectories_csv()
        });
        let by_binary = cogov_run(
            dir.path(),
            "devolution.toml",
            &threads.to_string(),
            &["-n", "2", "--seed", "7"],
        );
        assert!(
            csv == by_binary,
            "session and cogov run differ at {threads} thread(s)"
        );
    }
}

#[test]
fn a_fork_s_scenario_file_reproduces_it_with_cogov_run() {
    let dir = tempfile::tempdir().unwrap();
    let spec = SessionSpec {
        scenarios: vec![
            ("baseline".into(), library::load("baseline").unwrap()),
            ("devolution".into(), library::load("devolution").unwrap()),
        ],
        replicates: 2,
        seed: 3,
    };
    let mut session = LiveSession::new(spec).unwrap();
    // Levers set before the start become part of the baseline's scenario (one read only
    // at the start, which no fork could set, and one read every week).
    let before = [
        ("committee.authority".to_string(), toml::Value::Float(0.5)),
        ("online.access.young".to_string(), toml::Value::Float(0.3)),
    ];
    session.set_before_start(0, &before).unwrap();
    let file = cogov::scenario::load_str(
        &session.scenario_toml(0).unwrap(),
        Path::new("baseline.toml"),
    )
    .unwrap();
    assert_eq!(
        file.committee.authority, 0.5,
        "the exported file holds the lever"
    );
    assert!(
        file.interventions.is_empty(),
        "part of the scenario, not a reform"
    );
    for _ in 0..30 {
        session.step().unwrap();
    }
    let reform = [
        ("office.access_list".to_string(), toml::Value::Float(0.7)),
        ("council.interval".to_string(), toml::Value::Integer(4)),
    ];
    let fork = session.fork(1, &reform).unwrap();
    for _ in 0..20 {
        session.step().unwrap();
    }
    // A fork of the fork, later on.
    let again = [(
        "office.reaction".to_string(),
        toml::Value::String("resources".into()),
    )];
    let fork2 = session.fork(fork, &again).unwrap();
    run_to_end(&mut session);
    let csv = session.trajectories_csv();
    let series = session.series();
    assert_eq!(series[fork].name, "devolution_w30");
    assert_eq!(series[fork2].name, "devolution_w30_w50");
    for s in [0, 1, fork, fork2] {
        let name = &series[s].name;
        let file = format!("{name}.toml");
        fs::write(dir.path().join(&file), session.scenario_toml(s).unwrap()).unwrap();
        // The file carries the seed and replicates: no options needed.
        let by_binary = cogov_run(dir.path(), &file, "2", &[]);
        assert!(
            rows_of(&csv, name) == by_binary,
            "series {name} differs from cogov run"
        );
    }
    // The forks differ from their parents after the fork, so the test is not empty.
    assert_ne!(rows_of(&csv, "devolution").len(), 0);
    let (parent, forked) = (
        String::from_utf8(rows_of(&csv, "devolution")).unwrap(),
        String::from_utf8(rows_of(&csv, "devolution_w30")).unwrap(),
    );
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .map(|l| l.split_once(',').unwrap().1.to_string())
            .collect()
    };
    let (p, f) = (strip(&parent), strip(&forked));
    assert_eq!(p[..31], f[..31], "the same up to week 30");
    assert_ne!(p[31..105], f[31..105], "the reform changes the later weeks");
}
