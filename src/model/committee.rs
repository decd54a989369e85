//! The residents' committee (居委会): serves administrative demand first, then works its
//! queue of reported issues oldest first (MODEL.md section 4, step 6).
//!
//! Administrative demand is mandatory, so it takes the staff's hours before any issue
//! does. Issue work then draws on volunteers' hours, NGO hours (both scaled by
//! coordination: how well they are matched to needs) and the staff's remaining hours at
//! the committee's pace (`committee.base_pace` + skill). Volunteers cannot do paperwork. Issues that need
//! money the committee lacks, or authority it lacks, go up to the office.

use super::issue::Issue;
use super::residents::{lower, raise};
use super::{Community, CommunityResidents, CommunityTick};
use crate::scenario::Scenario;

/// Hours available to a committee for one tick's service.
#[derive(Clone, Copy, Debug, Default)]
pub struct ServiceHours {
    /// Staff and social-worker hours before administration.
    pub staff: f64,
    pub ngo: f64,
    pub volunteer: f64,
}

/// At most how many of the staff's hours a committee gives to administration and to
/// issues this tick: no limit by the rule ([`Plan::RULE`]), a player's shares otherwise
/// (`model::decisions`). Hours held back stay idle (for projects and outreach).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    pub admin_hours: f64,
    pub issue_hours: f64,
}

impl Plan {
    pub const RULE: Plan = Plan {
        admin_hours: f64::INFINITY,
        issue_hours: f64::INFINITY,
    };
}

/// Serve one community for one tick. Returns the issues escalated to the office, and
/// leaves in `hours` what is left: the staff's idle hours, and the matched
/// (coordination-scaled) NGO and volunteer hours no issue used (for micro-projects).
#[allow(clippy::too_many_arguments)]
pub fn serve(
    c: &mut Community,
    people: &mut CommunityResidents,
    s: &Scenario,
    tick: u32,
    authority: f64,
    plan: Plan,
    hours: &mut ServiceHours,
    out: &mut CommunityTick,
) -> Vec<Issue> {
    let admin = c.admin_demand.min(hours.staff).min(plan.admin_hours);
    out.admin_demand += c.admin_demand;
    out.hours_available += hours.staff;
    out.hours_admin += admin;
    let after_admin = hours.staff - admin;
    let mut staff_left = after_admin.min(plan.issue_hours);
    let held_back = after_admin - staff_left;
    let pace = s.committee.base_pace + c.skill;
    let mut ngo = hours.ngo * s.coordination.strength;
    let mut volunteer = hours.volunteer * s.coordination.strength;
    let mut escalated = Vec::new();
    let categories = s.issues.categories.all();

    let mut queue = std::mem::take(&mut c.queue);
    queue.retain_mut(|issue| {
        let cat = categories[issue.category as usize];
        // A council's mandate (`council::hold`) puts an issue within authority.
        let beyond_authority = cat.needs_authority
            && issue.authority_draw as f64 >= authority
            && !issue.council_mandate;
        if beyond_authority || cat.money > c.funds {
            issue.escalated_at = Some(tick);
            out.escalated += 1;
            escalated.push(issue.clone());
            return false;
        }
        let mut need = issue.remaining_hours;
        if need > 0.0 && !cat.paperwork {
            let v = volunteer.min(need);
            volunteer -= v;
            need -= v;
            out.volunteer_hours_used += v;
        }
        if need > 0.0 {
            let n = ngo.min(need);
            ngo -= n;
            need -= n;
            out.ngo_hours_used += n;
        }
        if need > 0.0 && staff_left > 0.0 {
            let done = (staff_left * pace).min(need);
            let raw = done / pace;
            staff_left = (staff_left - raw).max(0.0);
            out.hours_issues += raw;
            need -= done;
        }
        if need > 1e-9 {
            issue.remaining_hours = need;
            return true;
        }
        c.funds -= cat.money;
        out.spent_on_issues += cat.money;
        resolve(issue, people, s, tick, out);
        false
    });
    queue.retain(|issue| keep_waiting(issue, people, s, tick, out));
    c.queue = queue;
    if held_back > 0.0 {
        staff_left += held_back;
    }
    out.hours_idle += staff_left;
    *hours = ServiceHours {
        staff: staff_left,
        ngo,
        volunteer,
    };
    escalated
}

