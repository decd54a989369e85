//! Loading scenario files: TOML with `extends`, deep merge, spans, and error messages
//! that name file, line, column and key.
//!
//! Pipeline: each file is parsed with `toml_edit` (which keeps spans); while converting
//! it to a [`toml::Table`] we record, for every dotted key path (`office.split.devolved`,
//! `interventions[0].tick`), the [`Location`] where that key was written. A top-level
//! `extends = "other.toml"` loads the other file first (recursively, relative to the
//! extending file) and the child is deep-merged over it: tables merge key by key, arrays
//! (including `interventions`) and scalars replace. The merged table is deserialised into
//! [`Scenario`] through `serde_path_to_error`, so every error has a dotted path, which is
//! looked up in the location map (the longest written prefix if the key itself was not
//! written). If deserialisation fails, the offending value is replaced by its default
//! (or removed) and deserialisation is retried, so that all problems are reported at
//! once. Finally [`validate`](super::validate::validate) checks ranges and combinations.
//!
//! Every problem is one line:
//! `FILE:LINE:COL: key `dotted.key`: what is wrong; what would be valid (did you mean `x`?)`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Scenario;
use super::deserialize::{describe_value, deserialize_scenario};
use super::table::{deep_merge, to_table};
use crate::diagnostics::{
    FileKind, LineIndex, control_character, decode, read_bounded, syntax_message,
};
pub use crate::diagnostics::{Location, Problem, ScenarioError};
use crate::dotted::join;

/// Load a scenario file, following `extends`, and validate it.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let bytes = read_bounded(path).map_err(|source| ScenarioError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text =
        decode(&bytes, path, FileKind::Scenario).map_err(|p| ScenarioError::Invalid(vec![p]))?;
    load_str(&text, path)
}

/// Load a scenario from text; `name` is used in messages and relative `extends` paths are
/// resolved from its parent directory.
pub fn load_str(text: &str, name: &Path) -> Result<Scenario, ScenarioError> {
    load_text(text, name, None)
}

/// Scenario files held in memory (the built-in library, `crate::library`): `extends` in a
/// scenario loaded through them names another file of the set by its file name, and
/// messages name each file `FOLDER/FILE (built in)`.
#[derive(Clone, Copy, Debug)]
pub struct Embedded<'a> {
    /// The folder the files were taken from, for messages (`scenarios`).
    pub folder: &'a str,
    /// (file name, text) of every file, e.g. `("baseline.toml", "...")`.
    pub files: &'a [(&'a str, &'a str)],
}

impl Embedded<'_> {
    /// The name shown in messages for one of the files.
    pub fn shown(&self, file: &str) -> PathBuf {
        PathBuf::from(format!("{}/{file} (built in)", self.folder))
    }

    fn text(&self, file: &str) -> Option<&str> {
        let file = file.strip_prefix("./").unwrap_or(file);
        self.files.iter().find(|(f, _)| *f == file).map(|(_, t)| *t)
    }

    fn names(&self) -> Vec<String> {
        self.files.iter().map(|(f, _)| f.to_string()).collect()
    }
}

/// Load one file of an embedded set, following `extends` within the set.
pub fn load_embedded(set: &Embedded, file: &str) -> Result<Scenario, ScenarioError> {
    let shown = set.shown(file);
    let Some(text) = set.text(file) else {
        return Err(ScenarioError::one(Problem {
            location: Location::whole_file(&shown),
            key: None,
            message: format!(
                "there is no built-in scenario `{file}`; valid: {}",
                set.names().join(", ")
            ),
        }));
    };
    load_text(text, &shown, Some(set))
}

/// Load a scenario from text that has no folder (an upload), whose `extends` names a
/// file of the embedded set; `name` is used in messages.
pub fn load_str_over(text: &str, name: &Path, set: &Embedded) -> Result<Scenario, ScenarioError> {
    load_text(text, name, Some(set))
}

fn load_text(text: &str, name: &Path, set: Option<&Embedded>) -> Result<Scenario, ScenarioError> {
    let mut chain = vec![(canonical(name), name.to_path_buf())];
    load_layer(text, name, set, &mut chain)
        .map_err(ScenarioError::Invalid)
        .and_then(|layer| finish(layer.table, &layer.locations, name))
        .map_err(|e| through_extends(e, name))
}

/// Problems found in a file that the scenario extends say so, since the user named
/// another file.
fn through_extends(e: ScenarioError, root: &Path) -> ScenarioError {
    match e {
        ScenarioError::Invalid(mut problems) => {
            for p in &mut problems {
                if p.location.file != root {
                    p.message
                        .push_str(&format!(" (in a file that {} extends)", root.display()));
                }
            }
            ScenarioError::Invalid(problems)
        }
        e => e,
    }
}

impl Scenario {
    /// Merge a partial scenario table over this scenario (tables key by key, arrays and
    /// scalars replace), then validate the result.
    ///
    /// This is what the model does when an intervention takes effect. The result is
    /// checked like a loaded scenario (types, ranges, combinations, interventions' ticks
    /// and keys), except that the interventions are not re-applied one by one over the
    /// result: that was checked when the scenario was loaded, and re-merging earlier
    /// interventions over an already-changed scenario would be meaningless. Problems are
    /// reported with the file `<overlay>`, without line numbers.
    pub fn with_overlay(&self, overlay: &toml::Table) -> Result<Scenario, ScenarioError> {
        let name = Path::new("<overlay>");
        let mut table = to_table(self).map_err(|e| {
            ScenarioError::Invalid(vec![Problem {
                location: Location::whole_file(name),
                key: None,
                message: e,
            }])
        })?;
        deep_merge(&mut table, overlay);
        let locations = HashMap::new();
        let scenario = deserialize_scenario(table, false)
            .map_err(|errs| ScenarioError::Invalid(to_problems(errs, &locations, name)))?;
        super::validate::validate_without_replay(&scenario)
            .map_err(|errs| ScenarioError::Invalid(to_problems(errs, &locations, name)))?;
        Ok(scenario)
    }

