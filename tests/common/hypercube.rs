//! The robustness hypercube (issue 10, "Robustness"; design section 5): every parameter
//! whose catalogue row labels its default a calibration choice is varied by ±20% around
//! its default, at the points of a Latin hypercube drawn by the sweep engine
//! (`sweep::design::latin_hypercube_unit`, ChaCha8 `Purpose::SweepDesign`), and the
//! stylised facts of `facts.rs` are judged at every point.
//!
//! Which keys vary: numeric rows (`Range::is_numeric`) that a sweep may vary, whose reason
//! says "calibration choice". Booleans, enums (e.g. `online.choice`), distribution tables
//! (`population.threshold`, `population.initial_trust`, `population.initial_efficacy`) and
//! sourced values stay fixed. A value is the default times a factor in [0.8, 1.2], clipped
//! to the row's range and rounded for integer keys. Shares that must sum to 1 are
//! renormalised: the six issue-category shares are divided by their sum, and the young and
//! middle age shares take what the elderly share leaves, in their default proportion.
//!
//! A scenario keeps its own levers: a key (or a group of shares) the scenario sets to a
//! value other than the default is not varied in that scenario (the `councils_unreachable`
//! quorum, `devolution`'s authority), so the hypercube moves the street, not the remedy.

use std::collections::HashMap;

use cogov::compare::Trajectories;
use cogov::dotted;
use cogov::scenario::Scenario;
use cogov::scenario::docs::PARAMS;

use super::facts::{self, FACTS, Judgement};

/// One varied key.
#[derive(Clone, Debug)]
pub struct Key {
    pub path: &'static str,
    pub default: f64,
    pub integer: bool,
    pub low: f64,
    pub high: f64,
}

const CATEGORY_SHARE: &str = "issues.categories.";
const ELDERLY: &str = "population.age_shares.elderly";

fn number(v: &toml::Value) -> Option<(f64, bool)> {
    match v {
        toml::Value::Float(x) => Some((*x, false)),
        toml::Value::Integer(i) => Some((*i as f64, true)),
        _ => None,
    }
}

fn table(s: &Scenario) -> toml::Table {
    toml::Table::try_from(s).expect("a scenario serialises")
}

/// The keys the hypercube varies, in catalogue order.
pub fn calibration_keys() -> Vec<Key> {
    let defaults = table(&Scenario::default());
    PARAMS
        .iter()
        .filter(|p| p.sweep && p.range.is_numeric() && p.reason.contains("calibration choice"))
        .filter_map(|p| {
            let (default, integer) = number(dotted::get(&defaults, p.path)?)?;
            let (low, high) = p.range.bounds()?;
            Some(Key {
                path: p.path,
                default,
                integer,
                low,
                high,
            })
        })
        .collect()
}

/// The values of the keys at a unit-cube point: default × (0.8 + 0.4 u), in range.
pub fn values_at(keys: &[Key], unit: &[f64]) -> Vec<f64> {
    keys.iter()
        .zip(unit)
        .map(|(k, u)| {
            let x = (k.default * (0.8 + 0.4 * u)).clamp(k.low, k.high);
            if k.integer { x.round() } else { x }
        })
        .collect()
}

/// `n` points of the hypercube (the sweep engine's Latin hypercube from `seed`).
pub fn points(keys: &[Key], seed: u64, n: usize) -> Vec<Vec<f64>> {
    cogov::sweep::design::latin_hypercube_unit(seed, n, keys.len())
        .iter()
        .map(|u| values_at(keys, u))
        .collect()
}

fn value(x: f64, integer: bool) -> toml::Value {
    if integer {
        toml::Value::Integer(x as i64)
    } else {
        toml::Value::Float(x)
    }
}

