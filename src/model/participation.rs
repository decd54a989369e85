//! The threshold rule (MODEL.md section 4, step 4) and the per-resident end-of-tick pass.
//!
//! With `f` the share of a resident's neighbours who took part last tick,
//! `drive = w_social·f + w_trust·τ + w_efficacy·e + recruitment − cost(channel)`, and the
//! resident takes part if committed or `drive ≥ θ`. The update is synchronous: everyone
//! reads last tick's column `active` and writes `active_next`. With `w_social = 1` and
//! every other term zero this is exactly the threshold-cascade model of Granovetter (1978)
//! and Watts (2002).

use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

use rayon::prelude::*;

use super::residents::{
    CHUNK, COMMITTED, ONLINE_ACCESS, ONLINE_PARTICIPANT, Residents, lower, min_split, raise,
};
use crate::network::SocialNetwork;
use crate::rng::{self, Purpose};
use crate::scenario::{ChannelChoice, Scenario};

/// Counts from one participation pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ParticipationCounts {
    pub by_age: [u64; 3],
    pub online: u64,
    /// Non-committed residents the committees' outreach contacted.
    pub contacted: u64,
}

impl ParticipationCounts {
    fn add(mut self, o: ParticipationCounts) -> Self {
        for a in 0..3 {
            self.by_age[a] += o.by_age[a];
        }
        self.online += o.online;
        self.contacted += o.contacted;
        self
    }
    pub fn total(&self) -> u64 {
        self.by_age.iter().sum()
    }

    /// Count a resident of age group `age` if `takes_part` (without a branch or an
    /// indexed add, which would wait on the previous resident's).
    #[inline(always)]
    fn count(&mut self, age: u8, takes_part: bool) {
        for (a, n) in self.by_age.iter_mut().enumerate() {
            *n += (takes_part & (age as usize == a)) as u64;
        }
    }
}

/// What the threshold rule needs besides the residents' own columns.
pub struct Context<'a> {
    pub network: &'a SocialNetwork,
    /// Share of each community's residents who took part last tick.
    pub community_share: &'a [f32],
    /// Recruitment push in each community this tick (base plus NGOs).
    pub recruitment: &'a [f32],
    /// Offline-cost relief from councils in each community this tick.
    pub relief: &'a [f64],
    /// Whether the online channel is open this tick.
    pub channel_open: bool,
    /// Chance that a non-committed resident of each community is contacted by outreach.
    pub contact: &'a [f64],
    /// The draws' family (`Purpose::Outreach`) and the tick they are keyed by.
    pub outreach_family: u64,
    pub tick: u32,
}

/// The terms of the drive that are the same for every resident this tick.
struct Rule {
    enabled: bool,
    w_s: f32,
    w_t: f32,
    w_e: f32,
    online_cost: f32,
    visibility: f32,
    /// Offline cost by community, then age group (councils' relief differs by community).
    offline_cost: Vec<[f32; 3]>,
    channel_open: bool,
    choice: ChannelChoice,
    /// Only the social term is on (the threshold-cascade reduction).
    social_only: bool,
}

/// One resident's own columns, as the rule reads them.
#[derive(Clone, Copy)]
struct Own {
    theta: f32,
    trust: f32,
    efficacy: f32,
    age: u8,
}

