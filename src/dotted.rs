//! Dotted key paths (`office.access_list`, `office.split.devolved`) in a [`toml::Table`]:
//! the one place that walks them.
//!
//! A path names a value through nested tables, one key per segment, separated by dots.
//! Keys that are not bare TOML keys are shown quoted when a path is written ([`join`]:
//! `""` for the empty key, `"a.b"` for a key with a dot), so every path printed names one
//! value; [`get`] and [`set`] take the bare paths of scenario parameters (keys without
//! dots), as sweep files and `cogov defaults` write them.

use std::borrow::Cow;

/// The value at a dotted path, if every segment but the last names a table.
pub fn get<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let (parents, last) = match path.rsplit_once('.') {
        Some((parents, last)) => (Some(parents), last),
        None => (None, path),
    };
    let mut t = table;
    if let Some(parents) = parents {
        for key in parents.split('.') {
            t = t.get(key)?.as_table()?;
        }
    }
    t.get(last)
}

/// Put `value` at a dotted path, creating the tables on the way; a value in the way that
/// is not a table is replaced by one.
pub fn set(table: &mut toml::Table, path: &str, value: toml::Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut cur = table;
    for p in parts {
        let slot = cur
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !slot.is_table() {
            *slot = toml::Value::Table(toml::Table::new());
        }
        cur = slot.as_table_mut().expect("made a table just above");
    }
    cur.insert(last.to_string(), value);
}

/// The dotted path of every value that is not a table, in the table's key order.
pub fn leaves(table: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for_each_leaf(table, "", &mut |p| out.push(p.to_string()));
    out
}

/// Call `f` with the dotted path (under `prefix`) of every value that is not a table.
pub fn for_each_leaf(table: &toml::Table, prefix: &str, f: &mut dyn FnMut(&str)) {
    for (k, v) in table {
        let path = join(prefix, k);
        match v {
            toml::Value::Table(t) => for_each_leaf(t, &path, f),
            _ => f(&path),
        }
    }
}

/// Whether two paths name the same value or one lies inside the other
/// (`office` and `office.split.devolved`). The empty path overlaps nothing.
pub fn overlap(a: &str, b: &str) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && (a == b || a.starts_with(&format!("{b}.")) || b.starts_with(&format!("{a}.")))
}

/// `prefix.key`, with the key quoted if it is not a bare key (just the key when `prefix`
/// is empty).
pub fn join(prefix: &str, key: &str) -> String {
    let key = shown_key(key);
    if prefix.is_empty() {
        key.into_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A key as it appears in a dotted path: bare if it is a bare TOML key, else quoted
/// (`""` for the empty key, `"a.b"` for a key with a dot).
pub fn shown_key(key: &str) -> Cow<'_, str> {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(format!("{key:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    #[test]
    fn get_walks_tables_only() {
        let t = table("a = 1\n[office.split]\ndevolved = 0.3\n");
        assert_eq!(get(&t, "a"), Some(&toml::Value::Integer(1)));
        assert_eq!(
            get(&t, "office.split.devolved"),
            Some(&toml::Value::Float(0.3))
        );
        assert!(get(&t, "office.split").unwrap().is_table());
        assert_eq!(get(&t, "a.b"), None);
        assert_eq!(get(&t, "office.nope"), None);
    }

    #[test]
    fn set_creates_tables_and_replaces() {
        let mut t = toml::Table::new();
        set(&mut t, "office.split.devolved", toml::Value::Float(0.5));
        set(&mut t, "office.access_list", toml::Value::Float(0.1));
        set(&mut t, "run", toml::Value::Integer(3));
        set(&mut t, "run.ticks", toml::Value::Integer(4));
        assert_eq!(
            t,
            table(
                "[office]\naccess_list = 0.1\n[office.split]\ndevolved = 0.5\n[run]\nticks = 4\n"
            )
        );
    }

    #[test]
    fn leaves_in_order_with_odd_keys_quoted() {
        // toml::Table keeps keys sorted.
        let t = table("b = 1\n\"\" = 2\n[a]\nx = [1]\n\"p.q\" = 3\n[a.t]\n");
        assert_eq!(leaves(&t), ["\"\"", "a.\"p.q\"", "a.x", "b"]);
    }

    #[test]
    fn overlap_is_containment_either_way() {
        assert!(overlap("office", "office.split"));
        assert!(overlap("office.split", "office"));
        assert!(overlap("run.ticks", "run.ticks"));
        assert!(!overlap("run.tick", "run.ticks"));
        assert!(!overlap("", "run"));
    }
}
