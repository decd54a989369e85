//! The levers of the live page: the parameters the scenario library changes from the
//! baseline (in a scenario or in an intervention), and `office.access_list`, each described
//! by its row of the parameter catalogue (`scenario::docs::PARAMS`), in catalogue order.

use serde::Serialize;

use crate::compare::parameter_changes;
use crate::dotted;
use crate::i18n::{Lang, parameter_label, parameter_unit};
use crate::library;
use crate::scenario::docs::{self, Change, PARAMS, ParamDoc, Range};
use crate::scenario::render;

/// How a lever is set on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LeverKind {
    Number,
    Integer,
    Bool,
    Choice,
}

/// One lever: a parameter with what a slider or switch needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    /// Dotted key (`office.access_list`), as in a scenario file and a fork's changes.
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
    pub unit: String,
    /// The unit in Chinese (from `i18n::parameter_unit`).
    pub unit_zh: String,
    /// Whether the value is a number of weeks (ticks): its slider ends at the run's
    /// length (the page ends it at its session's).
    pub in_ticks: bool,
    pub kind: LeverKind,
    /// The valid range in words (`[0, 1]`, `>= 0`, `"none" or "resources"`).
    pub range: String,
    /// The valid bounds (None where only the type bounds the value).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Where a slider starts and ends: the valid bounds, except that an open or a far
    /// (guard) upper bound ends at four times the largest value the library or the
    /// baseline uses, a number of weeks at the library's longest run, and an open lower
    /// bound starts one step above 0. At most about 250 steps from end to end.
    pub slider_min: Option<f64>,
    pub slider_max: Option<f64>,
    pub step: Option<f64>,
    /// The values of a choice.
    pub choices: Vec<String>,
    /// The baseline's value.
    pub default: toml::Value,
    /// Why the default has its value.
    pub reason: String,
    /// Whether a fork may change it (parameters read at every week); others can only be
    /// set before a run starts.
    pub mid_run: bool,
}

