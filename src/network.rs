//! The social network of residents, stored as a compressed sparse row (CSR) graph.
//!
//! Residents are numbered `0..n` and grouped by community in contiguous ranges: community
//! `c` holds residents `[c·m, (c+1)·m)` where `m` is the number of residents per community.
//! Ties are undirected and stored as two arcs (`u→v` and `v→u`); there are no self-ties
//! and no duplicate ties, and every neighbour list is sorted ascending, so the hot loop of
//! the model reads memory in order and the result does not depend on how it was built.
//!
//! # Kinds
//!
//! * **Small world** (Watts & Strogatz 1998, within each community): a ring lattice with
//!   `k` = `mean_degree` rounded to the nearest even number (halves round away from zero:
//!   a mean of 7 gives 8), `k/2` ties on each side. If `k ≥ m − 1` the community is simply
//!   complete (everyone tied to everyone in it, `m − 1` ties each): legal, not an error.
//!   Each lattice tie `(i, i+j)` is then rewired with probability `rewiring`: its far end
//!   moves to a uniformly random resident of the same community among those that are
//!   neither `i` nor one of `i`'s own lattice neighbours (so a rewired tie never
//!   duplicates a lattice tie, which is what Watts–Strogatz's "no duplicate edges" rule
//!   amounts to). A complete community has nobody to rewire to and is left as it is.
//!   Finally each tie, with probability `cross_community_share`, has its far end replaced
//!   by a uniformly random resident of *another* community (never when there is only one
//!   community). The measured share of arcs that cross communities is therefore
//!   `cross_community_share`.
//! * **Erdős–Rényi** `G(n, p)` over all residents with `p = mean_degree / (n − 1)`,
//!   communities ignored, generated with the geometric skipping of Batagelj & Brandes
//!   (2005, Phys. Rev. E 71, 036113, algorithm G(n,p)), so the cost is `O(n + ties)`.
//!   A `p ≥ 1` gives the complete graph.
//! * **Complete**: everyone tied to everyone (validation caps this at small `n`).
//! * **None**: no ties.
//!
//! # Duplicates
//!
//! Random far ends (rewired and cross-community ties) can, rarely, land on a pair that is
//! already tied; the duplicate is dropped (deduplication within each neighbour list,
//! which is symmetric, so the graph stays undirected). Erdős–Rényi never produces one
//! (each pair is considered once). For a small world the expected loss is about
//! `k²·rewiring² / (2m)` ties per resident (two rewired ties landing on the same pair),
//! plus a far smaller term for cross-community ties: about 0.003% of the mean degree for
//! the defaults (k = 8, rewiring 0.1, m = 3,000). The unit tests measure it.
//!
//! # Construction, memory and determinism
//!
//! The graph is built in two passes without ever holding an edge list: pass 1 generates
//! the ties and only counts degrees; pass 2 re-creates the same random streams,
//! regenerates the identical ties and writes each arc into its slot. The peak is the
//! final CSR (4 bytes per arc, 8 bytes per resident for the offsets) plus one 4-byte
//! counter per resident. The work is split into blocks of at most [`BLOCK`] source
//! residents (never straddling a community for the small world), each with its own
//! ChaCha8 stream `rng::stream(seed, Purpose::Network, block)`, and run in parallel with
//! rayon. A block counts and writes arcs into its own residents' lists with plain
//! block-local cursors (most small-world ties stay inside a block) and into other lists
//! through atomic counters. Arcs land in a list in scheduling order, but each list is
//! then sorted, so the result is identical for any number of threads. Uniform integers
//! are drawn with Lemire's multiply-shift on a raw 64-bit output (bias below 2⁻³²) and
//! uniform reals with [`rng::unit`], so the output depends only on the pinned ChaCha8
//! algorithm, not on the sampling code of the `rand` crate.
//!
//! Measured (release, this 2-core machine): 1M residents of mean degree 10 in about
//! 0.09 s (small world) and 0.17 s (Erdős–Rényi) on 2 threads; a 14M-resident small-world
//! city of mean degree 8 (112M arcs) in about 1.4 s at a peak of about 605 MB.

use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rand::RngCore;
use rayon::prelude::*;

use crate::rng::{self, Purpose, Stream};
use crate::scenario::{Network, NetworkKind};

/// Source residents per generation block. Part of the pinned output: changing it changes
/// which stream generates which tie.
pub const BLOCK: usize = 4096;