/// Outreach: `committee.outreach_share` (or the share a player chose, `chosen`) of the
/// staff's idle hours (after issues and projects) go to contacting residents, who feel it
/// next tick (step 4). None when participation is off (the queueing model: the hours
/// stay idle).
pub fn reach_out(c: &mut Community, s: &Scenario, chosen: Option<f64>, out: &mut CommunityTick) {
    let share = if s.participation.enabled {
        chosen.unwrap_or(s.committee.outreach_share)
    } else {
        0.0
    };
    let hours = share * out.hours_idle;
    out.hours_idle -= hours;
    out.hours_outreach += hours;
    c.outreach_hours = hours;
}

/// An issue still waiting after this tick's work, at the committee or the office: its
/// reporter withdraws it at age `issues.withdraw_after` (losing trust and satisfaction;
/// returns false), or else, once per full patience period, loses trust and satisfaction
/// to waiting (the issue is overdue). Withdrawal is checked first: a withdrawn issue is
/// not also overdue.
pub fn keep_waiting(
    issue: &Issue,
    people: &mut CommunityResidents,
    s: &Scenario,
    tick: u32,
    out: &mut CommunityTick,
) -> bool {
    let age = tick - issue.raised;
    let i = issue.reporter as usize - people.first;
    let w = s.issues.withdraw_after;
    if w > 0 && age >= w {
        out.withdrawn += 1;
        people.trust[i] = lower(people.trust[i], s.trust.withdrawal_loss);
        people.satisfaction[i] = lower(people.satisfaction[i], s.satisfaction.waiting_loss);
        return false;
    }
    if age > 0 && age % s.issues.patience.max(1) == 0 {
        out.overdue += 1;
        people.trust[i] = lower(people.trust[i], s.trust.waiting_loss);
        people.satisfaction[i] = lower(people.satisfaction[i], s.satisfaction.waiting_loss);
    }
    true
}

