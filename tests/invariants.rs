//! Invariants that must hold for every valid scenario (MODEL.md section 7), checked over
//! randomly drawn scenarios: conservation of money, hours and issues at every tick
//! (raised = unreported + resolved + waiting + withdrawn);
//! rates within [0, 1]; nothing NaN; the same output at 1 and 2 threads.

mod common;

use cogov::metrics::TickMetrics;
use cogov::scenario::{ByAge, Distribution, NetworkKind, Reaction, Scenario};
use proptest::prelude::*;

fn share() -> impl Strategy<Value = f64> {
    0.0..=1.0f64
}

fn distribution() -> impl Strategy<Value = Distribution> {
    prop_oneof![
        share().prop_map(|value| Distribution::Constant { value }),
        (share(), share()).prop_map(|(a, b)| Distribution::Uniform {
            low: a.min(b),
            high: a.max(b)
        }),
        (share(), 0.0..0.5f64).prop_map(|(mean, sd)| Distribution::Normal { mean, sd }),
        (0.1..5.0f64, 0.1..5.0f64).prop_map(|(alpha, beta)| Distribution::Beta { alpha, beta }),
    ]
}

/// Three positive weights normalised to sum to 1.
fn split3() -> impl Strategy<Value = (f64, f64, f64)> {
    (0.01..1.0f64, 0.01..1.0f64, 0.01..1.0f64).prop_map(|(a, b, c)| {
        let t = a + b + c;
        (a / t, b / t, 1.0 - a / t - b / t)
    })
}

prop_compose! {
    fn scenario()(
        streets in 1u32..3,
        communities in 1u32..4,
        per_community in 1u32..300,
        kind in prop_oneof![
            Just(NetworkKind::SmallWorld),
            Just(NetworkKind::ErdosRenyi),
            Just(NetworkKind::Complete),
            Just(NetworkKind::None)
        ],
        degree in 0.0..12.0f64,
        threshold in distribution(),
        trust in distribution(),
        committed in 0.0..0.3f64,
        ages in split3(),
        participation in any::<bool>(),
        weights in (share(), share(), share()),
        online in (any::<bool>(), 0u32..20, share(), share()),
        rate in 0.0..0.05f64,
        budget in 0.0..30_000.0f64,
        split in (0.01..1.0f64, 0.01..1.0f64, 0.01..1.0f64, 0.01..1.0f64),
        access_list in share(),
        staff in 0u32..10,
        authority in share(),
        barrier in 0.0..5000.0f64,
        council in (0u32..6, share(), 0.0..0.1f64),
        coordination in share(),
        reaction in prop_oneof![Just(Reaction::Supervision), Just(Reaction::Resources)],
        strength in 0.0..2.0f64,
        sw_share in share(),
        waiting in (0u32..20, 1u32..10, share(), share(), share()),
    ) -> Scenario {
        let mut s = Scenario::default();
        s.run.ticks = 30;
        s.population.streets = streets;
        s.population.communities_per_street = communities;
        s.population.residents_per_community = per_community;
        s.population.threshold = threshold;
        s.population.initial_trust = trust;
        s.population.committed_share = committed;
        s.population.age_shares = ByAge { young: ages.0, middle: ages.1, elderly: ages.2 };
        s.network.kind = kind;
        s.network.mean_degree = if kind == NetworkKind::ErdosRenyi {
            degree.min((streets * communities * per_community) as f64 - 1.0).max(0.0)
        } else {
            degree
        };
        s.participation.enabled = participation;
        (s.participation.w_social, s.participation.w_trust, s.participation.w_efficacy) = weights;
        (s.online.enabled, s.online.start_tick, s.online.visibility, s.online.digital_inclusion) = online;
        s.issues.rate = rate;
        s.office.budget_per_community = budget;
        let t = split.0 + split.1 + split.2 + split.3;
        s.office.split.own_programs = split.0 / t;
        s.office.split.devolved = split.1 / t;
        s.office.split.ngo_procurement = split.2 / t;
        s.office.split.training = 1.0 - (split.0 + split.1 + split.2) / t;
        s.office.access_list = access_list;
        s.committee.staff = staff;
        s.committee.authority = authority;
        s.ngo.entry_barrier = barrier;
        s.ngo.entry_chance = 0.5;
        (s.council.interval, s.council.attendance, s.council.quorum) = council;
        s.coordination.strength = coordination;
        s.office.reaction = reaction;
        s.office.reaction_strength = strength;
        s.training.social_worker_share = sw_share;
        (s.issues.withdraw_after, s.issues.patience, s.trust.withdrawal_loss) =
            (waiting.0, waiting.1, waiting.2);
        (s.trust.recovery, s.office.pressure_memory) = (waiting.3, waiting.4);
        s
    }
}

fn run(s: &Scenario, seed: u64, threads: usize) -> Vec<TickMetrics> {
    common::run_on(s, seed, threads)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn conservation_and_ranges_hold_at_every_tick(s in scenario(), seed in any::<u64>()) {
        // Model 2 (m4): micro-projects cheap enough to be funded, outreach at a share of
        // the idle hours, and a run past week 52 so excess funds return once (money
        // allocated = spent + returned + stocks). Drawn from the seed, to keep the
        // scenario strategy shared with the other property tests.
        let mut s = s;
        s.run.ticks = 60;
        s.projects.cost = (seed % 4000) as f64;
        s.projects.issue_reserve = ((seed >> 12) % 2000) as f64;
        s.projects.vote_interval = 1 + ((seed >> 24) % 6) as u32;
        s.projects.carry_cap = ((seed >> 32) % 100) as f64 / 100.0;
        s.projects.proposal_rate = ((seed >> 40) % 100) as f64 / 1000.0;
        s.committee.outreach_share = ((seed >> 48) % 101) as f64 / 100.0;
        prop_assert!(cogov::scenario::validate::validate(&s).is_ok(), "{:?}", cogov::scenario::validate::validate(&s));
        let ticks = run(&s, seed, 2);
        prop_assert_eq!(ticks.len(), s.run.ticks as usize + 1);
        // Conservation of issues, money and hours, ranges, nothing NaN (panics are failures).
        common::check_invariants(&format!("seed {seed}"), &s, &ticks);
        if !s.participation.enabled {
            prop_assert!(ticks.iter().all(|m| m.participation_rate == 0.0));
        }
    }

    #[test]
    fn output_is_the_same_at_one_and_two_threads(s in scenario(), seed in any::<u64>()) {
        let one = run(&s, seed, 1);
        let two = run(&s, seed, 2);
        prop_assert_eq!(one, two);
    }
}

#[test]
fn thread_count_does_not_change_a_large_run() {
    // Large enough that every parallel pass splits into many chunks.
    let mut s = Scenario::default();
    s.population.communities_per_street = 4;
    s.population.residents_per_community = 20_000;
    s.run.ticks = 20;
    s.online.enabled = true;
    s.council.interval = 4;
    let one = run(&s, 5, 1);
    let two = run(&s, 5, 2);
    let three = run(&s, 5, 3);
    assert_eq!(one, two);
    assert_eq!(one, three);
}