/// Residents per chunk when sorting neighbour lists in parallel (does not affect output).
const SORT_CHUNK: usize = 4096;

/// An undirected social network in CSR form.
#[derive(Clone, PartialEq, Eq)]
pub struct SocialNetwork {
    /// `offsets[r]..offsets[r+1]` is the range of resident `r`'s neighbours (length n+1).
    offsets: Vec<u64>,
    /// All neighbour lists, concatenated; each list sorted ascending.
    neighbours: Vec<u32>,
}

impl std::fmt::Debug for SocialNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SocialNetwork")
            .field("residents", &self.residents())
            .field("arcs", &self.arcs())
            .finish()
    }
}

impl SocialNetwork {
    /// Builds the network of `communities × residents_per_community` residents described
    /// by `params`, deterministically from `seed` (see the module documentation).
    ///
    /// # Panics
    /// If there are more than 2³² residents (ids are `u32`) or `mean_degree` is not a
    /// finite non-negative number.
    pub fn build(
        params: &Network,
        communities: usize,
        residents_per_community: usize,
        seed: u64,
    ) -> SocialNetwork {
        let m = residents_per_community;
        let n = communities
            .checked_mul(m)
            .expect("number of residents overflows usize");
        assert!(
            n as u64 <= 1u64 << 32,
            "{n} residents: resident ids must fit in u32"
        );
        let z = params.mean_degree;
        assert!(
            z.is_finite() && z >= 0.0,
            "mean degree must be finite and non-negative, got {z}"
        );
        match params.kind {
            NetworkKind::None => SocialNetwork::empty(n),
            NetworkKind::Complete => SocialNetwork::complete(n),
            NetworkKind::ErdosRenyi => {
                if n < 2 || z <= 0.0 {
                    return SocialNetwork::empty(n);
                }
                let p = z / (n - 1) as f64;
                if p >= 1.0 {
                    return SocialNetwork::complete(n);
                }
                let source = ErdosRenyi {
                    seed,
                    n,
                    ln_q: (-p).ln_1p(),
                };
                assemble(n, &source)
            }
            NetworkKind::SmallWorld => {
                if n == 0 {
                    return SocialNetwork::empty(0);
                }
                let k = ((z / 2.0).round() as usize).saturating_mul(2);
                let clamped = k >= m - 1;
                let (half, extra) = if clamped {
                    // Complete community: (m-1)/2 forward ties each, plus, for even m,
                    // the tie to the opposite resident, taken by the first half only.
                    ((m - 1) / 2, m % 2 == 0)
                } else {
                    (k / 2, false)
                };
                if half == 0 && !extra {
                    return SocialNetwork::empty(n);
                }
                let source = SmallWorld {
                    seed,
                    m,
                    communities,
                    blocks_per_community: m.div_ceil(BLOCK),
                    half,
                    extra,
                    rewire_span: if clamped { 0 } else { m - 1 - 2 * half },
                    rewiring: params.rewiring,
                    cross: if communities > 1 {
                        params.cross_community_share
                    } else {
                        0.0
                    },
                };
                assemble(n, &source)
            }
        }
    }

    /// An undirected network of `n` residents from a list of ties (for tests and
    /// teaching). Each `(u, v)` becomes the arcs `u→v` and `v→u`; a tie listed twice (in
    /// either orientation) is kept once.
    ///
    /// # Panics
    /// On a self-tie or a resident id `≥ n`.
    pub fn from_edges(n: usize, edges: &[(u32, u32)]) -> SocialNetwork {
        assert!(
            n as u64 <= 1u64 << 32,
            "{n} residents: resident ids must fit in u32"
        );
        for &(u, v) in edges {
            assert!(
                (u as usize) < n && (v as usize) < n,
                "tie ({u}, {v}) names a resident outside 0..{n}"
            );
            assert!(u != v, "self-tie ({u}, {u}) is not allowed");
        }
        assemble(n, &EdgeList(edges))
    }

    fn empty(n: usize) -> SocialNetwork {
        SocialNetwork {
            offsets: vec![0; n + 1],
            neighbours: Vec::new(),
        }
    }