/// Book a resolved issue: the reporter's trust and satisfaction rise.
pub fn resolve(
    issue: &Issue,
    people: &mut CommunityResidents,
    s: &Scenario,
    tick: u32,
    out: &mut CommunityTick,
) {
    let i = issue.reporter as usize - people.first;
    people.trust[i] = raise(people.trust[i], s.trust.resolved_gain);
    people.satisfaction[i] = raise(people.satisfaction[i], s.satisfaction.resolved_gain);
    out.resolved += 1;
    out.resolved_by_age[people.age[i] as usize] += 1;
    out.wait_of_resolved += (tick - issue.raised) as u64;
    if tick - issue.raised <= s.issues.patience.max(1) {
        out.resolved_in_patience += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(category: u8, hours: f64, raised: u32) -> Issue {
        Issue {
            reporter: 0,
            category,
            online: false,
            raised,
            remaining_hours: hours,
            authority_draw: 0.5,
            escalated_at: None,
            council_mandate: false,
        }
    }

    struct Fixture {
        trust: Vec<f32>,
        sat: Vec<f32>,
        eff: Vec<f32>,
        age: Vec<u8>,
        active: Vec<u8>,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                trust: vec![0.5; 4],
                sat: vec![0.5; 4],
                eff: vec![0.5; 4],
                age: vec![0; 4],
                active: vec![0; 4],
            }
        }
        fn view(&mut self) -> CommunityResidents<'_> {
            CommunityResidents {
                first: 0,
                trust: &mut self.trust,
                satisfaction: &mut self.sat,
                efficacy: &mut self.eff,
                age: &self.age,
                flags: &self.age,
                active: &mut self.active,
            }
        }
    }

    fn community(queue: Vec<Issue>, admin: f64, funds: f64) -> Community {
        Community {
            funds,
            skill: 0.5,
            queue,
            admin_demand: admin,
            ..Community::default()
        }
    }

    #[test]
    fn administration_comes_first_and_hours_add_up() {
        let s = Scenario::default();
        let mut f = Fixture::new();
        // 'disputes' (index 4): 3 hours, no money, no authority.
        let mut c = community(vec![issue(4, 3.0, 0), issue(4, 3.0, 0)], 95.0, 0.0);
        let mut out = CommunityTick::default();
        let hours = ServiceHours {
            staff: 100.0,
            ngo: 0.0,
            volunteer: 0.0,
        };
        let esc = serve(
            &mut c,
            &mut f.view(),
            &s,
            1,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert!(esc.is_empty());
        assert_eq!(out.hours_admin, 95.0);
        // 5 hours left at pace 1.0: one issue done, the second has 1 hour left.
        assert_eq!(out.resolved, 1);
        assert_eq!(c.queue.len(), 1);
        assert!((c.queue[0].remaining_hours - 1.0).abs() < 1e-9);
        assert!((out.hours_admin + out.hours_issues + out.hours_idle - 100.0).abs() < 1e-9);
        assert!(f.trust[0] > 0.5);
    }

    #[test]
    fn admin_demand_beyond_hours_leaves_nothing_for_issues() {
        let s = Scenario::default();
        let mut f = Fixture::new();
        let mut c = community(vec![issue(4, 3.0, 0)], 500.0, 0.0);
        let mut out = CommunityTick::default();
        let hours = ServiceHours {
            staff: 100.0,
            ngo: 0.0,
            volunteer: 0.0,
        };
        serve(
            &mut c,
            &mut f.view(),
            &s,
            1,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert_eq!(out.hours_admin, 100.0);
        assert_eq!(out.resolved, 0);
        assert_eq!(out.hours_idle, 0.0);
    }

    #[test]
    fn lacking_money_or_authority_escalates() {
        let s = Scenario::default();
        let mut f = Fixture::new();
        // renovation (2) needs authority and 6,000 yuan; environment (0) needs 300 yuan.
        let mut c = community(vec![issue(2, 12.0, 0), issue(0, 4.0, 0)], 0.0, 100.0);
        let mut out = CommunityTick::default();
        let hours = ServiceHours {
            staff: 100.0,
            ngo: 0.0,
            volunteer: 0.0,
        };
        let esc = serve(
            &mut c,
            &mut f.view(),
            &s,
            3,
            0.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert_eq!(esc.len(), 2);
        assert!(esc.iter().all(|i| i.escalated_at == Some(3)));
        assert_eq!(c.funds, 100.0);
        // With authority and money both are resolved and money is spent.
        let mut c = community(vec![issue(2, 12.0, 0), issue(0, 4.0, 0)], 0.0, 10_000.0);
        let mut out = CommunityTick::default();
        let esc = serve(
            &mut c,
            &mut f.view(),
            &s,
            3,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert!(esc.is_empty());
        assert_eq!(out.resolved, 2);
        assert_eq!(c.funds, 10_000.0 - 6300.0);
        assert_eq!(out.spent_on_issues, 6300.0);
    }

    #[test]
    fn ngos_can_do_paperwork() {
        let mut s = Scenario::default();
        s.coordination.strength = 1.0;
        let mut f = Fixture::new();
        let mut c = community(vec![issue(5, 1.0, 0)], 0.0, 0.0);
        let mut out = CommunityTick::default();
        let hours = ServiceHours {
            staff: 0.0,
            ngo: 2.0,
            volunteer: 0.0,
        };
        serve(
            &mut c,
            &mut f.view(),
            &s,
            1,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert_eq!(out.resolved, 1);
        assert_eq!(out.ngo_hours_used, 1.0);
    }

    #[test]
    fn volunteers_cannot_do_paperwork() {
        let mut s = Scenario::default();
        s.coordination.strength = 1.0;
        let mut f = Fixture::new();
        // paperwork (5): 1 hour; services (3): 2 hours, 100 yuan.
        let mut c = community(vec![issue(5, 1.0, 0), issue(3, 2.0, 0)], 0.0, 1000.0);
        let mut out = CommunityTick::default();
        let hours = ServiceHours {
            staff: 0.0,
            ngo: 0.0,
            volunteer: 10.0,
        };
        serve(
            &mut c,
            &mut f.view(),
            &s,
            1,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert_eq!(out.resolved, 1);
        assert_eq!(c.queue.len(), 1);
        assert_eq!(c.queue[0].category, 5);
    }

    #[test]
    fn coordination_scales_outside_hours() {
        let mut s = Scenario::default();
        s.coordination.strength = 0.5;
        let mut f = Fixture::new();
        let mut c = community(vec![issue(4, 3.0, 0)], 0.0, 0.0);
        let mut out = CommunityTick::default();
        // 4 NGO hours at coordination 0.5 give 2 matched hours: not enough for 3.
        let hours = ServiceHours {
            staff: 0.0,
            ngo: 4.0,
            volunteer: 0.0,
        };
        serve(
            &mut c,
            &mut f.view(),
            &s,
            1,
            1.0,
            Plan::RULE,
            &mut { hours },
            &mut out,
        );
        assert_eq!(out.resolved, 0);
        assert!((c.queue[0].remaining_hours - 1.0).abs() < 1e-9);
    }

    #[test]
    fn waiting_past_patience_lowers_trust() {
        let s = Scenario::default();
        let p = s.issues.patience;
        let mut f = Fixture::new();
        let mut c = community(vec![issue(4, 3.0, 0)], 0.0, 0.0);
        let mut out = CommunityTick::default();
        serve(
            &mut c,
            &mut f.view(),
            &s,
            p,
            1.0,
            Plan::RULE,
            &mut ServiceHours::default(),
            &mut out,
        );
        assert_eq!(out.overdue, 1);
        assert!(f.trust[0] < 0.5);
        let mut out = CommunityTick::default();
        serve(
            &mut c,
            &mut f.view(),
            &s,
            p + 1,
            1.0,
            Plan::RULE,
            &mut ServiceHours::default(),
            &mut out,
        );
        assert_eq!(out.overdue, 0);
    }

    #[test]
    fn an_issue_waiting_withdraw_after_ticks_is_withdrawn_not_overdue() {
        let mut s = Scenario::default();
        s.issues.withdraw_after = 12;
        s.issues.patience = 6;
        s.trust.withdrawal_loss = 0.2;
        let mut f = Fixture::new();
        let mut c = community(vec![issue(4, 3.0, 0), issue(4, 3.0, 1)], 0.0, 0.0);
        let mut out = CommunityTick::default();
        let none = ServiceHours::default();
        serve(
            &mut c,
            &mut f.view(),
            &s,
            12,
            1.0,
            Plan::RULE,
            &mut { none },
            &mut out,
        );
        // The issue raised at 0 is withdrawn at age 12 (a patience multiple, yet not
        // overdue); the one raised at 1 waits on.
        assert_eq!((out.withdrawn, out.overdue), (1, 0));
        assert_eq!(c.queue.len(), 1);
        assert_eq!(c.queue[0].raised, 1);
        assert!((f.trust[0] - 0.4).abs() < 1e-6, "{}", f.trust[0]);
        // Off: an issue waits forever.
        s.issues.withdraw_after = 0;
        let mut out = CommunityTick::default();
        serve(
            &mut c,
            &mut f.view(),
            &s,
            500,
            1.0,
            Plan::RULE,
            &mut { none },
            &mut out,
        );
        assert_eq!((out.withdrawn, c.queue.len()), (0, 1));
    }
}