impl Rule {
    fn new(s: &Scenario, ctx: &Context) -> Rule {
        let p = &s.participation;
        let (w_s, w_t, w_e) = (p.w_social as f32, p.w_trust as f32, p.w_efficacy as f32);
        // Councils that meet are a channel: their relief lowers the cost of taking part
        // offline (with no relief, `c - 0.0` is `c`: model 1's cost).
        let offline_cost: Vec<[f32; 3]> = ctx
            .relief
            .iter()
            .map(|&v| {
                [
                    (p.offline_cost.young - v).max(0.0) as f32,
                    (p.offline_cost.middle - v).max(0.0) as f32,
                    (p.offline_cost.elderly - v).max(0.0) as f32,
                ]
            })
            .collect();
        // Pure threshold mode: with only the social term on, every other term of the drive
        // is +0.0 (or −0.0), so `drive` equals `w_s·f` bit for bit and the comparison with
        // θ is the same; the fast path skips reading trust, recruitment and costs.
        let social_only = !ctx.channel_open
            && w_t == 0.0
            && w_e == 0.0
            && offline_cost.iter().flatten().all(|&c| c == 0.0)
            && ctx.recruitment.iter().all(|&r| r == 0.0)
            && ctx.contact.iter().all(|&p| p == 0.0);
        Rule {
            enabled: p.enabled,
            w_s,
            w_t,
            w_e,
            online_cost: s.online.cost as f32,
            visibility: s.online.visibility as f32,
            offline_cost,
            channel_open: ctx.channel_open,
            choice: s.online.choice,
            social_only,
        }
    }

    /// Whether a resident with flags `fl`, share `f` of neighbours taking part last tick,
    /// columns `me` and recruitment push `recruitment` in community `here` takes part,
    /// and whether online. The committed always take part, through the channel they
    /// choose. Computed without a branch on the resident (both channels' drives are
    /// formed and one chosen), since who has access and who takes part are not
    /// predictable from one resident to the next.
    #[inline(always)]
    fn decide(&self, fl: u8, f: f32, me: Own, here: &Here, recruitment: f32) -> (bool, bool) {
        if !self.enabled {
            return (false, false);
        }
        let off = self.offline_cost[here.community][me.age as usize];
        let has_access = self.channel_open & (fl & ONLINE_ACCESS != 0);
        // The committed who do not choose by drive ignore `f` in the choice, so the same
        // call serves both.
        let online = has_access & self.prefers_online(me, off, f, recruitment, here.share);
        let f_seen = if online {
            (1.0 - self.visibility) * f + self.visibility * here.share
        } else {
            f
        };
        let cost = if online { self.online_cost } else { off };
        // In pure threshold mode every term but the first is +0.0 or −0.0, so this is
        // `w_s·f` bit for bit (see `social_only`).
        let drive =
            self.w_s * f_seen + self.w_t * me.trust + self.w_e * me.efficacy + recruitment - cost;
        let takes_part = (fl & COMMITTED != 0) | (drive >= me.theta);
        (takes_part, takes_part & online)
    }

    /// Whether a resident with access takes part online rather than offline (at offline
    /// cost `off`), by the scenario's channel choice (ties go offline).
    #[inline(always)]
    fn prefers_online(&self, me: Own, off: f32, f: f32, recruitment: f32, share: f32) -> bool {
        match self.choice {
            ChannelChoice::Forced => true,
            ChannelChoice::Cost => self.online_cost < off,
            ChannelChoice::Drive => {
                let f_on = (1.0 - self.visibility) * f + self.visibility * share;
                let rest = self.w_t * me.trust + self.w_e * me.efficacy + recruitment;
                self.w_s * f_on + rest - self.online_cost > self.w_s * f + rest - off
            }
        }
    }
}

/// The share of a resident's `degree` neighbours of whom `on` took part last tick (0
/// without neighbours): the same division, in `f32`, whether `on` was pulled or pushed.
#[inline]
fn neighbour_share(on: u32, degree: usize) -> f32 {
    if degree == 0 {
        return 0.0;
    }
    on as f32 / degree as f32
}

/// How the counts of neighbours taking part are brought up to date before the threshold
/// rule reads them. `Auto` chooses per tick; `Push` and `Pull` force one way (for the
/// tests and benchmarks that compare them: the outputs are the same bytes either way).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Traversal {
    /// Push when the residents who changed have few ties, pull otherwise.
    #[default]
    Auto,
    /// Push whenever the counts are exact for some earlier column (pull only to start).
    Push,
    /// Pull every tick: every resident re-reads every tie, in the general pass even in
    /// pure threshold mode (the model before issue 14).
    Pull,
}

