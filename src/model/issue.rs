//! Issues residents raise (MODEL.md section 4, steps 2–3).
//!
//! Each resident raises an issue with a small probability per tick. Arrivals are drawn by
//! geometric skipping over a community's residents, so the cost is proportional to the
//! number of issues, not of residents. A raised issue is reported (online where the
//! channel is open and the resident has access, else offline) with a chance that rises
//! with trust; an unreported issue only lowers its raiser's satisfaction.

use super::decisions::ReportChoice;
use super::residents::{ONLINE_ACCESS, lower};
use super::{Community, CommunityResidents, CommunityTick};
use crate::rng::{self, Purpose};
use crate::scenario::{IssueCategories, Scenario};

/// A reported issue waiting for resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub reporter: u32,
    /// Index into `IssueCategories::NAMES`.
    pub category: u8,
    pub online: bool,
    /// Tick the issue was raised.
    pub raised: u32,
    /// Working hours still needed.
    pub remaining_hours: f64,
    /// Uniform draw compared with the committee's authority at service time: the issue
    /// is within the committee's authority when the draw is below it.
    pub authority_draw: f32,
    /// Tick the issue was escalated to the office, if it was.
    pub escalated_at: Option<u32>,
    /// A quorate council has mandated the committee to settle this collective issue
    /// although it needs authority the committee lacks (`council::hold`).
    pub council_mandate: bool,
}

/// An issue raised this tick, before its raiser decides whether to report it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Raised {
    /// The raiser's index within the community.
    pub local: u32,
    pub category: u8,
}

/// Step 2: the issues one community's residents raise this tick, in resident order,
/// counted in `out` and in the community's running total.
pub fn arise(
    c: &mut Community,
    people: &CommunityResidents,
    s: &Scenario,
    seed: u64,
    tick: u32,
    community: usize,
    out: &mut CommunityTick,
) -> Vec<Raised> {
    let arrival = rng::family(seed, Purpose::IssueArrival);
    let category = rng::family(seed, Purpose::IssueCategory);
    raisers(s.issues.rate, arrival, tick, community, people.age.len())
        .into_iter()
        .map(|local| {
            let i = people.first + local as usize;
            let u = rng::uniform(category, tick as u64, i as u64, 0);
            out.raised += 1;
            out.raised_by_age[people.age[local as usize] as usize] += 1;
            c.raised_total += 1;
            Raised {
                local,
                category: category_of(&s.issues.categories, u),
            }
        })
        .collect()
}

/// Step 3: each raised issue is reported, and queued at the committee (online where the
/// channel is open and the raiser has access), or kept, which lowers the raiser's
/// satisfaction. `choice` gives a player's choice for a raiser (by index among all
/// residents), which replaces the rule's draw.
#[allow(clippy::too_many_arguments)]
pub fn report(
    c: &mut Community,
    people: &mut CommunityResidents,
    raised: &[Raised],
    s: &Scenario,
    seed: u64,
    tick: u32,
    channel_open: bool,
    choice: impl Fn(usize) -> Option<ReportChoice>,
    out: &mut CommunityTick,
) {
    let report = rng::family(seed, Purpose::IssueReporting);
    let authority = rng::family(seed, Purpose::IssueAuthority);
    let cats = s.issues.categories.all();
    for r in raised {
        let j = r.local as usize;
        let i = people.first + j;
        let access = channel_open && people.flags[j] & ONLINE_ACCESS != 0;
        let (reports, online) = match choice(i) {
            None => {
                let chance = report_chance(s, people.trust[j], access);
                (
                    rng::uniform(report, tick as u64, i as u64, 0) < chance,
                    access,
                )
            }
            Some(ReportChoice::Online) => (true, access),
            Some(ReportChoice::Offline) => (true, false),
            Some(ReportChoice::Keep) => (false, false),
        };
        if reports {
            out.reported += 1;
            out.reported_online += online as u64;
            let saving = if online {
                1.0 - s.online.issue_time_saving
            } else {
                1.0
            };
            c.queue.push(Issue {
                reporter: i as u32,
                category: r.category,
                online,
                raised: tick,
                remaining_hours: cats[r.category as usize].hours * saving,
                authority_draw: rng::uniform(authority, tick as u64, i as u64, 0) as f32,
                escalated_at: None,
                council_mandate: false,
            });
        } else {
            out.unreported += 1;
            people.satisfaction[j] = lower(people.satisfaction[j], s.satisfaction.unreported_loss);
        }
    }
}

