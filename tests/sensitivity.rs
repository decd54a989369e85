//! Morris and Sobol' designs through the real binary: their tables, the same bytes at
//! any thread count, across shards and merge, and after a kill and a resume.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{ok, text};

fn cogov(args: &[&str], cwd: &Path, fault: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cogov"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("COGOV_FAULT_AT");
    if let Some(f) = fault {
        c.env("COGOV_FAULT_AT", f);
    }
    c.output().expect("run cogov")
}

const BASE: &str = "[run]\nticks = 8\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 120\n";

const PARAMETERS: &str = r#"
[[parameters]]
path = "office.access_list"
from = 0.0
to = 0.8

[[parameters]]
path = "participation.w_social"
from = 0.2
to = 0.8

[[parameters]]
path = "committee.staff"
from = 2
to = 10

[[outcomes]]
name = "participation"
metric = "participation_rate"
stat = "mean"
from = 2

[[outcomes]]
name = "admin_share"
metric = "admin_share"
stat = "final"
"#;

fn morris() -> String {
    format!(
        "base = \"base.toml\"\nreplicates = 2\nseed = 5\n\n[design]\nkind = \"morris\"\n\
         trajectories = 6\nlevels = 4\ncandidates = 20\n{PARAMETERS}"
    )
}

fn sobol() -> String {
    format!(
        "base = \"base.toml\"\nreplicates = 2\nseed = 6\n\n[design]\nkind = \"sobol\"\n\
         base_samples = 16\nsecond_order = true\n{PARAMETERS}"
    )
}

fn setup(sweep: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), BASE).unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, sweep).unwrap();
    (dir, file)
}

/// Every file of a finished sweep folder but the journal (whose record order follows the
/// threads), sorted by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| cogov::sweep::analysis::report::is_analysis_file(n) || n == "runs.csv")
        .map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap()))
        .collect();
    files.sort();
    files
}

fn rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    (header, r.records().map(|r| r.unwrap()).collect())
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// The same sweep at 1 and 2 threads, in two shards merged, and killed half-way then
/// resumed: every output byte for byte the same.
fn same_bytes_every_way(sweep: &str, expect: &[&str]) -> Vec<(String, Vec<u8>)> {
    let (dir, _) = setup(sweep);
    let run = |out: &str, extra: &[&str], fault: Option<&str>| {
        let mut args = vec!["sweep", "sweep.toml", "--out", out, "-q"];
        args.extend(extra);
        cogov(&args, dir.path(), fault)
    };
    ok(&run("one", &["--threads", "1"], None));
    let one = outputs(&dir.path().join("one"));
    for name in expect {
        assert!(one.iter().any(|(n, _)| n == name), "{name} missing");
    }
    ok(&run("two", &["--threads", "2"], None));
    assert!(
        one == outputs(&dir.path().join("two")),
        "threads change bytes"
    );

    ok(&run("sharded", &["--shard", "0/2"], None));
    ok(&run("sharded", &["--shard", "1/2"], None));
    ok(&cogov(&["merge", "sharded"], dir.path(), None));
    assert!(
        one == outputs(&dir.path().join("sharded")),
        "merge changes bytes"
    );

    // Killed at its 40th write (in the middle of the runs), then run again.
    let o = run("killed", &["--threads", "2"], Some("40:kill"));
    assert!(!o.status.success(), "the fault hook did not stop the sweep");
    assert!(dir.path().join("killed/INCOMPLETE").exists());
    let o = run("killed", &["--threads", "2"], None);
    ok(&o);
    assert!(
        one == outputs(&dir.path().join("killed")),
        "resume changes bytes"
    );
    one
}

#[test]
fn morris_sweeps_give_the_same_tables_every_way() {
    let files = same_bytes_every_way(
        &morris(),
        &[
            "morris.csv",
            "morris-participation.svg",
            "morris-admin_share.zh.png",
        ],
    );
    let (header, recs) = rows(file(&files, "morris.csv"));
    assert_eq!(
        header[..9],
        [
            "outcome",
            "parameter",
            "trajectories",
            "mu",
            "mu_low",
            "mu_high",
            "mu_star",
            "mu_star_low",
            "mu_star_high"
        ]
    );
    assert_eq!(recs.len(), 2 * 3);
    let (_, runs) = rows(file(&files, "runs.csv"));
    assert_eq!(runs.len(), 6 * 4 * 2, "r (k + 1) points × replicates");
    for r in &recs {
        assert_eq!(&r[2], "6");
        let v = |i: usize| r[i].parse::<f64>().unwrap();
        assert!(
            v(7) <= v(6) && v(6) <= v(8),
            "μ* inside its interval: {r:?}"
        );
    }
    // Staff moves the administrative share more than w_social does (a lever check).
    let mu_star = |p: &str| {
        recs.iter()
            .find(|r| &r[0] == "admin_share" && &r[1] == p)
            .unwrap()[6]
            .parse::<f64>()
            .unwrap()
    };
    assert!(mu_star("committee.staff") > mu_star("participation.w_social"));
    let svg = String::from_utf8(file(&files, "morris-participation.svg").to_vec()).unwrap();
    assert!(svg.contains("Morris screening, 6 trajectories, means over 2 replicates"));
}

#[test]
fn sobol_sweeps_give_the_same_tables_every_way() {
    let files = same_bytes_every_way(
        &sobol(),
        &[
            "sobol.csv",
            "sobol_convergence.csv",
            "sobol_second_order.csv",
            "sobol-participation.png",
        ],
    );
    let (_, runs) = rows(file(&files, "runs.csv"));
    assert_eq!(
        runs.len(),
        16 * (2 * 3 + 2) * 2,
        "N (2k + 2) points × replicates"
    );
    let (header, main) = rows(file(&files, "sobol.csv"));
    assert!(header.contains(&"noise_share_means".to_string()));
    assert_eq!(main.len(), 2 * 3);
    let (_, conv) = rows(file(&files, "sobol_convergence.csv"));
    assert_eq!(
        conv.len(),
        2 * 3 * 2,
        "N/2 and N for each outcome and parameter"
    );
    assert_eq!((&conv[0][2], &conv[1][2]), ("8", "16"));
    let (_, s2) = rows(file(&files, "sobol_second_order.csv"));
    assert_eq!(s2.len(), 2 * 3, "pairs of three parameters, two outcomes");
}

#[test]
fn morris_and_sobol_keys_are_checked_before_anything_runs() {
    let (dir, _) = setup(&morris().replace("levels = 4", "levels = 3"));
    let o = cogov(
        &["sweep", "sweep.toml", "--out", "x", "-q"],
        dir.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("sweep.toml:8:10: key `design.levels`"), "{e}");
    assert!(e.contains("an even number"), "{e}");
    assert!(!dir.path().join("x").exists());
    let (dir, _) = setup(&sobol().replace("base_samples = 16", "base_samples = 900000000"));
    let o = cogov(
        &["sweep", "sweep.toml", "--out", "x", "-q"],
        dir.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("more than the limit of 10000000 runs"),
        "{}",
        text(&o.stderr)
    );
}
