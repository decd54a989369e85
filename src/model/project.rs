//! Residents' micro-projects (民生微实事, "residents order, the government serves"):
//! proposed by residents, selected by quorate councils (or by a vote where no councils
//! are held), paid from the committee's devolved funds, carried out with the hours left
//! after issue work, and felt by the whole community when finished (model 2, design
//! section 3.4).
//!
//! 1. **Propose** (step 3): each resident proposes with chance
//!    `projects.proposal_rate · trust · efficacy` (a counter-hash draw keyed by seed,
//!    tick and resident); at most `projects.max_waiting` proposals wait, oldest dropped.
//! 2. **Select** (step 5): proposals are funded oldest first while the funds left after
//!    paying `projects.cost` are at least `projects.issue_reserve`; the money is spent
//!    when funded.
//! 3. **Carry out** (step 6, after issues, before outreach): the staff's idle hours (at
//!    the committee's pace), then unused volunteer and NGO hours; a project finishes when
//!    its hours are done and `projects.duration` weeks have passed since funding.
//! 4. **Finish**: every resident of the community gains satisfaction, the proposer and
//!    the residents who selected it gain efficacy.
//! 5. **Return**: every 52 weeks, funds above `projects.carry_cap` × the money devolved
//!    in the past 52 weeks return to the office and leave the street.
//!
//! With `projects.enabled = false` nothing here runs and no draw is made.

use super::committee::ServiceHours;
use super::residents::raise;
use super::{Community, CommunityResidents, CommunityTick};
use crate::rng;
use crate::scenario::Scenario;

/// Weeks between two returns of excess funds.
pub const YEAR: u32 = 52;

/// A resident's proposal waiting to be selected.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// The proposer (index among all residents).
    pub proposer: u32,
    /// The tick it was made.
    pub made: u32,
}

/// A funded project being carried out.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub proposer: u32,
    /// The tick it was funded.
    pub funded: u32,
    pub hours_left: f64,
    /// The council attendees who selected it (indices among all residents; empty after a
    /// vote).
    pub selectors: Vec<u32>,
}

/// Whether the mechanism runs at all: projects are a form of taking part.
fn active(s: &Scenario) -> bool {
    s.projects.enabled && s.participation.enabled
}

/// Step 3: residents propose projects; `chosen` are players' choices to propose or not
/// (index within the community), which replace the rule's draw.
pub fn propose(
    c: &mut Community,
    people: &CommunityResidents,
    s: &Scenario,
    family: u64,
    tick: u32,
    chosen: &[(usize, bool)],
    out: &mut CommunityTick,
) {
    if !active(s) || (s.projects.proposal_rate <= 0.0 && chosen.is_empty()) {
        return;
    }
    let rate = s.projects.proposal_rate;
    let before = c.proposals.len();
    for j in 0..people.trust.len() {
        let chance = rate * people.trust[j] as f64 * people.efficacy[j] as f64;
        let i = people.first + j;
        if chance > 0.0 && rng::uniform(family, tick as u64, i as u64, 0) < chance {
            c.proposals.push(Proposal {
                proposer: i as u32,
                made: tick,
            });
            out.projects_proposed += 1;
        }
    }
    if !chosen.is_empty() {
        choose(c, people.first, before, chosen, tick, out);
    }
    let cap = s.projects.max_waiting as usize;
    if c.proposals.len() > cap {
        let drop = c.proposals.len() - cap;
        c.proposals.drain(..drop);
    }
}

/// Players' choices replace the rule's for this tick's proposals (from `before` in the
/// list): those who chose not to propose do not, those who chose to do; this tick's
/// proposals stay in resident order.
fn choose(
    c: &mut Community,
    first: usize,
    before: usize,
    chosen: &[(usize, bool)],
    tick: u32,
    out: &mut CommunityTick,
) {
    let mut made = c.proposals.split_off(before);
    let n = made.len();
    made.retain(|p| !chosen.contains(&(p.proposer as usize - first, false)));
    for &(j, _) in chosen.iter().filter(|(_, yes)| *yes) {
        let proposer = (first + j) as u32;
        if !made.iter().any(|p| p.proposer == proposer) {
            made.push(Proposal {
                proposer,
                made: tick,
            });
        }
    }
    made.sort_by_key(|p| p.proposer);
    out.projects_proposed = out.projects_proposed + made.len() as u64 - n as u64;
    c.proposals.extend(made);
}

/// Whether proposals are put to a vote this tick (only where no councils are held).
pub fn vote_due(s: &Scenario, tick: u32) -> bool {
    active(s) && s.council.interval == 0 && tick % s.projects.vote_interval.max(1) == 0
}

