//! Roles and seats: which agent a player plays, and the "in turn" rule that fills seats.
//!
//! A seat is a role kind and an agent of that kind: a resident (index in the population),
//! a residents' committee (community index), a street office (street index) or an NGO
//! (index in the street-major list of every street's NGOs). The "in turn" rule gives the
//! n-th player the n-th kind of the cycle resident, committee, resident, office, resident,
//! NGO, skipping a kind with no free seat; within a kind, seats are spread over streets and
//! communities so that a class of forty plays across the whole street.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// The four kinds of role, in the order of the per-role downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    Resident,
    Committee,
    Office,
    Ngo,
}

impl RoleKind {
    pub const ALL: [RoleKind; 4] = [
        RoleKind::Resident,
        RoleKind::Committee,
        RoleKind::Office,
        RoleKind::Ngo,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RoleKind::Resident => "resident",
            RoleKind::Committee => "committee",
            RoleKind::Office => "office",
            RoleKind::Ngo => "ngo",
        }
    }
}

/// The "in turn" cycle of kinds: residents are half the seats of a class.
const CYCLE: [RoleKind; 6] = [
    RoleKind::Resident,
    RoleKind::Committee,
    RoleKind::Resident,
    RoleKind::Office,
    RoleKind::Resident,
    RoleKind::Ngo,
];

/// A seat: one agent of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub kind: RoleKind,
    pub agent: u32,
}

/// How many agents of each kind a scenario has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seats {
    pub streets: u32,
    pub communities_per_street: u32,
    pub residents_per_community: u32,
    pub ngos: u32,
}

impl Seats {
    pub fn of(s: &Scenario) -> Seats {
        let p = &s.population;
        Seats {
            streets: p.streets,
            communities_per_street: p.communities_per_street,
            residents_per_community: p.residents_per_community,
            ngos: p.streets * p.communities_per_street * s.ngo.pool_per_community,
        }
    }

    pub fn communities(&self) -> u32 {
        self.streets * self.communities_per_street
    }

    /// Agents of a kind.
    pub fn count(&self, kind: RoleKind) -> u64 {
        match kind {
            RoleKind::Resident => self.communities() as u64 * self.residents_per_community as u64,
            RoleKind::Committee => self.communities() as u64,
            RoleKind::Office => self.streets as u64,
            RoleKind::Ngo => self.ngos as u64,
        }
    }

    /// Whether the role names an agent that exists, or why not (the valid range).
    pub fn check(&self, role: Role) -> Result<(), String> {
        let n = self.count(role.kind);
        if (role.agent as u64) < n {
            Ok(())
        } else if n == 0 {
            Err(format!("this street has no {} to play", role.kind.name()))
        } else {
            Err(format!(
                "{} {} does not exist: 0..={}",
                role.kind.name(),
                role.agent,
                n - 1
            ))
        }
    }

    /// The community of the j-th spread seat: across streets first, then within them.
    fn spread_community(&self, j: u64) -> u64 {
        let streets = self.streets.max(1) as u64;
        let c = self.communities().max(1) as u64;
        let j = j % c;
        (j % streets) * self.communities_per_street as u64 + j / streets
    }

    /// The agent of the j-th seat of a kind, if there are that many.
    pub fn nth(&self, kind: RoleKind, j: u64) -> Option<Role> {
        if j >= self.count(kind) {
            return None;
        }
        let agent = match kind {
            RoleKind::Committee => self.spread_community(j),
            RoleKind::Resident => {
                let c = self.communities() as u64;
                self.spread_community(j) * self.residents_per_community as u64 + j / c
            }
            RoleKind::Office | RoleKind::Ngo => j,
        };
        Some(Role {
            kind,
            agent: u32::try_from(agent).ok()?,
        })
    }

    /// The seat the "in turn" rule gives the next player, given the seats taken.
    pub fn in_turn(&self, turn: u64, taken: &dyn Fn(Role) -> bool) -> Option<Role> {
        for k in 0..CYCLE.len() as u64 {
            let kind = CYCLE[((turn + k) % CYCLE.len() as u64) as usize];
            let mut j = 0;
            while let Some(role) = self.nth(kind, j) {
                if !taken(role) {
                    return Some(role);
                }
                j += 1;
                if j > 10_000 {
                    break; // more players than any session allows
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn street() -> Seats {
        Seats {
            streets: 2,
            communities_per_street: 3,
            residents_per_community: 100,
            ngos: 4,
        }
    }

    #[test]
    fn seats_spread_over_streets_and_communities() {
        let s = street();
        let committees: Vec<u32> = (0..6)
            .map(|j| s.nth(RoleKind::Committee, j).unwrap().agent)
            .collect();
        assert_eq!(committees, vec![0, 3, 1, 4, 2, 5]);
        let residents: Vec<u32> = (0..7)
            .map(|j| s.nth(RoleKind::Resident, j).unwrap().agent)
            .collect();
        assert_eq!(residents, vec![0, 300, 100, 400, 200, 500, 1]);
        assert_eq!(s.nth(RoleKind::Office, 2), None);
    }

    #[test]
    fn in_turn_follows_the_cycle_and_skips_full_kinds() {
        let s = street();
        let mut taken: Vec<Role> = Vec::new();
        for turn in 0..40 {
            let t = taken.clone();
            let role = s.in_turn(turn, &|r| t.contains(&r)).unwrap();
            taken.push(role);
        }
        let count = |k| taken.iter().filter(|r| r.kind == k).count();
        assert_eq!(count(RoleKind::Office), 2);
        assert_eq!(count(RoleKind::Committee), 6);
        assert_eq!(count(RoleKind::Ngo), 4);
        assert_eq!(count(RoleKind::Resident), 28);
        assert_eq!(taken[0].kind, RoleKind::Resident);
        assert_eq!(taken[1].kind, RoleKind::Committee);
        assert_eq!(taken[3].kind, RoleKind::Office);
        let mut unique = taken.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), taken.len(), "no seat given twice");
    }

    #[test]
    fn a_role_outside_the_street_is_named() {
        let e = street()
            .check(Role {
                kind: RoleKind::Office,
                agent: 2,
            })
            .unwrap_err();
        assert_eq!(e, "office 2 does not exist: 0..=1");
    }
}
