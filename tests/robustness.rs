//! Robustness of the stylised facts (issue 10: "a fact that holds only on a knife edge is
//! not a fact"): every calibration choice varied by ±20% around its default on a Latin
//! hypercube (see `tests/common/hypercube.rs` for which keys and how), and every fact of
//! `tests/common/facts.rs` judged at each point exactly as `tests/stylised_facts.rs` judges
//! it on the defaults (95% paired interval over replicates beyond the fact's size).
//!
//! The small version (8 points × 2 replicates) runs with the tests and asserts every fact
//! holds on at least 6 of the 8 points. With 2 replicates the 95% t interval is ±12.7
//! standard errors wide, so a point of the small version counts when the fact's mean paired
//! difference lies beyond its size (the sampling uncertainty at the defaults is judged by
//! `tests/stylised_facts.rs` with 10 replicates). The full version (50 points × 5
//! replicates, target ≥ 90% of points per fact by the 95% interval, as on the defaults) is
//! ignored here and run by `scripts/robustness.sh`, which prints the markdown table for the
//! ODD (both criteria). Facts found below 90% there are listed in `facts::CONDITIONAL`:
//! judged and printed at every point, but not asserted by either version.

mod common;

use common::facts::{FACTS, is_conditional};
use common::hypercube::{self, calibration_keys};

/// The hypercube's seed (ChaCha8, `Purpose::SweepDesign`) and the runs' master seed.
const DESIGN_SEED: u64 = 2026;
const RUN_SEED: u64 = 5000;

#[test]
fn the_hypercube_varies_every_calibration_choice_within_twenty_percent() {
    let keys = calibration_keys();
    assert!(keys.len() >= 60, "{} keys", keys.len());
    for path in [
        "issues.withdraw_after",
        "trust.recovery",
        "office.pressure_memory",
        "council.relief_memory",
        "council.full_attendance",
        "council.mandate_authority",
        "issues.categories.parking.share",
    ] {
        assert!(keys.iter().any(|k| k.path == path), "{path} is not varied");
    }
    // Sourced values and non-numbers stay fixed.
    for path in ["committee.staff", "online.access.elderly", "online.choice"] {
        assert!(keys.iter().all(|k| k.path != path), "{path} is varied");
    }
    let points = hypercube::points(&keys, DESIGN_SEED, 8);
    for p in &points {
        for (k, x) in keys.iter().zip(p) {
            let (lo, hi) = (0.8 * k.default, 1.2 * k.default);
            let slack = if k.integer { 0.5 } else { 1e-9 };
            assert!(
                *x >= lo.min(hi).clamp(k.low, k.high) - slack
                    && *x <= hi.max(lo).clamp(k.low, k.high) + slack,
                "{}: {x} outside ±20% of {}",
                k.path,
                k.default
            );
            assert!(!k.integer || x.fract() == 0.0, "{}: {x}", k.path);
        }
        let s = hypercube::perturb(&cogov::scenario::Scenario::default(), &keys, p);
        let shares: f64 = s.issues.categories.all().iter().map(|c| c.share).sum();
        assert!((shares - 1.0).abs() < 1e-9, "category shares {shares}");
        let a = &s.population.age_shares;
        assert!((a.young + a.middle + a.elderly - 1.0).abs() < 1e-9);
    }
    // A scenario's own lever is not varied.
    let unreachable = common::facts::scenarios()
        .into_iter()
        .find(|(n, _)| n == "councils_unreachable")
        .unwrap()
        .1;
    assert_eq!(
        hypercube::perturb(&unreachable, &keys, &points[0])
            .council
            .quorum,
        0.2
    );
}

#[test]
fn every_fact_holds_on_at_least_six_of_eight_hypercube_points() {
    let keys = calibration_keys();
    let points = hypercube::points(&keys, DESIGN_SEED, 8);
    let judgements = hypercube::judge_points(&keys, &points, RUN_SEED, 2);
    println!("{}", hypercube::markdown(&judgements));
    let failing: Vec<String> = FACTS
        .iter()
        .zip(hypercube::holds_on(&judgements, true))
        .filter(|(f, n)| *n < 6 && !is_conditional(f.name))
        .map(|(f, n)| format!("{} holds on {n} of 8", f.name))
        .collect();
    assert!(
        failing.is_empty(),
        "{failing:?}\n{}",
        hypercube::markdown(&judgements)
    );
}

