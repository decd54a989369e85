//! The parameter catalogue: the unit, valid range, meaning, Chinese label, reason and
//! when-it-may-change of every scenario parameter.
//!
//! Each section file (`run.rs`, `office.rs`, …) holds its struct, its `Default` and its
//! rows (`ROWS`); [`PARAMS`] is those rows joined, in struct order. Every reader takes a
//! parameter's documentation from here: validation (`validate.rs`) its valid [`Range`],
//! `cogov defaults` and the ODD table (`render.rs`) their comments and rows, the report its
//! labels (`i18n::parameter_label`), a sweep which paths it may vary ([`NOT_SWEEPABLE`]),
//! interventions which keys they may set ([`FIXED_DURING_RUN`], [`READ_AT_START`]), and
//! the fuzz dictionary `fuzz/load_str.dict` ([`fuzz_dictionary`]). There is one row per
//! leaf of the serialised [`Scenario`](super::Scenario), except that a distribution table
//! (`population.threshold`, …) is one row and so is the whole `interventions` array. A unit
//! test checks that the two agree exactly.

use std::sync::LazyLock;

pub use super::network::NETWORK_KINDS;
pub use super::office::REACTIONS;
pub use super::param::{Change, MAX_BETA_SHAPE, MAX_SD, ParamDoc, Range};
pub use super::values::DISTRIBUTIONS;
use super::{
    committee, coordination, council, interventions, issues, network, ngo, office, online,
    outreach, participation, population, projects, run, satisfaction, text, training, trust,
};

/// The rows of every section, in struct order.
const SECTIONS: &[&[ParamDoc]] = &[
    text::ROWS,
    run::ROWS,
    population::ROWS,
    network::ROWS,
    participation::ROWS,
    online::ROWS,
    issues::ROWS,
    committee::ROWS,
    office::ROWS,
    ngo::ROWS,
    council::ROWS,
    training::ROWS,
    coordination::ROWS,
    trust::ROWS,
    satisfaction::ROWS,
    outreach::ROWS,
    projects::ROWS,
    interventions::ROWS,
];

/// Number of rows in all sections.
const COUNT: usize = {
    let (mut i, mut n) = (0, 0);
    while i < SECTIONS.len() {
        n += SECTIONS[i].len();
        i += 1;
    }
    n
};

/// The rows of `parts` one after the other (at compile time).
const fn join<const N: usize>(parts: &[&[ParamDoc]]) -> [ParamDoc; N] {
    let mut out = [parts[0][0]; N];
    let (mut i, mut n) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Every parameter, in struct order: the rows of every section joined.
pub static PARAMS: &[ParamDoc] = &join::<COUNT>(SECTIONS);

/// The documentation of the parameter at `path` (no `interventions[i].set.` prefix).
pub fn param(path: &str) -> Option<&'static ParamDoc> {
    PARAMS.iter().find(|p| p.path == path)
}

/// Most residents a scenario may have (memory: each resident is some tens of bytes plus
/// ties).
pub const MAX_RESIDENTS: u64 = 100_000_000;
/// Most residents for a complete network (ties grow as n²).
pub const MAX_COMPLETE_RESIDENTS: u64 = 20_000;
/// Most tie ends (residents × mean degree) a network may have.
pub const MAX_TIE_ENDS: f64 = 4.0e9;
/// Most potential NGOs in a scenario (pool per community × communities).
pub const MAX_NGOS: u64 = 10_000_000;
/// Tolerance for shares that must sum to 1.
pub const SUM_TOLERANCE: f64 = 1e-6;
/// Keys an intervention may not change: they are fixed for the whole run (the largest
/// groups of rows whose [`Change`] is `Fixed`).
pub static FIXED_DURING_RUN: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| groups(|p| p.change == Change::Fixed));

/// Parameters that set a run's initial state: read once when a run starts, so an
/// intervention that changed them would do nothing. Interventions may not set them (the
/// largest groups of rows whose [`Change`] is `AtStart`).
pub static READ_AT_START: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| groups(|p| p.change == Change::AtStart));

/// Paths a sweep may not vary, nor anything under them (the largest groups of rows that
/// are not `sweep`).
pub static NOT_SWEEPABLE: LazyLock<Vec<&'static str>> = LazyLock::new(|| groups(|p| !p.sweep));

