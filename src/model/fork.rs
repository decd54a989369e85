//! Forking a run ("what if we reform now?") and looking into one community.
//!
//! A fork is a copy of a run at its current tick that goes on under a scenario with more
//! interventions to come. Every random draw is keyed by (seed, purpose, tick, resident or
//! community), never by the history of draws, so the copy draws the same numbers as the
//! original would have: the two differ only by what the new interventions change (common
//! random numbers). A fork at tick `w` with an intervention at tick `w + 1` is therefore
//! exactly the run of the forked scenario from tick 0 (a test checks it).

use super::{Community, CommunityTick, Model, ModelError};
use crate::scenario::Scenario;

/// The resolved parameters from each intervention of `scenario` on, latest tick first
/// (the model pops from the end): interventions in tick order, each merged over the
/// parameters the previous ones left (equal ticks in the order they are written).
pub(super) fn schedule(scenario: &Scenario) -> Result<Vec<(u32, Scenario)>, ModelError> {
    let mut interventions = scenario.interventions.clone();
    interventions.sort_by_key(|i| i.tick);
    let mut schedule = Vec::new();
    let mut current = scenario.clone();
    for i in &interventions {
        current = current
            .with_overlay(&i.set)
            .map_err(|source| ModelError::Intervention {
                tick: i.tick,
                source,
            })?;
        schedule.push((i.tick, current.clone()));
    }
    schedule.reverse();
    Ok(schedule)
}

impl Model {
    /// A copy of this run at its current tick that continues under `scenario`'s
    /// interventions still to come (those after the current tick; at tick 0, all).
    ///
    /// `scenario` must be this run's scenario with interventions added after the current
    /// tick (a validated scenario: population, network and the parameters in force now
    /// are this run's); the copy's state and random numbers are this run's.
    pub fn fork(&self, scenario: &Scenario) -> Result<Model, ModelError> {
        let tick = self.tick;
        // Interventions take effect at the start of a tick; those up to the current tick
        // have been applied (none before the first tick).
        let applied = |t: u32| tick > 0 && t <= tick;
        let mut model = self.clone();
        model.schedule = schedule(scenario)?
            .into_iter()
            .filter(|(t, _)| !applied(*t))
            .collect();
        Ok(model)
    }

    /// Number of communities.
    pub fn community_count(&self) -> usize {
        self.communities.len()
    }

    /// Community `c` (its committee's funds, skill and queue) now.
    pub fn community(&self, c: usize) -> Option<&Community> {
        self.communities.get(c)
    }

    /// What happened in community `c` in the last tick (None before the first tick or
    /// for a community that does not exist).
    pub fn community_last_tick(&self, c: usize) -> Option<&CommunityTick> {
        self.last_tick.get(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Intervention;

    fn small() -> Scenario {
        let mut s = Scenario::default();
        s.run.ticks = 12;
        s.population.communities_per_street = 2;
        s.population.residents_per_community = 200;
        s
    }

    fn reform(tick: u32) -> Intervention {
        let mut set = toml::Table::new();
        crate::dotted::set(&mut set, "office.access_list", toml::Value::Float(0.6));
        crate::dotted::set(&mut set, "committee.authority", toml::Value::Float(0.7));
        Intervention { tick, set }
    }

    /// Run `scenario` from tick 0, or fork a run of `base` at `at` into it.
    fn trajectory(base: &Scenario, scenario: &Scenario, at: Option<u32>) -> Vec<String> {
        let mut model = Model::new(base, 5).unwrap();
        let mut out = vec![format!("{:?}", model.initial_metrics())];
        for t in 1..=scenario.run.ticks {
            if at == Some(t - 1) {
                model = model.fork(scenario).unwrap();
            }
            out.push(format!("{:?}", model.step()));
        }
        out
    }

    #[test]
    fn a_fork_is_the_run_of_the_forked_scenario() {
        let base = small();
        for w in [0, 1, 6] {
            let mut forked = base.clone();
            forked.interventions.push(reform(w + 1));
            let whole = trajectory(&forked, &forked, None);
            assert_eq!(trajectory(&base, &forked, Some(w)), whole, "fork at {w}");
            // The fork changes something: the run without it is the same up to w, then differs.
            let unchanged = trajectory(&base, &base, None);
            assert_eq!(unchanged[..=w as usize], whole[..=w as usize]);
            assert_ne!(unchanged, whole);
        }
    }

    #[test]
    fn a_fork_keeps_later_interventions_and_drops_applied_ones() {
        let mut base = small();
        base.interventions.push(reform(2));
        base.interventions.push(Intervention {
            tick: 9,
            set: toml::from_str("[council]\ninterval = 4").unwrap(),
        });
        let mut forked = base.clone();
        forked.interventions.push(Intervention {
            tick: 6,
            set: toml::from_str("[office]\naccess_list = 0.1").unwrap(),
        });
        let whole = trajectory(&forked, &forked, None);
        assert_eq!(trajectory(&base, &forked, Some(5)), whole);
    }

    #[test]
    fn the_last_tick_of_each_community_is_kept() {
        let s = small();
        let mut model = Model::new(&s, 1).unwrap();
        model.initial_metrics();
        assert!(model.community_last_tick(0).is_none());
        let m = model.step();
        assert_eq!(model.community_count(), 2);
        let sum: f64 = (0..2)
            .map(|c| model.community_last_tick(c).unwrap().hours_admin)
            .sum();
        assert!((sum - m.committee_hours_admin).abs() < 1e-9 * sum.max(1.0));
        assert!(model.community_last_tick(2).is_none());
    }
}
