//! Decisions from outside (issue 12): random valid decisions for random agents, every
//! week, keep the model's conservation laws, and the same (scenario, seed, decisions per
//! week) gives the same bytes at one and two threads, the decisions read back from JSON.

mod common;

use cogov::metrics::TickMetrics;
use cogov::model::Model;
use cogov::model::decisions::{
    CommitteeDecision, Decisions, NgoDecision, OfficeDecision, ReportChoice, ResidentDecision,
    committee_view, ngo_view, resident_view,
};
use cogov::scenario::{BudgetSplit, Reaction, Scenario};
use proptest::prelude::*;

/// A counter-based stream of test choices (SplitMix64), from the property's seed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn maybe<T>(&mut self, ok: bool, f: impl FnOnce(&mut Dice) -> T) -> Option<T> {
        (ok && self.coin()).then(|| f(self))
    }
}

fn resident(model: &Model, dice: &mut Dice) -> (u32, ResidentDecision) {
    let i = dice.below(model.residents().len()) as u32;
    let v = resident_view(model, i).expect("a resident");
    let report = dice.maybe(v.new_issue.is_some(), |d| match d.below(3) {
        0 if v.online_access && v.channel_open => ReportChoice::Online,
        0 | 1 => ReportChoice::Offline,
        _ => ReportChoice::Keep,
    });
    let r = ResidentDecision {
        take_part: dice.maybe(v.can_take_part, Dice::coin),
        report,
        attend_council: dice.maybe(v.council_this_week, Dice::coin),
        propose: dice.maybe(v.can_propose, Dice::coin),
    };
    (i, r)
}

fn committee(model: &Model, dice: &mut Dice) -> (u32, CommitteeDecision) {
    let c = dice.below(model.communities().len()) as u32;
    let v = committee_view(model, c).expect("a community");
    let admin = dice.maybe(true, Dice::unit);
    let issues = dice.maybe(true, |d| d.unit() * (1.0 - admin.unwrap_or(0.0)));
    let ids: Vec<u64> = v.queue.iter().map(|q| q.id).collect();
    let first = dice.maybe(!ids.is_empty(), |d| ids[d.below(ids.len())]);
    let escalate = dice.maybe(!ids.is_empty(), |d| {
        ids.iter()
            .copied()
            .filter(|&id| Some(id) != first && d.below(4) == 0)
            .collect()
    });
    let d = CommitteeDecision {
        admin_share: admin,
        issues_share: issues,
        outreach_share: dice.maybe(true, Dice::unit),
        first_issue: first,
        escalate,
    };
    (c, d)
}

fn office(dice: &mut Dice) -> OfficeDecision {
    let split = dice.maybe(true, |d| {
        let w: Vec<f64> = (0..4).map(|_| 0.01 + d.unit()).collect();
        let t: f64 = w.iter().sum();
        BudgetSplit {
            own_programs: w[0] / t,
            devolved: w[1] / t,
            ngo_procurement: w[2] / t,
            training: 1.0 - (w[0] + w[1] + w[2]) / t,
        }
    });
    OfficeDecision {
        split,
        access_list: dice.maybe(true, Dice::unit),
        reaction: dice.maybe(true, |d| {
            if d.coin() {
                Reaction::Resources
            } else {
                Reaction::Supervision
            }
        }),
    }
}

fn ngo(model: &Model, dice: &mut Dice) -> Option<(u32, NgoDecision)> {
    let pool = model.offices()[0].ngos.len() * model.offices().len();
    if pool == 0 {
        return None;
    }
    let n = dice.below(pool) as u32;
    let v = ngo_view(model, n).expect("an NGO");
    let enter = dice.maybe(true, Dice::coin);
    let may_bid = enter == Some(true) || (v.active && enter != Some(false));
    let bid = dice.maybe(true, |d| may_bid && d.coin());
    let communities = dice.maybe(true, |d| {
        let cs = &v.street_communities;
        let mut chosen: Vec<u32> = cs.iter().copied().filter(|_| d.coin()).collect();
        if chosen.is_empty() {
            chosen.push(cs[d.below(cs.len())]);
        }
        chosen
    });
    Some((
        n,
        NgoDecision {
            enter,
            communities,
            bid,
        },
    ))
}

