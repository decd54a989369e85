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

use serde::Deserialize;

use super::Scenario;
use super::docs::{self, Range};
use crate::diagnostics::{
    self, FileKind, LineIndex, backticked, control_character, decode, first_backticked, list,
    read_bounded, suggest, syntax_message, unknown_key_message,
};
pub use crate::diagnostics::{Location, Problem, ScenarioError};
use crate::dotted::{join, shown_key};

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
    let mut chain = vec![(canonical(name), name.to_path_buf())];
    load_layer(text, name, &mut chain)
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

/// Serialise a scenario to a TOML table.
pub(crate) fn to_table(s: &Scenario) -> Result<toml::Table, String> {
    toml::Table::try_from(s).map_err(|e| format!("cannot represent the scenario in TOML: {e}"))
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
    let parent_file = file.parent().unwrap_or(Path::new("")).join(&target);
    let bytes = match read_bounded(&parent_file) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Err(problem(format!(
                "cannot read `{target}` (looked for {}): {e}; the path is relative to the \
                 directory of the extending file",
                parent_file.display()
            )));
        }
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
    let parent_text = decode(&bytes, &parent_file, FileKind::Scenario).map_err(|p| vec![p])?;
    chain.push((canon, parent_file.clone()));
    let parent = load_layer(&parent_text, &parent_file, chain);
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

/// Merge `over` into `base`: tables merge key by key, everything else replaces.
pub(crate) fn deep_merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
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

// ---------------------------------------------------------------------------------------
// Deserialisation with readable errors

/// One step of a dotted path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

