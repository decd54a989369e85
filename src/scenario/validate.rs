//! Validation of a deserialised scenario: ranges and impossible combinations.
//!
//! Every numeric parameter's valid range comes from [`docs::PARAMS`]; this module adds the
//! checks that involve several parameters (shares summing to 1, network size limits,
//! interventions). Problems are returned as (dotted key path, message) so that the loader
//! can turn each path into the file, line and column where the key was written.

use super::deserialize::deserialize_scenario;
use super::docs::{self, PARAMS, Range};
use super::table::{deep_merge, for_each_leaf_path, from_value, to_table};
use super::{Distribution, NetworkKind, Scenario};
use crate::dotted::get as lookup;

/// Problems as (dotted key path, message).
type Errors = Vec<(String, String)>;

/// Check every range and combination, and every intervention: each is merged, in tick
/// order, over the scenario with all earlier interventions merged in, and the result must
/// itself be valid (problems then name the key inside the intervention's `set`).
pub fn validate(s: &Scenario) -> Result<(), Vec<(String, String)>> {
    validate_impl(s, true)
}

/// As [`validate`], but without replaying the interventions over the scenario (their
/// ticks and keys are still checked). Used by
/// [`Scenario::with_overlay`](super::Scenario::with_overlay).
pub(crate) fn validate_without_replay(s: &Scenario) -> Result<(), Vec<(String, String)>> {
    validate_impl(s, false)
}

fn validate_impl(s: &Scenario, replay: bool) -> Result<(), Errors> {
    let mut errs = Vec::new();
    check_parameters(s, &mut errs);
    // Replaying interventions over an invalid scenario would repeat its problems.
    let replay = replay && errs.is_empty();
    check_interventions(s, replay, &mut errs);
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// A number as people write it: `3` rather than `3.0`, `nan` rather than `NaN`.
pub(crate) fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else {
        format!("{x}")
    }
}