    fn complete(n: usize) -> SocialNetwork {
        if n < 2 {
            return SocialNetwork::empty(n);
        }
        let d = n - 1;
        let offsets = (0..=n as u64).map(|r| r * d as u64).collect();
        let arcs = n.checked_mul(d).expect("complete network too large");
        let mut neighbours = vec![0u32; arcs];
        neighbours
            .par_chunks_mut(d)
            .enumerate()
            .for_each(|(r, list)| {
                for (slot, v) in list
                    .iter_mut()
                    .zip((0..n as u64).filter(|&v| v != r as u64))
                {
                    *slot = v as u32;
                }
            });
        SocialNetwork {
            offsets,
            neighbours,
        }
    }

    /// Number of residents.
    pub fn residents(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of directed arcs: twice the number of ties.
    pub fn arcs(&self) -> usize {
        self.neighbours.len()
    }

    /// Number of undirected ties.
    pub fn ties(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// Mean degree (0 for an empty population).
    pub fn mean_degree(&self) -> f64 {
        if self.residents() == 0 {
            0.0
        } else {
            self.arcs() as f64 / self.residents() as f64
        }
    }

    /// The neighbours of `resident`, sorted ascending.
    #[inline]
    pub fn neighbours(&self, resident: usize) -> &[u32] {
        let a = self.offsets[resident] as usize;
        let b = self.offsets[resident + 1] as usize;
        &self.neighbours[a..b]
    }

    /// The number of ties of `resident`.
    #[inline]
    pub fn degree(&self, resident: usize) -> usize {
        (self.offsets[resident + 1] - self.offsets[resident]) as usize
    }

    /// The raw CSR arrays (`offsets` of length n+1, concatenated `neighbours`), for hot
    /// loops that want to avoid per-call bounds checks.
    pub fn csr(&self) -> (&[u64], &[u32]) {
        (&self.offsets, &self.neighbours)
    }

    /// Heap and inline bytes held by the network.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.offsets.capacity() * std::mem::size_of::<u64>()
            + self.neighbours.capacity() * std::mem::size_of::<u32>()
    }
}

/// Something that can regenerate the same ties, block by block, any number of times.
trait TieSource: Sync {
    fn blocks(&self) -> usize;
    /// The residents whose lists `block` owns: a contiguous range, ascending and disjoint
    /// from block to block (possibly empty). Arcs into owned lists are counted and
    /// written without atomics.
    fn owned(&self, block: usize) -> Range<usize>;
    /// Calls `emit(u, v)` once per tie generated by `block`, in a fixed order.
    fn ties<E: FnMut(usize, usize)>(&self, block: usize, emit: E);
}

/// A uniform integer in `0..n` (Lemire's multiply-shift; bias below 2⁻³² for n < 2³²).
#[inline(always)]
fn below(rng: &mut Stream, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// A uniform real in `[0, 1)`.
#[inline(always)]
fn uniform(rng: &mut Stream) -> f64 {
    rng::unit(rng.next_u64())
}

/// `x mod m` for `x < 2m`, without a division.
#[inline(always)]
fn wrap(x: usize, m: usize) -> usize {
    if x >= m { x - m } else { x }
}

struct SmallWorld {
    seed: u64,
    m: usize,
    communities: usize,
    blocks_per_community: usize,
    /// Forward lattice ties per resident.
    half: usize,
    /// A complete community of even size: residents `i < m/2` also tie to `i + m/2`.
    extra: bool,
    /// Number of residents a tie may be rewired to (0: no rewiring possible).
    rewire_span: usize,
    rewiring: f64,
    cross: f64,
}

impl TieSource for SmallWorld {
    fn blocks(&self) -> usize {
        self.communities * self.blocks_per_community
    }

    fn owned(&self, block: usize) -> Range<usize> {
        let c = block / self.blocks_per_community;
        let start = (block % self.blocks_per_community) * BLOCK;
        c * self.m + start..c * self.m + (start + BLOCK).min(self.m)
    }

    fn ties<E: FnMut(usize, usize)>(&self, block: usize, mut emit: E) {
        let m = self.m;
        let c = block / self.blocks_per_community;
        let start = (block % self.blocks_per_community) * BLOCK;
        let end = (start + BLOCK).min(m);
        let base = c * m;
        let rewire = self.rewire_span > 0 && self.rewiring > 0.0;
        let cross = self.cross > 0.0;
        let mut rng = rng::stream(self.seed, Purpose::Network, block as u64);
        for i in start..end {
            let forward = self.half + usize::from(self.extra && i < m / 2);
            for j in 1..=forward {
                let mut t = base + wrap(i + j, m);
                if rewire && uniform(&mut rng) < self.rewiring {
                    let o = self.half + 1 + below(&mut rng, self.rewire_span);
                    t = base + wrap(i + o, m);
                }
                if cross && uniform(&mut rng) < self.cross {
                    let mut d = below(&mut rng, self.communities - 1);
                    if d >= c {
                        d += 1;
                    }
                    t = d * m + below(&mut rng, m);
                }
                emit(base + i, t);
            }
        }
    }
}

struct ErdosRenyi {
    seed: u64,
    n: usize,
    /// ln(1 − p).
    ln_q: f64,
}

impl TieSource for ErdosRenyi {
    fn blocks(&self) -> usize {
        self.n.div_ceil(BLOCK)
    }

    fn owned(&self, block: usize) -> Range<usize> {
        block * BLOCK..((block + 1) * BLOCK).min(self.n)
    }

    /// Batagelj & Brandes (2005), G(n,p) by geometric skipping, restricted to the pairs
    /// `(v, w)`, `w < v`, whose larger end `v` lies in the block: the candidate pairs are
    /// visited in lexicographic order and the gap to the next tie is geometric.
    fn ties<E: FnMut(usize, usize)>(&self, block: usize, mut emit: E) {
        let a = block * BLOCK;
        let b = (a + BLOCK).min(self.n) as i64;
        let mut rng = rng::stream(self.seed, Purpose::Network, block as u64);
        let mut v = a.max(1) as i64;
        let mut w: i64 = -1;
        while v < b {
            let r = uniform(&mut rng);
            // Number of candidate pairs skipped: floor(ln(1-r) / ln(1-p)) ≥ 0.
            let skip = ((-r).ln_1p() / self.ln_q).floor();
            w = w.saturating_add(1).saturating_add(skip as i64);
            while w >= v && v < b {
                w -= v;
                v += 1;
            }
            if v < b {
                emit(v as usize, w as usize);
            }
        }
    }
}

struct EdgeList<'a>(&'a [(u32, u32)]);

impl TieSource for EdgeList<'_> {
    fn blocks(&self) -> usize {
        self.0.len().div_ceil(BLOCK)
    }

