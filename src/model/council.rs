//! Deliberation councils (议事协商), MODEL.md section 4, step 5.
//!
//! Every `interval` ticks each community holds a council on its collective issues. A
//! share of this tick's participants attend, and so does the same share of residents
//! waiting on a collective issue (the issues residents care about bring them in). With a
//! quorum the attendees put their own hours into the
//! community's collective issues (oldest first) and gain efficacy and trust; without one
//! they are frustrated and lose some of both. Settling the issue itself (paying for it)
//! happens in the committee's service step, like any other issue whose hours are done.

use super::residents::{lower, raise};
use super::{Community, CommunityResidents, CommunityTick};
use crate::rng;
use crate::scenario::Scenario;

/// Whether councils meet this tick. Councils are a form of taking part: none when
/// participation is switched off.
pub fn due(s: &Scenario, tick: u32) -> bool {
    s.participation.enabled && s.council.interval > 0 && tick % s.council.interval == 0
}

/// Hold one community's council this tick.
pub fn hold(
    c: &mut Community,
    people: &mut CommunityResidents,
    s: &Scenario,
    family: u64,
    tick: u32,
    out: &mut CommunityTick,
) {
    let p = &s.council;
    let categories = s.issues.categories.all();
    let comes =
        |j: usize| rng::uniform(family, tick as u64, (people.first + j) as u64, 0) < p.attendance;
    let mut attendees: Vec<usize> = (0..people.active.len())
        .filter(|&j| people.active[j] == 1 && comes(j))
        .collect();
    attendees.extend(
        c.queue
            .iter()
            .filter(|i| categories[i.category as usize].collective)
            .map(|i| i.reporter as usize - people.first)
            .filter(|&j| people.active[j] == 0 && comes(j)),
    );
    attendees.sort_unstable();
    attendees.dedup();
    // Coming to a council is taking part in community affairs.
    for &j in &attendees {
        if people.active[j] == 0 {
            people.active[j] = 1;
            out.joined_by_age[people.age[j] as usize] += 1;
        }
    }
    let needed = (p.quorum * people.active.len() as f64).ceil().max(1.0) as usize;
    out.councils_held += 1;
    if attendees.len() >= needed {
        out.councils_quorate += 1;
        let mut hours = attendees.len() as f64 * p.hours_per_attendee;
        for issue in c.queue.iter_mut() {
            if hours <= 0.0 {
                break;
            }
            if categories[issue.category as usize].collective {
                let h = hours.min(issue.remaining_hours);
                issue.remaining_hours -= h;
                hours -= h;
            }
        }
        out.council_hours += attendees.len() as f64 * p.hours_per_attendee - hours;
        for &j in &attendees {
            people.efficacy[j] = raise(people.efficacy[j], p.efficacy_gain);
            people.trust[j] = raise(people.trust[j], p.trust_gain);
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

    fn run(active_count: usize, quorum: f64) -> (Community, Vec<f32>, CommunityTick) {
        let mut s = Scenario::default();
        s.council.attendance = 1.0;
        s.council.quorum = quorum;
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
        let issue = |category, hours| Issue {
            reporter: 0,
            category,
            online: false,
            raised: 0,
            remaining_hours: hours,
            authority_draw: 0.0,
            escalated_at: None,
        };
        // environment (0) is collective, disputes (4) is not.
        let mut c = Community {
            queue: vec![issue(4, 3.0), issue(0, 4.0), issue(0, 100.0)],
            ..Community::default()
        };
        let mut out = CommunityTick::default();
        hold(
            &mut c,
            &mut people,
            &s,
            family(1, Purpose::CouncilAttendance),
            4,
            &mut out,
        );
        (c, eff, out)
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
    fn without_quorum_attendees_are_frustrated() {
        let (c, eff, out) = run(3, 0.05);
        assert_eq!((out.councils_held, out.councils_quorate), (1, 0));
        assert_eq!(c.queue[1].remaining_hours, 4.0);
        assert!(eff[0] < 0.5);
    }
}