    /// A stable content hash of the resolved scenario: 64-bit FNV-1a (offset basis
    /// 0xcbf29ce484222325, prime 0x100000001b3) over the UTF-8 bytes of
    /// [`resolved_toml`](super::render::resolved_toml), as 16 lower-case hex digits.
    /// Two scenarios with the same parameters have the same hash whatever files they came
    /// from; any change of any parameter changes the text and so (almost surely) the hash.
    pub fn hash_hex(&self) -> String {
        format!(
            "{:016x}",
            fnv1a64(super::render::resolved_toml(self).as_bytes())
        )
    }
}

/// 64-bit FNV-1a.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

// ---------------------------------------------------------------------------------------
// Files, text and positions

/// Where each dotted key path was written.
type Locations = HashMap<String, Location>;

/// A parsed file, with its parents merged in.
struct Layer {
    table: toml::Table,
    locations: Locations,
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Parse one file into a table and the locations of its keys.
fn parse_document(text: &str, file: &Path) -> Result<(toml::Table, Locations), Problem> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.location(text, file, offset);
    if let Some(problem) = control_character(text, file, FileKind::Scenario) {
        return Err(problem);
    }
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Problem {
            location: at(span.start),
            key: None,
            message: syntax_message(e.message(), span, text),
        }
    })?;
    let mut conv = Converter {
        locations: HashMap::new(),
        at: &at,
    };
    let table = conv.table(doc.as_table(), "");
    Ok((table, conv.locations))
}

struct Converter<'a> {
    locations: Locations,
    at: &'a dyn Fn(usize) -> Location,
}

impl Converter<'_> {
    fn record(&mut self, path: &str, span: Option<std::ops::Range<usize>>) {
        if let Some(span) = span {
            let loc = (self.at)(span.start);
            self.locations.entry(path.to_string()).or_insert(loc);
        }
    }

    fn table(&mut self, t: &dyn toml_edit::TableLike, prefix: &str) -> toml::Table {
        let mut out = toml::Table::new();
        for (k, item) in t.iter() {
            let path = join(prefix, k);
            let span = t.key(k).and_then(|key| key.span()).or_else(|| item.span());
            self.record(&path, span);
            if let Some(v) = self.item(item, &path) {
                out.insert(k.to_string(), v);
            }
        }
        out
    }

    fn item(&mut self, item: &toml_edit::Item, path: &str) -> Option<toml::Value> {
        match item {
            toml_edit::Item::None => None,
            toml_edit::Item::Value(v) => Some(self.value(v, path)),
            toml_edit::Item::Table(t) => Some(toml::Value::Table(self.table(t, path))),
            toml_edit::Item::ArrayOfTables(a) => Some(toml::Value::Array(
                a.iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let p = format!("{path}[{i}]");
                        self.record(&p, t.span());
                        toml::Value::Table(self.table(t, &p))
                    })
                    .collect(),
            )),
        }
    }

    fn value(&mut self, v: &toml_edit::Value, path: &str) -> toml::Value {
        use toml_edit::Value as V;
        match v {
            V::String(s) => toml::Value::String(s.value().clone()),
            V::Integer(i) => toml::Value::Integer(*i.value()),
            V::Float(f) => toml::Value::Float(*f.value()),
            V::Boolean(b) => toml::Value::Boolean(*b.value()),
            V::Datetime(d) => toml::Value::Datetime(*d.value()),
            V::Array(a) => toml::Value::Array(
                a.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let p = format!("{path}[{i}]");
                        self.record(&p, v.span());
                        self.value(v, &p)
                    })
                    .collect(),
            ),
            V::InlineTable(t) => toml::Value::Table(self.table(t, path)),
        }
    }
}

