//! The classroom scenario library, embedded in the binary: `scenarios/*.toml` and
//! `scenarios/classroom.list`, so that `cogov compare`, `cogov serve` and `cogov
//! scenarios` work from any folder.
//!
//! A built-in scenario is loaded by the same loader as a file (`scenario::load`); its
//! `extends` names another built-in file, and its messages name it
//! `scenarios/FILE (built in)`. A file on disk that the user names is read from disk, as
//! always. The presets of `scenarios/presets/` (a district of a million residents, a city
//! of fourteen million) are not embedded: they are for scale and performance runs, far
//! beyond what a live classroom session may hold (see `live::limits`), and they are not
//! part of the classroom comparison; they stay files to name.

use std::path::PathBuf;

use crate::scenario::load::{Embedded, load_embedded, load_str_over};
use crate::scenario::{Scenario, ScenarioError, Text};

/// The folder the files were taken from (for messages and `cogov scenarios export`).
pub const FOLDER: &str = "scenarios";

/// The name of the file that orders the library.
pub const LIST_FILE: &str = "classroom.list";

/// `scenarios/classroom.list`: the order of the library, baseline first.
pub const CLASSROOM_LIST: &str = include_str!("../scenarios/classroom.list");

/// Every built-in scenario file: (file name, text), in name order. A unit test checks that
/// this is every `*.toml` of `scenarios/`.
pub static FILES: &[(&str, &str)] = &[
    ("baseline.toml", include_str!("../scenarios/baseline.toml")),
    (
        "co_governance.toml",
        include_str!("../scenarios/co_governance.toml"),
    ),
    (
        "coordination.toml",
        include_str!("../scenarios/coordination.toml"),
    ),
    ("councils.toml", include_str!("../scenarios/councils.toml")),
    (
        "devolution.toml",
        include_str!("../scenarios/devolution.toml"),
    ),
    (
        "midway_reform.toml",
        include_str!("../scenarios/midway_reform.toml"),
    ),
    (
        "ngo_open_door.toml",
        include_str!("../scenarios/ngo_open_door.toml"),
    ),
    ("online.toml", include_str!("../scenarios/online.toml")),
    (
        "online_inclusion.toml",
        include_str!("../scenarios/online_inclusion.toml"),
    ),
    ("training.toml", include_str!("../scenarios/training.toml")),
];

/// The built-in files as the loader's embedded set.
pub fn embedded() -> Embedded<'static> {
    Embedded {
        folder: FOLDER,
        files: FILES,
    }
}

/// A built-in scenario's name: its file name without `.toml` (`devolution`).
pub fn name_of(file: &str) -> &str {
    file.strip_suffix(".toml").unwrap_or(file)
}

/// The file of a built-in scenario given by name (`devolution`), file name
/// (`devolution.toml`) or path in the source tree (`scenarios/devolution.toml`).
pub fn file_of(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix("./").unwrap_or(name);
    let name = name
        .strip_prefix(FOLDER)
        .and_then(|n| n.strip_prefix('/'))
        .unwrap_or(name);
    FILES
        .iter()
        .map(|(f, _)| *f)
        .find(|f| *f == name || name_of(f) == name)
}

/// The text of a built-in file (`classroom.list` included).
pub fn text_of(file: &str) -> Option<&'static str> {
    if file == LIST_FILE {
        return Some(CLASSROOM_LIST);
    }
    FILES.iter().find(|(f, _)| *f == file).map(|(_, t)| *t)
}

/// The name messages give a built-in file: `scenarios/devolution.toml (built in)`.
pub fn shown(file: &str) -> PathBuf {
    embedded().shown(file)
}

/// The built-in files in library order: those of `classroom.list` in its order (its
/// first is the baseline), then any others in name order.
pub fn order() -> Vec<&'static str> {
    let mut rest: Vec<&'static str> = FILES.iter().map(|(f, _)| *f).collect();
    let mut ordered = Vec::new();
    for line in CLASSROOM_LIST.lines() {
        let name = line.split('#').next().unwrap_or("").trim();
        if let Some(i) = rest.iter().position(|f| *f == name) {
            ordered.push(rest.remove(i));
        }
    }
    ordered.append(&mut rest);
    ordered
}