/// A sum, rounded to 9 decimals so that 0.5 + 0.38 + 0.27 shows as 1.15.
fn fmt_sum(x: f64) -> String {
    let s = format!("{x:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// 24000 → "24,000".
pub(crate) fn fmt_count(n: u128) -> String {
    crate::format::count(n)
}

fn check_number(path: &str, x: f64, range: Range, errs: &mut Errors) {
    if !x.is_finite() {
        errs.push((
            path.to_string(),
            format!(
                "{} is not a finite number; valid range is {range}",
                fmt_num(x)
            ),
        ));
    } else if !range.contains(x) {
        errs.push((
            path.to_string(),
            format!("{} is out of range; valid range is {range}", fmt_num(x)),
        ));
    }
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

fn check_distribution(path: &str, d: &Distribution, errs: &mut Errors) {
    let sub = |k: &str| format!("{path}.{k}");
    let before = errs.len();
    match *d {
        Distribution::Constant { value } => {
            check_number(&sub("value"), value, Range::UnitInterval, errs)
        }
        Distribution::Uniform { low, high } => {
            check_number(&sub("low"), low, Range::UnitInterval, errs);
            check_number(&sub("high"), high, Range::UnitInterval, errs);
            if errs.len() == before && low > high {
                errs.push((
                    path.to_string(),
                    format!(
                        "low ({}) is greater than high ({}); a uniform distribution needs \
                         0 <= low <= high <= 1",
                        fmt_num(low),
                        fmt_num(high)
                    ),
                ));
            }
        }
        Distribution::Normal { mean, sd } => {
            check_number(&sub("mean"), mean, Range::UnitInterval, errs);
            check_number(&sub("sd"), sd, Range::Between(0.0, docs::MAX_SD), errs);
        }
        Distribution::Beta { alpha, beta } => {
            let shape = Range::PositiveAtMost(docs::MAX_BETA_SHAPE);
            check_number(&sub("alpha"), alpha, shape, errs);
            check_number(&sub("beta"), beta, shape, errs);
        }
    }
}

/// Check that named shares sum to 1.
fn check_sum(path: &str, what: &str, parts: &[(&str, f64)], errs: &mut Errors) {
    if parts.iter().any(|(_, x)| !x.is_finite()) {
        return; // already reported
    }
    let sum: f64 = parts.iter().map(|(_, x)| x).sum();
    if (sum - 1.0).abs() > docs::SUM_TOLERANCE {
        let terms: Vec<String> = parts
            .iter()
            .map(|(name, x)| format!("{name} {}", fmt_num(*x)))
            .collect();
        errs.push((
            path.to_string(),
            format!(
                "{what} sum to {} ({}); they must sum to 1 (within {:e})",
                fmt_sum(sum),
                terms.join(" + "),
                docs::SUM_TOLERANCE
            ),
        ));
    }
}

/// Ranges of every parameter and combinations of parameters (not interventions).
fn check_parameters(s: &Scenario, errs: &mut Errors) {
    check_ranges(s, errs);
    check_sums(s, errs);
    check_sizes(s, errs);
}

/// Every parameter against the valid range of its catalogue row.
fn check_ranges(s: &Scenario, errs: &mut Errors) {
    // A u64 seed may not fit a TOML integer; check it before serialising.
    let mut copy;
    let mut s = s;
    if s.run.seed > i64::MAX as u64 {
        errs.push((
            "run.seed".into(),
            format!(
                "{} is out of range; valid range is 0 to {} (TOML integers are 64-bit signed)",
                s.run.seed,
                i64::MAX
            ),
        ));
        copy = s.clone();
        copy.run.seed = 0;
        s = &copy;
    }
    let mut bare = s.clone();
    bare.interventions.clear();
    let table = match to_table(&bare) {
        Ok(t) => t,
        Err(e) => {
            errs.push((String::new(), e));
            return;
        }
    };

    for p in PARAMS {
        let Some(v) = lookup(&table, p.path) else {
            continue;
        };
        if p.range.is_numeric() {
            if let Some(x) = number(v) {
                check_number(p.path, x, p.range, errs);
            }
        } else if p.range == Range::Distribution
            && let Some(d) = from_value::<Distribution>(v)
        {
            check_distribution(p.path, &d, errs);
        }
    }
}

/// Shares that must sum to one.
fn check_sums(s: &Scenario, errs: &mut Errors) {
    let ages = &s.population.age_shares;
    check_sum(
        "population.age_shares",
        "the shares",
        &[
            ("young", ages.young),
            ("middle", ages.middle),
            ("elderly", ages.elderly),
        ],
        errs,
    );
    let cats = &s.issues.categories;
    let shares: Vec<(&str, f64)> = super::IssueCategories::NAMES
        .iter()
        .zip(cats.all())
        .map(|(name, c)| (*name, c.share))
        .collect();
    check_sum("issues.categories", "the category shares", &shares, errs);
    let split = &s.office.split;
    check_sum(
        "office.split",
        "the shares",
        &[
            ("own_programs", split.own_programs),
            ("devolved", split.devolved),
            ("ngo_procurement", split.ngo_procurement),
            ("training", split.training),
        ],
        errs,
    );
}

/// Sizes that must fit in memory, computed without overflow.
fn check_sizes(s: &Scenario, errs: &mut Errors) {
    let pop = &s.population;
    let communities = u128::from(pop.streets) * u128::from(pop.communities_per_street);
    let residents = communities * u128::from(pop.residents_per_community);
    if residents > u128::from(docs::MAX_RESIDENTS) {
        errs.push((
            "population.residents_per_community".into(),
            format!(
                "the scenario has {} residents (streets {} × communities_per_street {} × \
                 residents_per_community {}), more than the limit of {} (memory)",
                fmt_count(residents),
                pop.streets,
                pop.communities_per_street,
                pop.residents_per_community,
                fmt_count(docs::MAX_RESIDENTS.into())
            ),
        ));
    }
    let net = &s.network;
    match net.kind {
        NetworkKind::Complete if residents > u128::from(docs::MAX_COMPLETE_RESIDENTS) => {
            let ties = residents * residents.saturating_sub(1) / 2;
            errs.push((
                "network.kind".into(),
                format!(
                    "a complete network needs at most {} residents but this scenario has {}: \
                     its ties grow as n² (n(n-1)/2 = {} ties here); use \"small_world\" or \
                     \"erdos_renyi\"",
                    fmt_count(docs::MAX_COMPLETE_RESIDENTS.into()),
                    fmt_count(residents),
                    fmt_count(ties)
                ),
            ));
        }
        NetworkKind::ErdosRenyi | NetworkKind::SmallWorld if net.mean_degree.is_finite() => {
            let n = residents as f64;
            if net.kind == NetworkKind::ErdosRenyi && net.mean_degree >= n {
                errs.push((
                    "network.mean_degree".into(),
                    format!(
                        "mean degree {} must be less than the number of residents ({}) for an \
                         Erdős–Rényi network",
                        fmt_num(net.mean_degree),
                        fmt_count(residents)
                    ),
                ));
            }
            // Small-world degree is clamped by the model to the community size.
            let degree = if net.kind == NetworkKind::SmallWorld {
                net.mean_degree.min(f64::from(pop.residents_per_community))
            } else {
                net.mean_degree
            };
            // Too many residents is reported above; their ties follow from it.
            if n * degree > docs::MAX_TIE_ENDS && residents <= u128::from(docs::MAX_RESIDENTS) {
                errs.push((
                    "network.mean_degree".into(),
                    format!(
                        "residents × mean degree = {} tie ends, more than the limit of {} \
                         (memory); lower mean_degree or the population",
                        fmt_count((n * degree) as u128),
                        fmt_count(docs::MAX_TIE_ENDS as u128)
                    ),
                ));
            }
        }
        _ => {}
    }
    let ngos = communities * u128::from(s.ngo.pool_per_community);
    if ngos > u128::from(docs::MAX_NGOS) {
        errs.push((
            "ngo.pool_per_community".into(),
            format!(
                "the scenario has {} potential NGOs (pool_per_community × {} communities), \
                 more than the limit of {} (memory)",
                fmt_count(ngos),
                fmt_count(communities),
                fmt_count(docs::MAX_NGOS.into())
            ),
        ));
    }
}

fn prefixed(prefix: &str, path: &str) -> String {
    if path.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}

fn check_interventions(s: &Scenario, replay: bool, errs: &mut Errors) {
    let fixed = docs::FIXED_DURING_RUN.join(", ");
    let fixed = match fixed.rfind(", ") {
        Some(i) => format!("{} and {}", &fixed[..i], &fixed[i + 2..]),
        None => fixed,
    };
    for (i, iv) in s.interventions.iter().enumerate() {
        if iv.tick > s.run.ticks {
            errs.push((
                format!("interventions[{i}].tick"),
                format!(
                    "tick {} is after the end of the run; valid range is 0 to run.ticks = {}",
                    iv.tick, s.run.ticks
                ),
            ));
        }
        let mut set_paths = Vec::new();
        for_each_leaf_path(&iv.set, "", &mut |p| set_paths.push(p.to_string()));
        for path in set_paths {
            if let Some(start) = docs::READ_AT_START
                .iter()
                .find(|k| path == **k || path.starts_with(&format!("{k}.")))
            {
                errs.push((
                    format!("interventions[{i}].set.{path}"),
                    format!(
                        "`{start}` sets the initial state and is read only when a run starts, \
                         so changing it mid-run would do nothing; set it in the scenario itself \
                         (valid in an intervention: every parameter except {fixed} and {})",
                        docs::READ_AT_START.join(", ")
                    ),
                ));
            }
        }
        for key in iv.set.keys() {
            if docs::FIXED_DURING_RUN.contains(&key.as_str()) {
                errs.push((
                    format!("interventions[{i}].set.{key}"),
                    format!(
                        "`{key}` cannot change during a run: {fixed} are fixed for the whole \
                         run; remove it from this intervention's `set`"
                    ),
                ));
            }
        }
    }
    if !replay || s.interventions.is_empty() {
        return;
    }
    let mut base = s.clone();
    base.interventions.clear();
    let Ok(mut current) = to_table(&base) else {
        return;
    };
    let mut order: Vec<usize> = (0..s.interventions.len()).collect();
    order.sort_by_key(|&i| s.interventions[i].tick);
    for i in order {
        let mut set = s.interventions[i].set.clone();
        for key in docs::FIXED_DURING_RUN.iter() {
            set.remove(*key);
        }
        let mut next = current.clone();
        deep_merge(&mut next, &set);
        let prefix = format!("interventions[{i}].set");
        match deserialize_scenario(next.clone(), false) {
            Err(found) => {
                errs.extend(found.into_iter().map(|(p, m)| (prefixed(&prefix, &p), m)));
            }
            Ok(merged) => {
                let mut found = Vec::new();
                check_parameters(&merged, &mut found);
                if found.is_empty() {
                    current = next;
                } else {
                    errs.extend(found.into_iter().map(|(p, m)| (prefixed(&prefix, &p), m)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Intervention;

    fn paths(r: Result<(), Errors>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn default_is_valid() {
        assert_eq!(validate(&Scenario::default()), Ok(()));
    }

    #[test]
    fn ranges_come_from_docs() {
        let mut s = Scenario::default();
        s.committee.skill = 1.5;
        s.run.ticks = 0;
        s.council.hours_per_attendee = 200.0;
        s.ngo.cost_per_hour = 0.0;
        s.trust.word_of_mouth = f64::NAN;
        assert_eq!(
            paths(validate(&s)),
            [
                "run.ticks",
                "committee.skill",
                "ngo.cost_per_hour",
                "council.hours_per_attendee",
                "trust.word_of_mouth"
            ]
        );
    }

    #[test]
    fn distributions() {
        let mut s = Scenario::default();
        s.population.threshold = Distribution::Uniform {
            low: 0.6,
            high: 0.2,
        };
        s.population.initial_trust = Distribution::Normal {
            mean: 0.5,
            sd: -0.1,
        };
        s.population.initial_efficacy = Distribution::Beta {
            alpha: 0.0,
            beta: 1.0,
        };
        s.population.initial_satisfaction = Distribution::Constant { value: 1.2 };
        let errs = validate(&s).unwrap_err();
        assert_eq!(
            errs,
            vec![
                (
                    "population.threshold".to_string(),
                    "low (0.6) is greater than high (0.2); a uniform distribution needs \
                     0 <= low <= high <= 1"
                        .to_string()
                ),
                (
                    "population.initial_trust.sd".to_string(),
                    "-0.1 is out of range; valid range is [0, 1000]".to_string()
                ),
                (
                    "population.initial_efficacy.alpha".to_string(),
                    "0 is out of range; valid range is > 0 and <= 1000000".to_string()
                ),
                (
                    "population.initial_satisfaction.value".to_string(),
                    "1.2 is out of range; valid range is [0, 1]".to_string()
                ),
            ]
        );
        s.population.threshold = Distribution::Uniform {
            low: 0.2,
            high: 0.2,
        };
        s.population.initial_trust = Distribution::Normal { mean: 1.0, sd: 0.0 };
        s.population.initial_efficacy = Distribution::Beta {
            alpha: 0.5,
            beta: 0.5,
        };
        s.population.initial_satisfaction = Distribution::Constant { value: 0.0 };
        assert_eq!(validate(&s), Ok(()));
    }

    #[test]
    fn sums() {
        let mut s = Scenario::default();
        s.population.age_shares.young = 0.36;
        s.issues.categories.paperwork.share = 0.0;
        s.office.split.devolved = 0.1 + 1e-7; // within tolerance
        assert_eq!(
            paths(validate(&s)),
            ["population.age_shares", "issues.categories"]
        );
    }

    #[test]
    fn sizes_do_not_overflow() {
        let mut s = Scenario::default();
        s.population.streets = u32::MAX;
        s.population.communities_per_street = u32::MAX;
        s.population.residents_per_community = u32::MAX;
        let p = paths(validate(&s));
        assert!(p.contains(&"population.residents_per_community".to_string()));
        assert!(p.contains(&"ngo.pool_per_community".to_string()));
        // Too many tie ends follows from too many residents: not reported twice.
        assert!(!p.contains(&"network.mean_degree".to_string()));
        s.population.streets = 1;
        s.population.communities_per_street = 1000;
        s.population.residents_per_community = 100_000;
        s.network.mean_degree = 1000.0;
        assert_eq!(paths(validate(&s)), ["network.mean_degree"]);
    }

    #[test]
    fn huge_seed_is_rejected_without_panic() {
        let mut s = Scenario::default();
        s.run.seed = u64::MAX;
        assert_eq!(paths(validate(&s)), ["run.seed"]);
        s.run.seed = i64::MAX as u64;
        assert_eq!(validate(&s), Ok(()));
    }

    #[test]
    fn complete_network_limit() {
        let mut s = Scenario::default();
        s.network.kind = NetworkKind::Complete;
        let errs = validate(&s).unwrap_err();
        assert_eq!(errs[0].0, "network.kind");
        assert_eq!(
            errs[0].1,
            "a complete network needs at most 20,000 residents but this scenario has 24,000: \
             its ties grow as n² (n(n-1)/2 = 287,988,000 ties here); use \"small_world\" or \
             \"erdos_renyi\""
        );
        s.population.residents_per_community = 2500;
        assert_eq!(validate(&s), Ok(()));
    }

    #[test]
    fn interventions_replay_in_tick_order() {
        let mut s = Scenario::default();
        let set = |text: &str| -> toml::Table { toml::from_str(text).unwrap() };
        s.interventions = vec![
            Intervention {
                tick: 60,
                set: set("[office.split]\nown_programs = 0.4\ndevolved = 0.4\n"),
            },
            Intervention {
                tick: 50,
                set: set(
                    "[office.split]\nown_programs = 0.5\ndevolved = 0.3\nngo_procurement = 0.1\ntraining = 0.1\n",
                ),
            },
        ];
        assert_eq!(validate(&s), Ok(()));
        s.interventions[1].set = set("[office]\naccess_list = 0.5\n");
        let errs = validate(&s).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, "interventions[0].set.office.split");
        // with_overlay does not replay them.
        assert!(s.with_overlay(&toml::Table::new()).is_ok());
    }

    #[test]
    fn interventions_fixed_keys_and_ticks() {
        let s = Scenario {
            interventions: vec![Intervention {
                tick: 200,
                set: toml::from_str("network.kind = \"none\"\n[run]\nticks = 5\n").unwrap(),
            }],
            ..Scenario::default()
        };
        assert_eq!(
            paths(validate(&s)),
            [
                "interventions[0].tick",
                "interventions[0].set.network",
                "interventions[0].set.run"
            ]
        );
    }

    #[test]
    fn number_formatting() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(-0.5), "-0.5");
        assert_eq!(fmt_num(f64::NAN), "nan");
        assert_eq!(fmt_num(f64::NEG_INFINITY), "-inf");
        assert_eq!(fmt_sum(0.5 + 0.38 + 0.27), "1.15");
        assert_eq!(fmt_sum(2.0), "2");
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(24_000), "24,000");
        assert_eq!(fmt_count(100_000_000), "100,000,000");
    }
}