/// Step 5: fund waiting proposals oldest first while the funds allow, selected by
/// `selectors` (a quorate council's attendees, or nobody for a vote).
pub fn select(
    c: &mut Community,
    selectors: &[u32],
    s: &Scenario,
    tick: u32,
    out: &mut CommunityTick,
) {
    if !active(s) {
        return;
    }
    let p = &s.projects;
    let mut funded = 0;
    while funded < c.proposals.len() && c.funds - p.cost >= p.issue_reserve {
        let proposal = &c.proposals[funded];
        c.funds -= p.cost;
        out.spent_on_projects += p.cost;
        out.projects_funded += 1;
        c.projects.push(Project {
            proposer: proposal.proposer,
            funded: tick,
            hours_left: p.hours,
            selectors: selectors.to_vec(),
        });
        funded += 1;
    }
    c.proposals.drain(..funded);
}

/// Step 6, after issue work: the hours left (`spare`: the staff's idle hours, then the
/// matched volunteer and NGO hours issues did not use) go to funded projects, oldest
/// first; staff hours used move from idle to project hours. Finished projects are felt.
pub fn carry_out(
    c: &mut Community,
    people: &mut CommunityResidents,
    s: &Scenario,
    tick: u32,
    spare: &mut ServiceHours,
    out: &mut CommunityTick,
) {
    if !active(s) || c.projects.is_empty() {
        return;
    }
    let pace = s.committee.base_pace + c.skill;
    for project in c.projects.iter_mut() {
        let mut need = project.hours_left;
        if need > 0.0 && spare.staff > 0.0 && pace > 0.0 {
            // All the idle hours, or the hours the project still needs at this pace
            // (`out.hours_idle` holds the same idle hours as `spare.staff`, so both
            // stay equal and neither goes below 0).
            let (raw, done) = if spare.staff * pace <= need {
                (spare.staff, spare.staff * pace)
            } else {
                (need / pace, need)
            };
            spare.staff -= raw;
            out.hours_idle -= raw;
            out.hours_projects += raw;
            need -= done;
        }
        if need > 0.0 {
            let v = spare.volunteer.min(need);
            spare.volunteer -= v;
            need -= v;
            out.volunteer_hours_used += v;
        }
        if need > 0.0 {
            let n = spare.ngo.min(need);
            spare.ngo -= n;
            need -= n;
            out.ngo_hours_used += n;
        }
        project.hours_left = if need > 1e-9 { need } else { 0.0 };
    }
    let duration = s.projects.duration;
    let (done, going): (Vec<Project>, Vec<Project>) = std::mem::take(&mut c.projects)
        .into_iter()
        .partition(|p| p.hours_left == 0.0 && tick - p.funded >= duration);
    c.projects = going;
    for project in &done {
        finish(project, people, s, out);
    }
}

/// A finished project: the community's residents are more satisfied, its proposer and
/// selectors more confident that taking part works.
fn finish(
    project: &Project,
    people: &mut CommunityResidents,
    s: &Scenario,
    out: &mut CommunityTick,
) {
    let p = &s.projects;
    for x in people.satisfaction.iter_mut() {
        *x = raise(*x, p.satisfaction_gain);
    }
    let first = people.first;
    for &i in std::iter::once(&project.proposer).chain(&project.selectors) {
        let j = i as usize - first;
        people.efficacy[j] = raise(people.efficacy[j], p.efficacy_gain);
    }
    out.projects_finished += 1;
}

