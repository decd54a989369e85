//! Tests of sweep files: loading, errors, points, runs and rows.

use std::path::Path;

use super::*;

const BASE: &str = "[run]\nticks = 6\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 100\n";

fn with_base(sweep: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), BASE).unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(&p, sweep).unwrap();
    (dir, p)
}

fn load(sweep: &str) -> Result<Sweep, String> {
    let (_d, p) = with_base(sweep);
    load_file(&p).map_err(|e| e.to_string().replace(&format!("{}", p.display()), "s.toml"))
}

const OUTCOMES: &str =
    "[[outcomes]]\nname = \"p\"\nmetric = \"participation_rate\"\nstat = \"final\"\n";

fn grid() -> String {
    format!(
        "base = \"base.toml\"\nreplicates = 2\nseed = 10\n[design]\nkind = \"grid\"\n\
         [[parameters]]\npath = \"office.access_list\"\nvalues = [0, 0.5]\n\
         [[parameters]]\npath = \"council.interval\"\nfrom = 2\nto = 8\nsteps = 4\n{OUTCOMES}"
    )
}

#[test]
fn grid_points_ids_and_seeds() {
    let s = load(&grid()).unwrap();
    assert_eq!(s.points.len(), 8);
    assert_eq!(s.runs(), 16);
    assert_eq!(s.parameters[0].kind, ValueKind::Float);
    assert_eq!(s.parameters[1].kind, ValueKind::Integer);
    // First parameter slowest; integer range rounded.
    let shown: Vec<String> = s
        .points
        .iter()
        .map(|p| format!("{} {}", p[0], p[1]))
        .collect();
    assert_eq!(
        shown,
        [
            "0.0 2", "0.0 4", "0.0 6", "0.0 8", "0.5 2", "0.5 4", "0.5 6", "0.5 8"
        ]
    );
    assert_eq!(s.locate(5), (2, 1));
    assert_eq!(s.seed_of(5), 15);
    let sc = s.scenario(5).unwrap();
    assert_eq!(sc.office.access_list, 0.5);
    assert_eq!(sc.council.interval, 4);
    assert_eq!(
        String::from_utf8(s.header()).unwrap(),
        "run_id,point,replicate,seed,office.access_list,council.interval,p,error\n"
    );
}

fn sampled(kind: &str, n: u32) -> String {
    format!(
        "base = \"base.toml\"\nseed = 3\n[design]\nkind = \"{kind}\"\nsamples = {n}\n\
         [[parameters]]\npath = \"office.access_list\"\nfrom = 0.1\nto = 0.5\n\
         [[parameters]]\npath = \"council.interval\"\nfrom = 2\nto = 12\n{OUTCOMES}"
    )
}

#[test]
fn latin_hypercube_points_are_stratified_within_range_and_reproducible() {
    let s = load(&sampled("latin_hypercube", 20)).unwrap();
    assert_eq!(s.points.len(), 20);
    let mut strata = vec![0; 20];
    for p in &s.points {
        let x = p[0].as_float().unwrap();
        assert!((0.1..=0.5).contains(&x));
        strata[((x - 0.1) / 0.4 * 20.0).floor() as usize] += 1;
        let k = p[1].as_integer().unwrap();
        assert!((2..=12).contains(&k));
    }
    assert!(strata.iter().all(|&c| c == 1), "{strata:?}");
    assert_eq!(
        load(&sampled("latin_hypercube", 20)).unwrap().points,
        s.points
    );
    let r = load(&sampled("random", 50)).unwrap();
    assert!(
        r.points
            .iter()
            .all(|p| (0.1..0.5).contains(&p[0].as_float().unwrap()))
    );
    assert_ne!(r.points[..20], s.points[..]);
}

#[test]
fn errors_name_file_line_column_and_key() {
    let e = load(&grid().replace("replicates = 2", "replicats = 2")).unwrap_err();
    assert!(
        e.starts_with("s.toml:2:1: key `replicats`: unknown key; valid keys here are `base`"),
        "{e}"
    );
    assert!(e.ends_with("(did you mean `replicates`?)"), "{e}");
    let e = load(&grid().replace("replicates = 2", "replicates = \"two\"")).unwrap_err();
    assert!(
        e.starts_with("s.toml:2:14: key `replicates`: wrong type"),
        "{e}"
    );
    let e = load(&grid().replace("office.access_list", "office.acces_list")).unwrap_err();
    assert!(
        e.starts_with("s.toml:7:8: key `parameters[0].path`: no parameter `office.acces_list`"),
        "{e}"
    );
    assert!(e.contains("did you mean `office.access_list`"), "{e}");
    let e = load(&grid().replace("[0, 0.5]", "[0, 1.5]")).unwrap_err();
    assert!(e.starts_with("s.toml:6:1: key `parameters[0]`: point 4 (office.access_list = 1.5, council.interval = 2) gives an invalid scenario: key `office.access_list`: 1.5 is out of range"), "{e}");
    let e = load(&grid().replace("participation_rate", "participation")).unwrap_err();
    assert!(
        e.contains("key `outcomes[0].metric`: unknown metric `participation`"),
        "{e}"
    );
    let e = load(&grid().replace("\"grid\"", "\"lhs\"")).unwrap_err();
    assert!(
        e.starts_with("s.toml:5:8: key `design.kind`: unknown value \"lhs\""),
        "{e}"
    );
    let e = load(&sampled("random", 5).replace("samples = 5\n", "")).unwrap_err();
    assert!(e.contains("key `design.samples`: missing"), "{e}");
    let e = load(&grid().replace("base.toml", "nope.toml")).unwrap_err();
    assert!(
        e.starts_with("s.toml:1:8: key `base`: cannot read the base scenario"),
        "{e}"
    );
    let e = load(&grid().replace("stat = \"final\"", "stat = \"first_crossing\"")).unwrap_err();
    assert!(e.contains("key `outcomes[0].level`: missing"), "{e}");
    let e = load(&grid().replace("council.interval", "run.seed")).unwrap_err();
    assert!(e.contains("cannot be varied"), "{e}");
}