/// The traversal new models start with (`Auto` unless a benchmark set another).
static DEFAULT_TRAVERSAL: AtomicU8 = AtomicU8::new(0);

/// Make every model built from now on in this process start with `traversal`, for the
/// benchmarks that run models through `run::run_jobs` (the sweep) and compare push with
/// pull; outputs are the same bytes whichever is set.
#[doc(hidden)]
pub fn set_default_traversal(traversal: Traversal) {
    DEFAULT_TRAVERSAL.store(traversal as u8, Ordering::Relaxed);
}

fn default_traversal() -> Traversal {
    match DEFAULT_TRAVERSAL.load(Ordering::Relaxed) {
        1 => Traversal::Push,
        2 => Traversal::Pull,
        _ => Traversal::Auto,
    }
}

/// Push when the changed residents' ties are at most 1/`PUSH_SHARE` of all ties. A
/// pushed tie is a scattered atomic add into a 4-byte count, a pulled tie a streamed read
/// of the tie list and a 1-byte load, so a push costs several pulls. Not tuned: Beamer et
/// al. (2012) switch at about 1/14 of the edges; the choice never changes an output.
const PUSH_SHARE: usize = 8;

/// Each resident's count of neighbours taking part, exact for the column `active_next`
/// (the column the last threshold pass read: the state recorded as "last tick" when the
/// counts were last made exact).
///
/// Before each pass the residents whose `active` differs from that column (the
/// frontier: whoever the threshold rule, a council, a decision or anything else changed)
/// push +1 or −1 to each neighbour's count, or, when the frontier is large, every count is
/// pulled afresh. The counts are atomics: a push is an integer add, exact and commutative,
/// so the counts after a push do not depend on the order of the adds or the thread count;
/// atomics need no per-thread buffer of a count per resident (memory) nor a second pass
/// to combine them, and, since pushing is chosen only when few residents changed, adds
/// to the same count from two threads at once are rare. In the pull the counts are plain
/// stores through `&mut`.
pub struct NeighbourCounts {
    on: Vec<AtomicU32>,
    /// Arcs of the network the counts were made on (a different network: pull); `None`
    /// while every count and `active_next` are zero, which is exact on any network.
    arcs: Option<usize>,
    /// Whether `on` is exact for `active_next` (false after a pass with participation
    /// switched off, which leaves them stale).
    exact: bool,
    #[doc(hidden)]
    pub traversal: Traversal,
}

impl NeighbourCounts {
    /// Counts for `n` residents: all zero, exact for an `active_next` of zeros.
    pub fn new(n: usize) -> NeighbourCounts {
        NeighbourCounts {
            on: (0..n).map(|_| AtomicU32::new(0)).collect(),
            arcs: None,
            exact: true,
            traversal: default_traversal(),
        }
    }

    /// Resident `i`'s count of neighbours taking part in the last pass's column.
    pub fn get(&self, i: usize) -> u32 {
        self.on[i].load(Ordering::Relaxed)
    }
}

impl Clone for NeighbourCounts {
    fn clone(&self) -> NeighbourCounts {
        NeighbourCounts {
            on: self
                .on
                .iter()
                .map(|c| AtomicU32::new(c.load(Ordering::Relaxed)))
                .collect(),
            arcs: self.arcs,
            exact: self.exact,
            traversal: self.traversal,
        }
    }
}

/// The residents whose `now` differs from `then`, within one chunk starting at `base`,
/// handed to `f` with their index (eight at a time skipped while equal).
#[inline]
pub(super) fn for_each_change(now: &[u8], then: &[u8], base: usize, mut f: impl FnMut(usize)) {
    let (mut j, len) = (0, now.len());
    while j < len {
        if j + 8 <= len {
            let a = u64::from_ne_bytes(now[j..j + 8].try_into().expect("8 bytes"));
            let b = u64::from_ne_bytes(then[j..j + 8].try_into().expect("8 bytes"));
            if a == b {
                j += 8;
                continue;
            }
        }
        let end = (j + 8).min(len);
        for k in j..end {
            if now[k] != then[k] {
                f(base + k);
            }
        }
        j = end;
    }
}

