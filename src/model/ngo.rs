//! NGOs / social organisations (社会组织): a pool of potential ones per street.
//!
//! A potential NGO enters when the contract income it can expect (the office's
//! procurement money shared among the active NGOs plus itself) beats the entry barrier, a
//! fixed compliance cost per tick the office imposes. An active NGO turns what its
//! contract leaves after compliance into service hours in the communities it serves, and
//! leaves after `exit_after` consecutive ticks in which its income did not cover the
//! barrier.

use std::collections::BTreeMap;

use crate::rng;
use crate::scenario::Ngos as NgoParams;

/// One potential or active NGO.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ngo {
    pub active: bool,
    /// Consecutive loss-making ticks.
    pub losses: u32,
}

/// What the NGOs of one street did in one tick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contracts {
    /// Procurement money paid to NGOs (spent).
    pub paid: f64,
    /// Procurement money with no NGO to take it (kept by the office).
    pub unspent: f64,
    /// Service hours delivered to each community of the street.
    pub hours: Vec<f64>,
    pub active: u64,
}

/// A player's choices for one NGO this tick (`model::decisions`), communities by index
/// within the street; a `None` field is the rule's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choice {
    /// Enter the market (if out; an NGO in it still leaves after `exit_after` losses) or
    /// stay out of it (leaving it, if in).
    pub enter: Option<bool>,
    /// Bid for the contract (the rule: every active NGO bids).
    pub bid: Option<bool>,
    /// The communities its hours go to (non-empty).
    pub communities: Option<Vec<usize>>,
}

/// One street's NGO pool as `contract` sees it: its first index among all NGOs (which
/// keys the entry draws) and the players' choices by index within the pool.
#[derive(Clone, Copy, Debug)]
pub struct Pool<'a> {
    pub first: usize,
    pub choices: &'a BTreeMap<usize, Choice>,
}

/// No choices: every NGO follows the rule.
static RULE: BTreeMap<usize, Choice> = BTreeMap::new();

impl Pool<'static> {
    /// A pool from `first` where every NGO follows the rule.
    pub fn rule(first: usize) -> Pool<'static> {
        Pool {
            first,
            choices: &RULE,
        }
    }
}

impl Pool<'_> {
    fn choice(&self, j: usize) -> Option<&Choice> {
        if self.choices.is_empty() {
            return None;
        }
        self.choices.get(&j)
    }
}

/// Entry, contracts, service hours and exit for one street's NGO pool.
///
/// `family` keys the entry draws, each NGO's by its index among all NGOs, so its draws
/// are its own (and a choice that skips a draw shifts no other).
pub fn contract(
    ngos: &mut [Ngo],
    procurement: f64,
    p: &NgoParams,
    communities: usize,
    family: u64,
    tick: u32,
    pool: Pool,
) -> Contracts {
    for (j, ngo) in ngos.iter_mut().enumerate() {
        if ngo.active && pool.choice(j).and_then(|c| c.enter) == Some(false) {
            ngo.active = false;
            ngo.losses = 0;
        }
    }
    let mut active = ngos.iter().filter(|n| n.active).count();
    for (j, ngo) in ngos.iter_mut().enumerate() {
        if ngo.active {
            continue;
        }
        let enters = match pool.choice(j).and_then(|c| c.enter) {
            Some(choice) => choice,
            None => {
                let expected = procurement / (active + 1) as f64;
                expected > p.entry_barrier
                    && rng::uniform(family, tick as u64, (pool.first + j) as u64, 0)
                        < p.entry_chance
            }
        };
        if enters {
            ngo.active = true;
            ngo.losses = 0;
            active += 1;
        }
    }
    let bids = |j: usize| pool.choice(j).and_then(|c| c.bid) != Some(false);
    let bidders = if pool.choices.is_empty() {
        active
    } else {
        ngos.iter()
            .enumerate()
            .filter(|(j, n)| n.active && bids(*j))
            .count()
    };
    let mut out = Contracts {
        hours: vec![0.0; communities],
        ..Contracts::default()
    };
    if bidders == 0 || communities == 0 {
        out.unspent = procurement;
        // Only with choices: active NGOs that did not bid earn nothing this tick.
        if active > 0 && communities > 0 {
            for ngo in ngos.iter_mut().filter(|n| n.active) {
                book(ngo, 0.0, p);
            }
        }
        return out;
    }
    out.paid = procurement;
    out.active = active as u64;
    let income = procurement / bidders as f64;
    let hours = (income - p.entry_barrier).max(0.0) / p.cost_per_hour.max(1e-9);
    let served = (p.communities_served as usize).clamp(1, communities);
    for (j, ngo) in ngos.iter_mut().enumerate().filter(|(_, n)| n.active) {
        if !bids(j) {
            book(ngo, 0.0, p);
            continue;
        }
        match pool.choice(j).and_then(|c| c.communities.as_deref()) {
            Some(chosen) => {
                for &c in chosen {
                    out.hours[c] += hours / chosen.len() as f64;
                }
            }
            None => {
                for t in 0..served {
                    out.hours[(j + t) % communities] += hours / served as f64;
                }
            }
        }
        book(ngo, income, p);
    }
    out
}

