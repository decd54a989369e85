//! The synchronous threshold-cascade model (Granovetter 1978, Watts 2002) written the
//! krABMaga way: one `Agent` per node in the `Schedule`, a `State` holding the graph
//! (CSR) and double-buffered activity; each agent reads last step's activity of its
//! neighbours and writes its own next value, and `State::update` swaps the buffers after
//! every step. Erdős–Rényi G(n, p = z/(n−1)) graph; 1% seeds always active; threshold
//! 0.18 for everyone (the set-up of cogov's pure threshold bench).
//!
//! Usage: threshold-krabmaga N STEPS [Z]   (prints one `RESULT` line)

use std::any::Any;
use std::time::Instant;

use krabmaga::engine::agent::Agent;
use krabmaga::engine::schedule::Schedule;
use krabmaga::engine::state::State;

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

/// SplitMix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// G(n, p) by geometric skipping (Batagelj & Brandes 2005), as CSR.
fn erdos_renyi(n: usize, z: f64, rng: &mut Rng) -> (Vec<usize>, Vec<u32>) {
    let p = z / (n - 1) as f64;
    let lq = (1.0 - p).ln();
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let (mut v, mut w) = (1i64, -1i64);
    while (v as usize) < n {
        let r = 1.0 - rng.unit();
        w += 1 + (r.ln() / lq).floor() as i64;
        while w >= v && (v as usize) < n {
            w -= v;
            v += 1;
        }
        if (v as usize) < n {
            edges.push((v as u32, w as u32));
        }
    }
    let mut deg = vec![0usize; n + 1];
    for &(a, b) in &edges {
        deg[a as usize + 1] += 1;
        deg[b as usize + 1] += 1;
    }
    for i in 0..n {
        deg[i + 1] += deg[i];
    }
    let mut fill = deg.clone();
    let mut nbrs = vec![0u32; deg[n]];
    for &(a, b) in &edges {
        nbrs[fill[a as usize]] = b;
        fill[a as usize] += 1;
        nbrs[fill[b as usize]] = a;
        fill[b as usize] += 1;
    }
    (deg, nbrs)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(10_000, |a| a.parse().expect("N"));
    let steps: u64 = args.get(2).map_or(20, |a| a.parse().expect("STEPS"));
    let z: f64 = args.get(3).map_or(10.0, |a| a.parse().expect("Z"));
    let mut rng = Rng(1);
    let (offsets, nbrs) = erdos_renyi(n, z, &mut rng);
    let seed: Vec<bool> = (0..n).map(|_| rng.unit() < 0.01).collect();
    let visits: usize = (0..n)
        .filter(|&i| !seed[i])
        .map(|i| offsets[i + 1] - offsets[i])
        .sum();
    let arcs = nbrs.len();
    let mut state = Cascade {
        offsets,
        nbrs,
        active: seed.iter().map(|&s| s as u8).collect(),
        next: vec![0; n],
        theta: vec![0.18; n],
        seed,
        n,
    };
    let mut schedule = Schedule::new();
    state.init(&mut schedule);
    let t = Instant::now();
    for _ in 0..steps {
        schedule.step(&mut state);
    }
    let secs = t.elapsed().as_secs_f64();
    let final_active: usize = state.active.iter().map(|&a| a as usize).sum();
    println!(
        "RESULT peer=krabmaga n={n} arcs={arcs} steps={steps} seconds={secs:.6} \
         edge_visits_per_s={:.1} threads=1 final_active={final_active}",
        visits as f64 * steps as f64 / secs
    );
}