/// The ties of the residents who changed since the counts were made exact.
fn frontier_arcs(res: &Residents, offsets: &[u64]) -> usize {
    let split = min_split(res.active.len());
    res.active
        .par_chunks(CHUNK)
        .zip(res.active_next.par_chunks(CHUNK))
        .with_min_len(split)
        .enumerate()
        .map(|(chunk, (now, then))| {
            let mut arcs = 0usize;
            for_each_change(now, then, chunk * CHUNK, |i| {
                arcs += (offsets[i + 1] - offsets[i]) as usize;
            });
            arcs
        })
        .sum()
}

/// Each changed resident adds +1 (now taking part) or −1 to each neighbour's count; the
/// counts are then exact for `active`. The network is undirected, so a resident's
/// neighbours are exactly those who count it.
fn push_changes(res: &Residents, network: &SocialNetwork) {
    let split = min_split(res.active.len());
    let (offsets, arcs) = network.csr();
    let on = &res.neighbours_on.on;
    res.active
        .par_chunks(CHUNK)
        .zip(res.active_next.par_chunks(CHUNK))
        .with_min_len(split)
        .enumerate()
        .for_each(|(chunk, (now, then))| {
            for_each_change(now, then, chunk * CHUNK, |i| {
                // +1, or −1 as a wrapping add (exact: the sum of all adds is what counts).
                let delta = if res.active[i] == 1 { 1 } else { u32::MAX };
                for &v in &arcs[offsets[i] as usize..offsets[i + 1] as usize] {
                    on[v as usize].fetch_add(delta, Ordering::Relaxed);
                }
            });
        });
}

/// Bring the counts up to date for `active` by a push if the plan says so; returns
/// whether the pass must pull them instead.
fn update_counts(res: &mut Residents, network: &SocialNetwork, enabled: bool) -> bool {
    let counts = &mut res.neighbours_on;
    if !enabled {
        // Nobody reads the counts; the pass leaves them stale.
        counts.exact = false;
        return false;
    }
    let fresh = counts.exact
        && counts.on.len() == res.active.len()
        && counts.arcs.is_none_or(|a| a == network.arcs());
    if !fresh {
        if counts.on.len() != res.active.len() {
            *counts = NeighbourCounts {
                traversal: counts.traversal,
                ..NeighbourCounts::new(res.active.len())
            };
        }
        return true;
    }
    let push = match counts.traversal {
        Traversal::Pull => false,
        Traversal::Push => true,
        Traversal::Auto => frontier_arcs(res, network.csr().0) * PUSH_SHARE <= network.arcs(),
    };
    if push {
        push_changes(res, network);
    }
    !push
}

/// How each resident's efficacy moves with taking part, the same for every resident.
#[derive(Clone, Copy)]
struct EfficacyStep {
    gain: f64,
    decay: f64,
    floor: f32,
}

impl EfficacyStep {
    /// Raised toward 1 for a participant, lowered toward the floor otherwise (both
    /// formed, one chosen: who takes part is not predictable resident to resident).
    #[inline(always)]
    fn after(self, e: f32, takes_part: bool) -> f32 {
        let raised = raise(e, self.gain);
        let lowered = if e > self.floor {
            self.floor + lower(e - self.floor, self.decay)
        } else {
            e
        };
        if takes_part { raised } else { lowered }
    }
}

