//! Residents: the population whose participation, trust and efficacy the model evolves.
//!
//! Residents are by far the most numerous agents (up to millions), so the population is
//! kept as parallel columns, one entry per resident, ordered by community: community `c`
//! holds residents `c*m .. (c+1)*m`. The per-resident passes here (the threshold rule,
//! word of mouth, access growth) run in parallel over fixed-size chunks; each resident's
//! random draws are keyed by (seed, tick, resident), and partial sums are combined in
//! chunk order, so the result does not depend on the number of threads.

use std::collections::VecDeque;

use rand::Rng;
use rand_distr::{Beta, Distribution as _, Normal};
use rayon::prelude::*;

use crate::rng::{self, Purpose};
use crate::scenario::{AgeGroup, Distribution, Population};

/// Residents per parallel work item. Fixed, so that chunk-ordered sums are the same at
/// any thread count.
pub const CHUNK: usize = 4096;

/// Populations of fewer chunks than this run each per-tick pass in the calling thread,
/// waking no other: below it a wake costs more than the half of a pass it saves. Measured
/// (benches/peer_threshold, pure threshold, 20 ticks, 2 threads, 2026-12-01): 10,000
/// residents 2.5 ms serial against 3.0–4.1 ms split; 20,000 5.1 ms against 5.8–6.2 ms;
/// 30,000 13.8 ms against 6.7 ms. Larger populations split down to single chunks (a
/// coarser split balanced worse: 10% slower at 50,000). Splitting never changes an
/// output (chunks are combined in order).
pub const SERIAL_BELOW_CHUNKS: usize = 6;

/// The `with_min_len` of a per-tick parallel pass over a population of `residents` (in
/// chunks, or communities): all of its work items when the population is small, else one.
pub fn min_split(residents: usize) -> usize {
    if residents.div_ceil(CHUNK) < SERIAL_BELOW_CHUNKS {
        usize::MAX
    } else {
        1
    }
}

pub const COMMITTED: u8 = 1;
pub const ONLINE_ACCESS: u8 = 2;
/// Took part through the online channel this tick.
pub const ONLINE_PARTICIPANT: u8 = 4;

/// `last_active` of a resident who has not taken part yet.
pub const NEVER: u32 = u32::MAX;
/// The weeks of "took part at least once in the last year": the tick and the 51 before.
pub const PARTICIPATED_WEEKS: u32 = 52;

/// The population of residents.
#[derive(Clone)]
pub struct Residents {
    pub per_community: usize,
    pub age: Vec<u8>,
    pub threshold: Vec<f32>,
    pub trust: Vec<f32>,
    /// Scratch column for the synchronous word-of-mouth update.
    pub trust_next: Vec<f32>,
    pub efficacy: Vec<f32>,
    pub satisfaction: Vec<f32>,
    /// Bit flags: `COMMITTED`, `ONLINE_ACCESS`, `ONLINE_PARTICIPANT`.
    pub flags: Vec<u8>,
    /// 1 if the resident took part in the last completed tick.
    pub active: Vec<u8>,
    /// Scratch column for the synchronous threshold update; after a pass, the column it
    /// read, for which `neighbours_on` is exact (the frontier is whoever differs from it).
    pub active_next: Vec<u8>,
    /// Each resident's count of neighbours taking part in `active_next`, kept up to date
    /// by pushing changes (see `participation::NeighbourCounts`).
    pub neighbours_on: super::participation::NeighbourCounts,
    /// The last tick the resident took part ([`NEVER`] before the first time), for those
    /// not taking part at the last record (see [`Residents::last_active`]); written by
    /// [`Residents::record_participation`] when a resident stops taking part.
    last_active: Vec<u32>,
    /// Who took part within the last year, kept from the changes between records.
    participated: Participated,
}

/// The counts behind "took part at least once in the last [`PARTICIPATED_WEEKS`] weeks",
/// kept from the residents whose participation changed between two records, so a record
/// costs a scan of one byte column and work per change, not a write per participant.
#[derive(Clone, Debug, Default)]
struct Participated {
    /// The `active` column at the last record.
    recorded: Vec<u8>,
    /// The tick of the last record (`None` before the first).
    at: Option<u32>,
    /// Residents taking part at the last record, by age group.
    active_by_age: [u64; 3],
    /// Residents not taking part at the last record, by the tick they last took part
    /// (oldest first, only ticks still within the window) and age group.
    by_last_tick: VecDeque<(u32, [u64; 3])>,
}

