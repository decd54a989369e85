//! Randomness: every draw comes from the run's seed, through pinned algorithms.
//!
//! Two kinds of randomness, both keyed so that thread scheduling cannot change a draw:
//!
//! * **Streams** for sequential work (building the network, drawing initial
//!   attributes): ChaCha8 (`rand_chacha::ChaCha8Rng`, a pinned algorithm, never
//!   `StdRng`), seeded from the run seed with `seed_from_u64`, with the ChaCha stream
//!   number set from a [`Purpose`] and an index (a community, a block of residents). Work
//!   split across threads takes one stream per piece, so the pieces can run in any order.
//! * **Counter-based draws** for the per-resident, per-tick work that runs in parallel
//!   (and for the few per-tick draws of NGOs and councils):
//!   `draw(seed, purpose, tick, resident, k)` hashes its five inputs with the SplitMix64
//!   finaliser (Steele, Lea & Flood 2014; constants from Stafford's "Mix13"), chaining one
//!   finaliser per input. The result is a pure function of its key, so a resident's draw
//!   is the same whichever thread computes it and in whatever order.
//!
//! Changing either algorithm or the keying changes every output: treat them as part of
//! the file format.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The sequential generator used for streams.
pub type Stream = ChaCha8Rng;

/// What a draw is for. Each purpose keys its own family of streams and draws, so adding
/// a draw for one mechanism never shifts the draws of another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    Network = 1,
    Attributes = 2,
    IssueArrival = 3,
    IssueReporting = 4,
    IssueAuthority = 5,
    OnlineAccess = 6,
    NgoEntry = 7,
    CouncilAttendance = 8,
    IssueCategory = 9,
    /// Sample points of a parameter sweep's random and Latin-hypercube designs (keyed by
    /// the sweep's master seed, not a run's seed).
    SweepDesign = 10,
    /// Whether a resident is contacted by the committee's outreach this tick.
    Outreach = 11,
    /// Whether a resident proposes a micro-project this tick.
    ProjectProposal = 12,
    /// Bootstrap resamples of sensitivity indices (Morris, Sobol), keyed by the sweep's
    /// master seed and, as index, the outcome's position.
    SensitivityBootstrap = 20,
    /// Particle proposals of an ABC-SMC calibration, keyed by its seed and, as index, the
    /// generation.
    Calibration = 21,
}

/// SplitMix64 finaliser: a bijection on u64 with full avalanche.
#[inline(always)]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The key of a family of draws: seed and purpose hashed once.
#[inline(always)]
pub fn family(seed: u64, purpose: Purpose) -> u64 {
    mix(mix(seed ^ GOLDEN)
        .wrapping_add(purpose as u64)
        .wrapping_mul(GOLDEN))
}

/// A counter-based draw: a pure function of (family, tick, index, k).
#[inline(always)]
pub fn draw(family: u64, tick: u64, index: u64, k: u64) -> u64 {
    let h = mix(family ^ tick.wrapping_mul(GOLDEN));
    let h = mix(h ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03));
    mix(h ^ k.wrapping_add(1).wrapping_mul(0x8cb9_2ba7_2f3d_8dd7))
}

/// A uniform number in [0, 1) from 53 bits of a draw.
#[inline(always)]
pub fn unit(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform number in [0, 1) for (family, tick, index, k).
#[inline(always)]
pub fn uniform(family: u64, tick: u64, index: u64, k: u64) -> f64 {
    unit(draw(family, tick, index, k))
}

/// A ChaCha8 stream for `purpose` and `index` under `seed`.
pub fn stream(seed: u64, purpose: Purpose, index: u64) -> Stream {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(mix((purpose as u64) << 40 ^ index));
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn draws_are_pure_functions_of_their_key() {
        let f = family(42, Purpose::IssueArrival);
        assert_eq!(draw(f, 3, 7, 0), draw(f, 3, 7, 0));
        assert_ne!(draw(f, 3, 7, 0), draw(f, 3, 7, 1));
        assert_ne!(draw(f, 3, 7, 0), draw(f, 3, 8, 0));
        assert_ne!(draw(f, 3, 7, 0), draw(f, 4, 7, 0));
        assert_ne!(f, family(43, Purpose::IssueArrival));
        assert_ne!(f, family(42, Purpose::IssueReporting));
    }

    #[test]
    fn uniform_draws_look_uniform() {
        let f = family(1, Purpose::Attributes);
        let n = 200_000u64;
        let mut bins = [0u32; 10];
        let mut sum = 0.0;
        for i in 0..n {
            let u = uniform(f, 0, i, 0);
            assert!((0.0..1.0).contains(&u));
            bins[(u * 10.0) as usize] += 1;
            sum += u;
        }
        assert!((sum / n as f64 - 0.5).abs() < 0.005);
        for b in bins {
            // Expected 20,000 per bin, sd about 134.
            assert!((b as i64 - 20_000).abs() < 800, "bin count {b}");
        }
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = stream(5, Purpose::Network, 0).random();
        let b: u64 = stream(5, Purpose::Network, 0).random();
        let c: u64 = stream(5, Purpose::Network, 1).random();
        let d: u64 = stream(6, Purpose::Network, 0).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn pinned_values_do_not_change() {
        // Outputs are part of the file format: these values must never change silently.
        let f = family(1, Purpose::IssueArrival);
        assert_eq!(draw(f, 0, 0, 0), 8_859_859_235_587_714_704);
        let first: u64 = stream(1, Purpose::Network, 0).random();
        assert_eq!(first, 5_890_755_954_171_822_883);
    }
}
