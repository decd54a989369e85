//! Each decision moves what it decides (lever checks, named so), a decision equal to the
//! rule's choice changes nothing, views agree with what the tick does, and bad decisions
//! are refused naming the agent and the field.

use super::*;
use crate::metrics::TickMetrics;
use crate::model::Model;
use crate::model::residents::{COMMITTED, ONLINE_ACCESS, raise};
use crate::scenario::{ByAge, Scenario};

/// Two streets of two communities of 300 residents, the online channel open from the
/// start, councils every 4 weeks, issues four times as frequent as the baseline's.
fn small() -> Scenario {
    let mut s = Scenario::default();
    s.run.ticks = 30;
    s.population.streets = 2;
    s.population.communities_per_street = 2;
    s.population.residents_per_community = 300;
    s.online.enabled = true;
    s.online.start_tick = 0;
    s.online.access = ByAge {
        young: 0.9,
        middle: 0.7,
        elderly: 0.4,
    };
    s.council.interval = 4;
    s.issues.rate = 0.03;
    s
}

/// A model of `s` after `weeks` weeks.
fn after(s: &Scenario, weeks: u32) -> Model {
    let mut m = Model::new(s, 11).unwrap();
    m.initial_metrics();
    for _ in 0..weeks {
        m.step();
    }
    m
}

/// The next week by the rule and under `d` (checked first), from the same state.
fn both(model: &Model, d: &Decisions) -> ((TickMetrics, Model), (TickMetrics, Model)) {
    d.validate(model).unwrap();
    let mut rule = model.clone();
    let r = rule.step();
    let mut decided = model.clone();
    let x = decided.step_with(d);
    ((r, rule), (x, decided))
}

fn participants(m: &TickMetrics, model: &Model) -> i64 {
    (m.participation_rate * model.residents.len() as f64).round() as i64
}

fn resident(i: usize, r: ResidentDecision) -> Decisions {
    Decisions {
        residents: [(i as u32, r)].into(),
        ..Decisions::default()
    }
}

fn committee(c: usize, d: CommitteeDecision) -> Decisions {
    Decisions {
        committees: [(c as u32, d)].into(),
        ..Decisions::default()
    }
}

#[test]
fn lever_check_a_resident_forced_to_take_part_is_counted() {
    let mut s = small();
    s.council.interval = 0;
    let model = after(&s, 5);
    let (_, probe) = both(&model, &Decisions::default()).0;
    let i = (0..probe.residents.len())
        .find(|&i| probe.residents.active[i] == 0)
        .expect("someone stays out");
    let e = model.residents.efficacy[i];
    let d = resident(
        i,
        ResidentDecision {
            take_part: Some(true),
            ..Default::default()
        },
    );
    let ((r, rule), (x, decided)) = both(&model, &d);
    assert_eq!(participants(&x, &decided), participants(&r, &rule) + 1);
    assert_eq!(decided.residents.active[i], 1);
    let extra = x.volunteer_hours - r.volunteer_hours;
    assert!(
        (extra - s.participation.volunteer_hours).abs() < 1e-9,
        "{extra}"
    );
    assert_eq!(
        decided.residents.efficacy[i],
        raise(e, s.participation.efficacy_gain)
    );
}

#[test]
fn lever_check_a_committed_resident_kept_out_is_not_counted() {
    let mut s = small();
    s.council.interval = 0;
    let model = after(&s, 5);
    let i = (0..model.residents.len())
        .find(|&i| model.residents.flags[i] & COMMITTED != 0)
        .expect("a committed resident");
    let d = resident(
        i,
        ResidentDecision {
            take_part: Some(false),
            ..Default::default()
        },
    );
    let ((r, rule), (x, decided)) = both(&model, &d);
    assert_eq!(participants(&x, &decided), participants(&r, &rule) - 1);
    assert_eq!(decided.residents.active[i], 0);
}

