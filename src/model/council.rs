//! Deliberation councils (议事协商), MODEL.md section 4, step 5.
//!
//! Every `interval` ticks each community holds a council on its collective issues. A
//! share of this tick's participants attend, and a share of the residents waiting on a
//! collective issue (the issues residents care about bring them in). A council must meet:
//! only with a quorum do the attendees put their own hours into the community's
//! collective issues (oldest first, and only those the committee can settle: within its
//! authority, or mandated, and paid for by its funds), gain efficacy and trust in
//! proportion to attendance, and renew the community's offline-cost relief (a venue that
//! meets is a channel), which fades every week. Without a quorum they are frustrated and
//! lose some of both. Where the committee has at least `mandate_authority`, a quorate
//! council mandates it to settle the collective issues it works that need authority
//! (`Issue::council_mandate`), which the committee's escalation check honours. Settling
//! the issue itself (paying for it) happens in the committee's service step.

use super::residents::{lower, raise};
use super::{Community, CommunityResidents, CommunityTick};
use crate::rng;
use crate::scenario::Scenario;

/// Whether councils meet this tick. Councils are a form of taking part: none when
/// participation is switched off.
pub fn due(s: &Scenario, tick: u32) -> bool {
    s.participation.enabled && s.council.interval > 0 && tick % s.council.interval == 0
}

/// The weekly fading of a community's offline-cost relief (every tick, councils or not).
pub fn fade(c: &mut Community, s: &Scenario) {
    c.council_relief *= s.council.relief_memory;
}

/// This tick's attendees: participants and residents waiting on a collective issue who
/// come, and residents whose player chose to come (`chosen`: index within the community,
/// come or not), in resident order without repeats.
fn attendees(
    c: &Community,
    people: &CommunityResidents,
    s: &Scenario,
    family: u64,
    tick: u32,
    chosen: &[(usize, bool)],
) -> Vec<usize> {
    let p = &s.council;
    let categories = s.issues.categories.all();
    let draw = |j: usize| rng::uniform(family, tick as u64, (people.first + j) as u64, 0);
    let mut attendees: Vec<usize> = (0..people.active.len())
        .filter(|&j| people.active[j] == 1 && draw(j) < p.attendance)
        .collect();
    attendees.extend(
        c.queue
            .iter()
            .filter(|i| categories[i.category as usize].collective)
            .map(|i| i.reporter as usize - people.first)
            .filter(|&j| people.active[j] == 0 && draw(j) < p.stake_attendance),
    );
    if !chosen.is_empty() {
        attendees.retain(|j| !chosen.contains(&(*j, false)));
        attendees.extend(chosen.iter().filter(|(_, come)| *come).map(|(j, _)| *j));
    }
    attendees.sort_unstable();
    attendees.dedup();
    attendees
}

/// A quorate council's work: `hours` into the collective issues the committee can settle
/// (mandating those that need authority when it may). Returns the hours left.
fn work_issues(c: &mut Community, s: &Scenario, authority: f64, mut hours: f64) -> (f64, u64) {
    let categories = s.issues.categories.all();
    let may_mandate = authority >= s.council.mandate_authority;
    let mut mandated = 0;
    for issue in c.queue.iter_mut() {
        if hours <= 0.0 {
            break;
        }
        let cat = categories[issue.category as usize];
        let beyond = cat.needs_authority
            && issue.authority_draw as f64 >= authority
            && !issue.council_mandate;
        if !cat.collective || cat.money > c.funds || (beyond && !may_mandate) {
            continue;
        }
        if beyond {
            issue.council_mandate = true;
            mandated += 1;
        }
        let h = hours.min(issue.remaining_hours);
        issue.remaining_hours -= h;
        hours -= h;
    }
    (hours, mandated)
}