/// Parse a file and, if it `extends` another, load that first and merge this one over it.
/// `chain` holds the (canonical, as-named) paths of the files being loaded, outermost
/// first, to detect cycles.
fn load_layer(
    text: &str,
    file: &Path,
    set: Option<&Embedded>,
    chain: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<Layer, Vec<Problem>> {
    let (mut table, mut locations) = parse_document(text, file).map_err(|p| vec![p])?;
    let Some(extends) = table.remove("extends") else {
        return Ok(Layer { table, locations });
    };
    let here = locations
        .remove("extends")
        .unwrap_or_else(|| Location::whole_file(file));
    let problem = |message: String| {
        vec![Problem {
            location: here.clone(),
            key: Some("extends".into()),
            message,
        }]
    };
    let toml::Value::String(target) = extends else {
        return Err(problem(format!(
            "wrong type: found {}; expected a string naming another scenario file, e.g. \
             extends = \"baseline.toml\"",
            describe_value(&extends)
        )));
    };
    let (parent_file, parent_text) = match set {
        Some(set) => match set.text(&target) {
            Some(text) => (set.shown(&target), text.to_string()),
            None => {
                return Err(problem(format!(
                    "`{target}` is not a built-in scenario; a built-in or uploaded scenario can \
                     extend only a built-in one: {}",
                    set.names().join(", ")
                )));
            }
        },
        None => read_parent(file, &target).map_err(|e| match e {
            Ok(message) => problem(message),
            Err(p) => vec![p],
        })?,
    };
    let canon = canonical(&parent_file);
    if let Some(i) = chain.iter().position(|(c, _)| *c == canon) {
        let mut names: Vec<String> = chain[i..]
            .iter()
            .map(|(_, shown)| shown.display().to_string())
            .collect();
        names.push(parent_file.display().to_string());
        return Err(problem(format!(
            "`extends` cycle: {}; a scenario cannot extend itself, directly or through others",
            names.join(" -> ")
        )));
    }
    if chain.len() >= 64 {
        return Err(problem(
            "`extends` chain deeper than 64 files; valid: at most 64 levels".into(),
        ));
    }
    chain.push((canon, parent_file.clone()));
    let parent = load_layer(&parent_text, &parent_file, set, chain);
    chain.pop();
    let parent = parent?;

    let child_locations = locations;
    let mut merged = parent.table;
    // A title and description belong to the file that states them: a scenario that
    // extends the baseline and forgets its own title must not be shown as the baseline.
    merged.remove("title");
    merged.remove("description");
    deep_merge(&mut merged, &table);
    locations = HashMap::new();
    for_each_path(&merged, "", &mut |path| {
        if let Some(loc) = child_locations
            .get(path)
            .or_else(|| parent.locations.get(path))
        {
            locations.insert(path.to_string(), loc.clone());
        }
    });
    Ok(Layer {
        table: merged,
        locations,
    })
}

/// Read and decode the file `target` names, relative to the extending file's folder: the
/// file's name and text, or the message of a problem at the `extends` key (`Ok`) or in
/// the parent file itself (`Err`).
fn read_parent(file: &Path, target: &str) -> Result<(PathBuf, String), Result<String, Problem>> {
    let parent_file = file.parent().unwrap_or(Path::new("")).join(target);
    let bytes = read_bounded(&parent_file).map_err(|e| {
        let built_in = match crate::library::file_of(target) {
            Some(f) => format!(
                " (`{f}` is a built-in scenario: `cogov scenarios export DIR` writes it to a \
                 folder, to put beside this file)"
            ),
            None => String::new(),
        };
        Ok(format!(
            "cannot read `{target}` (looked for {}): {e}; the path is relative to the \
             directory of the extending file{built_in}",
            parent_file.display()
        ))
    })?;
    let text = decode(&bytes, &parent_file, FileKind::Scenario).map_err(Err)?;
    Ok((parent_file, text))
}

fn for_each_path(table: &toml::Table, prefix: &str, f: &mut dyn FnMut(&str)) {
    for (k, v) in table {
        let path = join(prefix, k);
        f(&path);
        value_paths(v, &path, f);
    }
}

fn value_paths(v: &toml::Value, path: &str, f: &mut dyn FnMut(&str)) {
    match v {
        toml::Value::Table(t) => for_each_path(t, path, f),
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                f(&p);
                value_paths(v, &p, f);
            }
        }
        _ => {}
    }
}

/// Deserialise and validate a merged table.
fn finish(
    table: toml::Table,
    locations: &Locations,
    root: &Path,
) -> Result<Scenario, ScenarioError> {
    let scenario = deserialize_scenario(table, true)
        .map_err(|errs| ScenarioError::Invalid(to_problems(errs, locations, root)))?;
    super::validate::validate(&scenario)
        .map_err(|errs| ScenarioError::Invalid(to_problems(errs, locations, root)))?;
    Ok(scenario)
}

/// Turn (dotted path, message) pairs into problems with locations, sorted by file
/// position (problems without a line last), without duplicates.
fn to_problems(errs: Vec<(String, String)>, locations: &Locations, root: &Path) -> Vec<Problem> {
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    for (order, (path, message)) in errs.into_iter().enumerate() {
        let location = locate(locations, &path).unwrap_or_else(|| Location::whole_file(root));
        let problem = Problem {
            location,
            key: (!path.is_empty()).then_some(path),
            message,
        };
        if !problems.iter().any(|(_, p)| *p == problem) {
            problems.push((order, problem));
        }
    }
    problems.sort_by(|(oa, a), (ob, b)| {
        let key = |p: &Problem, o: usize| {
            (
                p.location.line == 0,
                p.location.file.clone(),
                p.location.line,
                p.location.column,
                o,
            )
        };
        key(a, *oa).cmp(&key(b, *ob))
    });
    problems.into_iter().map(|(_, p)| p).collect()
}