/// Apply the threshold rule to every resident; afterwards `active` holds this tick.
pub fn participate(res: &mut Residents, s: &Scenario, ctx: &Context) -> ParticipationCounts {
    let rule = Rule::new(s, ctx);
    let efficacy = EfficacyStep {
        gain: s.participation.efficacy_gain,
        decay: s.participation.efficacy_decay,
        floor: s.participation.efficacy_anchor as f32,
    };
    let pull = update_counts(res, ctx.network, rule.enabled);
    // Forced `Pull` keeps the general pass too: it is the whole path before issue 14,
    // for the benchmarks that compare against it.
    let lean = rule.enabled && rule.social_only && res.neighbours_on.traversal != Traversal::Pull;
    let partials = if lean {
        social_only_pass(res, ctx.network, rule.w_s, efficacy, pull)
    } else {
        full_pass(res, s, ctx, &rule, efficacy, pull)
    };
    // The counts are exact for the column just read, which the swap makes `active_next`.
    res.neighbours_on.exact = rule.enabled;
    res.neighbours_on.arcs = Some(ctx.network.arcs());
    std::mem::swap(&mut res.active, &mut res.active_next);
    partials
        .into_iter()
        .fold(ParticipationCounts::default(), ParticipationCounts::add)
}

/// The threshold rule with every term of the drive but the social one off: a resident
/// takes part if committed or `w_social·f ≥ θ`, offline. The same decisions, counts and
/// efficacy as [`full_pass`] makes in this case (there the channel is closed, nobody is
/// contacted and the other terms are zero), without reading what they would need.
fn social_only_pass(
    res: &mut Residents,
    network: &SocialNetwork,
    w_s: f32,
    efficacy: EfficacyStep,
    pull: bool,
) -> Vec<ParticipationCounts> {
    let split = min_split(res.active.len());
    let (offsets, arcs) = network.csr();
    let active = &res.active;
    (
        res.active_next.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.threshold.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
        res.neighbours_on.on.par_chunks_mut(CHUNK),
    )
        .into_par_iter()
        .with_min_len(split)
        .enumerate()
        .map(|(chunk, (next, eff, flags, theta, age, on))| {
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + next.len()];
            if pull {
                pull_counts(offs, arcs, active, on);
            }
            let mut counts = ParticipationCounts::default();
            for j in 0..next.len() {
                let fl = flags[j] & !ONLINE_PARTICIPANT;
                let degree = (offs[j + 1] - offs[j]) as usize;
                let f = neighbour_share(*on[j].get_mut(), degree);
                let takes_part = (fl & COMMITTED != 0) | (w_s * f >= theta[j]);
                next[j] = takes_part as u8;
                counts.count(age[j], takes_part);
                flags[j] = fl;
                eff[j] = efficacy.after(eff[j], takes_part);
            }
            counts
        })
        .collect()
}

/// The threshold rule with every term of the drive, the channel choice and outreach.
fn full_pass(
    res: &mut Residents,
    s: &Scenario,
    ctx: &Context,
    rule: &Rule,
    efficacy: EfficacyStep,
    pull: bool,
) -> Vec<ParticipationCounts> {
    let m = res.per_community;
    let boost = s.outreach.contact_boost as f32;
    let outreach = rule.enabled && ctx.contact.iter().any(|&p| p > 0.0);
    let split = min_split(res.active.len());
    let (offsets, arcs) = ctx.network.csr();
    let active = &res.active;
    (
        res.active_next.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.threshold.par_chunks(CHUNK),
        res.trust.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
        res.neighbours_on.on.par_chunks_mut(CHUNK),
    )
        .into_par_iter()
        .with_min_len(split)
        .enumerate()
        .map(|(chunk, (next, eff, flags, theta, trust, age, on))| {
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + next.len()];
            if pull {
                pull_counts(offs, arcs, active, on);
            }
            let mut counts = ParticipationCounts::default();
            for (c, run) in community_runs(base, next.len(), m) {
                let here = Here {
                    community: c,
                    share: ctx.community_share[c],
                    recruitment: ctx.recruitment[c],
                    contacted_recruitment: ctx.recruitment[c] + boost,
                    // Outreach draws only where it reaches anyone (as before: no draw
                    // where the chance is zero).
                    contact: (outreach && ctx.contact[c] > 0.0).then_some(ctx.contact[c]),
                };
                for j in run {
                    let fl = flags[j] & !ONLINE_PARTICIPANT;
                    let degree = (offs[j + 1] - offs[j]) as usize;
                    let f = neighbour_share(*on[j].get_mut(), degree);
                    // Outreach: a contacted resident's drive gets the boost this tick. The
                    // draw is made for the committed too and then ignored (no branch on
                    // who is committed; the draws are pure functions of their keys).
                    let reached = here.contact.is_some_and(|p| {
                        rng::uniform(ctx.outreach_family, ctx.tick as u64, (base + j) as u64, 0) < p
                    });
                    let contacted = reached & (fl & COMMITTED == 0);
                    counts.contacted += contacted as u64;
                    let recruitment = if contacted {
                        here.contacted_recruitment
                    } else {
                        here.recruitment
                    };
                    let me = Own {
                        theta: theta[j],
                        trust: trust[j],
                        efficacy: eff[j],
                        age: age[j],
                    };
                    let (takes_part, online) = rule.decide(fl, f, me, &here, recruitment);
                    next[j] = takes_part as u8;
                    counts.count(age[j], takes_part);
                    counts.online += online as u64;
                    flags[j] = fl | if online { ONLINE_PARTICIPANT } else { 0 };
                    eff[j] = efficacy.after(eff[j], takes_part);
                }
            }
            counts
        })
        .collect()
}