/// The residents of one chunk whose participation changed since the last record.
#[derive(Default)]
struct Changes {
    joined_by_age: [u64; 3],
    left_by_age: [u64; 3],
    /// Residents who took part again: the tick they had last taken part, and age group.
    rejoined: Vec<(u32, u8)>,
}

/// Draw one value of a [0, 1] distribution.
fn sample<R: Rng>(d: &Distribution, rng: &mut R) -> f32 {
    let v = match *d {
        Distribution::Constant { value } => value,
        Distribution::Uniform { low, high } => low + (high - low) * rng.random::<f64>(),
        Distribution::Normal { mean, sd } => {
            if sd > 0.0 {
                Normal::new(mean, sd).map_or(mean, |n| n.sample(rng))
            } else {
                mean
            }
        }
        Distribution::Beta { alpha, beta } => {
            Beta::new(alpha, beta).map_or(alpha / (alpha + beta), |b| b.sample(rng))
        }
    };
    v.clamp(0.0, 1.0) as f32
}

impl Residents {
    /// Draw a population. Each chunk of residents has its own ChaCha8 stream.
    pub fn new(
        population: &Population,
        online_access: &crate::scenario::ByAge,
        participation_enabled: bool,
        seed: u64,
    ) -> Residents {
        let n = population.residents() as usize;
        let mut r = Residents {
            per_community: population.residents_per_community as usize,
            age: vec![0; n],
            threshold: vec![0.0; n],
            trust: vec![0.0; n],
            trust_next: vec![0.0; n],
            efficacy: vec![0.0; n],
            satisfaction: vec![0.0; n],
            flags: vec![0; n],
            active: vec![0; n],
            active_next: vec![0; n],
            neighbours_on: super::participation::NeighbourCounts::new(n),
            last_active: vec![NEVER; n],
            participated: Participated {
                recorded: vec![0; n],
                ..Participated::default()
            },
        };
        let shares = population.age_shares;
        (
            r.age.par_chunks_mut(CHUNK),
            r.threshold.par_chunks_mut(CHUNK),
            r.trust.par_chunks_mut(CHUNK),
            r.efficacy.par_chunks_mut(CHUNK),
            r.satisfaction.par_chunks_mut(CHUNK),
            r.flags.par_chunks_mut(CHUNK),
            r.active.par_chunks_mut(CHUNK),
        )
            .into_par_iter()
            .enumerate()
            .for_each(|(chunk, (age, th, tr, ef, sa, fl, ac))| {
                let mut rng = rng::stream(seed, Purpose::Attributes, chunk as u64);
                for i in 0..age.len() {
                    let u: f64 = rng.random();
                    let a = if u < shares.young {
                        AgeGroup::Young
                    } else if u < shares.young + shares.middle {
                        AgeGroup::Middle
                    } else {
                        AgeGroup::Elderly
                    };
                    age[i] = a as u8;
                    th[i] = sample(&population.threshold, &mut rng);
                    tr[i] = sample(&population.initial_trust, &mut rng);
                    ef[i] = sample(&population.initial_efficacy, &mut rng);
                    sa[i] = sample(&population.initial_satisfaction, &mut rng);
                    let mut f = 0;
                    if rng.random::<f64>() < population.committed_share {
                        f |= COMMITTED;
                        // Committed residents take part from the start, when anyone does.
                        ac[i] = participation_enabled as u8;
                    }
                    if rng.random::<f64>() < online_access.get(a) {
                        f |= ONLINE_ACCESS;
                    }
                    fl[i] = f;
                }
            });
        r
    }

    pub fn len(&self) -> usize {
        self.age.len()
    }

    pub fn is_empty(&self) -> bool {
        self.age.is_empty()
    }

    pub fn age_group(&self, i: usize) -> AgeGroup {
        AgeGroup::ALL[self.age[i] as usize]
    }

    pub fn community_of(&self, i: usize) -> usize {
        i / self.per_community
    }

    /// The last tick resident `i` took part, as of the last record ([`NEVER`] before the
    /// first time).
    pub fn last_active(&self, i: usize) -> u32 {
        let p = &self.participated;
        match p.at {
            Some(at) if p.recorded[i] == 1 => at,
            _ => self.last_active[i],
        }
    }