/// Random decisions for a few agents of each kind, all valid for the model's next week.
fn decide(model: &Model, dice: &mut Dice) -> Decisions {
    let mut d = Decisions::default();
    for _ in 0..dice.below(25) {
        let (i, r) = resident(model, dice);
        d.residents.insert(i, r);
    }
    for _ in 0..dice.below(3) {
        let (c, x) = committee(model, dice);
        d.committees.insert(c, x);
    }
    for s in 0..model.offices().len() as u32 {
        if let Some(o) = dice.maybe(true, office) {
            d.offices.insert(s, o);
        }
    }
    for _ in 0..dice.below(4) {
        if let Some((n, x)) = ngo(model, dice) {
            d.ngos.insert(n, x);
        }
    }
    if let Err(e) = d.validate(model) {
        panic!("generated decisions refused: {e}\n{d:?}");
    }
    d
}

/// A run with random decisions every week; returns its metrics and its decision log.
fn play(s: &Scenario, seed: u64) -> (Vec<TickMetrics>, Vec<String>) {
    let mut model = Model::new(s, seed).unwrap();
    let mut dice = Dice(seed ^ 0x5DEE_CE66);
    let mut ticks = vec![model.initial_metrics()];
    let mut log = Vec::new();
    for _ in 0..s.run.ticks {
        let d = decide(&model, &mut dice);
        let line = serde_json::to_string(&d).unwrap();
        assert_eq!(
            serde_json::from_str::<Decisions>(&line).unwrap(),
            d,
            "{line}"
        );
        log.push(line);
        ticks.push(model.try_step_with(&d).unwrap());
        for (c, x) in model.communities().iter().enumerate() {
            assert!(
                x.funds >= -1e-9,
                "week {}, community {c}: funds {}",
                model.tick(),
                x.funds
            );
            assert!(x.ngo_hours >= 0.0 && x.admin_demand >= 0.0);
        }
    }
    (ticks, log)
}

/// The run of `log`, replayed.
fn replay(s: &Scenario, seed: u64, log: &[String]) -> Vec<TickMetrics> {
    let mut model = Model::new(s, seed).unwrap();
    let mut ticks = vec![model.initial_metrics()];
    for line in log {
        let d: Decisions = serde_json::from_str(line).unwrap();
        ticks.push(model.step_with(&d));
    }
    ticks
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(f)
}

prop_compose! {
    fn scenario()(
        streets in 1u32..3,
        communities in 1u32..4,
        per_community in 20u32..400,
        participation in any::<bool>(),
        online in (any::<bool>(), 0u32..10),
        council in 0u32..5,
        projects in (any::<bool>(), 0.0..3000.0f64),
        rate in 0.0..0.06f64,
        barrier in 0.0..3000.0f64,
        entry in 0.0..=1.0f64,
    ) -> Scenario {
        let mut s = Scenario::default();
        s.run.ticks = 30;
        s.population.streets = streets;
        s.population.communities_per_street = communities;
        s.population.residents_per_community = per_community;
        s.participation.enabled = participation;
        (s.online.enabled, s.online.start_tick) = online;
        s.council.interval = council;
        (s.projects.enabled, s.projects.cost) = projects;
        s.projects.proposal_rate = 0.02;
        s.issues.rate = rate;
        s.ngo.entry_barrier = barrier;
        s.ngo.entry_chance = entry;
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_decisions_keep_conservation_and_the_same_bytes_at_one_and_two_threads(
        s in scenario(),
        seed in any::<u64>(),
    ) {
        prop_assert!(cogov::scenario::validate::validate(&s).is_ok());
        let (one, log) = on_threads(1, || play(&s, seed));
        common::check_invariants(&format!("seed {seed}"), &s, &one);
        let two = on_threads(2, || replay(&s, seed, &log));
        prop_assert_eq!(&one, &two);
        // The decisions changed the run (so the check above is not of a rule-only run).
        let rule = common::run_on(&s, seed, 2);
        if log.iter().any(|l| l.contains("take_part") || l.contains("split")) && s.issues.rate > 0.0 {
            prop_assert_ne!(&one, &rule);
        }
    }
}