/// The location of a path, or of its longest prefix that was written.
fn locate(locations: &Locations, path: &str) -> Option<Location> {
    let mut p = path;
    loop {
        if let Some(loc) = locations.get(p) {
            return Some(loc.clone());
        }
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Distribution, NetworkKind};
    use std::io::Write;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn err_of(text: &str) -> String {
        load_str(text, Path::new("s.toml")).unwrap_err().to_string()
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(
            load_str("", Path::new("e.toml")).unwrap(),
            Scenario::default()
        );
        assert_eq!(
            load_str("# nothing\n\n", Path::new("e.toml")).unwrap(),
            Scenario::default()
        );
    }

    #[test]
    fn partial_file_changes_only_what_it_says() {
        let s = load_str(
            "[office]\naccess_list = 0.3\n[network]\nkind = \"erdos_renyi\"\n",
            Path::new("p.toml"),
        )
        .unwrap();
        let mut d = Scenario::default();
        d.office.access_list = 0.3;
        d.network.kind = NetworkKind::ErdosRenyi;
        assert_eq!(s, d);
    }

    #[test]
    fn integers_are_accepted_for_numbers() {
        let s = load_str("[committee]\nhours_per_staff = 35\n", Path::new("i.toml")).unwrap();
        assert_eq!(s.committee.hours_per_staff, 35.0);
    }

    #[test]
    fn extends_two_levels_with_nested_override() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "base.toml",
            "[office.split]\nown_programs = 0.5\ndevolved = 0.3\nngo_procurement = 0.1\ntraining = 0.1\n[committee]\nstaff = 9\n",
        );
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write(
            dir.path(),
            "sub/mid.toml",
            "extends = \"../base.toml\"\n[office.split]\nown_programs = 0.4\ndevolved = 0.4\n[run]\nticks = 52\n",
        );
        let child = write(
            dir.path(),
            "sub/child.toml",
            "extends = \"mid.toml\"\n[committee]\nskill = 0.6\n",
        );
        let s = load_file(&child).unwrap();
        assert_eq!(s.committee.staff, 9);
        assert_eq!(s.committee.skill, 0.6);
        assert_eq!(s.run.ticks, 52);
        assert_eq!(s.office.split.own_programs, 0.4);
        assert_eq!(s.office.split.devolved, 0.4);
        assert_eq!(s.office.split.ngo_procurement, 0.1);
        assert_eq!(s.office.split.training, 0.1);
    }

    #[test]
    fn extends_error_points_into_the_parent_file() {
        let dir = tempfile::tempdir().unwrap();
        let base = write(dir.path(), "base.toml", "[committee]\n\nskill = 1.5\n");
        let child = write(dir.path(), "child.toml", "extends = \"base.toml\"\n");
        let e = load_file(&child).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}:3:1: key `committee.skill`: 1.5 is out of range; valid range is [0, 1] \
                 (in a file that {} extends)",
                base.display(),
                child.display()
            )
        );
        assert_eq!(e.problems()[0].location.file, base);
    }

    #[test]
    fn extends_arrays_replace() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "base.toml",
            "[[interventions]]\ntick = 10\nset.office.access_list = 0.1\n[[interventions]]\ntick = 20\nset.office.access_list = 0.2\n",
        );
        let child = write(
            dir.path(),
            "child.toml",
            "extends = \"base.toml\"\n[[interventions]]\ntick = 30\nset.office.access_list = 0.3\n",
        );
        let s = load_file(&child).unwrap();
        assert_eq!(s.interventions.len(), 1);
        assert_eq!(s.interventions[0].tick, 30);
    }

    #[test]
    fn extends_cycle_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
        let b = write(dir.path(), "b.toml", "# b\nextends = \"a.toml\"\n");
        let e = load_file(&a).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}:2:1: key `extends`: `extends` cycle: {} -> {} -> {}; a scenario cannot \
                 extend itself, directly or through others (in a file that {} extends)",
                b.display(),
                a.display(),
                b.display(),
                dir.path().join("a.toml").display(),
                a.display()
            )
        );
        let selfish = write(dir.path(), "self.toml", "extends = \"self.toml\"\n");
        let e = load_file(&selfish).unwrap_err().to_string();
        assert!(e.contains("`extends` cycle"), "{e}");
    }

    #[test]
    fn extends_missing_file_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let child = write(dir.path(), "child.toml", "[run]\nticks = 5\n\n");
        // `extends` must be top-level, so put it first in another file.
        let child2 = write(
            dir.path(),
            "child2.toml",
            "# comment\n  extends = \"nope.toml\"\n",
        );
        assert!(load_file(&child).is_ok());
        let e = load_file(&child2).unwrap_err().to_string();
        let prefix = format!(
            "{}:2:3: key `extends`: cannot read `nope.toml` (looked for {}): ",
            child2.display(),
            dir.path().join("nope.toml").display()
        );
        assert!(e.starts_with(&prefix), "{e}");
        assert!(e.ends_with("the path is relative to the directory of the extending file"));
    }

    #[test]
    fn extends_of_wrong_type() {
        assert_eq!(
            err_of("extends = 3\n"),
            "s.toml:1:1: key `extends`: wrong type: found a whole number (3); expected a \
             string naming another scenario file, e.g. extends = \"baseline.toml\""
        );
    }

    #[test]
    fn missing_root_file() {
        let e = load_file(Path::new("/nonexistent/dir/x.toml")).unwrap_err();
        assert!(matches!(e, ScenarioError::Read { .. }));
        assert!(
            e.to_string()
                .starts_with("/nonexistent/dir/x.toml: cannot read scenario file: ")
        );
    }

    #[test]
    fn unknown_top_level_table_suggests() {
        assert_eq!(
            err_of("[offce]\nx = 1\n"),
            "s.toml:1:2: key `offce`: unknown key; valid keys here are `title`, `description`, \
             `run`, `population`, `network`, `participation`, `online`, `issues`, `committee`, \
             `office`, `ngo`, `council`, `training`, `coordination`, `trust`, `satisfaction`, \
             `interventions` and `extends` (did you mean `office`?)"
        );
    }

    #[test]
    fn unknown_nested_key_suggests() {
        assert_eq!(
            err_of("[office]\nbudget_per_community = 100.0\n  splt = 1\n"),
            "s.toml:3:3: key `office.splt`: unknown key; valid keys here are \
             `budget_per_community`, `split`, `admin_hours_per_1000_yuan`, `access_list`, \
             `escalation_capacity`, `escalation_delay`, `reaction`, `reaction_strength`, \
             `trouble_tolerance`, `max_pressure`, `pressure_memory`, `supervision_per_pressure` \
             and `max_relief` (did you mean `split`?)"
        );
        // No suggestion when nothing is close.
        let e = err_of("[office]\nzzzzzzzzzz = 1\n");
        assert!(!e.contains("did you mean"), "{e}");
        // Misspelt `extends`.
        let e = err_of("extend = \"x.toml\"\n");
        assert!(e.ends_with("(did you mean `extends`?)"), "{e}");
    }

    #[test]
    fn unknown_key_in_distribution() {
        let e = err_of(
            "[population]\nthreshold = { distribution = \"normal\", mean = 0.4, sdd = 0.1 }\n",
        );
        assert_eq!(
            e,
            "s.toml:2:52: key `population.threshold.sdd`: unknown key; valid keys here are \
             `distribution`, `mean` and `sd` (did you mean `sd`?)"
        );
    }

    #[test]
    fn unknown_enum_value_suggests() {
        assert_eq!(
            err_of("[network]\nkind = \"smallworld\"\n"),
            "s.toml:2:1: key `network.kind`: unknown value \"smallworld\"; valid values are \
             \"small_world\", \"erdos_renyi\", \"complete\", \"none\" (did you mean `small_world`?)"
        );
        let e = err_of("population.threshold = { distribution = \"gauss\", mean = 0.4, sd = 0.1 }");
        assert!(
            e.starts_with(
                "s.toml:1:26: key `population.threshold.distribution`: unknown value \"gauss\""
            ),
            "{e}"
        );
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            err_of("[office]\nbudget_per_community = \"lots\"\n"),
            "s.toml:2:1: key `office.budget_per_community`: wrong type: found a string \
             (\"lots\"); expected a number"
        );
        assert_eq!(
            err_of("[run]\nticks = 1.5\n"),
            "s.toml:2:1: key `run.ticks`: wrong type: found a number (1.5); expected a whole number"
        );
        assert_eq!(
            err_of("[participation]\nenabled = 1\n"),
            "s.toml:2:1: key `participation.enabled`: wrong type: found a whole number (1); \
             expected true or false"
        );
        assert_eq!(
            err_of("[network]\nkind = 3\n"),
            "s.toml:2:1: key `network.kind`: wrong type: found a whole number (3); expected one \
             of \"small_world\", \"erdos_renyi\", \"complete\" or \"none\""
        );
        let e = err_of("office = 3\n");
        assert!(e.starts_with("s.toml:1:1: key `office`: wrong type: found a whole number (3); expected a table with keys `budget_per_community`, `split`"), "{e}");
        let e = err_of("[population]\nthreshold = 0.5\n");
        assert!(e.ends_with("expected a distribution table such as { distribution = \"normal\", mean = 0.5, sd = 0.1 }"), "{e}");
        let e =
            err_of("[population.threshold]\ndistribution = \"normal\"\nmean = \"x\"\nsd = 0.1\n");
        assert_eq!(
            e,
            "s.toml:3:1: key `population.threshold.mean`: wrong type: found a string (\"x\"); expected a number"
        );
        let e = err_of("interventions = 3\n");
        assert!(e.contains("expected an array of tables"), "{e}");
        let e = err_of("[run]\nseed = 1979-05-27\n");
        assert!(e.contains("found a date-time (1979-05-27)"), "{e}");
    }

    #[test]
    fn huge_and_negative_integers() {
        assert_eq!(
            err_of("[run]\nticks = 5000000000\n"),
            "s.toml:2:1: key `run.ticks`: 5000000000 is out of range; expected a whole number \
             from 0 to 4294967295 (valid range is [1, 100000])"
        );
        let e = err_of("[committee]\nstaff = -1\n");
        assert!(
            e.contains("key `committee.staff`: -1 is out of range"),
            "{e}"
        );
        let e = err_of("[run]\nseed = 99999999999999999999\n");
        assert!(e.starts_with("s.toml:2:8: TOML syntax error: "), "{e}");
    }

    #[test]
    fn nan_and_inf_are_errors() {
        assert_eq!(
            err_of("[committee]\nskill = nan\n"),
            "s.toml:2:1: key `committee.skill`: nan is not a finite number; valid range is [0, 1]"
        );
        assert_eq!(
            err_of("[office]\nbudget_per_community = inf\n"),
            "s.toml:2:1: key `office.budget_per_community`: inf is not a finite number; valid \
             range is [0, 1000000000]"
        );
        let e = err_of(
            "[population]\nthreshold = { distribution = \"normal\", mean = -inf, sd = 0.1 }\n",
        );
        assert!(e.contains("key `population.threshold.mean`"), "{e}");
        let e = err_of("[population.age_shares]\nyoung = nan\nmiddle = 0.5\nelderly = 0.5\n");
        assert!(
            e.starts_with(
                "s.toml:2:1: key `population.age_shares.young`: nan is not a finite number"
            ),
            "{e}"
        );
    }

    #[test]
    fn out_of_range() {
        assert_eq!(
            err_of("[population]\nstreets = 0\n"),
            "s.toml:2:1: key `population.streets`: 0 is out of range; valid range is >= 1"
        );
    }

    #[test]
    fn shares_must_sum_to_one() {
        assert_eq!(
            err_of("[population.age_shares]\nyoung = 0.5\nmiddle = 0.38\nelderly = 0.27\n"),
            "s.toml:1:13: key `population.age_shares`: the shares sum to 1.15 (young 0.5 + \
             middle 0.38 + elderly 0.27); they must sum to 1 (within 1e-6)"
        );
        let e = err_of(
            "[office.split]\nown_programs = 0.8\ndevolved = 0.8\nngo_procurement = 0\ntraining = 0\n",
        );
        assert!(
            e.starts_with("s.toml:1:9: key `office.split`: the shares sum to 1.6"),
            "{e}"
        );
        let e = err_of(
            "[issues.categories.parking]\nshare = 0.2\nhours = 6.0\nmoney = 1500.0\ncollective = true\nneeds_authority = true\npaperwork = false\n",
        );
        assert!(
            e.starts_with("s.toml:1:9: key `issues.categories`: the category shares sum to 1.1"),
            "{e}"
        );
    }

    #[test]
    fn missing_required_key_points_at_the_table() {
        assert_eq!(
            err_of("\n[office.split]\ndevolved = 0.5\n"),
            "s.toml:2:9: key `office.split`: missing keys `own_programs`, `ngo_procurement` and \
             `training`; this table must set all of `own_programs`, `devolved`, `ngo_procurement` and `training` (defaults: \
             own_programs = 0.8, devolved = 0.1, ngo_procurement = 0.05, training = 0.05)"
        );
        let e = err_of("[population]\nthreshold = { distribution = \"uniform\", low = 0.1 }\n");
        assert_eq!(
            e,
            "s.toml:2:1: key `population.threshold`: missing key `high`; a uniform distribution \
             needs `low` and `high`"
        );
        let e = err_of("[[interventions]]\nset.office.access_list = 0.2\n");
        assert!(e.starts_with("s.toml:1:1: key `interventions[0]`: missing key `tick`; this table must set all of `tick` and `set`"), "{e}");
    }

    #[test]
    fn several_problems_are_all_reported() {
        let e = load_str(
            "[offce]\nx = 1\n[committee]\nskil = 0.5\nstaff = \"six\"\n[run]\nticks = 0\n",
            Path::new("m.toml"),
        )
        .unwrap_err();
        let lines: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(lines[0].starts_with("m.toml:1:2: key `offce`"));
        assert!(lines[1].starts_with("m.toml:4:1: key `committee.skil`"));
        assert!(lines[2].starts_with("m.toml:5:1: key `committee.staff`: wrong type"));
        // Validation problems (once deserialisation succeeds) are all reported too.
        let e = load_str(
            "[run]\nticks = 0\n[committee]\nskill = 2\n[council]\nquorum = -1\n",
            Path::new("m.toml"),
        )
        .unwrap_err();
        assert_eq!(e.problems().len(), 3, "{e}");
        assert_eq!(e.to_string().lines().count(), 3);
    }

    #[test]
    fn syntax_errors_have_position() {
        let e = err_of("[run]\nticks = \n");
        assert!(e.starts_with("s.toml:2:9: TOML syntax error: "), "{e}");
        let e = err_of("[run]\nticks = 3\n[run]\nseed = 2\n");
        assert_eq!(
            e,
            "s.toml:3:2: TOML syntax error: duplicate key `run`; each key may be set only once"
        );
    }

    #[test]
    fn non_utf8_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        let mut f = std::fs::File::create(&p).unwrap();
        f.write_all(b"[run]\nticks = 5 # \xff\xfe\n").unwrap();
        drop(f);
        let e = load_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}:2:13: the file is not valid UTF-8 (byte 0xff at byte offset 18); scenario \
                 files must be UTF-8 text (if it was saved as GBK, GB18030 or Latin-1, save it \
                 again as UTF-8)",
                p.display()
            )
        );
    }

    #[test]
    fn utf16_and_control_characters_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u16.toml");
        let mut bytes = vec![0xff, 0xfe];
        for u in "[run]\nticks = 5\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        std::fs::write(&p, &bytes).unwrap();
        let e = load_file(&p).unwrap_err().to_string();
        assert!(
            e.contains(":1:1: the file is UTF-16 text, not UTF-8"),
            "{e}"
        );
        assert_eq!(
            err_of("[run]\nticks = 5\u{0}\n"),
            "s.toml:2:10: the file contains the control character U+0000 (byte offset 15); \
             scenario files must be plain UTF-8 text"
        );
    }

    #[test]
    fn missing_values_and_bare_words_are_explained() {
        assert!(
            err_of("[run]\nticks =\n").starts_with(
                "s.toml:2:8: TOML syntax error: missing value after `=`; write a number"
            )
        );
        assert!(
            err_of("[network]\nkind = small_world # lattice\n").starts_with(
                "s.toml:2:8: TOML syntax error: `small_world` is not a value: text must be in \
                 quotes, as in \"small_world\""
            )
        );
        assert!(err_of("[run]\nseed = 99999999999999999999\n").contains("is too large"));
    }

    #[test]
    fn arrays_are_not_read_as_tables() {
        // serde would take [10, 5, 3] as ticks, replicates and seed.
        assert_eq!(
            err_of("run = [10, 5, 3]\n"),
            "s.toml:1:1: key `run`: wrong type: found an array; expected a table with keys \
             `ticks`, `replicates` and `seed`"
        );
        assert!(
            err_of("[population]\nthreshold = [\"constant\", 0.3]\n")
                .starts_with("s.toml:2:1: key `population.threshold`: wrong type: found an array")
        );
        assert!(
            err_of("interventions = [[3, {}]]\n")
                .starts_with("s.toml:1:18: key `interventions[0]`: wrong type: found an array")
        );
        assert!(
            err_of("[[interventions]]\ntick = 3\nset.office = [1]\n").starts_with(
                "s.toml:3:5: key `interventions[0].set.office`: wrong type: found an array"
            )
        );
    }

    #[test]
    fn odd_keys_are_quoted() {
        assert!(err_of("\"\" = 1\n").starts_with("s.toml:1:1: key `\"\"`: unknown key"));
        assert!(err_of("[office]\n\"a.b\" = 1\n").starts_with("s.toml:2:1: key `office.\"a.b\"`"));
    }

    #[test]
    fn bom_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bom.toml");
        std::fs::write(&p, "\u{feff}[run]\nticks = 5\n").unwrap();
        assert_eq!(load_file(&p).unwrap().run.ticks, 5);
    }

    #[test]
    fn columns_count_characters() {
        // The Chinese title is 3 bytes per character; the error column counts characters.
        let e = err_of("title.zh = \"基线\"; committee.skill = 2\n");
        assert!(e.starts_with("s.toml:1:"), "{e}");
        let e = err_of("[title]\nzh = \"基线\"\n[committee]\n    skill = 2\n");
        assert!(e.starts_with("s.toml:4:5: key `committee.skill`"), "{e}");
        let e = err_of(
            "[population]\nthreshold = { distribution = \"constant\", value = 1.0 }\ninitial_trust = { distribution = \"基\", value = 1.0 }\n",
        );
        assert!(
            e.starts_with("s.toml:3:19: key `population.initial_trust.distribution`"),
            "{e}"
        );
    }

    #[test]
    fn interventions_are_checked() {
        let text = "[run]\nticks = 100\n\n[[interventions]]\ntick = 52\nset.office.split = { own_programs = 0.4, devolved = 0.4, ngo_procurement = 0.1, training = 0.1 }\n";
        let s = load_str(text, Path::new("iv.toml")).unwrap();
        assert_eq!(s.interventions.len(), 1);
        assert_eq!(s.interventions[0].tick, 52);

        assert_eq!(
            err_of("[[interventions]]\ntick = 10\nset.population.streets = 2\n"),
            "s.toml:3:5: key `interventions[0].set.population`: `population` cannot change \
             during a run: title, description, run, population, network and interventions are \
             fixed for the whole run; remove it from this intervention's `set`"
        );
        assert_eq!(
            err_of("[[interventions]]\ntick = 105\nset.office.access_list = 0.5\n"),
            "s.toml:2:1: key `interventions[0].tick`: tick 105 is after the end of the run; \
             valid range is 0 to run.ticks = 104"
        );
    }

    #[test]
    fn intervention_with_bad_value_points_at_the_line() {
        let text = "[[interventions]]\ntick = 10\n\n[interventions.set.office]\naccess_list = 0.2\nescalation_capacity = -3\n";
        assert_eq!(
            err_of(text),
            "s.toml:6:1: key `interventions[0].set.office.escalation_capacity`: -3 is out of \
             range; valid range is [0, 1000000]"
        );
        let e = err_of("[[interventions]]\ntick = 10\nset.offce.access_list = 0.2\n");
        assert!(e.starts_with("s.toml:3:5: key `interventions[0].set.offce`: unknown key; valid keys here are `title`"), "{e}");
        assert!(e.ends_with("(did you mean `office`?)"), "{e}");
        let e = err_of("[[interventions]]\ntick = 10\nset.office.split.devolved = 0.5\n");
        assert_eq!(
            e,
            "s.toml:3:12: key `interventions[0].set.office.split`: the shares sum to 1.4 \
             (own_programs 0.8 + devolved 0.5 + ngo_procurement 0.05 + training 0.05); they \
             must sum to 1 (within 1e-6)"
        );
    }

    #[test]
    fn interventions_apply_in_tick_order() {
        // The later intervention (in the file) happens first; the earlier one (tick 20)
        // completes the split it started.
        let text = "[[interventions]]\ntick = 20\nset.office.split = { own_programs = 0.5, devolved = 0.3, ngo_procurement = 0.1, training = 0.1 }\n[[interventions]]\ntick = 10\nset.office.access_list = 0.2\n";
        assert!(load_str(text, Path::new("o.toml")).is_ok());
        // A partial change that is only valid after an earlier one.
        let text = "[[interventions]]\ntick = 30\nset.office.split.devolved = 0.2\nset.office.split.own_programs = 0.4\n[[interventions]]\ntick = 10\nset.office.split = { own_programs = 0.5, devolved = 0.1, ngo_procurement = 0.3, training = 0.1 }\n";
        assert!(load_str(text, Path::new("o.toml")).is_ok());
        let text = "[[interventions]]\ntick = 5\nset.office.split.devolved = 0.2\nset.office.split.own_programs = 0.4\n[[interventions]]\ntick = 10\nset.office.split = { own_programs = 0.5, devolved = 0.1, ngo_procurement = 0.3, training = 0.1 }\n";
        assert!(load_str(text, Path::new("o.toml")).is_err());
    }

    #[test]
    fn network_combinations() {
        let e = err_of("[network]\nkind = \"complete\"\n");
        assert!(
            e.starts_with(
                "s.toml:2:1: key `network.kind`: a complete network needs at most 20,000 residents"
            ),
            "{e}"
        );
        assert!(e.contains("n²"), "{e}");
        let small = "[population]\nresidents_per_community = 100\n[network]\nkind = \"complete\"\n";
        assert!(load_str(small, Path::new("c.toml")).is_ok());
        let e = err_of(
            "[population]\nresidents_per_community = 2\ncommunities_per_street = 2\n[network]\nkind = \"erdos_renyi\"\n",
        );
        assert!(e.contains("key `network.mean_degree`: mean degree 8 must be less than the number of residents (4)"), "{e}");
        // Small-world degree larger than a community is legal (the model clamps it).
        let ok = "[population]\nresidents_per_community = 5\n[network]\nmean_degree = 50\n";
        assert!(load_str(ok, Path::new("c.toml")).is_ok());
        let e = err_of(
            "[population]\nstreets = 1000\ncommunities_per_street = 1000\nresidents_per_community = 1000\n",
        );
        assert!(e.contains("1,000,000,000 residents"), "{e}");
    }

    #[test]
    fn with_overlay_merges_and_validates() {
        let base = Scenario::default();
        let overlay: toml::Table = toml::from_str("[office]\naccess_list = 0.4\n").unwrap();
        let s = base.with_overlay(&overlay).unwrap();
        assert_eq!(s.office.access_list, 0.4);
        assert_eq!(s.office.split, base.office.split);
        let bad: toml::Table = toml::from_str("[office]\naccess_list = 1.4\n").unwrap();
        assert_eq!(
            base.with_overlay(&bad).unwrap_err().to_string(),
            "<overlay>: key `office.access_list`: 1.4 is out of range; valid range is [0, 1]"
        );
        let bad: toml::Table = toml::from_str("[ofice]\naccess_list = 0.4\n").unwrap();
        assert!(
            base.with_overlay(&bad)
                .unwrap_err()
                .to_string()
                .contains("did you mean `office`")
        );
    }

    #[test]
    fn hash_is_stable_and_sensitive() {
        let a = Scenario::default();
        let mut b = a.clone();
        assert_eq!(a.hash_hex(), b.hash_hex());
        assert_eq!(a.hash_hex().len(), 16);
        b.committee.skill = 0.41;
        assert_ne!(a.hash_hex(), b.hash_hex());
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        // The hash depends only on content, not on how it was written.
        let c = load_str("[committee]\nskill = 0.41\n", Path::new("x.toml")).unwrap();
        assert_eq!(c.hash_hex(), b.hash_hex());
    }

    #[test]
    fn distributions_load() {
        let s = load_str(
            "[population]\nthreshold = { distribution = \"beta\", alpha = 2, beta = 5 }\n",
            Path::new("d.toml"),
        )
        .unwrap();
        assert_eq!(
            s.population.threshold,
            Distribution::Beta {
                alpha: 2.0,
                beta: 5.0
            }
        );
    }

    use crate::diagnostics::suggest;

    #[test]
    fn suggestions() {
        let c: Vec<String> = ["office", "ngo", "network"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(suggest("offce", &c), Some("office"));
        assert_eq!(suggest("Office", &c), Some("office"));
        assert_eq!(suggest("ngos", &c), Some("ngo"));
        assert_eq!(suggest("xyz", &c), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "=",
            "[",
            "[[",
            "a.b.c.d.e = 1",
            "interventions = [1, 2]",
            "interventions = [{ tick = -1, set = 3 }]",
            "[[interventions]]\n[[interventions]]\ntick = 1\nset = { interventions = [] }\n",
            "population = { threshold = { distribution = 3 } }",
            "population.threshold = { }",
            "population.age_shares = { young = 1 }",
            "issues.categories.parking = []",
            "run = { ticks = 1e400 }",
            "\"\" = 1",
            "\"a.b\" = 1",
            "\"x[0]\" = 1",
            "title = { en = 1, zh = [] }",
            "office.split = { devolved = \"x\", extra = 1 }",
        ] {
            let r = load_str(text, Path::new("odd.toml"));
            if let Err(e) = r {
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[cfg(test)]
mod fuzz {
    use super::super::docs;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Random edits of the default file never panic.
        #[test]
        fn edits_of_the_defaults_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..8, "[ -~\n]{0,6}"), 1..4)
        ) {
            let mut text = crate::scenario::render::defaults_toml();
            for (at, cut, insert) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) { i -= 1; }
                let mut j = (i + cut).min(text.len());
                while !text.is_char_boundary(j) { j -= 1; }
                text.replace_range(i..j, &insert);
            }
            if let Err(e) = load_str(&text, Path::new("fuzz.toml")) {
                prop_assert!(!e.to_string().is_empty());
            }
        }

        /// Random values for real parameters (and inside interventions) never panic.
        #[test]
        fn random_values_never_panic(
            lines in proptest::collection::vec(
                (
                    prop::sample::select(docs::PARAMS.iter().map(|p| p.path).collect::<Vec<_>>()),
                    prop::sample::select(vec![
                        "0", "1", "-1", "0.5", "2.0", "1e30", "-inf", "nan", "4294967296",
                        "9223372036854775807", "\"x\"", "\"complete\"", "true", "[]", "{}",
                        "{ distribution = \"uniform\", low = 0.9, high = 0.1 }",
                        "{ distribution = \"beta\", alpha = 0, beta = 1 }",
                        "{ distribution = \"normal\" }",
                    ]),
                    any::<bool>(),
                ),
                0..6,
            )
        ) {
            let mut text = String::new();
            let mut ivs = String::new();
            for (path, value, in_intervention) in lines {
                if in_intervention {
                    ivs.push_str(&format!("[[interventions]]\ntick = 3\nset.{path} = {value}\n"));
                } else {
                    text.push_str(&format!("{path} = {value}\n"));
                }
            }
            text.push_str(&ivs);
            if let Err(e) = load_str(&text, Path::new("fuzz.toml")) {
                prop_assert!(!e.to_string().is_empty());
            }
        }

        /// Random small documents never panic.
        #[test]
        fn random_documents_never_panic(text in "(\\[{1,2}[a-z_.]{0,12}\\]{1,2}\n|[a-z_.]{1,14} = (-?[0-9]{1,12}|[0-9]\\.[0-9]|nan|inf|\"[a-z]{0,5}\"|true|\\{ ?[a-z]{1,5} = [0-9] ?\\}|\\[[0-9, ]{0,6}\\])\n){0,8}") {
            let _ = load_str(&text, Path::new("fuzz.toml"));
        }
    }
}