    /// Record who takes part at `tick` (the `active` column as it stands; ticks recorded
    /// in increasing order), and count, by age group, the residents who took part at
    /// least once in the [`PARTICIPATED_WEEKS`] weeks up to `tick`.
    ///
    /// Only the residents whose participation changed since the last record are visited
    /// (one scan of `active` against the recorded column finds them): those who stopped
    /// are filed under the last record's tick, those who started again leave the tick
    /// they were filed under, and ticks older than the window are dropped. Integer
    /// counts, so the result does not depend on the thread count or the order.
    pub fn record_participation(&mut self, tick: u32) -> [u64; 3] {
        let since = tick.saturating_sub(PARTICIPATED_WEEKS - 1);
        let p = &mut self.participated;
        debug_assert!(
            p.at.is_none_or(|at| at <= tick),
            "ticks recorded out of order"
        );
        let prev = p.at.unwrap_or(tick);
        let changes: Vec<Changes> = (
            p.recorded.par_chunks_mut(CHUNK),
            self.last_active.par_chunks_mut(CHUNK),
            self.active.par_chunks(CHUNK),
            self.age.par_chunks(CHUNK),
        )
            .into_par_iter()
            .with_min_len(min_split(self.active.len()))
            .map(|(recorded, last, active, age)| {
                let mut ch = Changes::default();
                let mut changed = Vec::new();
                super::participation::for_each_change(active, recorded, 0, |j| changed.push(j));
                for j in changed {
                    let (was, now) = (recorded[j] == 1, active[j] == 1);
                    recorded[j] = active[j];
                    let a = age[j] as usize;
                    if now && !was {
                        ch.joined_by_age[a] += 1;
                        if last[j] != NEVER {
                            ch.rejoined.push((last[j], age[j]));
                        }
                    } else if was && !now {
                        ch.left_by_age[a] += 1;
                        last[j] = prev;
                    }
                }
                ch
            })
            .collect();
        for ch in changes {
            for a in 0..3 {
                p.active_by_age[a] = p.active_by_age[a] + ch.joined_by_age[a] - ch.left_by_age[a];
            }
            p.file_left(prev, ch.left_by_age);
            for (t, a) in ch.rejoined {
                if let Ok(k) = p.by_last_tick.binary_search_by_key(&t, |e| e.0) {
                    p.by_last_tick[k].1[a as usize] -= 1;
                }
            }
        }
        while p.by_last_tick.front().is_some_and(|e| e.0 < since) {
            p.by_last_tick.pop_front();
        }
        p.at = Some(tick);
        let mut by_age = p.active_by_age;
        for (_, n) in &p.by_last_tick {
            for a in 0..3 {
                by_age[a] += n[a];
            }
        }
        by_age
    }
}

impl Participated {
    /// File residents who stopped taking part (by age group) under `tick`, the last tick
    /// they took part (the latest filed so far).
    fn file_left(&mut self, tick: u32, by_age: [u64; 3]) {
        if by_age == [0; 3] {
            return;
        }
        match self.by_last_tick.back_mut() {
            Some((t, n)) if *t == tick => {
                for a in 0..3 {
                    n[a] += by_age[a];
                }
            }
            _ => self.by_last_tick.push_back((tick, by_age)),
        }
    }
}

/// Adds `gain` of the distance to 1.
#[inline]
pub fn raise(x: f32, gain: f64) -> f32 {
    (x + (gain as f32) * (1.0 - x)).clamp(0.0, 1.0)
}