/// The category of an issue from a uniform draw, by cumulative shares.
pub fn category_of(categories: &IssueCategories, u: f64) -> u8 {
    let mut acc = 0.0;
    let all = categories.all();
    for (i, c) in all.iter().enumerate() {
        acc += c.share;
        if u < acc {
            return i as u8;
        }
    }
    // Rounding: shares sum to 1 within 1e-6; fall to the last category with a share.
    all.iter().rposition(|c| c.share > 0.0).unwrap_or(0) as u8
}

/// Residents of one community who raise an issue this tick, in resident order.
///
/// Geometric skipping: the gap to the next raiser is `floor(ln(u) / ln(1 - p))`, with the
/// k-th gap of (community, tick) drawn from `rng::uniform(family, tick, community, k)`.
pub fn raisers(rate: f64, family: u64, tick: u32, community: usize, residents: usize) -> Vec<u32> {
    let mut out = Vec::new();
    if rate <= 0.0 || residents == 0 {
        return out;
    }
    if rate >= 1.0 {
        return (0..residents as u32).collect();
    }
    let log_q = (1.0 - rate).ln();
    let mut pos: f64 = -1.0;
    let mut k = 0u64;
    loop {
        let u = 1.0 - rng::uniform(family, tick as u64, community as u64, k); // (0, 1]
        k += 1;
        pos += 1.0 + (u.ln() / log_q).floor();
        if pos >= residents as f64 {
            break;
        }
        out.push(pos as u32);
    }
    out
}

/// Chance that a resident with trust `trust` reports an issue.
pub fn report_chance(s: &Scenario, trust: f32, online: bool) -> f64 {
    let bonus = if online { s.online.report_bonus } else { 0.0 };
    (s.issues.report_base + s.issues.report_trust * trust as f64 + bonus).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, family};

    #[test]
    fn arrivals_have_the_right_rate() {
        let f = family(9, Purpose::IssueArrival);
        let mut total = 0usize;
        for tick in 0..200 {
            let r = raisers(0.01, f, tick, 0, 3000);
            assert!(r.windows(2).all(|w| w[0] < w[1]));
            assert!(r.iter().all(|&i| i < 3000));
            total += r.len();
        }
        // Expected 6,000, sd about 77.
        assert!((total as i64 - 6000).abs() < 350, "{total}");
    }

    #[test]
    fn arrivals_at_the_extremes() {
        let f = family(9, Purpose::IssueArrival);
        assert!(raisers(0.0, f, 0, 0, 100).is_empty());
        assert_eq!(raisers(1.0, f, 0, 0, 5), vec![0, 1, 2, 3, 4]);
        assert!(raisers(0.5, f, 0, 0, 0).is_empty());
    }

    #[test]
    fn categories_follow_shares() {
        let c = IssueCategories::default();
        assert_eq!(category_of(&c, 0.0), 0);
        assert_eq!(category_of(&c, 0.2499), 0);
        assert_eq!(category_of(&c, 0.25), 1);
        assert_eq!(category_of(&c, 0.999_999_9), 5);
    }

    #[test]
    fn reporting_rises_with_trust_and_online() {
        let s = Scenario::default();
        assert!(report_chance(&s, 0.8, false) > report_chance(&s, 0.2, false));
        assert!(report_chance(&s, 0.5, true) > report_chance(&s, 0.5, false));
        assert!(report_chance(&s, 1.0, true) <= 1.0);
    }
}