/// What the threshold rule reads of one community this tick.
struct Here {
    community: usize,
    /// The community's share of residents taking part last tick.
    share: f32,
    recruitment: f32,
    /// The recruitment of a resident the outreach contacted.
    contacted_recruitment: f32,
    /// The chance that outreach contacts a resident, where outreach draws at all.
    contact: Option<f64>,
}

/// The runs of a chunk's residents (the chunk starts at resident `base` and is `len`
/// long) that live in one community of `m` residents: the community, and the run as
/// indices within the chunk.
fn community_runs(
    base: usize,
    len: usize,
    m: usize,
) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> {
    let mut j = 0;
    std::iter::from_fn(move || {
        (j < len).then(|| {
            let c = (base + j) / m;
            let end = ((c + 1) * m - base).min(len);
            let run = (c, j..end);
            j = end;
            run
        })
    })
}

/// Every count of neighbours taking part in a chunk pulled afresh from `active` (the
/// chunk's tie lists start at `offs`).
fn pull_counts(offs: &[u64], arcs: &[u32], active: &[u8], on: &mut [AtomicU32]) {
    let mut counts = [0u32; CHUNK];
    let counts = &mut counts[..on.len()];
    sums_over_ties(offs, arcs, counts, 0, |v| active[v as usize] as u32);
    for (on_j, &n) in on.iter_mut().zip(counts.iter()) {
        *on_j.get_mut() = n;
    }
}

/// How many residents' tie lists [`sums_over_ties`] walks side by side.
const LANES: usize = 8;

/// Each resident's sum of `value` over their ties, for the residents whose tie lists
/// start at `offs[..out.len()]` (and end at the next offset), into `out`: the sum, from
/// `none`, in tie order, that `Iterator::fold` makes. `LANES` residents are summed in
/// lockstep, so that their chains of dependent additions and their scattered reads
/// overlap instead of waiting on each other; a resident with fewer ties adds `none`
/// (which must leave any sum as it is: 0, or −0.0 for floats) while the others finish.
/// So the sums are the same bits as one resident at a time.
#[inline(always)]
fn sums_over_ties<T: Copy + std::ops::Add<Output = T>>(
    offs: &[u64],
    arcs: &[u32],
    out: &mut [T],
    none: T,
    value: impl Fn(u32) -> T,
) {
    let whole = out.len() / LANES * LANES;
    for (g, sums) in out[..whole].chunks_exact_mut(LANES).enumerate() {
        let first = g * LANES;
        let from: [usize; LANES] = std::array::from_fn(|r| offs[first + r] as usize);
        let degree: [usize; LANES] =
            std::array::from_fn(|r| offs[first + r + 1] as usize - from[r]);
        let most = degree.iter().copied().max().unwrap_or(0);
        let mut acc = [none; LANES];
        for k in 0..most {
            for r in 0..LANES {
                // A finished resident reads the first tie (there is one, since `most > 0`)
                // and adds `none` instead.
                let live = k < degree[r];
                let v = value(arcs[if live { from[r] + k } else { 0 }]);
                acc[r] = acc[r] + if live { v } else { none };
            }
        }
        sums.copy_from_slice(&acc);
    }
    for (j, sum) in out.iter_mut().enumerate().skip(whole) {
        let ties = &arcs[offs[j] as usize..offs[j + 1] as usize];
        *sum = ties.iter().fold(none, |acc, &v| acc + value(v));
    }
}

