//! The model's reductions (MODEL.md section 7): switch every term but the social one off
//! and it is the classic threshold-cascade model; switch participation off and it is a
//! queueing model of the committee.

use cogov::analytic;
use cogov::metrics::TickMetrics;
use cogov::model::Model;
use cogov::network::SocialNetwork;
use cogov::scenario::{Distribution, NetworkKind, Scenario};

/// A scenario that is exactly the synchronous threshold-cascade model: only the social
/// term, committed residents as seeds, no issues, no costs, no online channel.
fn threshold_only(communities: u32, per_community: u32, seed_share: f64, theta: f64) -> Scenario {
    let mut s = Scenario::default();
    s.population.streets = 1;
    s.population.communities_per_street = communities;
    s.population.residents_per_community = per_community;
    s.population.committed_share = seed_share;
    s.population.threshold = Distribution::Constant { value: theta };
    s.threshold_cascade()
}

fn run(model: Model) -> Vec<TickMetrics> {
    let mut out = Vec::new();
    model.run(|m| out.push(m));
    out
}

#[test]
fn granovetter_riot_all_act_with_thresholds_0_to_99() {
    // Granovetter (1978): 100 people with thresholds 0, 1, ..., 99 (others acting) on a
    // complete network: one by one, everyone acts.
    let mut s = threshold_only(1, 100, 0.0, 0.0);
    s.network.kind = NetworkKind::Complete;
    s.run.ticks = 120;
    let mut model = Model::new(&s, 1).unwrap();
    // A threshold of k others out of 99 neighbours is a share k/99.
    let thresholds: Vec<f32> = (0..100).map(|k| k as f32 / 99.0).collect();
    model.set_thresholds(&thresholds);
    let ticks = run(model);
    assert_eq!(ticks[0].participation_rate, 0.0);
    // One more person joins each tick.
    for (t, m) in ticks.iter().enumerate().take(101) {
        assert!(
            (m.participation_rate - t as f64 / 100.0).abs() < 1e-12,
            "tick {t}: {}",
            m.participation_rate
        );
    }
    assert_eq!(ticks.last().unwrap().participation_rate, 1.0);
    let counts: Vec<u32> = (0..100).map(|k| if k == 1 { 2 } else { k }).collect();
    assert_eq!(
        analytic::granovetter_final_count(&(0..100).collect::<Vec<_>>()),
        100
    );
    assert_eq!(analytic::granovetter_final_count(&counts), 1);
}

#[test]
fn granovetter_riot_stops_when_threshold_one_becomes_two() {
    let mut s = threshold_only(1, 100, 0.0, 0.0);
    s.network.kind = NetworkKind::Complete;
    s.run.ticks = 120;
    let mut model = Model::new(&s, 1).unwrap();
    let mut thresholds: Vec<f32> = (0..100).map(|k| k as f32 / 99.0).collect();
    thresholds[1] = 2.0 / 99.0;
    model.set_thresholds(&thresholds);
    let ticks = run(model);
    assert_eq!(ticks.last().unwrap().participation_rate, 0.01);
}

#[test]
fn watts_cascade_matches_gleeson_cahalane_on_a_large_random_graph() {
    // Gleeson & Cahalane (2007): the final active fraction on an Erdős–Rényi graph with
    // a seed fraction ρ0 and a uniform threshold φ, against the full model reduced to the
    // threshold rule, on 200,000 residents, averaged over 3 replicates. Two points
    // where the final fraction is neither the seeds nor everyone (a sparse graph, where
    // the cascade is bounded by the giant component, and a denser one).
    for (z, phi, rho0) in [(2.0, 0.18, 0.05), (2.5, 0.3, 0.1)] {
        let expected = analytic::gleeson_cahalane_final_fraction(z, phi, rho0);
        assert!(
            expected > rho0 + 0.05 && expected < 0.97,
            "analytic {expected}"
        );
        let mut s = threshold_only(1, 200_000, rho0, phi);
        s.network.kind = NetworkKind::ErdosRenyi;
        s.network.mean_degree = z;
        s.run.ticks = 150;
        let mut finals = Vec::new();
        for seed in 1..=3 {
            let ticks = run(Model::new(&s, seed).unwrap());
            // Cascades only grow under the pure threshold rule.
            for w in ticks.windows(2) {
                assert!(w[1].participation_rate >= w[0].participation_rate);
            }
            finals.push(ticks.last().unwrap().participation_rate);
        }
        let mean = finals.iter().sum::<f64>() / finals.len() as f64;
        assert!(
            (mean - expected).abs() < 0.01,
            "z={z} φ={phi} ρ0={rho0}: simulated {mean:.4} ({finals:?}) against analytic {expected:.4}"
        );
    }
}

#[test]
fn no_cascade_beyond_the_watts_window() {
    // Far above the window (z = 20 for φ = 0.18), a few seeds convince almost nobody.
    let mut s = threshold_only(1, 50_000, 0.002, 0.18);
    s.network.kind = NetworkKind::ErdosRenyi;
    s.network.mean_degree = 20.0;
    s.run.ticks = 40;
    let ticks = run(Model::new(&s, 7).unwrap());
    let expected = analytic::gleeson_cahalane_final_fraction(20.0, 0.18, 0.002);
    let got = ticks.last().unwrap().participation_rate;
    assert!(
        got < 0.01 && (got - expected).abs() < 0.005,
        "{got} vs {expected}"
    );
}

