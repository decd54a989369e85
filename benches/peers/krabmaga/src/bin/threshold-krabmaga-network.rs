//! The synchronous threshold-cascade model in krABMaga's own idiom (the style of its
//! `virusnetwork` example): each node is an agent in the `Schedule` and also a node object
//! of a krABMaga `Network` field held by the `State`; each step an agent fetches its
//! edges from the field (`get_edges`), reads each neighbour's last published state
//! (`get_object`), decides, and writes its new state back (`update_node`); the field's
//! double buffer is published once per step (`State::update` → `Network::update`), which
//! is what makes the update synchronous. Same graph, seeds and threshold (0.18) as the
//! hand-optimised peer (src/main.rs), built from the same generator.
//!
//! Usage: threshold-krabmaga-network N STEPS [Z]   (prints one `RESULT` line)

use std::any::Any;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::Instant;

use krabmaga::engine::agent::Agent;
use krabmaga::engine::fields::field::Field;
use krabmaga::engine::fields::network::{EdgeOptions, Network};
use krabmaga::engine::schedule::Schedule;
use krabmaga::engine::state::State;
use threshold_krabmaga::Setup;

/// A resident: agent and network node at once. Identity (hash, equality) is the id, as
/// krABMaga's `Network` requires of node objects whose state changes.
#[derive(Clone, Copy, Debug)]
pub struct Resident {
    id: u32,
    seed: bool,
    theta: f32,
    active: bool,
}

impl Hash for Resident {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl PartialEq for Resident {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Resident {}

impl fmt::Display for Resident {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} active {}", self.id, self.active)
    }
}

pub struct Cascade {
    network: Network<Resident, String>,
    residents: Vec<Resident>,
    edges: Vec<(u32, u32)>,
}

impl State for Cascade {
    fn init(&mut self, schedule: &mut Schedule) {
        for r in &self.residents {
            self.network.add_node(*r);
        }
        for &(u, v) in &self.edges {
            let (a, b) = (self.residents[u as usize], self.residents[v as usize]);
            self.network.add_edge(a, b, EdgeOptions::Simple);
        }
        self.network.update();
        for r in &self.residents {
            schedule.schedule_repeating(Box::new(*r), 0.0, 0);
        }
    }
    fn update(&mut self, _step: u64) {
        self.network.update();
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_state_mut(&mut self) -> &mut dyn State {
        self
    }
    fn as_state(&self) -> &dyn State {
        self
    }
    fn reset(&mut self) {}
}

impl Agent for Resident {
    fn step(&mut self, state: &mut dyn State) {
        let state = state.as_any().downcast_ref::<Cascade>().unwrap();
        self.active = self.seed
            || match state.network.get_edges(*self) {
                Some(edges) if !edges.is_empty() => {
                    let on = edges
                        .iter()
                        .filter(|e| state.network.get_object(e.v).is_some_and(|n| n.active))
                        .count();
                    on as f32 / edges.len() as f32 >= self.theta
                }
                _ => false,
            };
        state.network.update_node(*self);
    }
}

fn main() {
    let setup = Setup::from_args();
    let residents: Vec<Resident> = (0..setup.n)
        .map(|i| Resident {
            id: i as u32,
            seed: setup.seed[i],
            theta: 0.18,
            active: setup.seed[i],
        })
        .collect();
    let mut state = Cascade {
        network: Network::new(false),
        residents,
        edges: setup.edges.clone(),
    };
    let mut schedule = Schedule::new();
    state.init(&mut schedule);
    let t = Instant::now();
    for _ in 0..setup.steps {
        schedule.step(&mut state);
    }
    let secs = t.elapsed().as_secs_f64();
    let final_active = (0..setup.n as u32)
        .filter(|&id| state.network.get_object(id).is_some_and(|r| r.active))
        .count();
    setup.report("krabmaga_network", secs, final_active);
}
