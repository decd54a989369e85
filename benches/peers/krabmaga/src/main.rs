//! The synchronous threshold-cascade model (Granovetter 1978, Watts 2002) written the
//! krABMaga way: one `Agent` per node in the `Schedule`, a `State` holding the graph
//! (CSR) and double-buffered activity; each agent reads last step's activity of its
//! neighbours and writes its own next value, and `State::update` swaps the buffers after
//! every step. Erdős–Rényi G(n, p = z/(n−1)) graph; 1% seeds always active; threshold
//! 0.18 for everyone (the set-up of cogov's pure threshold bench).
//!
//! Hand-optimised: the graph and activity are plain `Vec`s inside the `State`, not a
//! krABMaga field (src/bin/threshold-krabmaga-network.rs is the idiomatic peer).
//!
//! Usage: threshold-krabmaga N STEPS [Z]   (prints one `RESULT` line)

use std::any::Any;
use std::time::Instant;

use krabmaga::engine::agent::Agent;
use krabmaga::engine::schedule::Schedule;
use krabmaga::engine::state::State;
use threshold_krabmaga::{csr, Setup};

pub struct Cascade {
    offsets: Vec<usize>,
    nbrs: Vec<u32>,
    seed: Vec<bool>,
    theta: Vec<f32>,
    active: Vec<u8>,
    next: Vec<u8>,
    n: usize,
}

impl State for Cascade {
    fn init(&mut self, schedule: &mut Schedule) {
        for id in 0..self.n {
            schedule.schedule_repeating(Box::new(Node { id }), 0.0, 0);
        }
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
    fn update(&mut self, step: u64) {
        if step > 0 {
            std::mem::swap(&mut self.active, &mut self.next);
        }
    }
}

#[derive(Clone, Copy)]
pub struct Node {
    id: usize,
}

impl Agent for Node {
    fn step(&mut self, state: &mut dyn State) {
        let s = state.as_any_mut().downcast_mut::<Cascade>().unwrap();
        let i = self.id;
        let on = if s.seed[i] {
            true
        } else {
            let list = &s.nbrs[s.offsets[i]..s.offsets[i + 1]];
            let k: u32 = list.iter().map(|&v| s.active[v as usize] as u32).sum();
            !list.is_empty() && k as f32 / list.len() as f32 >= s.theta[i]
        };
        s.next[i] = on as u8;
    }
}

fn main() {
    let setup = Setup::from_args();
    let n = setup.n;
    let (offsets, nbrs) = csr(n, &setup.edges);
    let mut state = Cascade {
        offsets,
        nbrs,
        active: setup.seed.iter().map(|&s| s as u8).collect(),
        next: vec![0; n],
        theta: vec![0.18; n],
        seed: setup.seed.clone(),
        n,
    };
    let mut schedule = Schedule::new();
    state.init(&mut schedule);
    let t = Instant::now();
    for _ in 0..setup.steps {
        schedule.step(&mut state);
    }
    let secs = t.elapsed().as_secs_f64();
    let final_active: usize = state.active.iter().map(|&a| a as usize).sum();
    setup.report("krabmaga", secs, final_active);
}