/// Whether `path` is `prefix` or lies under it (`office.split.devolved` under `office`).
fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The rows for which `keep` holds, each replaced by its shortest ancestor path (a section,
/// a table, or the row itself) all of whose rows `keep` holds for; in struct order, without
/// repeats. E.g. the three `online.access.*` rows become `online.access`.
fn groups(keep: impl Fn(&ParamDoc) -> bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in PARAMS.iter().filter(|p| keep(p)) {
        let ancestors = p.path.match_indices('.').map(|(i, _)| &p.path[..i]);
        let group = ancestors
            .chain(std::iter::once(p.path))
            .find(|a| PARAMS.iter().filter(|q| is_under(q.path, a)).all(&keep))
            .unwrap_or(p.path);
        if !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

/// The fuzz dictionary `fuzz/load_str.dict` (libFuzzer format, one quoted token a line):
/// every key of a scenario file, every value of a choice or distribution, and the TOML
/// syntax and numbers that reach the loader's edge cases.
pub fn fuzz_dictionary() -> String {
    let mut words: Vec<&str> = PARAMS.iter().flat_map(|p| p.path.split('.')).collect();
    for p in PARAMS {
        if let Range::OneOf(names) = p.range {
            words.extend(names.iter().copied());
        }
    }
    for (kind, params) in DISTRIBUTIONS {
        words.push(kind);
        words.extend(params.iter().copied());
    }
    words.extend(["extends", "tick", "set", "distribution"]);
    words.sort_unstable();
    words.dedup();
    words.extend([
        "nan",
        "inf",
        "-inf",
        "1e400",
        "[[interventions]]",
        "= ",
        "\"",
        "{",
        "}",
    ]);
    words.extend(["[", "]", "\n"]);
    let mut out =
        String::from("# Generated from the parameter catalogue (src/scenario/docs.rs).\n");
    for w in words {
        out.push('"');
        for c in w.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\x0a"),
                c => out.push(c),
            }
        }
        out.push_str("\"\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use std::collections::BTreeSet;

    /// Leaf paths of a serialised scenario; distribution tables and arrays are leaves.
    fn leaves(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
        for (k, v) in table {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(t) if !t.contains_key("distribution") => leaves(t, &path, out),
                _ => out.push(path),
            }
        }
    }

    #[test]
    fn every_leaf_has_exactly_one_param_doc_and_back() {
        let table = toml::Table::try_from(Scenario::default()).unwrap();
        let mut paths = Vec::new();
        leaves(&table, "", &mut paths);
        let leaves: BTreeSet<_> = paths.iter().map(String::as_str).collect();
        for leaf in &leaves {
            let n = PARAMS.iter().filter(|p| p.path == *leaf).count();
            assert_eq!(n, 1, "{leaf} has {n} ParamDocs");
        }
        for p in PARAMS {
            assert!(
                leaves.contains(p.path),
                "ParamDoc {} is not a parameter",
                p.path
            );
        }
        assert_eq!(leaves.len(), PARAMS.len());
    }

    #[test]
    fn params_are_in_struct_order() {
        // Top-level sections appear in the order of the serialised struct.
        let order = [
            "title",
            "description",
            "run",
            "population",
            "network",
            "participation",
            "online",
            "issues",
            "committee",
            "office",
            "ngo",
            "council",
            "training",
            "coordination",
            "trust",
            "satisfaction",
            "outreach",
            "projects",
            "interventions",
        ];
        let mut last = 0;
        for p in PARAMS {
            let top = p.path.split('.').next().unwrap();
            let i = order.iter().position(|o| *o == top).unwrap();
            assert!(i >= last, "{} out of order", p.path);
            last = i;
        }
    }

    #[test]
    fn distributions_and_kinds_are_documented_as_such() {
        let d = Scenario::default();
        let table = toml::Table::try_from(&d).unwrap();
        for p in PARAMS {
            let v = crate::dotted::get(&table, p.path).unwrap();
            match p.range {
                Range::Distribution => assert!(v.get("distribution").is_some(), "{}", p.path),
                Range::Bool => assert!(v.is_bool(), "{}", p.path),
                Range::Text => assert!(v.is_str(), "{}", p.path),
                Range::OneOf(names) => assert!(names.contains(&v.as_str().unwrap())),
                Range::Interventions => assert!(v.is_array()),
                r => {
                    let x = v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap();
                    assert!(r.contains(x), "default of {} = {x} is outside {r}", p.path);
                }
            }
            assert!(!p.doc.is_empty() && !p.reason.is_empty() && !p.unit.is_empty());
            assert!(!p.doc.contains('\n') && !p.reason.contains('\n'));
        }
    }

    #[test]
    fn ranges_reject_non_finite_numbers() {
        for r in [
            Range::UnitInterval,
            Range::NonNegative,
            Range::Positive,
            Range::AtLeast(1.0),
            Range::Between(0.0, 168.0),
        ] {
            assert!(!r.contains(f64::NAN));
            assert!(!r.contains(f64::INFINITY));
            assert!(!r.contains(f64::NEG_INFINITY));
        }
        assert!(Range::UnitInterval.contains(1.0));
        assert!(!Range::UnitInterval.contains(1.000_001));
        assert!(!Range::Positive.contains(0.0));
        assert_eq!(Range::Between(1.0, 168.0).to_string(), "[1, 168]");
        assert_eq!(Range::AtLeast(1.0).to_string(), ">= 1");
        assert_eq!(
            Range::OneOf(REACTIONS).to_string(),
            "\"supervision\" or \"resources\""
        );
    }

    /// A reason that starts with a number ("0.6: …", "2% = …", "1,500 yuan …") must
    /// quote the current default, so reasons do not go stale when defaults change.
    #[test]
    fn reasons_quote_the_current_defaults() {
        let table = toml::Table::try_from(Scenario::default()).unwrap();
        for p in PARAMS {
            let token: String = p
                .reason
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '%')
                .collect();
            let token = token.trim_end_matches(['.', ',']);
            if token.is_empty() {
                continue;
            }
            let quoted: f64 = match token.strip_suffix('%') {
                Some(pct) => pct.replace(',', "").parse::<f64>().unwrap() / 100.0,
                None => token.replace(',', "").parse().unwrap(),
            };
            let v = crate::dotted::get(&table, p.path).unwrap();
            let default = v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap();
            assert!(
                (quoted - default).abs() < 1e-9,
                "reason of {} quotes {quoted} but the default is {default}",
                p.path
            );
        }
    }

    /// The figures derived from several defaults in the reasons still hold.
    #[test]
    fn derived_figures_in_reasons_hold() {
        let s = Scenario::default();
        let own = s.office.budget_per_community * s.office.split.own_programs;
        let admin =
            s.committee.base_admin_hours + own / 1000.0 * s.office.admin_hours_per_1000_yuan;
        let staff_hours = f64::from(s.committee.staff) * s.committee.hours_per_staff;
        // "~184 h a week ≈ 36 tasks … of ~5 h, about three quarters of 240 staff hours"
        assert!((own - 9600.0).abs() < 1e-9);
        assert!((admin - 183.6).abs() < 1e-9);
        assert!((staff_hours - 240.0).abs() < 1e-9);
        // "baseline contract income of about 1,200 yuan a week … no NGO breaks even"
        let income = s.office.budget_per_community
            * s.office.split.ngo_procurement
            * f64::from(s.ngo.communities_served);
        assert!((income - 1200.0).abs() < 1e-9 && income < s.ngo.entry_barrier);
        // "the baseline 600 yuan a week close 0.6% of the gap"
        let training = s.office.budget_per_community * s.office.split.training;
        assert!((training / 1000.0 * s.training.skill_per_1000_yuan - 0.006).abs() < 1e-12);
        // "24 issues a week in a community of 3,000", "about 47% of issues are reported"
        let issues = s.issues.rate * f64::from(s.population.residents_per_community);
        assert!((issues - 24.0).abs() < 1e-9);
        assert!((s.issues.report_base + s.issues.report_trust * 0.45 - 0.475).abs() < 1e-12);
    }

    #[test]
    fn when_a_key_may_change_is_derived_from_the_rows() {
        assert_eq!(
            *FIXED_DURING_RUN,
            [
                "title",
                "description",
                "run",
                "population",
                "network",
                "interventions"
            ]
        );
        assert_eq!(
            *READ_AT_START,
            [
                "online.access",
                "committee.skill",
                "committee.initial_funds",
                "ngo.pool_per_community"
            ]
        );
        assert_eq!(
            *NOT_SWEEPABLE,
            [
                "title",
                "description",
                "run.replicates",
                "run.seed",
                "interventions"
            ]
        );
        // The interventions row names every key an intervention may not set.
        let doc = param("interventions").unwrap().doc;
        for key in FIXED_DURING_RUN.iter().chain(READ_AT_START.iter()) {
            assert!(
                doc.contains(key),
                "the interventions row does not name {key}"
            );
        }
        // Whatever is fixed for the run or read at start cannot be a per-tick parameter
        // of a section that is otherwise fixed, and texts are never swept.
        for p in PARAMS {
            if p.range == Range::Text {
                assert!(!p.sweep && p.change == Change::Fixed, "{}", p.path);
            }
        }
        assert!(is_under("online.access.young", "online.access"));
        assert!(is_under("online", "online"));
        assert!(!is_under("online.access_growth", "online.access"));
    }

    /// `fuzz/load_str.dict` is generated from the catalogue; regenerate it with
    /// `COGOV_WRITE_FUZZ_DICT=1 cargo test --lib fuzz_dictionary`.
    #[test]
    fn fuzz_dictionary_is_current() {
        const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/load_str.dict");
        let current = fuzz_dictionary();
        if std::env::var_os("COGOV_WRITE_FUZZ_DICT").is_some() {
            std::fs::write(PATH, &current).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed.replace("\r\n", "\n") == current,
            "fuzz/load_str.dict is not the dictionary the parameter catalogue gives; \
             regenerate it with `COGOV_WRITE_FUZZ_DICT=1 cargo test --lib fuzz_dictionary` \
             and commit it"
        );
        for p in PARAMS {
            for key in p.path.split('.') {
                assert!(current.contains(&format!("\"{key}\"\n")), "{key}");
            }
        }
        assert!(current.contains("\"resources\"\n") && current.contains("\"\\x0a\"\n"));
    }

    #[test]
    fn every_row_has_a_chinese_label() {
        for p in PARAMS {
            assert!(
                p.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: {:?}",
                p.path,
                p.zh
            );
        }
        assert_eq!(
            param("issues.categories.parking.hours").unwrap().zh,
            "停车类诉求:所需工时"
        );
    }
}