/// Sums over residents at the end of a tick.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Attitudes {
    pub trust: f64,
    pub efficacy: f64,
    pub satisfaction: f64,
    pub online_access: u64,
    pub online_access_elderly: u64,
}

impl Attitudes {
    fn add(mut self, o: Attitudes) -> Self {
        self.trust += o.trust;
        self.efficacy += o.efficacy;
        self.satisfaction += o.satisfaction;
        self.online_access += o.online_access;
        self.online_access_elderly += o.online_access_elderly;
        self
    }
}

/// The end-of-tick pass: word of mouth pulls trust toward the neighbours' mean (read from
/// last values, written to `trust_next`), then trust recovers toward `trust.anchor`,
/// satisfaction recovers toward `satisfaction.anchor`, and residents
/// without internet access may gain it. `evolve` is false for the tick-0 summary.
pub fn settle(
    res: &mut Residents,
    network: &SocialNetwork,
    s: &Scenario,
    seed: u64,
    tick: u32,
    evolve: bool,
) -> Attitudes {
    let wom = s.trust.word_of_mouth as f32;
    let (trust_recovery, trust_anchor) = (s.trust.recovery as f32, s.trust.anchor as f32);
    let recovery = s.satisfaction.recovery as f32;
    let anchor = s.satisfaction.anchor as f32;
    let growth = s.online.access_growth;
    let inclusion = s.online.digital_inclusion;
    let access_family = rng::family(seed, Purpose::OnlineAccess);
    // Without word of mouth and recovery (or at tick 0) trust does not change: nothing is
    // written to the scratch column and the columns are not swapped.
    let pull = evolve && (wom > 0.0 || trust_recovery > 0.0);
    // The chance of gaining internet access by age group (`growth + 0.0` is `growth`);
    // no draws at all when every chance is zero.
    let chance_by_age = [growth + 0.0, growth + 0.0, growth + inclusion];
    let adoption = chance_by_age.iter().any(|&c| c > 0.0);
    let split = min_split(res.active.len());
    let (offsets, arcs) = network.csr();
    let trust = &res.trust;
    let partials: Vec<Attitudes> = (
        res.trust_next.par_chunks_mut(CHUNK),
        res.satisfaction.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
    )
        .into_par_iter()
        .with_min_len(split)
        .enumerate()
        .map(|(chunk, (next, sat, flags, eff, age))| {
            let mut a = Attitudes::default();
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + sat.len()];
            // The chunk's sums of trust over ties, only where word of mouth reads them.
            let mut sums = Vec::new();
            if evolve && pull && wom > 0.0 {
                sums.resize(sat.len(), 0.0f32);
                // −0.0, the start of `Iterator::sum` for floats, changes no sum.
                sums_over_ties(offs, arcs, &mut sums, -0.0, |v| trust[v as usize]);
            }
            for j in 0..sat.len() {
                let i = base + j;
                let mut t = trust[i];
                if evolve {
                    if pull {
                        let degree = offs[j + 1] - offs[j];
                        if wom > 0.0 && degree > 0 {
                            let mean = sums[j] / degree as f32;
                            t = (t + wom * (mean - t)).clamp(0.0, 1.0);
                        }
                        if trust_recovery > 0.0 {
                            t = (t + trust_recovery * (trust_anchor - t)).clamp(0.0, 1.0);
                        }
                        next[j] = t;
                    }
                    sat[j] = (sat[j] + recovery * (anchor - sat[j])).clamp(0.0, 1.0);
                    if adoption && flags[j] & ONLINE_ACCESS == 0 {
                        let chance = chance_by_age[age[j] as usize];
                        if chance > 0.0
                            && rng::uniform(access_family, tick as u64, i as u64, 0) < chance
                        {
                            flags[j] |= ONLINE_ACCESS;
                        }
                    }
                }
                a.trust += t as f64;
                a.efficacy += eff[j] as f64;
                a.satisfaction += sat[j] as f64;
                // Integer counts, branch-free (access is not predictable resident to resident).
                let online = flags[j] & ONLINE_ACCESS != 0;
                a.online_access += online as u64;
                a.online_access_elderly += (online & (age[j] == 2)) as u64;
            }
            a
        })
        .collect();
    if pull {
        std::mem::swap(&mut res.trust, &mut res.trust_next);
    }
    partials
        .into_iter()
        .fold(Attitudes::default(), Attitudes::add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tie lists of the given degrees over `n` residents (tie k of resident i goes to
    /// `(7i + 13k) mod n`).
    fn ties(degrees: &[usize], n: usize) -> (Vec<u64>, Vec<u32>) {
        let mut offs = vec![0u64];
        let mut arcs = Vec::new();
        for (i, &d) in degrees.iter().enumerate() {
            arcs.extend((0..d).map(|k| ((i * 7 + k * 13) % n) as u32));
            offs.push(arcs.len() as u64);
        }
        (offs, arcs)
    }

    proptest! {
        /// The lockstep sums are the one-resident-at-a-time sums bit for bit, for floats
        /// (whose additions do not commute in rounding) and for counts, whatever the
        /// degrees (none, unequal, a last group shorter than `LANES`).
        #[test]
        fn lockstep_sums_equal_one_resident_at_a_time(
            degrees in prop::collection::vec(0usize..20, 1..70),
            values in prop::collection::vec(prop_oneof![
                Just(0.0f32), Just(-0.0f32), 0.0f32..1.0, Just(1.0f32), Just(1e-30f32)
            ], 70),
        ) {
            let n = values.len();
            let (offs, arcs) = ties(&degrees, n);
            let mut sums = vec![f32::NAN; degrees.len()];
            sums_over_ties(&offs, &arcs, &mut sums, -0.0, |v| values[v as usize]);
            let mut counts = vec![u32::MAX; degrees.len()];
            let on = |v: u32| (values[v as usize] > 0.5) as u32;
            sums_over_ties(&offs, &arcs, &mut counts, 0, on);
            for i in 0..degrees.len() {
                let mine = &arcs[offs[i] as usize..offs[i + 1] as usize];
                let sum: f32 = mine.iter().map(|&v| values[v as usize]).sum();
                prop_assert_eq!(sums[i].to_bits(), sum.to_bits(), "resident {}", i);
                let count: u32 = mine.iter().map(|&v| on(v)).sum();
                prop_assert_eq!(counts[i], count, "resident {}", i);
            }
        }

        /// A chunk's community runs cover it in order, each within one community.
        #[test]
        fn community_runs_cover_the_chunk(
            base in 0usize..10_000,
            len in 1usize..5000,
            m in 1usize..4000,
        ) {
            let mut next = 0;
            for (c, run) in community_runs(base, len, m) {
                prop_assert_eq!(run.start, next);
                prop_assert!(run.end > run.start && run.end <= len);
                for j in [run.start, run.end - 1] {
                    prop_assert_eq!((base + j) / m, c);
                }
                next = run.end;
            }
            prop_assert_eq!(next, len);
        }
    }
}
