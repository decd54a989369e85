//! Deserialisation with readable errors: a merged TOML table becomes a [`Scenario`], and
//! every problem serde meets becomes (dotted path, message) in the words of a person who
//! wrote the file — the expected type, the valid keys or values, the nearest one for a
//! typo. After each error the offending value is repaired (reset to its default or
//! removed) and deserialisation retried, so one pass reports every problem.

use super::Scenario;
use super::docs::{self, Range};
use crate::diagnostics::{self, backticked, first_backticked, list, suggest, unknown_key_message};
use crate::dotted::shown_key;

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
pub(crate) fn describe_value(v: &toml::Value) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
