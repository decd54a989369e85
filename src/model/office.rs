//! The government office (街道办) of one street: allocates the budget, settles escalated
//! issues slowly, and reacts to trouble (MODEL.md section 4, steps 1 and 6).
//!
//! The budget is split into the office's own programs (which push administrative work
//! down to the committees, less what the access list rules out), money devolved to the
//! committees, NGO procurement and training. Escalated issues are paid from the
//! programs' money, at a limited pace and after a delay. Trouble (escalations and overdue
//! issues per 1,000 residents) builds up the office's *pressure*: in the
//! stability-maintenance mode pressure multiplies administrative demand (supervision),
//! which leaves committees less time and breeds more trouble; in the co-governance mode
//! it moves money from programs to devolved funds and lends committees authority.

use std::ops::Range;

use super::issue::Issue;
use super::ngo::{self, Ngo};
use super::{Community, CommunityResidents, CommunityTick};
use crate::scenario::{Reaction, Scenario};

/// The office of one street and what it holds.
#[derive(Clone, Debug, Default)]
pub struct Office {
    /// Communities of this street (indices into the model's communities).
    pub communities: Range<usize>,
    /// This tick's program money, from which escalations are paid before programs spend it.
    pub treasury: f64,
    /// Procurement money no NGO took (a stock).
    pub procurement_reserve: f64,
    pub pressure: f64,
    /// Escalated issues, oldest first.
    pub escalated: Vec<Issue>,
    pub ngos: Vec<Ngo>,
    /// Fractional settling capacity carried between ticks.
    pub capacity_carry: f64,
}

/// Money moved in one tick (yuan), summed over streets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MoneyFlows {
    pub allocated: f64,
    pub to_programs: f64,
    pub devolved: f64,
    pub to_ngos: f64,
    pub to_training: f64,
    /// Spent this tick: programs, issues, NGO contracts and training.
    pub spent: f64,
    /// Of which on services (issues, NGOs, training).
    pub spent_on_service: f64,
    pub spent_on_issues: f64,
    /// Spent on micro-projects (part of `spent`).
    pub spent_on_projects: f64,
    /// Committee funds above the carry cap returned to the office; they leave the street
    /// (allocated = spent + returned + stocks).
    pub returned: f64,
}

/// Share of own-program money that pressure moves to devolved funds, and of missing
/// authority it lends, in the co-governance mode.
pub fn relief(s: &Scenario, pressure: f64) -> f64 {
    match s.office.reaction {
        Reaction::Resources => s.office.max_relief * pressure / (1.0 + pressure),
        Reaction::Supervision => 0.0,
    }
}

/// The committees' effective authority given the office's pressure.
pub fn authority(s: &Scenario, pressure: f64) -> f64 {
    let a = s.committee.authority;
    a + (1.0 - a) * relief(s, pressure)
}

/// Step 1: allocate this tick's budget, run the NGO market, train, and set each
/// committee's administrative demand. Returns NGO hours per community of the street.
/// `pool` is the street's NGO pool (its first index and its players' choices).
pub fn allocate(
    office: &mut Office,
    communities: &mut [Community],
    s: &Scenario,
    family: u64,
    tick: u32,
    pool: ngo::Pool,
    flows: &mut MoneyFlows,
) -> ngo::Contracts {
    let n = communities.len() as f64;
    let budget = s.office.budget_per_community * n;
    let split = &s.office.split;
    let shift = split.own_programs * budget * relief(s, office.pressure);
    let programs = split.own_programs * budget - shift;
    let devolved = split.devolved * budget + shift;
    let procurement = split.ngo_procurement * budget;
    let training = split.training * budget;
    flows.allocated += budget;
    flows.to_programs += programs;
    flows.devolved += devolved;
    flows.to_training += training;
    office.treasury += programs;

    let supervision = match s.office.reaction {
        Reaction::Supervision => 1.0 + s.office.supervision_per_pressure * office.pressure,
        Reaction::Resources => 1.0,
    };
    let online = if s.online.is_open(tick) {
        1.0 - s.online.admin_time_saving
    } else {
        1.0
    };
    let t = &s.training;
    let training_each = training / n;
    let wages = training_each * t.social_worker_share;
    let skill_money = training_each - wages;
    for c in communities.iter_mut() {
        c.funds += devolved / n;
        c.devolved_year += devolved / n;
        let program_thousands = programs / n / 1000.0;
        c.admin_demand = (s.committee.base_admin_hours
            + s.office.admin_hours_per_1000_yuan * program_thousands)
            * (1.0 - s.office.access_list)
            * supervision
            * online;
        c.social_worker_hours = if t.social_worker_wage > 0.0 {
            wages / t.social_worker_wage * t.social_worker_hours
        } else {
            0.0
        };
        let growth = (skill_money / 1000.0 * t.skill_per_1000_yuan).min(1.0);
        c.skill = (c.skill + growth * (1.0 - c.skill) - t.skill_decay * c.skill).clamp(0.0, 1.0);
    }
    flows.spent += training;
    flows.spent_on_service += training;

    let contracts = ngo::contract(
        &mut office.ngos,
        procurement,
        &s.ngo,
        communities.len(),
        family,
        tick,
        pool,
    );
    office.procurement_reserve += contracts.unspent;
    flows.to_ngos += contracts.paid;
    flows.spent += contracts.paid;
    flows.spent_on_service += contracts.paid;
    contracts
}

