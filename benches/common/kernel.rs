//! The bare reference kernel: one synchronous threshold step on a CSR graph, nothing else.
//! A resident is active next if it is a seed (committed) or the share of its active
//! neighbours reaches its threshold; rayon over fixed chunks of 4,096 residents. It is the
//! yardstick the benches divide cogov's times by: a machine that is slower or busier slows
//! both alike, so their ratio says how cogov's code compares, not how fast the machine is.
//! (`benches/threshold.rs` and `benches/ci` both time it.)

use cogov::model::Model;
use cogov::model::residents::COMMITTED;
use cogov::network::SocialNetwork;
use rayon::prelude::*;

const CHUNK: usize = 4096;

/// One synchronous threshold step from `active` into `next`; returns the number active.
pub fn bare_step(
    offsets: &[u64],
    nbrs: &[u32],
    seed: &[u8],
    theta: &[f32],
    active: &[u8],
    next: &mut [u8],
) -> u64 {
    next.par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, out)| {
            let base = c * CHUNK;
            let mut count = 0u64;
            for (j, o) in out.iter_mut().enumerate() {
                let i = base + j;
                let on = if seed[i] != 0 {
                    true
                } else {
                    let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                    let mut k = 0u32;
                    for &v in &nbrs[a..b] {
                        k += active[v as usize] as u32;
                    }
                    b > a && k as f32 / (b - a) as f32 >= theta[i]
                };
                *o = on as u8;
                count += on as u64;
            }
            count
        })
        .sum()
}

/// The kernel's state on one graph: seeds and thresholds taken from a model's residents,
/// activity double-buffered, resettable to the seeds-only start.
#[derive(Clone)]
pub struct Kernel<'a> {
    network: &'a SocialNetwork,
    seed: Vec<u8>,
    theta: Vec<f32>,
    active: Vec<u8>,
    next: Vec<u8>,
}

impl<'a> Kernel<'a> {
    /// The kernel on `model`'s network, with its residents' committed flags as seeds and
    /// their thresholds.
    pub fn of(model: &'a Model) -> Kernel<'a> {
        let residents = model.residents();
        let seed: Vec<u8> = residents
            .flags
            .iter()
            .map(|&f| (f & COMMITTED != 0) as u8)
            .collect();
        let n = seed.len();
        Kernel {
            network: model.network(),
            active: seed.clone(),
            next: vec![0; n],
            theta: residents.threshold.clone(),
            seed,
        }
    }

    /// Back to the start: only the seeds active.
    pub fn reset(&mut self) {
        self.active.copy_from_slice(&self.seed);
    }

    /// One synchronous step; returns the number active after it.
    pub fn step(&mut self) -> u64 {
        let (offsets, nbrs) = self.network.csr();
        let k = bare_step(
            offsets,
            nbrs,
            &self.seed,
            &self.theta,
            &self.active,
            &mut self.next,
        );
        std::mem::swap(&mut self.active, &mut self.next);
        k
    }

    /// Edge visits per step: the arcs of the non-seed residents.
    pub fn visits_per_step(&self) -> u64 {
        (0..self.seed.len())
            .filter(|&i| self.seed[i] == 0)
            .map(|i| self.network.degree(i) as u64)
            .sum()
    }
}