#[test]
fn the_efficacy_of_residents_not_taking_part_is_the_threshold_pass_s() {
    let mut s = small();
    s.council.interval = 0;
    let model = after(&s, 5);
    let mut rule = model.clone();
    rule.step();
    let mut checked = 0;
    for i in 0..model.residents.len() {
        if rule.residents.active[i] == 0 {
            let e = model.residents.efficacy[i];
            assert_eq!(
                rule.residents.efficacy[i],
                efficacy_idle(e, &s),
                "resident {i}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn deciding_what_the_rule_would_choose_changes_nothing() {
    let s = small();
    let model = after(&s, 6);
    let (_, rule) = both(&model, &Decisions::default()).0;
    let mut d = Decisions::default();
    for i in 0..model.residents.len() {
        let take_part = Some(rule.residents.active[i] == 1);
        d.residents.insert(
            i as u32,
            ResidentDecision {
                take_part,
                ..Default::default()
            },
        );
    }
    // Week 7 is no council week, so the active column after the tick is the pass's.
    let ((r, _), (x, _)) = both(&model, &d);
    assert_eq!(format!("{r:?}"), format!("{x:?}"));
}

/// A resident to whom an issue arises next week, with internet access if `online`.
fn with_new_issue(model: &Model, online: bool) -> usize {
    (0..model.residents.len())
        .find(|&i| {
            views::new_issue(model, i).is_some()
                && (!online || model.residents.flags[i] & ONLINE_ACCESS != 0)
        })
        .expect("an issue arises to someone")
}

#[test]
fn lever_check_a_resident_who_keeps_an_issue_does_not_report_it() {
    let model = after(&small(), 3);
    let i = with_new_issue(&model, false);
    let offline = resident(
        i,
        ResidentDecision {
            report: Some(ReportChoice::Offline),
            ..Default::default()
        },
    );
    let keep = resident(
        i,
        ResidentDecision {
            report: Some(ReportChoice::Keep),
            ..Default::default()
        },
    );
    let (_, (a, _)) = both(&model, &offline);
    let (_, (b, _)) = both(&model, &keep);
    assert_eq!(a.issues_reported, b.issues_reported + 1);
    assert_eq!(a.issues_unreported + 1, b.issues_unreported);
}

#[test]
fn lever_check_a_resident_who_reports_online_is_counted_online() {
    let model = after(&small(), 3);
    let i = with_new_issue(&model, true);
    let online = resident(
        i,
        ResidentDecision {
            report: Some(ReportChoice::Online),
            ..Default::default()
        },
    );
    let offline = resident(
        i,
        ResidentDecision {
            report: Some(ReportChoice::Offline),
            ..Default::default()
        },
    );
    let (_, (a, _)) = both(&model, &online);
    let (_, (b, _)) = both(&model, &offline);
    assert_eq!(a.issues_reported, b.issues_reported);
    assert_eq!(a.issues_reported_online, b.issues_reported_online + 1);
}

#[test]
fn the_view_knows_which_residents_raise_an_issue_next_week() {
    let model = after(&small(), 4);
    let expected = (0..model.residents.len())
        .filter(|&i| views::new_issue(&model, i).is_some())
        .count() as u64;
    let ((r, _), _) = both(&model, &Decisions::default());
    assert!(expected > 10, "{expected}");
    assert_eq!(r.issues_raised, expected);
}

#[test]
fn lever_check_a_resident_who_comes_to_the_council_takes_part() {
    let model = after(&small(), 3); // week 4 holds councils
    let i = 5;
    let come = resident(
        i,
        ResidentDecision {
            take_part: Some(false),
            attend_council: Some(true),
            ..Default::default()
        },
    );
    let stay = resident(
        i,
        ResidentDecision {
            take_part: Some(false),
            attend_council: Some(false),
            ..Default::default()
        },
    );
    let (_, (a, ma)) = both(&model, &come);
    let (_, (b, mb)) = both(&model, &stay);
    assert_eq!(participants(&a, &ma), participants(&b, &mb) + 1);
    assert_eq!((ma.residents.active[i], mb.residents.active[i]), (1, 0));
}

#[test]
fn lever_check_a_resident_who_proposes_adds_a_proposal() {
    let model = after(&small(), 2);
    let i = 17;
    let yes = resident(
        i,
        ResidentDecision {
            propose: Some(true),
            ..Default::default()
        },
    );
    let no = resident(
        i,
        ResidentDecision {
            propose: Some(false),
            ..Default::default()
        },
    );
    let (_, (a, _)) = both(&model, &yes);
    let (_, (b, _)) = both(&model, &no);
    assert_eq!(a.projects_proposed, b.projects_proposed + 1);
}

/// Committees with few administrative hours, full authority and money, so that the rule
/// puts staff hours into issues.
fn light_admin() -> Scenario {
    let mut s = small();
    s.committee.base_admin_hours = 10.0;
    s.office.admin_hours_per_1000_yuan = 2.0;
    s.committee.authority = 1.0;
    s.committee.initial_funds = 1e6;
    s
}

#[test]
fn lever_check_a_committee_that_gives_every_staff_hour_to_administration_works_no_issue() {
    let mut s = light_admin();
    s.participation.enabled = false; // no volunteers
    s.office.split.own_programs += s.office.split.ngo_procurement;
    s.office.split.ngo_procurement = 0.0; // no NGOs
    let model = after(&s, 8);
    let d = committee(
        1,
        CommitteeDecision {
            admin_share: Some(1.0),
            issues_share: Some(0.0),
            ..Default::default()
        },
    );
    let ((_, rule), (_, decided)) = both(&model, &d);
    let (r, x) = (&rule.last_tick[1], &decided.last_tick[1]);
    assert!(r.hours_issues > 0.0 && r.resolved > 0, "{r:?}");
    assert_eq!((x.hours_issues, x.resolved), (0.0, 0));
    assert_eq!(x.hours_admin, r.hours_admin); // demand is below the staff's hours
}

#[test]
fn lever_check_a_committee_that_skips_administration_gives_it_no_hours() {
    let model = after(&small(), 8);
    let d = committee(
        2,
        CommitteeDecision {
            admin_share: Some(0.0),
            ..Default::default()
        },
    );
    let ((_, rule), (_, decided)) = both(&model, &d);
    let (r, x) = (&rule.last_tick[2], &decided.last_tick[2]);
    assert!(r.hours_admin > 0.0 && x.admin_demand > 0.0);
    assert_eq!(x.hours_admin, 0.0);
    assert!(x.hours_issues >= r.hours_issues);
    let total = x.hours_admin + x.hours_issues + x.hours_idle + x.hours_projects + x.hours_outreach;
    assert!((total - x.hours_available).abs() < 1e-9);
}

#[test]
fn lever_check_a_committee_with_no_outreach_share_reaches_no_one() {
    let model = after(&light_admin(), 8);
    let d = committee(
        0,
        CommitteeDecision {
            outreach_share: Some(0.0),
            ..Default::default()
        },
    );
    let ((_, rule), (_, decided)) = both(&model, &d);
    let (r, x) = (&rule.last_tick[0], &decided.last_tick[0]);
    assert!(r.hours_outreach > 0.0, "{r:?}");
    assert_eq!(x.hours_outreach, 0.0);
    assert!((x.hours_idle - (r.hours_idle + r.hours_outreach)).abs() < 1e-9);
}

/// Committees busy with administration, with full authority and money, so that issues
/// wait and none is escalated by the rule.
fn busy() -> Scenario {
    let mut s = small();
    s.committee.authority = 1.0;
    s.committee.initial_funds = 1e6;
    s.issues.rate = 0.15;
    s.online.enabled = false;
    s
}

#[test]
fn lever_check_the_issue_a_committee_serves_first_gets_the_hours() {
    let model = after(&busy(), 10);
    let c = (0..4)
        .max_by_key(|&c| model.communities[c].queue.len())
        .unwrap();
    let queue = &model.communities[c].queue;
    assert!(queue.len() >= 3, "{}", queue.len());
    let newest = queue.last().unwrap().clone();
    let d = committee(
        c,
        CommitteeDecision {
            first_issue: Some(issue_id(&newest)),
            ..Default::default()
        },
    );
    let ((_, rule), (_, decided)) = both(&model, &d);
    let left = |m: &Model| {
        m.communities[c]
            .queue
            .iter()
            .find(|i| issue_id(i) == issue_id(&newest))
            .map_or(0.0, |i| i.remaining_hours)
    };
    assert!(
        left(&decided) < left(&rule),
        "{} vs {}",
        left(&decided),
        left(&rule)
    );
    let ids: Vec<u64> = decided.communities[c].queue.iter().map(issue_id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first again");
}

#[test]
fn lever_check_issues_a_committee_escalates_go_to_the_office() {
    let model = after(&busy(), 6);
    let queue = &model.communities[0].queue;
    assert!(queue.len() >= 2, "{:?}", model.last_tick[0]);
    let ids = vec![issue_id(&queue[0]), issue_id(&queue[1])];
    let d = committee(
        0,
        CommitteeDecision {
            escalate: Some(ids.clone()),
            ..Default::default()
        },
    );
    let ((r, _), (x, decided)) = both(&model, &d);
    assert_eq!(x.issues_escalated, r.issues_escalated + 2);
    for id in ids {
        let up = decided.offices[0]
            .escalated
            .iter()
            .find(|i| issue_id(i) == id);
        assert_eq!(up.map(|i| i.escalated_at), Some(Some(7)));
    }
}

fn office(street: u32, d: OfficeDecision) -> Decisions {
    Decisions {
        offices: [(street, d)].into(),
        ..Decisions::default()
    }
}

#[test]
fn lever_check_an_office_that_devolves_nothing_devolves_nothing() {
    let mut s = small();
    s.population.streets = 1;
    let model = after(&s, 3);
    let split = BudgetSplit {
        own_programs: 0.9,
        devolved: 0.0,
        ngo_procurement: 0.05,
        training: 0.05,
    };
    let d = office(
        0,
        OfficeDecision {
            split: Some(split),
            ..Default::default()
        },
    );
    let ((r, _), (x, _)) = both(&model, &d);
    assert!(r.money_devolved > 0.0);
    assert_eq!(x.money_devolved, 0.0);
    assert!((x.money_allocated - r.money_allocated).abs() < 1e-9);
}

#[test]
fn lever_check_an_office_whose_access_list_rules_out_everything_demands_no_administration() {
    let model = after(&small(), 3);
    let d = office(
        1,
        OfficeDecision {
            access_list: Some(1.0),
            ..Default::default()
        },
    );
    let ((_, rule), (_, decided)) = both(&model, &d);
    for c in 2..4 {
        assert!(rule.communities[c].admin_demand > 0.0);
        assert_eq!(decided.communities[c].admin_demand, 0.0);
    }
    // The other street is untouched.
    assert_eq!(
        decided.communities[0].admin_demand,
        rule.communities[0].admin_demand
    );
}

#[test]
fn lever_check_an_office_under_pressure_that_answers_with_resources_devolves_more() {
    let mut model = after(&small(), 3);
    model.offices[0].pressure = 1.0;
    let d = office(
        0,
        OfficeDecision {
            reaction: Some(Reaction::Resources),
            ..Default::default()
        },
    );
    let ((r, rule), (x, decided)) = both(&model, &d);
    assert!(x.money_devolved > r.money_devolved);
    assert!(decided.communities[0].admin_demand < rule.communities[0].admin_demand);
}

fn ngos(pairs: Vec<(u32, NgoDecision)>) -> Decisions {
    Decisions {
        ngos: pairs.into_iter().collect(),
        ..Decisions::default()
    }
}

#[test]
fn lever_check_an_ngo_that_enters_is_active() {
    let mut s = small();
    s.ngo.entry_barrier = 1e6; // nobody enters by the rule
    let model = after(&s, 2);
    let d = ngos(vec![(
        7,
        NgoDecision {
            enter: Some(true),
            ..Default::default()
        },
    )]);
    let ((r, _), (x, decided)) = both(&model, &d);
    assert_eq!((r.ngos_active, x.ngos_active), (0, 1));
    assert!(decided.offices[1].ngos[1].active); // NGO 7: street 1, index 1 of a pool of 6
    assert!(x.money_to_ngos > 0.0 && r.money_to_ngos == 0.0);
}

/// Every NGO enters by the rule (no barrier, a sure entry).
fn open_market() -> Scenario {
    let mut s = small();
    s.ngo.entry_barrier = 100.0; // a sixth of the street's procurement is 200 a week
    s.ngo.entry_chance = 1.0;
    s
}

#[test]
fn lever_check_ngos_that_do_not_bid_earn_and_serve_nothing() {
    let model = after(&open_market(), 2);
    let pool = model.offices[0].ngos.len() as u32;
    let none_bid = (0..pool)
        .map(|n| {
            (
                n,
                NgoDecision {
                    bid: Some(false),
                    ..Default::default()
                },
            )
        })
        .collect();
    let ((_, rule), (_, decided)) = both(&model, &ngos(none_bid));
    assert!(rule.communities[0].ngo_hours > 0.0);
    assert_eq!(
        decided.communities[0].ngo_hours + decided.communities[1].ngo_hours,
        0.0
    );
    assert!(decided.offices[0].procurement_reserve > rule.offices[0].procurement_reserve);
    assert!(
        decided.offices[0].ngos.iter().all(|g| g.losses == 1),
        "{:?}",
        decided.offices[0].ngos
    );
    // The other street's NGOs bid as usual.
    assert_eq!(
        decided.communities[2].ngo_hours,
        rule.communities[2].ngo_hours
    );
}

#[test]
fn lever_check_ngos_serve_the_communities_they_choose() {
    let model = after(&open_market(), 2);
    let pool = model.offices[1].ngos.len() as u32;
    let to_three = (pool..2 * pool)
        .map(|n| {
            (
                n,
                NgoDecision {
                    communities: Some(vec![3]),
                    ..Default::default()
                },
            )
        })
        .collect();
    let ((_, rule), (_, decided)) = both(&model, &ngos(to_three));
    let street = |m: &Model| m.communities[2].ngo_hours + m.communities[3].ngo_hours;
    assert_eq!(decided.communities[2].ngo_hours, 0.0);
    assert!((street(&decided) - street(&rule)).abs() < 1e-9);
}

#[test]
fn lever_check_an_ngo_that_stays_out_leaves() {
    let model = after(&open_market(), 2);
    assert!(model.offices[0].ngos[0].active);
    let d = ngos(vec![(
        0,
        NgoDecision {
            enter: Some(false),
            ..Default::default()
        },
    )]);
    let ((r, _), (x, decided)) = both(&model, &d);
    assert!(!decided.offices[0].ngos[0].active);
    assert_eq!(x.ngos_active + 1, r.ngos_active);
}

#[test]
fn views_agree_with_the_week_that_follows() {
    let model = after(&small(), 5);
    let (r, next) = both(&model, &Decisions::default()).0;
    let budget: f64 = (0..2).map(|s| office_view(&model, s).unwrap().budget).sum();
    assert_eq!(budget, r.money_allocated);
    for c in 0..4u32 {
        let v = committee_view(&model, c).unwrap();
        let hours = next.last_tick[c as usize].hours_available;
        assert!((v.staff_hours + v.social_worker_hours - hours).abs() < 1e-9);
        let ids: Vec<u64> = model.communities[c as usize]
            .queue
            .iter()
            .map(issue_id)
            .collect();
        assert_eq!(v.queue.iter().map(|q| q.id).collect::<Vec<_>>(), ids);
    }
    let pool = model.offices[0].ngos.len() as u32;
    let active: u32 = (0..2 * pool)
        .filter(|&n| ngo_view(&model, n).unwrap().active)
        .count() as u32;
    assert_eq!(
        office_view(&model, 0).unwrap().ngos_active + office_view(&model, 1).unwrap().ngos_active,
        active
    );
    assert!(resident_view(&model, 1200).is_none() && committee_view(&model, 4).is_none());
    assert!(office_view(&model, 2).is_none() && ngo_view(&model, 2 * pool).is_none());
    let v = resident_view(&model, 3).unwrap();
    assert_eq!((v.community, v.street, v.week), (0, 0, 6));
    assert_eq!(v.took_part_last_week, model.residents.active[3] == 1);
}

fn refused(model: &Model, d: Decisions) -> DecisionError {
    d.validate(model).expect_err("refused")
}

#[test]
fn bad_resident_decisions_are_refused_naming_agent_and_field() {
    let model = after(&small(), 2);
    let n = model.residents.len() as u32;
    let e = refused(&model, resident(n as usize, ResidentDecision::default()));
    assert_eq!((e.agent, e.field), (Agent::Resident(n), "index"));
    assert!(
        e.to_string()
            .contains("there are 1200 residents: valid indices are 0 to 1199"),
        "{e}"
    );

    let none = (0..n as usize)
        .find(|&i| views::new_issue(&model, i).is_none())
        .unwrap();
    let e = refused(
        &model,
        resident(
            none,
            ResidentDecision {
                report: Some(ReportChoice::Offline),
                ..Default::default()
            },
        ),
    );
    assert_eq!(e.field, "report");
    assert!(e.to_string().contains("no issue arises"), "{e}");

    let i = (0..n as usize)
        .find(|&i| {
            views::new_issue(&model, i).is_some() && model.residents.flags[i] & ONLINE_ACCESS == 0
        })
        .expect("someone offline with an issue");
    let e = refused(
        &model,
        resident(
            i,
            ResidentDecision {
                report: Some(ReportChoice::Online),
                ..Default::default()
            },
        ),
    );
    assert!(e.to_string().contains("no internet access"), "{e}");

    let e = refused(
        &model,
        resident(
            0,
            ResidentDecision {
                attend_council: Some(true),
                ..Default::default()
            },
        ),
    );
    assert!(e.to_string().contains("no council meets in week 3"), "{e}");
}

#[test]
fn bad_committee_decisions_are_refused_naming_the_field() {
    let model = after(&small(), 2);
    let e = refused(
        &model,
        committee(
            0,
            CommitteeDecision {
                admin_share: Some(1.5),
                ..Default::default()
            },
        ),
    );
    assert_eq!((e.agent, e.field), (Agent::Committee(0), "admin_share"));
    assert!(e.to_string().contains("from 0 to 1"), "{e}");

    let e = refused(
        &model,
        committee(
            0,
            CommitteeDecision {
                admin_share: Some(0.7),
                issues_share: Some(0.6),
                ..Default::default()
            },
        ),
    );
    assert!(e.to_string().contains("at most 1"), "{e}");

    let e = refused(
        &model,
        committee(
            1,
            CommitteeDecision {
                first_issue: Some(u64::MAX),
                ..Default::default()
            },
        ),
    );
    assert_eq!(e.field, "first_issue");
    assert!(
        e.to_string().contains("not in this committee's queue"),
        "{e}"
    );

    let e = refused(&model, committee(9, CommitteeDecision::default()));
    assert!(
        e.to_string()
            .contains("there are 4 communities: valid indices are 0 to 3"),
        "{e}"
    );

    let model = after(&busy(), 6);
    let c = (0..4)
        .find(|&c| !model.communities[c].queue.is_empty())
        .unwrap();
    let id = issue_id(&model.communities[c].queue[0]);
    let twice = CommitteeDecision {
        escalate: Some(vec![id, id]),
        ..Default::default()
    };
    let e = refused(&model, committee(c, twice));
    assert!(e.to_string().contains("listed twice"), "{e}");
    let both_ways = CommitteeDecision {
        first_issue: Some(id),
        escalate: Some(vec![id]),
        ..Default::default()
    };
    let e = refused(&model, committee(c, both_ways));
    assert!(e.to_string().contains("serve it or escalate it"), "{e}");
    let nan = CommitteeDecision {
        outreach_share: Some(f64::NAN),
        ..Default::default()
    };
    assert_eq!(refused(&model, committee(c, nan)).field, "outreach_share");
}

#[test]
fn decisions_for_mechanisms_that_do_not_run_are_refused() {
    let mut s = small();
    s.participation.enabled = false;
    let model = after(&s, 2);
    let part = ResidentDecision {
        take_part: Some(true),
        ..Default::default()
    };
    assert_eq!(refused(&model, resident(0, part)).field, "take_part");
    let propose = ResidentDecision {
        propose: Some(true),
        ..Default::default()
    };
    let e = refused(&model, resident(0, propose));
    assert!(e.to_string().contains("micro-projects do not run"), "{e}");
}

#[test]
fn bad_office_decisions_are_refused_naming_the_field() {
    let model = after(&small(), 2);
    let split = BudgetSplit {
        own_programs: 0.5,
        devolved: 0.4,
        ngo_procurement: 0.05,
        training: 0.0,
    };
    let e = refused(
        &model,
        office(
            0,
            OfficeDecision {
                split: Some(split),
                ..Default::default()
            },
        ),
    );
    assert_eq!((e.agent, e.field), (Agent::Office(0), "split"));
    assert!(e.to_string().contains("must sum to 1"), "{e}");
    let list = OfficeDecision {
        access_list: Some(-0.1),
        ..Default::default()
    };
    assert_eq!(refused(&model, office(0, list)).field, "access_list");
    let e = refused(&model, office(2, OfficeDecision::default()));
    assert!(e.to_string().contains("there are 2 streets"), "{e}");
}

#[test]
fn bad_ngo_decisions_are_refused_naming_the_field() {
    let model = after(&small(), 2);
    let e = refused(
        &model,
        ngos(vec![(
            0,
            NgoDecision {
                communities: Some(vec![2]),
                ..Default::default()
            },
        )]),
    );
    assert!(
        e.to_string().contains(
            "not in this NGO's street: give one or more of the communities of street 0, 0 to 1"
        ),
        "{e}"
    );

    let inactive = model.offices[0]
        .ngos
        .iter()
        .position(|g| !g.active)
        .unwrap() as u32;
    let e = refused(
        &model,
        ngos(vec![(
            inactive,
            NgoDecision {
                bid: Some(true),
                ..Default::default()
            },
        )]),
    );
    assert!(e.to_string().contains("enter too"), "{e}");
    let out = NgoDecision {
        enter: Some(false),
        bid: Some(true),
        ..Default::default()
    };
    assert_eq!(refused(&model, ngos(vec![(0, out)])).field, "bid");
    let e = refused(&model, ngos(vec![(12, NgoDecision::default())]));
    assert!(e.to_string().contains("there are 12 NGOs"), "{e}");
}

#[test]
fn decisions_read_back_from_json() {
    let json = r#"{"residents": {"3": {"take_part": true, "report": "online"}},
                   "offices": {"0": {"reaction": "resources"}}}"#;
    let d: Decisions = serde_json::from_str(json).unwrap();
    assert_eq!(d.residents[&3].report, Some(ReportChoice::Online));
    assert_eq!(
        serde_json::from_str::<Decisions>(&serde_json::to_string(&d).unwrap()).unwrap(),
        d
    );
    assert!(serde_json::from_str::<Decisions>(r#"{"residents": {"3": {"vote": true}}}"#).is_err());
}