/// The levers, in catalogue order.
pub fn levers() -> Vec<Lever> {
    let scenarios = library::scenarios().unwrap_or_default();
    let mut keys = vec!["office.access_list".to_string()];
    let mut used: Vec<(String, f64)> = Vec::new();
    let weeks = scenarios
        .iter()
        .map(|(_, s)| f64::from(s.run.ticks))
        .fold(0.0, f64::max);
    if let Some((_, baseline)) = scenarios.first() {
        for (_, s) in &scenarios {
            for c in parameter_changes(baseline, s) {
                if !c.path.starts_with("interventions") {
                    keys.push(c.path.clone());
                }
                if let Some(x) = c.scenario.as_ref().and_then(number) {
                    used.push((c.path, x));
                }
            }
            for i in &s.interventions {
                dotted::for_each_leaf(&i.set, "", &mut |p| keys.push(p.to_string()));
                for key in dotted::leaves(&i.set) {
                    if let Some(x) = dotted::get(&i.set, &key).and_then(number) {
                        used.push((key, x));
                    }
                }
            }
        }
    }
    PARAMS
        .iter()
        .filter(|p| keys.iter().any(|k| k == p.path))
        .filter_map(|p| lever(p, &used, weeks))
        .collect()
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// The lever of one catalogue row (None for texts, distributions and the interventions).
fn lever(p: &ParamDoc, used: &[(String, f64)], weeks: f64) -> Option<Lever> {
    let default = dotted::get(render::default_table(), p.path)?.clone();
    let kind = match p.range {
        Range::Bool => LeverKind::Bool,
        Range::OneOf(_) => LeverKind::Choice,
        r if r.is_numeric() && default.is_integer() => LeverKind::Integer,
        r if r.is_numeric() => LeverKind::Number,
        _ => return None,
    };
    let choices = match p.range {
        Range::OneOf(names) => names.iter().map(|n| n.to_string()).collect(),
        _ => Vec::new(),
    };
    let bounds = p.range.bounds();
    let open = |x: f64| x == f64::MAX || x == f64::MIN_POSITIVE;
    let min = bounds.map(|b| b.0).filter(|x| !open(*x));
    let max = bounds.map(|b| b.1).filter(|x| !open(*x));
    let largest = used
        .iter()
        .filter(|(k, _)| k == p.path)
        .map(|(_, x)| *x)
        .chain(number(&default))
        .fold(0.0, f64::max);
    let in_ticks = p.unit.starts_with("tick");
    let (slider_min, slider_max, step) = match bounds {
        None => (None, None, None),
        Some((low, high)) => {
            let floor = if open(low) { 0.0 } else { low };
            // What a person can use: the run's length for weeks, else a multiple of the
            // library's values (every value the library uses stays on the slider).
            let usable = if in_ticks && weeks > floor {
                weeks.max(largest)
            } else {
                (4.0 * largest).max(floor + 1.0)
            };
            let guard = open(high) || (high - floor) > 100.0 * (usable - floor);
            let top = if guard { usable } else { high };
            let step = match kind {
                LeverKind::Integer => nice_step((top - floor) / 100.0).max(1.0).round(),
                _ => nice_step((top - floor) / 100.0),
            };
            let bottom = if open(low) { step } else { low };
            (Some(bottom), Some(top), Some(step))
        }
    };
    Some(Lever {
        key: p.path.to_string(),
        label_en: parameter_label(p.path, Lang::En),
        label_zh: parameter_label(p.path, Lang::Zh),
        unit: p.unit.to_string(),
        unit_zh: parameter_unit(p.unit, Lang::Zh),
        in_ticks,
        kind,
        range: p.range.to_string(),
        min,
        max,
        slider_min,
        slider_max,
        step,
        choices,
        default,
        reason: p.reason.to_string(),
        mid_run: p.change == Change::AnyTick && !fixed(p.path),
    })
}

/// Whether an intervention may not set `path` at all.
fn fixed(path: &str) -> bool {
    docs::FIXED_DURING_RUN
        .iter()
        .chain(docs::READ_AT_START.iter())
        .any(|k| path == *k || path.starts_with(&format!("{k}.")))
}

/// The largest of 1, 2 or 5 times a power of ten that is at most `x` (x > 0).
fn nice_step(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s <= x)
        .unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_levers_are_the_library_keys_with_their_catalogue_rows() {
        let levers = levers();
        let access = levers
            .iter()
            .find(|l| l.key == "office.access_list")
            .expect("access list");
        let row = docs::param("office.access_list").unwrap();
        assert_eq!(access.label_zh, row.zh);
        assert_eq!((access.min, access.max), (Some(0.0), Some(1.0)));
        assert_eq!(access.step, Some(0.01));
        assert!(access.mid_run);
        // Keys the library changes: devolution's authority, the NGO entry barrier of an
        // intervention, the office's reaction (a choice).
        for key in [
            "committee.authority",
            "ngo.entry_barrier",
            "office.reaction",
        ] {
            assert!(levers.iter().any(|l| l.key == key), "{key}");
        }
        let reaction = levers.iter().find(|l| l.key == "office.reaction").unwrap();
        assert_eq!(reaction.kind, LeverKind::Choice);
        assert!(!reaction.choices.is_empty());
        // Catalogue order, no duplicates, no texts.
        let order: Vec<usize> = levers
            .iter()
            .map(|l| PARAMS.iter().position(|p| p.path == l.key).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert!(levers.iter().all(|l| !l.key.starts_with("title")));
        for l in &levers {
            if let (Some(lo), Some(hi)) = (l.slider_min, l.slider_max) {
                assert!(lo < hi, "{}", l.key);
                let d = number(&l.default).unwrap_or(lo);
                assert!(d <= hi, "{}: default {d} above the slider", l.key);
            }
        }
    }

    #[test]
    fn every_slider_is_usable() {
        let weeks = library::scenarios()
            .unwrap()
            .iter()
            .map(|(_, s)| f64::from(s.run.ticks))
            .fold(0.0, f64::max);
        for l in levers() {
            let (Some(lo), Some(hi), Some(step)) = (l.slider_min, l.slider_max, l.step) else {
                continue;
            };
            let steps = (hi - lo) / step;
            assert!(
                steps <= 1000.0,
                "{}: {steps} steps from {lo} to {hi}",
                l.key
            );
            assert!(steps >= 4.0, "{}: only {steps} steps", l.key);
            if l.in_ticks {
                assert!(
                    hi <= weeks.max(number(&l.default).unwrap_or(0.0)),
                    "{}: {hi} weeks",
                    l.key
                );
            }
            assert!(
                !l.unit_zh.is_empty() && l.unit_zh != l.unit,
                "{}: {}",
                l.key,
                l.unit
            );
            eprintln!(
                "{}: {lo}..{hi} step {step} ({} {})",
                l.key, l.unit, l.unit_zh
            );
        }
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.01), 0.01);
        assert_eq!(nice_step(0.03), 0.02);
        assert_eq!(nice_step(7.0), 5.0);
        assert_eq!(nice_step(12.0), 10.0);
    }
}