fn get<'a>(table: &'a toml::Table, segs: &[Seg]) -> Option<&'a toml::Value> {
    let (first, rest) = segs.split_first()?;
    let Seg::Key(k) = first else { return None };
    let mut v = table.get(k)?;
    for seg in rest {
        v = match (seg, v) {
            (Seg::Key(k), toml::Value::Table(t)) => t.get(k)?,
            (Seg::Index(i), toml::Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Set (Some) or remove (None) the value at a path; false if the path does not exist.
fn put(table: &mut toml::Table, segs: &[Seg], value: Option<toml::Value>) -> bool {
    let Some((last, parents)) = segs.split_last() else {
        return false;
    };
    let container: &mut toml::Value = if parents.is_empty() {
        return match (last, value) {
            (Seg::Key(k), Some(v)) => {
                table.insert(k.clone(), v);
                true
            }
            (Seg::Key(k), None) => table.remove(k).is_some(),
            _ => false,
        };
    } else {
        let Some((Seg::Key(k), rest)) = parents.split_first() else {
            return false;
        };
        let Some(mut v) = table.get_mut(k) else {
            return false;
        };
        for seg in rest {
            v = match (seg, v) {
                (Seg::Key(k), toml::Value::Table(t)) => match t.get_mut(k) {
                    Some(v) => v,
                    None => return false,
                },
                (Seg::Index(i), toml::Value::Array(a)) => match a.get_mut(*i) {
                    Some(v) => v,
                    None => return false,
                },
                _ => return false,
            };
        }
        v
    };
    match (last, container, value) {
        (Seg::Key(k), toml::Value::Table(t), Some(v)) => {
            t.insert(k.clone(), v);
            true
        }
        (Seg::Key(k), toml::Value::Table(t), None) => t.remove(k).is_some(),
        (Seg::Index(i), toml::Value::Array(a), Some(v)) if *i < a.len() => {
            a[*i] = v;
            true
        }
        _ => false,
    }
}

/// If `segs` is `interventions[i]…`, the index and the rest of the path.
fn intervention_path(segs: &[Seg]) -> Option<(usize, &[Seg])> {
    match segs {
        [Seg::Key(k), Seg::Index(i), rest @ ..] if k == "interventions" => Some((*i, rest)),
        _ => None,
    }
}

/// The default value at a path, if there is one (for repairs and messages).
fn default_at(segs: &[Seg]) -> Option<toml::Value> {
    if let Some((_, rest)) = intervention_path(segs) {
        return match rest {
            [] => {
                let mut t = toml::Table::new();
                t.insert("tick".into(), toml::Value::Integer(0));
                t.insert("set".into(), toml::Value::Table(toml::Table::new()));
                Some(toml::Value::Table(t))
            }
            [Seg::Key(k)] if k == "tick" => Some(toml::Value::Integer(0)),
            [Seg::Key(k)] if k == "set" => Some(toml::Value::Table(toml::Table::new())),
            _ => None,
        };
    }
    get(super::render::default_table(), segs).cloned()
}

/// The dotted path of segments, as serde_path_to_error writes it.
fn path_string(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&shown_key(k));
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The valid keys of the table at `segs` in a scenario, in struct order.
fn keys_of(segs: &[Seg]) -> Vec<String> {
    if let Some((_, rest)) = intervention_path(segs)
        && rest.is_empty()
    {
        return vec!["tick".into(), "set".into()];
    }
    let prefix = path_string(segs);
    let mut keys: Vec<String> = Vec::new();
    for p in docs::PARAMS {
        let rest = if prefix.is_empty() {
            Some(p.path)
        } else {
            p.path
                .strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_prefix('.'))
        };
        if let Some(rest) = rest {
            let first = rest.split('.').next().unwrap_or(rest).to_string();
            if !keys.contains(&first) {
                keys.push(first);
            }
        }
    }
    keys
}

fn is_distribution_path(segs: &[Seg]) -> bool {
    docs::param(&path_string(segs)).is_some_and(|p| p.range == Range::Distribution)
}

const DISTRIBUTION_EXAMPLE: &str =
    "a distribution table such as { distribution = \"normal\", mean = 0.5, sd = 0.1 }";

/// What a value at `segs` should be, in words.
fn expected_type(segs: &[Seg]) -> String {
    if segs == [Seg::Key("interventions".into())] {
        return "an array of tables, written as [[interventions]] sections each with `tick` \
                and `set`"
            .into();
    }
    if let Some((_, rest)) = intervention_path(segs) {
        match rest {
            [] => return "a table with `tick` and `set`".into(),
            [Seg::Key(k)] if k == "tick" => {
                return "a whole number (the tick, from 0 to run.ticks)".into();
            }
            [Seg::Key(k)] if k == "set" => {
                return "a table of scenario keys to change, e.g. set.office.access_list = 0.3"
                    .into();
            }
            _ => {}
        }
    }
    if let Some((Seg::Key(last), parent)) = segs.split_last()
        && last == "distribution"
        && is_distribution_path(parent)
    {
        return "one of \"constant\", \"uniform\", \"normal\" or \"beta\"".into();
    }
    if let Some(p) = docs::param(&path_string(segs)) {
        match p.range {
            Range::Distribution => return DISTRIBUTION_EXAMPLE.into(),
            Range::OneOf(_) => return format!("one of {}", p.range),
            Range::Bool => return "true or false".into(),
            Range::Text => return "a string".into(),
            _ => {}
        }
    }
    match default_at(segs) {
        Some(toml::Value::Integer(_)) => "a whole number".into(),
        Some(toml::Value::Float(_)) => "a number".into(),
        Some(toml::Value::Boolean(_)) => "true or false".into(),
        Some(toml::Value::String(_)) => "a string".into(),
        Some(toml::Value::Table(_)) => {
            let keys = keys_of(segs);
            if keys.is_empty() {
                "a table".into()
            } else {
                format!("a table with keys {}", list(&keys))
            }
        }
        Some(toml::Value::Array(_)) => "an array".into(),
        _ => "a different type".into(),
    }
}

/// A value in words, for "found …".
fn describe_value(v: &toml::Value) -> String {
    let shown = v.to_string();
    let shown = if shown.chars().count() > 40 {
        format!("{}…", shown.chars().take(40).collect::<String>())
    } else {
        shown
    };
    match v {
        toml::Value::String(_) => format!("a string ({shown})"),
        toml::Value::Integer(_) => format!("a whole number ({shown})"),
        toml::Value::Float(_) => format!("a number ({shown})"),
        toml::Value::Boolean(_) => format!("a boolean ({shown})"),
        toml::Value::Datetime(_) => format!("a date-time ({shown})"),
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

/// How to repair the table after an error, so deserialisation can go on.
enum Repair {
    /// Remove the key at this path.
    Remove(Vec<Seg>),
    /// Put the default (or remove if there is none) at this path.
    Default(Vec<Seg>),
    /// Insert missing keys of the table at this path from their defaults; if one has no
    /// default, default (or remove) the whole table.
    Fill(Vec<Seg>, Vec<String>),
}

/// Problems found in one deserialisation error, and how to repair the table.
type Described = (Vec<(String, String)>, Vec<Repair>);

/// The valid keys of the table at `segs` as it is written in `table`, in order.
fn valid_keys(segs: &[Seg], table: &toml::Table) -> Vec<String> {
    if is_distribution_path(segs) {
        let kind = get(table, segs)
            .and_then(|v| v.get("distribution"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let mut keys = vec!["distribution".to_string()];
        if let Some((_, params)) = docs::DISTRIBUTIONS.iter().find(|(k, _)| *k == kind) {
            keys.extend(params.iter().map(|p| p.to_string()));
        }
        return keys;
    }
    keys_of(segs)
}

fn with_key(segs: &[Seg], key: &str) -> Vec<Seg> {
    let mut s = segs.to_vec();
    s.push(Seg::Key(key.to_string()));
    s
}

/// Describe one deserialisation error.
fn describe_error(
    err: &serde_path_to_error::Error<toml::de::Error>,
    table: &toml::Table,
    in_file: bool,
) -> Described {
    let mut segs: Vec<Seg> = Vec::new();
    for seg in err.path().iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => segs.push(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => segs.push(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => segs.push(Seg::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    let raw = err.inner().message().trim().to_string();
    let one = |path: &[Seg], message: String, repair: Repair| -> Described {
        (vec![(path_string(path), message)], vec![repair])
    };

    if let Some(field) = first_backticked(&raw, "unknown field `") {
        return describe_unknown_field(field, &raw, &segs, table, in_file);
    }

    if let Some(variant) = first_backticked(&raw, "unknown variant `") {
        let message = diagnostics::unknown_value_message(&variant, &raw);
        // For a distribution tag the repair replaces the whole distribution table.
        let repair_at = if segs.last() == Some(&Seg::Key("distribution".into())) {
            segs[..segs.len() - 1].to_vec()
        } else {
            segs.clone()
        };
        return one(&segs, message, Repair::Default(repair_at));
    }

    if first_backticked(&raw, "missing field `").is_some() {
        return describe_missing(&segs, table);
    }

    if raw.starts_with("invalid type") || raw.starts_with("invalid length") {
        return describe_wrong_type(&raw, &segs, table);
    }

    if raw.starts_with("invalid value: integer") {
        let value = first_backticked(&raw, "invalid value: integer `").unwrap_or_default();
        let bits = if raw.ends_with("u64") {
            format!("a whole number from 0 to {}", i64::MAX)
        } else if raw.ends_with("u32") {
            format!("a whole number from 0 to {}", u32::MAX)
        } else {
            raw.split("expected ")
                .nth(1)
                .unwrap_or("another value")
                .to_string()
        };
        let valid = docs::param(&path_string(&segs))
            .filter(|p| p.range.is_numeric())
            .map(|p| format!(" (valid range is {})", p.range))
            .unwrap_or_default();
        let message = format!("{value} is out of range; expected {bits}{valid}");
        return one(&segs, message, Repair::Default(segs.clone()));
    }

    let message = format!("{raw}; expected {}", expected_type(&segs));
    one(&segs, message, Repair::Default(segs.clone()))
}

/// An unknown key `field` at `segs`.
fn describe_unknown_field(
    field: String,
    raw: &str,
    segs: &[Seg],
    table: &toml::Table,
    in_file: bool,
) -> Described {
    let segs = segs.to_vec();
    // The path ends at the unknown key, except inside an internally tagged enum
    // (a distribution), where it ends at the table.
    let mut candidates = if raw.contains("there are no fields") {
        Vec::new()
    } else {
        backticked(raw.split_once("expected").map_or("", |(_, r)| r))
    };
    let (key_segs, table_segs) = if segs.last() == Some(&Seg::Key(field.clone())) {
        let t = segs[..segs.len() - 1].to_vec();
        (segs.clone(), t)
    } else {
        candidates.insert(0, "distribution".into());
        (with_key(&segs, &field), segs.clone())
    };
    if table_segs.is_empty() && in_file {
        candidates.push("extends".into());
    }
    let message = unknown_key_message(&field, &candidates);
    if is_distribution_path(&table_segs) {
        // The whole distribution is reset after this, so report all its unknown keys.
        let valid = valid_keys(&table_segs, table);
        let mut problems = vec![(path_string(&key_segs), message)];
        if let Some(toml::Value::Table(t)) = get(table, &table_segs) {
            for k in t.keys().filter(|k| **k != field && !valid.contains(k)) {
                problems.push((
                    path_string(&with_key(&table_segs, k)),
                    unknown_key_message(k, &valid),
                ));
            }
        }
        return (problems, vec![Repair::Default(table_segs)]);
    }
    let mut repairs = vec![Repair::Remove(key_segs.clone())];
    // A misspelt required key would next be reported missing: fill it in silently.
    if let Some(meant) = suggest(&field, &candidates)
        && get(table, &with_key(&table_segs, meant)).is_none()
        && meant != "extends"
    {
        repairs.push(Repair::Fill(table_segs, vec![meant.to_string()]));
    }
    (vec![(path_string(&key_segs), message)], repairs)
}

/// Missing keys of the table at `segs`.
fn describe_missing(segs: &[Seg], table: &toml::Table) -> Described {
    let segs = segs.to_vec();
    let present: Vec<String> = match get(table, &segs) {
        Some(toml::Value::Table(t)) => t.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let valid = valid_keys(&segs, table);
    let missing: Vec<String> = valid
        .iter()
        .filter(|k| !present.contains(k))
        .cloned()
        .collect();
    // A misspelt key explains a missing one: report the misspelling only.
    let mut problems = Vec::new();
    let mut repairs = Vec::new();
    let mut explained = Vec::new();
    for k in present.iter().filter(|k| !valid.contains(k)) {
        let key_segs = with_key(&segs, k);
        problems.push((path_string(&key_segs), unknown_key_message(k, &valid)));
        repairs.push(Repair::Remove(key_segs));
        if let Some(s) = suggest(k, &missing) {
            explained.push(s.to_string());
        }
    }
    let unexplained: Vec<String> = missing
        .iter()
        .filter(|k| !explained.contains(k))
        .cloned()
        .collect();
    if !unexplained.is_empty() || problems.is_empty() {
        problems.push((
            path_string(&segs),
            missing_message(&segs, &unexplained, &valid, table),
        ));
    }
    repairs.push(Repair::Fill(segs, missing));
    (problems, repairs)
}

/// A value of the wrong type at `segs`.
fn describe_wrong_type(raw: &str, segs: &[Seg], table: &toml::Table) -> Described {
    let segs = segs.to_vec();
    let one = |path: &[Seg], message: String, repair: Repair| -> Described {
        (vec![(path_string(path), message)], vec![repair])
    };
    let mut key_segs = segs.clone();
    let mut expected = expected_type(&segs);
    let mut found = get(table, &segs).map(describe_value);
    // Inside a distribution table: find the offending parameter.
    if is_distribution_path(&segs)
        && let Some(toml::Value::Table(t)) = get(table, &segs)
    {
        if let Some((k, v)) = t.iter().find(|(k, v)| {
            *k != "distribution" && !matches!(v, toml::Value::Float(_) | toml::Value::Integer(_))
        }) {
            key_segs.push(Seg::Key(k.clone()));
            expected = "a number".into();
            found = Some(describe_value(v));
        } else if let Some(v) = t.get("distribution")
            && !v.is_str()
        {
            key_segs.push(Seg::Key("distribution".into()));
            expected = "one of \"constant\", \"uniform\", \"normal\" or \"beta\"".into();
            found = Some(describe_value(v));
        }
    }
    let found = found.unwrap_or_else(|| {
        raw.trim_start_matches("invalid type: ")
            .split(", expected")
            .next()
            .unwrap_or("")
            .to_string()
    });
    let message = format!("wrong type: found {found}; expected {expected}");
    one(&key_segs, message, Repair::Default(segs))
}

fn missing_message(
    segs: &[Seg],
    missing: &[String],
    valid: &[String],
    table: &toml::Table,
) -> String {
    let what = if missing.len() == 1 {
        format!("missing key {}", list(missing))
    } else {
        format!("missing keys {}", list(missing))
    };
    if is_distribution_path(segs) {
        if missing.iter().any(|k| k == "distribution") {
            return "missing key `distribution`; a distribution table names its kind, \
                    distribution = \"constant\", \"uniform\", \"normal\" or \"beta\", and gives \
                    that kind's parameters"
                .into();
        }
        let kind = get(table, segs)
            .and_then(|v| v.get("distribution"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        return format!("{what}; a {kind} distribution needs {}", list(&valid[1..]));
    }
    if valid.is_empty() {
        return what;
    }
    let defaults: Vec<String> = valid
        .iter()
        .filter_map(|k| match default_at(&with_key(segs, k))? {
            toml::Value::Table(_) | toml::Value::Array(_) => None,
            v => Some(format!("{k} = {v}")),
        })
        .collect();
    let defaults = if defaults.len() == valid.len() {
        format!(" (defaults: {})", defaults.join(", "))
    } else {
        String::new()
    };
    format!(
        "{what}; this table must set all of {}{defaults}",
        list(valid)
    )
}

/// Put the default at a path, or remove the key if there is no default (or it already
/// has it); false if nothing changed.
fn reset(table: &mut toml::Table, segs: &[Seg]) -> bool {
    match default_at(segs) {
        Some(v) if get(table, segs) != Some(&v) => put(table, segs, Some(v)),
        _ => put(table, segs, None),
    }
}

/// The path of the distribution table that `segs` is in or is, if any.
fn distribution_of(segs: &[Seg]) -> Option<&[Seg]> {
    (1..=segs.len())
        .map(|n| &segs[..n])
        .find(|prefix| is_distribution_path(prefix))
}

/// Apply a repair; false if nothing changed.
fn repair(table: &mut toml::Table, repair: Repair) -> bool {
    // Anything wrong inside a distribution: reset the whole distribution, since its
    // parameters depend on its kind.
    let segs = match &repair {
        Repair::Remove(s) | Repair::Default(s) | Repair::Fill(s, _) => s,
    };
    if let Some(dist) = distribution_of(segs) {
        let dist = dist.to_vec();
        return reset(table, &dist);
    }
    match repair {
        Repair::Remove(segs) => put(table, &segs, None),
        Repair::Default(segs) => reset(table, &segs),
        Repair::Fill(segs, fields) => {
            let defaults: Option<Vec<(Vec<Seg>, toml::Value)>> = fields
                .iter()
                .map(|f| {
                    let s = with_key(&segs, f);
                    default_at(&s).map(|v| (s, v))
                })
                .collect();
            match defaults {
                Some(defaults) if !defaults.is_empty() => defaults
                    .into_iter()
                    .fold(false, |changed, (s, v)| put(table, &s, Some(v)) || changed),
                _ => reset(table, &segs),
            }
        }
    }
}

/// Deserialise a merged table into a scenario, collecting every deserialisation problem
/// as (dotted path, message): after each error the offending value is replaced by its
/// default (or removed) and deserialisation is retried. `in_file`: the table is a whole
/// file, where `extends` is also a valid top-level key.
pub(crate) fn deserialize_scenario(
    mut table: toml::Table,
    in_file: bool,
) -> Result<Scenario, Vec<(String, String)>> {
    let mut errs: Vec<(String, String)> = Vec::new();
    // serde would read an array as a table's fields in order (`run = [10, 5, 3]` as
    // ticks, replicates and seed): refuse arrays wherever a table belongs.
    let mut arrays = Vec::new();
    arrays_for_tables(&table, &mut Vec::new(), &mut arrays);
    for segs in arrays {
        errs.push((
            path_string(&segs),
            format!(
                "wrong type: found an array; expected {}",
                expected_type(&segs)
            ),
        ));
        reset(&mut table, &segs);
    }
    for _ in 0..200 {
        let value = toml::Value::Table(table.clone());
        match serde_path_to_error::deserialize::<_, Scenario>(value) {
            Ok(s) if errs.is_empty() => return Ok(s),
            Ok(_) => return Err(errs),
            Err(e) => {
                let (found, fixes) = describe_error(&e, &table, in_file);
                errs.extend(found);
                let mut changed = false;
                for fix in fixes {
                    changed |= repair(&mut table, fix);
                }
                if !changed {
                    return Err(errs);
                }
            }
        }
    }
    Err(errs)
}

/// The paths in `table` where an array is written but the scenario has a table.
fn arrays_for_tables(table: &toml::Table, segs: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    for (k, v) in table {
        segs.push(Seg::Key(k.clone()));
        match v {
            toml::Value::Array(a) => {
                if matches!(default_at(segs), Some(toml::Value::Table(_))) {
                    out.push(segs.clone());
                } else if segs.len() == 1 && k == "interventions" {
                    for (i, v) in a.iter().enumerate() {
                        segs.push(Seg::Index(i));
                        if let toml::Value::Array(_) = v {
                            out.push(segs.clone());
                        }
                        segs.pop();
                    }
                }
            }
            toml::Value::Table(t) => arrays_for_tables(t, segs, out),
            _ => {}
        }
        segs.pop();
    }
}

/// Deserialise one value with `serde` (used for distributions in validation).
pub(crate) fn from_value<T: for<'de> Deserialize<'de>>(v: &toml::Value) -> Option<T> {
    T::deserialize(v.clone()).ok()
}

/// Call `f` with the dotted path of every non-table value in `table`.
pub(crate) fn for_each_leaf_path(table: &toml::Table, prefix: &str, f: &mut dyn FnMut(&str)) {
    crate::dotted::for_each_leaf(table, prefix, f);
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

    /// Split `interventions[0].set.office` into segments.
    fn segments(path: &str) -> Vec<Seg> {
        let mut out = Vec::new();
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(i) = rest.find('[') {
                if i > 0 {
                    out.push(Seg::Key(rest[..i].to_string()));
                }
                rest = &rest[i..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let end = stripped.find(']').unwrap_or(stripped.len());
                    match stripped[..end].parse() {
                        Ok(n) => out.push(Seg::Index(n)),
                        Err(_) => out.push(Seg::Key(stripped[..end].to_string())),
                    }
                    rest = stripped.get(end + 1..).unwrap_or("");
                }
            } else {
                out.push(Seg::Key(rest.to_string()));
            }
        }
        out
    }

    #[test]
    fn segments_round_trip() {
        let segs = segments("interventions[2].set.office.split");
        assert_eq!(
            segs,
            vec![
                Seg::Key("interventions".into()),
                Seg::Index(2),
                Seg::Key("set".into()),
                Seg::Key("office".into()),
                Seg::Key("split".into())
            ]
        );
        assert_eq!(path_string(&segs), "interventions[2].set.office.split");
    }

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
