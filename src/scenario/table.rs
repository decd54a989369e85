//! A scenario as a TOML table and back: the conversions that loading, validation and
//! interventions share (serialise, merge one table over another, read one value).

use serde::Deserialize;

use super::Scenario;

/// Serialise a scenario to a TOML table.
pub(crate) fn to_table(s: &Scenario) -> Result<toml::Table, String> {
    toml::Table::try_from(s).map_err(|e| format!("cannot represent the scenario in TOML: {e}"))
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

/// Deserialise one value with `serde` (used for distributions in validation).
pub(crate) fn from_value<T: for<'de> Deserialize<'de>>(v: &toml::Value) -> Option<T> {
    T::deserialize(v.clone()).ok()
}

/// Call `f` with the dotted path of every non-table value in `table`.
pub(crate) fn for_each_leaf_path(table: &toml::Table, prefix: &str, f: &mut dyn FnMut(&str)) {
    crate::dotted::for_each_leaf(table, prefix, f);
}