#[test]
fn runs_give_rows_and_failures_are_rows_too() {
    let s = load(&grid()).unwrap();
    let out = s.run(3);
    assert!(out.result.is_ok());
    let row = String::from_utf8(s.row(&out)).unwrap();
    assert!(row.starts_with("3,1,1,13,0,4,"), "{row}");
    assert!(row.ends_with(",\n"), "{row}");
    assert_eq!(
        journal::parse_line(row.as_bytes(), s.columns().len(), s.runs()),
        Some(3)
    );
    // The same run gives the same row.
    assert_eq!(s.row(&s.run(3)), row.as_bytes());
    // An injected failure, and a panic, are rows with the error.
    let failed = s.run_with(4, |_, _| Err("injected,\nfailure".into()));
    let row = String::from_utf8(s.row(&failed)).unwrap();
    assert_eq!(row, "4,2,0,14,0,6,,\"injected,; failure\"\n");
    assert!(journal::is_failure(row.as_bytes()));
    let panicked = s.run_with(5, |_, _| panic!("boom"));
    assert_eq!(panicked.result.unwrap_err(), "the run panicked: boom");
}

#[test]
fn table_values_in_a_grid() {
    let text = format!(
        "base = \"base.toml\"\n[design]\nkind = \"grid\"\n[[parameters]]\npath = \"office.split\"\n\
         values = [{{ own_programs = 0.5, devolved = 0.4, ngo_procurement = 0.05, training = 0.05 }}]\n{OUTCOMES}"
    );
    let s = load(&text).unwrap();
    assert_eq!(s.parameters[0].kind, ValueKind::Other);
    assert_eq!(s.scenario(0).unwrap().office.split.devolved, 0.4);
    let row = String::from_utf8(s.header()).unwrap();
    assert!(row.contains("office.split"));
    let _ = Path::new("x");
}

#[test]
fn too_many_runs_are_refused_before_anything_is_built() {
    let text = format!(
        "base = \"base.toml\"\nreplicates = 10\n[design]\nkind = \"grid\"\n\
         [[parameters]]\npath = \"office.access_list\"\nfrom = 0\nto = 1\nsteps = 2000\n\
         [[parameters]]\npath = \"committee.skill\"\nfrom = 0\nto = 1\nsteps = 1000\n{OUTCOMES}"
    );
    let e = load(&text).unwrap_err();
    assert!(
        e.contains(
            "the grid has 2000 × 1000 points × 10 replicates, more than the limit of 10000000 runs"
        ),
        "{e}"
    );
}

#[test]
fn huge_steps_are_refused_by_arithmetic_before_any_value_is_made() {
    // 4294967295 values would abort on allocation; the check multiplies first.
    let text = grid().replace("steps = 4", "steps = 4294967295");
    let e = load(&text).unwrap_err();
    assert!(
        e.contains("key `parameters`: the grid has 2 × 4294967295 points × 2 replicates, more than the limit of 10000000 runs"),
        "{e}"
    );
    let text = grid().replace("values = [0, 0.5]", "from = 0\nto = 1\nsteps = 4294967295");
    let e = load(&text).unwrap_err();
    assert!(e.contains("the grid has 4294967295 × 4 points"), "{e}");
}

#[test]
fn keys_that_do_not_apply_to_a_stat_are_errors_where_written() {
    let e = load(&format!("{}level = 0.3\nfrom = 3\n", grid())).unwrap_err();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 2, "{e}");
    assert!(
        lines
            .iter()
            .any(|l| l
                .ends_with("key `outcomes[0].from`: `from` does not apply to stat = \"final\"")),
        "{e}"
    );
    assert!(
        lines.iter().any(|l| l.contains("`level` does not apply")),
        "{e}"
    );
    let mean = grid().replace(
        "stat = \"final\"",
        "stat = \"mean\"\nfrom = 1\ndirection = \"up\"",
    );
    let e = load(&mean).unwrap_err();
    assert!(
        e.contains("key `outcomes[0].direction`: `direction` does not apply to stat = \"mean\""),
        "{e}"
    );
    let crossing = grid().replace(
        "stat = \"final\"",
        "stat = \"first_crossing\"\nlevel = 0.1\nto = 4",
    );
    let e = load(&crossing).unwrap_err();
    assert!(
        e.contains("`to` does not apply to stat = \"first_crossing\""),
        "{e}"
    );
}