/// The full hypercube: 50 points × 5 replicates (2,000 runs; run it in release mode
/// through `scripts/robustness.sh`). Prints the table per fact and asserts the target.
#[test]
#[ignore]
fn full_hypercube_every_fact_holds_on_ninety_percent_of_fifty_points() {
    let keys = calibration_keys();
    let points = hypercube::points(&keys, DESIGN_SEED, 50);
    let judgements = hypercube::judge_points(&keys, &points, RUN_SEED, 5);
    println!(
        "{} calibration choices varied by ±20%, 50 Latin-hypercube points × 5 replicates, \
         weeks 53–104\n",
        keys.len()
    );
    println!("{}", hypercube::markdown(&judgements));
    let short: Vec<&str> = FACTS
        .iter()
        .zip(hypercube::holds_on(&judgements, false))
        .filter(|(f, n)| *n < 45 && !is_conditional(f.name))
        .map(|(f, _)| f.name)
        .collect();
    assert!(short.is_empty(), "below 90% of points: {short:?}");
}

/// Not a test: for the facts below 90% in the full hypercube, where they fail. Runs only
/// their scenarios, with the full version's points, seeds and replicates (so the same
/// judgements), and prints per point the baseline's window office pressure and each
/// fact's difference, then per fact the calibration choices whose unit coordinate differs
/// most between the points where it fails and those where it holds.
#[test]
#[ignore]
fn print_where_the_knife_edge_facts_fail() {
    use cogov::compare::DEFAULT_WINDOW;
    let names = [
        "online_without_reform_raises_office_pressure",
        "an_open_door_raises_participation",
        "co_governance_raises_service_within_patience",
    ];
    let wanted: Vec<_> = FACTS.iter().filter(|f| names.contains(&f.name)).collect();
    let keys = calibration_keys();
    let unit = cogov::sweep::design::latin_hypercube_unit(DESIGN_SEED, 50, keys.len());
    let scenarios: Vec<_> = common::facts::scenarios()
        .into_iter()
        .filter(|(n, _)| {
            ["baseline", "online", "ngo_open_door", "co_governance"].contains(&n.as_str())
        })
        .collect();
    let mut held = vec![Vec::new(); wanted.len()];
    for (i, u) in unit.iter().enumerate() {
        let p = hypercube::values_at(&keys, u);
        let at = scenarios
            .iter()
            .map(|(n, s)| (n.clone(), hypercube::perturb(s, &keys, &p)))
            .collect();
        let runs = common::facts::run(at, RUN_SEED, 5);
        let pressure = |s: &str| {
            cogov::compare::estimate(
                &runs[s]
                    .window_means("office_pressure", DEFAULT_WINDOW)
                    .unwrap(),
            )
            .mean
        };
        let mut line = format!(
            "point {i:2}: baseline pressure {:.3}, online {:.3}",
            pressure("baseline"),
            pressure("online")
        );
        for (k, f) in wanted.iter().enumerate() {
            let j = f.judge(&runs);
            held[k].push(j.holds);
            line.push_str(&format!(
                " | {} {:+.4} {}",
                &f.name[..12],
                j.difference.mean,
                if j.holds { "ok" } else { "FAILS" }
            ));
        }
        println!("{line}");
    }
    for (k, f) in wanted.iter().enumerate() {
        let mean_u = |want: bool| -> Vec<f64> {
            let rows: Vec<&Vec<f64>> = unit
                .iter()
                .zip(&held[k])
                .filter(|(_, h)| **h == want)
                .map(|(u, _)| u)
                .collect();
            (0..keys.len())
                .map(|c| rows.iter().map(|u| u[c]).sum::<f64>() / rows.len().max(1) as f64)
                .collect()
        };
        let (fail, ok) = (mean_u(false), mean_u(true));
        let mut by: Vec<(f64, &str)> = keys
            .iter()
            .enumerate()
            .map(|(c, key)| (fail[c] - ok[c], key.path))
            .collect();
        by.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let top: Vec<String> = by
            .iter()
            .take(5)
            .map(|(d, p)| format!("{p} {d:+.2}"))
            .collect();
        println!(
            "{}: fails on {} of 50; unit coordinate, failing minus holding: {}",
            f.name,
            held[k].iter().filter(|h| !**h).count(),
            top.join(", ")
        );
    }
}