/// Removes `loss` of the current value.
#[inline]
pub fn lower(x: f32, loss: f64) -> f32 {
    (x - (loss as f32) * x).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn attributes_follow_their_distributions() {
        let mut s = Scenario::default();
        s.population.residents_per_community = 10_000;
        s.population.communities_per_street = 2;
        s.population.threshold = Distribution::Uniform {
            low: 0.2,
            high: 0.6,
        };
        s.population.committed_share = 0.1;
        let r = Residents::new(&s.population, &s.online.access, true, 3);
        let n = r.len() as f64;
        let mean_th: f64 = r.threshold.iter().map(|&x| x as f64).sum::<f64>() / n;
        assert!((mean_th - 0.4).abs() < 0.005, "{mean_th}");
        assert!(r.threshold.iter().all(|&x| (0.2..=0.6).contains(&x)));
        let committed = r.flags.iter().filter(|&&f| f & COMMITTED != 0).count() as f64 / n;
        assert!((committed - 0.1).abs() < 0.01);
        let committed_active = r.active.iter().filter(|&&a| a == 1).count() as f64 / n;
        assert_eq!(committed, committed_active);
        let elderly = r.age.iter().filter(|&&a| a == 2).count() as f64 / n;
        assert!((elderly - s.population.age_shares.elderly).abs() < 0.01);
        let elderly_online = (0..r.len())
            .filter(|&i| r.age[i] == 2 && r.flags[i] & ONLINE_ACCESS != 0)
            .count() as f64
            / (elderly * n);
        assert!((elderly_online - s.online.access.elderly).abs() < 0.02);
    }

    #[test]
    fn normal_is_clipped_to_the_unit_interval() {
        let mut rng = rng::stream(1, Purpose::Attributes, 0);
        let d = Distribution::Normal { mean: 0.9, sd: 0.5 };
        let xs: Vec<f32> = (0..10_000).map(|_| sample(&d, &mut rng)).collect();
        assert!(xs.iter().all(|&x| (0.0..=1.0).contains(&x)));
        assert!(xs.contains(&1.0));
    }

    #[test]
    fn beta_has_its_mean() {
        let mut rng = rng::stream(1, Purpose::Attributes, 0);
        let d = Distribution::Beta {
            alpha: 2.0,
            beta: 6.0,
        };
        let m: f64 = (0..50_000)
            .map(|_| sample(&d, &mut rng) as f64)
            .sum::<f64>()
            / 50_000.0;
        assert!((m - 0.25).abs() < 0.005, "{m}");
    }

    #[test]
    fn participation_is_remembered_for_52_weeks() {
        let mut s = Scenario::default();
        s.population.residents_per_community = 3;
        s.population.communities_per_street = 1;
        s.population.committed_share = 0.0;
        let mut r = Residents::new(&s.population, &s.online.access, true, 3);
        r.age = vec![0, 1, 2];
        assert_eq!(r.record_participation(0), [0, 0, 0]);
        r.active = vec![1, 0, 1];
        assert_eq!(r.record_participation(10), [1, 0, 1]);
        r.active = vec![0, 0, 0];
        // Week 10 is within the 52 weeks up to week 61, not those up to week 62.
        assert_eq!(r.record_participation(61), [1, 0, 1]);
        r.active = vec![0, 1, 0];
        assert_eq!(r.record_participation(62), [0, 1, 0]);
        let last: Vec<u32> = (0..3).map(|i| r.last_active(i)).collect();
        assert_eq!(last, vec![10, 62, 10]);
    }

    /// A small street with councils, whose attendees come and go: 2 communities of 500.
    fn small_street() -> Scenario {
        let mut s = crate::scenario::load_file(std::path::Path::new("scenarios/councils.toml"))
            .expect("the councils scenario loads");
        s.population.residents_per_community = 500;
        s.population.communities_per_street = 2;
        s
    }

    #[test]
    fn participated_52w_covers_this_week_and_everyone_ever_active_in_the_first_year() {
        let s = small_street();
        let mut model = crate::model::Model::new(&s, 7).unwrap();
        let mut ever = vec![false; model.residents.len()];
        let mut check = |m: &crate::metrics::TickMetrics, active: &[u8], first_year: bool| {
            assert!(
                m.participated_52w >= m.participation_rate,
                "week {}",
                m.tick
            );
            for (e, &a) in ever.iter_mut().zip(active) {
                *e |= a == 1;
            }
            let share = ever.iter().filter(|&&e| e).count() as f64 / ever.len() as f64;
            if first_year {
                assert_eq!(m.participated_52w, share, "week {}", m.tick);
            } else {
                assert!(m.participated_52w <= share, "week {}", m.tick);
            }
        };
        let m0 = model.initial_metrics();
        check(&m0, &model.residents.active, true);
        let mut moved = false;
        for _ in 0..80 {
            let m = model.step();
            check(&m, &model.residents.active, m.tick < PARTICIPATED_WEEKS);
            moved |= m.participated_52w > m.participation_rate;
        }
        // Not a copy of this week's rate: some residents took part earlier in the year only.
        assert!(moved);
    }

    #[test]
    fn raise_and_lower_stay_in_the_unit_interval() {
        assert_eq!(raise(0.5, 0.5), 0.75);
        assert_eq!(lower(0.5, 0.5), 0.25);
        assert_eq!(raise(1.0, 1.0), 1.0);
        assert_eq!(lower(0.0, 0.3), 0.0);
    }
}