/// Every 52 weeks: funds above `projects.carry_cap` × the past year's devolved money
/// return to the office (and leave the street); the year's count starts again.
pub fn return_excess(c: &mut Community, s: &Scenario, tick: u32, out: &mut CommunityTick) {
    if !active(s) || tick % YEAR != 0 {
        return;
    }
    let cap = s.projects.carry_cap * c.devolved_year;
    let excess = (c.funds - cap).max(0.0);
    c.funds -= excess;
    out.money_returned += excess;
    c.devolved_year = 0.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, family};

    struct Fixture {
        trust: Vec<f32>,
        sat: Vec<f32>,
        eff: Vec<f32>,
        age: Vec<u8>,
        active: Vec<u8>,
    }

    impl Fixture {
        fn new(n: usize, x: f32) -> Self {
            Fixture {
                trust: vec![x; n],
                sat: vec![0.5; n],
                eff: vec![x; n],
                age: vec![0; n],
                active: vec![0; n],
            }
        }
        fn view(&mut self) -> CommunityResidents<'_> {
            CommunityResidents {
                first: 100,
                trust: &mut self.trust,
                satisfaction: &mut self.sat,
                efficacy: &mut self.eff,
                age: &self.age,
                flags: &self.age,
                active: &mut self.active,
            }
        }
    }

    #[test]
    fn proposals_follow_trust_times_efficacy_and_are_capped() {
        let mut s = Scenario::default();
        s.projects.proposal_rate = 0.5;
        s.projects.max_waiting = 1_000_000;
        let fam = family(3, Purpose::ProjectProposal);
        let mut f = Fixture::new(10_000, 0.5);
        let mut c = Community::default();
        let mut out = CommunityTick::default();
        propose(&mut c, &f.view(), &s, fam, 1, &[], &mut out);
        // Chance 0.5 × 0.25 = 0.125 each: 1,250 expected, sd ≈ 33.
        let n = c.proposals.len() as i64;
        assert!((n - 1250).abs() < 150, "{n}");
        assert_eq!(out.projects_proposed, n as u64);
        assert!(c.proposals.iter().all(|p| p.proposer >= 100 && p.made == 1));
        s.projects.max_waiting = 10;
        propose(&mut c, &f.view(), &s, fam, 2, &[], &mut out);
        assert_eq!(c.proposals.len(), 10);
        // The oldest were dropped: the ten kept are from tick 2.
        assert!(c.proposals.iter().all(|p| p.made == 2));
        // Off: nothing proposed.
        s.projects.enabled = false;
        let mut c = Community::default();
        propose(&mut c, &f.view(), &s, fam, 3, &[], &mut out);
        assert!(c.proposals.is_empty());
    }

    #[test]
    fn funding_keeps_the_issue_reserve_and_goes_oldest_first() {
        let s = Scenario::default();
        let mut c = Community {
            funds: 2.5 * s.projects.cost + s.projects.issue_reserve,
            proposals: (0..4)
                .map(|k| Proposal {
                    proposer: k,
                    made: k,
                })
                .collect(),
            ..Community::default()
        };
        let mut out = CommunityTick::default();
        select(&mut c, &[7, 8], &s, 9, &mut out);
        assert_eq!(out.projects_funded, 2);
        assert_eq!(out.spent_on_projects, 2.0 * s.projects.cost);
        assert_eq!(c.projects[0].proposer, 0);
        assert_eq!(c.projects[1].selectors, vec![7, 8]);
        assert_eq!(
            c.proposals.iter().map(|p| p.made).collect::<Vec<_>>(),
            [2, 3]
        );
        assert!(c.funds >= s.projects.issue_reserve);
    }

    #[test]
    fn projects_finish_after_their_hours_and_duration_and_are_felt() {
        let s = Scenario::default();
        let mut f = Fixture::new(4, 0.5);
        let mut c = Community {
            skill: 0.5,
            projects: vec![Project {
                proposer: 101,
                funded: 0,
                hours_left: s.projects.hours,
                selectors: vec![103],
            }],
            ..Community::default()
        };
        // Pace 1: 30 staff hours, then 10 volunteer hours finish the 40 hours.
        let mut out = CommunityTick {
            hours_idle: 30.0,
            ..CommunityTick::default()
        };
        let mut spare = ServiceHours {
            staff: 30.0,
            ngo: 5.0,
            volunteer: 10.0,
        };
        carry_out(&mut c, &mut f.view(), &s, 3, &mut spare, &mut out);
        assert_eq!((out.hours_projects, out.hours_idle), (30.0, 0.0));
        assert_eq!((out.volunteer_hours_used, out.ngo_hours_used), (10.0, 0.0));
        assert_eq!(spare.ngo, 5.0);
        // Hours done but 8 weeks have not passed: not finished yet.
        assert_eq!((out.projects_finished, c.projects.len()), (0, 1));
        let mut out = CommunityTick::default();
        carry_out(
            &mut c,
            &mut f.view(),
            &s,
            8,
            &mut ServiceHours::default(),
            &mut out,
        );
        assert_eq!((out.projects_finished, c.projects.len()), (1, 0));
        assert!(f.sat.iter().all(|&x| x > 0.5));
        assert!(f.eff[1] > 0.5 && f.eff[3] > 0.5);
        assert_eq!((f.eff[0], f.eff[2]), (0.5, 0.5));
    }

    #[test]
    fn funds_above_the_carry_cap_return_once_a_year() {
        let s = Scenario::default();
        let mut c = Community {
            funds: 100_000.0,
            devolved_year: 60_000.0,
            ..Community::default()
        };
        let mut out = CommunityTick::default();
        return_excess(&mut c, &s, 51, &mut out);
        assert_eq!(out.money_returned, 0.0);
        return_excess(&mut c, &s, 52, &mut out);
        assert_eq!(out.money_returned, 70_000.0);
        assert_eq!((c.funds, c.devolved_year), (30_000.0, 0.0));
    }
}