    fn owned(&self, _block: usize) -> Range<usize> {
        0..0
    }

    fn ties<E: FnMut(usize, usize)>(&self, block: usize, mut emit: E) {
        let end = ((block + 1) * BLOCK).min(self.0.len());
        for &(u, v) in &self.0[block * BLOCK..end] {
            emit(u as usize, v as usize);
        }
    }
}

/// Pass-2 writer of arcs into lists the block does not own, from the end of each list. An atomic read-modify-write
/// waits for earlier stores to reach the cache, so claiming a slot and storing into it
/// one arc at a time pays one cache miss per arc in sequence; claiming the slots of a
/// whole batch first lets the batch's stores miss in parallel.
struct ForeignArcs<'a> {
    offsets: &'a [u64],
    cursors: &'a [AtomicU32],
    slots: &'a [AtomicU32],
    /// (list owner, neighbour)
    arcs: [(u32, u32); ARC_BATCH],
    len: usize,
}

const ARC_BATCH: usize = 256;

impl<'a> ForeignArcs<'a> {
    fn new(offsets: &'a [u64], cursors: &'a [AtomicU32], slots: &'a [AtomicU32]) -> Self {
        ForeignArcs {
            offsets,
            cursors,
            slots,
            arcs: [(0, 0); ARC_BATCH],
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, owner: usize, neighbour: usize) {
        self.arcs[self.len] = (owner as u32, neighbour as u32);
        self.len += 1;
        if self.len == ARC_BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let mut at = [0u64; ARC_BATCH];
        for (pos, &(u, _)) in at.iter_mut().zip(&self.arcs[..self.len]) {
            let u = u as usize;
            // Foreign arcs fill the list from its end.
            *pos = self.offsets[u + 1] - 1 - u64::from(self.cursors[u].fetch_add(1, Relaxed));
        }
        for (&pos, &(_, v)) in at.iter().zip(&self.arcs[..self.len]) {
            self.slots[pos as usize].store(v, Relaxed);
        }
        self.len = 0;
    }
}

/// `len` zeroed atomics. This compiles to a zeroed allocation (calloc) converted in place,
/// so the pages are faulted in lazily by the parallel writers, not by one thread here.
fn zeroed_atomics(len: usize) -> Vec<AtomicU32> {
    vec![0u32; len].into_iter().map(AtomicU32::new).collect()
}

/// The two-pass CSR construction shared by every random kind.
fn assemble<S: TieSource>(n: usize, source: &S) -> SocialNetwork {
    let counts = count_degrees(n, source);
    let mut offsets = Vec::with_capacity(n + 1);
    let mut total = 0u64;
    offsets.push(0);
    for c in &counts {
        total += u64::from(c.load(Relaxed));
        offsets.push(total);
    }
    // Reuse the counters as cursors for the foreign arcs, which fill each list from its
    // end; the owning block fills it from its start with a block-local cursor.
    counts.par_iter().for_each(|c| c.store(0, Relaxed));
    let cursors = counts;
    let mut neighbours = fill_arcs(source, &offsets, &cursors, total);
    // The cursors now record each list's length after deduplication.
    let lengths = cursors;
    sort_and_dedup(&mut neighbours, &offsets, &lengths);
    let kept: u64 = lengths.iter().map(|l| u64::from(l.load(Relaxed))).sum();
    if kept != total {
        compact(&mut neighbours, &mut offsets, &lengths);
    }
    SocialNetwork {
        offsets,
        neighbours,
    }
}

/// Pass 1: count degrees. Arcs into lists the block owns are counted in a block-local
/// array and added once per resident at the end; the others go straight to the atomics.
fn count_degrees<S: TieSource>(n: usize, source: &S) -> Vec<AtomicU32> {
    let counts = zeroed_atomics(n);
    (0..source.blocks()).into_par_iter().for_each(|b| {
        let owned = source.owned(b);
        let mut local = vec![0u32; owned.len()];
        source.ties(b, |u, v| {
            debug_assert_ne!(u, v, "self-tie generated");
            for x in [u, v] {
                match local.get_mut(x.wrapping_sub(owned.start)) {
                    Some(c) => *c += 1,
                    None => {
                        counts[x].fetch_add(1, Relaxed);
                    }
                }
            }
        });
        for (c, &k) in counts[owned].iter().zip(&local) {
            c.fetch_add(k, Relaxed);
        }
    });
    counts
}

/// Pass 2: regenerate the same ties and write each arc into its resident's range.
fn fill_arcs<S: TieSource>(
    source: &S,
    offsets: &[u64],
    cursors: &[AtomicU32],
    total: u64,
) -> Vec<u32> {
    let arcs = usize::try_from(total).expect("arc count overflows usize");
    let slots = zeroed_atomics(arcs);
    (0..source.blocks()).into_par_iter().for_each(|b| {
        let owned = source.owned(b);
        let mut local = vec![0u32; owned.len()];
        let mut foreign = ForeignArcs::new(offsets, cursors, &slots);
        let mut write = |u: usize, v: usize| match local.get_mut(u.wrapping_sub(owned.start)) {
            Some(c) => {
                slots[(offsets[u] + u64::from(*c)) as usize].store(v as u32, Relaxed);
                *c += 1;
            }
            None => foreign.push(u, v),
        };
        source.ties(b, |u, v| {
            write(u, v);
            write(v, u);
        });
        foreign.flush();
    });
    // AtomicU32 and u32 have the same layout: std collects this in place (no copy of the
    // allocation, checked by a unit test).
    slots.into_iter().map(AtomicU32::into_inner).collect()
}

/// Sort each list (this is what makes the result independent of the schedule) and drop
/// duplicate ties, recording each list's kept length in `lengths`.
fn sort_and_dedup(neighbours: &mut [u32], offsets: &[u64], lengths: &[AtomicU32]) {
    let n = offsets.len() - 1;
    let mut chunks = Vec::with_capacity(n.div_ceil(SORT_CHUNK));
    let mut rest: &mut [u32] = neighbours;
    for first in (0..n).step_by(SORT_CHUNK) {
        let last = (first + SORT_CHUNK).min(n);
        let len = (offsets[last] - offsets[first]) as usize;
        let (chunk, tail) = rest.split_at_mut(len);
        chunks.push((first, last, chunk));
        rest = tail;
    }
    chunks.into_par_iter().for_each(|(first, last, chunk)| {
        let base = offsets[first];
        for r in first..last {
            let list = &mut chunk[(offsets[r] - base) as usize..(offsets[r + 1] - base) as usize];
            list.sort_unstable();
            let mut kept = 0;
            for i in 0..list.len() {
                if i == 0 || list[i] != list[kept - 1] {
                    list[kept] = list[i];
                    kept += 1;
                }
            }
            lengths[r].store(kept as u32, Relaxed);
        }
    });
}

/// Close the gaps deduplication left (rare, and linear in the number of arcs).
fn compact(neighbours: &mut Vec<u32>, offsets: &mut [u64], lengths: &[AtomicU32]) {
    let n = offsets.len() - 1;
    let mut write = 0usize;
    for r in 0..n {
        let start = offsets[r] as usize;
        let len = lengths[r].load(Relaxed) as usize;
        neighbours.copy_within(start..start + len, write);
        offsets[r] = write as u64;
        write += len;
    }
    offsets[n] = write as u64;
    neighbours.truncate(write);
    neighbours.shrink_to_fit();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(kind: NetworkKind, mean_degree: f64, rewiring: f64, cross: f64) -> Network {
        Network {
            kind,
            mean_degree,
            rewiring,
            cross_community_share: cross,
        }
    }

    /// Symmetry, no self-ties, no duplicates, sorted lists, consistent offsets.
    fn check_invariants(g: &SocialNetwork) {
        let n = g.residents();
        let (offsets, neighbours) = g.csr();
        assert_eq!(offsets.len(), n + 1);
        assert_eq!(offsets[0], 0);
        assert_eq!(offsets[n] as usize, neighbours.len());
        assert_eq!(g.arcs() % 2, 0);
        let mut degree_sum = 0;
        for u in 0..n {
            let list = g.neighbours(u);
            assert_eq!(list.len(), g.degree(u));
            degree_sum += list.len();
            for w in list.windows(2) {
                assert!(w[0] < w[1], "list of {u} not strictly ascending: {list:?}");
            }
            for &v in list {
                assert!((v as usize) < n);
                assert_ne!(v as usize, u, "self-tie at {u}");
                assert!(
                    g.neighbours(v as usize).binary_search(&(u as u32)).is_ok(),
                    "arc {u}->{v} has no reverse"
                );
            }
        }
        assert_eq!(degree_sum, g.arcs());
    }

    fn degree_stats(g: &SocialNetwork) -> (f64, f64) {
        let n = g.residents() as f64;
        let mean = g.arcs() as f64 / n;
        let var = (0..g.residents())
            .map(|r| (g.degree(r) as f64 - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0);
        (mean, var)
    }

    fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }

    #[test]
    fn from_edges_is_undirected_sorted_and_deduplicated() {
        let g = SocialNetwork::from_edges(5, &[(0, 3), (1, 0), (3, 0), (4, 2), (0, 2)]);
        check_invariants(&g);
        assert_eq!(g.residents(), 5);
        assert_eq!(g.arcs(), 8);
        assert_eq!(g.ties(), 4);
        assert_eq!(g.neighbours(0), &[1, 2, 3]);
        assert_eq!(g.neighbours(1), &[0]);
        assert_eq!(g.neighbours(2), &[0, 4]);
        assert_eq!(g.neighbours(3), &[0]);
        assert_eq!(g.neighbours(4), &[2]);
        assert_eq!(g.degree(0), 3);
    }

    #[test]
    #[should_panic(expected = "self-tie")]
    fn from_edges_rejects_self_ties() {
        SocialNetwork::from_edges(3, &[(1, 1)]);
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn from_edges_rejects_unknown_residents() {
        SocialNetwork::from_edges(3, &[(1, 3)]);
    }

    #[test]
    fn small_world_degrees_and_invariants() {
        let p = params(NetworkKind::SmallWorld, 8.0, 0.1, 0.05);
        let g = SocialNetwork::build(&p, 20, 2500, 7);
        check_invariants(&g);
        assert_eq!(g.residents(), 50_000);
        let (mean, _) = degree_stats(&g);
        assert!(
            (mean - 8.0).abs() / 8.0 < 0.02,
            "mean degree {mean}, wanted 8"
        );
        // Only rare duplicates are lost (documented as well under 0.01%).
        let lost = 50_000 * 4 - g.ties();
        assert!(lost <= 20, "{lost} duplicate ties dropped");
    }

    #[test]
    fn small_world_rounds_mean_degree_to_even() {
        for (z, k) in [(7.0, 8), (6.9, 6), (5.0, 6), (4.4, 4), (0.4, 0), (1.0, 2)] {
            let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, z, 0.0, 0.0), 3, 100, 1);
            check_invariants(&g);
            assert_eq!(g.arcs(), 300 * k, "mean {z}");
        }
    }

