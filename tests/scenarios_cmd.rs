//! `cogov scenarios` and the built-in library, driven through the real binary: the
//! library works from any folder, an export writes the files to edit, and the exported
//! files give the same comparison as the built-in library.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use cogov::library;

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

#[test]
fn the_list_names_every_built_in_scenario_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let en = cogov(&["scenarios"], dir.path());
    assert!(en.status.success(), "{}", text(&en.stderr));
    let en = text(&en.stdout);
    let zh = text(&cogov(&["scenarios", "--lang", "zh"], dir.path()).stdout);
    let entries = library::entries().unwrap();
    assert_eq!(entries.len(), library::FILES.len());
    let mut last = 0;
    for e in &entries {
        let line = format!("{}  ", e.name);
        let at = en
            .find(&line)
            .unwrap_or_else(|| panic!("{} missing:\n{en}", e.name));
        assert!(at >= last, "library order");
        last = at;
        assert!(en.contains(&e.title.en) && en.contains(&e.description.en));
        assert!(zh.contains(&e.title.zh) && zh.contains(&e.description.zh));
    }
    assert!(en.lines().next().unwrap().starts_with("baseline "));
}

#[test]
fn export_writes_the_files_and_refuses_to_overwrite_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = cogov(&["scenarios", "export", "lib"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lib = dir.path().join("lib");
    for (file, body) in library::FILES {
        assert_eq!(fs::read_to_string(lib.join(file)).unwrap(), *body, "{file}");
    }
    assert_eq!(
        fs::read_to_string(lib.join("classroom.list")).unwrap(),
        library::CLASSROOM_LIST
    );
    assert!(!lib.join("INCOMPLETE").exists());
    assert!(lib.join(".cogov-files").exists());

    // An edited file is not overwritten unasked.
    fs::write(lib.join("devolution.toml"), "# mine\n").unwrap();
    let again = cogov(&["scenarios", "export", "lib"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        fs::read_to_string(lib.join("devolution.toml")).unwrap(),
        "# mine\n"
    );

    // --force replaces what the export wrote and keeps what the user added.
    fs::write(lib.join("notes.txt"), "keep me").unwrap();
    let forced = cogov(&["scenarios", "export", "lib", "--force"], dir.path());
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(
        fs::read_to_string(lib.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(
        fs::read_to_string(lib.join("devolution.toml"))
            .unwrap()
            .contains("[office]")
    );

    // A file of the user's with an export's name is never replaced, even with --force.
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("baseline.toml"), "# my own\n").unwrap();
    let out = cogov(&["scenarios", "export", "other", "--force"], dir.path());
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(other.join("baseline.toml")).unwrap(),
        "# my own\n"
    );
}

/// Compare with `args` in `cwd`, into `out`; the trajectories and summary.
fn compare(args: &[&str], cwd: &Path, out: &str) -> (Vec<u8>, Vec<u8>) {
    let mut all = vec!["compare", "-n", "2", "-q", "--out", out];
    all.extend_from_slice(args);
    let run = cogov(&all, cwd);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let dir = cwd.join(out);
    assert!(dir.join("report.html").exists());
    (
        fs::read(dir.join("trajectories.csv")).unwrap(),
        fs::read(dir.join("summary.csv")).unwrap(),
    )
}

#[test]
fn compare_runs_the_built_in_library_from_any_folder_and_exported_files_agree() {
    let dir = tempfile::tempdir().unwrap();
    // A scenarios/ folder in the working folder is not read: the built-in library is.
    let decoy = dir.path().join("scenarios");
    fs::create_dir(&decoy).unwrap();
    fs::write(decoy.join("baseline.toml"), "[run]\nticks = 3\n").unwrap();
    let (built_in, summary) = compare(&[], dir.path(), "built-in");
    let csv = text(&built_in);
    let mut order: Vec<&str> = Vec::new();
    for l in csv.lines().skip(1) {
        let name = l.split(',').next().unwrap();
        if !order.contains(&name) {
            order.push(name);
        }
    }
    let expected: Vec<&str> = library::order()
        .iter()
        .map(|f| library::name_of(f))
        .collect();
    assert_eq!(order, expected);
    let manifest = fs::read_to_string(dir.path().join("built-in/manifest.json")).unwrap();
    assert!(
        manifest.contains("scenarios/devolution.toml (built in)"),
        "{manifest}"
    );

    let export = cogov(&["scenarios", "export", "lib"], dir.path());
    assert!(export.status.success(), "{}", text(&export.stderr));
    let files: Vec<String> = library::order()
        .iter()
        .map(|f| format!("lib/{f}"))
        .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (exported, exported_summary) = compare(&args, dir.path(), "exported");
    assert!(
        exported == built_in,
        "the exported files give other trajectories"
    );
    assert_eq!(text(&exported_summary), text(&summary));
}

#[test]
fn baseline_names_a_built_in_scenario_or_a_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let out = cogov(&["compare", "--baseline", "nowhere.toml", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("nowhere.toml") && err.contains("devolution.toml"),
        "{err}"
    );
    assert!(!dir.path().join("results").exists());
    // A file on disk wins over the built-in scenario of the same name.
    fs::write(dir.path().join("baseline.toml"), "[run]\nticks = 3\n").unwrap();
    let out = cogov(
        &["compare", "--baseline", "baseline.toml", "-q", "-n", "1"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("different numbers of weeks") && err.contains("baseline = 3"),
        "{err}"
    );
}

#[test]
fn a_built_in_scenario_s_problem_names_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("mine.toml"),
        "extends = \"baseline.toml\"\n",
    )
    .unwrap();
    let out = cogov(&["check", "mine.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("mine.toml:1:1: key `extends`: cannot read `baseline.toml`"),
        "{err}"
    );
    assert!(
        err.contains("is a built-in scenario: `cogov scenarios export DIR`"),
        "{err}"
    );
}
