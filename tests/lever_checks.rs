//! Lever checks: each remedy's lever moves its own output (issue 10, "Lever checks kept,
//! but named as such"). These are not stylised facts (those are in
//! `tests/stylised_facts.rs`): a lever moving what it directly sets says only that the
//! lever is wired, not that the model produces the essay's patterns. Each check is a paired
//! window difference (weeks 53–104) against the scenario without the lever, whose 95%
//! interval must lie beyond the metric's minimum meaningful difference (a relative MMD on a
//! reference of 0, as for council hours in the baseline, needs only an interval above 0).

use std::collections::HashMap;
use std::sync::OnceLock;

use cogov::compare::Trajectories;

mod common;

use common::facts::{self, Claim, Fact, Quantity, Size};

const REPLICATES: u32 = 4;
const SEED: u64 = 3000;

fn runs() -> &'static HashMap<String, Trajectories> {
    static RUNS: OnceLock<HashMap<String, Trajectories>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let names = [
            "baseline",
            "online",
            "online_inclusion",
            "ngo_open_door",
            "training",
            "coordination",
            "councils",
            "devolution",
        ];
        let mut scenarios: Vec<_> = names
            .iter()
            .map(|n| (n.to_string(), facts::library(n)))
            .collect();
        let mut half = facts::library("devolution");
        half.committee.outreach_share = 0.5;
        scenarios.push(("devolution_half_outreach".into(), half));
        scenarios.push((
            "devolution_without_paths".into(),
            facts::scenario("devolution_without_paths"),
        ));
        facts::run(scenarios, SEED, REPLICATES)
    })
}

/// The lever of `scenario` raises `metric` against `reference` by at least its MMD.
fn check(scenario: &'static str, reference: &'static str, metric: &'static str) {
    let lever = Fact {
        name: "lever check",
        scenario,
        reference: Some(reference),
        quantity: Quantity::Metric(metric),
        claim: Claim::Raises(Size::Mmd),
    };
    let j = lever.judge(runs());
    assert!(j.holds, "{}", j.show());
}

#[test]
fn lever_check_digital_inclusion_raises_elderly_online_access() {
    check("online_inclusion", "online", "online_access_elderly");
}

#[test]
fn lever_check_an_open_door_brings_ngos_in() {
    check("ngo_open_door", "baseline", "ngos_active");
}

#[test]
fn lever_check_training_raises_committee_skill() {
    check("training", "baseline", "committee_skill");
}

#[test]
fn lever_check_coordination_puts_volunteer_hours_to_use() {
    check("coordination", "baseline", "volunteer_hours_used");
}

#[test]
fn lever_check_councils_spend_council_hours_and_give_relief() {
    check("councils", "baseline", "council_hours");
    check("councils", "baseline", "council_relief");
}

#[test]
fn lever_check_devolution_devolves_money() {
    check("devolution", "baseline", "money_devolved");
}

#[test]
fn lever_check_outreach_share_moves_outreach_hours_and_contacts() {
    check("devolution", "devolution_half_outreach", "outreach_hours");
    check(
        "devolution",
        "devolution_half_outreach",
        "residents_contacted",
    );
    check("devolution", "devolution_without_paths", "outreach_hours");
}

#[test]
fn lever_check_projects_are_funded_from_devolved_money() {
    check("devolution", "devolution_without_paths", "projects_funded");
    check(
        "devolution",
        "devolution_without_paths",
        "money_spent_on_projects",
    );
}