/// An active NGO's week: a loss when its income does not cover the barrier (it leaves
/// after `exit_after` in a row), else its losses end.
fn book(ngo: &mut Ngo, income: f64, p: &NgoParams) {
    if income < p.entry_barrier {
        ngo.losses += 1;
        if ngo.losses >= p.exit_after {
            ngo.active = false;
        }
    } else {
        ngo.losses = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, family};

    fn params() -> NgoParams {
        NgoParams {
            entry_chance: 1.0,
            ..NgoParams::default()
        }
    }

    #[test]
    fn ngos_enter_while_income_beats_the_barrier() {
        let p = params(); // barrier 1,500
        let mut pool = vec![Ngo::default(); 10];
        let f = family(1, Purpose::NgoEntry);
        let c = contract(&mut pool, 5000.0, &p, 4, f, 1, Pool::rule(0));
        // 5000/1 > 1500, 5000/2 > 1500, 5000/3 > 1500, 5000/4 < 1500: three enter.
        assert_eq!(c.active, 3);
        assert_eq!(c.paid, 5000.0);
        let income = 5000.0 / 3.0;
        let expected_hours = 3.0 * (income - 1500.0) / p.cost_per_hour;
        assert!((c.hours.iter().sum::<f64>() - expected_hours).abs() < 1e-9);
    }

    #[test]
    fn a_high_barrier_keeps_everyone_out_and_money_stays_unspent() {
        let p = NgoParams {
            entry_barrier: 10_000.0,
            ..params()
        };
        let mut pool = vec![Ngo::default(); 10];
        let c = contract(
            &mut pool,
            5000.0,
            &p,
            4,
            family(1, Purpose::NgoEntry),
            1,
            Pool::rule(0),
        );
        assert_eq!(c.active, 0);
        assert_eq!(c.unspent, 5000.0);
        assert_eq!(c.paid, 0.0);
    }

    #[test]
    fn ngos_leave_after_sustained_losses() {
        let p = params();
        let mut pool = vec![Ngo::default(); 3];
        let f = family(1, Purpose::NgoEntry);
        contract(&mut pool, 5000.0, &p, 2, f, 1, Pool::rule(0));
        assert_eq!(pool.iter().filter(|n| n.active).count(), 3);
        // Procurement cut: income 1,000 < barrier each tick.
        for tick in 2..2 + p.exit_after {
            let c = contract(&mut pool, 3000.0, &p, 2, f, tick, Pool::rule(0));
            assert_eq!(c.hours.iter().sum::<f64>(), 0.0);
        }
        assert_eq!(pool.iter().filter(|n| n.active).count(), 0);
    }
}