/// `s` with the point's values, except for the keys (and groups of shares) where `s` is
/// not at the default, with shares renormalised.
pub fn perturb(s: &Scenario, keys: &[Key], point: &[f64]) -> Scenario {
    let (mine, defaults) = (table(s), table(&Scenario::default()));
    let at_default = |path: &str| dotted::get(&mine, path) == dotted::get(&defaults, path);
    let group_at_default = |prefix: &str, leaves: &[String]| {
        leaves
            .iter()
            .filter(|l| l.starts_with(prefix))
            .all(|l| at_default(l))
    };
    let leaves = dotted::leaves(&defaults);
    let categories_fixed = !group_at_default(CATEGORY_SHARE, &leaves);
    let ages_fixed = !group_at_default("population.age_shares.", &leaves);
    let mut overlay = toml::Table::new();
    let mut category_sum = 0.0;
    let mut categories = Vec::new();
    for (k, &x) in keys.iter().zip(point) {
        let is_category = k.path.starts_with(CATEGORY_SHARE) && k.path.ends_with(".share");
        if is_category {
            if !categories_fixed {
                category_sum += x;
                categories.push((k.path, x));
            }
            continue;
        }
        if k.path == ELDERLY {
            if !ages_fixed {
                set_ages(&mut overlay, s, x);
            }
            continue;
        }
        if at_default(k.path) {
            dotted::set(&mut overlay, k.path, value(x, k.integer));
        }
    }
    for (path, x) in categories {
        dotted::set(&mut overlay, path, toml::Value::Float(x / category_sum));
    }
    s.with_overlay(&overlay)
        .unwrap_or_else(|e| panic!("a hypercube point is not a valid scenario: {e}"))
}

/// The elderly share `elderly`, the young and middle shares what it leaves, in the
/// scenario's proportion.
fn set_ages(overlay: &mut toml::Table, s: &Scenario, elderly: f64) {
    let a = &s.population.age_shares;
    let rest = a.young + a.middle;
    let young = (1.0 - elderly) * a.young / rest;
    dotted::set(overlay, ELDERLY, toml::Value::Float(elderly));
    dotted::set(
        overlay,
        "population.age_shares.young",
        toml::Value::Float(young),
    );
    dotted::set(
        overlay,
        "population.age_shares.middle",
        toml::Value::Float(1.0 - elderly - young),
    );
}

/// Every fact judged at every point: judgements[point][fact], in `FACTS` order.
pub fn judge_points(
    keys: &[Key],
    points: &[Vec<f64>],
    seed: u64,
    replicates: u32,
) -> Vec<Vec<Judgement>> {
    let scenarios = facts::scenarios();
    points
        .iter()
        .map(|p| {
            let at: Vec<(String, Scenario)> = scenarios
                .iter()
                .map(|(n, s)| (n.clone(), perturb(s, keys, p)))
                .collect();
            let runs: HashMap<String, Trajectories> = facts::run(at, seed, replicates);
            FACTS.iter().map(|f| f.judge(&runs)).collect()
        })
        .collect()
}

/// How many points each fact holds on, in `FACTS` order: by its 95% interval, or by its
/// mean alone (`by_mean`, for runs of too few replicates to give an interval).
pub fn holds_on(judgements: &[Vec<Judgement>], by_mean: bool) -> Vec<usize> {
    (0..FACTS.len())
        .map(|i| {
            judgements
                .iter()
                .filter(|j| if by_mean { j[i].mean_holds } else { j[i].holds })
                .count()
        })
        .collect()
}

/// A markdown table: per fact, the points where it holds by its 95% interval and by its
/// mean, and the range of the measured mean difference over the points.
pub fn markdown(judgements: &[Vec<Judgement>]) -> String {
    let n = judgements.len();
    let share = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    let mut out = String::from(
        "| fact | size | holds (95% interval) | holds (mean) | mean difference over points (min … max) |\n\
         |---|---|---|---|---|\n",
    );
    let by_interval = holds_on(judgements, false);
    let by_mean = holds_on(judgements, true);
    for (i, f) in FACTS.iter().enumerate() {
        let means: Vec<f64> = judgements.iter().map(|j| j[i].difference.mean).collect();
        let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let size = judgements.first().map_or(f64::NAN, |j| j[i].size);
        out.push_str(&format!(
            "| {} | {size:.4} | {} of {n} ({:.0}%) | {} of {n} ({:.0}%) | {lo:+.4} … {hi:+.4} |\n",
            f.name,
            by_interval[i],
            share(by_interval[i]),
            by_mean[i],
            share(by_mean[i]),
        ));
    }
    out
}
