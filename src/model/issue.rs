//! Issues residents raise (MODEL.md section 4, steps 2–3).
//!
//! Each resident raises an issue with a small probability per tick. Arrivals are drawn by
//! geometric skipping over a community's residents, so the cost is proportional to the
//! number of issues, not of residents. A raised issue is reported (online where the
//! channel is open and the resident has access, else offline) with a chance that rises
//! with trust; an unreported issue only lowers its raiser's satisfaction.

use crate::rng;
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