/// Step 6b: take in the committees' escalations, settle what the office can, spend the
/// rest of the program money, and update the pressure from this tick's trouble.
///
/// `people` covers the street's residents; `out` has one entry per community of the street.
#[allow(clippy::too_many_arguments)]
pub fn settle_escalations(
    office: &mut Office,
    communities: &mut [Community],
    people: &mut CommunityResidents,
    incoming: Vec<Issue>,
    s: &Scenario,
    tick: u32,
    out: &mut [CommunityTick],
    flows: &mut MoneyFlows,
) {
    office.escalated.extend(incoming);
    let per_community = people.active.len() / communities.len().max(1);
    let mut capacity =
        office.capacity_carry + s.office.escalation_capacity * communities.len() as f64;
    let categories = s.issues.categories.all();
    let mut waiting = std::mem::take(&mut office.escalated);
    waiting.retain(|issue| {
        let local = (issue.reporter as usize - people.first) / per_community.max(1);
        let money = categories[issue.category as usize].money;
        let since = tick - issue.escalated_at.unwrap_or(tick);
        if capacity >= 1.0 && since >= s.office.escalation_delay && money <= office.treasury {
            capacity -= 1.0;
            office.treasury -= money;
            flows.spent_on_issues += money;
            flows.spent_on_service += money;
            flows.spent += money;
            super::committee::resolve(issue, people, s, tick, &mut out[local]);
            communities[local].resolved_total += 1;
            return false;
        }
        super::committee::keep_waiting(issue, people, s, tick, &mut out[local])
    });
    office.escalated = waiting;
    // Capacity is a pace, not a stock: unused capacity does not pile up.
    office.capacity_carry = capacity.fract().min(1.0);

    flows.spent += office.treasury;
    office.treasury = 0.0;

    let residents = people.active.len() as f64;
    let trouble: u64 = out.iter().map(|o| o.escalated + o.overdue).sum();
    let per_thousand = trouble as f64 / (residents / 1000.0).max(1e-9);
    let excess = (per_thousand / s.office.trouble_tolerance.max(1e-9) - 1.0).max(0.0);
    let o = &s.office;
    office.pressure =
        (o.pressure_memory * office.pressure + o.reaction_strength * excess).min(o.max_pressure);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn street(n: usize) -> (Office, Vec<Community>) {
        let office = Office {
            communities: 0..n,
            ngos: vec![Ngo::default(); 3 * n],
            ..Office::default()
        };
        (
            office,
            vec![
                Community {
                    skill: 0.4,
                    ..Community::default()
                };
                n
            ],
        )
    }

    #[test]
    fn allocation_conserves_money_and_sets_admin_demand() {
        let s = Scenario::default();
        let (mut office, mut cs) = street(8);
        let mut flows = MoneyFlows::default();
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        let budget = 8.0 * s.office.budget_per_community;
        assert_eq!(flows.allocated, budget);
        let funds: f64 = cs.iter().map(|c| c.funds).sum();
        let stock = funds + office.treasury + office.procurement_reserve;
        assert!((flows.allocated - flows.spent - stock).abs() < 1e-6);
        // Baseline: 30 + 16 × 9.6 = 183.6 hours per committee.
        let expected = s.committee.base_admin_hours
            + s.office.admin_hours_per_1000_yuan * s.office.budget_per_community * 0.8 / 1000.0;
        assert!((cs[0].admin_demand - expected).abs() < 1e-9);
    }

    #[test]
    fn the_access_list_cuts_demand_and_supervision_raises_it() {
        let mut s = Scenario::default();
        let (mut office, mut cs) = street(2);
        let mut flows = MoneyFlows::default();
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        let base = cs[0].admin_demand;
        s.office.access_list = 0.5;
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        assert!((cs[0].admin_demand - base * 0.5).abs() < 1e-9);
        s.office.access_list = 0.0;
        office.pressure = 1.0;
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        assert!((cs[0].admin_demand - base * 2.0).abs() < 1e-9);
    }

    #[test]
    fn co_governance_answers_pressure_with_money_and_authority() {
        let mut s = Scenario::default();
        s.office.reaction = Reaction::Resources;
        let (mut office, mut cs) = street(2);
        let mut flows = MoneyFlows::default();
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        let calm_funds = cs[0].funds;
        let (mut office2, mut cs2) = street(2);
        office2.pressure = 2.0;
        let mut flows2 = MoneyFlows::default();
        allocate(
            &mut office2,
            &mut cs2,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows2,
        );
        assert!(cs2[0].funds > calm_funds);
        assert!(cs2[0].admin_demand < cs[0].admin_demand);
        assert!(authority(&s, 2.0) > s.committee.authority);
        s.office.reaction = Reaction::Supervision;
        assert_eq!(authority(&s, 2.0), s.committee.authority);
    }

    #[test]
    fn training_raises_skill_and_hires_social_workers() {
        let mut s = Scenario::default();
        s.office.split.training = 0.2;
        s.office.split.own_programs = 0.65;
        s.training.social_worker_share = 0.5;
        let (mut office, mut cs) = street(1);
        let mut flows = MoneyFlows::default();
        allocate(
            &mut office,
            &mut cs,
            &s,
            1,
            1,
            ngo::Pool::rule(0),
            &mut flows,
        );
        assert!(cs[0].skill > 0.4);
        let wages = 0.2 * s.office.budget_per_community * 0.5;
        let expected = wages / s.training.social_worker_wage * s.training.social_worker_hours;
        assert!((cs[0].social_worker_hours - expected).abs() < 1e-9);
    }
}