    #[test]
    fn zero_rewiring_gives_the_exact_lattice() {
        let m = 50;
        let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 6.0, 0.0, 0.0), 3, m, 9);
        check_invariants(&g);
        for c in 0..3 {
            for i in 0..m {
                let mut expected: Vec<u32> = [1, 2, 3, m - 1, m - 2, m - 3]
                    .iter()
                    .map(|j| (c * m + (i + j) % m) as u32)
                    .collect();
                expected.sort_unstable();
                assert_eq!(
                    g.neighbours(c * m + i),
                    &expected[..],
                    "resident {i} of {c}"
                );
            }
        }
    }

    #[test]
    fn rewired_share_matches_parameter() {
        let m = 5000;
        let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 8.0, 0.2, 0.0), 10, m, 3);
        check_invariants(&g);
        let mut off_lattice = 0usize;
        for u in 0..g.residents() {
            for &v in g.neighbours(u) {
                assert_eq!(u / m, v as usize / m, "tie across communities");
                let d = (u % m).abs_diff(v as usize % m);
                if d.min(m - d) > 4 {
                    off_lattice += 1;
                }
            }
        }
        let share = off_lattice as f64 / g.arcs() as f64;
        // 200,000 ties, 20% rewired: sd of the share about 0.0009.
        assert!((share - 0.2).abs() < 0.005, "rewired share {share}");
    }

    #[test]
    fn cross_community_share_matches_parameter() {
        let m = 2500;
        let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 8.0, 0.1, 0.05), 20, m, 11);
        let crossing = (0..g.residents())
            .map(|u| {
                g.neighbours(u)
                    .iter()
                    .filter(|&&v| v as usize / m != u / m)
                    .count()
            })
            .sum::<usize>();
        let share = crossing as f64 / g.arcs() as f64;
        // 200,000 ties, 5% across: sd of the share about 0.0005.
        assert!(
            (share - 0.05).abs() < 0.002,
            "cross-community share {share}"
        );
    }

    #[test]
    fn one_community_has_no_cross_ties() {
        let m = 1000;
        let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 8.0, 0.0, 0.5), 1, m, 2);
        check_invariants(&g);
        assert_eq!(g.arcs(), m * 8);
        let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 8.0, 0.1, 0.5), 1, m, 2);
        check_invariants(&g);
        // Rewired ties may rarely coincide (about k²β²/2 = 0.32 expected here).
        assert!(g.arcs() >= m * 8 - 10, "{} arcs", g.arcs());
    }

    #[test]
    fn community_smaller_than_degree_is_complete() {
        for m in [1, 2, 3, 4, 5, 8, 9] {
            let g = SocialNetwork::build(&params(NetworkKind::SmallWorld, 8.0, 0.5, 0.0), 4, m, 5);
            check_invariants(&g);
            for u in 0..g.residents() {
                let c = u / m;
                let expected: Vec<u32> = (c * m..(c + 1) * m)
                    .filter(|&v| v != u)
                    .map(|v| v as u32)
                    .collect();
                assert_eq!(g.neighbours(u), &expected[..], "m = {m}, resident {u}");
            }
        }
    }

    #[test]
    fn erdos_renyi_mean_and_poisson_degrees() {
        let n = 50_000;
        let g = SocialNetwork::build(
            &params(NetworkKind::ErdosRenyi, 8.0, 0.0, 0.0),
            10,
            n / 10,
            4,
        );
        check_invariants(&g);
        let (mean, var) = degree_stats(&g);
        assert!((mean - 8.0).abs() / 8.0 < 0.02, "mean degree {mean}");
        // Binomial(n-1, p): variance = mean (1 - p) ≈ mean.
        assert!(
            (var / mean - 1.0).abs() < 0.05,
            "variance {var}, mean {mean}"
        );
        // P(degree 0) = e^-8 ≈ 3.4e-4: about 17 of 50,000.
        let isolated = (0..n).filter(|&r| g.degree(r) == 0).count();
        assert!(isolated < 45, "{isolated} isolated residents");
        // Ties ignore communities: most of them cross the 10 blocks of 5,000.
        let crossing = (0..n)
            .map(|u| {
                g.neighbours(u)
                    .iter()
                    .filter(|&&v| v as usize / 5000 != u / 5000)
                    .count()
            })
            .sum::<usize>();
        assert!((crossing as f64 / g.arcs() as f64 - 0.9).abs() < 0.01);
    }

    #[test]
    fn erdos_renyi_dense_and_degenerate_cases() {
        let er = |z: f64, n: usize| {
            SocialNetwork::build(&params(NetworkKind::ErdosRenyi, z, 0.0, 0.0), 1, n, 3)
        };
        assert_eq!(
            er(10.0, 5),
            SocialNetwork::build(&params(NetworkKind::Complete, 0.0, 0.0, 0.0), 1, 5, 0)
        );
        assert_eq!(er(4.0, 1).arcs(), 0);
        assert_eq!(er(4.0, 0).residents(), 0);
        assert_eq!(er(0.0, 100).arcs(), 0);
        // Nearly complete: p = 0.9.
        let g = er(0.9 * 199.0, 200);
        check_invariants(&g);
        let (mean, _) = degree_stats(&g);
        assert!((mean / 199.0 - 0.9).abs() < 0.01, "mean {mean}");
    }

    #[test]
    fn complete_and_none() {
        let g = SocialNetwork::build(&params(NetworkKind::Complete, 3.0, 0.1, 0.1), 3, 4, 1);
        check_invariants(&g);
        assert_eq!(g.arcs(), 12 * 11);
        assert_eq!(g.neighbours(5), &[0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
        let g = SocialNetwork::build(&params(NetworkKind::None, 8.0, 0.1, 0.1), 3, 4, 1);
        check_invariants(&g);
        assert_eq!(g.residents(), 12);
        assert_eq!(g.arcs(), 0);
        assert!(g.neighbours(11).is_empty());
    }

    #[test]
    fn one_resident_and_no_residents() {
        for kind in [
            NetworkKind::SmallWorld,
            NetworkKind::ErdosRenyi,
            NetworkKind::Complete,
            NetworkKind::None,
        ] {
            let g = SocialNetwork::build(&params(kind, 8.0, 0.1, 0.05), 1, 1, 1);
            check_invariants(&g);
            assert_eq!(
                (g.residents(), g.arcs(), g.degree(0)),
                (1, 0, 0),
                "{kind:?}"
            );
            let g = SocialNetwork::build(&params(kind, 8.0, 0.1, 0.05), 0, 100, 1);
            assert_eq!((g.residents(), g.arcs()), (0, 0), "{kind:?}");
        }
    }

    #[test]
    fn result_is_independent_of_thread_count() {
        for p in [
            params(NetworkKind::SmallWorld, 8.0, 0.1, 0.05),
            params(NetworkKind::ErdosRenyi, 6.0, 0.0, 0.0),
        ] {
            // Communities larger than a block, so one community spans several streams.
            let build = || SocialNetwork::build(&p, 6, 10_000, 77);
            let one = in_pool(1, build);
            let two = in_pool(2, build);
            let four = in_pool(4, build);
            check_invariants(&one);
            assert!(
                one == two && two == four,
                "{:?} differs by thread count",
                p.kind
            );
        }
    }

    #[test]
    fn same_seed_same_network_other_seed_other_network() {
        for p in [
            params(NetworkKind::SmallWorld, 8.0, 0.1, 0.05),
            params(NetworkKind::ErdosRenyi, 8.0, 0.0, 0.0),
        ] {
            let a = SocialNetwork::build(&p, 5, 1000, 1);
            let b = SocialNetwork::build(&p, 5, 1000, 1);
            let c = SocialNetwork::build(&p, 5, 1000, 2);
            assert_eq!(a, b);
            assert_ne!(a, c);
        }
    }

    #[test]
    fn memory_is_four_bytes_per_arc_plus_offsets() {
        let p = params(NetworkKind::SmallWorld, 10.0, 0.1, 0.05);
        let g = SocialNetwork::build(&p, 10, 10_000, 1);
        let expected = g.arcs() * 4 + (g.residents() + 1) * 8;
        assert!(g.memory_bytes() >= expected);
        assert!(
            g.memory_bytes() <= expected + 64,
            "{} bytes",
            g.memory_bytes()
        );
    }

    #[test]
    fn atomic_to_plain_collect_reuses_the_allocation() {
        // `assemble` relies on this to avoid a second copy of the neighbour array.
        let v: Vec<AtomicU32> = (0..1000).map(AtomicU32::new).collect();
        let before = v.as_ptr() as usize;
        let w: Vec<u32> = v.into_iter().map(AtomicU32::into_inner).collect();
        assert_eq!(before, w.as_ptr() as usize);
        assert_eq!(w[999], 999);
    }
}
