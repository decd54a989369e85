//! Finite by construction: every numeric parameter is bounded so that, whatever valid
//! values a scenario gives, every output cell (every `TickMetrics` value of every tick) is
//! a finite number. Each parameter is set to its extremes alone, then random combinations
//! of extremes, on a small street that exercises every mechanism (online channel,
//! councils, social workers, NGOs), through the library directly.

use cogov::metrics::{TickMetrics, metric_names};
use cogov::run::run_one;
use cogov::scenario::Scenario;
use cogov::scenario::docs::{MAX_SD, PARAMS, ParamDoc, Range};
use proptest::prelude::*;

/// A small street where every mechanism is on.
fn base(reaction: &str) -> Scenario {
    let text = format!(
        "[run]\nticks = 10\n[population]\ncommunities_per_street = 2\n\
         residents_per_community = 40\n[online]\nenabled = true\nstart_tick = 2\n\
         [council]\ninterval = 2\n[training]\nsocial_worker_share = 0.5\n\
         [office]\nreaction = \"{reaction}\"\n"
    );
    cogov::scenario::load_str(&text, std::path::Path::new("base.toml")).unwrap()
}

/// Rows the test varies: every numeric parameter except the run's own settings (its
/// length, replicates and seed change how much is computed, not what).
fn numeric_rows() -> Vec<&'static ParamDoc> {
    PARAMS
        .iter()
        .filter(|p| p.range.is_numeric() && !p.path.starts_with("run."))
        .collect()
}

/// `path`'s lowest (`high = false`) or highest valid value, typed like its default.
fn extreme(p: &ParamDoc, high: bool) -> toml::Value {
    let (low, hi) = p.range.bounds().unwrap();
    let x = if high { hi } else { low };
    let default = toml::Table::try_from(Scenario::default()).unwrap();
    let mut v = &toml::Value::Table(default);
    for part in p.path.split('.') {
        v = &v[part];
    }
    match v {
        // Every integer parameter is a u32 (the seed, a u64, is not varied).
        toml::Value::Integer(_) => toml::Value::Integer(x.min(f64::from(u32::MAX)) as i64),
        _ => toml::Value::Float(x),
    }
}

/// Extreme distributions: the edges of each kind's valid parameters.
fn extreme_distributions() -> Vec<toml::Value> {
    let big = cogov::scenario::docs::MAX_BETA_SHAPE;
    let tiny = f64::MIN_POSITIVE;
    let mut texts = vec![
        "{ distribution = \"constant\", value = 0.0 }".to_string(),
        "{ distribution = \"constant\", value = 1.0 }".into(),
        "{ distribution = \"uniform\", low = 0.0, high = 1.0 }".into(),
        "{ distribution = \"uniform\", low = 1.0, high = 1.0 }".into(),
    ];
    for (mean, sd) in [(0.0, 0.0), (1.0, MAX_SD), (0.5, MAX_SD)] {
        texts.push(format!(
            "{{ distribution = \"normal\", mean = {mean:?}, sd = {sd:e} }}"
        ));
    }
    for (a, b) in [(tiny, tiny), (big, big), (tiny, big), (big, tiny)] {
        texts.push(format!(
            "{{ distribution = \"beta\", alpha = {a:e}, beta = {b:e} }}"
        ));
    }
    texts
        .iter()
        .map(|t| toml::from_str::<toml::Table>(&format!("d = {t}")).unwrap()["d"].clone())
        .collect()
}

/// `base` with each dotted path set to its value (a distribution table replaced whole),
/// loaded and validated as a scenario file; `None` if it is not a valid scenario.
fn with_values(base: &Scenario, values: &[(&str, toml::Value)]) -> Option<Scenario> {
    let mut root = toml::Table::try_from(base).unwrap();
    for (path, value) in values {
        let mut parts: Vec<&str> = path.split('.').collect();
        let last = parts.pop().unwrap();
        let mut t = &mut root;
        for part in parts {
            t = t.get_mut(part).unwrap().as_table_mut().unwrap();
        }
        t.insert(last.to_string(), value.clone());
    }
    let text = toml::to_string(&root).unwrap();
    cogov::scenario::load_str(&text, std::path::Path::new("case.toml")).ok()
}

/// The first non-finite output cell, as (tick, column), if any.
fn first_non_finite(rows: &[TickMetrics]) -> Option<(u32, String)> {
    let names = metric_names();
    for row in rows {
        for (name, x) in names.iter().zip(row.values()) {
            if !x.is_finite() {
                return Some((row.tick, format!("{name} = {x}")));
            }
        }
    }
    None
}

/// Run `base` with `values` set. `Ok(true)`: valid and every cell finite; `Ok(false)`:
/// refused as invalid (not a valid scenario, so nothing to check); `Err`: a non-finite
/// cell.
fn check(base: &Scenario, values: &[(&str, toml::Value)]) -> Result<bool, String> {
    let Some(s) = with_values(base, values) else {
        return Ok(false);
    };
    let Ok(rows) = run_one(&s, 7) else {
        return Ok(false);
    };
    assert!(
        rows.len() as u64 > u64::from(s.run.ticks),
        "a row per tick and the start"
    );
    match first_non_finite(&rows) {
        None => Ok(true),
        Some((tick, cell)) => Err(format!("{values:?}: tick {tick}: {cell}")),
    }
}

#[test]
fn every_parameter_alone_at_its_extremes_gives_finite_outputs() {
    let mut failures = Vec::new();
    let mut accepted = 0;
    let mut tried = 0;
    for reaction in ["supervision", "resources"] {
        let base = base(reaction);
        let mut cases: Vec<(&str, toml::Value)> = Vec::new();
        for p in numeric_rows() {
            cases.push((p.path, extreme(p, false)));
            cases.push((p.path, extreme(p, true)));
        }
        for p in PARAMS.iter().filter(|p| p.range == Range::Distribution) {
            for d in extreme_distributions() {
                cases.push((p.path, d));
            }
        }
        for case in cases {
            tried += 1;
            match check(&base, std::slice::from_ref(&case)) {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "non-finite outputs:\n{}",
        failures.join("\n")
    );
    // Most extremes are valid on their own (refused: a share that no longer sums to 1,
    // a population or NGO pool over its limit).
    assert!(
        accepted * 10 >= tried * 8,
        "only {accepted} of {tried} extremes were valid"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_combinations_of_extremes_give_finite_outputs(
        picks in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 1..10),
        supervision in any::<bool>(),
    ) {
        let rows = numeric_rows();
        let values: Vec<(&str, toml::Value)> = picks
            .iter()
            .map(|(i, high)| {
                let p = rows[i.index(rows.len())];
                (p.path, extreme(p, *high))
            })
            .collect();
        let base = base(if supervision { "supervision" } else { "resources" });
        if let Err(e) = check(&base, &values) {
            prop_assert!(false, "non-finite output: {}", e);
        }
    }
}