/// Load a built-in scenario by name or file name (see [`file_of`]).
pub fn load(name: &str) -> Result<Scenario, ScenarioError> {
    let file = file_of(name).unwrap_or(name);
    load_embedded(&embedded(), file)
}

/// Load a scenario from text that has no folder (an upload): its `extends`, if any,
/// names a built-in file. `name` is used in messages.
pub fn load_upload(text: &str, name: &str) -> Result<Scenario, ScenarioError> {
    load_str_over(text, std::path::Path::new(name), &embedded())
}

/// One scenario of the library, for lists.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    /// `devolution`.
    pub name: String,
    /// `devolution.toml`.
    pub file: String,
    pub title: Text,
    pub description: Text,
}

/// Every built-in scenario in library order, loaded (so a list shows only scenarios that
/// load).
pub fn entries() -> Result<Vec<Entry>, ScenarioError> {
    order()
        .into_iter()
        .map(|file| {
            let s = load(file)?;
            Ok(Entry {
                name: name_of(file).to_string(),
                file: file.to_string(),
                title: s.title,
                description: s.description,
            })
        })
        .collect()
}

/// Every built-in scenario in library order, as (name, scenario).
pub fn scenarios() -> Result<Vec<(String, Scenario)>, ScenarioError> {
    order()
        .into_iter()
        .map(|file| Ok((name_of(file).to_string(), load(file)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FOLDER)
    }

    #[test]
    fn every_file_of_the_scenarios_folder_is_embedded_as_it_is() {
        let mut on_disk: Vec<String> = std::fs::read_dir(source_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
        embedded.push(LIST_FILE.to_string());
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "every file of scenarios/ must be listed in library::FILES (the presets folder \
             is not embedded)"
        );
        for name in &embedded {
            let disk = std::fs::read_to_string(source_dir().join(name)).unwrap();
            assert_eq!(text_of(name), Some(disk.as_str()), "{name}");
        }
        let names: Vec<&str> = FILES.iter().map(|(f, _)| *f).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "FILES in name order");
    }

    #[test]
    fn built_in_scenarios_load_as_the_files_do() {
        for (file, _) in FILES {
            let from_disk = crate::scenario::load_file(&source_dir().join(file)).unwrap();
            assert_eq!(load(file).unwrap(), from_disk, "{file}");
        }
    }

    #[test]
    fn the_order_follows_the_classroom_list_with_the_baseline_first() {
        let order = order();
        assert_eq!(order[0], "baseline.toml");
        assert_eq!(order.len(), FILES.len());
        assert_eq!(order[1], "devolution.toml");
        let entries = entries().unwrap();
        assert_eq!(entries[1].name, "devolution");
        assert!(!entries[1].title.zh.is_empty());
    }

    #[test]
    fn names_files_and_paths_find_the_same_scenario() {
        for n in [
            "devolution",
            "devolution.toml",
            "scenarios/devolution.toml",
            "./devolution.toml",
        ] {
            assert_eq!(file_of(n), Some("devolution.toml"), "{n}");
        }
        assert_eq!(file_of("nope"), None);
    }

    #[test]
    fn messages_name_the_built_in_file() {
        let e = load("nope.toml").unwrap_err().to_string();
        assert!(
            e.contains("scenarios/nope.toml (built in)") && e.contains("baseline.toml"),
            "{e}"
        );
        let e = load_upload("extends = \"nothing.toml\"\n", "upload.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("upload.toml:1:1: key `extends`"), "{e}");
        assert!(e.contains("not a built-in scenario") && e.contains("devolution.toml"));
        let e = load_upload(
            "extends = \"devolution.toml\"\n[office]\naccess_list = 7\n",
            "upload.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("upload.toml:3:1: key `office.access_list`"),
            "{e}"
        );
        let up = load_upload("extends = \"devolution.toml\"\n", "upload.toml").unwrap();
        let mut expected = load("devolution").unwrap();
        expected.title = Text::default();
        expected.description = Text::default();
        assert_eq!(up, expected);
    }
}