/// Hold one community's council this tick, its committee having `authority`; `chosen`
/// are players' choices to come or stay away (index within the community).
#[allow(clippy::too_many_arguments)]
pub fn hold(
    c: &mut Community,
    people: &mut CommunityResidents,
    s: &Scenario,
    family: u64,
    tick: u32,
    authority: f64,
    chosen: &[(usize, bool)],
    out: &mut CommunityTick,
) {
    let p = &s.council;
    let attendees = attendees(c, people, s, family, tick, chosen);
    // Coming to a council is taking part in community affairs.
    for &j in &attendees {
        if people.active[j] == 0 {
            people.active[j] = 1;
            out.joined_by_age[people.age[j] as usize] += 1;
        }
    }
    let m = people.active.len() as f64;
    let needed = (p.quorum * m).ceil().max(1.0) as usize;
    out.councils_held += 1;
    if attendees.len() >= needed {
        out.councils_quorate += 1;
        // Attendance relative to a full council, in [0, 1].
        let r = (attendees.len() as f64 / (p.full_attendance * m)).min(1.0);
        c.council_relief = c.council_relief.max(p.cost_reduction * r);
        let offered = attendees.len() as f64 * p.hours_per_attendee;
        let (left, mandated) = work_issues(c, s, authority, offered);
        out.council_hours += offered - left;
        out.issues_mandated += mandated;
        // A quorate council also selects the micro-projects to fund.
        let selectors: Vec<u32> = attendees
            .iter()
            .map(|&j| (people.first + j) as u32)
            .collect();
        super::project::select(c, &selectors, s, tick, out);
        let (ge, gt) = (p.efficacy_gain * r, p.trust_gain * r);
        for &j in &attendees {
            people.efficacy[j] = raise(people.efficacy[j], ge);
            people.trust[j] = raise(people.trust[j], gt);
        }
    } else {
        for &j in &attendees {
            people.efficacy[j] = lower(people.efficacy[j], p.frustration);
            people.trust[j] = lower(people.trust[j], p.frustration);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::issue::Issue;
    use crate::rng::{Purpose, family};

    fn issue(category: u8, hours: f64, draw: f32) -> Issue {
        Issue {
            reporter: 0,
            category,
            online: false,
            raised: 0,
            remaining_hours: hours,
            authority_draw: draw,
            escalated_at: None,
            council_mandate: false,
        }
    }

    /// A council in a community of 100 where everyone taking part comes.
    fn run_with(
        active_count: usize,
        s: &Scenario,
        queue: Vec<Issue>,
        authority: f64,
    ) -> (Community, Vec<f32>, CommunityTick) {
        let mut s = s.clone();
        s.council.attendance = 1.0;
        let n = 100;
        let mut trust = vec![0.5f32; n];
        let mut sat = vec![0.5f32; n];
        let mut eff = vec![0.5f32; n];
        let age = vec![0u8; n];
        let mut active = vec![0u8; n];
        active[..active_count].fill(1);
        let mut people = CommunityResidents {
            first: 0,
            trust: &mut trust,
            satisfaction: &mut sat,
            efficacy: &mut eff,
            age: &age,
            flags: &age,
            active: &mut active,
        };
        let mut c = Community {
            queue,
            funds: 10_000.0,
            ..Community::default()
        };
        let mut out = CommunityTick::default();
        let fam = family(1, Purpose::CouncilAttendance);
        hold(&mut c, &mut people, &s, fam, 4, authority, &[], &mut out);
        (c, eff, out)
    }

    fn run(active_count: usize, quorum: f64) -> (Community, Vec<f32>, CommunityTick) {
        let mut s = Scenario::default();
        s.council.quorum = quorum;
        // environment (0) is collective, disputes (4) is not.
        let queue = vec![issue(4, 3.0, 0.0), issue(0, 4.0, 0.0), issue(0, 100.0, 0.0)];
        run_with(active_count, &s, queue, 0.15)
    }

    #[test]
    fn a_quorate_council_works_collective_issues_and_empowers() {
        let (c, eff, out) = run(10, 0.05);
        assert_eq!((out.councils_held, out.councils_quorate), (1, 1));
        // 10 attendees × 2 hours = 20 hours: 4 to the first collective issue, 16 to the next.
        assert_eq!(c.queue[0].remaining_hours, 3.0);
        assert_eq!(c.queue[1].remaining_hours, 0.0);
        assert_eq!(c.queue[2].remaining_hours, 84.0);
        assert_eq!(out.council_hours, 20.0);
        assert!(eff[0] > 0.5 && eff[50] == 0.5);
    }

    #[test]
    fn without_quorum_attendees_are_frustrated_and_no_relief_comes() {
        let (c, eff, out) = run(3, 0.05);
        assert_eq!((out.councils_held, out.councils_quorate), (1, 0));
        assert_eq!(c.queue[1].remaining_hours, 4.0);
        assert!(eff[0] < 0.5);
        assert_eq!(c.council_relief, 0.0);
    }

    #[test]
    fn relief_and_gains_scale_with_attendance_and_relief_fades() {
        // full_attendance 0.05 of 100 residents = 5 attendees.
        let (half, eff_half, _) = run(3, 0.01);
        let (full, eff_full, _) = run(10, 0.01);
        let s = Scenario::default();
        assert!((half.council_relief - s.council.cost_reduction * 0.6).abs() < 1e-12);
        assert_eq!(full.council_relief, s.council.cost_reduction);
        let g = |e: f32| e - 0.5;
        assert!(g(eff_half[0]) > 0.0 && g(eff_half[0]) < g(eff_full[0]));
        let mut c = full;
        fade(&mut c, &s);
        assert!((c.council_relief - s.council.cost_reduction * 0.85).abs() < 1e-12);
    }

    #[test]
    fn councils_skip_what_the_committee_cannot_settle_unless_mandated() {
        let s = Scenario::default();
        // parking (1) needs authority: a draw of 0.9 is beyond 0.15 and beyond 0.6.
        let queue = || vec![issue(1, 6.0, 0.9), issue(0, 4.0, 0.0)];
        let (c, _, out) = run_with(10, &s, queue(), 0.15);
        assert_eq!(c.queue[0].remaining_hours, 6.0);
        assert!(!c.queue[0].council_mandate);
        assert_eq!(c.queue[1].remaining_hours, 0.0);
        assert_eq!((out.council_hours, out.issues_mandated), (4.0, 0));
        let (c, _, out) = run_with(10, &s, queue(), 0.6);
        assert_eq!(c.queue[0].remaining_hours, 0.0);
        assert!(c.queue[0].council_mandate);
        assert_eq!((out.council_hours, out.issues_mandated), (10.0, 1));
        // Nor does a council work an issue the committee cannot pay for.
        let mut poor = s.clone();
        poor.issues.categories.environment.money = 20_000.0;
        let (c, _, out) = run_with(10, &poor, queue(), 0.6);
        assert_eq!(c.queue[1].remaining_hours, 4.0);
        assert_eq!(out.council_hours, 6.0);
    }
}