#[test]
fn with_participation_off_the_committee_is_a_queue() {
    // One category (disputes: 3 hours, no money, no authority), everyone reports, no
    // administrative demand: a deterministic-service queue. Capacity 2 staff × 10 hours at
    // pace 1.0 = 20 hours = 6.67 issues per tick.
    let mut s = Scenario::default();
    s.participation.enabled = false;
    s.population.communities_per_street = 1;
    s.population.residents_per_community = 2000;
    s.issues.report_base = 1.0;
    s.issues.report_trust = 0.0;
    let c = &mut s.issues.categories;
    for cat in [
        &mut c.environment,
        &mut c.parking,
        &mut c.renovation,
        &mut c.services,
        &mut c.paperwork,
    ] {
        cat.share = 0.0;
    }
    c.disputes.share = 1.0;
    s.committee.staff = 2;
    s.committee.hours_per_staff = 10.0;
    s.committee.skill = 0.5;
    s.committee.base_admin_hours = 0.0;
    s.office.admin_hours_per_1000_yuan = 0.0;
    s.office.split.training = 0.0;
    s.office.split.own_programs = 0.85;
    s.training.skill_decay = 0.0;
    // The plain M/G/c queue: no reneging (model 2's withdrawal off).
    s.issues.withdraw_after = 0;
    s.run.ticks = 200;

    // Under capacity: arrivals 2000 × 0.002 = 4 per tick < 6.67: throughput = arrivals,
    // the backlog stays small, and every hour not needed is idle.
    s.issues.rate = 0.002;
    let under = run(Model::new(&s, 3).unwrap());
    let last = under.last().unwrap();
    assert_eq!(last.participation_rate, 0.0);
    assert_eq!(last.volunteer_hours, 0.0);
    let raised = last.issues_raised_total as f64;
    let resolved = last.issues_resolved_total as f64;
    assert!(resolved / raised > 0.97, "{resolved} of {raised}");
    assert!(last.backlog < 20, "backlog {}", last.backlog);
    let busy: f64 = under[1..].iter().map(|m| m.committee_hours_issues).sum();
    assert!(
        (busy - 3.0 * resolved).abs() < 3.0 * 8.0,
        "busy {busy} for {resolved}"
    );

    // Over capacity: arrivals 10 per tick > 6.67: throughput = capacity, the backlog
    // grows by about 3.33 per tick and the committee is never idle.
    s.issues.rate = 0.005;
    let over = run(Model::new(&s, 3).unwrap());
    let throughput: f64 = over[101..]
        .iter()
        .map(|m| m.issues_resolved as f64)
        .sum::<f64>()
        / 100.0;
    assert!(
        (throughput - 20.0 / 3.0).abs() < 0.1,
        "throughput {throughput}"
    );
    let growth = (over[200].backlog as f64 - over[100].backlog as f64) / 100.0;
    assert!(
        (growth - (10.0 - 20.0 / 3.0)).abs() < 0.6,
        "growth {growth}"
    );
    assert!(over[101..].iter().all(|m| m.committee_hours_idle < 1e-9));
    // Outreach and micro-projects are forms of taking part: with participation off the
    // idle hours stay idle (outreach share 1 by default), nobody is contacted and nothing
    // is proposed, so the queue above is exactly the queueing model.
    for m in under.iter().chain(&over) {
        assert_eq!(m.outreach_hours, 0.0);
        assert_eq!(m.committee_hours_projects, 0.0);
        assert_eq!(
            m.residents_contacted + m.projects_proposed + m.projects_funded,
            0
        );
    }
    assert!(under[1..].iter().any(|m| m.committee_hours_idle > 0.0));
}

#[test]
fn outreach_share_zero_and_no_projects_switch_the_mechanisms_off_exactly() {
    // With outreach share 0 and projects off, the outreach and project parameters change
    // nothing, bit for bit (the model without them; checked against model 1's binary when
    // they were added: every common column identical).
    let mut s = Scenario::default();
    s.population.communities_per_street = 2;
    s.population.residents_per_community = 1500;
    s.office.split.own_programs = 0.55;
    s.office.split.devolved = 0.35;
    s.council.interval = 4;
    s.run.ticks = 60;
    s.committee.outreach_share = 0.0;
    s.projects.enabled = false;
    let off = run(Model::new(&s, 5).unwrap());
    let mut t = s.clone();
    t.outreach.contact_boost = 0.9;
    t.outreach.hours_per_contact = 0.1;
    t.projects.cost = 1.0;
    t.projects.proposal_rate = 0.5;
    t.projects.vote_interval = 1;
    t.projects.carry_cap = 0.0;
    assert_eq!(run(Model::new(&t, 5).unwrap()), off);
    // Switched on, the same parameters do change the run.
    t.committee.outreach_share = 1.0;
    t.projects.enabled = true;
    let on = run(Model::new(&t, 5).unwrap());
    assert_ne!(on, off);
    assert!(
        on.iter()
            .any(|m| m.residents_contacted > 0 && m.projects_funded > 0)
    );
}

#[test]
fn a_network_built_by_hand_runs() {
    // A path of 4 residents, the first committed, threshold 0.5: the cascade walks along.
    let mut s = threshold_only(1, 4, 0.0, 0.5);
    s.network.kind = NetworkKind::None;
    s.run.ticks = 5;
    let net = SocialNetwork::from_edges(4, &[(0, 1), (1, 2), (2, 3)]);
    let mut model = Model::with_network(&s, 1, net).unwrap();
    model.set_thresholds(&[0.0, 0.5, 0.5, 0.5]);
    let ticks = run(model);
    let rates: Vec<f64> = ticks.iter().map(|m| m.participation_rate).collect();
    assert_eq!(rates, vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.0]);
}
